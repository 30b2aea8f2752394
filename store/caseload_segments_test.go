package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/demo"
	"werkpad/store"
)

// TestCaseloadSegmentsFollowEveryWrite: the stored caseload segments equal
// their definition after statements that no service makes — bulk inserts,
// updates of many rows, deletes of phases and residences, a changed
// registration, a deleted candidate — and the check finds a segment that
// is not in the records.
func TestCaseloadSegmentsFollowEveryWrite(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, db, testSealer(t), demo.Options{Scale: 1, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		check := func(step string) {
			t.Helper()
			if err := db.CheckCaseloadSegments(ctx); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
		}
		check("demo")
		for _, s := range []struct{ step, sql string }{
			{"phases ended early", `UPDATE phase_periods SET to_date = '2024-03-31' WHERE id % 7 = 0 AND from_date < '2024-03-01' AND (to_date IS NULL OR to_date > '2024-03-31')`},
			{"residences moved", `UPDATE candidate_history SET from_date = '2023-11-15' WHERE attribute = 'gemeente' AND id % 11 = 0 AND from_date < '2023-11-15' AND (to_date IS NULL OR to_date >= '2023-11-15')`},
			{"registrations ended", `UPDATE candidates SET deregistered_on = '2024-05-31' WHERE id % 13 = 0 AND deregistered_on IS NULL AND registered_on < '2024-05-31'`},
			{"registrations reopened", `UPDATE candidates SET deregistered_on = NULL WHERE id % 17 = 0`},
			{"phases added in bulk", `INSERT INTO phase_periods (candidate_id, municipality, phase, from_date, to_date)
				SELECT candidate_id, municipality, 'ontwikkelen', '2025-01-01', NULL FROM phase_periods WHERE id % 19 = 0 AND to_date IS NOT NULL AND to_date < '2025-01-01'`},
			{"residences added in bulk", `INSERT INTO candidate_history (candidate_id, attribute, value, from_date, to_date, recorded_at)
				SELECT candidate_id, 'gemeente', 'GM0944', '2026-01-01', NULL, recorded_at FROM candidate_history WHERE attribute = 'gemeente' AND id % 23 = 0 AND to_date IS NOT NULL`},
			{"phases deleted", `DELETE FROM phase_periods WHERE id % 29 = 0`},
			{"residences deleted", `DELETE FROM candidate_history WHERE attribute = 'gemeente' AND id % 31 = 0`},
			{"other history changed", `UPDATE candidate_history SET value = value WHERE attribute <> 'gemeente' AND id % 3 = 0`},
			{"candidates deleted", `DELETE FROM candidates WHERE id IN (SELECT p.candidate_id FROM phase_periods p WHERE p.id % 37 = 0)
				AND id NOT IN (SELECT candidate_id FROM placements) AND id NOT IN (SELECT candidate_id FROM enrolments) AND id NOT IN (SELECT candidate_id FROM exits)`},
		} {
			if err := db.ExecForTest(ctx, s.sql); err != nil {
				t.Fatalf("%s: %v", s.step, err)
			}
			check(s.step)
		}
		// A segment the records do not give is found, and so is one missing.
		if err := db.ExecForTest(ctx, `INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
			VALUES (1, 1, 1, 'bemiddelen', 'GM0268', '2024-01-01', NULL)`); err != nil {
			t.Fatal(err)
		}
		if err := db.CheckCaseloadSegments(ctx); !errors.Is(err, store.ErrCaseloadSegments) {
			t.Errorf("an extra segment: %v, want ErrCaseloadSegments", err)
		}
		if err := db.ExecForTest(ctx, `DELETE FROM caseload_segments WHERE phase_id IN (SELECT MIN(phase_id) FROM caseload_segments)`); err != nil {
			t.Fatal(err)
		}
		if err := db.CheckCaseloadSegments(ctx); !errors.Is(err, store.ErrCaseloadSegments) {
			t.Errorf("a missing segment: %v, want ErrCaseloadSegments", err)
		}
		// Put right again, so that the check when the test ends passes.
		if err := db.ExecForTest(ctx, `DELETE FROM caseload_segments`); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(ctx, `INSERT INTO caseload_segments (candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date)
			SELECT candidate_id, phase_id, residence_id, phase, municipality, from_date, to_date FROM caseload_segments_computed`); err != nil {
			t.Fatal(err)
		}
		check("rebuilt")
	})
}

// TestSWDaySegmentsFollowEveryWrite: the stored Wsw day segments equal
// their definition after statements that no service makes — periods
// added, extended, overlapping and deleted in bulk, employees ended, moved
// to another municipality and deleted — and the overview of a day read
// from them still equals what the domain computes from the records; the
// check finds a segment that is not in the records. (No two periods of
// one kind start on the same day: the services refuse that, and the
// domain then takes either.)
func TestSWDaySegmentsFollowEveryWrite(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, db, testSealer(t), demo.Options{Scale: 1, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		ctrl := asUser(MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController))
		sw := store.NewSWService(db)
		check := func(step string) {
			t.Helper()
			if err := db.CheckSWDaySegments(ctx); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			for _, day := range []string{"2023-06-30", "2024-03-31", "2024-06-30", "2025-01-01"} {
				d := date(day)
				recs, err := sw.SWRecords(ctrl, werkpad.Period{From: d, To: d})
				if err != nil {
					t.Fatal(err)
				}
				groups, err := sw.SWDayFigures(ctrl, d)
				if err != nil {
					t.Fatal(err)
				}
				got, want := map[string]int64{}, map[string]int64{}
				for _, g := range groups {
					got[g.Municipality+" "+string(g.Row)] += g.Headcount
					got[g.Municipality+" SE"] += g.SEThousandths
				}
				for code, tot := range werkpad.SWTotalsOn(recs, d) {
					want[code+" SE"] = tot.SEThousandths
					for row, n := range werkpad.LocationCounts(recs, code, d) {
						want[code+" "+string(row)] = n
					}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s, %s: overview -records +segments:\n%s", step, day, diff)
				}
			}
		}
		check("demo")
		for _, s := range []struct{ step, sql string }{
			{"werkvorm periods ended", `UPDATE sw_werkvorm_periods SET to_date = '2024-03-31' WHERE id % 5 = 0 AND from_date < '2024-03-01' AND to_date IS NULL`},
			{"werkvorm periods added", `INSERT INTO sw_werkvorm_periods (sw_employee_id, municipality, werkvorm, from_date, to_date)
				SELECT sw_employee_id, municipality, 'begeleid_werken', '2024-04-02', NULL FROM sw_werkvorm_periods WHERE id % 5 = 0 AND to_date = '2024-03-31'`},
			{"overlapping SE periods", `INSERT INTO sw_se_periods (sw_employee_id, municipality, se_thousandths, from_date, to_date)
				SELECT sw_employee_id, municipality, 333, '2024-02-15', '2024-05-15' FROM sw_se_periods WHERE id % 7 = 0`},
			{"status periods added", `INSERT INTO sw_status_periods (sw_employee_id, municipality, status, from_date, to_date)
				SELECT id, municipality, 'niet_beschikbaar', '2024-01-10', '2024-06-30' FROM sw_employees WHERE id % 9 = 0`},
			{"status periods opened", `UPDATE sw_status_periods SET to_date = NULL WHERE id % 4 = 0`},
			{"services ended", `UPDATE sw_employees SET end_date = '2024-06-29' WHERE id % 11 = 0 AND end_date IS NULL AND start_date < '2024-06-29'`},
			{"employees moved", `UPDATE sw_employees SET municipality = 'GM0944' WHERE id % 13 = 0`},
			{"other columns changed", `UPDATE sw_employees SET location = 'elders' WHERE id % 3 = 0`},
			{"SE periods deleted", `DELETE FROM sw_se_periods WHERE id % 6 = 0`},
			{"status periods deleted", `DELETE FROM sw_status_periods WHERE id % 8 = 0`},
			{"employees deleted", `DELETE FROM sw_employees WHERE id % 17 = 0 AND id NOT IN (SELECT sw_employee_id FROM sw_sick_leave)`},
		} {
			if err := db.ExecForTest(ctx, s.sql); err != nil {
				t.Fatalf("%s: %v", s.step, err)
			}
			check(s.step)
		}
		if err := db.ExecForTest(ctx, `INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
			VALUES (1, 'GM0268', '2024-01-01', NULL, 'beschut_binnen', 1000)`); err != nil {
			t.Fatal(err)
		}
		if err := db.CheckSWDaySegments(ctx); !errors.Is(err, store.ErrSWDaySegments) {
			t.Errorf("an extra segment: %v, want ErrSWDaySegments", err)
		}
		if err := db.ExecForTest(ctx, `DELETE FROM sw_day_segments`); err != nil {
			t.Fatal(err)
		}
		if err := db.CheckSWDaySegments(ctx); !errors.Is(err, store.ErrSWDaySegments) {
			t.Errorf("no segments: %v, want ErrSWDaySegments", err)
		}
		if err := db.ExecForTest(ctx, `INSERT INTO sw_day_segments (sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths)
			SELECT sw_employee_id, municipality, from_date, to_date, row_of_day, se_thousandths FROM sw_day_segments_computed`); err != nil {
			t.Fatal(err)
		}
		check("rebuilt")
	})
}
