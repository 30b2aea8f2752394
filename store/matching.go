package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"werkpad"
)

// MatchService implements werkpad.MatchService and werkpad.SecondmentService.
//
// Matching rules beyond werkpad.Score, part of what a match means:
//   - only candidates with a work profile are matched (the profile is the
//     consultant's statement that the candidate can be put forward);
//   - only candidates in service and in phase bemiddelen on today (and
//     ontwikkelen when asked), in the caller's municipality scope;
//   - hard requirements and restrictions are applied in SQL, with the same
//     outcome as werkpad.Score's exclusion.
//
// Speed without losing correctness: candidates are read in tiers by how
// close their preferred occupations are to the vacancy's (same unit group,
// same minor group, no preference, same major group, the rest). A candidate
// of a later tier scores at most its tier's occupation points plus
// werkpad.MaxPointsBesidesOccupation; once the list holds limit candidates
// all scoring above that bound, no later tier can enter it and the rest is
// not read. The result equals scoring every candidate (proved by
// TestMatchTiersEqualFullScan).
type MatchService struct {
	db         *DB
	Secondment werkpad.SecondmentPolicy
}

func NewMatchService(db *DB) *MatchService { return &MatchService{db: db} }

var (
	_ werkpad.MatchService      = (*MatchService)(nil)
	_ werkpad.SecondmentService = (*MatchService)(nil)
	_ werkpad.SecondmentService = (*PlacementService)(nil)
)

// Match list sizes.
const (
	defaultMatchLimit = 50
	maxMatchLimit     = 500
)

func matchLimit(n int) int {
	if n <= 0 {
		return defaultMatchLimit
	}
	return min(n, maxMatchLimit)
}

// ranking keeps the best limit matches, by score and then id.
type ranking struct {
	limit  int
	byCand bool // key of seen: candidate id (else vacancy id)
	list   []werkpad.Match
	seen   map[int64]bool
}

func newRanking(limit int, byCand bool) *ranking {
	return &ranking{limit: limit, byCand: byCand, seen: map[int64]bool{}}
}

func (r *ranking) key(m werkpad.Match) int64 {
	if r.byCand {
		return m.CandidateID
	}
	return m.VacancyID
}

// skip reports whether the id was scored already (in an earlier tier).
func (r *ranking) skip(id int64) bool {
	if r.seen[id] {
		return true
	}
	r.seen[id] = true
	return false
}

func (r *ranking) add(m werkpad.Match) {
	if !m.Excluded {
		r.list = append(r.list, m)
	}
}

func (r *ranking) settle() {
	slices.SortFunc(r.list, func(a, b werkpad.Match) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		ka, kb := r.key(a), r.key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	if len(r.list) > r.limit {
		r.list = r.list[:r.limit]
	}
}

// closed reports whether nobody with at most occupationPoints can still
// enter the list.
func (r *ranking) closed(occupationPoints int) bool {
	return len(r.list) >= r.limit && r.list[r.limit-1].Score > occupationPoints+werkpad.MaxPointsBesidesOccupation
}

// tier is one slice of the candidates or vacancies: the extra FROM and
// condition, and the most occupation points it can score.
type tier struct {
	points int
	from   string
	cond   string
	args   []any
}

// MatchesForVacancy ranks candidates for a vacancy; see MatchService.
func (s *MatchService) MatchesForVacancy(ctx context.Context, vacancyID int64, includeDevelop bool, limit int) ([]werkpad.Match, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...)
	if err != nil {
		return nil, err
	}
	today := werkpad.Today(s.db.Now())
	r := newRanking(matchLimit(limit), true)
	err = s.db.readTx(ctx, func(tx *Tx) error {
		v, err := tx.findVacancy(ctx, vacancyID, false)
		if err != nil {
			return err
		}
		base := candidateBase(u, v, today, includeDevelop)
		occ := `candidate_profile_occupations o JOIN candidate_profiles p ON p.candidate_id = o.candidate_id`
		tiers := []tier{
			{werkpad.OccupationPointsUnit, occ, "o.isco = ?", []any{v.Occupation}},
			{werkpad.OccupationPointsMinor, occ, "o.isco_minor = ?", []any{werkpad.MinorGroup(v.Occupation)}},
			{werkpad.OccupationPointsOpen, "candidate_profiles p", "NOT p.has_occupations", nil},
			{werkpad.OccupationPointsMajor, occ, "o.isco_major = ?", []any{werkpad.MajorGroup(v.Occupation)}},
			{werkpad.OccupationPointsOther, "candidate_profiles p", "p.has_occupations", nil},
		}
		for _, t := range tiers {
			if r.closed(t.points) {
				break
			}
			if err := tx.scoreCandidates(ctx, r, v, t, base, today); err != nil {
				return err
			}
			r.settle()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.MatchesForVacancy(%d): %w", vacancyID, err)
	}
	logged(ctx, werkpad.SubjectCandidate, r.list, func(m werkpad.Match) int64 { return m.CandidateID })
	return r.list, nil
}

// candidateBase is the pre-filter on candidates for vacancy v: scope, in
// service and phase on today, and the hard requirements.
func candidateBase(u *werkpad.User, v *werkpad.Vacancy, today werkpad.Date, includeDevelop bool) *where {
	w := scoped(u, "c.municipality")
	w.add("c.registered_on <= ? AND (c.deregistered_on IS NULL OR c.deregistered_on >= ?)", today, today)
	phases := []any{string(werkpad.PhaseMediate)}
	if includeDevelop {
		phases = append(phases, string(werkpad.PhaseDevelop))
	}
	w.add(`EXISTS (SELECT 1 FROM phase_periods ph WHERE ph.candidate_id = c.id AND ph.phase IN (`+placeholders(len(phases))+`)
		AND ph.from_date <= ? AND (ph.to_date IS NULL OR ph.to_date >= ?))`, append(phases, today, today)...)
	req := v.Requirements
	if req.DrivingLicence && req.DrivingLicenceHard {
		w.add("p.driving_licence")
	}
	if req.LanguageHard {
		w.add("p.language_rank >= ?", req.Language.Rank())
	}
	o, _ := werkpad.FindOccupation(v.Occupation)
	if o.Heavy {
		w.add("NOT p.no_heavy_work")
	}
	if o.CustomerContact {
		w.add("NOT p.no_customer_contact")
	}
	for _, c := range req.Certificates {
		if c.Hard {
			w.add(`p.certificates LIKE ? ESCAPE '\'`, "%,"+escapeLike(c.Name)+",%")
		}
	}
	return w
}

// scoreCandidates scores the candidates of tier t. The profiles drive the
// query and each looks up its candidate: a CROSS JOIN keeps SQLite to that
// order (PostgreSQL plans it as any join). Without statistics for the
// profiles (a database whose last ANALYZE predates them) SQLite otherwise
// walked every candidate in service to find the few with a profile: scale
// 100, a vacancy's matches 2 ms -> 340-570 ms.
func (tx *Tx) scoreCandidates(ctx context.Context, r *ranking, v *werkpad.Vacancy, t tier, base *where, today werkpad.Date) error {
	q := `SELECT c.id, c.municipality, c.given_name, c.infix, c.surname, ` + profileColumns + `,
		(SELECT MAX(pr.proposed_on) FROM proposals pr WHERE pr.candidate_id = c.id)
		FROM ` + t.from + ` CROSS JOIN candidates c
		WHERE c.id = p.candidate_id AND ` + t.cond + ` AND ` + base.String()
	rows, err := tx.QueryContext(ctx, q, append(slices.Clone(t.args), base.args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var p werkpad.Profile
	for rows.Next() {
		var c werkpad.MatchCandidate
		var given, infix, surname, occ, mun, certs string
		var rank int
		var noHeavy, noContact bool
		var last werkpad.Date
		if err := rows.Scan(&c.ID, &c.Municipality, &given, &infix, &surname,
			&p.CandidateID, &occ, &p.MinMinutes, &p.MaxMinutes, &mun, &p.TravelKm, &p.DrivingLicence, &rank, &certs, &noHeavy, &noContact,
			&last); err != nil {
			return err
		}
		if r.skip(c.ID) {
			continue
		}
		scanProfileInto(&p, occ, mun, certs, rank, noHeavy, noContact)
		m := werkpad.Score(v, c, &p, last, today)
		m.CandidateName = strings.Join(strings.Fields(given+" "+infix+" "+surname), " ")
		m.Municipality = c.Municipality
		m.VacancyTitle, m.EmployerName = v.Title, v.EmployerName
		r.add(m)
	}
	return rows.Err()
}

// MatchesForCandidate ranks the open vacancies for a candidate in scope
// (ENOTFOUND outside it). Vacancies are read in tiers like candidates are.
func (s *MatchService) MatchesForCandidate(ctx context.Context, candidateID int64, limit int) ([]werkpad.Match, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...)
	if err != nil {
		return nil, err
	}
	today := werkpad.Today(s.db.Now())
	r := newRanking(matchLimit(limit), false)
	err = s.db.readTx(ctx, func(tx *Tx) error {
		code, err := tx.candidateMunicipality(ctx, u, candidateID, false)
		if err != nil {
			return err
		}
		p, err := tx.findProfile(ctx, candidateID)
		if err != nil {
			return err
		}
		var last werkpad.Date
		if err := tx.QueryRowContext(ctx, `SELECT MAX(proposed_on) FROM proposals WHERE candidate_id = ?`, candidateID).Scan(&last); err != nil {
			return err
		}
		c := werkpad.MatchCandidate{ID: candidateID, Municipality: code}
		base := vacancyBase(p)
		var tiers []tier
		if len(p.Occupations) == 0 {
			tiers = []tier{{werkpad.OccupationPointsOpen, "", "1=1", nil}}
		} else {
			in := func(col string, group func(string) string) (string, []any) {
				var args []any
				for _, o := range p.Occupations {
					if g := group(o); !slices.Contains(args, any(g)) {
						args = append(args, g)
					}
				}
				return col + " IN (" + placeholders(len(args)) + ")", args
			}
			unit, ua := in("v.isco", func(s string) string { return s })
			minor, ma := in("v.isco_minor", werkpad.MinorGroup)
			major, ja := in("v.isco_major", werkpad.MajorGroup)
			tiers = []tier{
				{werkpad.OccupationPointsUnit, "", unit, ua},
				{werkpad.OccupationPointsMinor, "", minor, ma},
				{werkpad.OccupationPointsMajor, "", major, ja},
				{werkpad.OccupationPointsOther, "", "1=1", nil},
			}
		}
		for _, t := range tiers {
			if r.closed(t.points) {
				break
			}
			if err := tx.scoreVacancies(ctx, r, c, p, t, base, last, today); err != nil {
				return err
			}
			r.settle()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.MatchesForCandidate(%d): %w", candidateID, err)
	}
	loggedCandidate(ctx, candidateID)
	return r.list, nil
}

// vacancyBase is the pre-filter on open vacancies for profile p: the hard
// requirements he meets and the restrictions that do not rule the work out.
func vacancyBase(p *werkpad.Profile) *where {
	w := &where{}
	w.add("v.status = ?", string(werkpad.VacancyOpen))
	if !p.DrivingLicence {
		w.add("NOT v.driving_licence_hard")
	}
	w.add("(NOT v.language_hard OR v.language_rank <= ?)", p.Language.Rank())
	for _, res := range p.Restrictions {
		switch res {
		case werkpad.RestrictionNoHeavyWork:
			w.add("NOT v.heavy")
		case werkpad.RestrictionNoCustomerContact:
			w.add("NOT v.customer_contact")
		}
	}
	certs := []any{}
	for _, c := range p.Certificates {
		certs = append(certs, c)
	}
	cond := `NOT EXISTS (SELECT 1 FROM vacancy_certificates vc WHERE vc.vacancy_id = v.id AND vc.hard`
	if len(certs) > 0 {
		cond += ` AND vc.name NOT IN (` + placeholders(len(certs)) + `)`
	}
	w.add(cond+`)`, certs...)
	return w
}

func (tx *Tx) scoreVacancies(ctx context.Context, r *ranking, c werkpad.MatchCandidate, p *werkpad.Profile, t tier, base *where, last, today werkpad.Date) error {
	args := append(slices.Clone(t.args), base.args...)
	cond := t.cond + ` AND ` + base.String()
	// Certificate requirements of the tier's vacancies, in one query.
	certs := map[int64][]werkpad.CertificateRequirement{}
	rows, err := tx.QueryContext(ctx, `SELECT vc.vacancy_id, vc.name, vc.hard FROM vacancy_certificates vc
		JOIN vacancies v ON v.id = vc.vacancy_id WHERE `+cond+` ORDER BY vc.vacancy_id, vc.name`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var cr werkpad.CertificateRequirement
		if err := rows.Scan(&id, &cr.Name, &cr.Hard); err != nil {
			rows.Close()
			return err
		}
		certs[id] = append(certs[id], cr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, `SELECT v.id, v.employer_id, e.name, v.title, v.isco, v.minutes_per_week, v.municipality,
		v.driving_licence, v.driving_licence_hard, v.language_rank, v.language_hard
		FROM vacancies v JOIN employers e ON e.id = v.employer_id WHERE `+cond, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v werkpad.Vacancy
		var rank int
		if err := rows.Scan(&v.ID, &v.EmployerID, &v.EmployerName, &v.Title, &v.Occupation, &v.MinutesPerWeek, &v.Municipality,
			&v.Requirements.DrivingLicence, &v.Requirements.DrivingLicenceHard, &rank, &v.Requirements.LanguageHard); err != nil {
			return err
		}
		if r.skip(v.ID) {
			continue
		}
		v.Requirements.Language = languageOfRank(rank)
		v.Requirements.Certificates = certs[v.ID]
		m := werkpad.Score(&v, c, p, last, today)
		m.VacancyTitle, m.EmployerName, m.Municipality = v.Title, v.EmployerName, c.Municipality
		r.add(m)
	}
	return rows.Err()
}
