package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"werkpad"
)

// ProcessingLog is the Logboek Dataverwerkingen (werkpad.ProcessingLog).
type ProcessingLog struct{ db *DB }

// NewProcessingLog returns the Logboek of db.
func NewProcessingLog(db *DB) *ProcessingLog { return &ProcessingLog{db: db} }

var _ werkpad.ProcessingLog = (*ProcessingLog)(nil)

// logboekBatch is the number of records per INSERT statement (13 values
// each; well below SQLite's and PostgreSQL's parameter limits).
const logboekBatch = 200

// AppendProcessing writes recs in one transaction: all or none.
func (l *ProcessingLog) AppendProcessing(ctx context.Context, recs []werkpad.ProcessingRecord) error {
	if len(recs) == 0 {
		return nil
	}
	if l.db.Dialect == Postgres && len(recs) > logboekBatch {
		// Many at once (an import names every person it wrote): one COPY,
		// atomic as the transaction below, and a fraction of its time.
		if err := l.copyProcessing(ctx, recs); err != nil {
			return fmt.Errorf("store.AppendProcessing(%d): %w", len(recs), err)
		}
		return nil
	}
	err := l.db.inTx(ctx, func(tx *Tx) error {
		for chunk := range slices.Chunk(recs, logboekBatch) {
			var q strings.Builder
			q.WriteString(`INSERT INTO processing_log (trace_id, operation_id, parent_operation_id, name, status_code,
				start_time, end_time, activity_id, subject_kind, subject_id, user_id, role) VALUES `)
			args := make([]any, 0, 12*len(chunk))
			for i, r := range chunk {
				if i > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				args = append(args, r.TraceID, r.OperationID, r.ParentOperationID, r.Name, r.Status,
					r.Start.UTC(), r.End.UTC(), r.ActivityID, string(r.Subject.Kind), r.Subject.ID, r.UserID, string(r.Role))
			}
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store.AppendProcessing(%d): %w", len(recs), err)
	}
	return nil
}

// copyProcessing appends recs with one COPY (PostgreSQL).
func (l *ProcessingLog) copyProcessing(ctx context.Context, recs []werkpad.ProcessingRecord) error {
	conn, err := l.db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"processing_log"},
			[]string{"trace_id", "operation_id", "parent_operation_id", "name", "status_code", "start_time", "end_time",
				"activity_id", "subject_kind", "subject_id", "user_id", "role"},
			pgx.CopyFromSlice(len(recs), func(i int) ([]any, error) {
				r := &recs[i]
				return []any{r.TraceID, r.OperationID, r.ParentOperationID, r.Name, int32(r.Status), r.Start.UTC(), r.End.UTC(),
					r.ActivityID, string(r.Subject.Kind), r.Subject.ID, r.UserID, string(r.Role)}, nil
			}))
		return err
	})
}

const processingColumns = `id, trace_id, operation_id, parent_operation_id, name, status_code, start_time, end_time,
	activity_id, subject_kind, subject_id, user_id, role`

func scanProcessing(rows *sql.Rows) (*werkpad.ProcessingRecord, error) {
	var r werkpad.ProcessingRecord
	var kind, role string
	if err := rows.Scan(&r.ID, &r.TraceID, &r.OperationID, &r.ParentOperationID, &r.Name, &r.Status, &r.Start, &r.End,
		&r.ActivityID, &kind, &r.Subject.ID, &r.UserID, &role); err != nil {
		return nil, err
	}
	r.Start, r.End = r.Start.UTC(), r.End.UTC()
	r.Subject.Kind, r.Role = werkpad.SubjectKind(kind), werkpad.Role(role)
	return &r, nil
}

// FindProcessing pages the Logboek, newest first, for RolesReadLogboek.
func (l *ProcessingLog) FindProcessing(ctx context.Context, f werkpad.ProcessingFilter) ([]*werkpad.ProcessingRecord, int, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesReadLogboek...); err != nil {
		return nil, 0, err
	}
	w := &where{conds: []string{"1=1"}}
	if f.Subject.Kind != "" {
		w.add("subject_kind = ? AND subject_id = ?", string(f.Subject.Kind), f.Subject.ID)
	}
	if f.Activity != "" {
		w.add("activity_id = ?", f.Activity)
	}
	if !f.From.IsZero() {
		w.add("start_time >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		w.add("start_time < ?", f.To.UTC())
	}
	if f.Page.Limit <= 0 || f.Page.Limit > 500 {
		f.Page.Limit = 50
	}
	var out []*werkpad.ProcessingRecord
	var total int
	err := l.db.readTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM processing_log WHERE `+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+processingColumns+` FROM processing_log WHERE `+w.String()+
			` ORDER BY id DESC LIMIT ? OFFSET ?`, append(w.args, f.Page.Limit, f.Page.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanProcessing(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindProcessing: %w", err)
	}
	return out, total, nil
}

// FindProcessingActivities returns the register of processing activities.
func (l *ProcessingLog) FindProcessingActivities(ctx context.Context) ([]*werkpad.ProcessingActivity, error) {
	var out []*werkpad.ProcessingActivity
	err := l.db.readTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, purpose, legal_basis FROM processing_activities ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a werkpad.ProcessingActivity
			if err := rows.Scan(&a.ID, &a.Name, &a.Purpose, &a.LegalBasis); err != nil {
				return err
			}
			out = append(out, &a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindProcessingActivities: %w", err)
	}
	return out, nil
}

// logged records in the Logboek collector of ctx that the subjects of
// kind in list were processed (id 0: none).
func logged[T any](ctx context.Context, kind werkpad.SubjectKind, list []T, id func(T) int64) {
	ids := make([]int64, 0, len(list))
	for _, x := range list {
		ids = append(ids, id(x))
	}
	werkpad.Processed(ctx, kind, ids...)
}

func loggedCandidate(ctx context.Context, ids ...int64) {
	werkpad.Processed(ctx, werkpad.SubjectCandidate, ids...)
}

// SubjectProcessing returns the Logboek of one candidate in the caller's
// scope, oldest first, for an inzageverzoek; reading it is an audit row.
func (l *ProcessingLog) SubjectProcessing(ctx context.Context, candidateID int64) ([]*werkpad.ProcessingRecord, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return nil, err
	}
	var out []*werkpad.ProcessingRecord
	err = l.db.inTx(ctx, func(tx *Tx) error {
		code, err := tx.candidateMunicipality(ctx, u, candidateID, false)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+processingColumns+` FROM processing_log
			WHERE subject_kind = ? AND subject_id = ? ORDER BY id`, string(werkpad.SubjectCandidate), candidateID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanProcessing(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.audit(ctx, "inzage-export", "kandidaat", itoa(candidateID), code, fmt.Sprintf("%d verwerkingen", len(out)))
	})
	if err != nil {
		return nil, fmt.Errorf("store.SubjectProcessing(%d): %w", candidateID, err)
	}
	loggedCandidate(ctx, candidateID)
	return out, nil
}
