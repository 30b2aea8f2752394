package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"werkpad"
)

// AuditService implements werkpad.AuditService.
type AuditService struct{ db *DB }

func NewAuditService(db *DB) *AuditService { return &AuditService{db: db} }

// audit appends one event to the chain inside tx, the transaction of the
// change it records. It is the only write path to audit_events.
func (tx *Tx) audit(ctx context.Context, action, entity, entityID, municipality, detail string) error {
	e := &werkpad.AuditEvent{
		At: tx.now, Action: action, Entity: entity, EntityID: entityID,
		Municipality: municipality, Detail: detail,
	}
	if a := werkpad.ActorFromContext(ctx); a != nil {
		e.RequestID = a.RequestID
		if a.User != nil {
			e.ActorID, e.ActorEmail, e.Role = a.User.ID, a.User.Email, a.User.Role
		}
	}
	if e.ActorEmail == "" {
		e.ActorEmail = "systeem"
	}
	// Serialise appenders. On PostgreSQL audit_append (migration 00143)
	// takes a transaction-scoped advisory lock, reads the last event, hashes
	// as werkpad.AuditHash and inserts, in one round trip: the lock, held
	// to the commit, waits on no further round trips of this transaction.
	// SQLite write transactions are serial already (BEGIN IMMEDIATE).
	if tx.db.Dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.At, e.ActorID, e.ActorEmail, string(e.Role), e.Action, e.Entity, e.EntityID,
			e.Municipality, e.RequestID, e.Detail); err != nil {
			return fmt.Errorf("audit append: %w", err)
		}
		return nil
	}
	var lastID int64
	var lastHash string
	err := tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`).Scan(&lastID, &lastHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("audit last: %w", err)
	}
	e.ID, e.PrevHash = lastID+1, lastHash
	e.Hash = werkpad.AuditHash(e)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_events
		(id, at, actor_id, actor_email, role, action, entity, entity_id, municipality, request_id, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.At, e.ActorID, e.ActorEmail, string(e.Role), e.Action, e.Entity, e.EntityID,
		e.Municipality, e.RequestID, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	return nil
}

const auditColumns = `id, at, actor_id, actor_email, role, action, entity, entity_id, municipality, request_id, detail, prev_hash, hash`

func scanAudit(s interface{ Scan(...any) error }) (*werkpad.AuditEvent, error) {
	var e werkpad.AuditEvent
	var role string
	if err := s.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorEmail, &role, &e.Action, &e.Entity, &e.EntityID,
		&e.Municipality, &e.RequestID, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
		return nil, err
	}
	e.At = e.At.UTC()
	e.Role = werkpad.Role(role)
	return &e, nil
}

// FindAuditEvents pages the log, newest first. Only a beheerder or
// controller reads the log.
func (s *AuditService) FindAuditEvents(ctx context.Context, f werkpad.AuditFilter) ([]*werkpad.AuditEvent, int, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesReadAudit...); err != nil {
		return nil, 0, err
	}
	where, args := "WHERE 1=1", []any{}
	if f.Entity != "" {
		where += " AND entity = ?"
		args = append(args, f.Entity)
	}
	if f.EntityID != "" {
		where += " AND entity_id = ?"
		args = append(args, f.EntityID)
	}
	if f.ActorEmail != "" {
		where += " AND actor_email = ?"
		args = append(args, strings.ToLower(strings.TrimSpace(f.ActorEmail)))
	}
	if !f.From.IsZero() {
		where += " AND at >= ?"
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where += " AND at < ?"
		args = append(args, f.To.UTC())
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var events []*werkpad.AuditEvent
	var total int
	err := s.db.readTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_events `+where, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_events `+where+
			` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			events = append(events, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindAuditEvents: %w", err)
	}
	return events, total, nil
}

// VerifyAudit walks the whole chain in id order and returns the first event
// whose hash, predecessor link or sequence number is wrong.
func (s *AuditService) VerifyAudit(ctx context.Context) (*werkpad.AuditEvent, int, error) {
	var broken *werkpad.AuditEvent
	checked := 0
	err := s.db.readTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_events ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var prevHash string
		var prevID int64
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			checked++
			if e.ID != prevID+1 || e.PrevHash != prevHash || werkpad.AuditHash(e) != e.Hash {
				broken = e
				return nil
			}
			prevID, prevHash = e.ID, e.Hash
		}
		return rows.Err()
	})
	if err != nil {
		return nil, checked, fmt.Errorf("store.VerifyAudit: %w", err)
	}
	return broken, checked, nil
}
