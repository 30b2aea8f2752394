package demo

import (
	"cmp"
	"math"
	"slices"

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
		g.t.notef("%s: meer SW-medewerkers in 2024 (%d) dan in 2023 (%d), terwijl de Wsw niemand nieuw toelaat; %d gegenereerd met een begin voor 2015", g.plan.name, n2, n1, n2)
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
	g.placeLocations()
}

// Quarter ends of 2024 whose "werken op locatie" the seed prints.
var (
	q1End = werkpad.MustParseDate("2024-03-31")
	q2End = p2.To
)

// placeLocations gives the employees in service on 31 March and 30 June
// 2024 the rows of "werken op locatie" so that the headcount per row comes
// as close to the printed shares as whole people allow (largest remainder
// of share × headcount): first the Q2 rows of those in service on 30 June,
// then the Q1 rows, filled by those who left during Q2 and, where that is
// not enough, by a werkvorm or status change on 1 April. Statuses
// (leegloop, niet beschikbaar) lie over an unchanged werkvorm.
func (g *planner) placeLocations() {
	shares, ok := g.t.locations[g.code]
	if !ok {
		return
	}
	var in1, in2 []int
	for i, s := range g.plan.sw {
		if s.e.InServiceOn(q1End) {
			in1 = append(in1, i)
		}
		if s.e.InServiceOn(q2End) {
			in2 = append(in2, i)
		}
	}
	row1, row2 := map[int]werkpad.LocationRow{}, map[int]werkpad.LocationRow{}
	c2 := quota(shares[1], len(in2))
	k := 0
	for _, r := range werkpad.LocationRows {
		for range c2[r] {
			row2[in2[k]] = r
			k++
		}
	}
	c1 := quota(shares[0], len(in1))
	need := map[werkpad.LocationRow]int{}
	for _, r := range werkpad.LocationRows {
		need[r] = c1[r]
	}
	var leavers []int
	for _, i := range in1 {
		if r, ok := row2[i]; ok {
			row1[i] = r
			need[r]--
		} else {
			leavers = append(leavers, i)
		}
	}
	for _, i := range leavers {
		for _, r := range werkpad.LocationRows {
			if need[r] > 0 {
				row1[i], need[r] = r, need[r]-1
				break
			}
		}
	}
	// Rows still short take stayers from rows with too many on 31 March.
	for _, short := range werkpad.LocationRows {
		for _, i := range in1 {
			if need[short] <= 0 {
				break
			}
			if r := row1[i]; need[r] < 0 {
				row1[i] = short
				need[r]++
				need[short]--
			}
		}
	}
	for i := range g.plan.sw {
		s := &g.plan.sw[i]
		r1, has1 := row1[i]
		r2, has2 := row2[i]
		if !has1 && !has2 {
			continue
		}
		w2 := s.e.Werkvorm
		if has2 && werkpad.Werkvorm(r2).Valid() {
			w2 = werkpad.Werkvorm(r2)
		}
		w1 := w2
		if has1 && werkpad.Werkvorm(r1).Valid() {
			w1 = werkpad.Werkvorm(r1)
		}
		if !has2 {
			w2 = w1
		}
		s.e.Werkvorm = w2
		if w1 != w2 {
			s.hist = []store.WerkvormPeriod{
				{Werkvorm: w1, Period: werkpad.Period{From: s.e.Period.From, To: q1End}},
				{Werkvorm: w2, Period: werkpad.Period{From: q1End.AddDays(1), To: s.e.Period.To}},
			}
		} else {
			s.hist = []store.WerkvormPeriod{{Werkvorm: w2, Period: s.e.Period}}
		}
		s.statuses = nil
		since := werkpad.MustParseDate("2023-11-01")
		switch st1, st2 := werkpad.SWStatus(r1), werkpad.SWStatus(r2); {
		case has1 && has2 && st1 == st2 && st1.Valid():
			s.statuses = append(s.statuses, werkpad.SWStatusPeriod{Status: st1, Period: werkpad.Period{From: since, To: s.e.Period.To}})
		default:
			if has1 && st1.Valid() {
				s.statuses = append(s.statuses, werkpad.SWStatusPeriod{Status: st1, Period: werkpad.Period{From: since, To: endBy(q1End, s.e.Period.To)}})
			}
			if has2 && st2.Valid() {
				s.statuses = append(s.statuses, werkpad.SWStatusPeriod{Status: st2, Period: werkpad.Period{From: q1End.AddDays(1), To: s.e.Period.To}})
			}
		}
	}
}

// endBy returns the earlier of d and end, d when end is open.
func endBy(d, end werkpad.Date) werkpad.Date {
	if end.IsZero() {
		return d
	}
	return minDate(d, end)
}

// quota divides n people over the rows by the printed percentages with
// the largest-remainder method (ties in report order), so that the counts
// add up to n and each is within one person of share × n.
func quota(shares map[werkpad.LocationRow]float64, n int) map[werkpad.LocationRow]int {
	var total float64
	for _, r := range werkpad.LocationRows {
		total += shares[r]
	}
	out := map[werkpad.LocationRow]int{}
	if total <= 0 || n == 0 {
		return out
	}
	type rem struct {
		r werkpad.LocationRow
		f float64
	}
	var rems []rem
	left := n
	for _, r := range werkpad.LocationRows {
		x := shares[r] / total * float64(n)
		out[r] = int(math.Floor(x))
		left -= out[r]
		rems = append(rems, rem{r, x - math.Floor(x)})
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.f, a.f) })
	for i := 0; i < left; i++ {
		out[rems[i].r]++
	}
	return out
}
