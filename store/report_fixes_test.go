package store_test

import (
	"fmt"
	"testing"

	"werkpad"
	"werkpad/store"
)

// TestReportFixDrift: fix H1 2024, then register a placement late, correct
// a candidate's municipality and move another after the period: the drift
// shows exactly the changed figures with the records responsible, on both
// databases; the fixed figures stay as they were.
func TestReportFixDrift(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newIndicatorFixture(t, db) // today 2024-12-31
		ctrl := MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController)
		gem := MustCreateUser(t, db, "k@druten.nl", werkpad.RoleMunicipality, "GM0225")
		svc := store.NewIndicatorService(db)
		mk := func(code string) *werkpad.Candidate {
			return f.candidate(func(c *werkpad.Candidate) { c.MunicipalityCode, c.Benefits = code, bijstand("2023-01-01", "") })
		}
		a, b, c := mk("GM0268"), mk("GM0225"), mk("GM0252")
		f.placement(a, "2024-02-01", "", 20*60, nil)
		pb := f.placement(b, "2024-03-01", "", 20*60, nil)
		f.placement(c, "2024-04-01", "", 20*60, nil)

		if _, err := svc.FixReport(asUser(gem), h1of2024, ""); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente fixes: %v, want forbidden", err)
		}
		fix, err := svc.FixReport(asUser(ctrl), h1of2024, "Tussenrapportage 2024")
		must(t, err)
		drift, err := svc.ReportDrift(asUser(ctrl), h1of2024)
		must(t, err)
		if len(drift.Figures) != 0 || drift.CurrentFingerprint != fix.Fingerprint {
			t.Fatalf("drift right after fixing: %+v", drift.Figures)
		}

		late := f.placement(a, "2024-04-15", "2024-05-31", 16*60, nil) // registered late
		cands := store.NewCandidateService(db, testSealer(t))
		beuningen, nijmegen := "GM0209", "GM0268"
		_, err = cands.UpdateCandidate(f.ctx, b.ID, werkpad.CandidateUpdate{MunicipalityCode: &beuningen, Correction: true})
		must(t, err)
		_, err = cands.UpdateCandidate(f.ctx, c.ID, werkpad.CandidateUpdate{MunicipalityCode: &nijmegen, Per: werkpad.MustParseDate("2024-10-01")})
		must(t, err)

		drift, err = svc.ReportDrift(asUser(ctrl), h1of2024)
		must(t, err)
		var got []string
		for _, d := range drift.Figures {
			s := fmt.Sprintf("%s %s %d→%d (%+d)", d.Key, d.Municipality, d.Fixed, d.Current, d.Delta)
			for _, r := range d.Added {
				s += fmt.Sprintf(" +%s %d kandidaat %d", r.Record, r.RecordID, r.CandidateID)
			}
			for _, r := range d.Removed {
				s += fmt.Sprintf(" -%s %d kandidaat %d", r.Record, r.RecordID, r.CandidateID)
			}
			got = append(got, s)
		}
		want := []string{
			fmt.Sprintf("placements_upto28 GM0209 0→1 (+1) +plaatsing %d kandidaat %d", pb.ID, b.ID),
			fmt.Sprintf("placements_upto28 GM0225 1→0 (-1) -plaatsing %d kandidaat %d", pb.ID, b.ID),
			fmt.Sprintf("placements_upto28 GM0268 1→2 (+1) +plaatsing %d kandidaat %d", late.ID, a.ID),
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("drift:\n got %q\nwant %q", got, want)
		}
		if drift.CurrentFingerprint == fix.Fingerprint {
			t.Error("the fingerprint did not change")
		}
		// The fixed figures are those of the day of fixing.
		stored, err := svc.ReportFix(asUser(ctrl), h1of2024)
		must(t, err)
		for _, m := range stored.Figures.Municipalities {
			if m.Code == "GM0268" && m.Values[werkpad.IndPlacementsUpTo28] != 1 {
				t.Errorf("fixed Nijmegen figure %d, want 1", m.Values[werkpad.IndPlacementsUpTo28])
			}
		}
		// Druten's user sees Druten's drift only; b lives in Beuningen now.
		drift, err = svc.ReportDrift(asUser(gem), h1of2024)
		must(t, err)
		if len(drift.Figures) != 1 || drift.Figures[0].Municipality != "GM0225" || drift.Figures[0].Removed[0].CandidateID != 0 {
			t.Errorf("gemeente drift: %+v", drift.Figures)
		}
		if list, err := svc.ReportFixes(asUser(gem)); err != nil || len(list) != 1 || len(list[0].Figures.Municipalities) != 1 {
			t.Errorf("gemeente list: %v %+v", err, list)
		}
		if _, err := svc.ReportDrift(asUser(ctrl), h1of2023); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("drift of a period not fixed: %v", err)
		}
	})
}
