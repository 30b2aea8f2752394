package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"

	"werkpad"
)

// SurveyService implements werkpad.SurveyService.
type SurveyService struct{ db *DB }

func NewSurveyService(db *DB) *SurveyService { return &SurveyService{db: db} }

var _ werkpad.SurveyService = (*SurveyService)(nil)

var (
	errSurveyUnknown = werkpad.Errorf(werkpad.ENOTFOUND, "Deze enquêtelink bestaat niet. Controleer of u de hele link hebt overgenomen.")
	errSurveyDone    = werkpad.Errorf(werkpad.ECONFLICT, "Deze enquête is al ingevuld. Hartelijk dank voor uw antwoorden.")
)

// occasionQuery reads an exit or a placement: its candidate, municipality
// and date.
var occasionQuery = map[werkpad.SurveyOccasion]string{
	werkpad.SurveyAfterExit:      `SELECT candidate_id, municipality, exit_date FROM exits WHERE id = ?`,
	werkpad.SurveyAfterPlacement: `SELECT candidate_id, municipality, start_date FROM placements WHERE id = ?`,
}

// SurveyOccasions lists the exits and placements of a candidate in the
// caller's scope, latest first, with the state of their survey link.
func (s *SurveyService) SurveyOccasions(ctx context.Context, candidateID int64) ([]werkpad.SurveyOccasionRow, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesInviteSurvey...)
	if err != nil {
		return nil, err
	}
	var out []werkpad.SurveyOccasionRow
	err = s.db.readTx(ctx, func(tx *Tx) error {
		if _, err := tx.candidateMunicipality(ctx, u, candidateID, false); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT 'uitstroom', e.id, e.exit_date, e.reason, `+invitationColumns+`
			FROM exits e LEFT JOIN survey_invitations i ON i.occasion = 'uitstroom' AND i.occasion_id = e.id
			WHERE e.candidate_id = ?
			UNION ALL
			SELECT 'plaatsing', p.id, p.start_date, p.employer_name, `+invitationColumns+`
			FROM placements p LEFT JOIN survey_invitations i ON i.occasion = 'plaatsing' AND i.occasion_id = p.id
			WHERE p.candidate_id = ?`, candidateID, candidateID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r werkpad.SurveyOccasionRow
			var occ, label string
			inv, dest := invitationDest()
			if err := rows.Scan(append([]any{&occ, &r.ID, &r.Date, &label}, dest...)...); err != nil {
				return err
			}
			r.Occasion = werkpad.SurveyOccasion(occ)
			r.Label = label
			if r.Occasion == werkpad.SurveyAfterExit {
				r.Label = "Uitstroom: " + werkpad.ExitReason(label).Label()
			} else {
				r.Label = "Plaatsing bij " + label
			}
			r.Invitation = inv.invitation()
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.SurveyOccasions(%d): %w", candidateID, err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[j].Date.Before(out[i].Date) })
	return out, nil
}

const invitationColumns = `i.id, i.candidate_id, i.municipality, i.service_line, i.occasion, i.occasion_id, i.invited_on, i.expires_on, i.answered_on`

// scannedInvitation holds an invitation read from a LEFT JOIN (NULLs when
// there is none).
type scannedInvitation struct {
	id, candidate, occasionID  sql.NullInt64
	code, line, occasion       sql.NullString
	invited, expires, answered werkpad.Date
}

func invitationDest() (*scannedInvitation, []any) {
	v := &scannedInvitation{}
	return v, []any{&v.id, &v.candidate, &v.code, &v.line, &v.occasion, &v.occasionID, &v.invited, &v.expires, &v.answered}
}

func (v *scannedInvitation) invitation() werkpad.SurveyInvitation {
	if !v.id.Valid {
		return werkpad.SurveyInvitation{}
	}
	return werkpad.SurveyInvitation{ID: v.id.Int64, CandidateID: v.candidate.Int64, Municipality: v.code.String,
		ServiceLine: werkpad.ServiceLine(v.line.String), Occasion: werkpad.SurveyOccasion(v.occasion.String),
		OccasionID: v.occasionID.Int64, InvitedOn: v.invited, ExpiresOn: v.expires, AnsweredOn: v.answered}
}

// InviteSurvey makes the survey link of an exit or a placement of a
// candidate in the caller's scope. An unanswered link is replaced (the old
// one stops working) and gets a new term; the invitation keeps the day it
// was first made, which is when it counts. An answered one is refused.
func (s *SurveyService) InviteSurvey(ctx context.Context, occasion werkpad.SurveyOccasion, id int64) (*werkpad.SurveyInvitation, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesInviteSurvey...)
	if err != nil {
		return nil, err
	}
	q, ok := occasionQuery[occasion]
	if !ok {
		return nil, werkpad.FieldError("aanleiding", "Kies uitstroom of plaatsing.")
	}
	today := werkpad.Today(s.db.Now())
	token := newSecret("")
	inv := &werkpad.SurveyInvitation{Occasion: occasion, OccasionID: id, Token: token, InvitedOn: today,
		ExpiresOn: today.AddDays(werkpad.SurveyValidDays)}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var code string
		if err := tx.QueryRowContext(ctx, q, id).Scan(&inv.CandidateID, &code, &inv.OccasionDate); err != nil {
			return notFound(err, occasion.Label())
		}
		if _, err := tx.candidateMunicipality(ctx, u, inv.CandidateID, true); err != nil {
			return err
		}
		if inv.OccasionDate.After(today) {
			return werkpad.Errorf(werkpad.EINVALID, "De %s is op %s; een enquête kan pas vanaf die dag.", strings.ToLower(occasion.Label()), inv.OccasionDate.Dutch())
		}
		var line string
		if err := tx.QueryRowContext(ctx, `SELECT service_line FROM candidates WHERE id = ?`, inv.CandidateID).Scan(&line); err != nil {
			return err
		}
		inv.Municipality, inv.ServiceLine = code, werkpad.ServiceLine(line)
		var old struct {
			id       int64
			invited  werkpad.Date
			answered werkpad.Date
		}
		err := tx.QueryRowContext(ctx, `SELECT id, invited_on, answered_on FROM survey_invitations WHERE occasion = ? AND occasion_id = ?`,
			occasion, id).Scan(&old.id, &old.invited, &old.answered)
		switch {
		case err == sql.ErrNoRows:
			inv.ID, err = tx.insertID(ctx, `INSERT INTO survey_invitations (token_hash, candidate_id, municipality, service_line, occasion,
				occasion_id, invited_on, expires_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				hashSecret(token), inv.CandidateID, code, line, occasion, id, inv.InvitedOn, inv.ExpiresOn, nullID(u.ID), tx.now)
			if err != nil {
				return err
			}
		case err != nil:
			return err
		case !old.answered.IsZero():
			return werkpad.Errorf(werkpad.ECONFLICT, "De kandidaat heeft deze enquête al ingevuld op %s.", old.answered.Dutch())
		default:
			inv.ID, inv.InvitedOn = old.id, old.invited
			if _, err := tx.ExecContext(ctx, `UPDATE survey_invitations SET token_hash = ?, expires_on = ? WHERE id = ?`,
				hashSecret(token), inv.ExpiresOn, old.id); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "aanmaken", "enquetelink", itoa(inv.ID), code,
			fmt.Sprintf("kandidaat=%d %s=%d", inv.CandidateID, occasion, id))
	})
	if err != nil {
		return nil, fmt.Errorf("store.InviteSurvey(%s %d): %w", occasion, id, err)
	}
	loggedCandidate(ctx, inv.CandidateID)
	return inv, nil
}

// openInvitation finds the invitation of token that can be answered today.
func (tx *Tx) openInvitation(ctx context.Context, token string, lock bool) (*werkpad.SurveyInvitation, error) {
	if token == "" || len(token) > 100 {
		return nil, errSurveyUnknown
	}
	q := `SELECT ` + invitationColumns + ` FROM survey_invitations i WHERE i.token_hash = ?`
	if lock {
		q += tx.db.forUpdate()
	}
	v, dest := invitationDest()
	if err := tx.QueryRowContext(ctx, q, hashSecret(token)).Scan(dest...); err != nil {
		if err == sql.ErrNoRows {
			return nil, errSurveyUnknown
		}
		return nil, err
	}
	inv := v.invitation()
	today := werkpad.Today(tx.now)
	switch {
	case !inv.AnsweredOn.IsZero():
		return nil, errSurveyDone
	case today.After(inv.ExpiresOn):
		return nil, werkpad.Errorf(werkpad.ECONFLICT, "Deze enquêtelink is verlopen op %s. Vraag uw consulent om een nieuwe link als u de enquête nog wilt invullen.", inv.ExpiresOn.Dutch())
	}
	return &inv, nil
}

// questions reads the active questions in their order.
func (tx *Tx) surveyQuestions(ctx context.Context, all bool) ([]werkpad.SurveyQuestion, error) {
	q := `SELECT code, position, text, kind, scale_min, scale_max, label_min, label_max FROM survey_questions`
	if !all {
		q += ` WHERE active = TRUE`
	}
	rows, err := tx.QueryContext(ctx, q+` ORDER BY position, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []werkpad.SurveyQuestion
	for rows.Next() {
		var q werkpad.SurveyQuestion
		var kind string
		if err := rows.Scan(&q.Code, &q.Position, &q.Text, &kind, &q.Min, &q.Max, &q.LabelMin, &q.LabelMax); err != nil {
			return nil, err
		}
		q.Kind = werkpad.SurveyQuestionKind(kind)
		out = append(out, q)
	}
	return out, rows.Err()
}

// OpenSurvey returns the questions of a link that can be answered today.
// It needs no user: the token is the only key.
func (s *SurveyService) OpenSurvey(ctx context.Context, token string) ([]werkpad.SurveyQuestion, error) {
	var qs []werkpad.SurveyQuestion
	err := s.db.readTx(ctx, func(tx *Tx) error {
		if _, err := tx.openInvitation(ctx, token, false); err != nil {
			return err
		}
		var err error
		qs, err = tx.surveyQuestions(ctx, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.OpenSurvey: %w", err)
	}
	return qs, nil
}

// AnswerSurvey stores the answers of a link once: the invitation is marked
// answered and the answers are stored apart from it, with only its
// municipality, service line, occasion and day, so that they cannot be
// traced back to the candidate. A second answer is refused.
func (s *SurveyService) AnswerSurvey(ctx context.Context, token string, answers []werkpad.SurveyAnswer) error {
	err := s.db.inTx(ctx, func(tx *Tx) error {
		inv, err := tx.openInvitation(ctx, token, true)
		if err != nil {
			return err
		}
		qs, err := tx.surveyQuestions(ctx, false)
		if err != nil {
			return err
		}
		if err := werkpad.CheckSurveyAnswers(qs, answers); err != nil {
			return err
		}
		today := werkpad.Today(tx.now)
		res, err := tx.ExecContext(ctx, `UPDATE survey_invitations SET answered_on = ? WHERE id = ? AND answered_on IS NULL`, today, inv.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return errSurveyDone
		}
		rid, err := tx.insertID(ctx, `INSERT INTO survey_responses (municipality, service_line, occasion, invited_on, answered_on)
			VALUES (?, ?, ?, ?, ?)`, inv.Municipality, inv.ServiceLine, inv.Occasion, inv.InvitedOn, today)
		if err != nil {
			return err
		}
		for _, a := range answers {
			a.Text = strings.TrimSpace(a.Text)
			if a.Score == 0 && a.Text == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_answers (response_id, question_code, score, answer_text) VALUES (?, ?, ?, ?)`,
				rid, a.Question, nullID(int64(a.Score)), a.Text); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store.AnswerSurvey: %w", err)
	}
	return nil
}

// SatisfactionChapter counts the survey of period p in the caller's scope
// (with codes: only those municipalities): per municipality (the region
// last) and per service line, the invitations made in p, those answered by
// p's last day, and the scores of those answers. An answer after the
// period's end does not change the period's figures.
func (s *SurveyService) SatisfactionChapter(ctx context.Context, p werkpad.Period, codes []string) (*werkpad.SatisfactionChapter, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadSurvey...)
	if err != nil {
		return nil, err
	}
	if err := p.ValidateClosed(); err != nil {
		return nil, err
	}
	ch := &werkpad.SatisfactionChapter{Period: p}
	err = s.db.readTx(ctx, func(tx *Tx) error {
		mw := scoped(u, "code")
		mw.only("code", codes)
		rows, err := tx.QueryContext(ctx, `SELECT code, name FROM municipalities WHERE `+mw.String()+` AND sw_only = FALSE ORDER BY name`, mw.args...)
		if err != nil {
			return err
		}
		byCode := map[string]int{}
		for rows.Next() {
			f := werkpad.SatisfactionFigures{Scores: map[string]werkpad.ScoreSum{}}
			if err := rows.Scan(&f.Code, &f.Name); err != nil {
				rows.Close()
				return err
			}
			byCode[f.Code] = len(ch.Municipalities)
			ch.Municipalities = append(ch.Municipalities, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		byLine := map[werkpad.ServiceLine]int{}
		for _, l := range werkpad.ServiceLines {
			byLine[l] = len(ch.ServiceLines)
			ch.ServiceLines = append(ch.ServiceLines, werkpad.SatisfactionFigures{Code: string(l), Name: l.Label(), Scores: map[string]werkpad.ScoreSum{}})
		}
		pick := func(code, line string) (m, l *werkpad.SatisfactionFigures, err error) {
			i, ok := byCode[code]
			if !ok {
				return nil, nil, fmt.Errorf("survey figures of municipality %q outside the list", code)
			}
			m = &ch.Municipalities[i]
			if j, ok := byLine[werkpad.ServiceLine(line)]; ok {
				l = &ch.ServiceLines[j]
			}
			return m, l, nil
		}
		w := scoped(u, "municipality")
		w.only("municipality", codes)
		w.add("invited_on >= ? AND invited_on <= ?", p.From, p.To)
		rows, err = tx.QueryContext(ctx, `SELECT municipality, service_line, COUNT(*),
			COALESCE(SUM(CASE WHEN answered_on IS NOT NULL AND answered_on <= ? THEN 1 ELSE 0 END), 0)
			FROM survey_invitations WHERE `+w.String()+` GROUP BY municipality, service_line`, append([]any{p.To}, w.args...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var code, line string
			var invited, answered int
			if err := rows.Scan(&code, &line, &invited, &answered); err != nil {
				rows.Close()
				return err
			}
			m, l, err := pick(code, line)
			if err != nil {
				rows.Close()
				return err
			}
			m.Invited += invited
			m.Answered += answered
			if l != nil {
				l.Invited += invited
				l.Answered += answered
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		w = scoped(u, "r.municipality")
		w.only("r.municipality", codes)
		w.add("r.invited_on >= ? AND r.invited_on <= ? AND r.answered_on <= ? AND a.score IS NOT NULL", p.From, p.To, p.To)
		rows, err = tx.QueryContext(ctx, `SELECT r.municipality, r.service_line, a.question_code, SUM(a.score), COUNT(*)
			FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id
			WHERE `+w.String()+` GROUP BY r.municipality, r.service_line, a.question_code`, w.args...)
		if err != nil {
			return err
		}
		used := map[string]bool{}
		for rows.Next() {
			var code, line, q string
			var sum werkpad.ScoreSum
			if err := rows.Scan(&code, &line, &q, &sum.Sum, &sum.N); err != nil {
				rows.Close()
				return err
			}
			m, l, err := pick(code, line)
			if err != nil {
				rows.Close()
				return err
			}
			used[q] = true
			addScore(m.Scores, q, sum)
			if l != nil {
				addScore(l.Scores, q, sum)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		qs, err := tx.surveyQuestions(ctx, true)
		if err != nil {
			return err
		}
		active, err := tx.surveyQuestions(ctx, false)
		if err != nil {
			return err
		}
		for _, q := range qs {
			// A retired question stays in the periods it was answered in.
			if q.Kind == werkpad.SurveyScale && (used[q.Code] || slices.ContainsFunc(active, func(a werkpad.SurveyQuestion) bool { return a.Code == q.Code })) {
				ch.Questions = append(ch.Questions, q)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.SatisfactionChapter(%s): %w", p, err)
	}
	region := werkpad.SatisfactionFigures{Name: "Regio", Scores: map[string]werkpad.ScoreSum{}}
	for _, f := range ch.Municipalities {
		region.Invited += f.Invited
		region.Answered += f.Answered
		for q, s := range f.Scores {
			addScore(region.Scores, q, s)
		}
	}
	ch.Municipalities = append(ch.Municipalities, region)
	return ch, nil
}

func addScore(m map[string]werkpad.ScoreSum, q string, s werkpad.ScoreSum) {
	t := m[q]
	t.Sum += s.Sum
	t.N += s.N
	m[q] = t
}
