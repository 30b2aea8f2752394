package werkpad_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func swRec(code string, se int, from, to string, vormen ...werkpad.SWWerkvormPeriod) werkpad.SWEmployeeRecord {
	r := werkpad.SWEmployeeRecord{SWEmployee: werkpad.SWEmployee{MunicipalityCode: code, SEThousandths: se,
		Period: werkpad.Period{From: werkpad.MustParseDate(from)}}, Werkvormen: vormen}
	if to != "" {
		r.Period.To = werkpad.MustParseDate(to)
	}
	if len(vormen) > 0 {
		r.Werkvorm = vormen[len(vormen)-1].Werkvorm
	}
	return r
}

func wv(w werkpad.Werkvorm, from, to string) werkpad.SWWerkvormPeriod {
	p := werkpad.SWWerkvormPeriod{Werkvorm: w, Period: werkpad.Period{From: werkpad.MustParseDate(from)}}
	if to != "" {
		p.Period.To = werkpad.MustParseDate(to)
	}
	return p
}

func TestTenthsAndShares(t *testing.T) {
	for _, tt := range []struct {
		part, total int64
		want        string
	}{{11, 115, "9,6%"}, {1, 115, "0,9%"}, {0, 115, "0,0%"}, {115, 115, "100,0%"}, {1, 0, "0,0%"}, {1, 8, "12,5%"}} {
		if got := werkpad.ShareTenths(tt.part, tt.total).String(); got != tt.want {
			t.Errorf("%d/%d = %s, want %s", tt.part, tt.total, got, tt.want)
		}
	}
}

func TestLocationRowsOnQuarterEnds(t *testing.T) {
	g, i, b := werkpad.WerkvormGroupSecondment, werkpad.WerkvormIndividualSecondment, werkpad.WerkvormShelteredInside
	recs := []werkpad.SWEmployeeRecord{
		swRec("GM0268", 1000, "2000-01-01", "", wv(g, "2000-01-01", "")),
		swRec("GM0268", 1000, "2000-01-01", "", wv(i, "2000-01-01", "2024-03-31"), wv(g, "2024-04-01", "")),
		swRec("GM0268", 1000, "2000-01-01", "2024-05-31", wv(b, "2000-01-01", "2024-05-31")),
		swRec("GM0268", 1280, "2000-01-01", "", wv(g, "2000-01-01", "")),
		swRec("GM0209", 800, "2000-01-01", "", wv(i, "2000-01-01", "")),
	}
	recs[3].Statuses = []werkpad.SWStatusPeriod{{Status: werkpad.SWStatusUnavailable, Period: werkpad.Period{From: werkpad.MustParseDate("2024-06-01")}}}
	q1, q2 := werkpad.MustParseDate("2024-03-31"), werkpad.MustParseDate("2024-06-30")
	if d := cmp.Diff(map[werkpad.LocationRow]int64{"groepsdetachering": 2, "individuele_detachering": 1, "beschut_binnen": 1},
		werkpad.LocationCounts(recs, "GM0268", q1)); d != "" {
		t.Errorf("Q1 (-want +got):\n%s", d)
	}
	counts := werkpad.LocationCounts(recs, "GM0268", q2)
	if d := cmp.Diff(map[werkpad.LocationRow]int64{"groepsdetachering": 2, "niet_beschikbaar": 1}, counts); d != "" {
		t.Errorf("Q2 (-want +got):\n%s", d)
	}
	shares, outside := werkpad.LocationShares(counts)
	if shares["groepsdetachering"] != 667 || shares["niet_beschikbaar"] != 333 || outside != 667 || shares["beschut_binnen"] != 0 {
		t.Errorf("Q2 shares %v, outside %s", shares, outside)
	}
	tot := werkpad.SWTotalsOn(recs, q2)
	if d := cmp.Diff(map[string]werkpad.SWTotals{"GM0268": {3, 3280}, "GM0209": {1, 800}}, tot); d != "" {
		t.Errorf("totals (-want +got):\n%s", d)
	}
}

// Sick leave: SE-weighted sick days over SE-weighted available days per
// werkvorm of the day. Worked out by hand in the comments.
func TestSickLeaveByWerkvorm(t *testing.T) {
	g, i := werkpad.WerkvormGroupSecondment, werkpad.WerkvormIndividualSecondment
	a := swRec("GM0268", 1000, "2000-01-01", "", wv(g, "2000-01-01", ""))
	a.SickLeave = []werkpad.SWSickLeave{{Percent: 50, Period: werkpad.Period{From: werkpad.MustParseDate("2024-01-10"), To: werkpad.MustParseDate("2024-01-19")}}}
	b := swRec("GM0268", 500, "2000-01-01", "", wv(i, "2000-01-01", "2024-02-29"), wv(g, "2024-03-01", ""))
	b.SickLeave = []werkpad.SWSickLeave{{Percent: 100, Period: werkpad.Period{From: werkpad.MustParseDate("2024-02-20"), To: werkpad.MustParseDate("2024-03-10")}}}
	q1 := werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-03-31")}
	got := werkpad.SickLeaveByWerkvorm([]werkpad.SWEmployeeRecord{a, b}, q1)
	want := map[werkpad.Werkvorm]werkpad.Tenths{
		// A: 10 days × 1,000 SE × 50% + B: 10 days × 0,5 SE × 100% = 10 SE-days
		// sick of 91 × 1,000 + 31 × 0,5 = 106,5 SE-days: 9,39% → 9,4%.
		g: 94,
		// B: 10 × 0,5 of 60 × 0,5 SE-days: 16,67% → 16,7%.
		i:                               167,
		werkpad.WerkvormShelteredInside: 0, werkpad.WerkvormSupportedEmployment: 0,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestAddedValue(t *testing.T) {
	rate := werkpad.SWAddedValueRate{Year: 2024, CentsPerHour: 3000, BudgetCentsPerFTE: 890600}
	var months []werkpad.SWAddedValueMonth
	for m := time.January; m <= time.June; m++ {
		months = append(months, werkpad.SWAddedValueMonth{Year: 2024, Month: m, DeclaredHours: 10_000_000, FTEThousandths: 800_000})
	}
	months = append(months, werkpad.SWAddedValueMonth{Year: 2023, Month: time.December, DeclaredHours: 1, FTEThousandths: 1})
	got := werkpad.AddedValue(rate, months)
	// 600.000 hours × €30 = €18.000.000 for 800 fte in six months: €22.500
	// per fte so far, €45.000 over twelve months.
	want := werkpad.SWAddedValue{Year: 2024, Months: 6, RealisedCents: 1_800_000_000, BudgetCentsPerFTE: 890600, RealisedCentsPerFTE: 2_250_000, ForecastCentsPerFTE: 4_500_000}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestQuartersEndingIn(t *testing.T) {
	got := werkpad.QuartersEndingIn(werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")})
	want := []werkpad.Period{
		{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-03-31")},
		{From: werkpad.MustParseDate("2024-04-01"), To: werkpad.MustParseDate("2024-06-30")},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
