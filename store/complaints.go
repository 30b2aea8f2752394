package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"werkpad"
)

// ComplaintService implements werkpad.ComplaintService.
type ComplaintService struct{ db *DB }

func NewComplaintService(db *DB) *ComplaintService { return &ComplaintService{db: db} }

var _ werkpad.ComplaintService = (*ComplaintService)(nil)

const complaintColumns = `k.id, k.candidate_id, k.municipality, k.received_on, k.subject, k.description, k.acknowledged_on,
	k.postponed_to, k.postponed_on, k.postpone_consent, k.postpone_reason, k.decided_on, k.outcome, k.decision_text,
	k.created_by, k.version, k.created_at, k.updated_at, c.given_name, c.infix, c.surname`

const complaintFrom = `complaints k JOIN candidates c ON c.id = k.candidate_id`

func scanComplaint(r interface{ Scan(...any) error }) (*werkpad.Complaint, int, error) {
	var k werkpad.Complaint
	var outcome string
	var by sql.NullInt64
	var version int
	var c werkpad.Candidate
	if err := r.Scan(&k.ID, &k.CandidateID, &k.MunicipalityCode, &k.ReceivedOn, &k.Subject, &k.Description, &k.AcknowledgedOn,
		&k.PostponedTo, &k.PostponedOn, &k.PostponeConsent, &k.PostponeReason, &k.DecidedOn, &outcome, &k.DecisionText,
		&by, &version, &k.CreatedAt, &k.UpdatedAt, &c.GivenName, &c.Infix, &c.Surname); err != nil {
		return nil, 0, err
	}
	k.Outcome, k.CreatedBy, k.CandidateName = werkpad.ComplaintOutcome(outcome), by.Int64, c.FullName()
	k.CreatedAt, k.UpdatedAt = k.CreatedAt.UTC(), k.UpdatedAt.UTC()
	return &k, version, nil
}

func (tx *Tx) findComplaint(ctx context.Context, u *werkpad.User, id int64) (*werkpad.Complaint, int, error) {
	w := scoped(u, "k.municipality")
	w.add("k.id = ?", id)
	k, version, err := scanComplaint(tx.QueryRowContext(ctx, `SELECT `+complaintColumns+` FROM `+complaintFrom+` WHERE `+w.String(), w.args...))
	if err != nil {
		return nil, 0, notFound(err, "Klacht")
	}
	return k, version, nil
}

// CreateComplaint registers a received complaint (consulent).
func (s *ComplaintService) CreateComplaint(ctx context.Context, k *werkpad.Complaint) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteComplaints...)
	if err != nil {
		return err
	}
	k.Subject, k.Description = strings.TrimSpace(k.Subject), strings.TrimSpace(k.Description)
	if err := k.Validate(werkpad.Today(s.db.Now())); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		code, err := tx.candidateMunicipality(ctx, u, k.CandidateID, false)
		if err != nil {
			return err
		}
		id, err := tx.insertID(ctx, `INSERT INTO complaints (candidate_id, municipality, received_municipality, received_on, subject,
			description, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.CandidateID, code, code, k.ReceivedOn, k.Subject, k.Description, nullID(u.ID), tx.now, tx.now)
		if err != nil {
			return err
		}
		k.ID, k.MunicipalityCode, k.CreatedBy, k.CreatedAt, k.UpdatedAt = id, code, u.ID, tx.now, tx.now
		return tx.audit(ctx, "aanmaken", "klacht", itoa(id), code, "kandidaat="+itoa(k.CandidateID))
	})
	if err != nil {
		return fmt.Errorf("store.CreateComplaint: %w", err)
	}
	loggedCandidate(ctx, k.CandidateID)
	return nil
}

func (s *ComplaintService) FindComplaintByID(ctx context.Context, id int64) (*werkpad.Complaint, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadComplaints...)
	if err != nil {
		return nil, err
	}
	var k *werkpad.Complaint
	err = s.db.readTx(ctx, func(tx *Tx) error {
		k, _, err = tx.findComplaint(ctx, u, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindComplaintByID(%d): %w", id, err)
	}
	loggedCandidate(ctx, k.CandidateID)
	return k, nil
}

// FindComplaints pages the complaints in scope: open ones by due date
// (the most urgent first), otherwise newest received first.
func (s *ComplaintService) FindComplaints(ctx context.Context, f werkpad.ComplaintFilter) ([]*werkpad.Complaint, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadComplaints...)
	if err != nil {
		return nil, 0, err
	}
	w := scoped(u, "k.municipality")
	if f.Municipality != "" {
		w.add("k.municipality = ?", f.Municipality)
	}
	if f.CandidateID != 0 {
		w.add("k.candidate_id = ?", f.CandidateID)
	}
	order := "k.received_on DESC, k.id DESC"
	if f.OpenOnly {
		w.add("k.decided_on IS NULL")
		order = "COALESCE(k.postponed_to, k.received_on), k.id"
	}
	var list []*werkpad.Complaint
	var total int
	err = s.db.readTx(ctx, func(tx *Tx) error {
		total, err = tx.countAndList(ctx, complaintFrom, w, complaintColumns, order, f.Page,
			func(r interface{ Scan(...any) error }) error {
				k, _, err := scanComplaint(r)
				list = append(list, k)
				return err
			})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindComplaints: %w", err)
	}
	logged(ctx, werkpad.SubjectCandidate, list, func(k *werkpad.Complaint) int64 { return k.CandidateID })
	return list, total, nil
}

var errComplaintChanged = werkpad.Errorf(werkpad.ECONFLICT, "De klacht is intussen door iemand anders gewijzigd. Bekijk haar opnieuw.")

// ComplaintStep acknowledges, postpones or decides a complaint (consulent).
func (s *ComplaintService) ComplaintStep(ctx context.Context, id int64, st werkpad.ComplaintStep) (*werkpad.Complaint, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteComplaints...)
	if err != nil {
		return nil, err
	}
	var k *werkpad.Complaint
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var version int
		if k, version, err = tx.findComplaint(ctx, u, id); err != nil {
			return err
		}
		if err := k.Apply(st, werkpad.Today(tx.now)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE complaints SET acknowledged_on = ?, postponed_to = ?, postponed_on = ?,
			postpone_consent = ?, postpone_reason = ?, decided_on = ?, outcome = ?, decision_text = ?, version = version + 1,
			updated_at = ? WHERE id = ? AND version = ?`,
			k.AcknowledgedOn, k.PostponedTo, k.PostponedOn, k.PostponeConsent, k.PostponeReason, k.DecidedOn, string(k.Outcome),
			k.DecisionText, tx.now, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errComplaintChanged
		}
		k.UpdatedAt = tx.now
		detail := st.Kind + " " + st.On.String()
		if k.Outcome != "" {
			detail += " uitkomst=" + string(k.Outcome)
		}
		return tx.audit(ctx, st.Kind, "klacht", itoa(id), k.MunicipalityCode, detail)
	})
	if err != nil {
		return nil, fmt.Errorf("store.ComplaintStep(%d, %s): %w", id, st.Kind, err)
	}
	loggedCandidate(ctx, k.CandidateID)
	return k, nil
}

// ComplaintFigures counts the complaints of period per municipality in the
// caller's scope (every municipality in scope has a row), then the region
// (Code ""). A complaint counts in the municipality the candidate lived in
// on receipt (a later move does not take it along). Received and decided
// count by their own dates; open at the end are those received by the
// period's end and not decided by then, so a closed period's figures stay
// as they were.
func (s *ComplaintService) ComplaintFigures(ctx context.Context, p werkpad.Period) ([]werkpad.ComplaintFigures, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadComplaints...)
	if err != nil {
		return nil, err
	}
	if err := p.ValidateClosed(); err != nil {
		return nil, err
	}
	var out []werkpad.ComplaintFigures
	err = s.db.readTx(ctx, func(tx *Tx) error {
		mw := scoped(u, "code")
		rows, err := tx.QueryContext(ctx, `SELECT code, name FROM municipalities WHERE `+mw.String()+` ORDER BY name`, mw.args...)
		if err != nil {
			return err
		}
		index := map[string]int{}
		for rows.Next() {
			var code, name string
			if err := rows.Scan(&code, &name); err != nil {
				rows.Close()
				return err
			}
			index[code] = len(out)
			out = append(out, werkpad.ComplaintFigures{Code: code, Name: name, ByOutcome: map[werkpad.ComplaintOutcome]int{}})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		ks, err := tx.complaintsBy(ctx, u, p.To, nil)
		if err != nil {
			return err
		}
		for _, k := range ks {
			i, ok := index[k.MunicipalityCode]
			if !ok {
				return errors.New("complaint of a municipality outside the list")
			}
			f := &out[i]
			for _, col := range k.ComplaintColumns(p) {
				switch col {
				case "ontvangen":
					f.Received++
				case "afgehandeld":
					f.Decided++
				case "binnen_termijn":
					f.DecidedInTime++
				case "open":
					f.OpenAtEnd++
				default:
					f.ByOutcome[werkpad.ComplaintOutcome(col)]++
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.ComplaintFigures(%s): %w", p, err)
	}
	region := werkpad.ComplaintFigures{Name: "Regio", ByOutcome: map[werkpad.ComplaintOutcome]int{}}
	for _, f := range out {
		region.Received += f.Received
		region.Decided += f.Decided
		region.DecidedInTime += f.DecidedInTime
		region.OpenAtEnd += f.OpenAtEnd
		for o, n := range f.ByOutcome {
			region.ByOutcome[o] += n
		}
	}
	return append(out, region), nil
}

// complaintsBy reads the complaints received by day to in u's scope (and
// in only, when given) for the figures: each in the municipality of
// receipt.
func (tx *Tx) complaintsBy(ctx context.Context, u *werkpad.User, to werkpad.Date, only []string) ([]werkpad.Complaint, error) {
	w := scoped(u, "k.received_municipality")
	w.only("k.received_municipality", only)
	w.add("k.received_on <= ?", to)
	rows, err := tx.QueryContext(ctx, `SELECT k.id, k.candidate_id, k.received_municipality, k.received_on, k.postponed_to, k.decided_on, k.outcome
		FROM complaints k WHERE `+w.String()+` ORDER BY k.received_on, k.id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []werkpad.Complaint
	for rows.Next() {
		var k werkpad.Complaint
		var outcome string
		if err := rows.Scan(&k.ID, &k.CandidateID, &k.MunicipalityCode, &k.ReceivedOn, &k.PostponedTo, &k.DecidedOn, &outcome); err != nil {
			return nil, err
		}
		k.Outcome = werkpad.ComplaintOutcome(outcome)
		out = append(out, k)
	}
	return out, rows.Err()
}
