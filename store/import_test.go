package store_test

import (
	"errors"
	"testing"

	"werkpad"
	"werkpad/store"
)

func importCandidate(bsn, municipality string) *werkpad.Candidate {
	return &werkpad.Candidate{BSN: bsn, GivenName: "Jan", Surname: "Import", BirthDate: werkpad.MustParseDate("1990-05-17"),
		MunicipalityCode: municipality, ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-15"),
		Phases: []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: period("2024-01-15", "")}}}
}

// rowErrorIndexes returns the indexes of the records err refuses.
func rowErrorIndexes(t *testing.T, err error) []int {
	t.Helper()
	var rows store.RowErrors
	if !errors.As(err, &rows) {
		t.Fatalf("want RowErrors, got %v", err)
	}
	var out []int
	for _, r := range rows {
		out = append(out, r.Index)
	}
	return out
}

// TestImport proves that an import stores all records in one transaction or
// none, reports every bad record, and stores nothing in a dry run.
func TestImport(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		sealer := testSealer(t)
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		existing := MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) { c.BSN = testBSNs[0] })
		ctx := asUser(cons)

		// Every bad record is reported; nothing is stored, even with apply.
		batch := []*werkpad.Candidate{
			importCandidate(testBSNs[1], "GM0268"),
			importCandidate(testBSNs[0], "GM0268"), // already in the database
			importCandidate(testBSNs[2], "GM9999"), // unknown municipality
			importCandidate(testBSNs[1], "GM1945"), // twice in the batch
		}
		err := store.ImportCandidates(ctx, db, sealer, batch, true)
		if got := rowErrorIndexes(t, err); len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 3 {
			t.Errorf("bad records %v, want [1 2 3]: %v", got, err)
		}
		if n := countRows(t, db, "candidates"); n != 1 {
			t.Errorf("%d candidates after a refused import, want 1", n)
		}

		// A role that may not write casework imports nothing.
		gem := MustCreateUser(t, db, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		if err := store.ImportCandidates(asUser(gem), db, sealer, batch[:1], true); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente import: %v", err)
		}

		// A dry run of a good batch stores nothing; apply stores all.
		good := []*werkpad.Candidate{importCandidate(testBSNs[1], "GM0268"), importCandidate(testBSNs[2], "GM1945")}
		must(t, store.ImportCandidates(ctx, db, sealer, good, false))
		if n := countRows(t, db, "candidates"); n != 1 {
			t.Errorf("dry run stored: %d candidates", n)
		}
		must(t, store.ImportCandidates(ctx, db, sealer, good, true))
		if n, phases := countRows(t, db, "candidates"), countRows(t, db, "phase_periods"); n != 3 || phases != 2 {
			t.Errorf("after import: %d candidates, %d phases; want 3, 2", n, phases)
		}
		if auditCount(t, db, "aanmaken", "kandidaat", good[1].ID) != 1 {
			t.Errorf("import not audited")
		}

		// Placements and exits find their candidate by BSN, the exit its
		// placement by start date.
		pl := func(bsn string) store.PlacementRow {
			return store.PlacementRow{BSN: bsn, Placement: &werkpad.Placement{EmployerName: "Bakker", Period: period("2024-06-01", ""),
				ContractMinutesPerWeek: 1800, ContractType: werkpad.ContractFixedTerm}}
		}
		err = store.ImportPlacements(ctx, db, sealer, []store.PlacementRow{pl(existing.BSN), pl(testBSNs[3])}, true)
		if got := rowErrorIndexes(t, err); len(got) != 1 || got[0] != 1 {
			t.Errorf("placement of an unknown BSN: %v", err)
		}
		if n := countRows(t, db, "placements"); n != 0 {
			t.Errorf("refused placement import stored %d", n)
		}
		must(t, store.ImportPlacements(ctx, db, sealer, []store.PlacementRow{pl(existing.BSN), pl(testBSNs[1])}, true))
		exit := func(bsn, from string) store.ExitRow {
			r := store.ExitRow{BSN: bsn, Exit: &werkpad.Exit{Date: werkpad.MustParseDate("2024-06-30"), Reason: werkpad.ExitWork}}
			if from != "" {
				r.PlacementFrom = werkpad.MustParseDate(from)
			}
			return r
		}
		err = store.ImportExits(ctx, db, sealer, []store.ExitRow{exit(existing.BSN, "2024-06-01"), exit(testBSNs[1], "2024-05-01"), exit(testBSNs[2], "")}, true)
		if got := rowErrorIndexes(t, err); len(got) != 2 || got[0] != 1 || got[1] != 2 {
			t.Errorf("exits: %v", err)
		}
		must(t, store.ImportExits(ctx, db, sealer, []store.ExitRow{exit(existing.BSN, "2024-06-01"), exit(testBSNs[1], "2024-06-01")}, true))
		if n := countRows(t, db, "exits"); n != 2 {
			t.Errorf("%d exits, want 2", n)
		}

		// A scope limits what may be imported.
		consN := MustCreateUser(t, db, "n@werkbedrijf.nl", werkpad.RoleConsultant, "GM0268")
		err = store.ImportCandidates(asUser(consN), db, sealer, []*werkpad.Candidate{importCandidate(testBSNs[4], "GM1945")}, true)
		if got := rowErrorIndexes(t, err); len(got) != 1 {
			t.Errorf("out of scope: %v", err)
		}
	})
}
