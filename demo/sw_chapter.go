package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"werkpad"
	"werkpad/report/published"
)

// swChapterTargets are the regional figures of the SW chapter that the
// demo calibrates to: sick leave per werkvorm over the first half of 2024,
// the dienstverbanden beschut werk, and the toegevoegde waarde per fte.
type swChapterTargets struct {
	absence         map[werkpad.Werkvorm]werkpad.Tenths
	shelteredStart  int64 // dienstverbanden beschut started in p2
	shelteredAtEnd  int64 // running on p2.To
	uwvAdvices      int64 // indications beschut dated up to the end of 2023
	budgetCents     int64 // toegevoegde waarde per fte, begroot
	forecastCents   int64 // and prognose
	centsPerHour    int64 // not printed
	fteThousandths  int64 // fte per Wsw employee at WerkBedrijf, not printed
	advicesEachHalf int64 // new indications per half-year in 2024, not printed
}

// swChapterTargets reads the chapter's figures from the published report.
// Sick leave is printed for groepsdetacheringen and "individuele
// plaatsingen"; the latter is read as both individuele detachering and
// begeleid werken, and beschut binnen (not printed) gets the group figure.
func (t *targets) readSWChapter(r *published.Report) {
	c := swChapterTargets{absence: map[werkpad.Werkvorm]werkpad.Tenths{}, centsPerHour: 700, fteThousandths: 900}
	fig := t.printed[1]
	tenths := func(key string, fallback werkpad.Tenths) werkpad.Tenths {
		if f, ok := fig[werkpad.IndicatorKey(key)]; ok {
			return werkpad.Tenths(math.Round(f.Value * 10))
		}
		t.notef("regio 2024: %s is niet gedrukt; %s gegenereerd", key, fallback)
		return fallback
	}
	count := func(key string, fallback int64) int64 {
		if f, ok := fig[werkpad.IndicatorKey(key)]; ok {
			return int64(math.Round(f.Value))
		}
		t.notef("regio 2024: %s is niet gedrukt; %d gegenereerd", key, fallback)
		return fallback
	}
	group, individual := tenths("sw_absence_group_secondment_pct", 230), tenths("sw_absence_individual_pct", 160)
	c.absence[werkpad.WerkvormGroupSecondment] = group
	c.absence[werkpad.WerkvormIndividualSecondment] = individual
	c.absence[werkpad.WerkvormSupportedEmployment] = individual
	c.absence[werkpad.WerkvormShelteredInside] = group
	t.notef("regio 2024: het verzuim is gedrukt voor groepsdetacheringen (%s) en individuele plaatsingen (%s); individuele detachering en begeleid werken gegenereerd op het laatste, beschut binnen (niet gedrukt) op het cijfer van de groepen", group, individual)
	c.shelteredStart = count("beschut_new_employment", 15)
	c.shelteredAtEnd = count("beschut_employment_total", 55)
	c.uwvAdvices = 125
	for _, o := range r.OtherDates {
		if o["key"] == "uwv_beschut_advices" {
			if v, ok := number(o["value"]); ok {
				c.uwvAdvices = int64(v)
			}
		}
	}
	c.budgetCents, c.forecastCents = 890600, 901500
	found := false
	for _, g := range r.Targets {
		if g["key"] != "sw_value_added_per_fte" {
			continue
		}
		b, ok1 := number(g["value"])
		p, _ := g["prognose"].(map[string]any)
		f, ok2 := number(p["value"])
		if ok1 && ok2 {
			c.budgetCents, c.forecastCents, found = int64(math.Round(b*100)), int64(math.Round(f*100)), true
		}
	}
	if !found {
		t.notef("regio 2024: de toegevoegde waarde per fte staat niet in de gepubliceerde doelen; € 8.906 begroot en € 9.015 prognose gegenereerd")
	}
	c.advicesEachHalf = int64(math.Round(float64(c.uwvAdvices) / 9 / 2))
	t.notef("regio 2024: niet gedrukt, gegenereerd: een tarief van € %d,%02d per gedeclareerd uur; %d,%03d fte per Wsw-medewerker bij het WerkBedrijf (zonder begeleid werken); %d nieuwe indicaties beschut per halfjaar van 2024 (de %d UWV-adviezen van 2015–2023 in hetzelfde tempo); de dienstverbanden en indicaties beschut over de gemeenten verdeeld naar caseload",
		c.centsPerHour/100, c.centsPerHour%100, c.fteThousandths/1000, c.fteThousandths%1000, c.advicesEachHalf, c.uwvAdvices)
	t.sw = c
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// record is the employee as the store reads him back for the figures.
func (s *swPlan) record() werkpad.SWEmployeeRecord {
	r := werkpad.SWEmployeeRecord{SWEmployee: s.e, Statuses: s.statuses, SickLeave: s.sick}
	for _, h := range s.hist {
		r.Werkvormen = append(r.Werkvormen, werkpad.SWWerkvormPeriod{Werkvorm: h.Werkvorm, Period: h.Period})
	}
	return r
}

// planSWChapter adds the sick leave, beschut werk and toegevoegde waarde
// to the plans, from its own random stream so that the rest of the region
// does not move.
func (r *Region) planSWChapter(seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x5c4a))
	r.planSickLeave(rng)
	r.planSheltered(rng)
	r.planAddedValue()
}

// planSickLeave gives the Wsw employees sick-leave spells by rules until
// each werkvorm's sick leave over p2 (werkpad.SickLeaveByWerkvorm: SE ×
// percentage per day) reaches its target: a spell is short (1–10 days),
// medium (11–42 days) or long (43–242 days, at 50% or 100%, possibly
// running since before 1 January), for a random employee on a random day
// in that werkvorm. The last spell is cut to the day (and, if need be, the
// percentage) that lands on the target. Spells of one employee do not
// overlap and stay within one werkvorm period and the employment.
func (r *Region) planSickLeave(rng *rand.Rand) {
	var all []*swPlan
	for _, plan := range r.plans {
		for i := range plan.sw {
			if plan.sw[i].e.Period.Overlaps(p2) {
				all = append(all, &plan.sw[i])
			}
		}
	}
	recs := make([]werkpad.SWEmployeeRecord, len(all))
	avail := map[werkpad.Werkvorm]int64{}
	cands := map[werkpad.Werkvorm][]int{}
	for i, s := range all {
		recs[i] = s.record()
		seen := map[werkpad.Werkvorm]bool{}
		for d := maxDate(s.e.Period.From, p2.From); p2.Contains(d) && s.e.InServiceOn(d); d = d.AddDays(1) {
			w := recs[i].WerkvormOn(d)
			avail[w] += int64(s.e.SEThousandths) * 100
			if !seen[w] {
				seen[w] = true
				cands[w] = append(cands[w], i)
			}
		}
	}
	for _, w := range werkpad.Werkvormen {
		target := r.t.sw.absence[w]
		if len(cands[w]) == 0 || target <= 0 {
			continue
		}
		goal, tolerance := avail[w]*int64(target)/1000, avail[w]/4000
		var sick int64
		done := false
		for range 1_000_000 {
			i := cands[w][rng.IntN(len(cands[w]))]
			s, rec := all[i], &recs[i]
			days, pct, lead := 1+rng.IntN(10), 100, 0
			switch k := rng.IntN(100); {
			case k >= 80:
				days, lead = 43+rng.IntN(200), rng.IntN(180)
				if rng.IntN(2) == 0 {
					pct = 50
				}
			case k >= 55:
				days = 11 + rng.IntN(32)
			}
			start := p2.From.AddDays(rng.IntN(p2.From.DaysUntil(p2.To)+1+lead) - lead)
			span, ok := werkvormSpan(rec, w, maxDate(start, p2.From))
			if !ok {
				continue
			}
			start = maxDate(start, span.From)
			end := start.AddDays(days - 1)
			if !span.To.IsZero() {
				end = minDate(end, span.To)
			}
			end = minDate(end, asOf)
			spell := werkpad.Period{From: start, To: end}
			if end.Before(p2.From) || overlapsSpell(s.sick, spell) {
				continue
			}
			in := werkpad.Period{From: maxDate(start, p2.From), To: minDate(end, p2.To)}
			inDays := int64(in.From.DaysUntil(in.To) + 1)
			se := int64(s.e.SEThousandths)
			if sick+se*int64(pct)*inDays < goal {
				s.sick = append(s.sick, werkpad.SWSickLeave{Period: spell, Percent: pct})
				sick += se * int64(pct) * inDays
				continue
			}
			// The last spell: the fewest days at its percentage that reach
			// the goal, or the closest days × percentage when that overshoots.
			k := (goal - sick + se*int64(pct) - 1) / (se * int64(pct))
			if sick+se*int64(pct)*k-goal > tolerance {
				best := int64(math.MaxInt64)
				for kk := int64(1); kk <= inDays; kk++ {
					for p := int64(1); p <= 100; p++ {
						if d := abs64(sick + se*p*kk - goal); d < best {
							best, k, pct = d, kk, int(p)
						}
					}
				}
			}
			spell.To = in.From.AddDays(int(k) - 1)
			s.sick = append(s.sick, werkpad.SWSickLeave{Period: spell, Percent: pct})
			done = true
			break
		}
		if !done {
			r.t.notef("regio 2024: verzuim %s kon volgens de regels %s niet halen", w, target)
		}
	}
	for i, s := range all {
		recs[i].SickLeave = s.sick
	}
	got := werkpad.SickLeaveByWerkvorm(recs, p2)
	for _, w := range werkpad.Werkvormen {
		if got[w] != r.t.sw.absence[w] {
			r.t.notef("regio 2024: verzuim %s gegenereerd %s, doel %s", w, got[w], r.t.sw.absence[w])
		}
	}
}

// werkvormSpan returns the werkvorm period of rec holding d when it is w,
// cut to the employment.
func werkvormSpan(rec *werkpad.SWEmployeeRecord, w werkpad.Werkvorm, d werkpad.Date) (werkpad.Period, bool) {
	if !rec.InServiceOn(d) || rec.WerkvormOn(d) != w {
		return werkpad.Period{}, false
	}
	span := rec.Period
	for _, p := range rec.Werkvormen {
		if p.Period.Contains(d) {
			span = p.Period
		}
	}
	span.From = maxDate(span.From, rec.Period.From)
	if span.To.IsZero() || (!rec.Period.To.IsZero() && rec.Period.To.Before(span.To)) {
		span.To = rec.Period.To
	}
	return span, true
}

func overlapsSpell(spells []werkpad.SWSickLeave, p werkpad.Period) bool {
	for _, s := range spells {
		if s.Period.Overlaps(p) {
			return true
		}
	}
	return false
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// planSheltered makes the dienstverbanden and indications beschut werk,
// spread over the municipalities with a caseload in proportion to it: the
// printed number started in p2 (running on), the others running on p2.To
// started 2016–2023, one in five of those again as dienstverbanden that
// ended before 2024. Each dienstverband has its indication 1–10 months
// before its start; further indications fill the UWV advices up to the
// end of 2023, and a steady number comes in each half-year of 2024.
func (r *Region) planSheltered(rng *rand.Rand) {
	c := r.t.sw
	weights := make([]float64, len(r.plans))
	for i, plan := range r.plans {
		weights[i] = float64(len(plan.persons))
	}
	day := func(from, to werkpad.Date) werkpad.Date { return from.AddDays(rng.IntN(from.DaysUntil(to) + 1)) }
	endOf2023 := werkpad.MustParseDate("2023-12-31")
	earlier := c.shelteredAtEnd - c.shelteredStart
	ended := int64(math.Round(float64(earlier) / 5))
	var before2024 int64
	employ := func(n int64, from, to werkpad.Date, ends bool) {
		for i, k := range largestRemainder(n, weights) {
			plan := r.plans[i]
			for range k {
				e := werkpad.ShelteredEmployment{MunicipalityCode: plan.code, Period: werkpad.Period{From: day(from, to)}}
				if ends {
					e.Period.To = minDate(e.Period.From.AddDays(365+rng.IntN(3*365)), endOf2023)
				}
				ind := werkpad.ShelteredIndication{MunicipalityCode: plan.code, IndicatedOn: e.Period.From.AddDays(-30 - rng.IntN(270))}
				if !ind.IndicatedOn.After(endOf2023) {
					before2024++
				}
				plan.shelteredEmployments = append(plan.shelteredEmployments, e)
				plan.shelteredIndications = append(plan.shelteredIndications, ind)
			}
		}
	}
	employ(c.shelteredStart, p2.From, p2.To, false)
	employ(earlier, werkpad.MustParseDate("2016-01-01"), endOf2023, false)
	employ(ended, werkpad.MustParseDate("2016-01-01"), werkpad.MustParseDate("2021-12-31"), true)
	indicate := func(n int64, from, to werkpad.Date) {
		for i, k := range largestRemainder(max(n, 0), weights) {
			for range k {
				r.plans[i].shelteredIndications = append(r.plans[i].shelteredIndications,
					werkpad.ShelteredIndication{MunicipalityCode: r.plans[i].code, IndicatedOn: day(from, to)})
			}
		}
	}
	if before2024 > c.uwvAdvices {
		r.t.notef("regio: de dienstverbanden beschut vragen %d indicaties tot en met 2023, meer dan de %d gedrukte UWV-adviezen", before2024, c.uwvAdvices)
	}
	indicate(c.uwvAdvices-before2024, werkpad.MustParseDate("2015-01-01"), endOf2023)
	indicate(c.advicesEachHalf, p2.From, p2.To)
	indicate(c.advicesEachHalf, p2.To.AddDays(1), asOf)
}

// planAddedValue sets the rate and budget of 2024 and declares January to
// June: fte per month = Wsw employees at WerkBedrijf (not begeleid werken)
// in service on the 15th × the fte per employee; hours in proportion to
// fte × working days, their total such that the forecast per fte
// (werkpad.AddedValue) is the printed prognose.
func (r *Region) planAddedValue() {
	c := r.t.sw
	r.addedRate = werkpad.SWAddedValueRate{Year: p2.To.Y, CentsPerHour: c.centsPerHour, BudgetCentsPerFTE: c.budgetCents}
	var months []werkpad.SWAddedValueMonth
	var weights []float64
	var fteSum int64
	for m := time.January; m <= p2.To.M; m++ {
		mid := werkpad.Date{Y: p2.To.Y, M: m, D: 15}
		var n int64
		for _, plan := range r.plans {
			for i := range plan.sw {
				rec := plan.sw[i].record()
				if rec.InServiceOn(mid) && rec.WerkvormOn(mid) != werkpad.WerkvormSupportedEmployment {
					n++
				}
			}
		}
		fte := n * c.fteThousandths
		months = append(months, werkpad.SWAddedValueMonth{Year: p2.To.Y, Month: m, FTEThousandths: fte})
		weights = append(weights, float64(fte*int64(workingDays(p2.To.Y, m))))
		fteSum += fte
	}
	// forecast = hours × rate × 1000 × 12 / (100 × Σ fte), hours in hundredths
	hours := int64(math.Round(float64(c.forecastCents) * 100 * float64(fteSum) / float64(c.centsPerHour*1000*12)))
	for i, h := range largestRemainder(hours, weights) {
		months[i].DeclaredHours = werkpad.Hundredths(h)
	}
	last := &months[len(months)-1]
	for range 1000 {
		v := werkpad.AddedValue(r.addedRate, months)
		switch {
		case v.ForecastCentsPerFTE < c.forecastCents:
			last.DeclaredHours++
		case v.ForecastCentsPerFTE > c.forecastCents:
			last.DeclaredHours--
		default:
			r.addedMonths = months
			return
		}
	}
	r.addedMonths = months
	r.t.notef("regio 2024: de toegevoegde waarde per fte kon niet op %d cent worden gezet", c.forecastCents)
}

// workingDays counts Monday to Friday in a month.
func workingDays(y int, m time.Month) int {
	n := 0
	for d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC); d.Month() == m; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			n++
		}
	}
	return n
}
