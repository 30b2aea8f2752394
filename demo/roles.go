package demo

import (
	"math"

	"werkpad"
	"werkpad/store"
)

var endOf2023 = werkpad.MustParseDate("2023-12-31")

// enrolmentRoles makes the candidates of "werkplek met behoud van
// uitkering" or "Op Weg Naar Werk": n1 active in the first half of 2023,
// n2 in the first half of 2024, overlapPct% of the smaller group in both
// (an enrolment from spring 2023 into 2024). Every enrolment lasts two to
// nine months; a first-year one ends in 2023, a second-year one starts
// after June 2023, so that none leaks into the other year's count.
func (g *planner) enrolmentRoles(key werkpad.IndicatorKey, n1, n2, overlapPct int) {
	both := min(n1, n2) * overlapPct / 100
	mk := func(start, end werkpad.Date) {
		g.enrolled(key, start, end)
	}
	for range both {
		start := g.day(werkpad.MustParseDate("2023-05-01"), p1.To)
		mk(start, g.day(p2.From, start.AddDays(270)))
	}
	for range n1 - both {
		start := g.day(werkpad.MustParseDate("2022-05-01"), p1.To)
		end := start.AddDays(g.between(61, 270))
		if end.Before(p1.From) {
			end = g.day(p1.From, minDate(start.AddDays(270), endOf2023))
		}
		if end.After(endOf2023) {
			end = endOf2023.AddDays(-g.intn(30))
		}
		mk(start, end)
	}
	for range n2 - both {
		start := g.day(werkpad.MustParseDate("2023-07-01"), p2.To)
		end := start.AddDays(g.between(61, 270))
		if end.Before(p2.From) {
			end = g.day(p2.From, start.AddDays(270))
		}
		mk(start, capAsOf(end))
	}
}

// enrolled makes a candidate on bijstand enrolled in an instrument of the
// indicator's kind from start to end (zero: still running).
func (g *planner) enrolled(key werkpad.IndicatorKey, start, end werkpad.Date) {
	bStart := start.AddDays(-g.between(30, 900))
	reg := maxDate(bStart, start.AddDays(-g.between(14, 240)))
	line := werkpad.ServiceJobMediation
	if key == werkpad.IndOWNWActive {
		line = werkpad.ServiceOWNW
	}
	p := g.newPerson(g.birthFor(reg, ageAny), reg, line)
	p.c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: werkpad.Period{From: bStart}}}
	e := werkpad.Enrolment{MunicipalityCode: g.code, Period: werkpad.Period{From: start, To: end}}
	if key == werkpad.IndWorkWithBenefit {
		switch n := g.intn(100); {
		case n < 60:
			e.InstrumentCode = "wmbu"
		case n < 85:
			e.InstrumentCode = "leerwerkplek"
		default:
			e.InstrumentCode = "taalstage"
			p.addIndication(werkpad.IndicationStatusHolder, reg.AddDays(-g.between(30, 900)))
		}
		e.WorkWithBenefit = &werkpad.WorkWithBenefitDetails{MinutesPerWeek: 60 * g.between(8, 32), HostOrganisation: g.pick(hosts)}
		if !end.IsZero() {
			no := false
			e.WorkWithBenefit.ToPaidWork = &no
		}
	} else {
		e.InstrumentCode = "ownw"
		e.OWNW = &werkpad.OWNWDetails{DaypartsPerWeek: g.between(2, 6), Provider: g.pick(providers)}
		if !end.IsZero() {
			e.OWNW.Outcome = []werkpad.OWNWOutcome{werkpad.OWNWToWorkWithBenefit, werkpad.OWNWToVolunteering, werkpad.OWNWToEducation, werkpad.OWNWStopped}[g.intn(4)]
		}
	}
	// Some had a trajectory before (not counted in either indicator).
	if g.chance(25) && reg.DaysUntil(start) > 120 {
		from := g.day(reg, start.AddDays(-120))
		p.enrolments = append(p.enrolments, werkpad.Enrolment{MunicipalityCode: g.code, InstrumentCode: g.pick(trajectories),
			Period: werkpad.Period{From: from, To: from.AddDays(g.between(30, 100))}})
	}
	p.enrolments = append(p.enrolments, e)
	changes := []phaseAt{{werkpad.PhaseDevelop, reg}}
	var dereg werkpad.Date
	if !end.IsZero() {
		changes = append(changes, phaseAt{werkpad.PhaseMediate, end.AddDays(1)})
		if g.chance(65) {
			dereg = capAsOf(end.AddDays(g.between(14, 120)))
		}
		if g.chance(10) { // left the benefit for study, a move or another reason
			dereg = end
			p.c.Benefits[0].Period.To = end
			p.exits = append(p.exits, plannedExit{date: end, reason: []werkpad.ExitReason{werkpad.ExitStudy, werkpad.ExitMoved, werkpad.ExitOther}[g.intn(3)], placement: -1})
		}
	}
	p.c.Phases = phases(changes, dereg)
	p.c.DeregisteredOn = dereg
	g.plan.persons = append(g.plan.persons, p)
}

// swEmployees makes the Wsw employees: n2 in service on both last days
// (Wsw has taken no one new since 2015, so nobody starts in between),
// n1−n2 who left between the two, and some who left before.
func (g *planner) swEmployees(n1, n2 int) {
	if n2 > n1 {
		g.t.notef("%s: more SW employees in 2024 (%d) than in 2023 (%d), while the Wsw takes no one new; generated %d starting before 2015", g.plan.name, n2, n1, n2)
		n1 = n2
	}
	shares := g.t.werkvorm[g.code]
	if len(shares) == 0 {
		shares = map[werkpad.Werkvorm]float64{werkpad.WerkvormGroupSecondment: 50, werkpad.WerkvormIndividualSecondment: 30, werkpad.WerkvormShelteredInside: 10, werkpad.WerkvormSupportedEmployment: 10}
	}
	vorm := func() werkpad.Werkvorm {
		total := 0.0
		for _, w := range werkpad.Werkvormen {
			total += shares[w]
		}
		x := g.rng.Float64() * total
		for _, w := range werkpad.Werkvormen {
			if x < shares[w] {
				return w
			}
			x -= shares[w]
		}
		return werkpad.WerkvormGroupSecondment
	}
	mk := func(end werkpad.Date) {
		start := g.day(werkpad.MustParseDate("1988-01-01"), werkpad.MustParseDate("2014-12-31"))
		se := werkpad.SEThousandths * g.between(6, 10) / 10
		if g.chance(15) {
			se = se * 128 / 100
		}
		e := werkpad.SWEmployee{MunicipalityCode: g.code, SEThousandths: se, Werkvorm: vorm(), Period: werkpad.Period{From: start, To: end}}
		var hist []store.WerkvormPeriod
		if g.chance(20) { // changed werkvorm once
			last := end
			if last.IsZero() {
				last = asOf
			}
			change := g.day(start.AddDays(365), last)
			prev := vorm()
			if prev != e.Werkvorm && change.After(start) {
				hist = []store.WerkvormPeriod{
					{Werkvorm: prev, Period: werkpad.Period{From: start, To: change.AddDays(-1)}},
					{Werkvorm: e.Werkvorm, Period: werkpad.Period{From: change, To: end}},
				}
			}
		}
		if hist == nil {
			hist = []store.WerkvormPeriod{{Werkvorm: e.Werkvorm, Period: e.Period}}
		}
		g.plan.sw = append(g.plan.sw, swPlan{e: e, hist: hist})
	}
	for range n2 {
		var end werkpad.Date
		if g.chance(4) { // retires after the second report date
			end = g.day(p2.To.AddDays(1), asOf)
		}
		mk(end)
	}
	for range n1 - n2 {
		mk(g.day(p1.To.AddDays(1), p2.To.AddDays(-1)))
	}
	for range int(math.Round(0.1 * float64(n1))) {
		mk(g.day(werkpad.MustParseDate("2020-01-01"), p1.To.AddDays(-1)))
	}
}
