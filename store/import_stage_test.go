package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"werkpad"
	"werkpad/csvimport"
	"werkpad/store"
)

// TestCandidateImportStaged proves the staged import: Check finds every
// bad record without writing, staged rows are invisible until Commit,
// Commit makes all of them visible with their dated lists, searchable by
// BSN, with one audit event in an intact chain; a BSN stored by someone
// else after Check makes the whole commit fail and leaves nothing.
func TestCandidateImportStaged(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		sealer := testSealer(t)
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		existing := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN = testBSNs[0] })
		ctx := asUser(cons)
		bsns := csvimport.NewBSNSeries(30_000_000)

		ci, err := store.NewCandidateImport(ctx, db, sealer)
		must(t, err)
		defer ci.Close()
		bad, err := ci.Check(ctx, []*werkpad.Candidate{
			importCandidate(bsns.Next(), "GM0268"),
			importCandidate(testBSNs[0], "GM0268"), // already in the database
			importCandidate(bsns.Next(), "GM9999"), // unknown municipality
		})
		must(t, err)
		if idx := map[int]bool{}; len(bad) == 2 {
			for _, b := range bad {
				idx[b.Index] = true
			}
			if !idx[1] || !idx[2] {
				t.Errorf("bad records %v, want 1 and 2", bad)
			}
		} else {
			t.Errorf("bad records %v, want 1 and 2", bad)
		}

		// 2.500 good candidates in batches: invisible while staged.
		const n = 2500
		phasesBefore := countRows(t, db, "phase_periods")
		var first string
		for b := 0; b < n; b += store.ImportBatchSize {
			var cs []*werkpad.Candidate
			for i := b; i < min(n, b+store.ImportBatchSize); i++ {
				c := importCandidate(bsns.Next(), []string{"GM0268", "GM1945"}[i%2])
				c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitKind("bijstand"), Period: period("2023-06-01", "")}}
				if i == 0 {
					first = c.BSN
				}
				cs = append(cs, c)
			}
			bad, err := ci.Check(ctx, cs)
			must(t, err)
			if len(bad) != 0 {
				t.Fatalf("good batch refused: %v", bad)
			}
			must(t, ci.Stage(ctx, cs))
			if got := countRows(t, db, "candidates"); got != 1 {
				t.Fatalf("staged rows are visible: %d candidates", got)
			}
		}
		res, err := ci.Commit(ctx, "test.csv (sha256 0)")
		must(t, err)
		if res.Count != n || res.LastID-res.FirstID != n-1 || res.FirstID <= existing.ID {
			t.Errorf("result %+v", res)
		}
		if c, p, b := countRows(t, db, "candidates"), countRows(t, db, "phase_periods"), countRows(t, db, "benefit_periods"); c != n+1 || p != n+phasesBefore || b != n {
			t.Errorf("after commit: %d candidates, %d phases, %d benefits", c, p, b)
		}
		svc := store.NewCandidateService(db, sealer)
		found, err := svc.SearchCandidateByBSN(ctx, first)
		must(t, err)
		full, err := svc.FindCandidateByID(ctx, found.ID)
		must(t, err)
		if full.ID != res.FirstID || full.BSN != first || len(full.Phases) != 1 || len(full.Benefits) != 1 || full.Surname != "Import" ||
			full.CreatedAt.IsZero() {
			t.Errorf("first imported candidate: %+v", full)
		}
		events, _, err := store.NewAuditService(db).FindAuditEvents(adminCtx, werkpad.AuditFilter{Entity: "kandidaat",
			EntityID: itoa(res.FirstID) + "-" + itoa(res.LastID)})
		must(t, err)
		if len(events) != 1 || events[0].Action != "importeren" || events[0].ActorEmail != cons.Email {
			t.Errorf("audit of the import: %+v", events)
		}
		broken, checked, err := store.NewAuditService(db).VerifyAudit(adminCtx)
		must(t, err)
		if broken != nil || checked < 2 {
			t.Errorf("audit chain: broken %v after %d", broken, checked)
		}
		// A candidate created through the service after the import gets
		// the next id (PostgreSQL's identity sequence was used).
		after := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN = testBSNs[1] })
		if after.ID <= res.LastID {
			t.Errorf("candidate after the import got id %d, import ended at %d", after.ID, res.LastID)
		}

		// Someone stores one of the BSNs between check and commit: nothing.
		ci2, err := store.NewCandidateImport(ctx, db, sealer)
		must(t, err)
		defer ci2.Close()
		racer := bsns.Next()
		cs := []*werkpad.Candidate{importCandidate(bsns.Next(), "GM0268"), importCandidate(racer, "GM0268")}
		bad, err = ci2.Check(ctx, cs)
		must(t, err)
		if len(bad) != 0 {
			t.Fatalf("refused: %v", bad)
		}
		must(t, ci2.Stage(ctx, cs))
		MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN = racer })
		before := countRows(t, db, "candidates")
		if _, err := ci2.Commit(ctx, "race"); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("commit after a concurrent create: %v", err)
		}
		if got := countRows(t, db, "candidates"); got != before {
			t.Errorf("a failed commit left %d candidates, want %d", got, before)
		}
		must(t, ci2.Close())
		if db.Dialect == store.SQLite {
			if m, _ := filepath.Glob(db.URL + ".import-*"); len(m) != 0 {
				t.Errorf("staging files left: %v", m)
			}
		}
	})
}

// TestCleanImportStaging removes the staging file of a dead import and
// keeps that of a live one.
func TestCleanImportStaging(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	dead := db + ".import-999999999-abc"
	live := db + ".import-1-abc" // pid 1 is alive
	for _, f := range []string{dead, live} {
		must(t, os.WriteFile(f, []byte("x"), 0o600))
	}
	store.CleanImportStaging(db)
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Error("staging file of a dead import kept")
	}
	if _, err := os.Stat(live); err != nil {
		t.Error("staging file of a live import removed")
	}
}
