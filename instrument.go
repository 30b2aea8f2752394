package werkpad

import (
	"strings"
	"time"
)

// InstrumentKind groups instruments that are counted and recorded alike.
// The report's "werkplek met behoud van uitkering" counts every instrument
// of kind InstrumentWorkWithBenefit (the leerwerkplek and taalstage are
// forms of it), so indicators select by kind, not by code.
type InstrumentKind string

const (
	InstrumentWorkWithBenefit InstrumentKind = "werken-met-behoud" // unpaid workplace keeping the benefit
	InstrumentOWNW            InstrumentKind = "ownw"              // Op Weg Naar Werk arrangement
	InstrumentTrajectory      InstrumentKind = "traject"           // a programme with a start and an end
	InstrumentSupport         InstrumentKind = "begeleiding"       // coaching and support
)

var instrumentKindLabels = map[InstrumentKind]string{
	InstrumentWorkWithBenefit: "Werken met behoud van uitkering",
	InstrumentOWNW:            "Op Weg Naar Werk",
	InstrumentTrajectory:      "Traject",
	InstrumentSupport:         "Begeleiding",
}

// Valid reports whether k is a known kind.
func (k InstrumentKind) Valid() bool { _, ok := instrumentKindLabels[k]; return ok }

// Label returns the Dutch name shown to users.
func (k InstrumentKind) Label() string { return labelOr(instrumentKindLabels, k) }

// Instrument is an entry of the catalogue of services a candidate can be
// enrolled in. Code is stable: it is stored with every enrolment.
type Instrument struct {
	Code string         `json:"code"`
	Name string         `json:"naam"`
	Kind InstrumentKind `json:"soort"`
}

// DefaultInstruments is the catalogue of the DVO's instruments, seeded into a new
// database. Later changes are reference data, entered by the beheerder.
var DefaultInstruments = []Instrument{
	{Code: "wmbu", Name: "Werkplek met behoud van uitkering", Kind: InstrumentWorkWithBenefit},
	{Code: "leerwerkplek", Name: "Leerwerkplek", Kind: InstrumentWorkWithBenefit},
	{Code: "taalstage", Name: "Taalstage", Kind: InstrumentWorkWithBenefit},
	{Code: "ownw", Name: "Op Weg Naar Werk", Kind: InstrumentOWNW},
	{Code: "versnelling", Name: "De Versnelling", Kind: InstrumentTrajectory},
	{Code: "samen-sterk", Name: "Samen sterk naar werk", Kind: InstrumentTrajectory},
	{Code: "activering", Name: "Activeringstraject", Kind: InstrumentTrajectory},
	{Code: "ips", Name: "IPS (Individuele Plaatsing en Steun)", Kind: InstrumentTrajectory},
	{Code: "map", Name: "MAP / inburgering", Kind: InstrumentTrajectory},
	{Code: "multiproblematiek", Name: "Intensieve begeleiding multiproblematiek", Kind: InstrumentSupport},
	{Code: "zorgjongeren", Name: "Zorgjongerenbegeleiding", Kind: InstrumentSupport},
	{Code: "participatiecoaching", Name: "Participatiecoaching", Kind: InstrumentSupport},
	{Code: "jobcoaching", Name: "Jobcoaching", Kind: InstrumentSupport},
}

// FindInstrument returns the instrument with the code from catalogue.
func FindInstrument(catalogue []Instrument, code string) (Instrument, bool) {
	for _, in := range catalogue {
		if in.Code == code {
			return in, true
		}
	}
	return Instrument{}, false
}

// WorkWithBenefitDetails are the facts of a werkplek met behoud van
// uitkering (and its leerwerkplek and taalstage forms).
type WorkWithBenefitDetails struct {
	MinutesPerWeek   int    `json:"minutenPerWeek"`
	HostOrganisation string `json:"gastorganisatie"`
	// ToPaidWork is the outcome "doorstroom naar betaald werk": nil while
	// unknown, set once the enrolment has ended.
	ToPaidWork *bool `json:"doorstroomBetaaldWerk,omitempty"`
}

// OWNWOutcome is where a candidate went after Op Weg Naar Werk.
type OWNWOutcome string

const (
	OWNWToPaidWork        OWNWOutcome = "betaald-werk"
	OWNWToWorkWithBenefit OWNWOutcome = "werken-met-behoud"
	OWNWToVolunteering    OWNWOutcome = "vrijwilligerswerk"
	OWNWToEducation       OWNWOutcome = "opleiding"
	OWNWStopped           OWNWOutcome = "gestopt"
)

var ownwOutcomeLabels = map[OWNWOutcome]string{
	OWNWToPaidWork:        "Betaald werk",
	OWNWToWorkWithBenefit: "Werken met behoud van uitkering",
	OWNWToVolunteering:    "Vrijwilligerswerk",
	OWNWToEducation:       "Opleiding",
	OWNWStopped:           "Gestopt",
}

// Valid reports whether o is a known outcome.
func (o OWNWOutcome) Valid() bool { _, ok := ownwOutcomeLabels[o]; return ok }

// Label returns the Dutch name shown to users.
func (o OWNWOutcome) Label() string { return labelOr(ownwOutcomeLabels, o) }

// OWNWDetails are the facts of an Op Weg Naar Werk arrangement.
type OWNWDetails struct {
	DaypartsPerWeek int         `json:"dagdelenPerWeek"`
	Provider        string      `json:"aanbieder,omitempty"`
	Outcome         OWNWOutcome `json:"uitkomst,omitempty"` // "" while running
}

// MaxDaypartsPerWeek is a full week of mornings and afternoons.
const MaxDaypartsPerWeek = 10

// Enrolment is a candidate taking part in an instrument for a period.
// Exactly the details that belong to the instrument's kind are set.
type Enrolment struct {
	ID          int64 `json:"id"`
	CandidateID int64 `json:"kandidaatId"`
	// MunicipalityCode is the candidate's municipality, filled by the store.
	MunicipalityCode string                  `json:"gemeente,omitempty"`
	InstrumentCode   string                  `json:"instrument"`
	Period           Period                  `json:"periode"`
	Result           string                  `json:"resultaat,omitempty"` // free text for all kinds
	WorkWithBenefit  *WorkWithBenefitDetails `json:"werkenMetBehoud,omitempty"`
	OWNW             *OWNWDetails            `json:"ownw,omitempty"`
	CreatedAt        time.Time               `json:"aangemaakt"`
	UpdatedAt        time.Time               `json:"gewijzigd"`
}

// ActiveOn reports whether the enrolment runs on day d.
func (e *Enrolment) ActiveOn(d Date) bool { return e.Period.Contains(d) }

// Validate checks an enrolment against the catalogue in use (normally
// DefaultInstruments or the stored reference list).
func (e *Enrolment) Validate(catalogue []Instrument) error {
	if e.CandidateID <= 0 {
		return FieldError("kandidaatId", "Kies de kandidaat.")
	}
	in, ok := FindInstrument(catalogue, e.InstrumentCode)
	if !ok {
		return FieldError("instrument", "Kies een instrument uit de lijst.")
	}
	if err := e.Period.validate("periode."); err != nil {
		return err
	}
	if in.Kind != InstrumentWorkWithBenefit && e.WorkWithBenefit != nil {
		return FieldError("werkenMetBehoud", "Deze gegevens horen alleen bij werken met behoud van uitkering.")
	}
	if in.Kind != InstrumentOWNW && e.OWNW != nil {
		return FieldError("ownw", "Deze gegevens horen alleen bij Op Weg Naar Werk.")
	}
	switch in.Kind {
	case InstrumentWorkWithBenefit:
		return e.validateWorkWithBenefit()
	case InstrumentOWNW:
		return e.validateOWNW()
	}
	return nil
}

func (e *Enrolment) validateWorkWithBenefit() error {
	w := e.WorkWithBenefit
	if w == nil {
		return FieldError("werkenMetBehoud", "Vul de gegevens van de werkplek in.")
	}
	switch {
	case w.MinutesPerWeek < 1:
		return FieldError("werkenMetBehoud.minutenPerWeek", "Vul het aantal uren per week in.")
	case w.MinutesPerWeek > MaxContractMinutesPerWeek:
		return FieldError("werkenMetBehoud.minutenPerWeek", "%s uur per week is meer dan een volledige werkweek van 40 uur.", FormatHours(w.MinutesPerWeek))
	case strings.TrimSpace(w.HostOrganisation) == "":
		return FieldError("werkenMetBehoud.gastorganisatie", "Vul de organisatie van de werkplek in.")
	case w.ToPaidWork != nil && e.Period.Open():
		return FieldError("werkenMetBehoud.doorstroomBetaaldWerk", "Vul eerst de einddatum in; de doorstroom is pas bekend als de werkplek is afgelopen.")
	}
	return nil
}

func (e *Enrolment) validateOWNW() error {
	o := e.OWNW
	if o == nil {
		return FieldError("ownw", "Vul de gegevens van Op Weg Naar Werk in.")
	}
	switch {
	case o.DaypartsPerWeek < 1 || o.DaypartsPerWeek > MaxDaypartsPerWeek:
		return FieldError("ownw.dagdelenPerWeek", "Het aantal dagdelen per week ligt tussen 1 en %d.", MaxDaypartsPerWeek)
	case o.Outcome != "" && !o.Outcome.Valid():
		return FieldError("ownw.uitkomst", "Kies een geldige uitkomst.")
	case o.Outcome != "" && e.Period.Open():
		return FieldError("ownw.uitkomst", "Vul eerst de einddatum in; de uitkomst is pas bekend als het traject is afgelopen.")
	}
	return nil
}
