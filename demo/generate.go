package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"werkpad"
	"werkpad/store"
)

// Options of a generation.
type Options struct {
	Scale    int    // copies of the population; 0 means 1
	Seed     uint64 // random seed of the plan; the same seed gives the same region
	Progress io.Writer
}

// Result tells what was generated.
type Result struct {
	Scale    int
	Seed     uint64
	Rows     map[string]int64
	Notes    []string                 // published figures that are inconsistent or missing, and what was generated
	Expected [2]*werkpad.IndicatorSet // what Indicators must give for the two half-years
	Elapsed  time.Duration
}

// stamp is the created_at of every generated record: the demo world is
// as of the end of 2024, whatever day it is generated.
var stamp = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// Region is the scale-1 plan of the whole region.
type Region struct {
	plans []*muniPlan
	notes []string
	t     *targets

	// The toegevoegde waarde is regional: written once, fte and hours × scale.
	addedRate   werkpad.SWAddedValueRate
	addedMonths []werkpad.SWAddedValueMonth
}

// Plan builds the scale-1 region for seed without touching a database.
func Plan(seed uint64) (*Region, error) {
	t, err := loadTargets()
	if err != nil {
		return nil, err
	}
	planners := map[string]*planner{}
	var plans []*muniPlan
	for mi, code := range t.codes {
		g := &planner{rng: rand.New(rand.NewPCG(seed, uint64(mi+1))), t: t, code: code, plan: &muniPlan{code: code, name: t.names[code]}}
		g.build()
		planners[code] = g
		plans = append(plans, g.plan)
	}
	fillCaseload(t, plans, planners)
	flagWageSubsidies(t, plans, planners)
	r := &Region{plans: plans, t: t}
	r.planSWChapter(seed)
	r.check()
	r.notes = t.notes
	return r, nil
}

// Notes are the remarks on the published figures made while planning.
func (r *Region) Notes() []string { return r.notes }

// Expected computes the indicators of the plan for per with the domain's
// definitions, times scale.
func (r *Region) Expected(per werkpad.Period, scale int) *werkpad.IndicatorSet {
	set := &werkpad.IndicatorSet{Period: per}
	for _, plan := range r.plans {
		v := evaluate(plan, per)
		for k := range v {
			if k != werkpad.IndLKSAvgHours && k != werkpad.IndLKSAvgWageValue {
				v[k] *= int64(scale)
			}
		}
		set.Municipalities = append(set.Municipalities, werkpad.MunicipalityIndicators{Code: plan.code, Name: plan.name, Values: v})
	}
	slices.SortFunc(set.Municipalities, func(a, b werkpad.MunicipalityIndicators) int { return cmpString(a.Name, b.Name) })
	return set
}

// check compares the plan with the calibrated targets and notes every
// figure the rules could not reach, and where the printed regional figure
// differs from the sum of the municipality pages (both are kept).
func (r *Region) check() {
	for pi, per := range Periods() {
		for _, k := range calibrated {
			f, ok := r.t.printed[pi][k]
			if !ok {
				continue
			}
			var sum int64
			for _, code := range r.t.codes {
				sum += r.t.per[pi][code][k]
			}
			if int64(f.Value) != sum {
				r.t.notef("regio %d: %s gedrukt %s, de gemeentepagina's tellen op tot %d (verschil %+d); de demo volgt de gemeentepagina's",
					per.From.Y, k.Label(), f.Printed, sum, int64(f.Value)-sum)
			}
		}
	}
	for pi, per := range Periods() {
		for _, plan := range r.plans {
			got := evaluate(plan, per)
			for _, k := range calibrated {
				if want := r.t.per[pi][plan.code][k]; got[k] != want {
					r.t.notef("%s %d: %s gegenereerd %d, gepubliceerd %d", plan.name, per.From.Y, k.Label(), got[k], want)
				}
			}
		}
	}
}

// evaluate counts the indicators of one municipality's plan by the
// domain's definitions (werkpad.PlacementIndicators and friends).
func evaluate(plan *muniPlan, per werkpad.Period) map[werkpad.IndicatorKey]int64 {
	v := map[werkpad.IndicatorKey]int64{}
	for _, k := range werkpad.IndicatorKeys {
		v[k] = 0
	}
	phaseKey := map[werkpad.Phase]werkpad.IndicatorKey{werkpad.PhaseDevelop: werkpad.IndCaseloadDevelop, werkpad.PhaseMediate: werkpad.IndCaseloadMediate, werkpad.PhaseSupport: werkpad.IndCaseloadSupport}
	for _, p := range plan.persons {
		ptrs := make([]*werkpad.Placement, len(p.placements))
		for i := range p.placements {
			pl := &p.placements[i]
			ptrs[i] = pl
			for _, k := range werkpad.PlacementIndicators(&p.c, pl, per) {
				v[k]++
			}
			if pl.WageSubsidy && pl.ActiveOn(per.To) {
				v[werkpad.IndLKSRunning]++
				v[werkpad.IndLKSMinutesTotal] += int64(pl.ContractMinutesPerWeek)
				v[werkpad.IndLKSWageValueTotal] += int64(pl.WageValueBasisPoints)
				if kind, _ := p.c.BenefitOn(pl.Period.From); kind == werkpad.BenefitNone {
					v[werkpad.IndLKSNUGAtIntake]++
				}
			}
		}
		if werkpad.WorkDisabilityWorkingIn(&p.c, ptrs, per) {
			v[werkpad.IndWorkDisabilityWorking]++
		}
		seen := map[werkpad.InstrumentKind]bool{}
		for _, e := range p.enrolments {
			in, _ := werkpad.FindInstrument(werkpad.DefaultInstruments, e.InstrumentCode)
			if e.Period.Overlaps(per) {
				seen[in.Kind] = true
			}
		}
		if seen[werkpad.InstrumentWorkWithBenefit] {
			v[werkpad.IndWorkWithBenefit]++
		}
		if seen[werkpad.InstrumentOWNW] {
			v[werkpad.IndOWNWActive]++
		}
		for _, x := range p.exits {
			if x.reason == werkpad.ExitWork && per.Contains(x.date) {
				v[werkpad.IndExitsToWork]++
			}
		}
		if p.c.InServiceOn(per.To) {
			if ph, ok := p.c.PhaseOn(per.To); ok {
				v[phaseKey[ph]]++
			}
		}
	}
	for _, s := range plan.sw {
		if s.e.InServiceOn(per.To) {
			v[werkpad.IndSWEmployees]++
		}
	}
	v[werkpad.IndLKSAvgHours], v[werkpad.IndLKSAvgWageValue] = werkpad.LKSAverages(v[werkpad.IndLKSRunning], v[werkpad.IndLKSMinutesTotal], v[werkpad.IndLKSWageValueTotal])
	return v
}

// errNotEmpty is the refusal when the database already holds casework.
var errNotEmpty = "De database bevat al %d kandidaten en %d SW-medewerkers. Demogegevens worden alleen in een lege database gezet; kies een nieuw databasebestand (--database-url) of een lege PostgreSQL-database."

// Generate plans the region and writes scale copies of it into db, which
// must hold no candidates and no SW employees yet.
func Generate(ctx context.Context, db *store.DB, sealer *store.Sealer, opt Options) (*Result, error) {
	began := time.Now()
	if opt.Scale <= 0 {
		opt.Scale = 1
	}
	nc, err := db.CountRows(ctx, "candidates")
	if err != nil {
		return nil, err
	}
	ns, err := db.CountRows(ctx, "sw_employees")
	if err != nil {
		return nil, err
	}
	if nc > 0 || ns > 0 {
		return nil, werkpad.Errorf(werkpad.ECONFLICT, errNotEmpty, nc, ns)
	}
	region, err := Plan(opt.Seed)
	if err != nil {
		return nil, err
	}
	l, err := db.NewBulkLoader(ctx, sealer, stamp)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	bsns := newBSNSource()
	progress := opt.Progress
	if progress == nil {
		progress = io.Discard
	}
	step := max(1, opt.Scale/10)
	for copyNo := range opt.Scale {
		for mi, plan := range region.plans {
			names := rand.New(rand.NewPCG(opt.Seed^0x5eed, uint64(copyNo)<<8|uint64(mi)))
			if err := writePlan(l, plan, names, bsns, copyNo == 0); err != nil {
				return nil, fmt.Errorf("demo: %s: %w", plan.name, err)
			}
			if err := l.Commit(""); err != nil {
				return nil, err
			}
			if opt.Scale == 1 {
				fmt.Fprintf(progress, "  %-18s %6d kandidaten, %4d SW-medewerkers\n", plan.name, len(plan.persons), len(plan.sw))
			}
		}
		if opt.Scale > 1 && ((copyNo+1)%step == 0 || copyNo+1 == opt.Scale) {
			fmt.Fprintf(progress, "  kopie %d/%d (%d%%), %d kandidaten, %s\n", copyNo+1, opt.Scale, 100*(copyNo+1)/opt.Scale,
				l.Rows()["candidates"], time.Since(began).Round(100*time.Millisecond))
		}
	}
	months := slices.Clone(region.addedMonths)
	for i := range months {
		months[i].DeclaredHours *= werkpad.Hundredths(opt.Scale)
		months[i].FTEThousandths *= int64(opt.Scale)
	}
	if err := l.SetAddedValue(region.addedRate, months); err != nil {
		return nil, err
	}
	rows := l.Rows()
	if err := l.Commit(fmt.Sprintf("schaal=%d seed=%d kandidaten=%d plaatsingen=%d sw=%d", opt.Scale, opt.Seed, rows["candidates"], rows["placements"], rows["sw_employees"])); err != nil {
		return nil, err
	}
	if err := l.Close(); err != nil {
		return nil, err
	}
	res := &Result{Scale: opt.Scale, Seed: opt.Seed, Rows: rows, Notes: region.notes, Elapsed: time.Since(began)}
	for i, per := range Periods() {
		res.Expected[i] = region.Expected(per, opt.Scale)
	}
	return res, nil
}

// writePlan writes one copy of a municipality's plan with fresh names and
// BSNs. With validate, every record is first checked by the domain's rules.
func writePlan(l *store.BulkLoader, plan *muniPlan, names *rand.Rand, bsns *bsnSource, validate bool) error {
	for _, p := range plan.persons {
		c := p.c
		c.BSN = bsns.Next()
		c.GivenName = givenNames[names.IntN(len(givenNames))]
		sn := surnames[names.IntN(len(surnames))]
		c.Infix, c.Surname = sn.infix, sn.name
		if validate {
			if err := c.Validate(asOf); err != nil {
				return fmt.Errorf("planned candidate invalid: %w (%+v)", err, c)
			}
		}
		if err := l.AddCandidate(&c); err != nil {
			return err
		}
		ids := make([]int64, len(p.placements))
		for i := range p.placements {
			pl := p.placements[i]
			pl.CandidateID = c.ID
			if validate {
				if err := pl.Validate(); err != nil {
					return fmt.Errorf("planned placement invalid: %w (%+v)", err, pl)
				}
			}
			if err := l.AddPlacement(&pl); err != nil {
				return err
			}
			ids[i] = pl.ID
		}
		for _, e := range p.enrolments {
			e.CandidateID = c.ID
			if validate {
				if err := e.Validate(werkpad.DefaultInstruments); err != nil {
					return fmt.Errorf("planned enrolment invalid: %w (%+v)", err, e)
				}
			}
			if err := l.AddEnrolment(&e); err != nil {
				return err
			}
		}
		for _, x := range p.exits {
			ex := werkpad.Exit{CandidateID: c.ID, MunicipalityCode: plan.code, Date: x.date, Reason: x.reason}
			if x.placement >= 0 {
				id := ids[x.placement]
				ex.PlacementID = &id
			}
			if validate {
				if err := ex.Validate(); err != nil {
					return fmt.Errorf("planned exit invalid: %w", err)
				}
			}
			if err := l.AddExit(&ex); err != nil {
				return err
			}
			if err := addSurvey(l, &c, werkpad.SurveyAfterExit, ex.ID, ex.Date); err != nil {
				return err
			}
		}
		for i, pl := range p.placements {
			if err := addSurvey(l, &c, werkpad.SurveyAfterPlacement, ids[i], pl.Period.From); err != nil {
				return err
			}
		}
	}
	for _, s := range plan.sw {
		e := s.e
		if validate {
			for _, sl := range s.sick {
				sl.SWEmployeeID = 1
				if err := sl.Validate(); err != nil || !e.Period.Contains(sl.Period.From) {
					return fmt.Errorf("planned sick leave invalid: %v (%+v)", err, sl)
				}
			}
		}
		if err := l.AddSWEmployee(&e, s.hist, s.statuses, s.sick); err != nil {
			return err
		}
	}
	for _, i := range plan.shelteredIndications {
		if err := l.AddShelteredIndication(&i); err != nil {
			return err
		}
	}
	for _, e := range plan.shelteredEmployments {
		if err := l.AddShelteredEmployment(&e); err != nil {
			return err
		}
	}
	return nil
}
