package werkpad

import "time"

// ExitReason is why a candidate's benefit ended (uitstroom).
type ExitReason string

const (
	ExitWork  ExitReason = "werk"
	ExitStudy ExitReason = "studie"
	ExitMoved ExitReason = "verhuizing"
	ExitOther ExitReason = "overig"
)

// ExitReasons lists the reasons in the order the UI offers them.
var ExitReasons = []ExitReason{ExitWork, ExitStudy, ExitMoved, ExitOther}

var exitReasonLabels = map[ExitReason]string{
	ExitWork:  "Werk",
	ExitStudy: "Studie",
	ExitMoved: "Verhuizing",
	ExitOther: "Overig",
}

// Valid reports whether r is a known exit reason.
func (r ExitReason) Valid() bool { _, ok := exitReasonLabels[r]; return ok }

// Label returns the Dutch name shown to users.
func (r ExitReason) Label() string { return labelOr(exitReasonLabels, r) }

// Exit records that a candidate's benefit ended on a date. "Uitstroom naar
// werk" counts exits with reason werk, so such an exit must point at the
// placement that caused it: that keeps the indicator reconcilable.
type Exit struct {
	ID          int64 `json:"id"`
	CandidateID int64 `json:"kandidaatId"`
	// MunicipalityCode is the candidate's municipality, filled by the store.
	MunicipalityCode string     `json:"gemeente,omitempty"`
	Date             Date       `json:"datum"`
	Reason           ExitReason `json:"reden"`
	PlacementID      *int64     `json:"plaatsingId,omitempty"`
	CreatedAt        time.Time  `json:"aangemaakt"`
}

// Validate checks an exit before it is stored.
func (e *Exit) Validate() error {
	var p problems
	if e.CandidateID <= 0 {
		p.add(FieldError("kandidaatId", "Kies de kandidaat."))
	}
	if e.Date.IsZero() {
		p.add(FieldError("datum", "Vul de datum van uitstroom in."))
	}
	if !e.Reason.Valid() {
		p.add(FieldError("reden", "Kies de reden van uitstroom."))
	}
	if e.Reason == ExitWork && (e.PlacementID == nil || *e.PlacementID <= 0) {
		p.add(FieldError("plaatsingId", "Bij uitstroom naar werk hoort een plaatsing. Leg eerst de plaatsing vast."))
	}
	return p.err()
}
