package werkpad

import (
	"slices"
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
// DecisionDeviating is not one of them: whether a decision deviates from
// the advice follows from the two (Signal.Deviates); the value remains
// only on signals decided before the advice was recorded as a choice.
var SignalDecisions = []SignalDecision{DecisionPending, DecisionSanction, DecisionNone}

// SignalAdvice lists what WerkBedrijf can advise, in the order the UI
// offers it.
var SignalAdvice = []SignalDecision{DecisionSanction, DecisionNone}

var signalAdviceLabels = map[SignalDecision]string{
	DecisionSanction: "Een maatregel (of waarschuwing) opleggen",
	DecisionNone:     "Geen maatregel",
}

// AdviceLabel is the label of s as advice.
func (s SignalDecision) AdviceLabel() string { return labelOr(signalAdviceLabels, s) }

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
	// AdvisedDecision is what the advice comes down to: a sanction or none
	// ("" on signals recorded before it was asked).
	AdvisedDecision SignalDecision `json:"geadviseerdBesluit,omitempty"`
	ConsultantID    int64          `json:"consulentId,omitempty"`
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
	if s.AdvisedDecision != "" && !slices.Contains(SignalAdvice, s.AdvisedDecision) {
		p.add(FieldError("geadviseerdBesluit", "Kies het advies: een maatregel of geen maatregel."))
	}
	p.add(s.validateDecision())
	return p.err()
}

// ValidateNew checks a new signal: Validate, and the advice must come
// down to a sanction or none, so that a deviating decision is seen.
func (s *Signal) ValidateNew() error {
	var p problems
	p.add(s.Validate())
	if s.AdvisedDecision == "" {
		p.add(FieldError("geadviseerdBesluit", "Kies het advies: een maatregel of geen maatregel."))
	}
	return p.err()
}

// Deviates reports whether the municipality decided otherwise than
// WerkBedrijf advised.
func (s *Signal) Deviates() bool {
	switch s.Decision {
	case DecisionDeviating:
		return true
	case DecisionSanction, DecisionNone:
		return s.AdvisedDecision != "" && s.Decision != s.AdvisedDecision
	}
	return false
}

// validateDecision checks the municipality's decision part of a signal.
func (s *Signal) validateDecision() error {
	decision := s.Decision
	if decision == "" {
		decision = DecisionPending
	}
	if !decision.Valid() || decision == DecisionDeviating {
		return FieldError("besluit", "Kies het besluit van de gemeente: een maatregel of geen maatregel.")
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
	if s.Deviates() && strings.TrimSpace(s.DecisionText) == "" {
		return FieldError("besluitToelichting", "Het besluit wijkt af van het advies (%s); licht toe waarom.", strings.ToLower(s.AdvisedDecision.AdviceLabel()))
	}
	return nil
}
