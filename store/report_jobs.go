package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"werkpad"
)

// ReportJobService implements werkpad.ReportJobService.
type ReportJobService struct{ db *DB }

func NewReportJobService(db *DB) *ReportJobService { return &ReportJobService{db: db} }

// allScope is the stored scope of a user who sees the whole region.
const allScope = "*"

func formatScope(scope []string) string {
	if scope == nil {
		return allScope
	}
	return strings.Join(scope, ",")
}

func parseScope(s string) []string {
	if s == allScope {
		return nil
	}
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// Create stores a waiting job of the caller with his scope of now.
func (s *ReportJobService) Create(ctx context.Context, p werkpad.ReportJobParams) (*werkpad.ReportJob, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RoleController, werkpad.RoleMunicipality)
	if err != nil {
		return nil, err
	}
	params, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("store.CreateReportJob: %w", err)
	}
	j := &werkpad.ReportJob{UserID: u.ID, Scope: werkpad.ScopeOf(u), Params: p, Status: werkpad.ReportJobWaiting}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		j.CreatedAt, j.UpdatedAt = tx.now, tx.now
		j.ID, err = tx.insertID(ctx, `INSERT INTO report_jobs (user_id, scope, params, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, j.UserID, formatScope(j.Scope), string(params), string(j.Status), tx.now, tx.now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.CreateReportJob: %w", err)
	}
	return j, nil
}

// Find returns the caller's own job, without its result.
func (s *ReportJobService) Find(ctx context.Context, id int64) (*werkpad.ReportJob, error) {
	return s.find(ctx, id, false)
}

// FindResult returns the caller's own job with its result.
func (s *ReportJobService) FindResult(ctx context.Context, id int64) (*werkpad.ReportJob, error) {
	return s.find(ctx, id, true)
}

func (s *ReportJobService) find(ctx context.Context, id int64, withResult bool) (*werkpad.ReportJob, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	result := "NULL"
	if withResult {
		result = "result"
	}
	var jobs []*werkpad.ReportJob
	err = s.db.readTx(ctx, func(tx *Tx) error {
		jobs, err = scanReportJobs(ctx, tx, result, `id = ?`, id)
		return err
	})
	if err == nil && len(jobs) == 0 {
		err = werkpadNotFound("Rapportage")
	}
	if err != nil {
		return nil, fmt.Errorf("store.FindReportJob(%d): %w", id, err)
	}
	// Another user's job, or one his scope no longer covers, does not
	// exist for him.
	if !jobs[0].Readable(u) {
		return nil, fmt.Errorf("store.FindReportJob(%d): %w", id, werkpadNotFound("Rapportage"))
	}
	return jobs[0], nil
}

// FindMine returns the caller's own readable jobs, newest first.
func (s *ReportJobService) FindMine(ctx context.Context, limit int) ([]*werkpad.ReportJob, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	var jobs []*werkpad.ReportJob
	err = s.db.readTx(ctx, func(tx *Tx) error {
		jobs, err = scanReportJobs(ctx, tx, "NULL", `user_id = ? ORDER BY id DESC LIMIT `+fmt.Sprint(max(limit, 1)), u.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindMyReportJobs: %w", err)
	}
	mine := jobs[:0]
	for _, j := range jobs {
		if j.Readable(u) {
			mine = append(mine, j)
		}
	}
	return mine, nil
}

// scanReportJobs reads the jobs matching where; result is "result" or
// "NULL" (without the file).
func scanReportJobs(ctx context.Context, tx *Tx, result, where string, args ...any) ([]*werkpad.ReportJob, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, user_id, scope, params, status, progress, message, `+result+`,
		content_type, filename, lease_until, created_at, updated_at FROM report_jobs WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var jobs []*werkpad.ReportJob
	for rows.Next() {
		var (
			j             werkpad.ReportJob
			scope, params string
			status        string
			lease         sql.NullTime
			resultBytes   []byte
		)
		if err := rows.Scan(&j.ID, &j.UserID, &scope, &params, &status, &j.Progress, &j.Message, &resultBytes,
			&j.ContentType, &j.Filename, &lease, &j.CreatedAt, &j.UpdatedAt); err != nil {
			return nil, err
		}
		j.Scope, j.Status, j.Result = parseScope(scope), werkpad.ReportJobStatus(status), resultBytes
		if err := json.Unmarshal([]byte(params), &j.Params); err != nil {
			return nil, fmt.Errorf("params of job %d: %w", j.ID, err)
		}
		if lease.Valid {
			t := lease.Time.UTC()
			j.LeaseUntil = &t
		}
		j.CreatedAt, j.UpdatedAt = j.CreatedAt.UTC(), j.UpdatedAt.UTC()
		jobs = append(jobs, &j)
	}
	return jobs, rows.Err()
}

// Claim takes the lease in one conditional UPDATE: of two claimers the
// database lets exactly one change the row (SQLite writes are serial; on
// PostgreSQL the second UPDATE re-checks the row after the first commits).
func (s *ReportJobService) Claim(ctx context.Context, id int64) (bool, error) {
	var won bool
	err := s.db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE report_jobs SET status = 'bezig', lease_until = ?, updated_at = ?
			WHERE id = ? AND (status = 'wachtend' OR (status = 'bezig' AND lease_until < ?))`,
			tx.now.Add(werkpad.ReportJobLease), tx.now, id, tx.now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		won = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store.ClaimReportJob(%d): %w", id, err)
	}
	return won, nil
}

// Progress records pct and message of a running job and renews its lease.
func (s *ReportJobService) Progress(ctx context.Context, id int64, pct int, message string) error {
	pct = min(max(pct, 0), 100)
	return s.update(ctx, "store.ReportJobProgress", id, `progress = ?, message = ?, lease_until = ?`,
		func(now time.Time) []any { return []any{pct, message, now.Add(werkpad.ReportJobLease)} })
}

// Finish stores the result of a running job and marks it done.
func (s *ReportJobService) Finish(ctx context.Context, id int64, result []byte, contentType, filename string) error {
	return s.update(ctx, "store.FinishReportJob", id,
		`status = 'klaar', progress = 100, message = '', result = ?, content_type = ?, filename = ?, lease_until = NULL`,
		func(time.Time) []any { return []any{result, contentType, filename} })
}

// Fail marks a running job failed.
func (s *ReportJobService) Fail(ctx context.Context, id int64, message string) error {
	return s.update(ctx, "store.FailReportJob", id, `status = 'mislukt', message = ?, lease_until = NULL`,
		func(time.Time) []any { return []any{message} })
}

// update sets columns of a running job; a job that is not running (never
// claimed, or finished) is a conflict.
func (s *ReportJobService) update(ctx context.Context, op string, id int64, set string, args func(now time.Time) []any) error {
	err := s.db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE report_jobs SET `+set+`, updated_at = ? WHERE id = ? AND status = 'bezig'`,
			append(args(tx.now), tx.now, id)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return werkpad.Errorf(werkpad.ECONFLICT, "De rapportage wordt niet (meer) gemaakt.")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s(%d): %w", op, id, err)
	}
	return nil
}
