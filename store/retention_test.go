package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"werkpad"
	"werkpad/demo"
	"werkpad/store"
)

// TestRetention: on the demo region, a dry run lists the candidates and
// referrals whose term has passed and changes nothing; the run anonymises
// exactly those (name, BSN, free texts gone, audited), leaves the reports
// of closed periods byte-identical and the key check working, and the
// daily job runs once a day however often it is called. Both databases.
func TestRetention(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		sealer := testSealer(t)
		if _, err := demo.Generate(context.Background(), db, sealer, demo.Options{Scale: 1, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		today := werkpad.Today(time.Now())
		fixedClock(db, today.String())
		ctrl := MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController)
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		periods := []werkpad.Period{period("2023-07-01", "2023-12-31"), h1of2024, period("2024-07-01", "2024-12-31"), period("2025-01-01", "2025-06-30")}
		var before [][]byte
		for _, p := range periods {
			before = append(before, closedReport(t, db, ctrl, p))
		}
		svc := store.NewRetentionService(db)
		op := werkpad.OperatorContext(context.Background())
		policy := werkpad.RetentionPolicy{CandidateYears: 1, ReferralYears: 1}

		if _, err := svc.RunRetention(asUser(ctrl), policy, true); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("a controller runs retention: %v", err)
		}
		if _, err := svc.RunRetention(op, werkpad.RetentionPolicy{}, true); werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("a policy of 0 years: %v", err)
		}
		dry, err := svc.RunRetention(op, policy, true)
		must(t, err)
		expired := countRows(t, db, `candidates WHERE deregistered_on IS NOT NULL AND deregistered_on <= '`+today.AddYears(-1).String()+`'`)
		candidates := 0
		var first int64
		for _, it := range dry.Items {
			if it.Kind == "kandidaat" {
				candidates++
				if first == 0 {
					first = it.ID
				}
			}
			if it.ExpiredOn.After(today) {
				t.Errorf("%s %d expires on %s, after today", it.Kind, it.ID, it.ExpiredOn)
			}
		}
		if candidates == 0 || candidates != expired {
			t.Fatalf("dry run lists %d candidates, %d were deregistered over a year ago", candidates, expired)
		}
		if n := countRows(t, db, `candidates WHERE bsn_encrypted = ''`); n != 0 || dry.Anonymised != 0 {
			t.Fatalf("the dry run anonymised %d candidates", n)
		}
		bsnBefore, err := store.NewCandidateService(db, sealer).FindCandidateByID(asUser(cons), first)
		must(t, err)

		newName := "Hersteld"
		if _, err := store.NewCandidateService(db, sealer).UpdateCandidate(asUser(cons), first, werkpad.CandidateUpdate{GivenName: &newName}); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, `candidate_corrections`); n == 0 {
			t.Fatal("the correction was not recorded")
		}
		run, err := svc.RunRetention(op, policy, false)
		must(t, err)
		t.Logf("%d items, %d of them candidates", len(run.Items), candidates)
		if run.Anonymised != len(dry.Items) || len(run.Items) != len(dry.Items) {
			t.Fatalf("run anonymised %d of %d", run.Anonymised, len(dry.Items))
		}
		for i, p := range periods {
			if got := closedReport(t, db, ctrl, p); !bytes.Equal(before[i], got) {
				t.Errorf("retention changed the report of %s", p)
			}
		}
		c, err := store.NewCandidateService(db, sealer).FindCandidateByID(asUser(cons), first)
		must(t, err)
		if c.BSN != "" || c.GivenName != "" || c.Surname != werkpad.AnonymisedSurname || c.BirthDate != bsnBefore.BirthDate {
			t.Errorf("anonymised candidate: %+v", c)
		}
		if _, err := store.NewCandidateService(db, sealer).SearchCandidateByBSN(asUser(cons), bsnBefore.BSN); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("the erased BSN still finds the candidate: %v", err)
		}
		if n := countRows(t, db, `audit_events WHERE action = 'anonimiseren'`); n != run.Anonymised {
			t.Errorf("%d anonymisations audited, want %d", n, run.Anonymised)
		}
		if n := countRows(t, db, `candidates c WHERE c.bsn_encrypted = '' AND (c.deregistered_on IS NULL OR c.deregistered_on > '`+today.AddYears(-1).String()+`')`); n != 0 {
			t.Errorf("%d candidates anonymised before their term", n)
		}
		for _, q := range []string{`signals s JOIN candidates c ON c.id = s.candidate_id WHERE c.bsn_encrypted = '' AND (s.behaviour <> '' OR s.advice <> '')`,
			`referrals r JOIN candidates c ON c.id = r.candidate_id WHERE c.bsn_encrypted = '' AND (r.given_name <> '' OR r.bsn_encrypted <> '' OR r.reason <> '')`} {
			if n := countRows(t, db, q); n != 0 {
				t.Errorf("%d rows keep person data: %s", n, q)
			}
		}
		if n := countRows(t, db, `candidate_corrections k JOIN candidates c ON c.id = k.candidate_id WHERE c.bsn_encrypted = ''`); n != 0 {
			t.Errorf("%d corrections of anonymised candidates kept", n)
		}
		if err := db.CheckKey(context.Background(), sealer); err != nil {
			t.Errorf("key check after retention: %v", err)
		}
		again, err := svc.RunRetention(op, policy, true)
		must(t, err)
		if len(again.Items) != 0 {
			t.Errorf("a second run still finds %d items", len(again.Items))
		}

		// The daily job: once a day.
		r1, err := svc.RunDailyRetention(op, policy)
		must(t, err)
		r2, err := svc.RunDailyRetention(op, policy)
		must(t, err)
		if r1 == nil || r2 != nil {
			t.Errorf("daily job: first call %v, second call %v; want a run, then none", r1, r2)
		}
		fixedClock(db, today.AddDays(1).String())
		if r3, err := svc.RunDailyRetention(op, policy); err != nil || r3 == nil {
			t.Errorf("daily job the next day: %v %v", r3, err)
		}
	})
}
