package werkpad

import (
	"context"
	"slices"
	"sync"
	"time"
)

// The Logboek Dataverwerkingen (Logius/MinBZK standard "Logboek
// Dataverwerkingen") records every processing of personal data: one record
// per data subject per operation, with the W3C trace context of the
// request, the processing activity from the register, the status and the
// time. It is append-only, like the audit log; unlike the audit log it
// names the person, so that a data subject's request for access (AVG art.
// 15) can be answered from it.

// Processing activities of the register (table processing_activities,
// migration 00122, where each has its name, purpose and legal basis). A
// route of the UI or the API that touches personal data is mapped to one
// of these; ActivityUnclassified marks a route that is not mapped, which
// the tests refuse.
const (
	ActivityReintegration   = "re-integratie"
	ActivityReferral        = "aanmelding"
	ActivitySignals         = "signalen"
	ActivityEmployerService = "werkgeversdienstverlening"
	ActivityWageSubsidy     = "loonkostensubsidie"
	ActivitySW              = "wsw"
	ActivityAccountability  = "verantwoording"
	ActivityComplaints      = "klachtbehandeling"
	ActivitySubjectRights   = "rechten-betrokkene"
	ActivityRetention       = "bewaartermijnen"
	ActivityUnclassified    = "niet-ingedeeld"
)

// ProcessingActivity is one entry of the register of processing
// activities (AVG art. 30).
type ProcessingActivity struct {
	ID         string `json:"id"`
	Name       string `json:"naam"`
	Purpose    string `json:"doel"`
	LegalBasis string `json:"grondslag"`
}

// SubjectKind says which kind of identifier a data subject has in the
// Logboek: werkpad's own ids, never a BSN (the standard asks for an
// identifier that is not readable outside the organisation).
type SubjectKind string

const (
	SubjectCandidate  SubjectKind = "kandidaat"
	SubjectReferral   SubjectKind = "aanmelding"
	SubjectSWEmployee SubjectKind = "sw-medewerker"
)

// Subject is one data subject of a processing.
type Subject struct {
	Kind SubjectKind `json:"soort"`
	ID   int64       `json:"id"`
}

// Processing collects the data subjects that one operation (an HTTP
// request, a command) touched. The store adds to it through Processed; the
// caller writes the Logboek records when the operation ends.
type Processing struct {
	mu       sync.Mutex
	seen     map[Subject]bool
	subjects []Subject
}

type processingKey struct{}

// NewContextWithProcessing returns ctx collecting into p.
func NewContextWithProcessing(ctx context.Context, p *Processing) context.Context {
	return context.WithValue(ctx, processingKey{}, p)
}

// WithoutProcessing returns ctx whose reads are not recorded in the
// Logboek: for reads that only count or select, whose caller records with
// Processed the people it actually shows.
func WithoutProcessing(ctx context.Context) context.Context {
	return context.WithValue(ctx, processingKey{}, (*Processing)(nil))
}

// CollectsProcessing reports whether ctx has a collector (Processed then
// records).
func CollectsProcessing(ctx context.Context) bool {
	p, _ := ctx.Value(processingKey{}).(*Processing)
	return p != nil
}

// Processed records that the operation of ctx processed the personal data
// of the subjects of kind with ids (0 ids are ignored). Without a
// collector on ctx it does nothing.
func Processed(ctx context.Context, kind SubjectKind, ids ...int64) {
	p, _ := ctx.Value(processingKey{}).(*Processing)
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen == nil {
		p.seen = map[Subject]bool{}
	}
	for _, id := range ids {
		s := Subject{kind, id}
		if id == 0 || p.seen[s] {
			continue
		}
		p.seen[s] = true
		p.subjects = append(p.subjects, s)
	}
}

// Subjects returns the subjects processed so far, in the order first seen.
func (p *Processing) Subjects() []Subject {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.subjects)
}

// Processing status codes of the standard.
const (
	StatusUnknown = 0
	StatusOK      = 1
	StatusError   = 2
)

// ProcessingRecord is one record of the Logboek. Field names follow the
// standard: trace_id (16 bytes, hex), operation_id (8 bytes, hex; the
// span id), parent_operation_id (the caller's span from an incoming
// traceparent), name, status_code, start_time, end_time and the attributes
// dpl.core.processing_activity_id and dpl.core.data_subject_id.
type ProcessingRecord struct {
	ID                int64     `json:"id"`
	TraceID           string    `json:"traceId"`
	OperationID       string    `json:"operationId"`
	ParentOperationID string    `json:"parentOperationId,omitempty"`
	Name              string    `json:"naam"`
	Status            int       `json:"status"`
	Start             time.Time `json:"start"`
	End               time.Time `json:"einde"`
	ActivityID        string    `json:"verwerkingsactiviteit"`
	Subject           Subject   `json:"betrokkene"`
	UserID            int64     `json:"gebruikerId"`
	Role              Role      `json:"rol"`
}

// ProcessingFilter selects Logboek records: one subject (zero: all), one
// processing activity ("": all), a time range [From, To) (zero: open) and
// a page, newest first.
type ProcessingFilter struct {
	Subject  Subject
	Activity string
	From, To time.Time
	Page     Page
}

// RolesReadLogboek may query the Logboek: the beheerder (who answers a
// request for access and watches for misuse) and the privacy officer (who
// supervises); they see who processed whom, never the person data itself.
var RolesReadLogboek = []Role{RoleAdmin, RolePrivacyOfficer}

// ProcessingLog stores and queries the Logboek Dataverwerkingen.
type ProcessingLog interface {
	// AppendProcessing writes records in one transaction; the store
	// confirms the write (the standard's "bevestigen") by returning nil.
	AppendProcessing(ctx context.Context, recs []ProcessingRecord) error
	FindProcessing(ctx context.Context, f ProcessingFilter) ([]*ProcessingRecord, int, error)
	FindProcessingActivities(ctx context.Context) ([]*ProcessingActivity, error)
	// SubjectProcessing returns every Logboek record of one candidate,
	// oldest first, for his request for access (AVG art. 15): for the
	// roles that handle it (RolesWriteCasework), within their scope.
	SubjectProcessing(ctx context.Context, candidateID int64) ([]*ProcessingRecord, error)
}

// PerSubject is one copy of rec for each subject: the Logboek holds one
// record per person processed.
func (rec ProcessingRecord) PerSubject(subjects []Subject) []ProcessingRecord {
	recs := make([]ProcessingRecord, len(subjects))
	for i, s := range subjects {
		recs[i] = rec
		recs[i].Subject = s
	}
	return recs
}
