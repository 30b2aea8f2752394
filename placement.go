package werkpad

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ContractType is the kind of employment contract of a placement.
type ContractType string

const (
	ContractFixedTerm    ContractType = "bepaald"        // bepaalde tijd
	ContractPermanent    ContractType = "onbepaald"      // onbepaalde tijd
	ContractAgency       ContractType = "uitzend"        // via an uitzendbureau
	ContractSWSecondment ContractType = "detachering-sw" // Wsw employee seconded to an employer
)

// ContractTypes lists the contract types in the order the UI offers them.
var ContractTypes = []ContractType{ContractFixedTerm, ContractPermanent, ContractAgency, ContractSWSecondment}

var contractTypeLabels = map[ContractType]string{
	ContractFixedTerm:    "Bepaalde tijd",
	ContractPermanent:    "Onbepaalde tijd",
	ContractAgency:       "Uitzendcontract",
	ContractSWSecondment: "Detachering SW",
}

// Valid reports whether t is a known contract type.
func (t ContractType) Valid() bool { _, ok := contractTypeLabels[t]; return ok }

// Label returns the Dutch name shown to users.
func (t ContractType) Label() string { return labelOr(contractTypeLabels, t) }

// HoursClass is the report's split of placements by contract hours.
type HoursClass string

const (
	HoursUpTo28 HoursClass = "0-28" // parttime: at most 28 hours a week
	HoursOver28 HoursClass = "28+"  // more than 28 hours a week
)

// HoursClassLimitMinutes is the boundary of the report's hours classes:
// 28 hours a week, which still counts as "0-28 uur".
const HoursClassLimitMinutes = 28 * 60

// HoursClassOf classifies contract minutes per week: exactly 28:00 is
// HoursUpTo28, 28:01 is HoursOver28.
func HoursClassOf(minutesPerWeek int) HoursClass {
	if minutesPerWeek > HoursClassLimitMinutes {
		return HoursOver28
	}
	return HoursUpTo28
}

// Label returns the report's column heading.
func (h HoursClass) Label() string {
	if h == HoursOver28 {
		return "> 28 uur"
	}
	return "0-28 uur"
}

// MaxContractMinutesPerWeek is the most contract time we accept: a full
// working week of 40 hours. More is nearly always a typing error.
const MaxContractMinutesPerWeek = 40 * 60

// FullWageValue is a loonwaarde of 100%, in basis points.
const FullWageValue = 10000

// Placement is the start of paid work by a candidate.
type Placement struct {
	ID          int64 `json:"id"`
	CandidateID int64 `json:"kandidaatId"`
	// MunicipalityCode is the candidate's municipality, filled by the store.
	MunicipalityCode string `json:"gemeente,omitempty"`
	EmployerName     string `json:"werkgever"`
	EmployerID       *int64 `json:"werkgeverId,omitempty"` // nil: employer not (yet) in our register
	Period           Period `json:"periode"`

	// Contract hours are kept in whole minutes per week: 24,5 uur is 1470.
	ContractMinutesPerWeek int          `json:"contractMinutenPerWeek"`
	ContractType           ContractType `json:"contractsoort"`

	// Loonkostensubsidie. WageValueBasisPoints is the loonwaarde in basis
	// points (6250 = 62,5%), so that a decimal loonwaarde never needs a float.
	WageSubsidy          bool `json:"loonkostensubsidie"`
	WageValueBasisPoints int  `json:"loonwaardeBasispunten,omitempty"`
	ReassessOn           Date `json:"herbeoordelingOp,omitzero"`

	SecondmentJob bool `json:"detacheringsbaan"` // employed by the MGR, seconded
	Sheltered     bool `json:"beschut"`          // beschut werk

	// Terms are the dated contract hours, loonwaarde and wage subsidy, filled by the
	// store where a figure needs them: empty while they never changed after
	// the start; otherwise the first entry starts on the start date. The
	// fields above are the latest terms.
	Terms []PlacementTerms `json:"voorwaarden,omitempty"`

	CreatedAt time.Time `json:"aangemaakt"`
	UpdatedAt time.Time `json:"gewijzigd"`
}

// PlacementTerms are the contract hours and loonwaarde of a placement from
// a day on (a re-assessment of the loonwaarde, more or fewer hours).
type PlacementTerms struct {
	From                   Date `json:"vanaf"`
	ContractMinutesPerWeek int  `json:"contractMinutenPerWeek"`
	WageValueBasisPoints   int  `json:"loonwaardeBasispunten"`
	WageSubsidy            bool `json:"loonkostensubsidie"`
}

// SubsidyOn reports whether the placement has wage subsidy on day d: that
// of the latest terms starting on or before d, the placement's own when
// there are none. It does not check that the placement runs on d.
func (p *Placement) SubsidyOn(d Date) bool {
	on := p.WageSubsidy
	var latest Date
	for _, t := range p.Terms {
		if !t.From.After(d) && (latest.IsZero() || t.From.After(latest)) {
			latest, on = t.From, t.WageSubsidy
		}
	}
	return on
}

// EverSubsidised reports whether the placement has wage subsidy on some
// day: now or in one of its dated terms.
func (p *Placement) EverSubsidised() bool {
	return p.WageSubsidy || slices.ContainsFunc(p.Terms, func(t PlacementTerms) bool { return t.WageSubsidy })
}

// TermsOn returns the contract minutes per week and the loonwaarde on day
// d: those of the latest terms starting on or before d, the placement's
// own when there are none.
func (p *Placement) TermsOn(d Date) (minutes, wageValueBP int) {
	minutes, wageValueBP = p.ContractMinutesPerWeek, p.WageValueBasisPoints
	var latest Date
	for _, t := range p.Terms {
		if !t.From.After(d) && (latest.IsZero() || t.From.After(latest)) {
			latest, minutes, wageValueBP = t.From, t.ContractMinutesPerWeek, t.WageValueBasisPoints
		}
	}
	return minutes, wageValueBP
}

// termsCuts returns the days within period on which the terms change,
// after period.From, in order.
func (p *Placement) termsCuts(period Period) []Date {
	var out []Date
	for _, t := range p.Terms {
		if t.From.After(period.From) && !t.From.After(period.To) {
			out = append(out, t.From)
		}
	}
	slices.SortFunc(out, Date.Compare)
	return slices.Compact(out)
}

// HoursClass returns the report's hours class of the placement.
func (p *Placement) HoursClass() HoursClass { return HoursClassOf(p.ContractMinutesPerWeek) }

// ActiveOn reports whether the placement runs on day d.
func (p *Placement) ActiveOn(d Date) bool { return p.Period.Contains(d) }

// Validate checks a placement before it is stored.
func (p *Placement) Validate() error {
	var errs problems
	if p.CandidateID <= 0 {
		errs.add(FieldError("kandidaatId", "Kies de kandidaat."))
	}
	if strings.TrimSpace(p.EmployerName) == "" && p.EmployerID == nil {
		errs.add(FieldError("werkgever", "Vul de werkgever in."))
	}
	errs.add(p.Period.validate("periode."))
	switch m := p.ContractMinutesPerWeek; {
	case m < 1:
		errs.add(FieldError("contractMinutenPerWeek", "Vul het aantal contracturen per week in."))
	case m > MaxContractMinutesPerWeek:
		errs.add(FieldError("contractMinutenPerWeek", "%s uur per week is meer dan een volledige werkweek van 40 uur. Controleer de contracturen.", FormatHours(m)))
	}
	if !p.ContractType.Valid() {
		errs.add(FieldError("contractsoort", "Kies de soort contract."))
	}
	switch {
	case !p.WageSubsidy && p.WageValueBasisPoints != 0:
		errs.add(FieldError("loonwaardeBasispunten", "Een loonwaarde hoort alleen bij een plaatsing met loonkostensubsidie."))
	case !p.WageSubsidy && !p.ReassessOn.IsZero():
		errs.add(FieldError("herbeoordelingOp", "Een herbeoordelingsdatum hoort alleen bij een plaatsing met loonkostensubsidie."))
	case !p.WageSubsidy:
	default:
		if p.WageValueBasisPoints < 0 || p.WageValueBasisPoints > FullWageValue {
			errs.add(FieldError("loonwaardeBasispunten", "De loonwaarde ligt tussen 0%% en 100%%."))
		}
		if p.ReassessOn.IsZero() {
			errs.add(FieldError("herbeoordelingOp", "Vul de datum van de herbeoordeling van de loonwaarde in."))
		} else if !p.ReassessOn.After(p.Period.From) && !p.Period.From.IsZero() {
			errs.add(FieldError("herbeoordelingOp", "De herbeoordeling moet na de begindatum van de plaatsing (%s) liggen.", p.Period.From.Dutch()))
		}
	}
	return errs.err()
}

// FormatHours writes minutes as Dutch decimal hours: 1470 → "24,5",
// 1460 → "24,33", 2160 → "36". Used in messages and tables.
func FormatHours(minutes int) string {
	sign := ""
	if minutes < 0 {
		sign, minutes = "-", -minutes
	}
	whole, rest := minutes/60, minutes%60
	if rest == 0 {
		return fmt.Sprintf("%s%d", sign, whole)
	}
	// Hundredths of an hour, rounded half up; 59 minutes rounds to 0,98.
	hundredths := (rest*100 + 30) / 60
	s := strings.TrimRight(fmt.Sprintf("%02d", hundredths), "0")
	return fmt.Sprintf("%s%d,%s", sign, whole, s)
}

// FormatBasisPoints writes a loonwaarde as a Dutch percentage: 6250 →
// "62,5%", 5000 → "50%".
func FormatBasisPoints(bp int) string {
	if bp%100 == 0 {
		return fmt.Sprintf("%d%%", bp/100)
	}
	frac := strings.TrimRight(fmt.Sprintf("%02d", abs(bp%100)), "0")
	sign := ""
	if bp < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%d,%s%%", sign, abs(bp/100), frac)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
