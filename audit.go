package werkpad

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// AuditEvent records who did what to which record. The log is append-only:
// each event carries the hash of the previous one, so an altered or removed
// row breaks the chain.
type AuditEvent struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"tijdstip"`
	ActorID      int64     `json:"gebruikerId"`
	ActorEmail   string    `json:"gebruiker"`
	Role         Role      `json:"rol"`
	Action       string    `json:"actie"`
	Entity       string    `json:"entiteit"`
	EntityID     string    `json:"entiteitId"`
	Municipality string    `json:"gemeente,omitempty"`
	RequestID    string    `json:"requestId,omitempty"`
	Detail       string    `json:"toelichting,omitempty"`
	PrevHash     string    `json:"vorigeHash"`
	Hash         string    `json:"hash"`
}

// AuditHash computes the chain hash of e from its fields and PrevHash. The
// fields are length-prefixed so that no two different events hash alike.
func AuditHash(e *AuditEvent) string {
	var b strings.Builder
	for _, f := range []string{
		strconv.FormatInt(e.ID, 10),
		e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10),
		e.ActorEmail, string(e.Role), e.Action, e.Entity, e.EntityID,
		e.Municipality, e.RequestID, e.Detail, e.PrevHash,
	} {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
		b.WriteByte('|')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// AuditService reads and verifies the audit log. Writing happens inside the
// services, in the transaction of the change itself.
type AuditService interface {
	FindAuditEvents(ctx context.Context, f AuditFilter) ([]*AuditEvent, int, error)
	// VerifyAudit checks the whole chain; it returns the first broken event
	// or nil when the chain is intact.
	VerifyAudit(ctx context.Context) (broken *AuditEvent, checked int, err error)
}

// AuditFilter selects and pages audit events, newest first.
type AuditFilter struct {
	Entity   string
	EntityID string
	// ActorEmail selects the events of one user; From and To (exclusive)
	// a time range. Zero values do not filter.
	ActorEmail string
	From, To   time.Time
	Offset     int
	Limit      int
}

// RolesReadAudit may read and verify the audit log: the beheerder, the
// controller and the privacy officer.
var RolesReadAudit = []Role{RoleAdmin, RoleController, RolePrivacyOfficer}
