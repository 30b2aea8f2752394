package store_test

import (
	"context"
	"errors"
	"testing"

	"werkpad/demo"
	"werkpad/store"
)

// TestPlacementStartFactsFollowEveryWrite: the stored facts of each
// placement on its start date equal their definition after statements that
// no service makes — placements moved, added and deleted in bulk, their
// terms written, benefit periods, indications and residences changed,
// added and deleted around the start dates, birth dates changed — and the
// check finds a fact that is not in the records, and one that is missing.
func TestPlacementStartFactsFollowEveryWrite(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, db, testSealer(t), demo.Options{Scale: 1, Seed: 9}); err != nil {
			t.Fatal(err)
		}
		check := func(step string) {
			t.Helper()
			if err := db.CheckPlacementStartFacts(ctx); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
		}
		check("demo")
		var facts int
		if err := db.QueryRowForTest(ctx, `SELECT COUNT(*) FROM placement_start_facts`, &facts); err != nil || facts == 0 {
			t.Fatalf("demo: %d facts, %v; want some", facts, err)
		}
		unused := ` AND NOT EXISTS (SELECT 1 FROM exits x WHERE x.placement_id = placements.id)
			AND NOT EXISTS (SELECT 1 FROM proposals m WHERE m.placement_id = placements.id)`
		for _, s := range []struct{ step, sql string }{
			{"placements moved in time", `UPDATE placements SET start_date = '2024-02-15' WHERE id % 5 = 0 AND (end_date IS NULL OR end_date >= '2024-02-15')`},
			{"hours changed", `UPDATE placements SET contract_minutes_per_week = contract_minutes_per_week + 120 WHERE id % 3 = 0`},
			{"other columns changed", `UPDATE placements SET employer_name = employer_name || ' BV' WHERE id % 4 = 0`},
			{"terms added in bulk", `INSERT INTO placement_terms (placement_id, from_date, contract_minutes_per_week, wage_value_bp, wage_subsidy)
				SELECT id, start_date, 2400, 0, FALSE FROM placements WHERE id % 4 = 0`},
			{"terms changed", `UPDATE placement_terms SET contract_minutes_per_week = 600 WHERE id % 2 = 0`},
			{"terms deleted", `DELETE FROM placement_terms WHERE id % 3 = 0`},
			{"benefits ended", `UPDATE benefit_periods SET to_date = '2023-12-31' WHERE id % 6 = 0 AND from_date <= '2023-12-31' AND (to_date IS NULL OR to_date > '2023-12-31')`},
			{"benefits of another kind", `UPDATE benefit_periods SET kind = CASE WHEN kind = 'bijstand' THEN 'nug' ELSE 'bijstand' END WHERE id % 9 = 0 AND kind IN ('bijstand', 'nug')`},
			{"benefits deleted", `DELETE FROM benefit_periods WHERE id % 11 = 0`},
			{"benefits added on start dates", `INSERT INTO benefit_periods (candidate_id, municipality, kind, from_date, to_date)
				SELECT p.candidate_id, p.municipality, 'bijstand', p.start_date, p.start_date FROM placements p
				WHERE p.id % 2 = 0 AND NOT EXISTS (SELECT 1 FROM benefit_periods b WHERE b.candidate_id = p.candidate_id)`},
			{"indications added", `INSERT INTO indications (candidate_id, municipality, kind, from_date, to_date)
				SELECT candidate_id, municipality, 'statushouder', '2000-01-01', NULL FROM placements WHERE id % 7 = 0`},
			{"indications of another kind", `UPDATE indications SET kind = 'beschut' WHERE kind = 'statushouder' AND id % 2 = 0`},
			{"indications deleted", `DELETE FROM indications WHERE id % 5 = 0`},
			{"residences moved", `UPDATE candidate_history SET from_date = '2024-02-01' WHERE attribute = 'gemeente' AND id % 11 = 0 AND from_date < '2024-02-01' AND (to_date IS NULL OR to_date >= '2024-02-01')`},
			{"residences deleted", `DELETE FROM candidate_history WHERE attribute = 'gemeente' AND id % 13 = 0`},
			{"other history changed", `UPDATE candidate_history SET value = value WHERE attribute <> 'gemeente' AND id % 3 = 0`},
			{"birth dates changed", `UPDATE candidates SET birth_date = '1960-05-05' WHERE id % 8 = 0`},
			{"placements added in bulk", `INSERT INTO placements (candidate_id, municipality, employer_name, start_date, contract_minutes_per_week, contract_type, created_at, updated_at)
				SELECT candidate_id, municipality, employer_name, '2024-04-01', 1200, contract_type, created_at, updated_at FROM placements WHERE id % 10 = 0`},
			{"placements given to another candidate", `UPDATE placements SET candidate_id = (SELECT MIN(c.id) FROM candidates c) WHERE id % 17 = 0` + unused},
			{"placements deleted with their terms", `DELETE FROM placements WHERE id % 12 = 0` + unused},
		} {
			if err := db.ExecForTest(ctx, s.sql); err != nil {
				t.Fatalf("%s: %v", s.step, err)
			}
			check(s.step)
		}
		// A fact the records do not give is found, and so is one missing.
		if err := db.ExecForTest(ctx, `INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
			VALUES (1, 1, '2024-01-01', 'GM0268', 'bijstand', 1200, 300000, 0, 0)`); err != nil {
			t.Fatal(err)
		}
		if err := db.CheckPlacementStartFacts(ctx); !errors.Is(err, store.ErrPlacementStartFacts) {
			t.Errorf("an extra fact: %v, want ErrPlacementStartFacts", err)
		}
		if err := db.ExecForTest(ctx, `DELETE FROM placement_start_facts WHERE placement_id IN (SELECT MIN(placement_id) FROM placement_start_facts)`); err != nil {
			t.Fatal(err)
		}
		if err := db.CheckPlacementStartFacts(ctx); !errors.Is(err, store.ErrPlacementStartFacts) {
			t.Errorf("a missing fact: %v, want ErrPlacementStartFacts", err)
		}
		// Put right again, so that the check when the test ends passes.
		if err := db.ExecForTest(ctx, `DELETE FROM placement_start_facts`); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(ctx, `INSERT INTO placement_start_facts (placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder)
			SELECT placement_id, candidate_id, start_date, municipality, benefit_kind, contract_minutes, age_ymd, work_disability, status_holder FROM placement_start_facts_computed`); err != nil {
			t.Fatal(err)
		}
		check("rebuilt")
	})
}
