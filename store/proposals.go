package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"werkpad"
)

// Proposals and hires. A proposal belongs to a candidate and so to his
// municipality: every query joins the candidate for the scope.

const proposalColumns = `pr.id, pr.vacancy_id, pr.candidate_id, c.municipality, pr.status, pr.proposed_on, pr.status_on, pr.reason,
	pr.score, pr.placement_id, pr.created_by, pr.created_at, pr.updated_at`

const proposalFrom = `proposals pr JOIN candidates c ON c.id = pr.candidate_id`

func scanProposal(s interface{ Scan(...any) error }) (*werkpad.Proposal, error) {
	var p werkpad.Proposal
	var status string
	var placement sql.NullInt64
	if err := s.Scan(&p.ID, &p.VacancyID, &p.CandidateID, &p.Municipality, &status, &p.ProposedOn, &p.StatusOn, &p.Reason,
		&p.Score, &placement, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	p.Status, p.PlacementID = werkpad.ProposalStatus(status), placement.Int64
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// RecordProposal puts a candidate in scope forward for an open vacancy
// (consulent, werkgeversadviseur). The match score of the day is kept with
// it when the candidate has a profile.
func (s *MatchService) RecordProposal(ctx context.Context, p *werkpad.Proposal) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteEmployers...)
	if err != nil {
		return err
	}
	today := werkpad.Today(s.db.Now())
	if p.ProposedOn.IsZero() {
		p.ProposedOn = today
	}
	if p.ProposedOn.After(today) {
		return werkpad.FieldError("voorgesteldOp", "De datum van het voorstel ligt in de toekomst.")
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		code, err := tx.candidateMunicipality(ctx, u, p.CandidateID, true)
		if err != nil {
			return err
		}
		v, err := tx.findVacancy(ctx, p.VacancyID, true)
		if err != nil {
			return err
		}
		if v.Status != werkpad.VacancyOpen {
			return werkpad.Errorf(werkpad.ECONFLICT, "De vacature %q is %s; voorstellen kan alleen bij een open vacature.", v.Title, strings.ToLower(v.Status.Label()))
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposals WHERE vacancy_id = ? AND candidate_id = ? AND status IN (?, ?)`,
			p.VacancyID, p.CandidateID, string(werkpad.ProposalProposed), string(werkpad.ProposalInvited)).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return werkpad.Errorf(werkpad.ECONFLICT, "Deze kandidaat is al voorgesteld voor deze vacature.")
		}
		p.Score = 0
		if prof, err := tx.findProfile(ctx, p.CandidateID); err == nil {
			var last werkpad.Date
			if err := tx.QueryRowContext(ctx, `SELECT MAX(proposed_on) FROM proposals WHERE candidate_id = ?`, p.CandidateID).Scan(&last); err != nil {
				return err
			}
			p.Score = werkpad.Score(v, werkpad.MatchCandidate{ID: p.CandidateID, Municipality: code}, prof, last, today).Score
		} else if werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			return err
		}
		p.Status, p.StatusOn, p.Municipality, p.Reason, p.PlacementID = werkpad.ProposalProposed, p.ProposedOn, code, "", 0
		id, err := tx.insertID(ctx, `INSERT INTO proposals (vacancy_id, candidate_id, status, proposed_on, status_on, score, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.VacancyID, p.CandidateID, string(p.Status), p.ProposedOn, p.StatusOn, p.Score, u.ID, tx.now, tx.now)
		if err != nil {
			return err
		}
		p.ID, p.CreatedBy, p.CreatedAt, p.UpdatedAt = id, u.ID, tx.now, tx.now
		return tx.audit(ctx, "aanmaken", "voorstel", itoa(id), code, fmt.Sprintf("vacature=%d kandidaat=%d", p.VacancyID, p.CandidateID))
	})
	if err != nil {
		return fmt.Errorf("store.RecordProposal: %w", err)
	}
	loggedCandidate(ctx, p.CandidateID)
	return nil
}

// UpdateProposal moves a proposal on (consulent, werkgeversadviseur). A hire
// creates the placement through the placement insert of the casework, in
// this transaction, after checking the ceiling of detacheringsbanen; the
// vacancy is vervuld when all its places are taken.
func (s *MatchService) UpdateProposal(ctx context.Context, id int64, upd werkpad.ProposalUpdate) (*werkpad.Proposal, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteEmployers...)
	if err != nil {
		return nil, err
	}
	var p *werkpad.Proposal
	err = s.db.inTx(ctx, func(tx *Tx) error {
		w := scoped(u, "c.municipality")
		w.add("pr.id = ?", id)
		p, err = scanProposal(tx.QueryRowContext(ctx, `SELECT `+proposalColumns+` FROM `+proposalFrom+` WHERE `+w.String()+tx.db.forUpdate(), w.args...))
		if err != nil {
			return notFound(err, "Voorstel")
		}
		if err := upd.Validate(p.Status); err != nil {
			return err
		}
		if upd.On.Before(p.ProposedOn) {
			return werkpad.FieldError("datum", "De datum ligt voor de datum van het voorstel (%s).", p.ProposedOn.Dutch())
		}
		detail := string(p.Status) + "→" + string(upd.Status)
		if upd.Status == werkpad.ProposalHired {
			placementID, override, err := s.hire(ctx, tx, p, upd.Hire)
			if err != nil {
				return err
			}
			p.PlacementID = placementID
			if _, err := tx.ExecContext(ctx, `UPDATE proposals SET placement_id = ?, secondment_override = ? WHERE id = ?`, placementID, override, id); err != nil {
				return err
			}
			detail += " plaatsing=" + itoa(placementID)
		}
		p.Status, p.StatusOn, p.Reason, p.UpdatedAt = upd.Status, upd.On, upd.Reason, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET status = ?, status_on = ?, reason = ?, updated_at = ? WHERE id = ?`,
			string(p.Status), p.StatusOn, p.Reason, tx.now, id); err != nil {
			return err
		}
		return tx.audit(ctx, "wijzigen", "voorstel", itoa(id), p.Municipality, detail)
	})
	if err != nil {
		return nil, fmt.Errorf("store.UpdateProposal(%d): %w", id, err)
	}
	loggedCandidate(ctx, p.CandidateID)
	return p, nil
}

// hire creates the placement of a hired proposal and returns its id and
// the override reason that was needed, if any.
func (s *MatchService) hire(ctx context.Context, tx *Tx, p *werkpad.Proposal, h *werkpad.Hire) (int64, string, error) {
	v, err := tx.findVacancy(ctx, p.VacancyID, true)
	if err != nil {
		return 0, "", err
	}
	if v.Status != werkpad.VacancyOpen {
		return 0, "", werkpad.Errorf(werkpad.ECONFLICT, "De vacature %q is %s; er kan niemand meer worden aangenomen.", v.Title, strings.ToLower(v.Status.Label()))
	}
	minutes := h.ContractMinutesPerWeek
	if minutes == 0 {
		minutes = v.MinutesPerWeek
	}
	employerID := v.EmployerID
	pl := &werkpad.Placement{CandidateID: p.CandidateID, EmployerID: &employerID, EmployerName: v.EmployerName,
		Period: werkpad.Period{From: h.Start, To: h.End}, ContractMinutesPerWeek: minutes, ContractType: h.ContractType,
		WageSubsidy: h.WageSubsidy, WageValueBasisPoints: h.WageValueBasisPoints, ReassessOn: h.ReassessOn,
		SecondmentJob: h.SecondmentJob, Sheltered: h.Sheltered}
	if err := pl.Validate(); err != nil {
		return 0, "", err
	}
	override, detail := "", "voorstel="+itoa(p.ID)
	if h.SecondmentJob {
		room, err := tx.secondmentRoom(ctx, s.Secondment, h.Start)
		if err != nil {
			return 0, "", err
		}
		if err := werkpad.CheckSecondmentRoom(*room, h.SecondmentOverride); err != nil {
			return 0, "", err
		}
		if room.Remaining <= 0 {
			override = strings.TrimSpace(h.SecondmentOverride)
			detail += " boven-plafond-detacheringsbanen" // the reason itself stays in proposals, not in the audit chain
		}
	}
	if err := tx.insertPlacement(ctx, p.Municipality, pl, detail); err != nil {
		return 0, "", err
	}
	if v.Hired+1 >= v.Positions {
		if _, err := tx.ExecContext(ctx, `UPDATE vacancies SET status = ?, updated_at = ? WHERE id = ?`, string(werkpad.VacancyFilled), tx.now, v.ID); err != nil {
			return 0, "", err
		}
	}
	return pl.ID, override, nil
}

// FindProposals returns a page of proposals of candidates in scope, newest first.
func (s *MatchService) FindProposals(ctx context.Context, f werkpad.ProposalFilter) ([]*werkpad.Proposal, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...)
	if err != nil {
		return nil, 0, err
	}
	w := scoped(u, "c.municipality")
	if f.VacancyID != 0 {
		w.add("pr.vacancy_id = ?", f.VacancyID)
	}
	if f.CandidateID != 0 {
		w.add("pr.candidate_id = ?", f.CandidateID)
	}
	if f.Status != "" {
		w.add("pr.status = ?", string(f.Status))
	}
	var list []*werkpad.Proposal
	var total int
	err = s.db.readTx(ctx, func(tx *Tx) (err error) {
		total, err = tx.countAndList(ctx, proposalFrom, w, proposalColumns, "pr.proposed_on DESC, pr.id DESC", f.Page,
			func(r interface{ Scan(...any) error }) error {
				p, err := scanProposal(r)
				list = append(list, p)
				return err
			})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindProposals: %w", err)
	}
	logged(ctx, werkpad.SubjectCandidate, list, func(p *werkpad.Proposal) int64 { return p.CandidateID })
	return list, total, nil
}

// secondmentRoom counts placements via a detacheringsbaan that started in
// the policy's window ending on day on, over the whole region: the ceiling
// is regional.
func (tx *Tx) secondmentRoom(ctx context.Context, policy werkpad.SecondmentPolicy, on werkpad.Date) (*werkpad.SecondmentRoom, error) {
	policy = policy.OrDefault()
	r := &werkpad.SecondmentRoom{Window: policy.Window(on), Ceiling: policy.Ceiling}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM placements WHERE secondment_job AND start_date >= ? AND start_date <= ?`,
		r.Window.From, r.Window.To).Scan(&r.Count); err != nil {
		return nil, err
	}
	r.Remaining = r.Ceiling - r.Count
	return r, nil
}

func secondmentRoom(ctx context.Context, db *DB, policy werkpad.SecondmentPolicy, on werkpad.Date) (*werkpad.SecondmentRoom, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesSecondmentRoom...); err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = werkpad.Today(db.Now())
	}
	var r *werkpad.SecondmentRoom
	err := db.readTx(ctx, func(tx *Tx) (err error) {
		r, err = tx.secondmentRoom(ctx, policy, on)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.SecondmentRoom: %w", err)
	}
	return r, nil
}

// SecondmentRoom gives the room under the ceiling of detacheringsbanen in
// the window ending on day on (zero: today).
func (s *MatchService) SecondmentRoom(ctx context.Context, on werkpad.Date) (*werkpad.SecondmentRoom, error) {
	return secondmentRoom(ctx, s.db, s.Secondment, on)
}

// SecondmentRoom lets the placement form show and check the room under the
// ceiling of detacheringsbanen (werkpad.CheckSecondmentRoom) before a
// placement via a detacheringsbaan is saved.
func (s *PlacementService) SecondmentRoom(ctx context.Context, on werkpad.Date) (*werkpad.SecondmentRoom, error) {
	return secondmentRoom(ctx, s.db, s.Secondment, on)
}
