package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/demo"
	"werkpad/dvo"
	"werkpad/store"
)

// TestSelectionEqualsRegionSlice: the figures and the SW chapter of a
// selection of one municipality, read for that municipality only, equal
// that municipality's figures in the whole region, in both years, also for
// a candidate who moved during the period.
func TestSelectionEqualsRegionSlice(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		sealer := testSealer(t)
		if _, err := demo.Generate(context.Background(), db, sealer, demo.Options{Scale: 1, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		fixedClock(db, "2024-12-31")
		ctrl := MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController)
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		var mover int64
		must(t, db.SQL().QueryRow(`SELECT MIN(p.candidate_id) FROM placements p WHERE p.municipality = 'GM0944'
			AND p.start_date >= '2024-01-01' AND p.start_date <= '2024-06-30'`).Scan(&mover))
		nijmegen := "GM0268"
		if _, err := store.NewCandidateService(db, sealer).UpdateCandidate(asUser(cons), mover, werkpad.CandidateUpdate{MunicipalityCode: &nijmegen}); err != nil {
			t.Fatal(err)
		}
		ind, sw, lks := store.NewIndicatorService(db), store.NewSWService(db), store.NewLKSService(db)
		for _, per := range []werkpad.Period{h1of2024, h1of2024.PreviousYear()} {
			all, err := ind.Indicators(asUser(ctrl), per, nil)
			must(t, err)
			chapter, err := sw.SWChapter(asUser(ctrl), per)
			must(t, err)
			lksChapter, err := lks.LKSChapter(asUser(ctrl), per)
			must(t, err)
			lksCounted := false
			for i, m := range all.Municipalities {
				one, err := ind.Indicators(asUser(ctrl), per, []string{m.Code})
				must(t, err)
				if d := cmp.Diff(all.Municipalities[i:i+1], one.Municipalities); d != "" {
					t.Errorf("%s %s indicators (-region +selection):\n%s", per, m.Code, d)
				}
				ch, err := sw.SWChapterIn(asUser(ctrl), per, []string{m.Code})
				must(t, err)
				var want []werkpad.SWMunicipalityFigures
				for _, f := range chapter.Municipalities {
					if f.Code == m.Code {
						want = append(want, f)
					}
				}
				if d := cmp.Diff(want, ch.Municipalities); d != "" {
					t.Errorf("%s %s SW chapter (-region +selection):\n%s", per, m.Code, d)
				}
				lch, err := lks.LKSChapterIn(asUser(ctrl), per, []string{m.Code})
				must(t, err)
				var wantLKS []werkpad.LKSFigures
				for _, f := range lksChapter.Municipalities {
					if f.Code == m.Code {
						wantLKS = append(wantLKS, f)
						lksCounted = lksCounted || f != werkpad.LKSFigures{Code: f.Code, Name: f.Name}
					}
				}
				if d := cmp.Diff(wantLKS, lch.Municipalities); d != "" {
					t.Errorf("%s %s LKS chapter (-region +selection):\n%s", per, m.Code, d)
				}
			}
			if !lksCounted {
				t.Errorf("%s: the LKS chapter counts nobody: the comparison proves nothing", per)
			}
		}
	})
}

// TestComputeReport: ReportSources.Compute gives what the parts give one by
// one, including the local-choices chapter that follows the indicators,
// for the region and for a selection (demo region, H1 2025).
func TestComputeReport(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Generate(context.Background(), db, testSealer(t), demo.Options{Scale: 1, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		ctx := asUser(MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController))
		a, err := dvo.Load()
		must(t, err)
		must(t, store.NewAgreementService(db).LoadAgreement(ctx, a, false))
		h1of2025 := period("2025-01-01", "2025-06-30")
		ind, src := store.NewIndicatorService(db), store.NewReportSources(db)
		for _, codes := range [][]string{nil, {"GM0944"}} {
			var steps []int
			req, err := src.Compute(ctx, ind, h1of2025, codes, func(pct int, _ string) error { steps = append(steps, pct); return nil })
			must(t, err)
			cur, err := ind.Indicators(ctx, h1of2025, codes)
			must(t, err)
			prev, err := ind.Indicators(ctx, h1of2025.PreviousYear(), codes)
			must(t, err)
			if d := cmp.Diff(cur, req.Current); d != "" {
				t.Errorf("%v: current (-alone +Compute):\n%s", codes, d)
			}
			if d := cmp.Diff(prev, req.Previous); d != "" {
				t.Errorf("%v: previous (-alone +Compute):\n%s", codes, d)
			}
			// Local choices: every municipality of the indicators, in their
			// order, except West Maas en Waal, which takes part for the SW
			// only and has no card (dvo-2024-2025.yaml).
			var got, want []string
			for _, r := range req.LocalChoices {
				got = append(got, r.Municipality)
			}
			for _, m := range cur.Municipalities {
				if m.Code != "GM0668" {
					want = append(want, m.Code)
				}
			}
			if req.SW == nil || req.LKS == nil || req.LocalChoicesYear != 2025 || !slices.Equal(got, want) {
				t.Errorf("%v: SW %v, LKS %v, local choices of %v for %v (year %d)", codes, req.SW != nil, req.LKS != nil, got, want, req.LocalChoicesYear)
			}
			if len(steps) != 4 || steps[0] != 5 || steps[3] != 80 {
				t.Errorf("%v: progress %v, want 5 and then one step per part up to 80", codes, steps)
			}
		}
	})
}
