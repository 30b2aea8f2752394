package werkpad_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func lksPlacement(from, to string, minutes, bp int) *werkpad.Placement {
	p := &werkpad.Placement{WageSubsidy: true, ContractMinutesPerWeek: minutes, WageValueBasisPoints: bp,
		Period: werkpad.Period{From: werkpad.MustParseDate(from)}}
	if to != "" {
		p.Period.To = werkpad.MustParseDate(to)
	}
	return p
}

func withTerms(p *werkpad.Placement, terms ...werkpad.PlacementTerms) *werkpad.Placement {
	p.Terms = terms
	return p
}

// Expected amounts worked out by hand (exact fractions, rounded once):
// WML × hours × 52/12 × 1,08 × min(1 − loonwaarde, 0,70) × 1,235.
func TestLKSAmountForMonthOnEachMinimumWage(t *testing.T) {
	tests := []struct {
		name        string
		year        int
		month       time.Month
		minutes, bp int
		want        int64
	}{
		{"1-1-2024 €13,27, 36 uur, 50%", 2024, time.March, 2160, 5000, 138056},
		{"1-7-2024 €13,68, 36 uur, 50%", 2024, time.July, 2160, 5000, 142322},
		{"1-1-2025 €14,06, 36 uur, 50%", 2025, time.February, 2160, 5000, 146275},
		{"1-7-2025 €14,40, 36 uur, 50%", 2025, time.December, 2160, 5000, 149812},
		{"cap 70% at loonwaarde 20%, 24 uur, 2024-1", 2024, time.January, 1440, 2000, 128853},
		{"cap 70% at loonwaarde 20%, 24 uur, 2025-2", 2025, time.August, 1440, 2000, 139825},
		{"loonwaarde 80%, 40 uur, 2024-2", 2024, time.December, 2400, 8000, 63254},
		{"loonwaarde 80%, 40 uur, 2025-1", 2025, time.June, 2400, 8000, 65011},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := lksPlacement("2020-01-01", "", tt.minutes, tt.bp)
			got, err := werkpad.LKSAmountForMonth(p, tt.year, tt.month)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %d cents, want %d", got, tt.want)
			}
		})
	}
}

func TestLKSAmountForPeriodProRata(t *testing.T) {
	tests := []struct {
		name      string
		placement *werkpad.Placement
		period    werkpad.Period
		want      int64
	}{
		// 15 June – 15 July 2024: 16/30 of June at €13,27 plus 15/31 of
		// July at €13,68: 138056×16/30 = 73629,87 → 73630; 142322×15/31 =
		// 68865,48 → 68865.
		{"spanning 1 July", lksPlacement("2024-06-15", "2024-07-15", 2160, 5000),
			werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-12-31")}, 73630 + 68865},
		// whole months Jan–Jun 2024 at €13,27
		{"first half year", lksPlacement("2023-05-01", "", 2160, 5000),
			werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}, 6 * 138056},
		// the period cuts the placement: 1–15 July only
		{"period ends mid July", lksPlacement("2024-03-01", "", 2160, 5000),
			werkpad.Period{From: werkpad.MustParseDate("2024-07-01"), To: werkpad.MustParseDate("2024-07-15")}, 68865},
		{"no subsidy", &werkpad.Placement{Period: werkpad.Period{From: werkpad.MustParseDate("2024-01-01")}, ContractMinutesPerWeek: 2160},
			werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}, 0},
		// The subsidy is granted on 15 June (dated terms): the same amounts
		// as a placement starting that day.
		{"subsidy granted mid June", withTerms(lksPlacement("2024-03-01", "", 2160, 5000),
			werkpad.PlacementTerms{From: werkpad.MustParseDate("2024-03-01"), ContractMinutesPerWeek: 2160},
			werkpad.PlacementTerms{From: werkpad.MustParseDate("2024-06-15"), ContractMinutesPerWeek: 2160, WageValueBasisPoints: 5000, WageSubsidy: true}),
			werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-07-15")}, 73630 + 68865},
		// The subsidy ends after 15 July while the placement runs on.
		{"subsidy ended mid July", withTerms(&werkpad.Placement{Period: werkpad.Period{From: werkpad.MustParseDate("2024-03-01")}, ContractMinutesPerWeek: 2160},
			werkpad.PlacementTerms{From: werkpad.MustParseDate("2024-03-01"), ContractMinutesPerWeek: 2160, WageValueBasisPoints: 5000, WageSubsidy: true},
			werkpad.PlacementTerms{From: werkpad.MustParseDate("2024-07-16"), ContractMinutesPerWeek: 2160}),
			werkpad.Period{From: werkpad.MustParseDate("2024-07-01"), To: werkpad.MustParseDate("2024-12-31")}, 68865},
		{"outside the period", lksPlacement("2023-01-01", "2023-12-31", 2160, 5000),
			werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := werkpad.LKSAmountForPeriod(tt.placement, tt.period)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %d cents, want %d", got, tt.want)
			}
		})
	}
}

func TestLKSRunningOnAndChapter(t *testing.T) {
	ps := []werkpad.LKSPlacement{
		{Placement: *lksPlacement("2024-01-01", "", 2160, 5000), NUG: true},
		{Placement: *lksPlacement("2024-01-01", "2024-03-31", 1440, 2000)},
		{Placement: *lksPlacement("2024-02-01", "", 1800, 6000)},
	}
	ps[0].MunicipalityCode, ps[1].MunicipalityCode, ps[2].MunicipalityCode = "GM0268", "GM0268", "GM0209"
	run, err := werkpad.LKSRunningOn(ps, werkpad.MustParseDate("2024-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	if len(run) != 2 || run[0].MinimumWageCentsPerHour != 1368 || run[0].MonthCents != 142322 {
		t.Fatalf("running on 1-7-2024: %+v", run)
	}
	period := werkpad.Period{From: werkpad.MustParseDate("2024-01-01"), To: werkpad.MustParseDate("2024-06-30")}
	ch, err := werkpad.BuildLKSChapter(period, []string{"GM0209", "GM0268"}, map[string]string{"GM0209": "Beuningen", "GM0268": "Nijmegen"}, ps)
	if err != nil {
		t.Fatal(err)
	}
	a0, _ := werkpad.LKSAmountForPeriod(&ps[0].Placement, period)
	a1, _ := werkpad.LKSAmountForPeriod(&ps[1].Placement, period)
	a2, _ := werkpad.LKSAmountForPeriod(&ps[2].Placement, period)
	want := &werkpad.LKSChapter{Period: period,
		Municipalities: []werkpad.LKSFigures{
			{Code: "GM0209", Name: "Beuningen", Running: 1, AvgHoursHundredths: 3000, AvgWageValueBP: 6000, PeriodCents: a2},
			{Code: "GM0268", Name: "Nijmegen", Running: 1, NUG: 1, AvgHoursHundredths: 3600, AvgWageValueBP: 5000, PeriodCents: a0 + a1},
		},
		Region: werkpad.LKSFigures{Name: "Regio", Running: 2, NUG: 1, AvgHoursHundredths: 3300, AvgWageValueBP: 5500, PeriodCents: a0 + a1 + a2},
	}
	if d := cmp.Diff(want, ch); d != "" {
		t.Errorf("chapter (-want +got):\n%s", d)
	}
	if a1 != 3*128853 {
		t.Errorf("Jan–Mar at the 70%% cap: %d, want %d", a1, 3*128853)
	}
}
