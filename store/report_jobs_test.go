package store_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/store"
)

func TestReportJobLifecycle(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		jobs := store.NewReportJobService(db)
		g := MustCreateUser(t, db, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		ctl := MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController)
		ctl2 := MustCreateUser(t, db, "ctl2@mgr.nl", werkpad.RoleController)
		p := werkpad.ReportJobParams{From: werkpad.Date{Y: 2024, M: 1, D: 1}, To: werkpad.Date{Y: 2024, M: 6, D: 30},
			Municipalities: []string{"GM0268"}, Format: werkpad.ReportCSV, Public: true}
		j, err := jobs.Create(asUser(g), p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jobs.Create(asUser(MustCreateUser(t, db, "k@werkbedrijf.nl", werkpad.RoleConsultant)), p); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("consultant created a job: %v", err)
		}
		got, err := jobs.Find(asUser(g), j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p, got.Params); diff != "" || got.Status != werkpad.ReportJobWaiting || !cmp.Equal(got.Scope, []string{"GM0268"}) {
			t.Errorf("found job: %s %s %v", diff, got.Status, got.Scope)
		}
		// Only its owner reads it; another controller does not.
		for _, u := range []*werkpad.User{ctl, ctl2} {
			if _, err := jobs.Find(asUser(u), j.ID); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
				t.Errorf("%s read another's job: %v", u.Email, err)
			}
		}
		if err := jobs.Progress(asUser(g), j.ID, 10, "x"); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("progress on an unclaimed job: %v", err)
		}
		if ok, err := jobs.Claim(asUser(g), j.ID); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if err := jobs.Progress(asUser(g), j.ID, 40, "Indicatoren berekend"); err != nil {
			t.Fatal(err)
		}
		if got, _ := jobs.Find(asUser(g), j.ID); got.Status != werkpad.ReportJobRunning || got.Progress != 40 || got.Message != "Indicatoren berekend" || got.LeaseUntil == nil {
			t.Errorf("running job: %+v", got)
		}
		if err := jobs.Finish(asUser(g), j.ID, []byte("a;b\n"), "text/csv", "r.csv"); err != nil {
			t.Fatal(err)
		}
		got, err = jobs.FindResult(asUser(g), j.ID)
		if err != nil || got.Status != werkpad.ReportJobDone || got.Progress != 100 || string(got.Result) != "a;b\n" || got.Filename != "r.csv" || got.LeaseUntil != nil {
			t.Fatalf("done job: %+v %v", got, err)
		}
		if got, _ := jobs.Find(asUser(g), j.ID); got.Result != nil {
			t.Error("Find read the result")
		}
		if ok, _ := jobs.Claim(asUser(g), j.ID); ok {
			t.Error("claimed a finished job")
		}
		// The scope is kept: when the user loses Nijmegen, the job is gone for him.
		g.Municipalities = []string{"GM1945"}
		if _, err := jobs.Find(asUser(g), j.ID); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("job outside the current scope: %v", err)
		}
		// A controller's job needs the whole region.
		cj, _ := jobs.Create(asUser(ctl), p)
		if got, err := jobs.Find(asUser(ctl), cj.ID); err != nil || got.Scope != nil {
			t.Errorf("controller job: %v %v", got, err)
		}
		if ok, _ := jobs.Claim(asUser(ctl), cj.ID); !ok {
			t.Fatal("claim controller job")
		}
		if err := jobs.Fail(asUser(ctl), cj.ID, "kapot"); err != nil {
			t.Fatal(err)
		}
		if got, _ := jobs.Find(asUser(ctl), cj.ID); got.Status != werkpad.ReportJobFailed || got.Message != "kapot" {
			t.Errorf("failed job: %+v", got)
		}
	})
}

// TestReportJobClaim: of concurrent claimers exactly one wins; a lease that
// ran out can be taken over, one that did not cannot.
func TestReportJobClaim(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		db.Now = c.Now
		jobs := store.NewReportJobService(db)
		ctl := MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController)
		ctx := asUser(ctl)
		j, err := jobs.Create(ctx, werkpad.ReportJobParams{Format: werkpad.ReportJSON})
		if err != nil {
			t.Fatal(err)
		}
		const n = 8
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			wins int
		)
		for range n {
			wg.Go(func() {
				ok, err := jobs.Claim(ctx, j.ID)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("%d of %d concurrent claims won, want 1", wins, n)
		}
		c.Advance(werkpad.ReportJobLease - time.Second)
		if ok, _ := jobs.Claim(ctx, j.ID); ok {
			t.Error("took over a lease that had not run out")
		}
		// Progress renews the lease...
		if err := jobs.Progress(ctx, j.ID, 50, ""); err != nil {
			t.Fatal(err)
		}
		c.Advance(2 * time.Second)
		if ok, _ := jobs.Claim(ctx, j.ID); ok {
			t.Error("took over a lease renewed by progress")
		}
		// ...and without it the lease runs out and another instance takes over.
		c.Advance(werkpad.ReportJobLease)
		if ok, err := jobs.Claim(ctx, j.ID); !ok || err != nil {
			t.Fatalf("expired lease not taken over: %v %v", ok, err)
		}
		if got, _ := jobs.Find(ctx, j.ID); got.Status != werkpad.ReportJobRunning || !got.LeaseUntil.Equal(c.t.Add(werkpad.ReportJobLease)) {
			t.Errorf("taken over: %+v", got)
		}
	})
}

// TestReportJobsMigrationOutOfOrder: a database migrated to 00010 before
// 00008 existed still gets report_jobs.
func TestReportJobsMigrationOutOfOrder(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		for _, q := range []string{`DROP TABLE report_jobs`, `DELETE FROM goose_db_version WHERE version_id = 8`} {
			if _, err := db.SQL().Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Migrate(adminCtx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().Exec(`SELECT COUNT(*) FROM report_jobs`); err != nil {
			t.Errorf("report_jobs after migrating out of order: %v", err)
		}
		if v, err := db.MigrationVersion(adminCtx); err != nil || v < 10 {
			t.Errorf("version %d, %v", v, err)
		}
	})
}
