package store_test

import (
	"context"
	"testing"

	"werkpad"
	"werkpad/demo"
	"werkpad/store"
)

// TestDrillDownEqualsFigures: on the demo region at scale 1, the rows of
// every indicator's drill-down make up its figure, per municipality and
// for the region; a municipality user's drill-down holds only records
// counted for his municipality and never names a person who lives
// elsewhere now (one Nijmegen candidate moves to Beuningen first).
func TestDrillDownEqualsFigures(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		sealer := testSealer(t)
		if _, err := demo.Generate(context.Background(), db, sealer, demo.Options{Scale: 1, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		fixedClock(db, "2024-12-31")
		ctrl := MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController)
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		gem := MustCreateUser(t, db, "k@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		svc := store.NewIndicatorService(db)

		// A Nijmegen candidate with a placement in the period moves away.
		var mover int64
		if err := db.SQL().QueryRow(`SELECT MIN(p.candidate_id) FROM placements p WHERE p.municipality = 'GM0268'
			AND p.start_date >= '2024-01-01' AND p.start_date <= '2024-06-30'`).Scan(&mover); err != nil {
			t.Fatal(err)
		}
		beuningen := "GM0209"
		if _, err := store.NewCandidateService(db, sealer).UpdateCandidate(asUser(cons), mover, werkpad.CandidateUpdate{MunicipalityCode: &beuningen}); err != nil {
			t.Fatal(err)
		}

		set, err := svc.Indicators(asUser(ctrl), h1of2024, nil)
		must(t, err)
		region := set.RegionTotals()
		nonZero := 0
		for _, k := range werkpad.IndicatorKeys {
			dd, err := svc.DrillDown(asUser(ctrl), h1of2024, "", k)
			must(t, err)
			if dd.Figure != region[k] {
				t.Errorf("%s: region figure %d, its %d rows make %d", k, region[k], len(dd.Rows), dd.Figure)
			}
			byCode := map[string][]werkpad.IndicatorRow{}
			for _, r := range dd.Rows {
				byCode[r.Municipality] = append(byCode[r.Municipality], r)
			}
			for _, m := range set.Municipalities {
				if got := werkpad.FigureOf(k, byCode[m.Code]); got != m.Values[k] {
					t.Errorf("%s %s: figure %d, rows make %d", k, m.Code, m.Values[k], got)
				}
			}
			if region[k] != 0 {
				nonZero++
			}
		}
		if nonZero < 20 {
			t.Errorf("only %d keys are non-zero on the demo region", nonZero)
		}

		// The municipality user: his own municipality only; a person who
		// lives elsewhere now is counted but not named.
		own, err := svc.Indicators(asUser(gem), h1of2024, nil)
		must(t, err)
		anonymised := 0
		for _, k := range werkpad.IndicatorKeys {
			dd, err := svc.DrillDown(asUser(gem), h1of2024, "", k)
			must(t, err)
			if dd.Figure != own.Municipalities[0].Values[k] {
				t.Errorf("gemeente %s: figure %d, rows make %d", k, own.Municipalities[0].Values[k], dd.Figure)
			}
			for _, r := range dd.Rows {
				if r.Municipality != "GM0268" {
					t.Fatalf("gemeente drill-down %s holds a row of %s", k, r.Municipality)
				}
				if r.CandidateID == mover {
					t.Fatalf("gemeente drill-down %s names candidate %d, who lives in Beuningen now", k, mover)
				}
				if r.CandidateID != 0 {
					if now := rawString(t, db, `SELECT municipality FROM candidates WHERE id = ?`, r.CandidateID); now != "GM0268" {
						t.Fatalf("gemeente drill-down %s names candidate %d of %s", k, r.CandidateID, now)
					}
				}
			}
			anonymised += dd.Anonymised
		}
		if anonymised == 0 {
			t.Error("the candidate who moved away is not in Nijmegen's drill-downs")
		}
		if _, err := svc.DrillDown(asUser(gem), h1of2024, "GM0209", werkpad.IndPlacementsUpTo28); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("gemeente drill-down of Beuningen: %v, want not found", err)
		}
		if n := countRows(t, db, `audit_events WHERE action = 'inzien-cijfer'`); n != 2*len(werkpad.IndicatorKeys) {
			t.Errorf("%d drill-downs audited, want %d", n, 2*len(werkpad.IndicatorKeys))
		}
	})
}
