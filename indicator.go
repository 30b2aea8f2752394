package werkpad

import (
	"context"
	"slices"
)

// IndicatorKey names one figure of the accountability reports. The keys are
// those of report/published, so that a computed figure can be set beside the
// published one.
type IndicatorKey string

// The definitions below are the ones of docs/DESIGN.md, "Indicators". A period is
// [From, To], both days included; "active on any day of the period" is
// Period.Overlaps; every count is per municipality (the municipality of the
// record) and the region is the sum of the municipalities. Age is taken on
// the event date with AgeAt.
const (
	// Distinct candidates with an enrolment in an instrument of kind
	// werken-met-behoud (wmbu, leerwerkplek, taalstage) active on any day of
	// the period.
	IndWorkWithBenefit IndicatorKey = "work_with_benefit"
	// Distinct candidates with an enrolment of kind ownw active on any day
	// of the period.
	IndOWNWActive IndicatorKey = "ownw_active"

	// Placements of benefit recipients starting in the period, by contract
	// hours (HoursClassOf: 28:00 is still 0-28). A benefit recipient is a
	// candidate with a bijstand benefit period that contains the placement's
	// start date; a benefit that ends later (uitstroom) does not matter.
	IndPlacementsUpTo28 IndicatorKey = "placements_upto28"
	IndPlacementsOver28 IndicatorKey = "placements_over28"

	// Of the placements of benefit recipients above: those of a candidate in
	// a priority group on the start date. One placement may count in several
	// groups. Arbeidsbeperking: an indication banenafspraak or beschut valid
	// on the start date. Jongeren: younger than 27 on the start date.
	// 55-plussers: 55 or older on the start date. Statushouders: an
	// indication statushouder valid on the start date.
	IndPriorityWorkDisability IndicatorKey = "priority_work_disability"
	IndPriorityYouth          IndicatorKey = "priority_youth"
	IndPriority55Plus         IndicatorKey = "priority_55plus"
	IndPriorityStatusHolder   IndicatorKey = "priority_status_holder"

	// Distinct candidates who have, on at least one day of the period, both
	// a paid placement (any benefit situation) and an arbeidsbeperking
	// indication (banenafspraak or beschut) running.
	IndWorkDisabilityWorking IndicatorKey = "work_disability_working"

	// Exits with reason werk dated in the period (exits, not candidates).
	IndExitsToWork IndicatorKey = "exits_to_work"

	// NUG placements: placements starting in the period of a candidate whose
	// recorded income situation on the start date is "nug" (BenefitNone).
	// A candidate with no income situation recorded on that date is counted
	// neither as benefit recipient nor as NUG: "not known" is not "no
	// benefit" (see BenefitKind). Split like the benefit placements; the
	// priority groups are the same as for benefit placements.
	IndNUGPlacementsPartTime     IndicatorKey = "nug_placements_parttime"
	IndNUGPlacementsFullTime     IndicatorKey = "nug_placements_fulltime"
	IndNUGPriorityWorkDisability IndicatorKey = "nug_priority_work_disability"
	IndNUGPriorityYouth          IndicatorKey = "nug_priority_youth"
	IndNUGPriority55Plus         IndicatorKey = "nug_priority_55plus"
	IndNUGPriorityStatusHolder   IndicatorKey = "nug_priority_status_holder"

	// Wsw employees in service on the last day of the period.
	IndSWEmployees IndicatorKey = "sw_employees"

	// Candidates in service (InServiceOn) on the last day of the period, by
	// the phase recorded for that day. A candidate in service without a
	// phase on that day is in none of the three.
	IndCaseloadDevelop IndicatorKey = "caseload_ontwikkelen"
	IndCaseloadMediate IndicatorKey = "caseload_bemiddelen"
	IndCaseloadSupport IndicatorKey = "caseload_begeleiden"

	// Placements with loonkostensubsidie running on the last day of the
	// period; the average contract hours per week in hundredths of an hour
	// (2900 = 29 uur) and the average loonwaarde in basis points (5700 =
	// 57%), both rounded half up. Averages do not add up over
	// municipalities, so the sums they are made from come along
	// (IndLKSMinutesTotal, IndLKSWageValueTotal) and RegionTotals uses them.
	IndLKSRunning IndicatorKey = "lks_running"
	// Of the running wage subsidies: those of a candidate whose income
	// situation on the day the subsidy started (the placement's start) was
	// "nug" — "waarvan niet uitkeringsgerechtigd bij instroom", whatever the
	// situation on the last day of the period.
	IndLKSNUGAtIntake    IndicatorKey = "lks_nug_at_intake"
	IndLKSAvgHours       IndicatorKey = "lks_avg_hours"
	IndLKSAvgWageValue   IndicatorKey = "lks_avg_wage_value"
	IndLKSMinutesTotal   IndicatorKey = "lks_minutes_total"
	IndLKSWageValueTotal IndicatorKey = "lks_wage_value_bp_total"
)

// IndicatorKeys lists every indicator in the order of the municipality page
// of the report, then the ones the report gives for the region only.
var IndicatorKeys = []IndicatorKey{
	IndWorkWithBenefit, IndOWNWActive,
	IndPlacementsUpTo28, IndPlacementsOver28,
	IndPriorityWorkDisability, IndPriorityYouth, IndPriority55Plus, IndPriorityStatusHolder,
	IndWorkDisabilityWorking, IndExitsToWork,
	IndNUGPlacementsPartTime, IndNUGPlacementsFullTime,
	IndNUGPriorityWorkDisability, IndNUGPriorityYouth, IndNUGPriority55Plus, IndNUGPriorityStatusHolder,
	IndSWEmployees,
	IndCaseloadDevelop, IndCaseloadMediate, IndCaseloadSupport,
	IndLKSRunning, IndLKSNUGAtIntake, IndLKSAvgHours, IndLKSAvgWageValue, IndLKSMinutesTotal, IndLKSWageValueTotal,
}

// IndicatorUnit says how to read an indicator's int64 value.
type IndicatorUnit string

const (
	UnitCount      IndicatorUnit = "count"
	UnitHundredths IndicatorUnit = "hundredths"   // 2900 = 29,00 (hours per week)
	UnitBasisPoint IndicatorUnit = "basis_points" // 5700 = 57,00%
	UnitMinutes    IndicatorUnit = "minutes"      // counted in minutes, written in hours (2 decimals)
)

type indicatorInfo struct {
	group, label string
	unit         IndicatorUnit
}

// Labels as printed in the Tussenrapportage 2024 (municipality table, its
// group headings, the NUG paragraph and the regional text).
var indicatorInfos = map[IndicatorKey]indicatorInfo{
	IndWorkWithBenefit:           {"Plaatsing en begeleiding onbetaald werk", "Kandidaten begeleid op werkplek met behoud van uitkering", UnitCount},
	IndOWNWActive:                {"Plaatsing en begeleiding onbetaald werk", "Kandidaten actief (geweest) binnen Op Weg Naar Werk", UnitCount},
	IndPlacementsUpTo28:          {"Plaatsing betaald werk", "Plaatsing op werk 0-28 uur", UnitCount},
	IndPlacementsOver28:          {"Plaatsing betaald werk", "Plaatsing op werk > 28 uur", UnitCount},
	IndPriorityWorkDisability:    {"Plaatsing betaald werk prioritaire doelgroep", "Met arbeidsbeperking", UnitCount},
	IndPriorityYouth:             {"Plaatsing betaald werk prioritaire doelgroep", "Jongeren", UnitCount},
	IndPriority55Plus:            {"Plaatsing betaald werk prioritaire doelgroep", "55-plussers", UnitCount},
	IndPriorityStatusHolder:      {"Plaatsing betaald werk prioritaire doelgroep", "Statushouders", UnitCount},
	IndWorkDisabilityWorking:     {"Begeleiding betaald werk", "Kandidaten met arbeidsbeperking aan het werk (geweest)", UnitCount},
	IndExitsToWork:               {"Uitstroom", "Uitstroom naar werk", UnitCount},
	IndNUGPlacementsPartTime:     {"NUG-plaatsingen", "NUG-kandidaten op parttime plaatsingen", UnitCount},
	IndNUGPlacementsFullTime:     {"NUG-plaatsingen", "NUG-kandidaten op fulltime plaatsingen", UnitCount},
	IndNUGPriorityWorkDisability: {"NUG-plaatsingen prioritaire doelgroep", "Met een arbeidsbeperking", UnitCount},
	IndNUGPriorityYouth:          {"NUG-plaatsingen prioritaire doelgroep", "Jongeren", UnitCount},
	IndNUGPriority55Plus:         {"NUG-plaatsingen prioritaire doelgroep", "55-plussers", UnitCount},
	IndNUGPriorityStatusHolder:   {"NUG-plaatsingen prioritaire doelgroep", "Statushouders", UnitCount},
	IndSWEmployees:               {"Sociale werkvoorziening", "Aantal SW-medewerkers", UnitCount},
	IndCaseloadDevelop:           {"Kandidatenbestand per fase", "Ontwikkelen", UnitCount},
	IndCaseloadMediate:           {"Kandidatenbestand per fase", "Bemiddelen", UnitCount},
	IndCaseloadSupport:           {"Kandidatenbestand per fase", "Begeleiden", UnitCount},
	IndLKSRunning:                {"Loonkostensubsidie", "Actieve loonkostensubsidies", UnitCount},
	IndLKSNUGAtIntake:            {"Loonkostensubsidie", "Waarvan niet uitkeringsgerechtigd bij instroom", UnitCount},
	IndLKSAvgHours:               {"Loonkostensubsidie", "Gemiddeld aantal uren per week", UnitHundredths},
	IndLKSAvgWageValue:           {"Loonkostensubsidie", "Gemiddelde loonwaarde", UnitBasisPoint},
	IndLKSMinutesTotal:           {"Loonkostensubsidie", "Contracturen per week, totaal (uren)", UnitMinutes},
	IndLKSWageValueTotal:         {"Loonkostensubsidie", "Loonwaarden opgeteld (procent)", UnitBasisPoint},
}

// Label returns the Dutch label as printed in the report.
func (k IndicatorKey) Label() string {
	if i, ok := indicatorInfos[k]; ok {
		return i.label
	}
	return string(k)
}

// Group returns the report's group heading above the label.
func (k IndicatorKey) Group() string { return indicatorInfos[k].group }

// Unit returns how the value is to be read.
func (k IndicatorKey) Unit() IndicatorUnit { return indicatorInfos[k].unit }

// Valid reports whether k is a known indicator.
func (k IndicatorKey) Valid() bool { _, ok := indicatorInfos[k]; return ok }

// MunicipalityIndicators holds the values of one municipality. Every key of
// IndicatorKeys is present; 0 is a computed zero.
type MunicipalityIndicators struct {
	Code   string                 `json:"code"`
	Name   string                 `json:"naam"`
	Values map[IndicatorKey]int64 `json:"waarden"`
}

// IndicatorSet is the result of one computation for one period.
type IndicatorSet struct {
	Period         Period                   `json:"periode"`
	Municipalities []MunicipalityIndicators `json:"gemeenten"`
}

// RegionTotals sums the municipalities: counts add up, the LKS averages are
// recomputed from their totals.
func (s *IndicatorSet) RegionTotals() map[IndicatorKey]int64 {
	out := make(map[IndicatorKey]int64, len(IndicatorKeys))
	for _, k := range IndicatorKeys {
		out[k] = 0
	}
	for _, m := range s.Municipalities {
		for k, v := range m.Values {
			if k != IndLKSAvgHours && k != IndLKSAvgWageValue {
				out[k] += v
			}
		}
	}
	out[IndLKSAvgHours], out[IndLKSAvgWageValue] = LKSAverages(out[IndLKSRunning], out[IndLKSMinutesTotal], out[IndLKSWageValueTotal])
	return out
}

// LKSAverages turns the LKS totals into the average hours per week (in
// hundredths of an hour) and the average loonwaarde (basis points), rounded
// half up. With no subsidies both are 0.
func LKSAverages(n, minutesTotal, wageValueTotal int64) (hoursHundredths, wageValueBP int64) {
	if n <= 0 {
		return 0, 0
	}
	return divRoundHalfUp(minutesTotal*100, n*60), divRoundHalfUp(wageValueTotal, n)
}

// divRoundHalfUp is a/b rounded half up, for a, b ≥ 0.
func divRoundHalfUp(a, b int64) int64 { return (2*a + b) / (2 * b) }

// PlacementIndicators returns the period indicators that placement p of
// candidate c counts towards: an hours class and the priority groups for a
// benefit recipient or a NUG candidate whose placement starts in the
// period; nothing otherwise. It is the reference for the store's queries.
func PlacementIndicators(c *Candidate, p *Placement, period Period) []IndicatorKey {
	start := p.Period.From
	if !period.Contains(start) {
		return nil
	}
	kind, _ := c.BenefitOn(start)
	minutes, _ := p.TermsOn(start) // the hours the placement started with
	hc := HoursClassOf(minutes)
	var keys []IndicatorKey
	switch kind {
	case BenefitBijstand:
		keys = append(keys, map[HoursClass]IndicatorKey{HoursUpTo28: IndPlacementsUpTo28, HoursOver28: IndPlacementsOver28}[hc])
		keys = append(keys, priorityKeys(c, start, IndPriorityWorkDisability, IndPriorityYouth, IndPriority55Plus, IndPriorityStatusHolder)...)
	case BenefitNone:
		keys = append(keys, map[HoursClass]IndicatorKey{HoursUpTo28: IndNUGPlacementsPartTime, HoursOver28: IndNUGPlacementsFullTime}[hc])
		keys = append(keys, priorityKeys(c, start, IndNUGPriorityWorkDisability, IndNUGPriorityYouth, IndNUGPriority55Plus, IndNUGPriorityStatusHolder)...)
	}
	return keys
}

func priorityKeys(c *Candidate, on Date, wd, youth, senior, status IndicatorKey) []IndicatorKey {
	var keys []IndicatorKey
	if c.HasIndicationOn(on, IndicationJobAgreement, IndicationSheltered) {
		keys = append(keys, wd)
	}
	age := AgeAt(c.BirthDate, on)
	if age < YouthAgeBelow {
		keys = append(keys, youth)
	}
	if age >= SeniorAgeFrom {
		keys = append(keys, senior)
	}
	if c.HasIndicationOn(on, IndicationStatusHolder) {
		keys = append(keys, status)
	}
	return keys
}

// WorkDisabilityWorkingIn reports whether c counts in
// IndWorkDisabilityWorking for period: on some day of the period a
// placement of c and an arbeidsbeperking indication both run.
func WorkDisabilityWorkingIn(c *Candidate, placements []*Placement, period Period) bool {
	for _, p := range placements {
		for _, ind := range c.Indications {
			if !ind.Kind.WorkDisability() {
				continue
			}
			// Three intervals on a line that pairwise share a day share a day together.
			if p.Period.Overlaps(period) && ind.Period.Overlaps(period) && p.Period.Overlaps(ind.Period) {
				return true
			}
		}
	}
	return false
}

// IndicatorService computes the indicators from the records.
type IndicatorService interface {
	// Indicators computes every indicator for period, per municipality.
	// municipalities selects codes; empty means every municipality in the
	// caller's scope. A code outside the scope (or unknown) is ENOTFOUND.
	Indicators(ctx context.Context, period Period, municipalities []string) (*IndicatorSet, error)
	// IndicatorsOf is Indicators for the keys only: it reads only the
	// records those keys are counted from (a start page that shows seven
	// figures does not pay for thirty). The other keys of the set are zero.
	IndicatorsOf(ctx context.Context, period Period, municipalities []string, keys []IndicatorKey) (*IndicatorSet, error)
	// DrillDown lists the records that make up the figure of key in
	// period for municipality ("" : every municipality in scope), in the
	// caller's scope, and records the opening in the audit log.
	DrillDown(ctx context.Context, period Period, municipality string, key IndicatorKey) (*IndicatorDrillDown, error)
}

// RolesReadIndicators may read the aggregated figures of their scope.
var RolesReadIndicators = []Role{RoleConsultant, RoleMunicipality, RoleController}

// SortIndicatorKeys sorts keys in the order of IndicatorKeys.
func SortIndicatorKeys(keys []IndicatorKey) {
	slices.SortFunc(keys, func(a, b IndicatorKey) int {
		return slices.Index(IndicatorKeys, a) - slices.Index(IndicatorKeys, b)
	})
}

// IndicatorRow is one record counted in a figure: the drill-down of an
// indicator. The figure is computed from exactly these rows: for a count
// the number of rows, for a total (IndLKSMinutesTotal,
// IndLKSWageValueTotal) the sum of Value. The rows of an LKS average are
// those of IndLKSRunning with Value the minutes (hours) or basis points
// (loonwaarde) the average is made of.
type IndicatorRow struct {
	Key          IndicatorKey `json:"indicator"`
	Municipality string       `json:"gemeente"` // the municipality the record counts for
	// CandidateID and CandidateName are 0 and "" when the person now lives
	// outside the viewer's scope (he counted there then, but is another
	// municipality's person now) or the record has no candidate (a Wsw
	// employee without one).
	CandidateID   int64  `json:"kandidaatId,omitempty"`
	CandidateName string `json:"kandidaat,omitempty"`
	Record        string `json:"soort"` // plaatsing, traject, uitstroom, fase, sw-dienstverband
	RecordID      int64  `json:"recordId"`
	// Date is the date that attributes the record (see IndicatorAttribution).
	Date  Date   `json:"datum"`
	Rule  string `json:"regel"`
	Value int64  `json:"waarde"`
}

// IndicatorDrillDown is the drill-down of one figure.
type IndicatorDrillDown struct {
	Period       Period         `json:"periode"`
	Key          IndicatorKey   `json:"indicator"`
	Municipality string         `json:"gemeente,omitempty"` // "": every municipality in scope
	Figure       int64          `json:"cijfer"`
	Rows         []IndicatorRow `json:"rijen"`
	Anonymised   int            `json:"geanonimiseerd"` // rows whose person lives outside the scope now
}

// FigureOf computes the figure of key from its rows, as the indicator
// engine does: the count, the total, or the LKS average.
func FigureOf(k IndicatorKey, rows []IndicatorRow) int64 {
	var n, sum int64
	for _, r := range rows {
		n++
		sum += r.Value
	}
	switch k {
	case IndLKSMinutesTotal, IndLKSWageValueTotal:
		return sum
	case IndLKSAvgHours:
		h, _ := LKSAverages(n, sum, 0)
		return h
	case IndLKSAvgWageValue:
		_, w := LKSAverages(n, 0, sum)
		return w
	}
	return n
}

// IndicatorAttribution says per indicator on which date the candidate's
// municipality of residence is taken (DESIGN "Indicators").
var IndicatorAttribution = map[IndicatorKey]string{
	IndWorkWithBenefit:       "laatste dag in de periode waarop het traject liep",
	IndOWNWActive:            "laatste dag in de periode waarop het traject liep",
	IndWorkDisabilityWorking: "laatste dag in de periode met betaald werk én een indicatie arbeidsbeperking",
	IndExitsToWork:           "datum van uitstroom",
	IndSWEmployees:           "geen woongemeente: de gemeente van het Wsw-dienstverband",
}

// AttributionOf returns the attribution date of k in words.
func AttributionOf(k IndicatorKey) string {
	if s, ok := IndicatorAttribution[k]; ok {
		return s
	}
	switch k.Group() {
	case "Kandidatenbestand per fase", "Loonkostensubsidie":
		return "laatste dag van de periode"
	}
	return "startdatum van de plaatsing"
}
