package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"werkpad"
)

// EnrolmentService implements werkpad.EnrolmentService. The instrument
// catalogue is a table, seeded with werkpad.DefaultInstruments.
type EnrolmentService struct{ db *DB }

func NewEnrolmentService(db *DB) *EnrolmentService { return &EnrolmentService{db: db} }

const enrolmentColumns = `e.id, e.candidate_id, e.municipality, e.instrument_code, e.from_date, e.to_date, e.result,
	e.wwb_minutes_per_week, e.wwb_host, e.wwb_to_paid_work, e.ownw_dayparts, e.ownw_provider, e.ownw_outcome,
	e.created_at, e.updated_at`

func scanEnrolment(s interface{ Scan(...any) error }) (*werkpad.Enrolment, error) {
	var e werkpad.Enrolment
	var wwbMinutes, ownwDayparts sql.NullInt64
	var wwbHost, ownwProvider, ownwOutcome sql.NullString
	var wwbToPaid sql.NullBool
	if err := s.Scan(&e.ID, &e.CandidateID, &e.MunicipalityCode, &e.InstrumentCode, &e.Period.From, &e.Period.To, &e.Result,
		&wwbMinutes, &wwbHost, &wwbToPaid, &ownwDayparts, &ownwProvider, &ownwOutcome, &e.CreatedAt, &e.UpdatedAt); err != nil {
		return nil, err
	}
	if wwbMinutes.Valid {
		e.WorkWithBenefit = &werkpad.WorkWithBenefitDetails{MinutesPerWeek: int(wwbMinutes.Int64), HostOrganisation: wwbHost.String}
		if wwbToPaid.Valid {
			e.WorkWithBenefit.ToPaidWork = &wwbToPaid.Bool
		}
	}
	if ownwDayparts.Valid {
		e.OWNW = &werkpad.OWNWDetails{DaypartsPerWeek: int(ownwDayparts.Int64), Provider: ownwProvider.String,
			Outcome: werkpad.OWNWOutcome(ownwOutcome.String)}
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

// enrolmentDetailArgs are the detail columns of e, NULL for the other kind.
func enrolmentDetailArgs(e *werkpad.Enrolment) []any {
	args := []any{nil, nil, nil, nil, nil, nil}
	if w := e.WorkWithBenefit; w != nil {
		args[0], args[1] = w.MinutesPerWeek, w.HostOrganisation
		if w.ToPaidWork != nil {
			args[2] = *w.ToPaidWork
		}
	}
	if o := e.OWNW; o != nil {
		args[3], args[4], args[5] = o.DaypartsPerWeek, o.Provider, string(o.Outcome)
	}
	return args
}

func (tx *Tx) instruments(ctx context.Context) ([]werkpad.Instrument, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code, name, kind FROM instruments WHERE active ORDER BY sort, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []werkpad.Instrument
	for rows.Next() {
		var in werkpad.Instrument
		var kind string
		if err := rows.Scan(&in.Code, &in.Name, &kind); err != nil {
			return nil, err
		}
		in.Kind = werkpad.InstrumentKind(kind)
		out = append(out, in)
	}
	return out, rows.Err()
}

// FindInstruments returns the active catalogue; reference data, readable by
// every signed-in user.
func (s *EnrolmentService) FindInstruments(ctx context.Context) ([]werkpad.Instrument, error) {
	if _, err := werkpad.RequireUser(ctx); err != nil {
		return nil, err
	}
	var out []werkpad.Instrument
	err := s.db.readTx(ctx, func(tx *Tx) (err error) {
		out, err = tx.instruments(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindInstruments: %w", err)
	}
	return out, nil
}

func (tx *Tx) findEnrolment(ctx context.Context, u *werkpad.User, id int64, lock bool) (*werkpad.Enrolment, error) {
	w := scoped(u, "e.municipality")
	w.add("e.id = ?", id)
	q := `SELECT ` + enrolmentColumns + ` FROM enrolments e WHERE ` + w.String()
	if lock {
		q += tx.db.forUpdate()
	}
	e, err := scanEnrolment(tx.QueryRowContext(ctx, q, w.args...))
	if err != nil {
		return nil, notFound(err, "Deelname")
	}
	return e, nil
}

// CreateEnrolment enrols a candidate in scope in an instrument (consulent).
func (s *EnrolmentService) CreateEnrolment(ctx context.Context, e *werkpad.Enrolment) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return err
	}
	e.Result = strings.TrimSpace(e.Result)
	err = s.db.inTx(ctx, func(tx *Tx) error {
		catalogue, err := tx.instruments(ctx)
		if err != nil {
			return err
		}
		if err := e.Validate(catalogue); err != nil {
			return err
		}
		code, err := tx.candidateMunicipality(ctx, u, e.CandidateID, false)
		if err != nil {
			return err
		}
		args := append([]any{e.CandidateID, code, e.InstrumentCode, e.Period.From, e.Period.To, e.Result},
			enrolmentDetailArgs(e)...)
		id, err := tx.insertID(ctx, `INSERT INTO enrolments (candidate_id, municipality, instrument_code, from_date, to_date,
			result, wwb_minutes_per_week, wwb_host, wwb_to_paid_work, ownw_dayparts, ownw_provider, ownw_outcome,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, tx.now, tx.now)...)
		if err != nil {
			return err
		}
		e.ID, e.MunicipalityCode, e.CreatedAt, e.UpdatedAt = id, code, tx.now, tx.now
		return tx.audit(ctx, "aanmaken", "deelname", itoa(id), code, "kandidaat="+itoa(e.CandidateID)+" instrument="+e.InstrumentCode)
	})
	if err != nil {
		return fmt.Errorf("store.CreateEnrolment: %w", err)
	}
	loggedCandidate(ctx, e.CandidateID)
	return nil
}

func (s *EnrolmentService) FindEnrolmentByID(ctx context.Context, id int64) (*werkpad.Enrolment, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCasework...)
	if err != nil {
		return nil, err
	}
	var e *werkpad.Enrolment
	err = s.db.readTx(ctx, func(tx *Tx) error {
		e, err = tx.findEnrolment(ctx, u, id, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindEnrolmentByID(%d): %w", id, err)
	}
	loggedCandidate(ctx, e.CandidateID)
	return e, nil
}

// FindEnrolments returns a page of enrolments in scope, newest start first.
func (s *EnrolmentService) FindEnrolments(ctx context.Context, f werkpad.EnrolmentFilter) ([]*werkpad.Enrolment, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCasework...)
	if err != nil {
		return nil, 0, err
	}
	w := scoped(u, "e.municipality")
	if f.Municipality != "" {
		w.add("e.municipality = ?", f.Municipality)
	}
	if f.CandidateID != 0 {
		w.add("e.candidate_id = ?", f.CandidateID)
	}
	if f.ConsultantID != 0 {
		w.add("e.candidate_id IN (SELECT id FROM candidates WHERE consultant_id = ?)", f.ConsultantID)
	}
	if f.InstrumentCode != "" {
		w.add("e.instrument_code = ?", f.InstrumentCode)
	}
	if f.Kind != "" {
		w.add("e.instrument_code IN (SELECT code FROM instruments WHERE kind = ?)", string(f.Kind))
	}
	if f.ActiveIn != nil {
		w.activeIn("e.from_date", "e.to_date", *f.ActiveIn)
	}
	var list []*werkpad.Enrolment
	var total int
	err = s.db.readTx(ctx, func(tx *Tx) error {
		total, err = tx.countAndList(ctx, "enrolments e", w, enrolmentColumns, "e.from_date DESC, e.id DESC", f.Page,
			func(r interface{ Scan(...any) error }) error {
				e, err := scanEnrolment(r)
				list = append(list, e)
				return err
			})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindEnrolments: %w", err)
	}
	logged(ctx, werkpad.SubjectCandidate, list, func(e *werkpad.Enrolment) int64 { return e.CandidateID })
	return list, total, nil
}

// EndEnrolment closes a running enrolment with its result (consulent).
func (s *EnrolmentService) EndEnrolment(ctx context.Context, id int64, end werkpad.EnrolmentEnd) (*werkpad.Enrolment, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return nil, err
	}
	if end.On.IsZero() {
		return nil, werkpad.FieldError("periode.tot", "Vul de einddatum in.")
	}
	var e *werkpad.Enrolment
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if e, err = tx.findEnrolment(ctx, u, id, true); err != nil {
			return err
		}
		if !e.Period.Open() {
			return werkpad.Errorf(werkpad.ECONFLICT, "Deze deelname is al beëindigd op %s.", e.Period.To.Dutch())
		}
		e.Period.To, e.Result = end.On, strings.TrimSpace(end.Result)
		if end.ToPaidWork != nil {
			if e.WorkWithBenefit == nil {
				return werkpad.FieldError("werkenMetBehoud.doorstroomBetaaldWerk", "Doorstroom naar betaald werk hoort alleen bij werken met behoud van uitkering.")
			}
			e.WorkWithBenefit.ToPaidWork = end.ToPaidWork
		}
		if end.OWNWOutcome != "" {
			if e.OWNW == nil {
				return werkpad.FieldError("ownw.uitkomst", "Deze uitkomst hoort alleen bij Op Weg Naar Werk.")
			}
			e.OWNW.Outcome = end.OWNWOutcome
		}
		catalogue, err := tx.instruments(ctx)
		if err != nil {
			return err
		}
		if err := e.Validate(catalogue); err != nil {
			return err
		}
		args := append([]any{e.Period.To, e.Result}, enrolmentDetailArgs(e)...)
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET to_date = ?, result = ?, wwb_minutes_per_week = ?, wwb_host = ?,
			wwb_to_paid_work = ?, ownw_dayparts = ?, ownw_provider = ?, ownw_outcome = ?, updated_at = ? WHERE id = ?`,
			append(args, tx.now, id)...); err != nil {
			return err
		}
		e.UpdatedAt = tx.now
		return tx.audit(ctx, "beeindigen", "deelname", itoa(id), e.MunicipalityCode, "")
	})
	if err != nil {
		return nil, fmt.Errorf("store.EndEnrolment(%d): %w", id, err)
	}
	loggedCandidate(ctx, e.CandidateID)
	return e, nil
}
