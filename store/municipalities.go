package store

import (
	"context"
	"fmt"

	"werkpad"
)

// MunicipalityService implements werkpad.MunicipalityService.
type MunicipalityService struct{ db *DB }

func NewMunicipalityService(db *DB) *MunicipalityService { return &MunicipalityService{db: db} }

// scopeFilter returns a SQL condition restricting column to the caller's
// municipalities, and its arguments. Every query about people uses it.
func scopeFilter(u *werkpad.User, column string) (string, []any) {
	if u.AllMunicipalities() {
		return "1=1", nil
	}
	if len(u.Municipalities) == 0 {
		return "1=0", nil
	}
	args := make([]any, len(u.Municipalities))
	for i, c := range u.Municipalities {
		args[i] = c
	}
	return column + " IN (" + placeholders(len(args)) + ")", args
}

func (s *MunicipalityService) FindMunicipalities(ctx context.Context) ([]*werkpad.Municipality, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	cond, args := scopeFilter(u, "code")
	rows, err := s.db.db.QueryContext(ctx, s.db.rebind(`SELECT code, name, sw_only FROM municipalities WHERE `+cond+` ORDER BY name`), args...)
	if err != nil {
		return nil, fmt.Errorf("store.FindMunicipalities: %w", err)
	}
	defer rows.Close()
	var out []*werkpad.Municipality
	for rows.Next() {
		var m werkpad.Municipality
		if err := rows.Scan(&m.Code, &m.Name, &m.SWOnly); err != nil {
			return nil, err
		}
		out = append(out, &m)
	}
	return out, rows.Err()
}

func (s *MunicipalityService) FindMunicipality(ctx context.Context, code string) (*werkpad.Municipality, error) {
	u, err := werkpad.RequireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !u.InScope(code) {
		return nil, werkpadNotFound("Gemeente")
	}
	var m werkpad.Municipality
	err = s.db.db.QueryRowContext(ctx, s.db.rebind(`SELECT code, name, sw_only FROM municipalities WHERE code = ?`), code).
		Scan(&m.Code, &m.Name, &m.SWOnly)
	if err != nil {
		return nil, notFound(err, "Gemeente")
	}
	return &m, nil
}
