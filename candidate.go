package werkpad

import (
	"fmt"
	"strings"
	"time"
)

// ServiceLine is the kind of service a candidate receives.
type ServiceLine string

const (
	ServiceJobMediation ServiceLine = "arbeidsbemiddeling"
	ServiceOWNW         ServiceLine = "ownw" // Op Weg Naar Werk
	ServiceSW           ServiceLine = "sw"   // sociale werkvoorziening / beschut
	ServiceActivation   ServiceLine = "activering"
)

// ServiceLines lists the service lines in the order the UI offers them.
var ServiceLines = []ServiceLine{ServiceJobMediation, ServiceOWNW, ServiceSW, ServiceActivation}

var serviceLineLabels = map[ServiceLine]string{
	ServiceJobMediation: "Arbeidsbemiddeling",
	ServiceOWNW:         "Op Weg Naar Werk",
	ServiceSW:           "SW",
	ServiceActivation:   "Activering",
}

// Valid reports whether s is a known service line.
func (s ServiceLine) Valid() bool { _, ok := serviceLineLabels[s]; return ok }

// Label returns the Dutch name shown to users.
func (s ServiceLine) Label() string { return labelOr(serviceLineLabels, s) }

// BenefitKind is the income situation of a candidate in a period. NUG (niet
// uitkeringsgerechtigd) is recorded explicitly, so that "no benefit" can be
// told apart from "not known".
type BenefitKind string

const (
	BenefitBijstand BenefitKind = "bijstand"
	BenefitNone     BenefitKind = "nug"
	BenefitOther    BenefitKind = "overig" // e.g. WW, Wajong, ANW
)

var benefitKindLabels = map[BenefitKind]string{
	BenefitBijstand: "Bijstand",
	BenefitNone:     "Geen uitkering (NUG)",
	BenefitOther:    "Andere uitkering",
}

// Valid reports whether k is a known benefit kind.
func (k BenefitKind) Valid() bool { _, ok := benefitKindLabels[k]; return ok }

// Label returns the Dutch name shown to users.
func (k BenefitKind) Label() string { return labelOr(benefitKindLabels, k) }

// BenefitPeriod is one stretch of one income situation.
type BenefitPeriod struct {
	Kind   BenefitKind `json:"soort"`
	Period Period      `json:"periode"`
}

// IndicationKind is a formal indication that makes a candidate part of a
// priority group.
type IndicationKind string

const (
	IndicationJobAgreement IndicationKind = "banenafspraak" // doelgroepregister
	IndicationSheltered    IndicationKind = "beschut"
	IndicationStatusHolder IndicationKind = "statushouder"
)

var indicationKindLabels = map[IndicationKind]string{
	IndicationJobAgreement: "Banenafspraak (doelgroepregister)",
	IndicationSheltered:    "Beschut werk",
	IndicationStatusHolder: "Statushouder",
}

// Valid reports whether k is a known indication kind.
func (k IndicationKind) Valid() bool { _, ok := indicationKindLabels[k]; return ok }

// Label returns the Dutch name shown to users.
func (k IndicationKind) Label() string { return labelOr(indicationKindLabels, k) }

// WorkDisability reports whether the indication means "arbeidsbeperking"
// in the sense of the DVO focus group and the report.
func (k IndicationKind) WorkDisability() bool {
	return k == IndicationJobAgreement || k == IndicationSheltered
}

// Indication is an indication valid for a period.
type Indication struct {
	Kind   IndicationKind `json:"soort"`
	Period Period         `json:"periode"`
}

// Phase is the stage of a candidate's route to work.
type Phase string

const (
	PhaseDevelop Phase = "ontwikkelen"
	PhaseMediate Phase = "bemiddelen"
	PhaseSupport Phase = "begeleiden"
)

// Phases lists the phases in route order, as the report's table does.
var Phases = []Phase{PhaseDevelop, PhaseMediate, PhaseSupport}

var phaseLabels = map[Phase]string{
	PhaseDevelop: "Ontwikkelen",
	PhaseMediate: "Bemiddelen",
	PhaseSupport: "Begeleiden",
}

// Valid reports whether p is a known phase.
func (p Phase) Valid() bool { _, ok := phaseLabels[p]; return ok }

// Label returns the Dutch name shown to users.
func (p Phase) Label() string { return labelOr(phaseLabels, p) }

// PhasePeriod is the time a candidate spent in one phase.
type PhasePeriod struct {
	Phase  Phase  `json:"fase"`
	Period Period `json:"periode"`
}

// Candidate is a person served by WerkBedrijf. The plain BSN lives in
// memory only; the store keeps it encrypted and as a keyed hash.
type Candidate struct {
	ID               int64  `json:"id"`
	BSN              string `json:"bsn,omitempty"`
	GivenName        string `json:"voornaam"` // first name or initials
	Infix            string `json:"tussenvoegsel,omitempty"`
	Surname          string `json:"achternaam"`
	BirthDate        Date   `json:"geboortedatum"`
	MunicipalityCode string `json:"gemeente"`

	ServiceLine    ServiceLine `json:"dienstverlening"`
	RegisteredOn   Date        `json:"ingeschrevenOp"`
	DeregisteredOn Date        `json:"uitgeschrevenOp,omitzero"` // zero: still in service
	ConsultantID   int64       `json:"consulentId,omitempty"`    // 0: not yet assigned

	Benefits    []BenefitPeriod `json:"uitkeringen"`
	Indications []Indication    `json:"indicaties"`
	Phases      []PhasePeriod   `json:"fasen"`

	// History holds the dated attributes, oldest first per attribute; it is
	// loaded with one candidate (FindCandidateByID), not in lists.
	History []AttributePeriod `json:"historie,omitempty"`

	CreatedAt time.Time `json:"aangemaakt"`
	UpdatedAt time.Time `json:"gewijzigd"`
}

// FullName returns the name as written in Dutch: "Jan de Vries".
func (c *Candidate) FullName() string {
	return strings.Join(strings.Fields(c.GivenName+" "+c.Infix+" "+c.Surname), " ")
}

// Plausible ages at registration. Younger or older is almost always a
// typing error in the birth date, not a real candidate.
const (
	MinAgeAtRegistration = 15
	MaxAgeAtRegistration = 70
)

// Validate checks a candidate before it is stored. today is the caller's
// date (from the injected clock). Periods in a list are named by their
// 0-based index, e.g. "uitkeringen[1].van".
func (c *Candidate) Validate(today Date) error {
	var p problems
	if _, err := ParseBSN(c.BSN); err != nil {
		p.add(err)
	}
	if strings.TrimSpace(c.GivenName) == "" {
		p.add(FieldError("voornaam", "Vul de voornaam of voorletters in."))
	}
	if strings.TrimSpace(c.Surname) == "" {
		p.add(FieldError("achternaam", "Vul de achternaam in."))
	}
	if !ValidMunicipalityCode(c.MunicipalityCode) {
		p.add(FieldError("gemeente", "Kies een gemeente (CBS-code zoals GM0268)."))
	}
	if !c.ServiceLine.Valid() {
		p.add(FieldError("dienstverlening", "Kies de dienstverlening."))
	}
	switch {
	case c.RegisteredOn.IsZero():
		p.add(FieldError("ingeschrevenOp", "Vul de inschrijfdatum in."))
	case c.RegisteredOn.After(today):
		p.add(FieldError("ingeschrevenOp", "De inschrijfdatum ligt in de toekomst."))
	case !c.DeregisteredOn.IsZero() && c.DeregisteredOn.Before(c.RegisteredOn):
		p.add(FieldError("uitgeschrevenOp", "De uitschrijfdatum ligt voor de inschrijfdatum."))
	}
	// The age check needs a registration date; without one only the
	// birth date's own checks apply.
	if c.BirthDate.IsZero() || c.BirthDate.After(today) || !p.has("ingeschrevenOp") {
		p.add(c.validateBirthDate(today))
	}
	p.add(validatePeriods("uitkeringen", len(c.Benefits), func(i int) (string, Period, bool) {
		return string(c.Benefits[i].Kind), c.Benefits[i].Period, c.Benefits[i].Kind.Valid()
	}, false))
	// Indications of different kinds may run together (a statushouder with
	// a banenafspraak); the same kind twice at once is a duplicate.
	p.add(validatePeriods("indicaties", len(c.Indications), func(i int) (string, Period, bool) {
		return string(c.Indications[i].Kind), c.Indications[i].Period, c.Indications[i].Kind.Valid()
	}, true))
	p.add(validatePeriods("fasen", len(c.Phases), func(i int) (string, Period, bool) {
		return string(c.Phases[i].Phase), c.Phases[i].Period, c.Phases[i].Phase.Valid()
	}, false))
	return p.err()
}

func (c *Candidate) validateBirthDate(today Date) error {
	if c.BirthDate.IsZero() {
		return FieldError("geboortedatum", "Vul de geboortedatum in.")
	}
	if c.BirthDate.After(today) {
		return FieldError("geboortedatum", "De geboortedatum ligt in de toekomst.")
	}
	age := AgeAt(c.BirthDate, c.RegisteredOn)
	if c.RegisteredOn.Before(c.BirthDate) || age < MinAgeAtRegistration || age > MaxAgeAtRegistration {
		return FieldError("geboortedatum", "Controleer de geboortedatum: bij inschrijving zou de kandidaat %d jaar zijn, verwacht is %d tot en met %d jaar.",
			age, MinAgeAtRegistration, MaxAgeAtRegistration)
	}
	return nil
}

// validatePeriods checks a list of dated entries: a known kind, a valid
// period each, and no two entries sharing a day (only among entries of the
// same kind when perKind is set). at returns entry i's kind, period and
// whether the kind is known.
func validatePeriods(list string, n int, at func(i int) (kind string, p Period, known bool), perKind bool) error {
	kindField := map[string]string{"uitkeringen": "soort", "indicaties": "soort", "fasen": "fase"}[list]
	for i := range n {
		kind, p, known := at(i)
		prefix := fmt.Sprintf("%s[%d].", list, i)
		if !known {
			return FieldError(prefix+kindField, "Kies een geldige %s.", kindField)
		}
		if err := p.validate(prefix); err != nil {
			return err
		}
		for j := range i {
			otherKind, q, _ := at(j)
			if perKind && otherKind != kind {
				continue
			}
			if p.Overlaps(q) {
				return FieldError(prefix+"van", "Deze periode (%s) overlapt met %s[%d] (%s).", p, list, j, q)
			}
		}
	}
	return nil
}

// BenefitOn returns the income situation recorded for day ref.
func (c *Candidate) BenefitOn(ref Date) (BenefitKind, bool) {
	for _, b := range c.Benefits {
		if b.Period.Contains(ref) {
			return b.Kind, true
		}
	}
	return "", false
}

// PhaseOn returns the phase the candidate is in on day ref.
func (c *Candidate) PhaseOn(ref Date) (Phase, bool) {
	for _, p := range c.Phases {
		if p.Period.Contains(ref) {
			return p.Phase, true
		}
	}
	return "", false
}

// InServiceOn reports whether the candidate is registered with WerkBedrijf
// on day ref: registered on or before ref and not deregistered before it.
func (c *Candidate) InServiceOn(ref Date) bool {
	return Period{From: c.RegisteredOn, To: c.DeregisteredOn}.Contains(ref)
}

// HasIndicationOn reports whether an indication of one of the kinds is
// valid on day ref.
func (c *Candidate) HasIndicationOn(ref Date, kinds ...IndicationKind) bool {
	for _, ind := range c.Indications {
		for _, k := range kinds {
			if ind.Kind == k && ind.Period.Contains(ref) {
				return true
			}
		}
	}
	return false
}

// labelOr returns the label of a code, or the code itself when unknown so
// that bad data is visible rather than blank.
func labelOr[K ~string](labels map[K]string, k K) string {
	if l, ok := labels[k]; ok {
		return l
	}
	return string(k)
}

// HistoryAttribute names a candidate attribute whose value is kept with
// dates, because a report of a past period reads the value of then.
type HistoryAttribute string

const (
	HistoryMunicipality HistoryAttribute = "gemeente" // municipality of residence
	HistoryConsultant   HistoryAttribute = "consulent"
	HistoryServiceLine  HistoryAttribute = "dienstverlening"
)

// HistoryAttributes lists the dated attributes in the order pages show them.
var HistoryAttributes = []HistoryAttribute{HistoryMunicipality, HistoryServiceLine, HistoryConsultant}

var historyAttributeLabels = map[HistoryAttribute]string{
	HistoryMunicipality: "Woongemeente",
	HistoryConsultant:   "Consulent",
	HistoryServiceLine:  "Dienstverlening",
}

// Label returns the Dutch name shown to users.
func (a HistoryAttribute) Label() string { return labelOr(historyAttributeLabels, a) }

// AttributePeriod is the value of one dated attribute during a period. The
// value is the code as stored: a CBS municipality code, a service line, a
// consultant's user id ("" when none was assigned).
type AttributePeriod struct {
	Attribute HistoryAttribute `json:"kenmerk"`
	Value     string           `json:"waarde"`
	Period    Period           `json:"periode"`
}

// ValueOn returns the value of attribute a on day ref from history.
func ValueOn(history []AttributePeriod, a HistoryAttribute, ref Date) (string, bool) {
	for _, h := range history {
		if h.Attribute == a && h.Period.Contains(ref) {
			return h.Value, true
		}
	}
	return "", false
}
