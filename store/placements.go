package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"werkpad"
)

// PlacementService implements werkpad.PlacementService.
type PlacementService struct{ db *DB }

func NewPlacementService(db *DB) *PlacementService { return &PlacementService{db: db} }

const placementColumns = `p.id, p.candidate_id, p.municipality, p.employer_name, p.employer_id, p.start_date, p.end_date,
	p.contract_minutes_per_week, p.contract_type, p.wage_subsidy, p.wage_value_bp, p.reassess_on,
	p.secondment_job, p.sheltered, p.created_at, p.updated_at`

func scanPlacement(s interface{ Scan(...any) error }) (*werkpad.Placement, error) {
	var p werkpad.Placement
	var employer sql.NullInt64
	var contract string
	if err := s.Scan(&p.ID, &p.CandidateID, &p.MunicipalityCode, &p.EmployerName, &employer, &p.Period.From, &p.Period.To,
		&p.ContractMinutesPerWeek, &contract, &p.WageSubsidy, &p.WageValueBasisPoints, &p.ReassessOn,
		&p.SecondmentJob, &p.Sheltered, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	if employer.Valid {
		p.EmployerID = &employer.Int64
	}
	p.ContractType = werkpad.ContractType(contract)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

func (tx *Tx) findPlacement(ctx context.Context, u *werkpad.User, id int64, lock bool) (*werkpad.Placement, error) {
	w := scoped(u, "p.municipality")
	w.add("p.id = ?", id)
	q := `SELECT ` + placementColumns + ` FROM placements p WHERE ` + w.String()
	if lock {
		q += tx.db.forUpdate()
	}
	p, err := scanPlacement(tx.QueryRowContext(ctx, q, w.args...))
	if err != nil {
		return nil, notFound(err, "Plaatsing")
	}
	return p, nil
}

func employerIDArg(id *int64) any {
	if id == nil {
		return nil
	}
	return *id
}

// CreatePlacement records the start of paid work of a candidate in scope (consulent).
func (s *PlacementService) CreatePlacement(ctx context.Context, p *werkpad.Placement) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return err
	}
	p.EmployerName = strings.TrimSpace(p.EmployerName)
	if err := p.Validate(); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		code, err := tx.candidateMunicipality(ctx, u, p.CandidateID, true)
		if err != nil {
			return err
		}
		if err := tx.insertPlacement(ctx, p, code); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "plaatsing", itoa(p.ID), code, "kandidaat="+itoa(p.CandidateID))
	})
	if err != nil {
		return fmt.Errorf("store.CreatePlacement: %w", err)
	}
	return nil
}

// insertPlacement stores a new, validated placement of a candidate of
// municipality code and sets its id and timestamps; shared by
// CreatePlacement and the import.
func (tx *Tx) insertPlacement(ctx context.Context, p *werkpad.Placement, code string) error {
	id, err := tx.insertID(ctx, `INSERT INTO placements (candidate_id, municipality, employer_name, employer_id,
		start_date, end_date, contract_minutes_per_week, contract_type, wage_subsidy, wage_value_bp, reassess_on,
		secondment_job, sheltered, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.CandidateID, code, p.EmployerName, employerIDArg(p.EmployerID), p.Period.From, p.Period.To,
		p.ContractMinutesPerWeek, string(p.ContractType), p.WageSubsidy, p.WageValueBasisPoints, p.ReassessOn,
		p.SecondmentJob, p.Sheltered, tx.now, tx.now)
	if err != nil {
		return err
	}
	p.ID, p.MunicipalityCode, p.CreatedAt, p.UpdatedAt = id, code, tx.now, tx.now
	return nil
}

func (s *PlacementService) FindPlacementByID(ctx context.Context, id int64) (*werkpad.Placement, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadPlacements...)
	if err != nil {
		return nil, err
	}
	var p *werkpad.Placement
	err = s.db.readTx(ctx, func(tx *Tx) error {
		p, err = tx.findPlacement(ctx, u, id, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindPlacementByID(%d): %w", id, err)
	}
	return p, nil
}

// FindPlacements returns a page of placements in scope, newest start first.
func (s *PlacementService) FindPlacements(ctx context.Context, f werkpad.PlacementFilter) ([]*werkpad.Placement, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadPlacements...)
	if err != nil {
		return nil, 0, err
	}
	w := scoped(u, "p.municipality")
	if f.Municipality != "" {
		w.add("p.municipality = ?", f.Municipality)
	}
	if f.CandidateID != 0 {
		w.add("p.candidate_id = ?", f.CandidateID)
	}
	if f.StartedIn != nil {
		w.within("p.start_date", *f.StartedIn)
	}
	if f.ActiveIn != nil {
		w.activeIn("p.start_date", "p.end_date", *f.ActiveIn)
	}
	var list []*werkpad.Placement
	var total int
	err = s.db.readTx(ctx, func(tx *Tx) error {
		total, err = tx.countAndList(ctx, "placements p", w, placementColumns, "p.start_date DESC, p.id DESC", f.Page,
			func(r interface{ Scan(...any) error }) error {
				p, err := scanPlacement(r)
				list = append(list, p)
				return err
			})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindPlacements: %w", err)
	}
	return list, total, nil
}

// UpdatePlacement changes a placement (consulent).
func (s *PlacementService) UpdatePlacement(ctx context.Context, id int64, upd werkpad.PlacementUpdate) (*werkpad.Placement, error) {
	return s.change(ctx, "UpdatePlacement", "wijzigen", id, func(p *werkpad.Placement) {
		if upd.EmployerName != nil {
			p.EmployerName = strings.TrimSpace(*upd.EmployerName)
		}
		if upd.Period != nil {
			p.Period = *upd.Period
		}
		if upd.ContractMinutesPerWeek != nil {
			p.ContractMinutesPerWeek = *upd.ContractMinutesPerWeek
		}
		if upd.ContractType != nil {
			p.ContractType = *upd.ContractType
		}
		if upd.WageSubsidy != nil {
			p.WageSubsidy = *upd.WageSubsidy
		}
		if upd.WageValueBasisPoints != nil {
			p.WageValueBasisPoints = *upd.WageValueBasisPoints
		}
		if upd.ReassessOn != nil {
			p.ReassessOn = *upd.ReassessOn
		}
		if upd.SecondmentJob != nil {
			p.SecondmentJob = *upd.SecondmentJob
		}
		if upd.Sheltered != nil {
			p.Sheltered = *upd.Sheltered
		}
	})
}

// EndPlacement sets the last day of a placement (consulent).
func (s *PlacementService) EndPlacement(ctx context.Context, id int64, on werkpad.Date) (*werkpad.Placement, error) {
	if on.IsZero() {
		return nil, werkpad.FieldError("periode.tot", "Vul de einddatum in.")
	}
	return s.change(ctx, "EndPlacement", "beeindigen", id, func(p *werkpad.Placement) { p.Period.To = on })
}

func (s *PlacementService) change(ctx context.Context, op, action string, id int64, apply func(p *werkpad.Placement)) (*werkpad.Placement, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return nil, err
	}
	var p *werkpad.Placement
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if p, err = tx.findPlacement(ctx, u, id, true); err != nil {
			return err
		}
		apply(p)
		if err := p.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE placements SET employer_name = ?, start_date = ?, end_date = ?,
			contract_minutes_per_week = ?, contract_type = ?, wage_subsidy = ?, wage_value_bp = ?, reassess_on = ?,
			secondment_job = ?, sheltered = ?, updated_at = ? WHERE id = ?`,
			p.EmployerName, p.Period.From, p.Period.To, p.ContractMinutesPerWeek, string(p.ContractType),
			p.WageSubsidy, p.WageValueBasisPoints, p.ReassessOn, p.SecondmentJob, p.Sheltered, tx.now, id); err != nil {
			return err
		}
		p.UpdatedAt = tx.now
		return tx.audit(ctx, action, "plaatsing", itoa(id), p.MunicipalityCode, "")
	})
	if err != nil {
		return nil, fmt.Errorf("store.%s(%d): %w", op, id, err)
	}
	return p, nil
}
