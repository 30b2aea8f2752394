package store

import (
	"context"
	"fmt"
	"strconv"

	"werkpad"
)

// NormService implements werkpad.NormService.
type NormService struct{ db *DB }

func NewNormService(db *DB) *NormService { return &NormService{db: db} }

var _ werkpad.NormService = (*NormService)(nil)

// SetNorm records (or replaces) the norm of one indicator, year and
// municipality (or the region); the audit log keeps the old value.
func (s *NormService) SetNorm(ctx context.Context, n werkpad.Norm) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RoleController, werkpad.RoleAdmin)
	if err != nil {
		return err
	}
	if err := werkpad.ValidateNorm(n); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if n.Municipality != "" {
			var known int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, n.Municipality).Scan(&known); err != nil {
				return err
			}
			if known == 0 || !u.InScope(n.Municipality) {
				return werkpad.Errorf(werkpad.ENOTFOUND, "Gemeente %s niet gevonden.", n.Municipality)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_norms WHERE municipality = ? AND year = ? AND indicator = ?`,
			n.Municipality, n.Year, string(n.Indicator)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_norms (municipality, indicator, year, value, source, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, n.Municipality, string(n.Indicator), n.Year, n.Value, n.Source, u.Email, tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, "norm vastleggen", "norm", string(n.Indicator)+"/"+strconv.Itoa(n.Year), n.Municipality,
			fmt.Sprintf("%s (bron: %s)", werkpad.FormatNorm(n.Indicator, n.Value), n.Source))
	})
	if err != nil {
		return fmt.Errorf("store.SetNorm(%s, %d): %w", n.Indicator, n.Year, err)
	}
	return nil
}

// FindNorms returns the norms of year: the regional ones and those of the
// municipalities in the caller's scope.
func (s *NormService) FindNorms(ctx context.Context, year int) ([]werkpad.Norm, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := scopeFilter(u, "municipality")
	var out []werkpad.Norm
	err = s.db.readTx(ctx, func(tx *Tx) error {
		return tx.eachRow(ctx, func(scan func(...any) error) error {
			var n werkpad.Norm
			var key string
			if err := scan(&n.Municipality, &key, &n.Year, &n.Value, &n.Source, &n.RecordedBy, &n.RecordedAt); err != nil {
				return err
			}
			n.Indicator, n.RecordedAt = werkpad.IndicatorKey(key), n.RecordedAt.UTC()
			out = append(out, n)
			return nil
		}, `SELECT municipality, indicator, year, value, source, recorded_by, recorded_at FROM indicator_norms
			WHERE year = ? AND (municipality = '' OR `+cond+`) ORDER BY municipality, indicator`, append([]any{year}, args...)...)
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindNorms(%d): %w", year, err)
	}
	return out, nil
}
