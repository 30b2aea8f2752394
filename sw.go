package werkpad

import "fmt"

// Werkvorm is how a Wsw employee works: inside the company or outside the
// walls (buiten de muren) at an employer.
type Werkvorm string

const (
	WerkvormShelteredInside      Werkvorm = "beschut_binnen"
	WerkvormGroupSecondment      Werkvorm = "groepsdetachering"
	WerkvormIndividualSecondment Werkvorm = "individuele_detachering"
	WerkvormSupportedEmployment  Werkvorm = "begeleid_werken"
)

// Werkvormen lists the werkvormen in the order of the report's table.
var Werkvormen = []Werkvorm{WerkvormSupportedEmployment, WerkvormIndividualSecondment, WerkvormGroupSecondment, WerkvormShelteredInside}

var werkvormLabels = map[Werkvorm]string{
	WerkvormShelteredInside:      "Beschut",
	WerkvormGroupSecondment:      "Groepsdetachering",
	WerkvormIndividualSecondment: "Individuele detachering",
	WerkvormSupportedEmployment:  "Begeleid werken",
}

// Valid reports whether w is a known werkvorm.
func (w Werkvorm) Valid() bool { _, ok := werkvormLabels[w]; return ok }

// Label returns the Dutch name as printed in the report.
func (w Werkvorm) Label() string { return labelOr(werkvormLabels, w) }

// SEThousandths is one standaardeenheid (SE) in thousandths: a full-time
// Wsw employee with a moderate indication. A severe indication weighs 1,28.
const SEThousandths = 1000

// SWEmployee is a Wsw employment (sociale werkvoorziening). New Wsw
// employments have not been possible since 2015, so the group only shrinks.
// CandidateID links the employee to a candidate record when there is one.
type SWEmployee struct {
	ID               int64    `json:"id"`
	MunicipalityCode string   `json:"gemeente"`
	CandidateID      int64    `json:"kandidaatId,omitempty"`
	SEThousandths    int      `json:"seDuizendsten"`
	Werkvorm         Werkvorm `json:"werkvorm"`            // current werkvorm; history in WerkvormPeriods
	Period           Period   `json:"periode"`             // the employment: start and (optional) end
	Location         string   `json:"locatie,omitempty"`   // where the employee works (site or department)
	EmployerName     string   `json:"werkgever,omitempty"` // the employer a secondment is with
	// PersonnelNumber is the SW company's number for the employee ("" when
	// not recorded); unique when given.
	PersonnelNumber string `json:"personeelsnummer,omitempty"`
	// SEFrom is the day a changed SE takes effect, on an update only (zero:
	// today). The day the latest SE started corrects that SE instead.
	SEFrom Date `json:"sePer,omitzero"`
}

// Label names the employee in lists and headings: by personnel number when
// recorded, by werkpad's number otherwise.
func (e *SWEmployee) Label() string {
	if e.PersonnelNumber != "" {
		return "SW-medewerker " + e.PersonnelNumber
	}
	return fmt.Sprintf("SW-medewerker (nr. %d in werkpad)", e.ID)
}

// InServiceOn reports whether the employment runs on day d.
func (e *SWEmployee) InServiceOn(d Date) bool { return e.Period.Contains(d) }
