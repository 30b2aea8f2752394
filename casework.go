package werkpad

import (
	"context"
	"time"
)

// Casework is the daily work with candidates: the candidate record with its
// dated benefits, indications and phases, referrals from the municipality,
// enrolments in instruments, placements, exits and signals.
//
// Who may do what (every role is also bound to its municipality scope: a
// record of a municipality outside the scope is "not found"):
//
//	                        consulent  gemeente  werkgeversadviseur  controller  beheerder
//	candidates: read            ✓         ✓         ✓ (BSN masked)        ✓           –
//	candidates: BSN search      ✓         ✓         –                     ✓           –
//	candidates: create/change   ✓         –         –                     –           –
//	referrals: read             ✓         ✓         –                     ✓           –
//	referrals: create           –         ✓         –                     –           –
//	referrals: intake/feedback  ✓         –         –                     –           –
//	enrolments, exits: read     ✓         ✓         –                     ✓           –
//	enrolments, exits: change   ✓         –         –                     –           –
//	placements: read            ✓         ✓         ✓                     ✓           –
//	placements: change          ✓         –         –                     –           –
//	signals: read               ✓         ✓         –                     ✓           –
//	signals: create             ✓         –         –                     –           –
//	signals: decide             –         ✓         –                     –           –
//	instrument catalogue: read  any signed-in user
//
// Least privilege: the beheerder manages accounts and reference data and
// sees no person data; the werkgeversadviseur matches candidates to
// vacancies, so he reads candidates and placements but no signals,
// referrals or benefit exits, and never the plain BSN; the controller reads
// everything and changes nothing.
var (
	RolesReadCandidates = []Role{RoleConsultant, RoleMunicipality, RoleEmployerAdviser, RoleController}
	RolesSearchByBSN    = []Role{RoleConsultant, RoleMunicipality, RoleController}
	RolesReadCasework   = []Role{RoleConsultant, RoleMunicipality, RoleController}
	RolesReadPlacements = []Role{RoleConsultant, RoleMunicipality, RoleEmployerAdviser, RoleController}
	RolesWriteCasework  = []Role{RoleConsultant}
	RolesCreateReferral = []Role{RoleMunicipality}
	RolesDecideSignal   = []Role{RoleMunicipality}
)

// Page asks for one page of a list. A zero or too large Limit gives the
// default page size of the store.
type Page struct {
	Offset int
	Limit  int
}

// CandidateFilter selects candidates in FindCandidates. Zero fields do not
// filter. On is the reference date of Phase, FocusGroup and InService; a
// zero On means today.
type CandidateFilter struct {
	Municipality string
	ServiceLine  ServiceLine
	ConsultantID int64
	Phase        Phase
	FocusGroup   FocusGroup
	InService    bool
	On           Date
	Name         string // prefix of achternaam or voornaam, any case; each word must match
	BirthDate    Date
	Sort         CandidateSort
	Descending   bool
	Page
}

// CandidateSort is the order of FindCandidates; the zero value sorts by
// name. Ties are broken by name and id, so that paging is stable.
type CandidateSort string

const (
	SortByName         CandidateSort = "naam"
	SortByBirthDate    CandidateSort = "geboortedatum"
	SortByMunicipality CandidateSort = "gemeente"
	SortByPhase        CandidateSort = "fase" // the phase on On, in route order; no phase last
)

// Valid reports whether s is a known order ("" is the default).
func (s CandidateSort) Valid() bool {
	switch s {
	case "", SortByName, SortByBirthDate, SortByMunicipality, SortByPhase:
		return true
	}
	return false
}

// CandidateCorrection is a rectification (AVG art. 16) of a candidate's
// name or birth date: the value it replaced and who corrected it when.
type CandidateCorrection struct {
	Field    string    `json:"veld"` // voornaam, tussenvoegsel, achternaam, geboortedatum
	Old      string    `json:"was"`
	New      string    `json:"wordt"`
	At       time.Time `json:"tijdstip"`
	ByUserID int64     `json:"doorGebruikerId,omitempty"`
}

// CandidateUpdate holds the changes for UpdateCandidate; nil fields stay as
// they are. A non-nil zero DeregisteredOn clears the deregistration.
type CandidateUpdate struct {
	BSN              *string
	GivenName        *string
	Infix            *string
	Surname          *string
	BirthDate        *Date
	MunicipalityCode *string
	ServiceLine      *ServiceLine
	RegisteredOn     *Date
	DeregisteredOn   *Date
	ConsultantID     *int64 // 0 unassigns

	// The dated attributes (MunicipalityCode, ServiceLine, ConsultantID)
	// change in the world as of Per (zero: today): the period up to the
	// day before stays as it was, so a report of the past keeps its
	// answer. With Correction set the record was wrong instead: the value
	// of the current period is replaced from its start (Per is ignored).
	Per        Date
	Correction bool
}

// CandidateService keeps candidate records. The BSN is stored encrypted and
// as a keyed hash; lists and searches return it masked (MaskBSN), only
// FindCandidateByID returns it plain. Every read of a record by id and
// every change is written to the audit log.
type CandidateService interface {
	CreateCandidate(ctx context.Context, c *Candidate) error
	FindCandidateByID(ctx context.Context, id int64) (*Candidate, error)
	// FindCorrections lists the corrections of a candidate's name and
	// birth date, oldest first (for his copy, AVG art. 15 and 16).
	FindCorrections(ctx context.Context, id int64) ([]CandidateCorrection, error)
	// FindCandidates returns one page of candidates and the total count.
	FindCandidates(ctx context.Context, f CandidateFilter) ([]*Candidate, int, error)
	// SearchCandidateByBSN finds the one candidate with this BSN, in scope.
	SearchCandidateByBSN(ctx context.Context, bsn string) (*Candidate, error)
	UpdateCandidate(ctx context.Context, id int64, upd CandidateUpdate) (*Candidate, error)

	// Dated lists: Add appends one entry, Replace sets the whole list. Both
	// validate the candidate as a whole (no overlaps) and return it.
	AddBenefit(ctx context.Context, id int64, b BenefitPeriod) (*Candidate, error)
	ReplaceBenefits(ctx context.Context, id int64, bs []BenefitPeriod) (*Candidate, error)
	AddIndication(ctx context.Context, id int64, ind Indication) (*Candidate, error)
	ReplaceIndications(ctx context.Context, id int64, inds []Indication) (*Candidate, error)
	AddPhase(ctx context.Context, id int64, p PhasePeriod) (*Candidate, error)
	ReplacePhases(ctx context.Context, id int64, ps []PhasePeriod) (*Candidate, error)
}

// ReferralFilter selects referrals in FindReferrals.
type ReferralFilter struct {
	Municipality   string
	Status         ReferralStatus
	CandidateID    int64
	DuplicatesOnly bool // only referrals of someone already in service
	Page
}

// Feedback is the terugmelding that closes a referral. CandidateID links
// the referral to the candidate record made or found at intake (optional;
// it must carry the same BSN).
type Feedback struct {
	On          Date
	Outcome     ReferralOutcome
	CandidateID int64
	Note        string
}

// ReferralService keeps the aanmeldingen of the municipalities and their
// timeline. The steps follow Referral.Next.
type ReferralService interface {
	// CreateReferral stores a new referral with status aangemeld. When the
	// BSN belongs to a candidate already in service, the referral is still
	// stored, with DuplicateOfCandidateID set so the caller can warn.
	CreateReferral(ctx context.Context, r *Referral) error
	FindReferralByID(ctx context.Context, id int64) (*Referral, error)
	// FindReferrals returns a page of referrals (without History), newest first.
	FindReferrals(ctx context.Context, f ReferralFilter) ([]*Referral, int, error)
	ScheduleIntake(ctx context.Context, id int64, on Date, in Intake, note string) (*Referral, error)
	RecordIntake(ctx context.Context, id int64, on Date, note string) (*Referral, error)
	SendFeedback(ctx context.Context, id int64, fb Feedback) (*Referral, error)
	// ReferralBSN returns the BSN of a referral for a consultant who makes
	// the candidate from it, so that the BSN is carried over on the server
	// and never typed again nor sent to the browser. The read is audited.
	ReferralBSN(ctx context.Context, id int64) (string, error)
}

// EnrolmentFilter selects enrolments in FindEnrolments.
type EnrolmentFilter struct {
	Municipality   string
	CandidateID    int64
	ConsultantID   int64 // enrolments of the consultant's candidates (current caseload)
	InstrumentCode string
	Kind           InstrumentKind
	ActiveIn       *Period // active on any day of the period
	Page
}

// EnrolmentEnd closes an enrolment with its result. Only the outcome of the
// enrolment's kind may be set.
type EnrolmentEnd struct {
	On          Date
	Result      string
	ToPaidWork  *bool       // werken met behoud van uitkering
	OWNWOutcome OWNWOutcome // Op Weg Naar Werk
}

// EnrolmentService keeps the instrument catalogue and the enrolments.
type EnrolmentService interface {
	FindInstruments(ctx context.Context) ([]Instrument, error)
	CreateEnrolment(ctx context.Context, e *Enrolment) error
	FindEnrolmentByID(ctx context.Context, id int64) (*Enrolment, error)
	FindEnrolments(ctx context.Context, f EnrolmentFilter) ([]*Enrolment, int, error)
	EndEnrolment(ctx context.Context, id int64, end EnrolmentEnd) (*Enrolment, error)
}

// PlacementFilter selects placements in FindPlacements.
type PlacementFilter struct {
	Municipality string
	CandidateID  int64
	ConsultantID int64   // placements of the consultant's candidates (current caseload)
	StartedIn    *Period // start date in the period
	ActiveIn     *Period // active on any day of the period
	Page
}

// PlacementUpdate holds the changes for UpdatePlacement; nil fields stay.
type PlacementUpdate struct {
	EmployerName           *string
	Period                 *Period
	ContractMinutesPerWeek *int
	ContractType           *ContractType
	WageSubsidy            *bool
	WageValueBasisPoints   *int
	ReassessOn             *Date
	SecondmentJob          *bool
	Sheltered              *bool
	// TermsFrom is the day changed contract hours or loonwaarde take
	// effect (nil: today); past periods keep the terms they had. The first
	// day of the latest terms (or the start date) corrects those terms.
	TermsFrom *Date
}

// PlacementService keeps placements in paid work. The employer is free text
// until the employer register exists.
type PlacementService interface {
	CreatePlacement(ctx context.Context, p *Placement) error
	FindPlacementByID(ctx context.Context, id int64) (*Placement, error)
	FindPlacements(ctx context.Context, f PlacementFilter) ([]*Placement, int, error)
	UpdatePlacement(ctx context.Context, id int64, upd PlacementUpdate) (*Placement, error)
	EndPlacement(ctx context.Context, id int64, on Date) (*Placement, error)
}

// ExitFilter selects exits in FindExits.
type ExitFilter struct {
	Municipality string
	CandidateID  int64
	Reason       ExitReason
	DatedIn      *Period
	Page
}

// ExitService keeps the uitstroom records. An exit with reason werk must
// point at a placement of the same candidate.
type ExitService interface {
	CreateExit(ctx context.Context, e *Exit) error
	FindExitByID(ctx context.Context, id int64) (*Exit, error)
	FindExits(ctx context.Context, f ExitFilter) ([]*Exit, int, error)
}

// SignalFilter selects signals in FindSignals.
type SignalFilter struct {
	Municipality     string
	CandidateID      int64
	ConsultantID     int64 // signals the consultant sent or about his candidates
	AwaitingDecision bool  // only signals without a decision of the municipality
	Page
}

// SignalDecisionInput is the municipality's decision on a signal.
type SignalDecisionInput struct {
	Decision SignalDecision
	On       Date
	Text     string
}

// SignalService keeps signals about maatregelwaardig gedrag: the consultant
// records behaviour and advice, the municipality its decision.
type SignalService interface {
	CreateSignal(ctx context.Context, s *Signal) error
	FindSignalByID(ctx context.Context, id int64) (*Signal, error)
	FindSignals(ctx context.Context, f SignalFilter) ([]*Signal, int, error)
	DecideSignal(ctx context.Context, id int64, d SignalDecisionInput) (*Signal, error)
}
