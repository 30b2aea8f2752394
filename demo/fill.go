package demo

import (
	"slices"

	"werkpad"
)

var periodEnds = [2]werkpad.Date{p1.To, p2.To}

// caseloadOf counts the planned candidates in service on each period's
// last day, by phase (index in werkpad.Phases).
func caseloadOf(plan *muniPlan) (out [2][3]int64) {
	for _, p := range plan.persons {
		for di, d := range periodEnds {
			if !p.c.InServiceOn(d) {
				continue
			}
			if ph, ok := p.c.PhaseOn(d); ok {
				out[di][slices.Index(werkpad.Phases, ph)]++
			}
		}
	}
	return out
}

// fillCaseload adds candidates without counted events (no placements in
// the periods, no work-disability indication, no enrolment of a counted
// kind) until the regional caseload per phase on both report dates is the
// target. The regional shortfall is split over the municipalities in
// proportion to their 2024 activity.
func fillCaseload(t *targets, plans []*muniPlan, planners map[string]*planner) {
	var have [2][3]int64
	var weights []float64
	var codes []string
	counts := map[string][2][3]int64{}
	for _, plan := range plans {
		if t.swOnly[plan.code] {
			continue
		}
		c := caseloadOf(plan)
		counts[plan.code] = c
		for di := range 2 {
			for ph := range 3 {
				have[di][ph] += c[di][ph]
			}
		}
		m := t.per[1][plan.code]
		weights = append(weights, float64(m[werkpad.IndPlacementsUpTo28]+m[werkpad.IndPlacementsOver28]+m[werkpad.IndWorkWithBenefit]+m[werkpad.IndOWNWActive]))
		codes = append(codes, plan.code)
	}
	t.caseloadFromEvents = have
	deficit := map[string]*[2][3]int{}
	for _, code := range codes {
		deficit[code] = &[2][3]int{}
	}
	for di := range 2 {
		for ph := range 3 {
			short := t.region[di].caseload[ph] - have[di][ph]
			if short < 0 {
				t.notef("regio %d: de geijkte gebeurtenissen alleen zetten al %d kandidaten in fase %s op %s, meer dan het doel %d; daarvoor geen aanvulling",
					2023+di, have[di][ph], werkpad.Phases[ph], periodEnds[di].Dutch(), t.region[di].caseload[ph])
				short = 0
			}
			for i, n := range largestRemainder(short, weights) {
				deficit[codes[i]][di][ph] = int(n)
			}
		}
	}
	for _, code := range codes {
		planners[code].fillers(*deficit[code])
	}
}

// fillers makes candidates in service with the phases asked: pairs in
// service on both dates first, then ones on one date only.
func (g *planner) fillers(deficit [2][3]int) {
	var list [2][]werkpad.Phase
	for di := range 2 {
		for ph, n := range deficit[di] {
			for range n {
				list[di] = append(list[di], werkpad.Phases[ph])
			}
		}
	}
	pairs := min(len(list[0]), len(list[1])) * 3 / 4
	for i := range pairs {
		g.filler(list[0][i], list[1][i])
	}
	for _, ph := range list[0][pairs:] {
		g.filler(ph, "")
	}
	for _, ph := range list[1][pairs:] {
		g.filler("", ph)
	}
}

var (
	h2of2022 = werkpad.Period{From: werkpad.MustParseDate("2022-07-01"), To: werkpad.MustParseDate("2022-12-31")}
	h2of2023 = werkpad.Period{From: werkpad.MustParseDate("2023-07-01"), To: werkpad.MustParseDate("2023-12-31")}
)

// filler makes one candidate in phase at1 on 30-6-2023 and at2 on
// 30-6-2024 ("" = not in service then). Begeleiden means a job that
// started in the second half of the year before (not a counted placement).
func (g *planner) filler(at1, at2 werkpad.Phase) {
	var reg, dereg werkpad.Date
	var changes []phaseAt
	var jobStart, jobEnd werkpad.Date
	switch {
	case at1 != "":
		reg = g.day(werkpad.MustParseDate("2019-01-01"), werkpad.MustParseDate("2023-05-31"))
		if at1 == werkpad.PhaseSupport {
			jobStart = g.day(h2of2022.From, h2of2022.To)
			reg = minDate(reg, jobStart.AddDays(-30))
			changes = []phaseAt{{werkpad.PhaseMediate, reg}, {werkpad.PhaseSupport, jobStart}}
		} else {
			changes = []phaseAt{{at1, reg}}
		}
		switch {
		case at2 == "":
			dereg = g.day(p1.To.AddDays(1), endOf2023)
		case at2 != at1:
			change := g.day(h2of2023.From, h2of2023.To)
			if at2 == werkpad.PhaseSupport {
				jobStart = change
			} else if at1 == werkpad.PhaseSupport {
				jobEnd = change.AddDays(-1)
			}
			changes = append(changes, phaseAt{at2, change})
		}
	default:
		reg = g.day(h2of2023.From, p2.To.AddDays(-7))
		if at2 == werkpad.PhaseSupport {
			reg = g.day(h2of2023.From, werkpad.MustParseDate("2023-11-30"))
			jobStart = g.day(reg.AddDays(14), h2of2023.To)
			changes = []phaseAt{{werkpad.PhaseMediate, reg}, {werkpad.PhaseSupport, jobStart}}
		} else {
			changes = []phaseAt{{at2, reg}}
		}
	}
	p := g.newPerson(g.birthFor(reg, ageAny), reg, werkpad.ServiceJobMediation)
	switch n := g.intn(10); {
	case n < 8:
		p.c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitBijstand, Period: werkpad.Period{From: reg.AddDays(-g.intn(200))}}}
	case n < 9:
		p.c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitOther, Period: werkpad.Period{From: reg.AddDays(-g.intn(200))}}}
	default:
		p.c.Benefits = []werkpad.BenefitPeriod{{Kind: werkpad.BenefitNone, Period: werkpad.Period{From: reg}}}
	}
	if g.chance(8) {
		p.addIndication(werkpad.IndicationStatusHolder, reg.AddDays(-g.between(30, 900)))
	}
	if !jobStart.IsZero() {
		g.placement(p, jobStart, jobEnd, g.hours(g.chance(40)), false)
	}
	if g.chance(30) {
		from := g.day(reg, minDate(asOf, reg.AddDays(300)))
		to := capAsOf(from.AddDays(g.between(60, 270)))
		if !dereg.IsZero() && (to.IsZero() || to.After(dereg)) {
			to = dereg
		}
		if !from.After(to) || to.IsZero() {
			p.enrolments = append(p.enrolments, werkpad.Enrolment{MunicipalityCode: g.code, InstrumentCode: g.pick(trajectories),
				Period: werkpad.Period{From: from, To: to}})
		}
	}
	p.c.Phases = phases(changes, dereg)
	p.c.DeregisteredOn = dereg
	g.plan.persons = append(g.plan.persons, p)
}

// lksRef is a placement of a planned candidate.
type lksRef struct {
	p *person
	i int
}

// flagWageSubsidies gives a loonkostensubsidie to placements with an
// arbeidsbeperking so that, on each report date, the running number is
// the municipality's share of the regional target, with the regional
// average hours and loonwaarde.
func flagWageSubsidies(t *targets, plans []*muniPlan, planners map[string]*planner) {
	var candidates [2][]float64
	var codes []string
	active := map[string][3][]lksRef{} // 0: both dates, 1: first only, 2: second only
	for _, plan := range plans {
		var a [3][]lksRef
		for _, p := range plan.persons {
			if !p.wd {
				continue
			}
			for i := range p.placements {
				on1, on2 := p.placements[i].ActiveOn(periodEnds[0]), p.placements[i].ActiveOn(periodEnds[1])
				switch {
				case on1 && on2:
					a[0] = append(a[0], lksRef{p, i})
				case on1:
					a[1] = append(a[1], lksRef{p, i})
				case on2:
					a[2] = append(a[2], lksRef{p, i})
				}
			}
		}
		active[plan.code] = a
		codes = append(codes, plan.code)
		candidates[0] = append(candidates[0], float64(len(a[0])+len(a[1])))
		candidates[1] = append(candidates[1], float64(len(a[0])+len(a[2])))
	}
	share1 := largestRemainder(t.region[0].lks, candidates[0])
	share2 := largestRemainder(t.region[1].lks, candidates[1])
	for ci, code := range codes {
		g, a := planners[code], active[code]
		t1, t2 := int(share1[ci]), int(share2[ci])
		x := min(len(a[0]), t1, t2)
		y1, y2 := t1-x, t2-x
		if y1 > len(a[1]) || y2 > len(a[2]) {
			t.notef("%s: te weinig plaatsingen met arbeidsbeperking voor %d/%d loonkostensubsidies; minder gegenereerd", g.plan.name, t1, t2)
			y1, y2 = min(y1, len(a[1])), min(y2, len(a[2]))
		}
		var sets [3][]lksRef
		for k, n := range []int{x, y1, y2} {
			for _, j := range g.rng.Perm(len(a[k]))[:n] {
				ref := a[k][j]
				pl := &ref.p.placements[ref.i]
				pl.WageSubsidy = true
				pl.WageValueBasisPoints = 250 * g.between(12, 38)
				pl.ReassessOn = pl.Period.From.AddDays(365 * g.between(1, 3))
				sets[k] = append(sets[k], ref)
			}
		}
		// Second date first with what runs then, then the first date with
		// what runs only then.
		tune(g, append(append([]lksRef{}, sets[0]...), sets[2]...), append(append([]lksRef{}, sets[2]...), sets[0]...), t.region[1])
		tune(g, append(append([]lksRef{}, sets[0]...), sets[1]...), sets[1], t.region[0])
	}
}

// tune changes hours (where not counted) and loonwaarde of the adjustable
// subsidies until the averages over running are the regional averages.
func tune(g *planner, running, adjustable []lksRef, r regional) {
	n := int64(len(running))
	if n == 0 {
		return
	}
	var minutes, bp int64
	for _, ref := range running {
		minutes += int64(ref.p.placements[ref.i].ContractMinutesPerWeek)
		bp += int64(ref.p.placements[ref.i].WageValueBasisPoints)
	}
	wantMinutes, wantBP := r.lksHoursHundredth*60*n/100, r.lksWageValueBP*n
	for pass := 0; pass < 200 && (minutes != wantMinutes || bp != wantBP); pass++ {
		changed := false
		for _, ref := range adjustable {
			pl := &ref.p.placements[ref.i]
			if d := wantMinutes - minutes; d != 0 && !ref.p.fixedHours[ref.i] {
				step := max(min(d, 120), -120)
				nm := max(min(int64(pl.ContractMinutesPerWeek)+step, werkpad.MaxContractMinutesPerWeek), 12*60)
				minutes += nm - int64(pl.ContractMinutesPerWeek)
				changed = changed || nm != int64(pl.ContractMinutesPerWeek)
				pl.ContractMinutesPerWeek = int(nm)
			}
			if d := wantBP - bp; d != 0 {
				step := max(min(d, 500), -500)
				nb := max(min(int64(pl.WageValueBasisPoints)+step, 9500), 2000)
				bp += nb - int64(pl.WageValueBasisPoints)
				changed = changed || nb != int64(pl.WageValueBasisPoints)
				pl.WageValueBasisPoints = int(nb)
			}
		}
		if !changed {
			break
		}
	}
}
