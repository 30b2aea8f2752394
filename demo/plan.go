package demo

import (
	"math"
	"math/rand/v2"

	"werkpad"
	"werkpad/store"
)

// person is one planned candidate with his casework. Ids are given when
// the plan is written; exits refer to placements by index.
type person struct {
	c          werkpad.Candidate
	placements []werkpad.Placement
	fixedHours []bool // the placement's hours class is counted: never adjust
	exits      []plannedExit
	enrolments []werkpad.Enrolment
	wd         bool // has an arbeidsbeperking indication
}

type plannedExit struct {
	date      werkpad.Date
	reason    werkpad.ExitReason
	placement int // index in placements; -1 for none
}

type swPlan struct {
	e        werkpad.SWEmployee
	hist     []store.WerkvormPeriod
	statuses []werkpad.SWStatusPeriod
	sick     []werkpad.SWSickLeave
}

// muniPlan is the scale-1 population of one municipality.
type muniPlan struct {
	code, name string
	persons    []*person
	sw         []swPlan

	shelteredIndications []werkpad.ShelteredIndication
	shelteredEmployments []werkpad.ShelteredEmployment
}

// planner builds one municipality's plan from its targets with its own
// random stream, so that municipalities do not depend on each other.
type planner struct {
	rng  *rand.Rand
	t    *targets
	code string
	plan *muniPlan
}

type ageBand int

const (
	ageMid ageBand = iota
	ageYouth
	ageSenior
	ageAny
)

func (g *planner) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return g.rng.IntN(n)
}

func (g *planner) between(lo, hi int) int { return lo + g.intn(hi-lo+1) }

func (g *planner) chance(pct int) bool { return g.intn(100) < pct }

// day returns a day in [from, to] (from when to is before it).
func (g *planner) day(from, to werkpad.Date) werkpad.Date {
	n := from.DaysUntil(to)
	if n <= 0 {
		return from
	}
	return from.AddDays(g.intn(n + 1))
}

func minDate(a, b werkpad.Date) werkpad.Date {
	if a.Before(b) {
		return a
	}
	return b
}

func maxDate(a, b werkpad.Date) werkpad.Date {
	if a.After(b) {
		return a
	}
	return b
}

// capAsOf turns a date after the demo's last day into an open end.
func capAsOf(d werkpad.Date) werkpad.Date {
	if d.After(asOf) {
		return werkpad.Date{}
	}
	return d
}

// birthFor returns a birth date giving an age in the band on ref.
func (g *planner) birthFor(ref werkpad.Date, band ageBand) werkpad.Date {
	var lo, hi int
	switch band {
	case ageYouth:
		lo, hi = 18, werkpad.YouthAgeBelow-1
	case ageSenior:
		lo, hi = werkpad.SeniorAgeFrom, 64
	case ageMid:
		lo, hi = werkpad.YouthAgeBelow, werkpad.SeniorAgeFrom-1
	default:
		lo, hi = 19, 63
	}
	if band == ageMid { // most candidates are between 27 and 45
		hi = g.between(40, hi)
	}
	a := g.between(lo, hi)
	b := ref.AddYears(-a).AddDays(-g.intn(365))
	for werkpad.AgeAt(b, ref) > a {
		b = b.AddDays(1)
	}
	for werkpad.AgeAt(b, ref) < a {
		b = b.AddDays(-1)
	}
	return b
}

type phaseAt struct {
	phase werkpad.Phase
	from  werkpad.Date
}

// phases turns change points into consecutive phase periods ending on end
// (zero: open). A change on or after the next one, or after end, is dropped.
func phases(changes []phaseAt, end werkpad.Date) []werkpad.PhasePeriod {
	var out []werkpad.PhasePeriod
	for i, ch := range changes {
		if !end.IsZero() && ch.from.After(end) {
			break
		}
		if i+1 < len(changes) && !ch.from.Before(changes[i+1].from) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Phase == ch.phase {
			continue
		}
		if n := len(out); n > 0 {
			out[n-1].Period.To = ch.from.AddDays(-1)
		}
		out = append(out, werkpad.PhasePeriod{Phase: ch.phase, Period: werkpad.Period{From: ch.from}})
	}
	if n := len(out); n > 0 {
		out[n-1].Period.To = end
	}
	return out
}

// newPerson starts a candidate registered on reg.
func (g *planner) newPerson(birth, reg werkpad.Date, line werkpad.ServiceLine) *person {
	return &person{c: werkpad.Candidate{
		BirthDate: birth, MunicipalityCode: g.code, ServiceLine: line, RegisteredOn: reg,
	}}
}

func (p *person) addIndication(kind werkpad.IndicationKind, from werkpad.Date) {
	p.c.Indications = append(p.c.Indications, werkpad.Indication{Kind: kind, Period: werkpad.Period{From: from}})
	if kind.WorkDisability() {
		p.wd = true
	}
}

// Hours per week, in minutes, as contracts are written: part-time on or
// under 28 hours (28:00 itself included), full-time above.
var (
	upTo28Hours = []struct{ minutes, weight int }{{8 * 60, 1}, {12 * 60, 3}, {16 * 60, 5}, {18*60 + 30, 1}, {20 * 60, 8}, {24 * 60, 8}, {25 * 60, 2}, {26 * 60, 1}, {28 * 60, 4}}
	over28Hours = []struct{ minutes, weight int }{{28*60 + 30, 1}, {30 * 60, 2}, {32 * 60, 8}, {34 * 60, 2}, {36 * 60, 10}, {38 * 60, 7}, {40 * 60, 6}}
)

func (g *planner) hours(over bool) int {
	list := upTo28Hours
	if over {
		list = over28Hours
	}
	total := 0
	for _, h := range list {
		total += h.weight
	}
	n := g.intn(total)
	for _, h := range list {
		if n < h.weight {
			return h.minutes
		}
		n -= h.weight
	}
	return list[len(list)-1].minutes
}

func (g *planner) pick(list []string) string { return list[g.intn(len(list))] }

// placement makes a placement of p starting on start.
func (g *planner) placement(p *person, start, end werkpad.Date, minutes int, fixed bool) int {
	ct := werkpad.ContractFixedTerm
	switch n := g.intn(10); {
	case n < 3:
		ct = werkpad.ContractAgency
	case n < 4:
		ct = werkpad.ContractPermanent
	}
	pl := werkpad.Placement{
		MunicipalityCode: g.code, EmployerName: g.pick(employers), Period: werkpad.Period{From: start, To: end},
		ContractMinutesPerWeek: minutes, ContractType: ct,
		SecondmentJob: g.chance(2),
		Sheltered:     p.c.HasIndicationOn(start, werkpad.IndicationSheltered),
	}
	p.placements = append(p.placements, pl)
	p.fixedHours = append(p.fixedHours, fixed)
	return len(p.placements) - 1
}

// placedSpec describes a candidate placed in paid work.
type placedSpec struct {
	benefit      werkpad.BenefitKind
	start, end   werkpad.Date // placement; zero end: open
	minutes      int
	band         ageBand
	wd, sh       bool
	exitOn       werkpad.Date // exit to work (benefit ends); zero: none
	coachingDays int          // phase begeleiden after the start, then deregistered
	fixedHours   bool
}

// placed builds a candidate by the route ontwikkelen → bemiddelen →
// begeleiden, with a benefit from before the start and the placement.
func (g *planner) placed(s placedSpec) *person {
	birth := g.birthFor(s.start, s.band)
	bStart := s.start.AddDays(-g.between(45, 1400))
	if adult := birth.AddYears(17); bStart.Before(adult) {
		bStart = minDate(adult, s.start.AddDays(-45))
	}
	reg := maxDate(bStart, s.start.AddDays(-g.between(30, 540)))
	line := werkpad.ServiceJobMediation
	p := g.newPerson(birth, reg, line)
	switch s.benefit {
	case werkpad.BenefitBijstand:
		p.c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: werkpad.Period{From: bStart, To: s.exitOn}}}
	case werkpad.BenefitNone:
		p.c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitNone, Period: werkpad.Period{From: reg}}}
	default:
		p.c.Benefits = []werkpad.BenefitPeriod{{Kind: s.benefit, Period: werkpad.Period{From: bStart}}}
	}
	if s.wd {
		kind := werkpad.IndicationJobAgreement
		if g.chance(15) {
			kind = werkpad.IndicationSheltered
		}
		p.addIndication(kind, minDate(reg, s.start.AddDays(-30)).AddDays(-g.intn(400)))
	}
	if s.sh {
		p.addIndication(werkpad.IndicationStatusHolder, minDate(reg, s.start.AddDays(-30)).AddDays(-g.between(30, 700)))
	}
	i := g.placement(p, s.start, s.end, s.minutes, s.fixedHours)
	if !s.exitOn.IsZero() {
		p.exits = append(p.exits, plannedExit{date: s.exitOn, reason: werkpad.ExitWork, placement: i})
	}
	dereg := capAsOf(s.start.AddDays(s.coachingDays))
	changes := []phaseAt{{werkpad.PhaseDevelop, reg}}
	if span := reg.DaysUntil(s.start); span > 60 {
		changes = append(changes, phaseAt{werkpad.PhaseMediate, s.start.AddDays(-min(span/2, g.between(30, 150)))})
	} else {
		changes[0].phase = werkpad.PhaseMediate
	}
	changes = append(changes, phaseAt{werkpad.PhaseSupport, s.start})
	p.c.Phases = phases(changes, dereg)
	p.c.DeregisteredOn = dereg
	g.plan.persons = append(g.plan.persons, p)
	return p
}

// build makes the whole municipality: the counted events of both
// periods, the other working candidates with an arbeidsbeperking,
// enrolments, background placements and the Wsw employees.
func (g *planner) build() {
	t1, t2 := g.t.per[0][g.code], g.t.per[1][g.code]
	if !g.t.swOnly[g.code] {
		base1 := t1[werkpad.IndPriorityWorkDisability] + t1[werkpad.IndNUGPriorityWorkDisability]
		base2 := t2[werkpad.IndPriorityWorkDisability] + t2[werkpad.IndNUGPriorityWorkDisability]
		// Part of the candidates with an arbeidsbeperking placed in the
		// first half of 2023 still work in 2024.
		room2 := t2[werkpad.IndWorkDisabilityWorking] - base2
		cont := max(0, min(base1*6/10, room2))
		r1, r2 := t1[werkpad.IndWorkDisabilityWorking]-base1, room2-cont
		if r1 < 0 || r2 < 0 {
			g.t.notef("%s: %s is lager dan de plaatsingen met arbeidsbeperking in die periode; gegenereerd wat de regels toelaten", g.plan.name, werkpad.IndWorkDisabilityWorking.Label())
		}
		r1, r2 = max(r1, 0), max(r2, 0)
		long := min(r1, r2) * 7 / 10
		g.periodPlacements(p1, t1, int(cont))
		g.periodPlacements(p2, t2, 0)
		g.workDisabilityOthers(int(long), int(r1-long), int(r2-long))
		g.backgroundPlacements(t1, t2)
		g.enrolmentRoles(werkpad.IndWorkWithBenefit, int(t1[werkpad.IndWorkWithBenefit]), int(t2[werkpad.IndWorkWithBenefit]), 15)
		g.enrolmentRoles(werkpad.IndOWNWActive, int(t1[werkpad.IndOWNWActive]), int(t2[werkpad.IndOWNWActive]), 30)
	}
	g.swEmployees(int(t1[werkpad.IndSWEmployees]), int(t2[werkpad.IndSWEmployees]))
}

// periodPlacements makes the placements of benefit recipients and NUG
// candidates starting in per, and the exits to work dated in it. The first
// cont placements with arbeidsbeperking stay open (they still run next year).
func (g *planner) periodPlacements(per werkpad.Period, t municipalityTargets, cont int) {
	year := per.From.Y
	for _, kind := range []werkpad.BenefitKind{werkpad.BenefitBijstand, werkpad.BenefitNone} {
		keys := []werkpad.IndicatorKey{werkpad.IndPlacementsUpTo28, werkpad.IndPlacementsOver28,
			werkpad.IndPriorityWorkDisability, werkpad.IndPriorityYouth, werkpad.IndPriority55Plus, werkpad.IndPriorityStatusHolder}
		if kind == werkpad.BenefitNone {
			keys = []werkpad.IndicatorKey{werkpad.IndNUGPlacementsPartTime, werkpad.IndNUGPlacementsFullTime,
				werkpad.IndNUGPriorityWorkDisability, werkpad.IndNUGPriorityYouth, werkpad.IndNUGPriority55Plus, werkpad.IndNUGPriorityStatusHolder}
		}
		up, over := int(t[keys[0]]), int(t[keys[1]])
		total := up + over
		wd, youth, senior, sh := int(t[keys[2]]), int(t[keys[3]]), int(t[keys[4]]), int(t[keys[5]])
		for _, c := range []struct {
			n   *int
			key werkpad.IndicatorKey
		}{{&wd, keys[2]}, {&youth, keys[3]}, {&sh, keys[5]}} {
			if *c.n > total {
				g.t.notef("%s %d: %s = %d is meer dan de %d plaatsingen waarvan het een deel is; %d gegenereerd", g.plan.name, year, c.key.Label(), *c.n, total, total)
				*c.n = total
			}
		}
		if youth+senior > total {
			g.t.notef("%s %d: %s + %s = %d is meer dan de %d plaatsingen (een plaatsing is van een jongere of een 55-plusser, niet beide); %d 55-plussers gegenereerd",
				g.plan.name, year, keys[3].Label(), keys[4].Label(), youth+senior, total, total-youth)
			senior = total - youth
		}
		band := make([]ageBand, total)
		for i, j := range g.rng.Perm(total) {
			switch {
			case i < youth:
				band[j] = ageYouth
			case i < youth+senior:
				band[j] = ageSenior
			}
		}
		isWD, isSH, exits := g.firstOf(total, wd), g.firstOf(total, sh), map[int]bool{}
		exitsIn := 0
		if kind == werkpad.BenefitBijstand {
			e := int(t[werkpad.IndExitsToWork])
			exitsIn = min(total, int(math.Round(0.8*float64(e))))
			exits = g.firstOf(total, exitsIn)
			g.exitsFromEarlierPlacements(per, e-exitsIn)
		}
		for i := range total {
			start := g.day(per.From, per.To)
			s := placedSpec{benefit: kind, start: start, minutes: g.hours(i >= up), band: band[i], wd: isWD[i], sh: isSH[i],
				coachingDays: g.between(150, 200), fixedHours: true}
			if exits[i] {
				s.exitOn = start.AddDays(g.intn(min(60, start.DaysUntil(per.To)) + 1))
			}
			switch {
			case s.wd && cont > 0:
				cont--
				s.coachingDays = g.between(330, 400)
			case s.wd && per == p1:
				s.end = g.day(start.AddDays(30), werkpad.MustParseDate("2023-12-31"))
			case s.wd:
				if g.chance(10) {
					s.end = capAsOf(g.day(start.AddDays(30), asOf))
				}
				s.coachingDays = g.between(330, 400)
			case g.chance(40):
				s.end = capAsOf(g.day(start.AddDays(60), start.AddDays(540)))
			}
			if !s.end.IsZero() && !s.exitOn.IsZero() && s.end.Before(s.exitOn) {
				s.end = werkpad.Date{}
			}
			g.placed(s)
		}
	}
}

// firstOf marks k of n indexes, chosen at random.
func (g *planner) firstOf(n, k int) map[int]bool {
	out := map[int]bool{}
	for i, j := range g.rng.Perm(n) {
		if i < k {
			out[j] = true
		}
	}
	return out
}

// exitsFromEarlierPlacements makes n exits to work dated in per of
// candidates placed in the half-year before it (not counted as placements
// of per).
func (g *planner) exitsFromEarlierPlacements(per werkpad.Period, n int) {
	for range n {
		start := g.day(per.From.AddDays(-184), per.From.AddDays(-1))
		g.placed(placedSpec{benefit: werkpad.BenefitBijstand, start: start, minutes: g.hours(g.chance(45)), band: ageAny,
			exitOn: g.day(per.From, minDate(per.From.AddDays(90), per.To)), coachingDays: g.between(150, 200)})
	}
}

// workDisabilityOthers makes the candidates with an arbeidsbeperking who
// work without being placed from bijstand or NUG in a counted period:
// long-running jobs (counted in both years), jobs that ended in 2023
// (first year only) and jobs that started later (second year only).
// Wajong and other benefits count neither as bijstand nor as NUG.
func (g *planner) workDisabilityOthers(long, only1, only2 int) {
	mk := func(benefit werkpad.BenefitKind, start, end werkpad.Date) {
		s := placedSpec{benefit: benefit, start: start, end: end, minutes: g.hours(g.chance(55)), band: ageAny, wd: true,
			coachingDays: g.between(300, 420)}
		g.placed(s)
	}
	otherOrBijstand := func() werkpad.BenefitKind {
		if g.chance(50) {
			return werkpad.BenefitOther
		}
		return werkpad.BenefitBijstand
	}
	for range long {
		var end werkpad.Date
		if g.chance(15) {
			end = g.day(p2.From, asOf)
		}
		mk(otherOrBijstand(), g.day(werkpad.MustParseDate("2017-01-01"), werkpad.MustParseDate("2022-12-31")), end)
	}
	endOf2023 := werkpad.MustParseDate("2023-12-31")
	for range only1 {
		if g.chance(70) {
			mk(otherOrBijstand(), g.day(werkpad.MustParseDate("2018-01-01"), werkpad.MustParseDate("2022-12-31")), g.day(p1.From, endOf2023))
			continue
		}
		start := g.day(p1.From, p1.To)
		mk(werkpad.BenefitOther, start, g.day(start.AddDays(30), endOf2023))
	}
	for range only2 {
		var end werkpad.Date
		if g.chance(10) {
			end = g.day(p2.From, asOf)
		}
		if g.chance(60) {
			mk(otherOrBijstand(), g.day(werkpad.MustParseDate("2023-07-01"), endOf2023), end)
			continue
		}
		start := g.day(p2.From, p2.To)
		if !end.IsZero() && end.Before(start) {
			end = werkpad.Date{}
		}
		mk(werkpad.BenefitOther, start, end)
	}
}

// backgroundPlacements are placements outside the counted half-years
// (second halves of 2022, 2023 and 2024), some with an exit to work in
// the same half-year.
func (g *planner) backgroundPlacements(t1, t2 municipalityTargets) {
	n1 := int(math.Round(0.3 * float64(t1[werkpad.IndPlacementsUpTo28]+t1[werkpad.IndPlacementsOver28])))
	n2 := int(math.Round(0.3 * float64(t2[werkpad.IndPlacementsUpTo28]+t2[werkpad.IndPlacementsOver28])))
	for _, h := range []struct {
		from, to string
		n        int
	}{{"2022-07-01", "2022-12-31", n1}, {"2023-07-01", "2023-12-31", n1}, {"2024-07-01", "2024-12-31", n2}} {
		from, to := werkpad.MustParseDate(h.from), werkpad.MustParseDate(h.to)
		for range h.n {
			start := g.day(from, to)
			s := placedSpec{benefit: werkpad.BenefitBijstand, start: start, minutes: g.hours(g.chance(45)), band: ageAny, coachingDays: g.between(150, 200)}
			if g.chance(50) {
				s.exitOn = g.day(start, minDate(start.AddDays(60), to))
			}
			g.placed(s)
		}
	}
}
