package werkpad

import "context"

// Retention (bewaartermijnen, AVG art. 5 lid 1 sub e). A candidate's case
// ends on his deregistration (uitschrijving); CandidateYears after that
// day werkpad anonymises him: his name, BSN and every free text written
// about him (referral reasons and notes, signal texts, complaint texts,
// profile notes, proposal reasons) are erased. What the figures count is
// kept — municipality history, dates, benefits, phases, indications,
// placements, enrolments, exits, birth date — so the report of any past
// period stays the same after removal (tested), and a fixed report keeps
// its stored figures anyway. A referral that never became a candidate is
// anonymised ReferralYears after it was reported back (teruggemeld).
//
// The defaults follow the Selectielijst gemeenten en intergemeentelijke
// organen 2020: dossiers of re-integration and benefits are kept for ten
// years after the case ends; a referral that led to nothing has no
// dossier of its own, so one year suffices to answer questions about it.
// An organisation sets its own terms with its archivist
// (WERKPAD_RETENTION_CANDIDATE_YEARS, WERKPAD_RETENTION_REFERRAL_YEARS).
type RetentionPolicy struct {
	CandidateYears int `json:"kandidaatJaren"`
	ReferralYears  int `json:"aanmeldingJaren"`
}

// DefaultRetention is the policy without settings.
var DefaultRetention = RetentionPolicy{CandidateYears: 10, ReferralYears: 1}

// Validate checks a policy: at least one year for either kind.
func (p RetentionPolicy) Validate() error {
	var errs problems
	if p.CandidateYears < 1 || p.CandidateYears > 100 {
		errs.add(FieldError("kandidaatJaren", "De bewaartermijn van een kandidaat ligt tussen 1 en 100 jaar na de uitschrijving."))
	}
	if p.ReferralYears < 1 || p.ReferralYears > 100 {
		errs.add(FieldError("aanmeldingJaren", "De bewaartermijn van een aanmelding ligt tussen 1 en 100 jaar na de terugmelding."))
	}
	return errs.err()
}

// RetentionItem is one record whose term has passed.
type RetentionItem struct {
	Kind         string `json:"soort"` // "kandidaat" or "aanmelding"
	ID           int64  `json:"id"`
	Municipality string `json:"gemeente"`
	EndedOn      Date   `json:"beeindigdOp"` // deregistration or reporting back
	ExpiredOn    Date   `json:"verlopenOp"`  // EndedOn plus the term
}

// RetentionRun is the outcome of a run: the records whose term passed on
// On, and whether they were anonymised (false for a dry run).
type RetentionRun struct {
	On         Date            `json:"peildatum"`
	Policy     RetentionPolicy `json:"beleid"`
	DryRun     bool            `json:"proefrun"`
	Items      []RetentionItem `json:"items"`
	Anonymised int             `json:"geanonimiseerd"`
}

// AnonymisedSurname is the surname an anonymised candidate keeps, so that a
// page or a drill-down still says what happened.
const AnonymisedSurname = "Geanonimiseerd"

// RetentionService applies the policy. Only the operator (CLI, the daily
// job) and a beheerder run it.
type RetentionService interface {
	RunRetention(ctx context.Context, p RetentionPolicy, dryRun bool) (*RetentionRun, error)
}
