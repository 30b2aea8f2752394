package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"werkpad"
)

// SignalService implements werkpad.SignalService.
type SignalService struct{ db *DB }

func NewSignalService(db *DB) *SignalService { return &SignalService{db: db} }

const signalColumns = `s.id, s.candidate_id, s.municipality, s.signal_date, s.behaviour, s.advice, s.advised_decision, s.consultant_id,
	s.decision, s.decision_date, s.decision_text, s.created_at, s.updated_at, c.given_name, c.infix, c.surname, c.birth_date`

// signalFrom joins the candidate, whose name and birth date a list shows.
const signalFrom = `signals s JOIN candidates c ON c.id = s.candidate_id`

func scanSignal(r interface{ Scan(...any) error }) (*werkpad.Signal, error) {
	var s werkpad.Signal
	var consultant sql.NullInt64
	var decision, advised string
	var c werkpad.Candidate
	if err := r.Scan(&s.ID, &s.CandidateID, &s.MunicipalityCode, &s.Date, &s.Behaviour, &s.Advice, &advised, &consultant,
		&decision, &s.DecisionDate, &s.DecisionText, &s.CreatedAt, &s.UpdatedAt, &c.GivenName, &c.Infix, &c.Surname, &s.CandidateBirthDate); err != nil {
		return nil, err
	}
	s.CandidateName = c.FullName()
	s.ConsultantID = consultant.Int64
	s.Decision, s.AdvisedDecision = werkpad.SignalDecision(decision), werkpad.SignalDecision(advised)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return &s, nil
}

func (tx *Tx) findSignal(ctx context.Context, u *werkpad.User, id int64, lock bool) (*werkpad.Signal, error) {
	w := scoped(u, "s.municipality")
	w.add("s.id = ?", id)
	q := `SELECT ` + signalColumns + ` FROM ` + signalFrom + ` WHERE ` + w.String()
	if lock {
		q += tx.db.forUpdate()
	}
	s, err := scanSignal(tx.QueryRowContext(ctx, q, w.args...))
	if err != nil {
		return nil, notFound(err, "Signaal")
	}
	return s, nil
}

// CreateSignal records a consultant's signal and advice; the decision is
// left to the municipality.
func (s *SignalService) CreateSignal(ctx context.Context, sig *werkpad.Signal) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return err
	}
	sig.Behaviour, sig.Advice = strings.TrimSpace(sig.Behaviour), strings.TrimSpace(sig.Advice)
	sig.ConsultantID = u.ID
	sig.Decision, sig.DecisionDate, sig.DecisionText = werkpad.DecisionPending, werkpad.Date{}, ""
	if err := sig.ValidateNew(); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		code, err := tx.candidateMunicipality(ctx, u, sig.CandidateID, false)
		if err != nil {
			return err
		}
		id, err := tx.insertID(ctx, `INSERT INTO signals (candidate_id, municipality, signal_date, behaviour, advice, advised_decision,
			consultant_id, decision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sig.CandidateID, code, sig.Date, sig.Behaviour, sig.Advice, string(sig.AdvisedDecision), nullID(u.ID), string(sig.Decision), tx.now, tx.now)
		if err != nil {
			return err
		}
		sig.ID, sig.MunicipalityCode, sig.CreatedAt, sig.UpdatedAt = id, code, tx.now, tx.now
		return tx.audit(ctx, "aanmaken", "signaal", itoa(id), code, "kandidaat="+itoa(sig.CandidateID))
	})
	if err != nil {
		return fmt.Errorf("store.CreateSignal: %w", err)
	}
	loggedCandidate(ctx, sig.CandidateID)
	return nil
}

func (s *SignalService) FindSignalByID(ctx context.Context, id int64) (*werkpad.Signal, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCasework...)
	if err != nil {
		return nil, err
	}
	var sig *werkpad.Signal
	err = s.db.readTx(ctx, func(tx *Tx) error {
		sig, err = tx.findSignal(ctx, u, id, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindSignalByID(%d): %w", id, err)
	}
	loggedCandidate(ctx, sig.CandidateID)
	return sig, nil
}

// FindSignals returns a page of signals in scope, oldest first, so that the
// municipality's work queue ("awaiting decision") starts with the longest waiting.
func (s *SignalService) FindSignals(ctx context.Context, f werkpad.SignalFilter) ([]*werkpad.Signal, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCasework...)
	if err != nil {
		return nil, 0, err
	}
	w := scoped(u, "s.municipality")
	if f.Municipality != "" {
		w.add("s.municipality = ?", f.Municipality)
	}
	if f.CandidateID != 0 {
		w.add("s.candidate_id = ?", f.CandidateID)
	}
	if f.ConsultantID != 0 {
		w.add("(s.consultant_id = ? OR s.candidate_id IN (SELECT id FROM candidates WHERE consultant_id = ?))", f.ConsultantID, f.ConsultantID)
	}
	if f.AwaitingDecision {
		w.add("s.decision = ?", string(werkpad.DecisionPending))
	}
	var list []*werkpad.Signal
	var total int
	err = s.db.readTx(ctx, func(tx *Tx) error {
		total, err = tx.countAndList(ctx, signalFrom, w, signalColumns, "s.signal_date, s.id", f.Page,
			func(r interface{ Scan(...any) error }) error {
				sig, err := scanSignal(r)
				list = append(list, sig)
				return err
			})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindSignals: %w", err)
	}
	logged(ctx, werkpad.SubjectCandidate, list, func(s *werkpad.Signal) int64 { return s.CandidateID })
	return list, total, nil
}

// DecideSignal records the municipality's decision (gemeente). A decision
// is final: a second one is a conflict.
func (s *SignalService) DecideSignal(ctx context.Context, id int64, d werkpad.SignalDecisionInput) (*werkpad.Signal, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesDecideSignal...)
	if err != nil {
		return nil, err
	}
	var sig *werkpad.Signal
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if sig, err = tx.findSignal(ctx, u, id, true); err != nil {
			return err
		}
		if sig.Decision != werkpad.DecisionPending {
			return werkpad.Errorf(werkpad.ECONFLICT, "Over dit signaal is al besloten (%s).", sig.Decision.Label())
		}
		if d.Decision == "" || d.Decision == werkpad.DecisionPending {
			return werkpad.FieldError("besluit", "Kies het besluit van de gemeente.")
		}
		sig.Decision, sig.DecisionDate, sig.DecisionText = d.Decision, d.On, strings.TrimSpace(d.Text)
		if err := sig.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signals SET decision = ?, decision_date = ?, decision_text = ?,
			decided_by = ?, updated_at = ? WHERE id = ?`,
			string(sig.Decision), sig.DecisionDate, sig.DecisionText, u.ID, tx.now, id); err != nil {
			return err
		}
		sig.UpdatedAt = tx.now
		return tx.audit(ctx, "besluiten", "signaal", itoa(id), sig.MunicipalityCode, "besluit="+string(sig.Decision))
	})
	if err != nil {
		return nil, fmt.Errorf("store.DecideSignal(%d): %w", id, err)
	}
	loggedCandidate(ctx, sig.CandidateID)
	return sig, nil
}
