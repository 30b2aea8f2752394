package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/store"
)

// indicatorFixture builds hand-made records through the services (the SW
// employees, which have no service yet, through the bulk loader).
type indicatorFixture struct {
	t      *testing.T
	db     *store.DB
	ctx    context.Context
	cons   *werkpad.User
	bsn    int
	places *store.PlacementService
}

func newIndicatorFixture(t *testing.T, db *store.DB) *indicatorFixture {
	fixedClock(db, "2024-12-31")
	cons := MustCreateUser(t, db, "consulent@werkbedrijf.nl", werkpad.RoleConsultant)
	return &indicatorFixture{t: t, db: db, ctx: asUser(cons), cons: cons, places: store.NewPlacementService(db)}
}

// candidate makes a Nijmegen candidate born 1990-05-17, registered
// 2020-01-01, changed by edit.
func (f *indicatorFixture) candidate(edit func(c *werkpad.Candidate)) *werkpad.Candidate {
	f.t.Helper()
	c := MustCreateCandidate(f.t, f.db, f.cons, func(c *werkpad.Candidate) {
		c.BSN = testBSNs[f.bsn]
		c.RegisteredOn = werkpad.MustParseDate("2020-01-01")
		if edit != nil {
			edit(c)
		}
	})
	f.bsn++
	return c
}

func bijstand(from, to string) []werkpad.BenefitPeriod {
	return []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: period(from, to)}}
}

func (f *indicatorFixture) placement(c *werkpad.Candidate, from, to string, minutes int, edit func(p *werkpad.Placement)) *werkpad.Placement {
	f.t.Helper()
	p := &werkpad.Placement{CandidateID: c.ID, EmployerName: "Werkgever", Period: period(from, to),
		ContractMinutesPerWeek: minutes, ContractType: werkpad.ContractFixedTerm}
	if edit != nil {
		edit(p)
	}
	must(f.t, f.places.CreatePlacement(f.ctx, p))
	return p
}

func (f *indicatorFixture) exit(c *werkpad.Candidate, on string, reason werkpad.ExitReason, p *werkpad.Placement) {
	f.t.Helper()
	x := &werkpad.Exit{CandidateID: c.ID, Date: werkpad.MustParseDate(on), Reason: reason}
	if p != nil {
		x.PlacementID = &p.ID
	}
	must(f.t, store.NewExitService(f.db).CreateExit(f.ctx, x))
}

func (f *indicatorFixture) enrol(c *werkpad.Candidate, code, from, to string) {
	f.t.Helper()
	e := &werkpad.Enrolment{CandidateID: c.ID, InstrumentCode: code, Period: period(from, to)}
	in, _ := werkpad.FindInstrument(werkpad.DefaultInstruments, code)
	switch in.Kind {
	case werkpad.InstrumentWorkWithBenefit:
		e.WorkWithBenefit = &werkpad.WorkWithBenefitDetails{MinutesPerWeek: 960, HostOrganisation: "Kringloop"}
	case werkpad.InstrumentOWNW:
		e.OWNW = &werkpad.OWNWDetails{DaypartsPerWeek: 4}
	}
	must(f.t, store.NewEnrolmentService(f.db).CreateEnrolment(f.ctx, e))
}

func (f *indicatorFixture) sw(from, to string) {
	f.t.Helper()
	l, err := f.db.NewBulkLoader(context.Background(), testSealer(f.t), time.Now())
	must(f.t, err)
	e := &werkpad.SWEmployee{MunicipalityCode: "GM0268", SEThousandths: 1000, Werkvorm: werkpad.WerkvormGroupSecondment, Period: period(from, to)}
	must(f.t, l.AddSWEmployee(e, nil, nil, nil))
	must(f.t, l.Commit(""))
	must(f.t, l.Close())
}

var (
	h1of2024 = period("2024-01-01", "2024-06-30")
	h1of2023 = period("2023-01-01", "2023-06-30")
)

// TestIndicatorDefinitions checks each definition on hand-made records at
// its boundaries, on both databases. Every case starts from an empty
// database; want lists the non-zero Nijmegen values, all others must be 0.
func TestIndicatorDefinitions(t *testing.T) {
	wd := func(from, to string) func(c *werkpad.Candidate) {
		return func(c *werkpad.Candidate) {
			c.Indications = append(c.Indications, werkpad.Indication{Kind: werkpad.IndicationJobAgreement, Period: period(from, to)})
		}
	}
	tests := []struct {
		name   string
		period werkpad.Period
		setup  func(f *indicatorFixture)
		want   map[werkpad.IndicatorKey]int64
	}{
		{"placement starting on the first and on the last day", h1of2024, func(f *indicatorFixture) {
			a := f.candidate(func(c *werkpad.Candidate) { c.Benefits = bijstand("2023-01-01", "") })
			f.placement(a, "2024-01-01", "", 1440, nil)
			b := f.candidate(func(c *werkpad.Candidate) { c.Benefits = bijstand("2023-01-01", "") })
			f.placement(b, "2024-06-30", "", 2160, nil)
		}, map[werkpad.IndicatorKey]int64{werkpad.IndPlacementsUpTo28: 1, werkpad.IndPlacementsOver28: 1}},

		{"placement starting the day before or after the period", h1of2024, func(f *indicatorFixture) {
			a := f.candidate(func(c *werkpad.Candidate) { c.Benefits = bijstand("2023-01-01", "") })
			f.placement(a, "2023-12-31", "", 1440, nil)
			f.placement(a, "2024-07-01", "", 1440, nil)
		}, nil},

		{"28:00 is 0-28 uur, 28:01 is more", h1of2024, func(f *indicatorFixture) {
			a := f.candidate(func(c *werkpad.Candidate) { c.Benefits = bijstand("2023-01-01", "") })
			f.placement(a, "2024-03-01", "", 28*60, nil)
			b := f.candidate(func(c *werkpad.Candidate) { c.Benefits = bijstand("2023-01-01", "") })
			f.placement(b, "2024-03-01", "", 28*60+1, nil)
		}, map[werkpad.IndicatorKey]int64{werkpad.IndPlacementsUpTo28: 1, werkpad.IndPlacementsOver28: 1}},

		{"benefit recipient: bijstand on the start date only", h1of2024, func(f *indicatorFixture) {
			ended := f.candidate(func(c *werkpad.Candidate) { c.Benefits = bijstand("2023-01-01", "2024-02-29") })
			f.placement(ended, "2024-03-01", "", 1440, nil)
			starts := f.candidate(func(c *werkpad.Candidate) { c.Benefits = bijstand("2024-03-01", "2024-03-01") })
			f.placement(starts, "2024-03-01", "", 1440, nil)
			other := f.candidate(func(c *werkpad.Candidate) {
				c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitOther, Period: period("2023-01-01", "")}}
			})
			f.placement(other, "2024-03-01", "", 1440, nil)
			unknown := f.candidate(nil)
			f.placement(unknown, "2024-03-01", "", 1440, nil)
		}, map[werkpad.IndicatorKey]int64{werkpad.IndPlacementsUpTo28: 1}},

		{"NUG: income situation nug on the start date", h1of2024, func(f *indicatorFixture) {
			a := f.candidate(func(c *werkpad.Candidate) {
				c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitNone, Period: period("2024-01-01", "")}}
				c.BirthDate = werkpad.MustParseDate("2000-01-01")
				wd("2023-01-01", "")(c)
			})
			f.placement(a, "2024-01-01", "", 28*60, nil)
			b := f.candidate(func(c *werkpad.Candidate) {
				c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitNone, Period: period("2024-01-01", "")}}
			})
			f.placement(b, "2024-06-30", "", 40*60, nil)
		}, map[werkpad.IndicatorKey]int64{werkpad.IndNUGPlacementsPartTime: 1, werkpad.IndNUGPlacementsFullTime: 1,
			werkpad.IndNUGPriorityYouth: 1, werkpad.IndNUGPriorityWorkDisability: 1, werkpad.IndWorkDisabilityWorking: 1}},

		{"age on the start date: 27 is not young, 26 is; 55 is 55-plus, 54 is not", h1of2024, func(f *indicatorFixture) {
			for _, born := range []string{"1997-03-01", "1997-03-02", "1969-03-01", "1969-03-02"} {
				c := f.candidate(func(c *werkpad.Candidate) {
					c.Benefits, c.BirthDate = bijstand("2023-01-01", ""), werkpad.MustParseDate(born)
				})
				f.placement(c, "2024-03-01", "", 1440, nil)
			}
		}, map[werkpad.IndicatorKey]int64{werkpad.IndPlacementsUpTo28: 4, werkpad.IndPriorityYouth: 1, werkpad.IndPriority55Plus: 1}},

		{"born on 29 February: 27 on 1 March in a year without it", h1of2023, func(f *indicatorFixture) {
			for _, start := range []string{"2023-02-28", "2023-03-01"} {
				c := f.candidate(func(c *werkpad.Candidate) {
					c.Benefits, c.BirthDate = bijstand("2019-01-01", ""), werkpad.MustParseDate("1996-02-29")
				})
				f.placement(c, start, "", 1440, nil)
			}
		}, map[werkpad.IndicatorKey]int64{werkpad.IndPlacementsUpTo28: 2, werkpad.IndPriorityYouth: 1}},

		{"indications valid on the start date", h1of2024, func(f *indicatorFixture) {
			on := f.candidate(func(c *werkpad.Candidate) {
				c.Benefits = bijstand("2023-01-01", "")
				wd("2024-03-01", "")(c)
				c.Indications = append(c.Indications, werkpad.Indication{Kind: werkpad.IndicationStatusHolder, Period: period("2020-01-01", "2024-03-01")})
			})
			f.placement(on, "2024-03-01", "", 1440, nil)
			before := f.candidate(func(c *werkpad.Candidate) {
				c.Benefits = bijstand("2023-01-01", "")
				wd("2023-01-01", "2024-02-29")(c)
				c.Indications = append(c.Indications, werkpad.Indication{Kind: werkpad.IndicationStatusHolder, Period: period("2024-03-02", "")})
			})
			f.placement(before, "2024-03-01", "", 1440, nil)
		}, map[werkpad.IndicatorKey]int64{werkpad.IndPlacementsUpTo28: 2, werkpad.IndPriorityWorkDisability: 1,
			werkpad.IndPriorityStatusHolder: 1, werkpad.IndWorkDisabilityWorking: 1}},

		{"arbeidsbeperking aan het werk: job and indication share a day of the period", h1of2024, func(f *indicatorFixture) {
			// Working since 2020, two jobs: counted once.
			twice := f.candidate(wd("2019-01-01", ""))
			f.placement(twice, "2020-01-01", "", 1440, nil)
			f.placement(twice, "2024-02-01", "2024-03-01", 600, nil)
			// Job started on the last day.
			last := f.candidate(wd("2019-01-01", ""))
			f.placement(last, "2024-06-30", "", 1440, nil)
			// Job ended the day before the period.
			ended := f.candidate(wd("2019-01-01", ""))
			f.placement(ended, "2020-01-01", "2023-12-31", 1440, nil)
			// Job until March, indication from April: no common day.
			apart := f.candidate(wd("2024-04-01", ""))
			f.placement(apart, "2023-01-01", "2024-03-31", 1440, nil)
			// Indication ended before the period.
			gone := f.candidate(wd("2019-01-01", "2023-12-31"))
			f.placement(gone, "2020-01-01", "", 1440, nil)
		}, map[werkpad.IndicatorKey]int64{werkpad.IndWorkDisabilityWorking: 2}},

		{"uitstroom naar werk dated in the period", h1of2024, func(f *indicatorFixture) {
			c := f.candidate(nil)
			p := f.placement(c, "2023-06-01", "", 1440, nil)
			f.exit(c, "2024-06-30", werkpad.ExitWork, p)
			f.exit(c, "2024-01-01", werkpad.ExitWork, p)
			f.exit(c, "2024-07-01", werkpad.ExitWork, p)
			f.exit(c, "2023-12-31", werkpad.ExitWork, p)
			f.exit(c, "2024-03-01", werkpad.ExitStudy, nil)
		}, map[werkpad.IndicatorKey]int64{werkpad.IndExitsToWork: 2}},

		{"enrolments active on any day, distinct candidates", h1of2024, func(f *indicatorFixture) {
			a := f.candidate(nil)
			f.enrol(a, "wmbu", "2023-09-01", "2024-01-01")
			f.enrol(a, "leerwerkplek", "2024-02-01", "2024-05-01")
			b := f.candidate(nil)
			f.enrol(b, "taalstage", "2024-06-30", "")
			f.enrol(b, "ownw", "2024-07-01", "")
			f.enrol(b, "versnelling", "2024-01-01", "")
			c := f.candidate(nil)
			f.enrol(c, "ownw", "2020-01-01", "")
			f.enrol(c, "wmbu", "2023-01-01", "2023-12-31")
		}, map[werkpad.IndicatorKey]int64{werkpad.IndWorkWithBenefit: 2, werkpad.IndOWNWActive: 1}},

		{"SW employees in service on the last day", h1of2024, func(f *indicatorFixture) {
			f.sw("2000-01-01", "2024-06-30")
			f.sw("2000-01-01", "")
			f.sw("2000-01-01", "2024-06-29")
			f.sw("2024-07-01", "")
		}, map[werkpad.IndicatorKey]int64{werkpad.IndSWEmployees: 2}},

		{"caseload: in service with a phase on the last day", h1of2024, func(f *indicatorFixture) {
			phase := func(ph werkpad.Phase, from, to string) []werkpad.PhasePeriod {
				return []werkpad.PhasePeriod{{Phase: ph, Period: period(from, to)}}
			}
			f.candidate(func(c *werkpad.Candidate) { c.Phases = phase(werkpad.PhaseMediate, "2020-01-01", "") })
			f.candidate(func(c *werkpad.Candidate) {
				c.Phases, c.DeregisteredOn = phase(werkpad.PhaseSupport, "2020-01-01", "2024-06-30"), werkpad.MustParseDate("2024-06-30")
			})
			f.candidate(func(c *werkpad.Candidate) {
				c.Phases, c.DeregisteredOn = phase(werkpad.PhaseDevelop, "2020-01-01", ""), werkpad.MustParseDate("2024-06-29")
			})
			f.candidate(func(c *werkpad.Candidate) { c.Phases = phase(werkpad.PhaseDevelop, "2020-01-01", "2024-06-29") })
			f.candidate(nil) // in service without a phase
		}, map[werkpad.IndicatorKey]int64{werkpad.IndCaseloadMediate: 1, werkpad.IndCaseloadSupport: 1}},

		{"wage subsidies running on the last day, averages", h1of2024, func(f *indicatorFixture) {
			lks := func(bp int) func(p *werkpad.Placement) {
				return func(p *werkpad.Placement) {
					p.WageSubsidy, p.WageValueBasisPoints, p.ReassessOn = true, bp, werkpad.MustParseDate("2025-01-01")
				}
			}
			c := f.candidate(nil)
			f.placement(c, "2023-01-01", "2024-06-30", 24*60, lks(5000))
			f.placement(c, "2023-01-01", "", 32*60+1, lks(6501))
			f.placement(c, "2023-01-01", "2024-06-29", 40*60, lks(2000))
			f.placement(c, "2023-01-01", "", 40*60, nil)
		}, map[werkpad.IndicatorKey]int64{werkpad.IndLKSRunning: 2, werkpad.IndLKSMinutesTotal: 56*60 + 1,
			werkpad.IndLKSWageValueTotal: 11501, werkpad.IndLKSAvgHours: 2801, werkpad.IndLKSAvgWageValue: 5751}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eachDialect(t, func(t *testing.T, db *store.DB) {
				f := newIndicatorFixture(t, db)
				tt.setup(f)
				set, err := store.NewIndicatorService(db).Indicators(asUser(f.cons), tt.period, []string{"GM0268"})
				if err != nil {
					t.Fatal(err)
				}
				want := map[werkpad.IndicatorKey]int64{}
				for _, k := range werkpad.IndicatorKeys {
					want[k] = tt.want[k]
				}
				if len(set.Municipalities) != 1 {
					t.Fatalf("got %d municipalities, want only GM0268", len(set.Municipalities))
				}
				if d := cmp.Diff(want, set.Municipalities[0].Values); d != "" {
					t.Errorf("-want +got:\n%s", d)
				}
				// One key asked: its figure is the same, every other key is
				// either its full figure (same family) or not computed (0).
				for k, v := range tt.want {
					if v == 0 || k.Unit() != werkpad.UnitCount {
						continue
					}
					one, err := store.NewIndicatorService(db).IndicatorsOf(asUser(f.cons), tt.period, []string{"GM0268"}, []werkpad.IndicatorKey{k})
					if err != nil {
						t.Fatal(err)
					}
					for k2, got := range one.Municipalities[0].Values {
						if got != 0 && got != want[k2] || k2 == k && got != v {
							t.Errorf("IndicatorsOf(%s): %s = %d, want %d (or 0 outside its family)", k, k2, got, want[k2])
						}
					}
				}
			})
		})
	}
}

// TestIndicatorTenancy: a gemeente user gets his own municipalities only;
// asking for another (or an unknown one) is "not found"; roles without
// access are refused.
func TestIndicatorTenancy(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newIndicatorFixture(t, db)
		for _, gm := range []string{"GM0268", "GM1945"} {
			c := f.candidate(func(c *werkpad.Candidate) { c.MunicipalityCode, c.Benefits = gm, bijstand("2023-01-01", "") })
			f.placement(c, "2024-03-01", "", 1440, nil)
		}
		svc := store.NewIndicatorService(db)
		gem := asUser(MustCreateUser(t, db, "k@bergendal.nl", werkpad.RoleMunicipality, "GM1945"))
		set, err := svc.Indicators(gem, h1of2024, nil)
		must(t, err)
		if len(set.Municipalities) != 1 || set.Municipalities[0].Code != "GM1945" || set.Municipalities[0].Values[werkpad.IndPlacementsUpTo28] != 1 {
			t.Errorf("gemeente Berg en Dal got %+v, want only GM1945 with its one placement", set.Municipalities)
		}
		for _, codes := range [][]string{{"GM0268"}, {"GM1945", "GM0268"}, {"GM9999"}} {
			if _, err := svc.Indicators(gem, h1of2024, codes); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
				t.Errorf("gemeente asking %v: got %v, want notfound", codes, err)
			}
		}
		all, err := svc.Indicators(asUser(MustCreateUser(t, db, "c@mgr.nl", werkpad.RoleController)), h1of2024, nil)
		must(t, err)
		if len(all.Municipalities) != 8 || all.RegionTotals()[werkpad.IndPlacementsUpTo28] != 2 {
			t.Errorf("controller: %d municipalities, region %d placements; want 8 and 2", len(all.Municipalities), all.RegionTotals()[werkpad.IndPlacementsUpTo28])
		}
		for _, role := range []werkpad.Role{werkpad.RoleAdmin, werkpad.RoleEmployerAdviser} {
			u := MustCreateUser(t, db, string(role)+"@werkbedrijf.nl", role)
			if _, err := svc.Indicators(asUser(u), h1of2024, nil); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
				t.Errorf("%s: got %v, want forbidden", role, err)
			}
		}
		if _, err := svc.Indicators(gem, period("2024-01-01", ""), nil); werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("open period: got %v, want invalid", err)
		}
	})
}
