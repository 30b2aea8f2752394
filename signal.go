package werkpad

import (
	"strings"
	"time"
)

// SignalDecision is the municipality's decision on a signal about
// maatregelwaardig gedrag. WerkBedrijf only advises; the municipality
// decides and may deviate from the advice (DVO art. 3.8b).
type SignalDecision string

const (
	DecisionPending   SignalDecision = "nog-geen-besluit"
	DecisionSanction  SignalDecision = "maatregel"
	DecisionNone      SignalDecision = "geen-maatregel"
	DecisionDeviating SignalDecision = "afwijkend" // deviates from WerkBedrijf's advice
)

// SignalDecisions lists the decisions in the order the UI offers them.
var SignalDecisions = []SignalDecision{DecisionPending, DecisionSanction, DecisionNone, DecisionDeviating}

var signalDecisionLabels = map[SignalDecision]string{
	DecisionPending:   "Nog geen besluit",
	DecisionSanction:  "Maatregel opgelegd",
	DecisionNone:      "Geen maatregel",
	DecisionDeviating: "Afwijkend van het advies",
}

// Valid reports whether s is a known decision.
func (s SignalDecision) Valid() bool { _, ok := signalDecisionLabels[s]; return ok }

// Label returns the Dutch name shown to users.
func (s SignalDecision) Label() string { return labelOr(signalDecisionLabels, s) }

// Signal is WerkBedrijf's report and advice to the municipality's income
// department about behaviour that may warrant a benefit sanction, together
// with the municipality's own decision.
type Signal struct {
	ID          int64 `json:"id"`
	CandidateID int64 `json:"kandidaatId"`
	// MunicipalityCode is the candidate's municipality, filled by the store.
	MunicipalityCode string `json:"gemeente,omitempty"`
	Date             Date   `json:"datum"`  // day of the signal
	Behaviour        string `json:"gedrag"` // what happened
	Advice           string `json:"advies"` // WerkBedrijf's advice
	ConsultantID     int64  `json:"consulentId,omitempty"`
	// CandidateName and CandidateBirthDate are filled by the store, so
	// that a list names the person and tells two of one name apart.
	CandidateName      string `json:"kandidaatNaam,omitempty"`
	CandidateBirthDate Date   `json:"kandidaatGeboortedatum,omitzero"`

	Decision     SignalDecision `json:"besluit"`
	DecisionDate Date           `json:"besluitdatum,omitzero"`
	DecisionText string         `json:"besluitToelichting,omitempty"`

	CreatedAt time.Time `json:"aangemaakt"`
	UpdatedAt time.Time `json:"gewijzigd"`
}

// Validate checks a signal before it is stored. An empty Decision counts as
// "nog geen besluit": a new signal has none.
func (s *Signal) Validate() error {
	var p problems
	p.add(CheckTexts(note("gedrag", s.Behaviour), note("advies", s.Advice), note("besluitToelichting", s.DecisionText)))
	p.add(CheckDateRange("datum", s.Date))
	p.add(CheckDateRange("besluitdatum", s.DecisionDate))
	if s.CandidateID <= 0 {
		p.add(FieldError("kandidaatId", "Kies de kandidaat."))
	}
	if s.Date.IsZero() {
		p.add(FieldError("datum", "Vul de datum van het signaal in."))
	}
	if strings.TrimSpace(s.Behaviour) == "" {
		p.add(FieldError("gedrag", "Beschrijf het gedrag dat u signaleert."))
	}
	if strings.TrimSpace(s.Advice) == "" {
		p.add(FieldError("advies", "Geef uw advies aan de gemeente."))
	}
	p.add(s.validateDecision())
	return p.err()
}

// validateDecision checks the municipality's decision part of a signal.
func (s *Signal) validateDecision() error {
	decision := s.Decision
	if decision == "" {
		decision = DecisionPending
	}
	if !decision.Valid() {
		return FieldError("besluit", "Kies het besluit van de gemeente.")
	}
	if decision == DecisionPending {
		if !s.DecisionDate.IsZero() {
			return FieldError("besluitdatum", "Er is nog geen besluit; laat de besluitdatum leeg.")
		}
		return nil
	}
	if s.DecisionDate.IsZero() {
		return FieldError("besluitdatum", "Vul de datum van het besluit in.")
	}
	if s.DecisionDate.Before(s.Date) {
		return FieldError("besluitdatum", "De besluitdatum ligt voor de datum van het signaal (%s).", s.Date.Dutch())
	}
	// A deviation from the advice must be explained, so that WerkBedrijf
	// and the controller can see why.
	if decision == DecisionDeviating && strings.TrimSpace(s.DecisionText) == "" {
		return FieldError("besluitToelichting", "Licht toe waarom de gemeente afwijkt van het advies.")
	}
	return nil
}
