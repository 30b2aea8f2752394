package store_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"

	"werkpad"
	"werkpad/store"
)

// closedReport is the JSON of everything a report of period reads from
// the casework: the indicators of every municipality and the LKS chapter.
func closedReport(t *testing.T, db *store.DB, ctrl *werkpad.User, per werkpad.Period) []byte {
	t.Helper()
	set, err := store.NewIndicatorService(db).Indicators(asUser(ctrl), per, nil)
	must(t, err)
	lks, err := store.NewLKSService(db).LKSChapter(asUser(ctrl), per)
	must(t, err)
	b, err := json.Marshal(struct {
		Set *werkpad.IndicatorSet
		LKS *werkpad.LKSChapter
	}{set, lks})
	must(t, err)
	return b
}

// TestClosedPeriodStaysPut is a property test: after H1 2024 is closed,
// random changes dated after it (moves, new consultants and service lines,
// new placements, exits, enrolments, phases, re-assessed contract hours and
// loonwaarde, wage subsidies granted or ended) leave the period's report
// byte-identical, on both databases.
func TestClosedPeriodStaysPut(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newIndicatorFixture(t, db) // today 2024-12-31
		ctrl := MustCreateUser(t, db, "controller@mgr.nl", werkpad.RoleController)
		cons2 := MustCreateUser(t, db, "consulent2@werkbedrijf.nl", werkpad.RoleConsultant)
		codes := []string{"GM0268", "GM0209", "GM0225", "GM1945"}
		type person struct {
			c         *werkpad.Candidate
			lastMove  werkpad.Date
			lastPhase werkpad.Date
			placement *werkpad.Placement // started after the period
			h1        *werkpad.Placement // started in the period
			lastTerms werkpad.Date
		}
		var people []*person
		for i := range 8 {
			c := f.candidate(func(c *werkpad.Candidate) {
				c.MunicipalityCode = codes[i%len(codes)]
				c.BirthDate = werkpad.MustParseDate(fmt.Sprintf("%d-03-10", 1960+i*6))
				c.Benefits = bijstand("2023-01-01", "")
				if i%3 == 0 {
					c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitNone, Period: period("2023-01-01", "")}}
				}
				if i%2 == 0 {
					c.Indications = []werkpad.Indication{{Kind: werkpad.IndicationJobAgreement, Period: period("2022-01-01", "")}}
				}
				c.Phases = []werkpad.PhasePeriod{{Phase: werkpad.Phases[i%3], Period: period("2023-06-01", "")}}
			})
			pl := f.placement(c, fmt.Sprintf("2024-0%d-01", 1+i%6), "", 20*60+i*2*60, func(p *werkpad.Placement) {
				if i%2 == 1 {
					p.WageSubsidy, p.WageValueBasisPoints, p.ReassessOn = true, 5000+100*i, p.Period.From.AddYears(1)
				}
			})
			f.enrol(c, []string{"wmbu", "ownw"}[i%2], "2024-02-01", "")
			if i%4 == 1 {
				f.exit(c, "2024-05-15", werkpad.ExitWork, pl)
			}
			people = append(people, &person{c: c, lastMove: werkpad.MustParseDate("2024-06-30"), lastPhase: werkpad.MustParseDate("2023-06-01"),
				h1: pl, lastTerms: werkpad.MustParseDate("2024-06-30")})
		}
		before := closedReport(t, db, ctrl, h1of2024)

		svc := store.NewCandidateService(db, testSealer(t))
		today := werkpad.MustParseDate("2024-12-31")
		rng := rand.New(rand.NewSource(14))
		after := func(d werkpad.Date) werkpad.Date { // a day in (d, today]
			return d.AddDays(1 + rng.Intn(d.DaysUntil(today)))
		}
		for step := range 60 {
			p := people[rng.Intn(len(people))]
			var op string
			var err error
			switch rng.Intn(8) {
			case 0, 1:
				if p.lastMove == today {
					continue
				}
				op = "move"
				code := codes[rng.Intn(len(codes))]
				per := after(p.lastMove)
				_, err = svc.UpdateCandidate(f.ctx, p.c.ID, werkpad.CandidateUpdate{MunicipalityCode: &code, Per: per})
				if err == nil {
					p.lastMove = per
				}
			case 2:
				op = "consultant and service line"
				line := werkpad.ServiceLines[rng.Intn(len(werkpad.ServiceLines))]
				id := []int64{f.cons.ID, cons2.ID, 0}[rng.Intn(3)]
				_, err = svc.UpdateCandidate(f.ctx, p.c.ID, werkpad.CandidateUpdate{ServiceLine: &line, ConsultantID: &id,
					Per: werkpad.MustParseDate("2024-07-01").AddDays(rng.Intn(100))})
				if werkpad.ErrorCode(err) == werkpad.EINVALID {
					err = nil // not after the current period's start: refused, fine
				}
			case 3:
				op = "placement"
				start := after(werkpad.MustParseDate("2024-06-30"))
				p.placement = f.placement(p.c, start.String(), "", 10*60+rng.Intn(30)*60, func(pl *werkpad.Placement) {
					pl.WageSubsidy = rng.Intn(2) == 0
					if pl.WageSubsidy {
						pl.WageValueBasisPoints, pl.ReassessOn = 3000+rng.Intn(50)*100, pl.Period.From.AddYears(1)
					}
				})
			case 4:
				op = "exit"
				if p.placement == nil {
					continue
				}
				f.exit(p.c, after(p.placement.Period.From.AddDays(-1)).String(), werkpad.ExitWork, p.placement)
			case 5:
				op = "enrolment"
				f.enrol(p.c, []string{"wmbu", "ownw", "leerwerkplek"}[rng.Intn(3)], after(werkpad.MustParseDate("2024-06-30")).String(), "")
			case 6:
				op = "phase"
				from := after(p.lastPhase)
				if from.Before(werkpad.MustParseDate("2024-07-01")) {
					from = werkpad.MustParseDate("2024-07-01").AddDays(rng.Intn(30))
				}
				cur, err2 := svc.FindCandidateByID(f.ctx, p.c.ID)
				must(t, err2)
				phases := cur.Phases
				last := &phases[len(phases)-1]
				if !from.After(last.Period.From) {
					continue
				}
				last.Period.To = from.AddDays(-1)
				phases = append(phases, werkpad.PhasePeriod{Phase: werkpad.Phases[rng.Intn(3)], Period: werkpad.Period{From: from}})
				_, err = svc.ReplacePhases(f.ctx, p.c.ID, phases)
				if err == nil {
					p.lastPhase = from
				}
			case 7:
				op = "contract hours and loonwaarde"
				if p.lastTerms == today {
					continue
				}
				per := after(p.lastTerms)
				minutes := 8*60 + rng.Intn(30)*60
				upd := werkpad.PlacementUpdate{ContractMinutesPerWeek: &minutes, TermsFrom: &per}
				subsidy := p.h1.WageSubsidy
				if rng.Intn(2) == 0 { // the wage subsidy is granted or ends
					op, subsidy = "wage subsidy granted or ended", !subsidy
					upd.WageSubsidy = &subsidy
					reassess := werkpad.Date{}
					if subsidy {
						reassess = per.AddYears(1)
					}
					upd.ReassessOn = &reassess
				}
				bp := 0
				if subsidy {
					bp = 3000 + rng.Intn(60)*100
				}
				upd.WageValueBasisPoints = &bp
				var pl *werkpad.Placement
				pl, err = f.places.UpdatePlacement(f.ctx, p.h1.ID, upd)
				if err == nil {
					p.lastTerms, p.h1 = per, pl
				}
			}
			if err != nil {
				t.Fatalf("step %d %s: %v", step, op, err)
			}
			if got := closedReport(t, db, ctrl, h1of2024); !bytes.Equal(before, got) {
				t.Fatalf("step %d (%s of candidate %d) changed the report of %s:\nbefore %s\nafter  %s", step, op, p.c.ID, h1of2024, before, got)
			}
		}
		_ = today
	})
}

// TestMoveIsDated: a move as of a date keeps the candidate's earlier
// figures in the old municipality and counts him in the new one from that
// date; a correction rewrites the current period; both are audited apart.
func TestMoveIsDated(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newIndicatorFixture(t, db) // today 2024-12-31
		ctrl := MustCreateUser(t, db, "controller@mgr.nl", werkpad.RoleController)
		c := f.candidate(func(c *werkpad.Candidate) {
			c.MunicipalityCode = "GM0209"
			c.Benefits = bijstand("2023-01-01", "")
		})
		f.placement(c, "2024-03-01", "", 20*60, nil)
		f.placement(c, "2024-09-01", "", 20*60, nil)
		svc := store.NewCandidateService(db, testSealer(t))
		druten := "GM0225"
		if _, err := svc.UpdateCandidate(f.ctx, c.ID, werkpad.CandidateUpdate{MunicipalityCode: &druten, Per: werkpad.MustParseDate("2024-08-01")}); err != nil {
			t.Fatal(err)
		}
		ind := store.NewIndicatorService(db)
		count := func(per werkpad.Period, code string) int64 {
			set, err := ind.Indicators(asUser(ctrl), per, []string{code})
			must(t, err)
			return set.Municipalities[0].Values[werkpad.IndPlacementsUpTo28]
		}
		h2 := period("2024-07-01", "2024-12-31")
		if got := [4]int64{count(h1of2024, "GM0209"), count(h1of2024, "GM0225"), count(h2, "GM0209"), count(h2, "GM0225")}; got != [4]int64{1, 0, 0, 1} {
			t.Errorf("H1 Beuningen, H1 Druten, H2 Beuningen, H2 Druten = %v, want [1 0 0 1]", got)
		}
		// A move may not start on or before the current period's start.
		back := "GM0209"
		if _, err := svc.UpdateCandidate(f.ctx, c.ID, werkpad.CandidateUpdate{MunicipalityCode: &back, Per: werkpad.MustParseDate("2024-08-01")}); werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("move on the day of the last move: %v, want invalid", err)
		}
		if _, err := svc.UpdateCandidate(f.ctx, c.ID, werkpad.CandidateUpdate{MunicipalityCode: &back, Per: werkpad.MustParseDate("2025-01-01")}); werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("move in the future: %v, want invalid", err)
		}
		// A correction: he never lived in Druten but in Heumen from 1 August.
		heumen := "GM0252"
		got, err := svc.UpdateCandidate(f.ctx, c.ID, werkpad.CandidateUpdate{MunicipalityCode: &heumen, Correction: true})
		must(t, err)
		want := []werkpad.AttributePeriod{
			{Attribute: werkpad.HistoryMunicipality, Value: "GM0209", Period: period("1990-05-17", "2024-07-31")},
			{Attribute: werkpad.HistoryMunicipality, Value: "GM0252", Period: period("2024-08-01", "")},
		}
		var gotRes []werkpad.AttributePeriod
		for _, h := range got.History {
			if h.Attribute == werkpad.HistoryMunicipality {
				gotRes = append(gotRes, h)
			}
		}
		if fmt.Sprint(gotRes) != fmt.Sprint(want) {
			t.Errorf("residence history %v, want %v", gotRes, want)
		}
		if n := count(h2, "GM0252"); n != 1 || count(h2, "GM0225") != 0 || count(h1of2024, "GM0209") != 1 {
			t.Errorf("after the correction: H2 Heumen %d, want 1", n)
		}
		actions := rawString(t, db, `SELECT `+map[store.Dialect]string{store.SQLite: "group_concat(action, ',')", store.Postgres: "string_agg(action, ',' ORDER BY id)"}[db.Dialect]+
			` FROM audit_events WHERE entity = 'kandidaat' AND entity_id = ? AND action IN ('wijzigen', 'corrigeren')`, fmt.Sprint(c.ID))
		if actions != "wijzigen,corrigeren" {
			t.Errorf("audit actions %q, want wijzigen,corrigeren", actions)
		}
	})
}

// TestLKSNUGAtTheSubsidyStart: "niet uitkeringsgerechtigd bij instroom"
// reads the income situation on the day the wage subsidy began, also when
// it began after the placement's start (granted as of a day); the chapter
// and the indicator agree.
func TestLKSNUGAtTheSubsidyStart(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newIndicatorFixture(t, db) // today 2024-12-31
		ctrl := MustCreateUser(t, db, "controller@mgr.nl", werkpad.RoleController)
		c := f.candidate(func(c *werkpad.Candidate) {
			c.MunicipalityCode = "GM0209"
			c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: period("2023-01-01", "2024-08-31")},
				{Kind: werkpad.BenefitNone, Period: period("2024-09-01", "")}}
		})
		pl := f.placement(c, "2024-03-01", "", 24*60, nil)
		yes, bp, reassess, per := true, 5500, werkpad.MustParseDate("2025-09-15"), werkpad.MustParseDate("2024-09-15")
		if _, err := f.places.UpdatePlacement(f.ctx, pl.ID, werkpad.PlacementUpdate{WageSubsidy: &yes, WageValueBasisPoints: &bp,
			ReassessOn: &reassess, TermsFrom: &per}); err != nil {
			t.Fatal(err)
		}
		h2 := period("2024-07-01", "2024-12-31")
		set, err := store.NewIndicatorService(db).Indicators(asUser(ctrl), h2, []string{"GM0209"})
		must(t, err)
		ch, err := store.NewLKSService(db).LKSChapter(asUser(ctrl), h2)
		must(t, err)
		var chapterNUG int64
		for _, m := range ch.Municipalities {
			if m.Code == "GM0209" {
				chapterNUG = m.NUG
			}
		}
		if got := set.Municipalities[0].Values[werkpad.IndLKSNUGAtIntake]; got != 1 || chapterNUG != 1 {
			t.Errorf("NUG at the subsidy's start: indicator %d, chapter %d; want 1 (bijstand on the placement's start, NUG on the subsidy's)", got, chapterNUG)
		}
	})
}
