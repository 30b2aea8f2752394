package demo_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/demo"
	"werkpad/store"
	"werkpad/store/storetest"
)

// published are the figures of the municipality pages of the
// Tussenrapportage 2024 (seeds/003_88e847f578292b67.txt, columns
// "Gerealiseerd 30-6-2023 | Gerealiseerd 30-6-2024", and for 2024 the NUG
// paragraph), transcribed by hand. The test never reads them from
// report/published or from werkpad: they are the independent expectation.
// nug_placements_total and placements_incl_nug_* are printed sums; they
// are checked against the sum of the computed parts.
var published = map[int]map[string]map[string]int64{
	2023: {
		"GM1945": { // Berg en Dal
			"work_with_benefit": 31, "ownw_active": 26, "placements_upto28": 21, "placements_over28": 27, "priority_work_disability": 24, "priority_youth": 14,
			"priority_55plus": 2, "priority_status_holder": 12, "work_disability_working": 68, "exits_to_work": 34, "sw_employees": 133,
		},
		"GM0209": { // Beuningen
			"work_with_benefit": 13, "ownw_active": 23, "placements_upto28": 16, "placements_over28": 18, "priority_work_disability": 14, "priority_youth": 9,
			"priority_55plus": 3, "priority_status_holder": 5, "work_disability_working": 52, "exits_to_work": 19, "sw_employees": 97,
		},
		"GM0225": { // Druten
			"work_with_benefit": 19, "ownw_active": 17, "placements_upto28": 14, "placements_over28": 8, "priority_work_disability": 12, "priority_youth": 10,
			"priority_55plus": 2, "priority_status_holder": 3, "work_disability_working": 42, "exits_to_work": 14, "sw_employees": 78,
		},
		"GM0252": { // Heumen
			"work_with_benefit": 15, "ownw_active": 9, "placements_upto28": 7, "placements_over28": 8, "priority_work_disability": 7, "priority_youth": 3,
			"priority_55plus": 0, "priority_status_holder": 6, "work_disability_working": 30, "exits_to_work": 12, "sw_employees": 47,
		},
		"GM0944": { // Mook en Middelaar
			"work_with_benefit": 6, "ownw_active": 6, "placements_upto28": 3, "placements_over28": 3, "priority_work_disability": 4, "priority_youth": 2,
			"priority_55plus": 0, "priority_status_holder": 1, "work_disability_working": 10, "exits_to_work": 4,
		},
		"GM0268": { // Nijmegen
			"work_with_benefit": 337, "ownw_active": 260, "placements_upto28": 226, "placements_over28": 181, "priority_work_disability": 119, "priority_youth": 101,
			"priority_55plus": 39, "priority_status_holder": 36, "work_disability_working": 450, "exits_to_work": 252, "sw_employees": 757,
		},
		"GM0296": { // Wijchen
			"work_with_benefit": 31, "ownw_active": 30, "placements_upto28": 26, "placements_over28": 11, "priority_work_disability": 9, "priority_youth": 11,
			"priority_55plus": 6, "priority_status_holder": 5, "work_disability_working": 75, "exits_to_work": 24, "sw_employees": 164,
		},
		"GM0668": { // West Maas en Waal
			"sw_employees": 35,
		},
	},
	2024: {
		"GM1945": { // Berg en Dal
			"work_with_benefit": 29, "ownw_active": 25, "placements_upto28": 36, "placements_over28": 18, "priority_work_disability": 18, "priority_youth": 14,
			"priority_55plus": 3, "priority_status_holder": 6, "work_disability_working": 75, "exits_to_work": 32, "sw_employees": 115, "nug_placements_total": 14,
			"nug_placements_parttime": 5, "nug_placements_fulltime": 9, "nug_priority_work_disability": 11, "nug_priority_youth": 12, "placements_incl_nug_total": 68, "placements_incl_nug_parttime": 41,
			"placements_incl_nug_fulltime": 27,
		},
		"GM0209": { // Beuningen
			"work_with_benefit": 25, "ownw_active": 24, "placements_upto28": 24, "placements_over28": 10, "priority_work_disability": 17, "priority_youth": 12,
			"priority_55plus": 2, "priority_status_holder": 3, "work_disability_working": 52, "exits_to_work": 24, "sw_employees": 93, "nug_placements_total": 4,
			"nug_placements_parttime": 1, "nug_placements_fulltime": 3, "nug_priority_work_disability": 3, "nug_priority_youth": 4, "placements_incl_nug_total": 38, "placements_incl_nug_parttime": 25,
			"placements_incl_nug_fulltime": 13,
		},
		"GM0225": { // Druten
			"work_with_benefit": 19, "ownw_active": 13, "placements_upto28": 14, "placements_over28": 10, "priority_work_disability": 12, "priority_youth": 10,
			"priority_55plus": 1, "priority_status_holder": 4, "work_disability_working": 54, "exits_to_work": 10, "sw_employees": 70, "nug_placements_total": 10,
			"nug_placements_parttime": 3, "nug_placements_fulltime": 7, "nug_priority_work_disability": 5, "nug_priority_youth": 7, "nug_priority_55plus": 1, "placements_incl_nug_total": 34,
			"placements_incl_nug_parttime": 17, "placements_incl_nug_fulltime": 17,
		},
		"GM0252": { // Heumen
			"work_with_benefit": 10, "ownw_active": 15, "placements_upto28": 10, "placements_over28": 5, "priority_work_disability": 8, "priority_youth": 7,
			"priority_55plus": 1, "priority_status_holder": 4, "work_disability_working": 33, "exits_to_work": 13, "sw_employees": 41, "nug_placements_total": 2,
			"nug_placements_parttime": 1, "nug_placements_fulltime": 1, "nug_priority_work_disability": 2, "nug_priority_55plus": 1, "nug_priority_status_holder": 1, "placements_incl_nug_total": 17,
			"placements_incl_nug_parttime": 11, "placements_incl_nug_fulltime": 6,
		},
		"GM0944": { // Mook en Middelaar
			"work_with_benefit": 1, "ownw_active": 7, "placements_upto28": 4, "placements_over28": 3, "priority_work_disability": 4, "priority_youth": 2,
			"priority_55plus": 1, "priority_status_holder": 3, "work_disability_working": 12, "exits_to_work": 5, "nug_placements_total": 2, "nug_placements_parttime": 2,
			"placements_incl_nug_total": 9, "placements_incl_nug_parttime": 6, "placements_incl_nug_fulltime": 3,
		},
		"GM0268": { // Nijmegen
			"work_with_benefit": 331, "ownw_active": 260, "placements_upto28": 313, "placements_over28": 234, "priority_work_disability": 164, "priority_youth": 155,
			"priority_55plus": 47, "priority_status_holder": 29, "work_disability_working": 513, "exits_to_work": 254, "sw_employees": 698, "nug_placements_total": 94,
			"nug_placements_parttime": 33, "nug_placements_fulltime": 61, "nug_priority_work_disability": 20, "nug_priority_youth": 63, "nug_priority_55plus": 3, "nug_priority_status_holder": 1,
			"placements_incl_nug_total": 641, "placements_incl_nug_parttime": 346, "placements_incl_nug_fulltime": 295,
		},
		"GM0296": { // Wijchen
			"work_with_benefit": 50, "ownw_active": 29, "placements_upto28": 36, "placements_over28": 21, "priority_work_disability": 21, "priority_youth": 17,
			"priority_55plus": 5, "priority_status_holder": 12, "work_disability_working": 76, "exits_to_work": 31, "sw_employees": 132, "nug_placements_total": 13,
			"nug_placements_parttime": 4, "nug_placements_fulltime": 9, "nug_priority_work_disability": 7, "nug_priority_youth": 5, "nug_priority_55plus": 5, "placements_incl_nug_total": 70,
			"placements_incl_nug_parttime": 40, "placements_incl_nug_fulltime": 30,
		},
		"GM0668": { // West Maas en Waal
			"sw_employees": 33,
		},
	},
}

func testSealer(tb testing.TB) *store.Sealer {
	s, err := store.NewSealer(bytes.Repeat([]byte{7}, store.KeySize))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

var controllerCtx = werkpad.NewContextWithActor(context.Background(),
	&werkpad.Actor{User: &werkpad.User{Email: "controller@test", Role: werkpad.RoleController}, Via: "test"})

// generate writes the demo region at scale into a fresh database of d and
// returns the indicators of both half-years.
func generate(t *testing.T, d store.Dialect, scale int) (*demo.Result, [2]*werkpad.IndicatorSet) {
	t.Helper()
	db := storetest.Open(t, d)
	res, err := demo.Generate(context.Background(), db, testSealer(t), demo.Options{Scale: scale, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var sets [2]*werkpad.IndicatorSet
	for i, per := range demo.Periods() {
		if sets[i], err = store.NewIndicatorService(db).Indicators(controllerCtx, per, nil); err != nil {
			t.Fatal(err)
		}
	}
	return res, sets
}

// computed returns the value of a published key from the computed
// indicators, summing parts for the printed totals.
func computed(v map[werkpad.IndicatorKey]int64, key string) int64 {
	sum := func(keys ...werkpad.IndicatorKey) int64 {
		var n int64
		for _, k := range keys {
			n += v[k]
		}
		return n
	}
	switch key {
	case "nug_placements_total":
		return sum(werkpad.IndNUGPlacementsPartTime, werkpad.IndNUGPlacementsFullTime)
	case "placements_incl_nug_total":
		return sum(werkpad.IndPlacementsUpTo28, werkpad.IndPlacementsOver28, werkpad.IndNUGPlacementsPartTime, werkpad.IndNUGPlacementsFullTime)
	case "placements_incl_nug_parttime":
		return sum(werkpad.IndPlacementsUpTo28, werkpad.IndNUGPlacementsPartTime)
	case "placements_incl_nug_fulltime":
		return sum(werkpad.IndPlacementsOver28, werkpad.IndNUGPlacementsFullTime)
	}
	return v[werkpad.IndicatorKey(key)]
}

// TestDemoGivesPublishedFigures generates the region at scale 1 on SQLite
// and checks every published municipality figure of both half-years.
func TestDemoGivesPublishedFigures(t *testing.T) {
	res, sets := generate(t, store.SQLite, 1)
	for i, year := range []int{2023, 2024} {
		set := sets[i]
		if d := cmp.Diff(res.Expected[i], set); d != "" {
			t.Errorf("%d: the store differs from the generator's domain evaluation (-want +got):\n%s", year, d)
		}
		byCode := map[string]map[werkpad.IndicatorKey]int64{}
		for _, m := range set.Municipalities {
			byCode[m.Code] = m.Values
		}
		if len(byCode) != len(published[year]) {
			t.Errorf("%d: %d municipalities, want %d", year, len(byCode), len(published[year]))
		}
		n := 0
		for code, figures := range published[year] {
			for key, want := range figures {
				n++
				if got := computed(byCode[code], key); got != want {
					t.Errorf("%d %s %s = %d, published %d", year, code, key, got, want)
				}
			}
		}
		t.Logf("%d: %d published figures checked", year, n)
	}
}

// TestDemoSameOnPostgres generates the same region at scale 2 into SQLite
// and PostgreSQL: the indicators must be identical, and twice scale 1.
func TestDemoSameOnPostgres(t *testing.T) {
	storetest.PostgresURL(t)
	_, lite := generate(t, store.SQLite, 2)
	_, pg := generate(t, store.Postgres, 2)
	for i := range lite {
		if d := cmp.Diff(lite[i], pg[i]); d != "" {
			t.Errorf("%s: SQLite (-) and PostgreSQL (+) differ:\n%s", lite[i].Period, d)
		}
	}
	region, err := demo.Plan(1)
	if err != nil {
		t.Fatal(err)
	}
	for i, per := range demo.Periods() {
		one, two := region.Expected(per, 1), lite[i]
		for j, m := range two.Municipalities {
			for k, v := range m.Values {
				want := 2 * one.Municipalities[j].Values[k]
				if k == werkpad.IndLKSAvgHours || k == werkpad.IndLKSAvgWageValue {
					want /= 2
				}
				if v != want {
					t.Errorf("%s %s %s at scale 2 = %d, want %d (2 × scale 1)", per, m.Code, k, v, want)
				}
			}
		}
	}
}

// TestDemoRefusesSecondLoad: a database with candidates is left alone.
func TestDemoRefusesSecondLoad(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	if _, err := demo.Generate(context.Background(), db, testSealer(t), demo.Options{Scale: 1, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	_, err := demo.Generate(context.Background(), db, testSealer(t), demo.Options{Scale: 1, Seed: 1})
	if werkpad.ErrorCode(err) != werkpad.ECONFLICT {
		t.Fatalf("second load: got %v, want conflict", err)
	}
}

// TestDemoDeterministic: the same seed gives the same plan.
func TestDemoDeterministic(t *testing.T) {
	a, err := demo.Plan(7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := demo.Plan(7)
	if err != nil {
		t.Fatal(err)
	}
	for _, per := range demo.Periods() {
		if d := cmp.Diff(a.Expected(per, 1), b.Expected(per, 1)); d != "" {
			t.Errorf("two plans with seed 7 differ:\n%s", d)
		}
	}
}

// TestDemoPresent: on top of the calibrated region, Present gives every
// role current work on the day it runs, and leaves the calibrated figures
// of 2023 and 2024 as they were.
func TestDemoPresent(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			db := storetest.Open(t, d)
			sealer := testSealer(t)
			res, err := demo.Generate(context.Background(), db, sealer, demo.Options{Scale: 1, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			users := store.NewUserService(db)
			octx := werkpad.OperatorContext(context.Background())
			mk := func(email string, role werkpad.Role, gm ...string) *werkpad.User {
				u := &werkpad.User{Email: email, Name: email, Role: role, Municipalities: gm}
				if err := users.CreateUser(octx, u, "een lang genoeg wachtwoord 123"); err != nil {
					t.Fatal(err)
				}
				return u
			}
			pu := demo.PresentUsers{Consultant: mk("c@demo", werkpad.RoleConsultant), Adviser: mk("w@demo", werkpad.RoleEmployerAdviser),
				Municipality: mk("g@demo", werkpad.RoleMunicipality, "GM0268")}
			today := werkpad.Today(time.Now())
			got, err := demo.Present(context.Background(), db, sealer, today, pu)
			if err != nil {
				t.Fatal(err)
			}
			if got.Caseload < 10 || got.Profiles == 0 || got.Employers == 0 || got.Vacancies == 0 || got.Referrals == 0 || got.Signals == 0 || got.Reassessments == 0 || got.Complaints != 3 {
				t.Errorf("present day incomplete: %+v", got)
			}
			as := func(u *werkpad.User) context.Context {
				return werkpad.NewContextWithActor(context.Background(), &werkpad.Actor{User: u, Via: "test"})
			}
			_, n, err := store.NewCandidateService(db, sealer).FindCandidates(as(pu.Consultant), werkpad.CandidateFilter{ConsultantID: pu.Consultant.ID, InService: true, On: today})
			if err != nil || n != got.Caseload {
				t.Errorf("caseload in service today: %d (%v), want %d", n, err, got.Caseload)
			}
			_, n, err = store.NewSignalService(db).FindSignals(as(pu.Municipality), werkpad.SignalFilter{AwaitingDecision: true})
			if err != nil || n == 0 {
				t.Errorf("signals awaiting the gemeente's decision: %d (%v)", n, err)
			}
			_, n, err = store.NewVacancyService(db).FindVacancies(as(pu.Adviser), werkpad.VacancyFilter{Status: werkpad.VacancyOpen})
			if err != nil || n == 0 {
				t.Errorf("open vacancies: %d (%v)", n, err)
			}
			for i, per := range demo.Periods() {
				set, err := store.NewIndicatorService(db).Indicators(controllerCtx, per, nil)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(res.Expected[i], set); d != "" {
					t.Errorf("%s: the present day changed the calibrated figures (-want +got):\n%s", per, d)
				}
			}
		})
	}
}
