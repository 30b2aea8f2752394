package werkpad

import (
	"fmt"
	"strings"
	"time"
)

// ReferralStatus is where a referral (aanmelding) stands between the
// municipality's hand-over and WerkBedrijf's feedback (terugmelding).
type ReferralStatus string

const (
	ReferralReferred      ReferralStatus = "aangemeld"
	ReferralIntakePlanned ReferralStatus = "intake-gepland"
	ReferralIntakeHeld    ReferralStatus = "intake-gehouden"
	ReferralReported      ReferralStatus = "teruggemeld" // final
)

var referralStatusLabels = map[ReferralStatus]string{
	ReferralReferred:      "Aangemeld",
	ReferralIntakePlanned: "Intake gepland",
	ReferralIntakeHeld:    "Intake gehouden",
	ReferralReported:      "Teruggemeld",
}

// Valid reports whether s is a known status.
func (s ReferralStatus) Valid() bool { _, ok := referralStatusLabels[s]; return ok }

// Label returns the Dutch name shown to users.
func (s ReferralStatus) Label() string { return labelOr(referralStatusLabels, s) }

// Daypart is the half day of an intake on location; WerkBedrijf is present
// in each municipality about one dagdeel a week (DVO art. 3.2).
type Daypart string

const (
	Morning   Daypart = "ochtend"
	Afternoon Daypart = "middag"
)

// Valid reports whether p is a known daypart.
func (p Daypart) Valid() bool { return p == Morning || p == Afternoon }

// ReferralOutcome is what WerkBedrijf reports back to the municipality.
type ReferralOutcome string

const (
	OutcomeInTrajectory ReferralOutcome = "in-traject"   // candidate starts with WerkBedrijf
	OutcomeNotSuitable  ReferralOutcome = "niet-passend" // WerkBedrijf's service does not fit
	OutcomeNoResponse   ReferralOutcome = "geen-gehoor"  // candidate could not be reached / did not come
)

var referralOutcomeLabels = map[ReferralOutcome]string{
	OutcomeInTrajectory: "In traject",
	OutcomeNotSuitable:  "Niet passend",
	OutcomeNoResponse:   "Geen gehoor",
}

// Valid reports whether o is a known outcome.
func (o ReferralOutcome) Valid() bool { _, ok := referralOutcomeLabels[o]; return ok }

// Label returns the Dutch name shown to users.
func (o ReferralOutcome) Label() string { return labelOr(referralOutcomeLabels, o) }

// Intake is a planned intake interview on location.
type Intake struct {
	Date     Date    `json:"datum"`
	Location string  `json:"locatie"`
	Daypart  Daypart `json:"dagdeel"`
}

// Referral is the municipality's hand-over of a person to WerkBedrijf. It
// carries the person's data as the municipality supplied it, because the
// candidate record is made (or found) only at intake.
type Referral struct {
	ID          int64 `json:"id"`
	CandidateID int64 `json:"kandidaatId,omitempty"` // 0 until linked to a candidate
	// DuplicateOfCandidateID is set by the store when the BSN belongs to a
	// candidate already in service on the day the referral was stored.
	DuplicateOfCandidateID int64    `json:"dubbelMetKandidaatId,omitempty"`
	BSN                    string   `json:"bsn,omitempty"`
	GivenName              string   `json:"voornaam"`
	Infix                  string   `json:"tussenvoegsel,omitempty"`
	Surname                string   `json:"achternaam"`
	BirthDate              Date     `json:"geboortedatum"`
	MunicipalityCode       string   `json:"gemeente"`
	Reason                 string   `json:"reden"`
	Documents              []string `json:"documenten,omitempty"` // names of attached documents
	WarmHandover           bool     `json:"warmeOverdracht"`
	ReferredOn             Date     `json:"aangemeldOp"`

	Status       ReferralStatus  `json:"status"`
	Intake       *Intake         `json:"intake,omitempty"`
	IntakeHeldOn Date            `json:"intakeGehoudenOp,omitzero"`
	Outcome      ReferralOutcome `json:"uitkomst,omitempty"`
	ReportedOn   Date            `json:"teruggemeldOp,omitzero"`
	History      []ReferralEvent `json:"historie"`

	CreatedAt time.Time `json:"aangemaakt"`
	UpdatedAt time.Time `json:"gewijzigd"`
}

// ReferralEvent is one step in the referral's timeline.
type ReferralEvent struct {
	Status  ReferralStatus  `json:"status"`
	On      Date            `json:"datum"`
	Intake  *Intake         `json:"intake,omitempty"`
	Outcome ReferralOutcome `json:"uitkomst,omitempty"`
	Note    string          `json:"toelichting,omitempty"`
}

// ReferralStep asks to move a referral to a new status. Intake is needed
// for intake-gepland, Outcome for teruggemeld.
type ReferralStep struct {
	To      ReferralStatus
	On      Date // the day the step happened
	Intake  Intake
	Outcome ReferralOutcome
	Note    string
}

// Validate checks a referral's own data; a new referral has status
// aangemeld and its first history entry is made by the store.
func (r *Referral) Validate() error {
	var p problems
	p.add(CheckTexts(name("voornaam", r.GivenName), name("tussenvoegsel", r.Infix), name("achternaam", r.Surname), note("reden", r.Reason)))
	for i, doc := range r.Documents {
		p.add(CheckLine(fmt.Sprintf("documenten[%d]", i), doc, MaxTextShort))
	}
	p.add(CheckDateRange("geboortedatum", r.BirthDate))
	p.add(CheckDateRange("aangemeldOp", r.ReferredOn))
	if _, err := ParseBSN(r.BSN); err != nil {
		p.add(err)
	}
	if strings.TrimSpace(r.GivenName) == "" {
		p.add(FieldError("voornaam", "Vul de voornaam of voorletters in."))
	}
	if strings.TrimSpace(r.Surname) == "" {
		p.add(FieldError("achternaam", "Vul de achternaam in."))
	}
	if r.BirthDate.IsZero() {
		p.add(FieldError("geboortedatum", "Vul de geboortedatum in."))
	}
	if !ValidMunicipalityCode(r.MunicipalityCode) {
		p.add(FieldError("gemeente", "Kies een gemeente (CBS-code zoals GM0268)."))
	}
	if strings.TrimSpace(r.Reason) == "" {
		p.add(FieldError("reden", "Vul de reden van aanmelding in."))
	}
	if r.ReferredOn.IsZero() {
		p.add(FieldError("aangemeldOp", "Vul de datum van aanmelding in."))
	} else if r.BirthDate.After(r.ReferredOn) {
		p.add(FieldError("geboortedatum", "De geboortedatum ligt na de datum van aanmelding."))
	}
	for i, doc := range r.Documents {
		if strings.TrimSpace(doc) == "" {
			p.add(FieldError("documenten", "Document %d heeft geen naam.", i+1))
			break
		}
	}
	if !r.Status.Valid() {
		p.add(FieldError("status", "Onbekende status %q.", r.Status))
	}
	return p.err()
}

// referralTransitions lists the legal next statuses. Re-planning an intake
// is allowed (people move appointments); teruggemeld is final.
var referralTransitions = map[ReferralStatus][]ReferralStatus{
	ReferralReferred:      {ReferralIntakePlanned, ReferralReported},
	ReferralIntakePlanned: {ReferralIntakePlanned, ReferralIntakeHeld, ReferralReported},
	ReferralIntakeHeld:    {ReferralReported},
}

// Next moves the referral one step along its timeline and records the step
// in History. An illegal transition is an ECONFLICT error (the request
// clashes with the referral's current state); missing or wrong step data is
// an EINVALID field error. On error the referral is unchanged.
//
// Outcomes: "in traject" and "niet passend" are judgements made at intake,
// so they need a held intake; "geen gehoor" means the intake never took
// place, so it is only possible before one is held.
func (r *Referral) Next(s ReferralStep) error {
	if r.Status == ReferralReported {
		return Errorf(ECONFLICT, "Deze aanmelding is al teruggemeld (%s); er kan geen stap meer bij.", r.Outcome.Label())
	}
	if !s.To.Valid() {
		return FieldError("status", "Onbekende status %q.", s.To)
	}
	legal := false
	for _, to := range referralTransitions[r.Status] {
		legal = legal || to == s.To
	}
	if !legal {
		hint := ""
		if s.To == ReferralIntakeHeld {
			hint = " Plan eerst een intake."
		}
		return Errorf(ECONFLICT, "Een aanmelding met status '%s' kan niet naar '%s'.%s", strings.ToLower(r.Status.Label()), strings.ToLower(s.To.Label()), hint)
	}
	if s.On.IsZero() {
		return FieldError("datum", "Vul de datum van deze stap in.")
	}
	if last := r.lastDate(); s.On.Before(last) {
		return FieldError("datum", "De datum ligt voor de vorige stap (%s).", last.Dutch())
	}

	ev := ReferralEvent{Status: s.To, On: s.On, Note: strings.TrimSpace(s.Note)}
	switch s.To {
	case ReferralIntakePlanned:
		in := s.Intake
		in.Location = strings.TrimSpace(in.Location)
		switch {
		case in.Date.IsZero():
			return FieldError("intake.datum", "Vul de datum van de intake in.")
		case in.Date.Before(r.ReferredOn):
			return FieldError("intake.datum", "De intake ligt voor de datum van aanmelding (%s).", r.ReferredOn.Dutch())
		case in.Location == "":
			return FieldError("intake.locatie", "Vul de locatie van de intake in.")
		case !in.Daypart.Valid():
			return FieldError("intake.dagdeel", "Kies het dagdeel: ochtend of middag.")
		}
		r.Intake, ev.Intake = &in, &in
	case ReferralIntakeHeld:
		r.IntakeHeldOn = s.On
	case ReferralReported:
		if !s.Outcome.Valid() {
			return FieldError("uitkomst", "Kies de uitkomst: in traject, niet passend of geen gehoor.")
		}
		held := r.Status == ReferralIntakeHeld
		if s.Outcome == OutcomeNoResponse && held {
			return Errorf(ECONFLICT, "De intake is gehouden; 'geen gehoor' kan dan niet meer. Kies in traject of niet passend.")
		}
		if s.Outcome != OutcomeNoResponse && !held {
			return Errorf(ECONFLICT, "'%s' kan pas na een gehouden intake. Leg eerst de intake vast.", s.Outcome.Label())
		}
		r.Outcome, r.ReportedOn, ev.Outcome = s.Outcome, s.On, s.Outcome
	}
	r.Status = s.To
	r.History = append(r.History, ev)
	return nil
}

// lastDate is the date of the latest step, or the referral date.
func (r *Referral) lastDate() Date {
	if n := len(r.History); n > 0 {
		return r.History[n-1].On
	}
	return r.ReferredOn
}
