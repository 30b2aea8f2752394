package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func period(from, to string) werkpad.Period {
	p := werkpad.Period{From: werkpad.MustParseDate(from)}
	if to != "" {
		p.To = werkpad.MustParseDate(to)
	}
	return p
}

func TestPlacementIndicators(t *testing.T) {
	h1 := period("2024-01-01", "2024-06-30")
	cand := func(born string, benefit werkpad.BenefitKind, inds ...werkpad.IndicationKind) *werkpad.Candidate {
		c := &werkpad.Candidate{BirthDate: werkpad.MustParseDate(born)}
		if benefit != "" {
			c.Benefits = []werkpad.BenefitPeriod{{Kind: benefit, Period: period("2023-01-01", "")}}
		}
		for _, k := range inds {
			c.Indications = append(c.Indications, werkpad.Indication{Kind: k, Period: period("2024-03-01", "")})
		}
		return c
	}
	tests := []struct {
		name    string
		c       *werkpad.Candidate
		start   string
		minutes int
		want    []werkpad.IndicatorKey
	}{
		{"bijstand, 28:00, age 27 on the day", cand("1997-03-01", werkpad.BenefitBijstand), "2024-03-01", 1680,
			[]werkpad.IndicatorKey{werkpad.IndPlacementsUpTo28}},
		{"bijstand, 28:01, age 26", cand("1997-03-02", werkpad.BenefitBijstand), "2024-03-01", 1681,
			[]werkpad.IndicatorKey{werkpad.IndPlacementsOver28, werkpad.IndPriorityYouth}},
		{"bijstand, 55 on the day, beschut and statushouder from the day", cand("1969-03-01", werkpad.BenefitBijstand, werkpad.IndicationSheltered, werkpad.IndicationStatusHolder), "2024-03-01", 600,
			[]werkpad.IndicatorKey{werkpad.IndPlacementsUpTo28, werkpad.IndPriorityWorkDisability, werkpad.IndPriority55Plus, werkpad.IndPriorityStatusHolder}},
		{"indication from the next day", cand("1980-01-01", werkpad.BenefitBijstand, werkpad.IndicationJobAgreement), "2024-02-29", 600,
			[]werkpad.IndicatorKey{werkpad.IndPlacementsUpTo28}},
		{"NUG, young, banenafspraak", cand("2004-01-01", werkpad.BenefitNone, werkpad.IndicationJobAgreement), "2024-06-30", 2400,
			[]werkpad.IndicatorKey{werkpad.IndNUGPlacementsFullTime, werkpad.IndNUGPriorityWorkDisability, werkpad.IndNUGPriorityYouth}},
		{"other benefit: neither", cand("1980-01-01", werkpad.BenefitOther), "2024-03-01", 600, nil},
		{"no income situation recorded: neither", cand("1980-01-01", ""), "2024-03-01", 600, nil},
		{"start after the period", cand("1980-01-01", werkpad.BenefitBijstand), "2024-07-01", 600, nil},
		{"start on the first day", cand("1980-01-01", werkpad.BenefitBijstand), "2024-01-01", 600, []werkpad.IndicatorKey{werkpad.IndPlacementsUpTo28}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &werkpad.Placement{Period: period(tt.start, ""), ContractMinutesPerWeek: tt.minutes}
			if d := cmp.Diff(tt.want, werkpad.PlacementIndicators(tt.c, p, h1)); d != "" {
				t.Errorf("-want +got:\n%s", d)
			}
		})
	}
}

func TestWorkDisabilityWorkingIn(t *testing.T) {
	h1 := period("2024-01-01", "2024-06-30")
	tests := []struct {
		name       string
		indication werkpad.Period
		job        werkpad.Period
		want       bool
	}{
		{"both running", period("2020-01-01", ""), period("2020-01-01", ""), true},
		{"job starts on the last day", period("2020-01-01", ""), period("2024-06-30", ""), true},
		{"job ended the day before", period("2020-01-01", ""), period("2020-01-01", "2023-12-31"), false},
		{"no common day inside the period", period("2024-04-01", ""), period("2023-01-01", "2024-03-31"), false},
		{"common day only before the period", period("2020-01-01", "2023-06-30"), period("2023-01-01", ""), false},
	}
	for _, tt := range tests {
		c := &werkpad.Candidate{Indications: []werkpad.Indication{{Kind: werkpad.IndicationJobAgreement, Period: tt.indication}}}
		if got := werkpad.WorkDisabilityWorkingIn(c, []*werkpad.Placement{{Period: tt.job}}, h1); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	c := &werkpad.Candidate{Indications: []werkpad.Indication{{Kind: werkpad.IndicationStatusHolder, Period: period("2020-01-01", "")}}}
	if werkpad.WorkDisabilityWorkingIn(c, []*werkpad.Placement{{Period: period("2020-01-01", "")}}, h1) {
		t.Error("a statushouder indication is no arbeidsbeperking")
	}
}

func TestLKSAveragesAndRegionTotals(t *testing.T) {
	if h, w := werkpad.LKSAverages(0, 0, 0); h != 0 || w != 0 {
		t.Errorf("no subsidies: %d %d", h, w)
	}
	// 24:00 and 34:00 → 29,00 uur; 50,00% and 64,01% → 57,005% → 5701 (half up).
	if h, w := werkpad.LKSAverages(2, 58*60, 11401); h != 2900 || w != 5701 {
		t.Errorf("got %d %d, want 2900 5701", h, w)
	}
	set := &werkpad.IndicatorSet{Municipalities: []werkpad.MunicipalityIndicators{
		{Code: "A", Values: map[werkpad.IndicatorKey]int64{werkpad.IndLKSRunning: 1, werkpad.IndLKSMinutesTotal: 1200, werkpad.IndLKSWageValueTotal: 4000, werkpad.IndLKSAvgHours: 2000, werkpad.IndLKSAvgWageValue: 4000, werkpad.IndExitsToWork: 3}},
		{Code: "B", Values: map[werkpad.IndicatorKey]int64{werkpad.IndLKSRunning: 3, werkpad.IndLKSMinutesTotal: 6000, werkpad.IndLKSWageValueTotal: 18000, werkpad.IndLKSAvgHours: 3333, werkpad.IndLKSAvgWageValue: 6000, werkpad.IndExitsToWork: 4}},
	}}
	r := set.RegionTotals()
	if r[werkpad.IndExitsToWork] != 7 || r[werkpad.IndLKSRunning] != 4 || r[werkpad.IndLKSAvgHours] != 3000 || r[werkpad.IndLKSAvgWageValue] != 5500 {
		t.Errorf("region: %v", r)
	}
}

func TestIndicatorLabels(t *testing.T) {
	for _, k := range werkpad.IndicatorKeys {
		if !k.Valid() || k.Label() == string(k) || k.Group() == "" || k.Unit() == "" {
			t.Errorf("%s: label %q group %q unit %q", k, k.Label(), k.Group(), k.Unit())
		}
	}
	if got := werkpad.IndPlacementsOver28.Label(); got != "Plaatsing op werk > 28 uur" {
		t.Errorf("label as printed: %q", got)
	}
}
