package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"werkpad"
)

// ReferralService implements werkpad.ReferralService. A referral carries
// the person's BSN as the municipality supplied it, sealed like a
// candidate's; its timeline is kept in referral_events.
type ReferralService struct {
	db     *DB
	sealer *Sealer
}

func NewReferralService(db *DB, sealer *Sealer) *ReferralService {
	return &ReferralService{db: db, sealer: sealer}
}

const referralColumns = `r.id, r.municipality, r.candidate_id, r.duplicate_of_candidate_id, d.municipality, r.bsn_last4,
	r.given_name, r.infix, r.surname, r.birth_date, r.reason, r.documents, r.warm_handover, r.referred_on,
	r.status, r.intake_date, r.intake_location, r.intake_daypart, r.intake_held_on, r.outcome, r.reported_on,
	r.version, r.created_at, r.updated_at`

const referralFrom = `referrals r LEFT JOIN candidates d ON d.id = r.duplicate_of_candidate_id`

// scanReferral reads a row of referralColumns for user u: the BSN masked,
// and the duplicate link only when that candidate is in u's scope.
func scanReferral(s interface{ Scan(...any) error }, u *werkpad.User) (*werkpad.Referral, int, error) {
	var r werkpad.Referral
	var candidate, duplicate sql.NullInt64
	var dupMunicipality sql.NullString
	var last4, docs, status, location, daypart, outcome string
	var intakeDate werkpad.Date
	var version int
	if err := s.Scan(&r.ID, &r.MunicipalityCode, &candidate, &duplicate, &dupMunicipality, &last4,
		&r.GivenName, &r.Infix, &r.Surname, &r.BirthDate, &r.Reason, &docs, &r.WarmHandover, &r.ReferredOn,
		&status, &intakeDate, &location, &daypart, &r.IntakeHeldOn, &outcome, &r.ReportedOn,
		&version, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return nil, 0, err
	}
	r.BSN = maskedBSN(last4)
	r.CandidateID = candidate.Int64
	if duplicate.Valid && u.InScope(dupMunicipality.String) {
		r.DuplicateOfCandidateID = duplicate.Int64
	}
	if err := json.Unmarshal([]byte(docs), &r.Documents); err != nil {
		return nil, 0, fmt.Errorf("documents: %w", err)
	}
	r.Status, r.Outcome = werkpad.ReferralStatus(status), werkpad.ReferralOutcome(outcome)
	if !intakeDate.IsZero() {
		r.Intake = &werkpad.Intake{Date: intakeDate, Location: location, Daypart: werkpad.Daypart(daypart)}
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, version, nil
}

// findReferral loads one referral in u's scope with its timeline.
func (tx *Tx) findReferral(ctx context.Context, u *werkpad.User, id int64) (*werkpad.Referral, int, error) {
	w := scoped(u, "r.municipality")
	w.add("r.id = ?", id)
	r, version, err := scanReferral(tx.QueryRowContext(ctx, `SELECT `+referralColumns+` FROM `+referralFrom+` WHERE `+w.String(), w.args...), u)
	if err != nil {
		return nil, 0, notFound(err, "Aanmelding")
	}
	rows, err := tx.QueryContext(ctx, `SELECT status, on_date, intake_date, intake_location, intake_daypart, outcome, note
		FROM referral_events WHERE referral_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	r.History = []werkpad.ReferralEvent{}
	for rows.Next() {
		var ev werkpad.ReferralEvent
		var status, location, daypart, outcome string
		var intakeDate werkpad.Date
		if err := rows.Scan(&status, &ev.On, &intakeDate, &location, &daypart, &outcome, &ev.Note); err != nil {
			return nil, 0, err
		}
		ev.Status, ev.Outcome = werkpad.ReferralStatus(status), werkpad.ReferralOutcome(outcome)
		if !intakeDate.IsZero() {
			ev.Intake = &werkpad.Intake{Date: intakeDate, Location: location, Daypart: werkpad.Daypart(daypart)}
		}
		r.History = append(r.History, ev)
	}
	return r, version, rows.Err()
}

// insertEvent appends the latest History entry of r as event number seq.
func (tx *Tx) insertEvent(ctx context.Context, r *werkpad.Referral) error {
	seq := len(r.History)
	ev := r.History[seq-1]
	var in werkpad.Intake
	if ev.Intake != nil {
		in = *ev.Intake
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO referral_events (referral_id, municipality, seq, status, on_date,
		intake_date, intake_location, intake_daypart, outcome, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.MunicipalityCode, seq, string(ev.Status), ev.On, in.Date, in.Location, string(in.Daypart),
		string(ev.Outcome), ev.Note, tx.now)
	if isUniqueViolation(err) {
		return errReferralChanged
	}
	return err
}

var errReferralChanged = werkpad.Errorf(werkpad.ECONFLICT, "De aanmelding is intussen door iemand anders gewijzigd. Bekijk haar opnieuw.")

// CreateReferral stores an aanmelding of a gemeente user for a municipality
// in his scope. When the BSN belongs to a candidate in service today, the
// referral is stored with DuplicateOfCandidateID set.
func (s *ReferralService) CreateReferral(ctx context.Context, r *werkpad.Referral) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesCreateReferral...)
	if err != nil {
		return err
	}
	r.GivenName, r.Infix, r.Surname = strings.TrimSpace(r.GivenName), strings.TrimSpace(r.Infix), strings.TrimSpace(r.Surname)
	r.MunicipalityCode = strings.ToUpper(strings.TrimSpace(r.MunicipalityCode))
	r.Reason = strings.TrimSpace(r.Reason)
	if bsn, err := werkpad.ParseBSN(r.BSN); err == nil {
		r.BSN = bsn
	}
	r.Status, r.History, r.CandidateID, r.DuplicateOfCandidateID = werkpad.ReferralReferred, nil, 0, 0
	r.Intake, r.IntakeHeldOn, r.Outcome, r.ReportedOn = nil, werkpad.Date{}, "", werkpad.Date{}
	if err := r.Validate(); err != nil {
		return err
	}
	if r.Documents == nil {
		r.Documents = []string{}
	}
	docs, err := json.Marshal(r.Documents)
	if err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if err := tx.checkMunicipality(ctx, u, r.MunicipalityCode); err != nil {
			return err
		}
		hash := s.sealer.Hash(r.BSN)
		var dup struct {
			id           int64
			municipality string
			c            werkpad.Candidate
		}
		err := tx.QueryRowContext(ctx, `SELECT id, municipality, registered_on, deregistered_on FROM candidates WHERE bsn_hash = ?`, hash).
			Scan(&dup.id, &dup.municipality, &dup.c.RegisteredOn, &dup.c.DeregisteredOn)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		var duplicateOf int64
		if err == nil && dup.c.InServiceOn(werkpad.Today(tx.now)) {
			duplicateOf = dup.id
		}
		id, err := tx.insertID(ctx, `INSERT INTO referrals (municipality, duplicate_of_candidate_id, bsn_encrypted, bsn_hash, bsn_last4,
			given_name, infix, surname, birth_date, reason, documents, warm_handover, referred_on, status,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.MunicipalityCode, nullID(duplicateOf), s.sealer.Seal(r.BSN), hash, r.BSN[len(r.BSN)-4:],
			r.GivenName, r.Infix, r.Surname, r.BirthDate, r.Reason, string(docs), r.WarmHandover, r.ReferredOn,
			string(r.Status), u.ID, tx.now, tx.now)
		if err != nil {
			return err
		}
		r.ID, r.CreatedAt, r.UpdatedAt = id, tx.now, tx.now
		if duplicateOf != 0 && u.InScope(dup.municipality) {
			r.DuplicateOfCandidateID = duplicateOf
		}
		r.History = []werkpad.ReferralEvent{{Status: werkpad.ReferralReferred, On: r.ReferredOn}}
		if err := tx.insertEvent(ctx, r); err != nil {
			return err
		}
		detail := ""
		if duplicateOf != 0 {
			detail = "dubbel met kandidaat " + itoa(duplicateOf)
		}
		return tx.audit(ctx, "aanmaken", "aanmelding", itoa(id), r.MunicipalityCode, detail)
	})
	if err != nil {
		return fmt.Errorf("store.CreateReferral: %w", err)
	}
	werkpad.Processed(ctx, werkpad.SubjectReferral, r.ID)
	return nil
}

// FindReferralByID returns a referral with its timeline (BSN masked) and
// records the read.
func (s *ReferralService) FindReferralByID(ctx context.Context, id int64) (*werkpad.Referral, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCasework...)
	if err != nil {
		return nil, err
	}
	var r *werkpad.Referral
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if r, _, err = tx.findReferral(ctx, u, id); err != nil {
			return err
		}
		return tx.audit(ctx, "inzien", "aanmelding", itoa(id), r.MunicipalityCode, "")
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindReferralByID(%d): %w", id, err)
	}
	werkpad.Processed(ctx, werkpad.SubjectReferral, r.ID)
	loggedCandidate(ctx, r.CandidateID)
	return r, nil
}

// ReferralBSN unseals the BSN of a referral in scope for a consultant.
func (s *ReferralService) ReferralBSN(ctx context.Context, id int64) (string, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return "", err
	}
	var bsn string
	err = s.db.inTx(ctx, func(tx *Tx) error {
		w := scoped(u, "r.municipality")
		w.add("r.id = ?", id)
		var sealed, municipality string
		if err := tx.QueryRowContext(ctx, `SELECT r.bsn_encrypted, r.municipality FROM referrals r WHERE `+w.String(), w.args...).
			Scan(&sealed, &municipality); err != nil {
			return notFound(err, "Aanmelding")
		}
		if bsn, err = s.sealer.Open(sealed); err != nil {
			return err
		}
		return tx.audit(ctx, "inzien-bsn", "aanmelding", itoa(id), municipality, "overgenomen voor een nieuwe kandidaat")
	})
	if err != nil {
		return "", fmt.Errorf("store.ReferralBSN(%d): %w", id, err)
	}
	werkpad.Processed(ctx, werkpad.SubjectReferral, id)
	return bsn, nil
}

// FindReferrals returns a page of referrals in scope, newest first.
func (s *ReferralService) FindReferrals(ctx context.Context, f werkpad.ReferralFilter) ([]*werkpad.Referral, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCasework...)
	if err != nil {
		return nil, 0, err
	}
	w := scoped(u, "r.municipality")
	if f.Municipality != "" {
		w.add("r.municipality = ?", f.Municipality)
	}
	if f.Status != "" {
		w.add("r.status = ?", string(f.Status))
	}
	if f.CandidateID != 0 {
		w.add("r.candidate_id = ?", f.CandidateID)
	}
	if f.DuplicatesOnly {
		// Only duplicates the caller may see, so that counts match the list.
		cond, args := scopeFilter(u, "d.municipality")
		w.add("r.duplicate_of_candidate_id IS NOT NULL AND "+cond, args...)
	}
	var list []*werkpad.Referral
	var total int
	err = s.db.readTx(ctx, func(tx *Tx) error {
		total, err = tx.countAndList(ctx, referralFrom, w, referralColumns, "r.referred_on DESC, r.id DESC", f.Page,
			func(row interface{ Scan(...any) error }) error {
				r, _, err := scanReferral(row, u)
				list = append(list, r)
				return err
			})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindReferrals: %w", err)
	}
	logged(ctx, werkpad.SubjectReferral, list, func(r *werkpad.Referral) int64 { return r.ID })
	logged(ctx, werkpad.SubjectCandidate, list, func(r *werkpad.Referral) int64 { return r.CandidateID })
	return list, total, nil
}

// ScheduleIntake plans (or re-plans) the intake on location.
func (s *ReferralService) ScheduleIntake(ctx context.Context, id int64, on werkpad.Date, in werkpad.Intake, note string) (*werkpad.Referral, error) {
	return s.step(ctx, "ScheduleIntake", "intake-plannen", id, werkpad.ReferralStep{To: werkpad.ReferralIntakePlanned, On: on, Intake: in, Note: note}, 0)
}

// RecordIntake records that the intake took place.
func (s *ReferralService) RecordIntake(ctx context.Context, id int64, on werkpad.Date, note string) (*werkpad.Referral, error) {
	return s.step(ctx, "RecordIntake", "intake-vastleggen", id, werkpad.ReferralStep{To: werkpad.ReferralIntakeHeld, On: on, Note: note}, 0)
}

// SendFeedback closes the referral with the terugmelding, optionally
// linking it to the candidate record.
func (s *ReferralService) SendFeedback(ctx context.Context, id int64, fb werkpad.Feedback) (*werkpad.Referral, error) {
	return s.step(ctx, "SendFeedback", "terugmelden", id,
		werkpad.ReferralStep{To: werkpad.ReferralReported, On: fb.On, Outcome: fb.Outcome, Note: fb.Note}, fb.CandidateID)
}

// step moves a referral along werkpad.Referral.Next (consulent). The version
// check makes two concurrent steps on one referral fail cleanly.
func (s *ReferralService) step(ctx context.Context, op, action string, id int64, st werkpad.ReferralStep, link int64) (*werkpad.Referral, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return nil, err
	}
	var r *werkpad.Referral
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var version int
		if r, version, err = tx.findReferral(ctx, u, id); err != nil {
			return err
		}
		if link != 0 {
			if err := s.checkLink(ctx, tx, u, id, link); err != nil {
				return err
			}
			r.CandidateID = link
		}
		// A step is recorded when it happened: an intake held or a
		// terugmelding dated in the future would block the referral
		// (no step can come before it). The planned intake itself may lie
		// ahead; the day it was planned may not.
		if today := werkpad.Today(tx.now); st.On.After(today) {
			return werkpad.FieldError("datum", "De datum (%s) ligt in de toekomst; leg deze stap vast op of na de dag dat hij gebeurt.", st.On.Dutch())
		}
		if err := r.Next(st); err != nil {
			return err
		}
		var in werkpad.Intake
		if r.Intake != nil {
			in = *r.Intake
		}
		res, err := tx.ExecContext(ctx, `UPDATE referrals SET status = ?, intake_date = ?, intake_location = ?, intake_daypart = ?,
			intake_held_on = ?, outcome = ?, reported_on = ?, candidate_id = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`,
			string(r.Status), in.Date, in.Location, string(in.Daypart), r.IntakeHeldOn, string(r.Outcome), r.ReportedOn,
			nullID(r.CandidateID), tx.now, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errReferralChanged
		}
		r.UpdatedAt = tx.now
		if err := tx.insertEvent(ctx, r); err != nil {
			return err
		}
		detail := "status=" + string(r.Status)
		if r.Outcome != "" {
			detail += " uitkomst=" + string(r.Outcome)
		}
		return tx.audit(ctx, action, "aanmelding", itoa(id), r.MunicipalityCode, detail)
	})
	if err != nil {
		return nil, fmt.Errorf("store.%s(%d): %w", op, id, err)
	}
	return r, nil
}

// checkLink accepts only a candidate in scope with the referral's BSN.
func (s *ReferralService) checkLink(ctx context.Context, tx *Tx, u *werkpad.User, referralID, candidateID int64) error {
	w := scoped(u, "c.municipality")
	w.add("c.id = ?", candidateID)
	var candidateHash, referralHash string
	if err := tx.QueryRowContext(ctx, `SELECT c.bsn_hash FROM candidates c WHERE `+w.String(), w.args...).Scan(&candidateHash); err != nil {
		return notFound(err, "Kandidaat")
	}
	if err := tx.QueryRowContext(ctx, `SELECT bsn_hash FROM referrals WHERE id = ?`, referralID).Scan(&referralHash); err != nil {
		return err
	}
	if candidateHash != referralHash {
		return werkpad.FieldError("kandidaatId", "Deze kandidaat heeft een ander burgerservicenummer dan de aanmelding.")
	}
	return nil
}
