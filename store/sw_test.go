package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/demo"
	"werkpad/store"
)

func date(s string) werkpad.Date { return werkpad.MustParseDate(s) }

func TestSWAdministration(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		ctrl := asUser(MustCreateUser(t, db, "ctrl@mgr.nl", werkpad.RoleController))
		cons := asUser(MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant))
		beuningen := asUser(MustCreateUser(t, db, "k@beuningen.nl", werkpad.RoleMunicipality, "GM0209"))
		sw := store.NewSWService(db)

		mk := func(code string, se int, w werkpad.Werkvorm, from, to string) *werkpad.SWEmployee {
			t.Helper()
			e := &werkpad.SWEmployee{MunicipalityCode: code, SEThousandths: se, Werkvorm: w, Period: period(from, to), Location: "Boekweitweg"}
			if err := sw.CreateSWEmployee(ctrl, e); err != nil {
				t.Fatal(err)
			}
			return e
		}
		a := mk("GM0268", 1000, werkpad.WerkvormGroupSecondment, "2001-03-01", "")
		b := mk("GM0268", 1280, werkpad.WerkvormIndividualSecondment, "2005-01-01", "")
		c := mk("GM0209", 800, werkpad.WerkvormShelteredInside, "2010-01-01", "")
		mk("GM0268", 1000, werkpad.WerkvormSupportedEmployment, "2003-01-01", "2023-12-31") // left before the period

		// Changes are the controller's; a consulent and a gemeente read only.
		if err := sw.CreateSWEmployee(cons, &werkpad.SWEmployee{MunicipalityCode: "GM0268", SEThousandths: 1000, Werkvorm: werkpad.WerkvormGroupSecondment, Period: period("2001-01-01", "")}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("consulent creates: %v, want forbidden", err)
		}
		if err := sw.ChangeWerkvorm(beuningen, c.ID, werkpad.WerkvormGroupSecondment, date("2024-04-01")); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente changes: %v, want forbidden", err)
		}
		if _, err := sw.FindSWEmployee(cons, a.ID); err != nil {
			t.Errorf("consulent reads: %v", err)
		}
		if _, err := sw.FindSWEmployee(beuningen, a.ID); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("Beuningen reads Nijmegen: %v, want not found", err)
		}
		if _, err := sw.FindSWEmployee(beuningen, c.ID); err != nil {
			t.Errorf("Beuningen reads Beuningen: %v", err)
		}
		if err := sw.CreateSWEmployee(ctrl, &werkpad.SWEmployee{MunicipalityCode: "GM9999", SEThousandths: 1000, Werkvorm: werkpad.WerkvormGroupSecondment, Period: period("2001-01-01", "")}); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("unknown municipality: %v, want not found", err)
		}

		// b moves to groepsdetachering on 1 April; a is unavailable from June.
		if err := sw.ChangeWerkvorm(ctrl, b.ID, werkpad.WerkvormGroupSecondment, date("2024-04-01")); err != nil {
			t.Fatal(err)
		}
		if err := sw.ChangeWerkvorm(ctrl, b.ID, werkpad.WerkvormShelteredInside, date("2024-03-01")); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
			t.Errorf("change before the last change: %v, want conflict", err)
		}
		if err := sw.SetSWStatus(ctrl, a.ID, werkpad.SWStatusPeriod{Status: werkpad.SWStatusUnavailable, Period: period("2024-06-01", "")}); err != nil {
			t.Fatal(err)
		}
		if err := sw.AddSickLeave(ctrl, &werkpad.SWSickLeave{SWEmployeeID: a.ID, Percent: 100, Period: period("2024-05-01", "2024-06-30")}); err != nil {
			t.Fatal(err)
		}
		if err := sw.AddSickLeave(beuningen, &werkpad.SWSickLeave{SWEmployeeID: c.ID, Percent: 100, Period: period("2024-05-01", "")}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("gemeente adds sick leave: %v, want forbidden", err)
		}
		// The SE changes as of 1 June: the H1 chapter counts 0,9 at its end
		// (a change dated after the period would leave it at 0,8).
		c.EmployerName, c.SEThousandths, c.SEFrom = "Kwekerij", 900, date("2024-06-01")
		if err := sw.UpdateSWEmployee(ctrl, c); err != nil {
			t.Fatal(err)
		}
		if err := sw.AddShelteredIndication(ctrl, &werkpad.ShelteredIndication{MunicipalityCode: "GM0209", IndicatedOn: date("2024-02-14")}); err != nil {
			t.Fatal(err)
		}
		if err := sw.AddShelteredEmployment(ctrl, &werkpad.ShelteredEmployment{MunicipalityCode: "GM0268", Period: period("2024-03-01", "")}); err != nil {
			t.Fatal(err)
		}
		if err := sw.AddShelteredEmployment(ctrl, &werkpad.ShelteredEmployment{MunicipalityCode: "GM0268", Period: period("2022-03-01", "")}); err != nil {
			t.Fatal(err)
		}
		if err := sw.SetAddedValueRate(ctrl, werkpad.SWAddedValueRate{Year: 2024, CentsPerHour: 3000, BudgetCentsPerFTE: 890600}); err != nil {
			t.Fatal(err)
		}
		for m := time.January; m <= time.July; m++ {
			if err := sw.DeclareAddedValue(ctrl, werkpad.SWAddedValueMonth{Year: 2024, Month: m, DeclaredHours: 10_000_000, FTEThousandths: 800_000}); err != nil {
				t.Fatal(err)
			}
		}
		for _, x := range []struct {
			action string
			id     int64
			want   int
		}{{"aanmaken", a.ID, 1}, {"werkvorm wijzigen", b.ID, 1}, {"status vastleggen", a.ID, 1}, {"verzuim vastleggen", a.ID, 1}, {"wijzigen", c.ID, 1}} {
			if n := auditCount(t, db, x.action, "sw_medewerker", x.id); n != x.want {
				t.Errorf("audit %s %d: %d rows, want %d", x.action, x.id, n, x.want)
			}
		}

		got, err := sw.FindSWEmployee(ctrl, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff([]werkpad.SWWerkvormPeriod{
			{Werkvorm: werkpad.WerkvormIndividualSecondment, Period: period("2005-01-01", "2024-03-31")},
			{Werkvorm: werkpad.WerkvormGroupSecondment, Period: period("2024-04-01", "")},
		}, got.Werkvormen); d != "" {
			t.Errorf("werkvorm history (-want +got):\n%s", d)
		}

		h1 := period("2024-01-01", "2024-06-30")
		ch, err := sw.SWChapter(ctrl, h1)
		if err != nil {
			t.Fatal(err)
		}
		fig := map[string]werkpad.SWMunicipalityFigures{}
		for _, m := range ch.Municipalities {
			fig[m.Code] = m
		}
		nm := fig["GM0268"]
		if nm.AtEnd != (werkpad.SWTotals{Headcount: 2, SEThousandths: 2280}) || nm.YearBefore != (werkpad.SWTotals{Headcount: 3, SEThousandths: 3280}) {
			t.Errorf("Nijmegen totals: at end %+v, a year before %+v", nm.AtEnd, nm.YearBefore)
		}
		if len(nm.Locations) != 2 {
			t.Fatalf("quarters: %d", len(nm.Locations))
		}
		if d := cmp.Diff(map[werkpad.LocationRow]int64{"groepsdetachering": 1, "individuele_detachering": 1}, nm.Locations[0].Counts); d != "" {
			t.Errorf("Q1 (-want +got):\n%s", d)
		}
		if d := cmp.Diff(map[werkpad.LocationRow]int64{"groepsdetachering": 1, "niet_beschikbaar": 1}, nm.Locations[1].Counts); d != "" {
			t.Errorf("Q2 (-want +got):\n%s", d)
		}
		// a: 61 sick days of 182 in groepsdetachering (1,000 SE); b: 91 days
		// in groepsdetachering, 1,280 SE, not sick: 61 / (182 + 91 × 1,28) = 20,44%.
		if g := nm.SickLeave[werkpad.WerkvormGroupSecondment]; g != 204 {
			t.Errorf("sick leave groepsdetachering = %s, want 20,4%%", g)
		}
		if nm.ShelteredEmploymentsStart != 1 || nm.ShelteredEmploymentsAtEnd != 2 || fig["GM0209"].ShelteredNewIndications != 1 {
			t.Errorf("beschut: %+v / %+v", nm, fig["GM0209"])
		}
		if ch.Region.AtEnd.Headcount != 3 || ch.AddedValue == nil || ch.AddedValue.Months != 6 || ch.AddedValue.ForecastCentsPerFTE != 4_500_000 {
			t.Errorf("region %+v, added value %+v", ch.Region.AtEnd, ch.AddedValue)
		}

		// Beuningen sees itself only, and the region is its own sum.
		bch, err := sw.SWChapter(beuningen, h1)
		if err != nil {
			t.Fatal(err)
		}
		if len(bch.Municipalities) != 1 || bch.Municipalities[0].Code != "GM0209" || bch.Region.AtEnd != (werkpad.SWTotals{Headcount: 1, SEThousandths: 900}) {
			t.Errorf("Beuningen's chapter: %+v region %+v", bch.Municipalities, bch.Region.AtEnd)
		}
		recs, err := sw.SWRecords(beuningen, h1)
		if err != nil || len(recs) != 1 || recs[0].EmployerName != "Kwekerij" {
			t.Errorf("Beuningen's records: %v %+v", err, recs)
		}
	})
}

func TestLKSService(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		consU := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		cons := asUser(consU)
		ctrl := asUser(MustCreateUser(t, db, "ctrl@mgr.nl", werkpad.RoleController))
		beuningen := asUser(MustCreateUser(t, db, "k@beuningen.nl", werkpad.RoleMunicipality, "GM0209"))
		ps := store.NewPlacementService(db)
		place := func(bsn int, code, kind, from, to string, minutes, bp int, reassess string) *werkpad.Placement {
			t.Helper()
			c := MustCreateCandidate(t, db, consU, func(c *werkpad.Candidate) {
				c.BSN, c.MunicipalityCode = testBSNs[bsn], code
				c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitKind(kind), Period: period("2024-01-01", "")}}
				if kind == "nug-then-bijstand" { // NUG when the subsidy starts, bijstand from April
					c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitNone, Period: period("2024-01-01", "2024-03-31")},
						{Kind: werkpad.BenefitBijstand, Period: period("2024-04-01", "")}}
				}
			})
			p := &werkpad.Placement{CandidateID: c.ID, EmployerName: "Bakkerij", Period: period(from, to), ContractMinutesPerWeek: minutes,
				ContractType: werkpad.ContractFixedTerm, WageSubsidy: true, WageValueBasisPoints: bp, ReassessOn: date(reassess)}
			if err := ps.CreatePlacement(cons, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		p1 := place(0, "GM0268", "nug", "2024-06-15", "", 2160, 5000, "2024-09-01")
		p2 := place(1, "GM0268", "bijstand", "2024-01-01", "2024-07-15", 1440, 2000, "2024-08-01")
		p3 := place(2, "GM0209", "bijstand", "2024-02-01", "", 1800, 6000, "2024-08-15")

		run, err := store.NewLKSService(db).LKSRunningOn(ctrl, date("2024-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		if len(run) != 3 || run[0].MonthCents != 142322 || !run[0].NUG || run[1].NUG {
			t.Errorf("running: %+v", run)
		}
		due, err := store.NewLKSService(db).LKSReassessmentsDue(cons, date("2024-08-01"), date("2024-08-31"))
		if err != nil {
			t.Fatal(err)
		}
		// p2 ends before its re-assessment: not due.
		if d := cmp.Diff([]werkpad.LKSReassessment{{PlacementID: p3.ID, CandidateID: p3.CandidateID, CandidateName: candidateName(t, db, p3.CandidateID), MunicipalityCode: "GM0209", EmployerName: "Bakkerij", DueOn: date("2024-08-15")}}, due); d != "" {
			t.Errorf("due (-want +got):\n%s", d)
		}
		due, err = store.NewLKSService(db).LKSReassessmentsDue(beuningen, date("2024-01-01"), date("2024-12-31"))
		if err != nil || len(due) != 1 || due[0].PlacementID != p3.ID {
			t.Errorf("Beuningen's re-assessments: %v %+v", err, due)
		}

		// NUG at intake counts the income situation on the subsidy's start
		// day, not on the last day of the period.
		p4 := place(3, "GM0268", "nug-then-bijstand", "2024-03-01", "", 1800, 5000, "2025-03-01")
		set, err := store.NewIndicatorService(db).Indicators(ctrl, period("2024-01-01", "2024-12-31"), []string{"GM0268"})
		if err != nil {
			t.Fatal(err)
		}
		if got := set.Municipalities[0].Values[werkpad.IndLKSNUGAtIntake]; got != 2 {
			t.Errorf("lks_nug_at_intake = %d, want 2 (p1 and p4, NUG on their start day)", got)
		}

		year := period("2024-01-01", "2024-12-31")
		ch, err := store.NewLKSService(db).LKSChapter(ctrl, year)
		if err != nil {
			t.Fatal(err)
		}
		var want int64
		for _, p := range []*werkpad.Placement{p1, p2, p3, p4} {
			a, err := werkpad.LKSAmountForPeriod(p, year)
			if err != nil {
				t.Fatal(err)
			}
			want += a
		}
		if ch.Region.PeriodCents != want || ch.Region.Running != 3 || ch.Region.NUG != 2 {
			t.Errorf("region: %+v, want %d cents", ch.Region, want)
		}
		bch, err := store.NewLKSService(db).LKSChapter(beuningen, year)
		if err != nil {
			t.Fatal(err)
		}
		if len(bch.Municipalities) != 1 || bch.Region.Running != 1 || bch.Region.AvgWageValueBP != 6000 || bch.Region.AvgHoursHundredths != 3000 {
			t.Errorf("Beuningen: %+v", bch)
		}
	})
}

// TestSWSEIsDated: a changed SE takes effect on its day. The SW chapter of
// a past period (SE at the end, a year before, sick leave weighted by SE)
// stays byte-identical; the later period counts the new SE; a day before
// the latest SE is refused, and its first day corrects it.
func TestSWSEIsDated(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-10-15")
		ctrl := asUser(MustCreateUser(t, db, "ctrl@mgr.nl", werkpad.RoleController))
		sw := store.NewSWService(db)
		e := &werkpad.SWEmployee{MunicipalityCode: "GM0268", SEThousandths: 1000, Werkvorm: werkpad.WerkvormGroupSecondment, Period: period("2020-01-01", "")}
		if err := sw.CreateSWEmployee(ctrl, e); err != nil {
			t.Fatal(err)
		}
		other := &werkpad.SWEmployee{MunicipalityCode: "GM0268", SEThousandths: 1000, Werkvorm: werkpad.WerkvormGroupSecondment, Period: period("2020-01-01", "")}
		if err := sw.CreateSWEmployee(ctrl, other); err != nil {
			t.Fatal(err)
		}
		if err := sw.AddSickLeave(ctrl, &werkpad.SWSickLeave{SWEmployeeID: e.ID, Period: period("2024-03-01", "2024-03-31"), Percent: 100}); err != nil {
			t.Fatal(err)
		}
		h1 := werkpad.Period{From: date("2024-01-01"), To: date("2024-06-30")}
		chapter := func(p werkpad.Period) string {
			t.Helper()
			ch, err := sw.SWChapter(ctrl, p)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(ch)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		before := chapter(h1)

		upd := e
		upd.SEThousandths, upd.SEFrom = 500, date("2024-09-01")
		if err := sw.UpdateSWEmployee(ctrl, upd); err != nil {
			t.Fatal(err)
		}
		if after := chapter(h1); after != before {
			t.Errorf("H1 2024 changed by an SE change on 01-09-2024:\nbefore %s\nafter  %s", before, after)
		}
		totals := func(d string) int64 {
			recs, err := sw.SWRecords(ctrl, werkpad.Period{From: date(d), To: date(d)})
			if err != nil {
				t.Fatal(err)
			}
			return werkpad.SWTotalsOn(recs, date(d))["GM0268"].SEThousandths
		}
		if got := totals("2024-08-31"); got != 2000 {
			t.Errorf("SE on 31-08-2024 %d, want 2000", got)
		}
		if got := totals("2024-09-01"); got != 1500 {
			t.Errorf("SE on 01-09-2024 %d, want 1500", got)
		}

		// Before the latest SE: refused, nothing changed.
		upd.SEThousandths, upd.SEFrom = 700, date("2024-08-01")
		if err := sw.UpdateSWEmployee(ctrl, upd); werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("SE change before the latest SE: %v, want invalid", err)
		}
		// On the latest SE's first day: a correction of that SE.
		upd.SEThousandths, upd.SEFrom = 600, date("2024-09-01")
		if err := sw.UpdateSWEmployee(ctrl, upd); err != nil {
			t.Fatal(err)
		}
		got, err := sw.FindSWEmployee(ctrl, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []werkpad.SWSEPeriod{{SEThousandths: 1000, Period: period("2020-01-01", "2024-08-31")}, {SEThousandths: 600, Period: period("2024-09-01", "")}}
		if diff := cmp.Diff(want, got.SEPeriods); diff != "" || got.SEThousandths != 600 {
			t.Errorf("SE periods (-want +got):\n%s (latest %d)", diff, got.SEThousandths)
		}
		if after := chapter(h1); after != before {
			t.Error("H1 2024 changed by a correction of a later SE")
		}
		// Without a day the change takes effect today.
		upd.SEThousandths, upd.SEFrom = 900, werkpad.Date{}
		if err := sw.UpdateSWEmployee(ctrl, upd); err != nil {
			t.Fatal(err)
		}
		if got := totals("2024-10-15"); got != 1900 {
			t.Errorf("SE on 15-10-2024 %d, want 1900", got)
		}
		if got := totals("2024-10-14"); got != 1600 {
			t.Errorf("SE on 14-10-2024 %d, want 1600", got)
		}
	})
}

// TestPlacementTermsAreDated: a re-assessed loonwaarde or changed hours
// take effect on their day. The LKS chapter and the LKS and placement
// indicators of a past period stay byte-identical; the later period counts
// the new terms; a month with a change is paid pro rata per stretch; a day
// before the latest terms is refused, and its first day corrects them.
func TestPlacementTermsAreDated(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-10-15")
		consU := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		cons := asUser(consU)
		ctrl := asUser(MustCreateUser(t, db, "ctrl@mgr.nl", werkpad.RoleController))
		ps := store.NewPlacementService(db)
		lks := store.NewLKSService(db)
		ind := store.NewIndicatorService(db)
		c := MustCreateCandidate(t, db, consU, func(c *werkpad.Candidate) {
			c.BSN, c.MunicipalityCode = testBSNs[0], "GM0268"
			c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: period("2024-01-01", "")}}
		})
		p := &werkpad.Placement{CandidateID: c.ID, EmployerName: "Bakkerij", Period: period("2024-02-01", ""), ContractMinutesPerWeek: 1440,
			ContractType: werkpad.ContractFixedTerm, WageSubsidy: true, WageValueBasisPoints: 5000, ReassessOn: date("2025-02-01")}
		if err := ps.CreatePlacement(cons, p); err != nil {
			t.Fatal(err)
		}
		h1 := werkpad.Period{From: date("2024-01-01"), To: date("2024-06-30")}
		figures := func(per werkpad.Period) string {
			t.Helper()
			ch, err := lks.LKSChapter(ctrl, per)
			if err != nil {
				t.Fatal(err)
			}
			set, err := ind.Indicators(ctrl, per, nil)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal([]any{ch, set})
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		before := figures(h1)
		change := func(minutes, bp int, from *werkpad.Date) error {
			_, err := ps.UpdatePlacement(cons, p.ID, werkpad.PlacementUpdate{ContractMinutesPerWeek: &minutes, WageValueBasisPoints: &bp, TermsFrom: from})
			return err
		}
		sep := date("2024-09-16")
		if err := change(2160, 7000, &sep); err != nil {
			t.Fatal(err)
		}
		if after := figures(h1); after != before {
			t.Errorf("H1 2024 changed by new terms on 16-09-2024:\nbefore %s\nafter  %s", before, after)
		}
		run := func(d string) (int, int) {
			t.Helper()
			r, err := lks.LKSRunningOn(ctrl, date(d))
			if err != nil || len(r) != 1 {
				t.Fatalf("running on %s: %v %+v", d, err, r)
			}
			return r[0].ContractMinutesPerWeek, r[0].WageValueBasisPoints
		}
		if m, bp := run("2024-09-15"); m != 1440 || bp != 5000 {
			t.Errorf("terms on 15-09-2024: %d min, %d bp; want the old ones", m, bp)
		}
		if m, bp := run("2024-09-16"); m != 2160 || bp != 7000 {
			t.Errorf("terms on 16-09-2024: %d min, %d bp; want the new ones", m, bp)
		}
		// September is paid pro rata: 15 days old terms, 15 days new.
		sept := werkpad.Period{From: date("2024-09-01"), To: date("2024-09-30")}
		chSept, err := lks.LKSChapter(ctrl, sept)
		if err != nil {
			t.Fatal(err)
		}
		old, err := werkpad.WageSubsidyForMonth(2024, time.September, 1440, 5000)
		if err != nil {
			t.Fatal(err)
		}
		nw, err := werkpad.WageSubsidyForMonth(2024, time.September, 2160, 7000)
		if err != nil {
			t.Fatal(err)
		}
		if want := (2*old*15+30)/60 + (2*nw*15+30)/60; chSept.Region.PeriodCents != want {
			t.Errorf("September: %d cents, want %d (15 days at each terms)", chSept.Region.PeriodCents, want)
		}

		// Before the latest terms: refused; on their first day: corrected.
		aug := date("2024-08-01")
		if err := change(1800, 6000, &aug); werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("terms before the latest: %v, want invalid", err)
		}
		if err := change(2160, 7500, &sep); err != nil {
			t.Fatal(err)
		}
		if m, bp := run("2024-09-16"); m != 2160 || bp != 7500 {
			t.Errorf("corrected terms on 16-09-2024: %d min, %d bp", m, bp)
		}
		if after := figures(h1); after != before {
			t.Error("H1 2024 changed by a correction of later terms")
		}
		// Without a day the change takes effect today.
		if err := change(1200, 7500, nil); err != nil {
			t.Fatal(err)
		}
		if m, _ := run("2024-10-14"); m != 2160 {
			t.Errorf("terms on 14-10-2024: %d min, want 2160", m)
		}
		if m, _ := run("2024-10-15"); m != 1200 {
			t.Errorf("terms on 15-10-2024: %d min, want 1200", m)
		}
		if after := figures(h1); after != before {
			t.Error("H1 2024 changed by new terms today")
		}
	})
}

// candidateName is the full name of candidate id as stored.
func candidateName(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var c werkpad.Candidate
	if err := db.SQL().QueryRow(`SELECT given_name, COALESCE(infix, ''), surname FROM candidates WHERE id = `+strconv.FormatInt(id, 10)).Scan(&c.GivenName, &c.Infix, &c.Surname); err != nil {
		t.Fatal(err)
	}
	return c.FullName()
}

// TestSWDayFiguresMatchRecords: the overview's counts by the database are
// those the domain computes from every record with its history
// (SWTotalsOn, LocationCounts), on several days of the demo region, for
// the region and for a gemeente user; the page of employees is the
// records' list in id order, narrowed by municipality and number.
func TestSWDayFiguresMatchRecords(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Generate(context.Background(), db, testSealer(t), demo.Options{Scale: 1, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		ctrl := asUser(MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController))
		gem := asUser(MustCreateUser(t, db, "w@wijchen.nl", werkpad.RoleMunicipality, "GM0296"))
		sw := store.NewSWService(db)
		for _, who := range []struct {
			name string
			ctx  context.Context
		}{{"controller", ctrl}, {"Wijchen", gem}} {
			for _, day := range []string{"2023-12-31", "2024-06-30", "2024-12-31"} {
				d := date(day)
				recs, err := sw.SWRecords(who.ctx, werkpad.Period{From: d, To: d})
				if err != nil {
					t.Fatal(err)
				}
				groups, err := sw.SWDayFigures(who.ctx, d)
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) == 0 || len(groups) == 0 {
					t.Fatalf("%s %s: %d records, %d groups: the demo has Wsw employees", who.name, day, len(recs), len(groups))
				}
				type key struct {
					m   string
					row werkpad.LocationRow
				}
				got, want := map[key]int64{}, map[key]int64{}
				gotSE := map[string]int64{}
				for _, g := range groups {
					got[key{g.Municipality, g.Row}] += g.Headcount
					gotSE[g.Municipality] += g.SEThousandths
				}
				wantSE := map[string]int64{}
				for code, tot := range werkpad.SWTotalsOn(recs, d) {
					wantSE[code] = tot.SEThousandths
					for row, n := range werkpad.LocationCounts(recs, code, d) {
						want[key{code, row}] = n
					}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s %s: headcount per municipality and row -records +database:\n%s", who.name, day, diff)
				}
				if diff := cmp.Diff(wantSE, gotSE); diff != "" {
					t.Errorf("%s %s: SE per municipality -records +database:\n%s", who.name, day, diff)
				}
				if who.name == "Wijchen" && (len(got) == 0 || len(gotSE) != 1 || gotSE["GM0296"] == 0) {
					t.Errorf("Wijchen %s: counts of %v, want Wijchen only", day, gotSE)
				}

				// The second page of one municipality, and a number search.
				code := recs[len(recs)-1].MunicipalityCode
				var mine []int64
				for _, r := range recs {
					if r.MunicipalityCode == code && r.InServiceOn(d) {
						mine = append(mine, r.ID)
					}
				}
				page, total, err := sw.SWEmployeesOn(who.ctx, d, werkpad.SWEmployeeFilter{Municipality: code, Page: werkpad.Page{Offset: 10, Limit: 10}})
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, r := range page {
					ids = append(ids, r.ID)
				}
				if total != len(mine) || len(mine) < 20 || !slices.Equal(ids, mine[10:20]) {
					t.Errorf("%s %s: page 2 of %s = %v of %d, want %v of %d", who.name, day, code, ids, total, mine[min(10, len(mine)):min(20, len(mine))], len(mine))
				}
				number := recs[0].PersonnelNumber
				if number == "" {
					t.Fatalf("demo employee %d has no personnel number", recs[0].ID)
				}
				found, n, err := sw.SWEmployeesOn(who.ctx, d, werkpad.SWEmployeeFilter{NumberPrefix: strings.ToLower(number), Page: werkpad.Page{Limit: 10}})
				if err != nil {
					t.Fatal(err)
				}
				if n != 1 || len(found) != 1 || found[0].ID != recs[0].ID || len(found[0].Werkvormen) != len(recs[0].Werkvormen) {
					t.Errorf("%s %s: number %q found %d, want employee %d with his history", who.name, day, number, n, recs[0].ID)
				}
			}
		}
	})
}

// TestSWChapterMatchesFullRecords: the SW chapter reads no werkvorm or SE
// periods of employees whose history never differs from their current
// werkvorm or SE; its figures equal those built from the full records, for
// employees with a changed werkvorm, a changed SE and neither, each with
// sick leave across the change, and for the demo's employees.
func TestSWChapterMatchesFullRecords(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Generate(context.Background(), db, testSealer(t), demo.Options{Scale: 1, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		fixedClock(db, "2024-10-15")
		ctrl := asUser(MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController))
		sw := store.NewSWService(db)
		add := func(vorm werkpad.Werkvorm) *werkpad.SWEmployee {
			t.Helper()
			e := &werkpad.SWEmployee{MunicipalityCode: "GM0296", SEThousandths: 1000, Werkvorm: vorm, Period: period("2019-01-01", "")}
			if err := sw.CreateSWEmployee(ctrl, e); err != nil {
				t.Fatal(err)
			}
			if err := sw.AddSickLeave(ctrl, &werkpad.SWSickLeave{SWEmployeeID: e.ID, Period: period("2024-02-01", "2024-05-31"), Percent: 50}); err != nil {
				t.Fatal(err)
			}
			return e
		}
		moved := add(werkpad.WerkvormGroupSecondment)
		if err := sw.ChangeWerkvorm(ctrl, moved.ID, werkpad.WerkvormShelteredInside, date("2024-03-15")); err != nil {
			t.Fatal(err)
		}
		lighter := add(werkpad.WerkvormSupportedEmployment)
		lighter.SEThousandths, lighter.SEFrom = 600, date("2024-04-01")
		if err := sw.UpdateSWEmployee(ctrl, lighter); err != nil {
			t.Fatal(err)
		}
		add(werkpad.WerkvormIndividualSecondment)
		// History at the edges of the window the chapter reads (H1 2024:
		// 30-06-2023 to 30-06-2024): an SE and a werkvorm period that end
		// on its first day, sick leave across the period's first day, sick
		// leave in the window before the period (the chapter reads the sick
		// leave of the period only) and sick leave long before.
		edge := add(werkpad.WerkvormIndividualSecondment)
		edge.SEThousandths, edge.SEFrom = 800, date("2023-07-01")
		if err := sw.UpdateSWEmployee(ctrl, edge); err != nil {
			t.Fatal(err)
		}
		if err := sw.ChangeWerkvorm(ctrl, edge.ID, werkpad.WerkvormShelteredInside, date("2023-07-01")); err != nil {
			t.Fatal(err)
		}
		for _, sl := range []werkpad.SWSickLeave{{Period: period("2023-12-01", "2024-01-01"), Percent: 100}, {Period: period("2023-08-01", "2023-11-30"), Percent: 100}, {Period: period("2022-03-01", "2022-04-30"), Percent: 100}} {
			sl.SWEmployeeID = edge.ID
			if err := sw.AddSickLeave(ctrl, &sl); err != nil {
				t.Fatal(err)
			}
		}

		for _, p := range []werkpad.Period{{From: date("2024-01-01"), To: date("2024-06-30")}, {From: date("2024-01-01"), To: date("2024-09-30")}} {
			ch, err := sw.SWChapter(ctrl, p)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := sw.SWRecords(ctrl, werkpad.Period{From: p.To.AddYears(-1), To: p.To})
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			names := map[string]string{}
			for _, m := range ch.Municipalities {
				codes = append(codes, m.Code)
				names[m.Code] = m.Name
			}
			want := werkpad.BuildSWChapter(p, codes, names, recs, nil, nil, nil)
			strip := func(f werkpad.SWMunicipalityFigures) werkpad.SWMunicipalityFigures {
				f.ShelteredNewIndications, f.ShelteredEmploymentsStart, f.ShelteredEmploymentsAtEnd = 0, 0, 0
				return f
			}
			for i, m := range ch.Municipalities {
				if diff := cmp.Diff(strip(want.Municipalities[i]), strip(m)); diff != "" {
					t.Errorf("%s %s: -full records +chapter:\n%s", p, m.Code, diff)
				}
			}
			if diff := cmp.Diff(strip(want.Region), strip(ch.Region)); diff != "" {
				t.Errorf("%s region: -full records +chapter:\n%s", p, diff)
			}
			if len(ch.Region.SickLeave) == 0 || ch.Region.AtEnd.Headcount == 0 {
				t.Errorf("%s: no sick leave or headcount in the chapter: %+v", p, ch.Region)
			}
		}
	})
}
