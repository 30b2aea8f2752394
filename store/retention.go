package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"werkpad"
)

// RetentionService anonymises what has passed its retention term
// (werkpad.RetentionService). An anonymised record keeps its id, its
// municipality and every date and code a figure reads; its BSN is erased
// (bsn_encrypted ” opens as no BSN; the lookup hash becomes a marker that
// matches no BSN) and so are its name and free texts.
type RetentionService struct{ db *DB }

// NewRetentionService returns the service.
func NewRetentionService(db *DB) *RetentionService { return &RetentionService{db: db} }

var _ werkpad.RetentionService = (*RetentionService)(nil)

// retentionBatch is the number of people anonymised per transaction, so a
// first run over years of records never holds the write lock for long.
const retentionBatch = 500

// RunRetention lists (dryRun) or anonymises the candidates deregistered
// more than p.CandidateYears ago and the referrals without a candidate
// reported back more than p.ReferralYears ago. Each anonymisation is an
// audit entry. A run that stops halfway leaves whole people done or not
// done; the next run continues.
func (s *RetentionService) RunRetention(ctx context.Context, p werkpad.RetentionPolicy, dryRun bool) (*werkpad.RetentionRun, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleAdmin); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	run := &werkpad.RetentionRun{On: werkpad.Today(s.db.Now()), Policy: p, DryRun: dryRun, Items: []werkpad.RetentionItem{}}
	err := s.db.readTx(ctx, func(tx *Tx) error {
		var err error
		run.Items, err = tx.retentionDue(ctx, run.On, p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.RunRetention: %w", err)
	}
	if dryRun {
		return run, nil
	}
	for start := 0; start < len(run.Items); start += retentionBatch {
		batch := run.Items[start:min(start+retentionBatch, len(run.Items))]
		err := s.db.inTx(ctx, func(tx *Tx) error {
			for _, it := range batch {
				if err := tx.anonymise(ctx, it); err != nil {
					return fmt.Errorf("%s %d: %w", it.Kind, it.ID, err)
				}
			}
			return nil
		})
		if err != nil {
			return run, fmt.Errorf("store.RunRetention: %w", err)
		}
		run.Anonymised += len(batch)
		for _, it := range batch {
			kind := werkpad.SubjectCandidate
			if it.Kind == "aanmelding" {
				kind = werkpad.SubjectReferral
			}
			werkpad.Processed(ctx, kind, it.ID)
		}
	}
	return run, nil
}

// retentionDue lists the records whose term passed on day on, oldest first.
func (tx *Tx) retentionDue(ctx context.Context, on werkpad.Date, p werkpad.RetentionPolicy) ([]werkpad.RetentionItem, error) {
	out := []werkpad.RetentionItem{}
	for _, q := range []struct {
		kind, query string
		years       int
	}{
		{"kandidaat", `SELECT id, municipality, deregistered_on FROM candidates
			WHERE deregistered_on IS NOT NULL AND deregistered_on <= ? AND bsn_encrypted <> '' ORDER BY deregistered_on, id`, p.CandidateYears},
		{"aanmelding", `SELECT id, municipality, reported_on FROM referrals
			WHERE candidate_id IS NULL AND status = '` + string(werkpad.ReferralReported) + `' AND reported_on IS NOT NULL AND reported_on <= ?
				AND bsn_encrypted <> '' ORDER BY reported_on, id`, p.ReferralYears},
	} {
		rows, err := tx.QueryContext(ctx, q.query, on.AddYears(-q.years))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			it := werkpad.RetentionItem{Kind: q.kind}
			if err := rows.Scan(&it.ID, &it.Municipality, &it.EndedOn); err != nil {
				rows.Close()
				return nil, err
			}
			it.ExpiredOn = it.EndedOn.AddYears(q.years)
			out = append(out, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// anonymise erases the person data of one retention item and audits it.
func (tx *Tx) anonymise(ctx context.Context, it werkpad.RetentionItem) error {
	id := strconv.FormatInt(it.ID, 10)
	exec := func(query string, args ...any) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	}
	refQuery, refArgs := `SELECT id FROM referrals WHERE id = ?`, []any{it.ID}
	if it.Kind == "kandidaat" {
		refQuery, refArgs = `SELECT id FROM referrals WHERE candidate_id = ? OR duplicate_of_candidate_id = ?`, []any{it.ID, it.ID}
		for _, st := range []struct {
			query string
			args  []any
		}{
			{`UPDATE candidates SET bsn_encrypted = '', bsn_hash = ?, bsn_last4 = '', given_name = '', infix = '', surname = ?,
				search_given = '', search_surname = ?, updated_at = ? WHERE id = ?`,
				[]any{"geanonimiseerd-" + id, werkpad.AnonymisedSurname, "geanonimiseerd", tx.now, it.ID}},
			{`UPDATE signals SET behaviour = '', advice = '', decision_text = '' WHERE candidate_id = ?`, []any{it.ID}},
			{`UPDATE complaints SET subject = '', description = '', postpone_reason = '', decision_text = '' WHERE candidate_id = ?`, []any{it.ID}},
			{`UPDATE candidate_profiles SET restriction_note = '' WHERE candidate_id = ?`, []any{it.ID}},
			{`UPDATE proposals SET reason = '' WHERE candidate_id = ?`, []any{it.ID}},
			{`DELETE FROM candidate_corrections WHERE candidate_id = ?`, []any{it.ID}},
		} {
			if err := exec(st.query, st.args...); err != nil {
				return err
			}
		}
	}
	var refs []int64
	rows, err := tx.QueryContext(ctx, refQuery, refArgs...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var rid int64
		if err := rows.Scan(&rid); err != nil {
			rows.Close()
			return err
		}
		refs = append(refs, rid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, rid := range refs {
		if err := exec(`UPDATE referrals SET bsn_encrypted = '', bsn_hash = ?, bsn_last4 = '', given_name = '', infix = '', surname = ?,
			reason = '', documents = '[]', intake_location = '' WHERE id = ?`,
			"geanonimiseerd-aanmelding-"+strconv.FormatInt(rid, 10), werkpad.AnonymisedSurname, rid); err != nil {
			return err
		}
		if err := exec(`UPDATE referral_events SET note = '', intake_location = '' WHERE referral_id = ?`, rid); err != nil {
			return err
		}
	}
	return tx.audit(ctx, "anonimiseren", it.Kind, id, it.Municipality,
		fmt.Sprintf("bewaartermijn verstreken op %s (beëindigd op %s)", it.ExpiredOn.Dutch(), it.EndedOn.Dutch()))
}

// RunDailyRetention runs the policy once a day over all instances: the
// first instance to lease today's run (job_runs) does it; the others, and
// later calls on the same day, return nil. A lease that is not released
// (a crash) lapses after an hour, and the next call runs again.
func (s *RetentionService) RunDailyRetention(ctx context.Context, p werkpad.RetentionPolicy) (*werkpad.RetentionRun, error) {
	const name = "bewaartermijnen"
	now := s.db.Now()
	today := werkpad.Today(now)
	var got bool
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM job_runs WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO job_runs (name) VALUES (?)`, name); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE job_runs SET lease_until = ? WHERE name = ? AND (last_day IS NULL OR last_day < ?)
			AND (lease_until IS NULL OR lease_until < ?)`, now.Add(time.Hour), name, today, now)
		if err != nil {
			return err
		}
		affected, err := res.RowsAffected()
		got = affected == 1
		return err
	})
	if err != nil || !got {
		return nil, err
	}
	run, err := s.RunRetention(ctx, p, false)
	if err != nil {
		return run, err
	}
	return run, s.db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE job_runs SET last_day = ?, lease_until = NULL WHERE name = ?`, today, name)
		return err
	})
}
