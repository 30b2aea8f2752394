package werkpad

import (
	"context"
	"time"
)

// LKSPlacement is a placement with loonkostensubsidie as the LKS figures
// need it: the placement and whether the candidate was NUG (no benefit) on
// the day the subsidy started ("niet uitkeringsgerechtigd bij instroom").
type LKSPlacement struct {
	Placement
	NUG bool `json:"nug"`
}

// LKSAmountForMonth returns the subsidy of placement p for a calendar
// month, in cents. Partial months are pro rata per calendar day: the month
// amount (WageSubsidyForMonth, with the minimum wage of the month's first
// day and the 23,5% employer-cost allowance) × days active in the month /
// days in the month, rounded half up to whole cents. Only the days with
// wage subsidy (SubsidyOn) count: a placement without it, or not active in
// the month, gets 0.
func LKSAmountForMonth(p *Placement, year int, month time.Month) (int64, error) {
	if !p.EverSubsidised() {
		return 0, nil
	}
	dim := daysIn(year, month)
	m := Period{From: Date{year, month, 1}, To: Date{year, month, dim}}
	days := overlapDays(p.Period, m)
	if days == 0 {
		return 0, nil
	}
	active := intersect(p.Period, m)
	if cuts := p.termsCuts(active); len(cuts) > 0 {
		// The terms change within the month: each stretch pro rata with
		// its own terms.
		var total int64
		from := active.From
		for i := 0; i <= len(cuts); i++ {
			to := active.To
			if i < len(cuts) {
				to = cuts[i].AddDays(-1)
			}
			if p.SubsidyOn(from) {
				minutes, bp := p.TermsOn(from)
				amount, err := WageSubsidyForMonth(year, month, minutes, bp)
				if err != nil {
					return 0, err
				}
				total += divRoundHalfUp(amount*int64(from.DaysUntil(to)+1), int64(dim))
			}
			if i < len(cuts) {
				from = cuts[i]
			}
		}
		return total, nil
	}
	if !p.SubsidyOn(active.From) {
		return 0, nil
	}
	minutes, bp := p.TermsOn(active.From)
	amount, err := WageSubsidyForMonth(year, month, minutes, bp)
	if err != nil {
		return 0, err
	}
	if days == dim {
		return amount, nil
	}
	return divRoundHalfUp(amount*int64(days), int64(dim)), nil
}

// LKSAmountForPeriod sums LKSAmountForMonth over the months of period,
// counting only the days of each month that lie in the period as well.
func LKSAmountForPeriod(p *Placement, period Period) (int64, error) {
	var total int64
	for y, m := period.From.Y, period.From.M; ; {
		dim := daysIn(y, m)
		month := Period{From: Date{y, m, 1}, To: Date{y, m, dim}}
		// the placement cut to the period, then pro rata within the month
		cut := *p
		cut.Period = intersect(p.Period, period)
		if !cut.Period.From.IsZero() {
			a, err := LKSAmountForMonth(&cut, y, m)
			if err != nil {
				return 0, err
			}
			total += a
		}
		if !month.To.Before(period.To) {
			break
		}
		if m++; m > time.December {
			y, m = y+1, time.January
		}
	}
	return total, nil
}

// overlapDays counts the days p and q share; q must be closed.
func overlapDays(p, q Period) int {
	i := intersect(p, q)
	if i.From.IsZero() {
		return 0
	}
	return i.From.DaysUntil(i.To) + 1
}

// intersect returns the days p and q share (zero Period when none); q must
// be closed.
func intersect(p, q Period) Period {
	if !p.Overlaps(q) {
		return Period{}
	}
	from, to := laterDate(p.From, q.From), q.To
	if !p.To.IsZero() && p.To.Before(to) {
		to = p.To
	}
	return Period{From: from, To: to}
}

// LKSFigures are the chapter's LKS figures for one municipality or the
// region.
type LKSFigures struct {
	Code    string `json:"gemeente,omitempty"`
	Name    string `json:"naam"`
	Running int64  `json:"lopend"`     // wage-subsidy placements active on the period's last day
	NUG     int64  `json:"waarvanNug"` // of those, candidates without a benefit on the subsidy's start day
	// Averages over the running placements, rounded half up: hours in
	// hundredths, loonwaarde in basis points.
	AvgHoursHundredths int64 `json:"gemiddeldeUrenHonderdsten"`
	AvgWageValueBP     int64 `json:"gemiddeldeLoonwaardeBasispunten"`
	// Subsidy of every wage-subsidy placement over the days it was active
	// in the period (LKSAmountForPeriod), in cents.
	PeriodCents int64 `json:"subsidiePeriodeCenten"`
}

// LKSChapter is the chapter data for a period.
type LKSChapter struct {
	Period         Period       `json:"periode"`
	Municipalities []LKSFigures `json:"gemeenten"`
	Region         LKSFigures   `json:"regio"`
}

// BuildLKSChapter computes the figures from the wage-subsidy placements in
// scope that overlap period (NUG: on the subsidy's start day).
func BuildLKSChapter(period Period, codes []string, names map[string]string, ps []LKSPlacement) (*LKSChapter, error) {
	return BuildLKSChapterOf(period, codes, names, pointersTo(ps))
}

// BuildLKSChapterOf is BuildLKSChapter from pointers to the placements, as
// the store reads them (without copying a region's placements).
func BuildLKSChapterOf(period Period, codes []string, names map[string]string, ps []*LKSPlacement) (*LKSChapter, error) {
	ch := &LKSChapter{Period: period}
	type acc struct {
		f               LKSFigures
		minutes, wvalue int64
	}
	byCode := map[string]*acc{}
	region := &acc{f: LKSFigures{Name: "Regio"}}
	for _, c := range codes {
		byCode[c] = &acc{f: LKSFigures{Code: c, Name: names[c]}}
	}
	for _, p := range ps {
		a := byCode[p.MunicipalityCode]
		if a == nil || !p.EverSubsidised() {
			continue
		}
		amount, err := LKSAmountForPeriod(&p.Placement, period)
		if err != nil {
			return nil, err
		}
		for _, x := range []*acc{a, region} {
			x.f.PeriodCents += amount
			if p.ActiveOn(period.To) && p.SubsidyOn(period.To) {
				minutes, bp := p.TermsOn(period.To)
				x.f.Running++
				x.minutes += int64(minutes)
				x.wvalue += int64(bp)
				if p.NUG {
					x.f.NUG++
				}
			}
		}
	}
	fin := func(a *acc) LKSFigures {
		a.f.AvgHoursHundredths, a.f.AvgWageValueBP = LKSAverages(a.f.Running, a.minutes, a.wvalue)
		return a.f
	}
	for _, c := range codes {
		ch.Municipalities = append(ch.Municipalities, fin(byCode[c]))
	}
	ch.Region = fin(region)
	return ch, nil
}

// LKSReassessment is a loonwaarde re-assessment due.
type LKSReassessment struct {
	PlacementID      int64  `json:"plaatsingId"`
	CandidateID      int64  `json:"kandidaatId"`
	CandidateName    string `json:"kandidaatNaam"`
	MunicipalityCode string `json:"gemeente"`
	EmployerName     string `json:"werkgever"`
	DueOn            Date   `json:"herbeoordelingOp"`
}

// LKSRunning is one running wage subsidy on a day with its month amount.
type LKSRunning struct {
	LKSPlacement
	// The minimum wage of the day: per hour from 2024, per month (for a full
	// working week) before.
	MinimumWageCentsPerHour  int64 `json:"minimumloonCentenPerUur,omitempty"`
	MinimumWageCentsPerMonth int64 `json:"minimumloonCentenPerMaand,omitempty"`
	MonthCents               int64 `json:"maandbedragCenten"` // full month at that day's minimum wage
}

// LKSRunningOn returns the placements of ps with wage subsidy running on
// day d, each with the minimum wage of d and the full month amount.
func LKSRunningOn(ps []LKSPlacement, d Date) ([]LKSRunning, error) {
	wml, err := MinimumWageOn(d)
	if err != nil {
		return nil, err
	}
	var out []LKSRunning
	for _, p := range ps {
		if !p.SubsidyOn(d) || !p.ActiveOn(d) {
			continue
		}
		// The terms of day d, shown and used for the month amount.
		p.ContractMinutesPerWeek, p.WageValueBasisPoints = p.TermsOn(d)
		out = append(out, LKSRunning{LKSPlacement: p, MinimumWageCentsPerHour: wml.CentsPerHour, MinimumWageCentsPerMonth: wml.CentsPerMonth,
			MonthCents: WageSubsidyPerMonthAt(wml, p.ContractMinutesPerWeek, p.WageValueBasisPoints)})
	}
	return out, nil
}

// LKSService reads the wage subsidies. Readers: RolesReadPlacements, each
// in his scope.
type LKSService interface {
	LKSRunningOn(ctx context.Context, d Date) ([]LKSRunning, error)
	// LKSReassessmentsDue lists placements with wage subsidy whose
	// loonwaarde re-assessment falls in [from, to] and that still run on it.
	LKSReassessmentsDue(ctx context.Context, from, to Date) ([]LKSReassessment, error)
	LKSChapter(ctx context.Context, period Period) (*LKSChapter, error)
}
