package store

import (
	"context"
	"fmt"
	"strings"

	"werkpad"
)

// VacancyService implements werkpad.VacancyService. Vacancies are not
// person data: every reader sees all of them.
type VacancyService struct{ db *DB }

func NewVacancyService(db *DB) *VacancyService { return &VacancyService{db: db} }

var _ werkpad.VacancyService = (*VacancyService)(nil)

const vacancyColumns = `v.id, v.employer_id, e.name, v.title, v.isco, v.minutes_per_week, v.positions, v.municipality,
	v.driving_licence, v.driving_licence_hard, v.language_rank, v.language_hard, v.start_date, v.status, v.created_at, v.updated_at,
	(SELECT COUNT(*) FROM proposals pr WHERE pr.vacancy_id = v.id AND pr.status = 'aangenomen')`

const vacancyFrom = `vacancies v JOIN employers e ON e.id = v.employer_id`

func scanVacancy(s interface{ Scan(...any) error }) (*werkpad.Vacancy, error) {
	var v werkpad.Vacancy
	var rank int
	var status string
	if err := s.Scan(&v.ID, &v.EmployerID, &v.EmployerName, &v.Title, &v.Occupation, &v.MinutesPerWeek, &v.Positions, &v.Municipality,
		&v.Requirements.DrivingLicence, &v.Requirements.DrivingLicenceHard, &rank, &v.Requirements.LanguageHard,
		&v.StartOn, &status, &v.CreatedAt, &v.UpdatedAt, &v.Hired); err != nil {
		return nil, err
	}
	v.Requirements.Language = languageOfRank(rank)
	v.Status = werkpad.VacancyStatus(status)
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	return &v, nil
}

func languageOfRank(rank int) werkpad.LanguageLevel {
	if rank < 0 || rank >= len(werkpad.LanguageLevels) {
		return werkpad.LanguageLevels[0]
	}
	return werkpad.LanguageLevels[rank]
}

// loadCertificates fills the certificate requirements of the vacancies.
func (tx *Tx) loadCertificates(ctx context.Context, vs ...*werkpad.Vacancy) error {
	if len(vs) == 0 {
		return nil
	}
	byID := make(map[int64]*werkpad.Vacancy, len(vs))
	args := make([]any, 0, len(vs))
	for _, v := range vs {
		byID[v.ID] = v
		args = append(args, v.ID)
	}
	rows, err := tx.QueryContext(ctx, `SELECT vacancy_id, name, hard FROM vacancy_certificates WHERE vacancy_id IN (`+placeholders(len(args))+`) ORDER BY vacancy_id, name`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c werkpad.CertificateRequirement
		if err := rows.Scan(&id, &c.Name, &c.Hard); err != nil {
			return err
		}
		byID[id].Requirements.Certificates = append(byID[id].Requirements.Certificates, c)
	}
	return rows.Err()
}

func (tx *Tx) findVacancy(ctx context.Context, id int64, lock bool) (*werkpad.Vacancy, error) {
	q := `SELECT ` + vacancyColumns + ` FROM ` + vacancyFrom + ` WHERE v.id = ?`
	if lock {
		q += tx.db.forUpdate()
	}
	v, err := scanVacancy(tx.QueryRowContext(ctx, q, id))
	if err != nil {
		return nil, notFound(err, "Vacature")
	}
	return v, tx.loadCertificates(ctx, v)
}

// writeVacancy stores the vacancy's columns (insert when v.ID is 0) and
// its certificate requirements. The occupation's groups and physical
// demands are stored with it for the pre-filters of matching.
func (tx *Tx) writeVacancy(ctx context.Context, v *werkpad.Vacancy) error {
	o, _ := werkpad.FindOccupation(v.Occupation)
	r := v.Requirements
	args := []any{v.EmployerID, v.Title, strings.ToLower(v.Title), v.Occupation, werkpad.MinorGroup(v.Occupation), werkpad.MajorGroup(v.Occupation),
		o.Heavy, o.CustomerContact, v.MinutesPerWeek, v.Positions, v.Municipality, r.DrivingLicence, r.DrivingLicenceHard,
		r.Language.Rank(), r.LanguageHard, v.StartOn, string(v.Status), tx.now}
	if v.ID == 0 {
		id, err := tx.insertID(ctx, `INSERT INTO vacancies (employer_id, title, search_title, isco, isco_minor, isco_major, heavy, customer_contact,
			minutes_per_week, positions, municipality, driving_licence, driving_licence_hard, language_rank, language_hard,
			start_date, status, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, tx.now)...)
		if err != nil {
			return err
		}
		v.ID, v.CreatedAt = id, tx.now
	} else {
		if _, err := tx.ExecContext(ctx, `UPDATE vacancies SET employer_id = ?, title = ?, search_title = ?, isco = ?, isco_minor = ?, isco_major = ?,
			heavy = ?, customer_contact = ?, minutes_per_week = ?, positions = ?, municipality = ?, driving_licence = ?, driving_licence_hard = ?,
			language_rank = ?, language_hard = ?, start_date = ?, status = ?, updated_at = ? WHERE id = ?`, append(args, v.ID)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM vacancy_certificates WHERE vacancy_id = ?`, v.ID); err != nil {
			return err
		}
	}
	v.UpdatedAt = tx.now
	for _, c := range r.Certificates {
		if _, err := tx.ExecContext(ctx, `INSERT INTO vacancy_certificates (vacancy_id, name, hard) VALUES (?, ?, ?)`, v.ID, c.Name, c.Hard); err != nil {
			return err
		}
	}
	return nil
}

// CreateVacancy stores a vacancy of a registered employer (consulent,
// werkgeversadviseur).
func (s *VacancyService) CreateVacancy(ctx context.Context, v *werkpad.Vacancy) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesWriteEmployers...); err != nil {
		return err
	}
	v.ID = 0
	if err := v.Validate(); err != nil {
		return err
	}
	err := s.db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.findEmployer(ctx, "e.id = ?", v.EmployerID, false)
		if err != nil {
			return &werkpad.Error{Code: werkpad.EINVALID, Field: "werkgeverId", Message: "Deze werkgever staat niet in het werkgeversregister."}
		}
		v.EmployerName = e.Name
		if err := tx.knownMunicipality(ctx, "gemeente", v.Municipality); err != nil {
			return err
		}
		if err := tx.writeVacancy(ctx, v); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "vacature", itoa(v.ID), "", "werkgever="+itoa(v.EmployerID)+" beroep="+v.Occupation)
	})
	if err != nil {
		return fmt.Errorf("store.CreateVacancy: %w", err)
	}
	return nil
}

// scopeHired replaces the region-wide number of hires of each vacancy (which
// the store uses to close a filled vacancy) by the hires of candidates in
// u's scope: a municipality user sees no count of other municipalities'
// people, not even on a shared record such as a vacancy.
func (tx *Tx) scopeHired(ctx context.Context, u *werkpad.User, vs ...*werkpad.Vacancy) error {
	if u.AllMunicipalities() || len(vs) == 0 {
		return nil
	}
	byID := make(map[int64]*werkpad.Vacancy, len(vs))
	ids := make([]any, 0, len(vs))
	for _, v := range vs {
		v.Hired = 0
		byID[v.ID] = v
		ids = append(ids, v.ID)
	}
	w := scoped(u, "c.municipality")
	w.add("pr.status = 'aangenomen'")
	w.add("pr.vacancy_id IN ("+placeholders(len(ids))+")", ids...)
	rows, err := tx.QueryContext(ctx, `SELECT pr.vacancy_id, COUNT(*) FROM proposals pr JOIN candidates c ON c.id = pr.candidate_id
		WHERE `+w.String()+` GROUP BY pr.vacancy_id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		byID[id].Hired = n
	}
	return rows.Err()
}

func (s *VacancyService) FindVacancyByID(ctx context.Context, id int64) (*werkpad.Vacancy, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...)
	if err != nil {
		return nil, err
	}
	var v *werkpad.Vacancy
	err = s.db.readTx(ctx, func(tx *Tx) (err error) {
		if v, err = tx.findVacancy(ctx, id, false); err != nil {
			return err
		}
		return tx.scopeHired(ctx, u, v)
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindVacancyByID(%d): %w", id, err)
	}
	return v, nil
}

// FindVacancies returns a page of vacancies, newest first.
func (s *VacancyService) FindVacancies(ctx context.Context, f werkpad.VacancyFilter) ([]*werkpad.Vacancy, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...)
	if err != nil {
		return nil, 0, err
	}
	w := &where{}
	if f.EmployerID != 0 {
		w.add("v.employer_id = ?", f.EmployerID)
	}
	if f.Status != "" {
		w.add("v.status = ?", string(f.Status))
	}
	if f.Municipality != "" {
		w.add("v.municipality = ?", f.Municipality)
	}
	if f.Occupation != "" {
		w.add("v.isco = ?", f.Occupation)
	}
	for _, word := range strings.Fields(strings.ToLower(f.Search)) {
		w.add(`v.search_title LIKE ? ESCAPE '\'`, "%"+escapeLike(word)+"%")
	}
	var list []*werkpad.Vacancy
	var total int
	err = s.db.readTx(ctx, func(tx *Tx) (err error) {
		total, err = tx.countAndList(ctx, vacancyFrom, w, vacancyColumns, "v.created_at DESC, v.id DESC", f.Page,
			func(r interface{ Scan(...any) error }) error {
				v, err := scanVacancy(r)
				list = append(list, v)
				return err
			})
		if err != nil {
			return err
		}
		if err := tx.scopeHired(ctx, u, list...); err != nil {
			return err
		}
		return tx.loadCertificates(ctx, list...)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindVacancies: %w", err)
	}
	return list, total, nil
}

// UpdateVacancy changes a vacancy (consulent, werkgeversadviseur).
func (s *VacancyService) UpdateVacancy(ctx context.Context, id int64, upd werkpad.VacancyUpdate) (*werkpad.Vacancy, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteEmployers...)
	if err != nil {
		return nil, err
	}
	var v *werkpad.Vacancy
	err = s.db.inTx(ctx, func(tx *Tx) (err error) {
		if v, err = tx.findVacancy(ctx, id, true); err != nil {
			return err
		}
		var changed []string
		set := func(name string, ok bool, apply func()) {
			if ok {
				apply()
				changed = append(changed, name)
			}
		}
		set("titel", upd.Title != nil, func() { v.Title = *upd.Title })
		set("beroep", upd.Occupation != nil, func() { v.Occupation = *upd.Occupation })
		set("uren", upd.MinutesPerWeek != nil, func() { v.MinutesPerWeek = *upd.MinutesPerWeek })
		set("plaatsen", upd.Positions != nil, func() { v.Positions = *upd.Positions })
		set("gemeente", upd.Municipality != nil, func() { v.Municipality = *upd.Municipality })
		set("eisen", upd.Requirements != nil, func() { v.Requirements = *upd.Requirements })
		set("startdatum", upd.StartOn != nil, func() { v.StartOn = *upd.StartOn })
		set("status", upd.Status != nil, func() { v.Status = *upd.Status })
		if err := v.Validate(); err != nil {
			return err
		}
		if err := tx.knownMunicipality(ctx, "gemeente", v.Municipality); err != nil {
			return err
		}
		if err := tx.writeVacancy(ctx, v); err != nil {
			return err
		}
		if err := tx.audit(ctx, "wijzigen", "vacature", itoa(id), "", strings.Join(changed, " ")); err != nil {
			return err
		}
		return tx.scopeHired(ctx, u, v)
	})
	if err != nil {
		return nil, fmt.Errorf("store.UpdateVacancy(%d): %w", id, err)
	}
	return v, nil
}
