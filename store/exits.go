package store

import (
	"context"
	"database/sql"
	"fmt"

	"werkpad"
)

// ExitService implements werkpad.ExitService.
type ExitService struct{ db *DB }

func NewExitService(db *DB) *ExitService { return &ExitService{db: db} }

const exitColumns = `x.id, x.candidate_id, x.municipality, x.exit_date, x.reason, x.placement_id, x.created_at`

func scanExit(s interface{ Scan(...any) error }) (*werkpad.Exit, error) {
	var e werkpad.Exit
	var reason string
	var placement sql.NullInt64
	if err := s.Scan(&e.ID, &e.CandidateID, &e.MunicipalityCode, &e.Date, &reason, &placement, &e.CreatedAt); err != nil {
		return nil, err
	}
	e.Reason = werkpad.ExitReason(reason)
	if placement.Valid {
		e.PlacementID = &placement.Int64
	}
	e.CreatedAt = e.CreatedAt.UTC()
	return &e, nil
}

// CreateExit records an uitstroom (consulent). A referenced placement must
// be one of the same candidate; "uitstroom naar werk" requires one.
func (s *ExitService) CreateExit(ctx context.Context, e *werkpad.Exit) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		code, err := tx.candidateMunicipality(ctx, u, e.CandidateID, true)
		if err != nil {
			return err
		}
		if err := tx.insertExit(ctx, e, code); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "uitstroom", itoa(e.ID), code, "kandidaat="+itoa(e.CandidateID)+" reden="+string(e.Reason))
	})
	if err != nil {
		return fmt.Errorf("store.CreateExit: %w", err)
	}
	loggedCandidate(ctx, e.CandidateID)
	return nil
}

// insertExit stores a new, validated exit of a candidate of municipality
// code, after checking that a referenced placement is the candidate's own,
// and sets its id; shared by CreateExit and the import.
func (tx *Tx) insertExit(ctx context.Context, e *werkpad.Exit, code string) error {
	var placement any
	if e.PlacementID != nil {
		var owner int64
		err := tx.QueryRowContext(ctx, `SELECT candidate_id FROM placements WHERE id = ?`, *e.PlacementID).Scan(&owner)
		if err == sql.ErrNoRows || (err == nil && owner != e.CandidateID) {
			return werkpad.FieldError("plaatsingId", "Kies een plaatsing van deze kandidaat.")
		} else if err != nil {
			return err
		}
		placement = *e.PlacementID
	}
	id, err := tx.insertID(ctx, `INSERT INTO exits (candidate_id, municipality, exit_date, reason, placement_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, e.CandidateID, code, e.Date, string(e.Reason), placement, tx.now)
	if err != nil {
		return err
	}
	e.ID, e.MunicipalityCode, e.CreatedAt = id, code, tx.now
	return nil
}

func (s *ExitService) FindExitByID(ctx context.Context, id int64) (*werkpad.Exit, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCasework...)
	if err != nil {
		return nil, err
	}
	w := scoped(u, "x.municipality")
	w.add("x.id = ?", id)
	var e *werkpad.Exit
	err = s.db.readTx(ctx, func(tx *Tx) error {
		e, err = scanExit(tx.QueryRowContext(ctx, `SELECT `+exitColumns+` FROM exits x WHERE `+w.String(), w.args...))
		return notFound(err, "Uitstroom")
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindExitByID(%d): %w", id, err)
	}
	loggedCandidate(ctx, e.CandidateID)
	return e, nil
}

// FindExits returns a page of exits in scope, newest first.
func (s *ExitService) FindExits(ctx context.Context, f werkpad.ExitFilter) ([]*werkpad.Exit, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCasework...)
	if err != nil {
		return nil, 0, err
	}
	w := scoped(u, "x.municipality")
	if f.Municipality != "" {
		w.add("x.municipality = ?", f.Municipality)
	}
	if f.CandidateID != 0 {
		w.add("x.candidate_id = ?", f.CandidateID)
	}
	if f.Reason != "" {
		w.add("x.reason = ?", string(f.Reason))
	}
	if f.DatedIn != nil {
		w.within("x.exit_date", *f.DatedIn)
	}
	var list []*werkpad.Exit
	var total int
	err = s.db.readTx(ctx, func(tx *Tx) error {
		total, err = tx.countAndList(ctx, "exits x", w, exitColumns, "x.exit_date DESC, x.id DESC", f.Page,
			func(r interface{ Scan(...any) error }) error {
				e, err := scanExit(r)
				list = append(list, e)
				return err
			})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindExits: %w", err)
	}
	logged(ctx, werkpad.SubjectCandidate, list, func(e *werkpad.Exit) int64 { return e.CandidateID })
	return list, total, nil
}
