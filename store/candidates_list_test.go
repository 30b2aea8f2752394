package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/demo"
	"werkpad/store"
)

func period(from, to string) werkpad.Period {
	p := werkpad.Period{From: werkpad.MustParseDate(from)}
	if to != "" {
		p.To = werkpad.MustParseDate(to)
	}
	return p
}

// surnames returns the surnames of a list, in order.
func surnames(cs []*werkpad.Candidate) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Surname)
	}
	return out
}

func TestCandidateListFilters(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2024-07-01")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		cons2 := MustCreateUser(t, db, "d@werkbedrijf.nl", werkpad.RoleConsultant)
		svc := store.NewCandidateService(db, testSealer(t))
		mk := func(i int, surname, given, gm string, line werkpad.ServiceLine, edit func(c *werkpad.Candidate)) {
			MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) {
				c.BSN, c.Surname, c.GivenName, c.MunicipalityCode, c.ServiceLine = testBSNs[i], surname, given, gm, line
				if edit != nil {
					edit(c)
				}
			})
		}
		mk(0, "Jansen", "Piet", "GM0268", werkpad.ServiceJobMediation, func(c *werkpad.Candidate) {
			c.ConsultantID = cons.ID
			c.Phases = []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: period("2024-01-15", "2024-05-31")},
				{Phase: werkpad.PhaseMediate, Period: period("2024-06-01", "")}}
		})
		mk(1, "de Boer", "Anna", "GM0268", werkpad.ServiceOWNW, func(c *werkpad.Candidate) {
			c.Surname, c.Infix = "Boer", "de"
			c.ConsultantID = cons2.ID
			c.BirthDate = werkpad.MustParseDate("1965-03-01")
			c.Phases = []werkpad.PhasePeriod{{Phase: werkpad.PhaseDevelop, Period: period("2024-01-15", "")}}
		})
		mk(2, "Jacobs", "Özlem", "GM1945", werkpad.ServiceJobMediation, func(c *werkpad.Candidate) {
			c.DeregisteredOn = werkpad.MustParseDate("2024-03-31")
		})
		mk(3, "Bakker", "Jan_", "GM0209", werkpad.ServiceSW, nil)
		mk(4, "Willems", "Jannie", "GM0268", werkpad.ServiceJobMediation, nil)

		ctx := asUser(cons)
		for _, tt := range []struct {
			name  string
			f     werkpad.CandidateFilter
			want  []string
			total int
		}{
			{"all, by surname", werkpad.CandidateFilter{}, []string{"Bakker", "Boer", "Jacobs", "Jansen", "Willems"}, 5},
			{"municipality", werkpad.CandidateFilter{Municipality: "GM0268"}, []string{"Boer", "Jansen", "Willems"}, 3},
			{"service line", werkpad.CandidateFilter{ServiceLine: werkpad.ServiceOWNW}, []string{"Boer"}, 1},
			{"consultant", werkpad.CandidateFilter{ConsultantID: cons.ID}, []string{"Jansen"}, 1},
			{"phase today", werkpad.CandidateFilter{Phase: werkpad.PhaseDevelop}, []string{"Boer"}, 1},
			{"phase on a past date", werkpad.CandidateFilter{Phase: werkpad.PhaseDevelop, On: werkpad.MustParseDate("2024-05-31")}, []string{"Boer", "Jansen"}, 2},
			{"in service", werkpad.CandidateFilter{InService: true}, []string{"Bakker", "Boer", "Jansen", "Willems"}, 4},
			{"in service on a past date", werkpad.CandidateFilter{InService: true, On: werkpad.MustParseDate("2024-03-31")}, []string{"Bakker", "Boer", "Jacobs", "Jansen", "Willems"}, 5},
			{"name prefix, any case", werkpad.CandidateFilter{Name: "JA"}, []string{"Bakker", "Jacobs", "Jansen", "Willems"}, 4},
			{"name two words", werkpad.CandidateFilter{Name: "jan wil"}, []string{"Willems"}, 1},
			{"name not infix", werkpad.CandidateFilter{Name: "de"}, []string{}, 0},
			{"name non-ascii", werkpad.CandidateFilter{Name: "özl"}, []string{"Jacobs"}, 1},
			{"name wildcard is literal", werkpad.CandidateFilter{Name: "jan_"}, []string{"Bakker"}, 1},
			{"name percent is literal", werkpad.CandidateFilter{Name: "%"}, []string{}, 0},
			{"name, a full page of two", werkpad.CandidateFilter{Name: "ja", Page: werkpad.Page{Offset: 1, Limit: 2}}, []string{"Jacobs", "Jansen"}, 4},
			{"name, last page", werkpad.CandidateFilter{Name: "ja", Page: werkpad.Page{Offset: 3, Limit: 2}}, []string{"Willems"}, 4},
			{"name, beyond", werkpad.CandidateFilter{Name: "ja", Page: werkpad.Page{Offset: 8, Limit: 2}}, []string{}, 4},
			{"name, descending", werkpad.CandidateFilter{Name: "ja", Descending: true}, []string{"Willems", "Jansen", "Jacobs", "Bakker"}, 4},
			{"name and municipality", werkpad.CandidateFilter{Name: "ja", Municipality: "GM0268"}, []string{"Jansen", "Willems"}, 2},
			{"name and service line", werkpad.CandidateFilter{Name: "ja", ServiceLine: werkpad.ServiceJobMediation}, []string{"Jacobs", "Jansen", "Willems"}, 3},
			{"birth date", werkpad.CandidateFilter{BirthDate: werkpad.MustParseDate("1965-03-01")}, []string{"Boer"}, 1},
			{"page 2", werkpad.CandidateFilter{Page: werkpad.Page{Offset: 2, Limit: 2}}, []string{"Jacobs", "Jansen"}, 5},
			{"last page", werkpad.CandidateFilter{Page: werkpad.Page{Offset: 4, Limit: 2}}, []string{"Willems"}, 5},
			{"beyond", werkpad.CandidateFilter{Page: werkpad.Page{Offset: 10, Limit: 2}}, []string{}, 5},
			{"sort by birth date", werkpad.CandidateFilter{Sort: werkpad.SortByBirthDate}, []string{"Boer", "Bakker", "Jacobs", "Jansen", "Willems"}, 5},
			{"sort by birth date, descending", werkpad.CandidateFilter{Sort: werkpad.SortByBirthDate, Descending: true}, []string{"Willems", "Jansen", "Jacobs", "Bakker", "Boer"}, 5},
			{"sort by municipality", werkpad.CandidateFilter{Sort: werkpad.SortByMunicipality}, []string{"Bakker", "Boer", "Jansen", "Willems", "Jacobs"}, 5},
			{"sort by phase, none last", werkpad.CandidateFilter{Sort: werkpad.SortByPhase}, []string{"Boer", "Jansen", "Bakker", "Jacobs", "Willems"}, 5},
			{"sort by phase on a past date", werkpad.CandidateFilter{Sort: werkpad.SortByPhase, On: werkpad.MustParseDate("2024-05-31")}, []string{"Boer", "Jansen", "Bakker", "Jacobs", "Willems"}, 5},
			{"sort by name, descending, paged", werkpad.CandidateFilter{Descending: true, Page: werkpad.Page{Limit: 2}}, []string{"Willems", "Jansen"}, 5},
		} {
			got, total, err := svc.FindCandidates(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if diff := cmp.Diff(tt.want, surnames(got)); diff != "" || total != tt.total {
				t.Errorf("%s: total %d, want %d; (-want +got):\n%s", tt.name, total, tt.total, diff)
			}
		}
		// Lists carry the dated lists and a masked BSN.
		got, _, _ := svc.FindCandidates(ctx, werkpad.CandidateFilter{Name: "jansen"})
		if len(got) != 1 || len(got[0].Phases) != 2 || got[0].BSN != werkpad.MaskBSN(testBSNs[0]) {
			t.Errorf("list entry: %+v", got)
		}
		if _, _, err := svc.FindCandidates(ctx, werkpad.CandidateFilter{Phase: "x"}); werkpad.ErrorField(err) != "fase" {
			t.Errorf("bad phase: %v", err)
		}

		// The phase filter within a scope or a municipality reads that
		// municipality's phase periods: after a move they follow the person.
		moved := "GM1945"
		if _, err := svc.UpdateCandidate(ctx, got[0].ID, werkpad.CandidateUpdate{MunicipalityCode: &moved, Per: werkpad.MustParseDate("2024-07-01")}); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name string
			ctx  context.Context
			f    werkpad.CandidateFilter
			want []string
		}{
			{"new municipality's user", asUser(MustCreateUser(t, db, "g@bergendal.nl", werkpad.RoleMunicipality, "GM1945")), werkpad.CandidateFilter{Phase: werkpad.PhaseMediate}, []string{"Jansen"}},
			{"old municipality's user", asUser(MustCreateUser(t, db, "g@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")), werkpad.CandidateFilter{Phase: werkpad.PhaseMediate}, []string{}},
			{"filter on the new municipality", ctx, werkpad.CandidateFilter{Phase: werkpad.PhaseMediate, Municipality: "GM1945"}, []string{"Jansen"}},
			{"filter on the old municipality", ctx, werkpad.CandidateFilter{Phase: werkpad.PhaseMediate, Municipality: "GM0268"}, []string{}},
			{"filter on the old municipality, another phase", ctx, werkpad.CandidateFilter{Phase: werkpad.PhaseDevelop, Municipality: "GM0268"}, []string{"Boer"}},
		} {
			list, total, err := svc.FindCandidates(tt.ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if diff := cmp.Diff(tt.want, surnames(list)); diff != "" || total != len(tt.want) {
				t.Errorf("after a move, %s: total %d; (-want +got):\n%s", tt.name, total, diff)
			}
		}

		// Someone whose surname and given name both start with the word is
		// listed once (PostgreSQL reads the two names' indexes apart), and
		// a municipality's user finds only the scope's.
		mk(5, "Jansma", "Jan", "GM0268", werkpad.ServiceJobMediation, nil)
		nijmegen := asUser(MustCreateUser(t, db, "h@nijmegen.nl", werkpad.RoleMunicipality, "GM0268"))
		for _, tt := range []struct {
			name string
			ctx  context.Context
			want []string
		}{
			{"region", ctx, []string{"Bakker", "Jansen", "Jansma", "Willems"}},
			{"Nijmegen's user", nijmegen, []string{"Jansma", "Willems"}},
		} {
			list, total, err := svc.FindCandidates(tt.ctx, werkpad.CandidateFilter{Name: "jan"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, surnames(list)); diff != "" || total != len(tt.want) {
				t.Errorf("name in both names, %s: total %d; (-want +got):\n%s", tt.name, total, diff)
			}
		}
	})
}

// TestCandidateFocusGroupFilter checks that the SQL focus-group filter
// agrees with werkpad.InFocusGroup, the rule the reports are defined by.
func TestCandidateFocusGroupFilter(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		fixedClock(db, "2025-06-30")
		cons := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		svc := store.NewCandidateService(db, testSealer(t))
		specs := []func(c *werkpad.Candidate){
			func(c *werkpad.Candidate) { c.BirthDate = werkpad.MustParseDate("1997-06-30") }, // 27 on 2024-06-30
			func(c *werkpad.Candidate) { c.BirthDate = werkpad.MustParseDate("1997-07-01") }, // 26 on 2024-06-30
			func(c *werkpad.Candidate) { c.BirthDate = werkpad.MustParseDate("1996-02-29") }, // leap-day birthday
			func(c *werkpad.Candidate) { c.BirthDate = werkpad.MustParseDate("1969-06-30") }, // 55 on 2024-06-30
			func(c *werkpad.Candidate) { c.BirthDate = werkpad.MustParseDate("1969-07-01") },
			func(c *werkpad.Candidate) {
				c.Indications = []werkpad.Indication{{Kind: werkpad.IndicationStatusHolder, Period: period("2024-02-01", "2024-06-29")}}
			},
			func(c *werkpad.Candidate) {
				c.Indications = []werkpad.Indication{{Kind: werkpad.IndicationSheltered, Period: period("2024-01-01", "")},
					{Kind: werkpad.IndicationJobAgreement, Period: period("2023-01-01", "")}}
			},
			func(c *werkpad.Candidate) { // a spell that started in 2023 and was re-recorded in 2024: not new
				c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: period("2023-05-01", "2024-01-31")},
					{Kind: werkpad.BenefitBijstand, Period: period("2024-02-01", "")}}
			},
			func(c *werkpad.Candidate) { // a gap: new spell from 2024-03-01
				c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: period("2022-05-01", "2024-01-31")},
					{Kind: werkpad.BenefitNone, Period: period("2024-02-01", "2024-02-29")},
					{Kind: werkpad.BenefitBijstand, Period: period("2024-03-01", "2024-04-30")}}
			},
			func(c *werkpad.Candidate) {
				c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: period("2023-07-01", "")}}
			},
		}
		var all []*werkpad.Candidate
		nonEmpty := 0
		for i, edit := range specs {
			all = append(all, MustCreateCandidate(t, db, cons, func(c *werkpad.Candidate) {
				c.BSN, c.RegisteredOn = testBSNs[i], werkpad.MustParseDate("2020-01-01")
				c.BirthDate = werkpad.MustParseDate("1985-01-01")
				edit(c)
			}))
		}
		for _, on := range []string{"2023-06-30", "2024-02-28", "2024-02-29", "2024-03-01", "2024-06-29", "2024-06-30", "2024-07-01", "2025-02-28", "2025-03-01", "2025-06-30"} {
			ref := werkpad.MustParseDate(on)
			for _, g := range werkpad.FocusGroupList {
				want := []int64{}
				for _, c := range all {
					if werkpad.InFocusGroup(c, g, ref) {
						want = append(want, c.ID)
					}
				}
				got, total, err := svc.FindCandidates(asUser(cons), werkpad.CandidateFilter{FocusGroup: g, On: ref, Page: werkpad.Page{Limit: 100}})
				if err != nil {
					t.Fatal(err)
				}
				ids := []int64{}
				for _, c := range got {
					ids = append(ids, c.ID)
				}
				slices.Sort(ids)
				if len(want) > 0 {
					nonEmpty++
				}
				if diff := cmp.Diff(want, ids); diff != "" || total != len(want) {
					t.Errorf("%s on %s: (-domain +store):\n%s", g, on, diff)
				}
			}
		}
		if nonEmpty < 30 {
			t.Errorf("only %d non-empty cases: the test data no longer exercises the filter", nonEmpty)
		}
	})
}

// TestPhaseListMatchesRecords checks the phase filter of the candidate
// list, whichever way it is read (a walk in name order asking each
// candidate, or the set of the phase's people), against the phases of the
// records themselves: on the demo region, for the region and a
// municipality's user, with a municipality filter, on several days, for
// every phase, both name orders and a deep page.
func TestPhaseListMatchesRecords(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Generate(context.Background(), db, testSealer(t), demo.Options{Scale: 1, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		svc := store.NewCandidateService(db, testSealer(t))
		ctrl := asUser(MustCreateUser(t, db, "ctl@mgr.nl", werkpad.RoleController))
		gem := asUser(MustCreateUser(t, db, "w@wijchen.nl", werkpad.RoleMunicipality, "GM0296"))
		// Every candidate with his phases, in name order.
		var all []*werkpad.Candidate
		for off := 0; ; off += 500 {
			page, _, err := svc.FindCandidates(ctrl, werkpad.CandidateFilter{Page: werkpad.Page{Limit: 500, Offset: off}})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, page...)
			if len(page) < 500 {
				break
			}
		}
		ids := func(cs []*werkpad.Candidate) []int64 {
			out := make([]int64, len(cs))
			for i, c := range cs {
				out[i] = c.ID
			}
			return out
		}
		for _, walk := range []int{0, 1 << 30} { // the set; the walk
			undo := store.SetPhaseWalkRows(walk)
			for _, who := range []struct {
				name, municipality, filter string
				ctx                        context.Context
			}{{"region", "", "", ctrl}, {"region, filter Nijmegen", "GM0268", "GM0268", ctrl}, {"Wijchen's user", "GM0296", "", gem}} {
				for _, day := range []string{"2023-06-30", "2024-06-30", "2024-12-31"} {
					for _, ph := range werkpad.Phases {
						var want []*werkpad.Candidate
						for _, c := range all {
							if got, ok := c.PhaseOn(date(day)); ok && got == ph && (who.municipality == "" || c.MunicipalityCode == who.municipality) {
								want = append(want, c)
							}
						}
						for _, desc := range []bool{false, true} {
							w := slices.Clone(want)
							if desc {
								slices.Reverse(w)
							}
							for _, pg := range []werkpad.Page{{Limit: 50}, {Limit: 20, Offset: 130}} {
								got, total, err := svc.FindCandidates(who.ctx, werkpad.CandidateFilter{Phase: ph, On: date(day),
									Municipality: who.filter, Descending: desc, Page: pg})
								if err != nil {
									t.Fatal(err)
								}
								end := min(pg.Offset+pg.Limit, len(w))
								exp := w[min(pg.Offset, end):end]
								if total != len(want) || !slices.Equal(ids(got), ids(exp)) {
									t.Fatalf("walk %d, %s, %s, %s, desc %v, page %+v: total %d, want %d; page %v, want %v",
										walk, who.name, day, ph, desc, pg, total, len(want), ids(got), ids(exp))
								}
							}
						}
						if len(want) == 0 {
							t.Logf("%s %s %s: nobody", who.name, day, ph)
						}
					}
				}
			}
			undo()
		}
	})
}
