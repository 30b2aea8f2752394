package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"werkpad"
)

// PlacementService implements werkpad.PlacementService.
// Secondment is the ceiling of detacheringsbanen (zero: the default).
type PlacementService struct {
	db         *DB
	Secondment werkpad.SecondmentPolicy
}

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

// insertPlacement stores a validated placement of a candidate of
// municipality code, already checked to be in scope, and audits it. It is
// the one INSERT of placements: CreatePlacement and a hire through a
// proposal both use it. A registered employer fills the name when empty.
func (tx *Tx) insertPlacement(ctx context.Context, code string, p *werkpad.Placement, detail string) error {
	if p.EmployerID != nil {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM employers WHERE id = ?`, *p.EmployerID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return werkpad.FieldError("werkgeverId", "Deze werkgever staat niet in het werkgeversregister.")
		} else if err != nil {
			return err
		}
		if p.EmployerName == "" {
			p.EmployerName = name
		}
	}
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
	d := "kandidaat=" + itoa(p.CandidateID)
	if detail != "" {
		d += " " + detail
	}
	return tx.audit(ctx, "aanmaken", "plaatsing", itoa(id), code, d)
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
		return tx.insertPlacement(ctx, code, p, "")
	})
	if err != nil {
		return fmt.Errorf("store.CreatePlacement: %w", err)
	}
	loggedCandidate(ctx, p.CandidateID)
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
	loggedCandidate(ctx, p.CandidateID)
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
	if f.ConsultantID != 0 {
		w.add("p.candidate_id IN (SELECT id FROM candidates WHERE consultant_id = ?)", f.ConsultantID)
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
	logged(ctx, werkpad.SubjectCandidate, list, func(p *werkpad.Placement) int64 { return p.CandidateID })
	return list, total, nil
}

// UpdatePlacement changes a placement (consulent).
func (s *PlacementService) UpdatePlacement(ctx context.Context, id int64, upd werkpad.PlacementUpdate) (*werkpad.Placement, error) {
	return s.change(ctx, "UpdatePlacement", "wijzigen", id, upd.TermsFrom, func(p *werkpad.Placement) {
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
	return s.change(ctx, "EndPlacement", "beeindigen", id, nil, func(p *werkpad.Placement) { p.Period.To = on })
}

func (s *PlacementService) change(ctx context.Context, op, action string, id int64, termsFrom *werkpad.Date, apply func(p *werkpad.Placement)) (*werkpad.Placement, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return nil, err
	}
	var p *werkpad.Placement
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if p, err = tx.findPlacement(ctx, u, id, true); err != nil {
			return err
		}
		old := *p
		apply(p)
		if err := p.Validate(); err != nil {
			return err
		}
		detail, err := tx.changePlacementTerms(ctx, &old, p, termsFrom)
		if err != nil {
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
		return tx.audit(ctx, action, "plaatsing", itoa(id), p.MunicipalityCode, detail)
	})
	if err != nil {
		return nil, fmt.Errorf("store.%s(%d): %w", op, id, err)
	}
	loggedCandidate(ctx, p.CandidateID)
	return p, nil
}

// changePlacementTerms records changed contract hours, loonwaarde or wage
// subsidy of p (old is the stored placement) as of termsFrom, today when nil, so that
// the LKS figures of a past period keep the terms of their day. The first
// change also stores the terms the placement started with. The first day
// of the latest terms (or the start date, while there are none) corrects
// those terms; a day before it is refused: history is added to, not
// rewritten. A moved start date moves the first terms with it. It returns
// the audit text ("" when the terms did not change).
func (tx *Tx) changePlacementTerms(ctx context.Context, old, p *werkpad.Placement, termsFrom *werkpad.Date) (string, error) {
	var starts []werkpad.Date
	rows, err := tx.QueryContext(ctx, `SELECT from_date FROM placement_terms WHERE placement_id = ? ORDER BY from_date`, p.ID)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var d werkpad.Date
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return "", err
		}
		starts = append(starts, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(starts) > 0 && p.Period.From != old.Period.From {
		if len(starts) > 1 && !p.Period.From.Before(starts[1]) {
			return "", werkpad.FieldError("periode.van", "De uren of de loonwaarde zijn gewijzigd per %s; de begindatum moet daarvoor liggen.", starts[1].Dutch())
		}
		if _, err := tx.ExecContext(ctx, `UPDATE placement_terms SET from_date = ? WHERE placement_id = ? AND from_date = ?`, p.Period.From, p.ID, starts[0]); err != nil {
			return "", err
		}
		starts[0] = p.Period.From
	}
	if old.ContractMinutesPerWeek == p.ContractMinutesPerWeek && old.WageValueBasisPoints == p.WageValueBasisPoints && old.WageSubsidy == p.WageSubsidy {
		return "", nil
	}
	var from werkpad.Date
	switch {
	case termsFrom != nil && !termsFrom.IsZero():
		from = *termsFrom
		if from.Before(p.Period.From) {
			return "", werkpad.FieldError("voorwaardenPer", "De ingangsdatum ligt voor de begindatum van de plaatsing (%s).", p.Period.From.Dutch())
		}
	default:
		from = werkpad.Today(tx.now)
		if from.Before(p.Period.From) {
			from = p.Period.From // a placement still to start: its first terms
		}
	}
	if !p.Period.Contains(from) {
		return "", werkpad.FieldError("voorwaardenPer", "De ingangsdatum %s valt niet binnen de plaatsing (%s); geef een dag binnen de plaatsing.", from.Dutch(), p.Period)
	}
	was := fmt.Sprintf("uren %d min/week, loonwaarde %d bp, loonkostensubsidie %s", old.ContractMinutesPerWeek, old.WageValueBasisPoints, yesNo(old.WageSubsidy))
	latest := p.Period.From
	if len(starts) > 0 {
		latest = starts[len(starts)-1]
	}
	switch {
	case from.Before(latest):
		return "", werkpad.FieldError("voorwaardenPer", "Er zijn al uren, loonwaarde en loonkostensubsidie vanaf %s vastgelegd; een wijziging gaat op of na die dag in.", latest.Dutch())
	case from == latest && len(starts) == 0:
		return "correctie van de uren, loonwaarde en loonkostensubsidie vanaf de begindatum (was " + was + ")", nil
	case from == latest:
		if _, err := tx.ExecContext(ctx, `UPDATE placement_terms SET contract_minutes_per_week = ?, wage_value_bp = ?, wage_subsidy = ? WHERE placement_id = ? AND from_date = ?`,
			p.ContractMinutesPerWeek, p.WageValueBasisPoints, p.WageSubsidy, p.ID, from); err != nil {
			return "", err
		}
		return "correctie van de uren, loonwaarde en loonkostensubsidie vanaf " + from.Dutch() + " (was " + was + ")", nil
	}
	if len(starts) == 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO placement_terms (placement_id, from_date, contract_minutes_per_week, wage_value_bp, wage_subsidy) VALUES (?, ?, ?, ?, ?)`,
			p.ID, old.Period.From, old.ContractMinutesPerWeek, old.WageValueBasisPoints, old.WageSubsidy); err != nil {
			return "", err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO placement_terms (placement_id, from_date, contract_minutes_per_week, wage_value_bp, wage_subsidy) VALUES (?, ?, ?, ?, ?)`,
		p.ID, from, p.ContractMinutesPerWeek, p.WageValueBasisPoints, p.WageSubsidy); err != nil {
		return "", err
	}
	return "uren, loonwaarde of loonkostensubsidie gewijzigd per " + from.Dutch() + " (was " + was + ")", nil
}

// placementTerms reads the dated terms of the placements matching the
// condition cond on alias p (args its arguments), by placement id.
func (tx *Tx) placementTerms(ctx context.Context, cond string, args []any) (map[int64][]werkpad.PlacementTerms, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.placement_id, t.from_date, t.contract_minutes_per_week, t.wage_value_bp, t.wage_subsidy
		FROM placement_terms t JOIN placements p ON p.id = t.placement_id WHERE `+cond+` ORDER BY t.placement_id, t.from_date`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]werkpad.PlacementTerms{}
	for rows.Next() {
		var id int64
		var t werkpad.PlacementTerms
		if err := rows.Scan(&id, &t.From, &t.ContractMinutesPerWeek, &t.WageValueBasisPoints, &t.WageSubsidy); err != nil {
			return nil, err
		}
		out[id] = append(out[id], t)
	}
	return out, rows.Err()
}

// yesNo writes a flag in an audit text.
func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}
