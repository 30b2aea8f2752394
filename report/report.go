package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"werkpad"
	"werkpad/report/published"
)

// DefaultThreshold is the small-cell threshold of a public export: counts
// from 1 to 4 are shown as "<5".
const DefaultThreshold = 5

// Report is the Tussenrapportage of one period.
type Report struct {
	Period         werkpad.Period
	PreviousPeriod werkpad.Period
	HasPrevious    bool
	// Keys are the indicators shown, in the order of the report.
	Keys           []werkpad.IndicatorKey
	Municipalities []Municipality
	// Region is nil when the regional part is not shown.
	Region *Region
	// Public is set by MakePublic; Threshold is its small-cell threshold.
	Public    bool
	Threshold int
	// Chart is the indicator of the bar charts.
	Chart werkpad.IndicatorKey
	// FigureLinks: see werkpad.ReportRequest; empty in a public report.
	FigureLinks   string
	noRegionLinks bool
	// Fixed: the indicator figures are those of a fixed report.
	Fixed *werkpad.ReportFix

	// The chapters (nil: left out), in the caller's scope. Their regional
	// figures are shown only when Region is.
	SW  *werkpad.SWChapter
	LKS *werkpad.LKSChapter
	// SWUnavailable and LKSUnavailable are why that chapter could not be
	// computed ("" when it was, or was left out); the chapter then shows
	// only that reason.
	SWUnavailable, LKSUnavailable string
	Finance                       []FinanceTable
	FinanceYear                   int // 0: no finance chapter

	// Norms of NormsYear in scope (0: no norms chapter; see cycle.go).
	Norms     []werkpad.Norm
	NormsYear int
	// Complaints of ComplaintsPeriod per municipality, the region last
	// (nil: no complaints chapter; see cycle.go).
	Complaints       []werkpad.ComplaintFigures
	ComplaintsPeriod werkpad.Period
	// LocalChoices of LocalChoicesYear per municipality (empty: no
	// chapter; see cycle.go).
	LocalChoices     []*werkpad.Realisation
	LocalChoicesYear int
	// Satisfaction is the candidate satisfaction chapter (nil: none; see
	// cycle.go).
	Satisfaction *werkpad.SatisfactionChapter
}

// FinanceTable is a finance table as shown, with the check findings on it.
type FinanceTable struct {
	Table    *werkpad.FinanceTable
	Findings []werkpad.FinanceFinding
}

// Municipality is one municipality page.
type Municipality struct {
	Code, Name       string
	Values, Previous map[werkpad.IndicatorKey]Cell
}

// Region is the regional part: the sum of the municipalities of the report
// beside the published regional figure, when the period is a published one.
type Region struct {
	// Scope says what the published figures are: ScopeRegion (the report
	// covers every municipality: the regional figures), the name of the one
	// municipality of the report (its own published figures, never the
	// regional ones), or "" (a selection of municipalities: no published
	// figure to compare with).
	Scope            string
	Sum, PreviousSum map[werkpad.IndicatorKey]Cell
	// Published holds the published figures of the period that measure the
	// same thing in the same unit as an indicator; keys without one are absent.
	Published, PublishedPrevious map[werkpad.IndicatorKey]Figure
}

// Figure is one published number, in the indicator's natural unit.
type Figure struct {
	Value   float64
	Printed string
	Source  string
}

// Mark says whether and why a cell is hidden.
type Mark int

const (
	Shown     Mark = iota
	Primary        // a small count: shown as "<5"
	Secondary      // hidden so that a small count cannot be derived: shown as "x"
)

// Cell is one figure of the report.
type Cell struct {
	Raw  int64 // as computed, in the indicator's unit (werkpad.IndicatorUnit)
	Mark Mark
}

// Hidden reports whether the cell is suppressed.
func (c Cell) Hidden() bool { return c.Mark != Shown }

// Build assembles the report of current, compared with previous (the same
// period a year earlier; nil for none), and the regional part with the
// published figures of pub (nil: none). The regional sum uses RegionTotals,
// so the LKS averages are recomputed from their totals.
func Build(current, previous *werkpad.IndicatorSet, pub *published.Report) *Report {
	r := &Report{Period: current.Period, Keys: slices.Clone(werkpad.IndicatorKeys), Chart: werkpad.IndPlacementsUpTo28, Threshold: DefaultThreshold}
	prevByCode := map[string]map[werkpad.IndicatorKey]int64{}
	if previous != nil {
		r.PreviousPeriod, r.HasPrevious = previous.Period, true
		for _, m := range previous.Municipalities {
			prevByCode[m.Code] = m.Values
		}
	}
	for _, m := range current.Municipalities {
		mm := Municipality{Code: m.Code, Name: m.Name, Values: cells(m.Values)}
		if r.HasPrevious {
			mm.Previous = cells(prevByCode[m.Code])
		}
		r.Municipalities = append(r.Municipalities, mm)
	}
	reg := &Region{Sum: cells(current.RegionTotals()), Scope: publishedScope(pub, current)}
	if previous != nil {
		reg.PreviousSum = cells(previous.RegionTotals())
		reg.PublishedPrevious = publishedFigures(pub, previous.Period, current, reg.Scope)
	}
	reg.Published = publishedFigures(pub, current.Period, current, reg.Scope)
	r.Region = reg
	return r
}

// ScopeRegion is Region.Scope of a report over the whole region.
const ScopeRegion = "regio"

// publishedScope says which published figures the report's sum is set
// beside: the regional ones only when the report covers every municipality
// of the published report, one municipality's own when it covers just that
// one, none for any other selection.
func publishedScope(pub *published.Report, current *werkpad.IndicatorSet) string {
	if pub == nil {
		return ""
	}
	in := map[string]bool{}
	for _, m := range current.Municipalities {
		in[m.Code] = true
	}
	all := len(pub.MunicipalityCodes) > 0
	for code := range pub.MunicipalityCodes {
		all = all && in[code]
	}
	switch {
	case all:
		return ScopeRegion
	case len(current.Municipalities) == 1:
		return current.Municipalities[0].Name
	}
	return ""
}

func cells(vals map[werkpad.IndicatorKey]int64) map[werkpad.IndicatorKey]Cell {
	out := make(map[werkpad.IndicatorKey]Cell, len(werkpad.IndicatorKeys))
	for _, k := range werkpad.IndicatorKeys {
		out[k] = Cell{Raw: vals[k]}
	}
	return out
}

// publishedFigures returns the published figures of period for scope that
// match an indicator in unit: the regional ones for ScopeRegion, the one
// municipality's own page otherwise, none for a selection. The report's
// regional caseload per phase is printed as shares (percent), not counts,
// and is therefore left out.
func publishedFigures(pub *published.Report, period werkpad.Period, current *werkpad.IndicatorSet, scope string) map[werkpad.IndicatorKey]Figure {
	out := map[werkpad.IndicatorKey]Figure{}
	if pub == nil || scope == "" {
		return out
	}
	for _, p := range pub.Periods {
		if p.From != period.From.String() || p.To != period.To.String() {
			continue
		}
		figs := p.Region.Indicators
		if scope != ScopeRegion {
			figs = p.Municipalities[current.Municipalities[0].Code].Indicators
		}
		for name, f := range figs {
			k := werkpad.IndicatorKey(name)
			if k.Valid() && sameUnit(k.Unit(), f.Unit) {
				out[k] = Figure{Value: f.Value, Printed: f.Printed, Source: f.Source}
			}
		}
	}
	return out
}

func sameUnit(u werkpad.IndicatorUnit, published string) bool {
	switch u {
	case werkpad.UnitCount:
		return published == "count"
	case werkpad.UnitHundredths:
		return published == "hours_per_week"
	case werkpad.UnitBasisPoint:
		return published == "percent"
	}
	return false
}

// Number is the value of a raw figure in the indicator's natural unit for
// people: counts as they are, hours and percentages with two decimals
// (minutes are written as hours, basis points as percent).
func Number(k werkpad.IndicatorKey, raw int64) float64 {
	switch k.Unit() {
	case werkpad.UnitHundredths, werkpad.UnitBasisPoint:
		return float64(raw) / 100
	case werkpad.UnitMinutes:
		return round2(float64(raw) / 60)
	}
	return float64(raw)
}

// decimals is the number of decimals an indicator is written with.
func decimals(k werkpad.IndicatorKey) int {
	switch k.Unit() {
	case werkpad.UnitHundredths, werkpad.UnitBasisPoint, werkpad.UnitMinutes:
		return 2
	}
	return 0
}

// Dutch writes v the Dutch way: decimal comma, and a thousands point when
// grouped is set ("1.180", "29,50").
func Dutch(v float64, dec int, grouped bool) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if grouped && len(intPart) > 3 {
		var b strings.Builder
		for i, c := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteByte('.')
			}
			b.WriteRune(c)
		}
		intPart = b.String()
	}
	if frac != "" {
		intPart += "," + frac
	}
	if neg && strings.Trim(intPart, "0,.") != "" {
		intPart = "-" + intPart
	}
	return intPart
}

// Text is how a cell is printed: the number, or "<5" / "x" when hidden.
func (r *Report) Text(k werkpad.IndicatorKey, c Cell, grouped bool) string {
	switch c.Mark {
	case Primary:
		return "<" + strconv.Itoa(r.Threshold)
	case Secondary:
		return "x"
	}
	return Dutch(Number(k, c.Raw), decimals(k), grouped)
}

// Difference is a − b in the natural unit; ok is false when either is hidden.
func Difference(k werkpad.IndicatorKey, a, b Cell) (float64, bool) {
	if a.Hidden() || b.Hidden() {
		return 0, false
	}
	return Number(k, a.Raw-b.Raw), true
}

// PublishedDifference is the published figure minus the regional sum
// (813 published, 815 summed: −2).
func (g *Region) PublishedDifference(k werkpad.IndicatorKey) (float64, bool) {
	f, ok := g.Published[k]
	if !ok || g.Sum[k].Hidden() {
		return 0, false
	}
	return round2(f.Value - Number(k, g.Sum[k].Raw)), true
}

// PublishedPreviousDifference is PublishedDifference for the period a
// year earlier.
func (g *Region) PublishedPreviousDifference(k werkpad.IndicatorKey) (float64, bool) {
	f, ok := g.PublishedPrevious[k]
	if !ok || g.PreviousSum == nil || g.PreviousSum[k].Hidden() {
		return 0, false
	}
	return round2(f.Value - Number(k, g.PreviousSum[k].Raw)), true
}

// SumLabel names the sum of the report's municipalities.
func (g *Region) SumLabel() string {
	if g.Scope != ScopeRegion && g.Scope != "" {
		return g.Scope
	}
	return "Regio (som van de gemeenten)"
}

// PublishedLabel says which published figures the sum is set beside.
func (g *Region) PublishedLabel() string {
	switch g.Scope {
	case ScopeRegion:
		return "het gepubliceerde regionale cijfer"
	case "":
		return "geen gepubliceerd cijfer (een selectie van gemeenten; het regionale cijfer is niet vergelijkbaar)"
	}
	return "het gepubliceerde cijfer van " + g.Scope + " zelf (niet het regionale)"
}

func round2(v float64) float64 {
	x, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 2, 64), 64)
	return x
}

// PeriodText is "01-01-2024 t/m 30-06-2024".
func (r *Report) PeriodText() string { return r.Period.String() }

// Title is the heading of the report.
//
// A report over one whole calendar year is the annual report (jaarverslag,
// art. 14 DVO); any other period is a tussenrapportage.
func (r *Report) Title() string {
	t := fmt.Sprintf("%s WerkBedrijf, %s", r.Period.ReportName(), r.Period)
	if werkpad.IsCalendarYear(r.Period) {
		t = fmt.Sprintf("%s WerkBedrijf %d", r.Period.ReportName(), r.Period.From.Y)
	}
	if r.Fixed != nil {
		t += fmt.Sprintf(" (vastgesteld op %s door %s)", werkpad.Today(r.Fixed.FixedAt).Dutch(), r.Fixed.FixedBy)
	}
	return t
}
