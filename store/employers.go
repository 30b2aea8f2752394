package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"werkpad"
)

// EmployerService implements werkpad.EmployerService. Employers are not
// person data: every reader sees all of them. Counts of placements in the
// overview are person data and follow the caller's scope.
type EmployerService struct{ db *DB }

func NewEmployerService(db *DB) *EmployerService { return &EmployerService{db: db} }

var _ werkpad.EmployerService = (*EmployerService)(nil)

const employerColumns = `e.id, e.kvk, e.name, e.sector, e.municipality, e.created_at, e.updated_at`

func scanEmployer(s interface{ Scan(...any) error }) (*werkpad.Employer, error) {
	var e werkpad.Employer
	if err := s.Scan(&e.ID, &e.KvK, &e.Name, &e.Sector, &e.MunicipalityCode, &e.CreatedAt, &e.UpdatedAt); err != nil {
		return nil, err
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

// findEmployer loads one employer with contacts and agreements.
func (tx *Tx) findEmployer(ctx context.Context, cond string, arg any, lock bool) (*werkpad.Employer, error) {
	q := `SELECT ` + employerColumns + ` FROM employers e WHERE ` + cond
	if lock {
		q += tx.db.forUpdate()
	}
	e, err := scanEmployer(tx.QueryRowContext(ctx, q, arg))
	if err != nil {
		return nil, notFound(err, "Werkgever")
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, role, email, phone FROM employer_contacts WHERE employer_id = ? ORDER BY position`, e.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c werkpad.EmployerContact
		if err := rows.Scan(&c.ID, &c.Name, &c.Role, &c.Email, &c.Phone); err != nil {
			return nil, err
		}
		e.Contacts = append(e.Contacts, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, kind, from_date, to_date, note FROM employer_agreements WHERE employer_id = ? ORDER BY from_date, id`, e.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a werkpad.EmployerAgreement
		var kind string
		if err := rows.Scan(&a.ID, &kind, &a.Period.From, &a.Period.To, &a.Note); err != nil {
			return nil, err
		}
		a.Kind = werkpad.AgreementKind(kind)
		e.Agreements = append(e.Agreements, a)
	}
	return e, rows.Err()
}

func (tx *Tx) writeContacts(ctx context.Context, e *werkpad.Employer) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM employer_contacts WHERE employer_id = ?`, e.ID); err != nil {
		return err
	}
	for i := range e.Contacts {
		c := &e.Contacts[i]
		id, err := tx.insertID(ctx, `INSERT INTO employer_contacts (employer_id, position, name, role, email, phone) VALUES (?, ?, ?, ?, ?, ?)`,
			e.ID, i, c.Name, c.Role, c.Email, c.Phone)
		if err != nil {
			return err
		}
		c.ID = id
	}
	return nil
}

func (tx *Tx) writeAgreements(ctx context.Context, e *werkpad.Employer) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM employer_agreements WHERE employer_id = ?`, e.ID); err != nil {
		return err
	}
	for i := range e.Agreements {
		a := &e.Agreements[i]
		id, err := tx.insertID(ctx, `INSERT INTO employer_agreements (employer_id, kind, from_date, to_date, note) VALUES (?, ?, ?, ?, ?)`,
			e.ID, string(a.Kind), a.Period.From, a.Period.To, a.Note)
		if err != nil {
			return err
		}
		a.ID = id
	}
	return nil
}

// duplicateKvK is the conflict for a KvK number that is already registered;
// it names the employer so the user can open it instead.
func (tx *Tx) duplicateKvK(ctx context.Context, kvk string) error {
	var id int64
	var name string
	err := tx.QueryRowContext(ctx, `SELECT id, name FROM employers WHERE kvk = ?`, kvk).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	return &werkpad.Error{Code: werkpad.ECONFLICT, Field: "kvk",
		Message: fmt.Sprintf("KvK-nummer %s is al geregistreerd voor werkgever %q (nummer %d). Open die werkgever in plaats van een nieuwe aan te maken.", kvk, name, id)}
}

// CreateEmployer registers an employer (consulent, werkgeversadviseur).
func (s *EmployerService) CreateEmployer(ctx context.Context, e *werkpad.Employer) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesWriteEmployers...); err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return err
	}
	err := s.db.inTx(ctx, func(tx *Tx) error {
		if err := tx.knownMunicipality(ctx, "gemeente", e.MunicipalityCode); err != nil {
			return err
		}
		if err := tx.duplicateKvK(ctx, e.KvK); err != nil {
			return err
		}
		id, err := tx.insertID(ctx, `INSERT INTO employers (kvk, name, search_name, sector, municipality, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, e.KvK, e.Name, strings.ToLower(e.Name), e.Sector, e.MunicipalityCode, tx.now, tx.now)
		if isUniqueViolation(err) {
			return werkpad.Errorf(werkpad.ECONFLICT, "KvK-nummer %s is zojuist door iemand anders geregistreerd. Zoek de werkgever op.", e.KvK)
		} else if err != nil {
			return err
		}
		e.ID, e.CreatedAt, e.UpdatedAt = id, tx.now, tx.now
		if err := tx.writeContacts(ctx, e); err != nil {
			return err
		}
		if err := tx.writeAgreements(ctx, e); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "werkgever", itoa(id), "", "kvk="+e.KvK)
	})
	if err != nil {
		return fmt.Errorf("store.CreateEmployer: %w", err)
	}
	return nil
}

func (s *EmployerService) find(ctx context.Context, op, cond string, arg any) (*werkpad.Employer, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...); err != nil {
		return nil, err
	}
	var e *werkpad.Employer
	err := s.db.readTx(ctx, func(tx *Tx) (err error) {
		e, err = tx.findEmployer(ctx, cond, arg, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.%s: %w", op, err)
	}
	return e, nil
}

func (s *EmployerService) FindEmployerByID(ctx context.Context, id int64) (*werkpad.Employer, error) {
	return s.find(ctx, fmt.Sprintf("FindEmployerByID(%d)", id), "e.id = ?", id)
}

func (s *EmployerService) FindEmployerByKvK(ctx context.Context, kvk string) (*werkpad.Employer, error) {
	kvk, err := werkpad.ParseKvK(kvk)
	if err != nil {
		return nil, err
	}
	return s.find(ctx, "FindEmployerByKvK", "e.kvk = ?", kvk)
}

// FindEmployers returns a page of employers by name. Search matches a part
// of the name (every word) or the start of the KvK number.
func (s *EmployerService) FindEmployers(ctx context.Context, f werkpad.EmployerFilter) ([]*werkpad.Employer, int, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...); err != nil {
		return nil, 0, err
	}
	w := &where{}
	if f.Municipality != "" {
		w.add("e.municipality = ?", f.Municipality)
	}
	if f.Sector != "" {
		w.add("LOWER(e.sector) = ?", strings.ToLower(strings.TrimSpace(f.Sector)))
	}
	for _, word := range strings.Fields(strings.ToLower(f.Search)) {
		w.add(`(e.search_name LIKE ? ESCAPE '\' OR e.kvk LIKE ? ESCAPE '\')`, "%"+escapeLike(word)+"%", escapeLike(word)+"%")
	}
	var list []*werkpad.Employer
	var total int
	err := s.db.readTx(ctx, func(tx *Tx) (err error) {
		total, err = tx.countAndList(ctx, "employers e", w, employerColumns, "e.search_name, e.id", f.Page,
			func(r interface{ Scan(...any) error }) error {
				e, err := scanEmployer(r)
				list = append(list, e)
				return err
			})
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindEmployers: %w", err)
	}
	return list, total, nil
}

// change loads an employer for update, applies fn, validates and stores.
func (s *EmployerService) change(ctx context.Context, op string, id int64, detail string, fn func(tx *Tx, e *werkpad.Employer) error) (*werkpad.Employer, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesWriteEmployers...); err != nil {
		return nil, err
	}
	var e *werkpad.Employer
	err := s.db.inTx(ctx, func(tx *Tx) (err error) {
		if e, err = tx.findEmployer(ctx, "e.id = ?", id, true); err != nil {
			return err
		}
		if err := fn(tx, e); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE employers SET name = ?, search_name = ?, sector = ?, municipality = ?, updated_at = ? WHERE id = ?`,
			e.Name, strings.ToLower(e.Name), e.Sector, e.MunicipalityCode, tx.now, id); err != nil {
			return err
		}
		e.UpdatedAt = tx.now
		return tx.audit(ctx, "wijzigen", "werkgever", itoa(id), "", detail)
	})
	if err != nil {
		return nil, fmt.Errorf("store.%s(%d): %w", op, id, err)
	}
	return e, nil
}

func (s *EmployerService) UpdateEmployer(ctx context.Context, id int64, upd werkpad.EmployerUpdate) (*werkpad.Employer, error) {
	return s.change(ctx, "UpdateEmployer", id, "gegevens", func(tx *Tx, e *werkpad.Employer) error {
		if upd.Name != nil {
			e.Name = *upd.Name
		}
		if upd.Sector != nil {
			e.Sector = *upd.Sector
		}
		if upd.MunicipalityCode != nil {
			e.MunicipalityCode = *upd.MunicipalityCode
		}
		if err := e.Validate(); err != nil {
			return err
		}
		return tx.knownMunicipality(ctx, "gemeente", e.MunicipalityCode)
	})
}

func (s *EmployerService) ReplaceContacts(ctx context.Context, id int64, cs []werkpad.EmployerContact) (*werkpad.Employer, error) {
	return s.change(ctx, "ReplaceContacts", id, "contactpersonen", func(tx *Tx, e *werkpad.Employer) error {
		e.Contacts = append([]werkpad.EmployerContact(nil), cs...)
		if err := e.Validate(); err != nil {
			return err
		}
		return tx.writeContacts(ctx, e)
	})
}

func (s *EmployerService) ReplaceAgreements(ctx context.Context, id int64, as []werkpad.EmployerAgreement) (*werkpad.Employer, error) {
	return s.change(ctx, "ReplaceAgreements", id, "afspraken", func(tx *Tx, e *werkpad.Employer) error {
		e.Agreements = append([]werkpad.EmployerAgreement(nil), as...)
		if err := e.Validate(); err != nil {
			return err
		}
		return tx.writeAgreements(ctx, e)
	})
}

// AddContactLogEntry appends a contact with an employer (consulent,
// werkgeversadviseur). Linked to the market-work card item, it counts for
// the given municipality (default: the employer's), which must be in scope.
func (s *EmployerService) AddContactLogEntry(ctx context.Context, c *werkpad.ContactLogEntry) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteEmployers...)
	if err != nil {
		return err
	}
	c.MunicipalityCode = strings.ToUpper(strings.TrimSpace(c.MunicipalityCode))
	if err := c.Validate(werkpad.Today(s.db.Now())); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.findEmployer(ctx, "e.id = ?", c.EmployerID, false)
		if err != nil {
			return err
		}
		if c.MunicipalityCode == "" {
			c.MunicipalityCode = e.MunicipalityCode
		}
		if c.CardItem != "" && !u.InScope(c.MunicipalityCode) {
			return municipalityNotFound()
		}
		id, err := tx.insertID(ctx, `INSERT INTO employer_contact_log (employer_id, kind, on_date, note, card_item, municipality, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.EmployerID, string(c.Kind), c.On, c.Note, c.CardItem, c.MunicipalityCode, u.ID, tx.now)
		if err != nil {
			return err
		}
		c.ID, c.CreatedBy, c.CreatedAt = id, u.ID, tx.now
		return tx.audit(ctx, "contact", "werkgever", itoa(c.EmployerID), "", string(c.Kind)+" "+c.CardItem)
	})
	if err != nil {
		return fmt.Errorf("store.AddContactLogEntry: %w", err)
	}
	return nil
}

// FindContactLog returns an employer's contact history, newest first.
func (s *EmployerService) FindContactLog(ctx context.Context, employerID int64) ([]*werkpad.ContactLogEntry, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...); err != nil {
		return nil, err
	}
	var list []*werkpad.ContactLogEntry
	err := s.db.readTx(ctx, func(tx *Tx) error {
		if _, err := tx.findEmployer(ctx, "e.id = ?", employerID, false); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, employer_id, kind, on_date, note, card_item, municipality, created_by, created_at
			FROM employer_contact_log WHERE employer_id = ? ORDER BY on_date DESC, id DESC`, employerID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c werkpad.ContactLogEntry
			var kind string
			if err := rows.Scan(&c.ID, &c.EmployerID, &kind, &c.On, &c.Note, &c.CardItem, &c.MunicipalityCode, &c.CreatedBy, &c.CreatedAt); err != nil {
				return err
			}
			c.Kind, c.CreatedAt = werkpad.ContactKind(kind), c.CreatedAt.UTC()
			list = append(list, &c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindContactLog(%d): %w", employerID, err)
	}
	return list, nil
}

// MarketWork tallies contacts and events linked to the market-work card
// item for a municipality in scope.
func (s *EmployerService) MarketWork(ctx context.Context, municipality string, p werkpad.Period) (*werkpad.MarketWorkTally, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...)
	if err != nil {
		return nil, err
	}
	if !u.InScope(municipality) {
		return nil, municipalityNotFound()
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	t := &werkpad.MarketWorkTally{MunicipalityCode: municipality, Period: p}
	w := &where{}
	w.add("municipality = ? AND card_item = ?", municipality, werkpad.MarketWorkCardItem)
	w.within("on_date", p)
	err = s.db.readTx(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN kind = 'event' THEN 0 ELSE 1 END), 0),
			COALESCE(SUM(CASE WHEN kind = 'event' THEN 1 ELSE 0 END), 0) FROM employer_contact_log WHERE `+w.String(), w.args...).
			Scan(&t.Contacts, &t.Events)
	})
	if err != nil {
		return nil, fmt.Errorf("store.MarketWork: %w", err)
	}
	return t, nil
}

// EmployerOverview counts the employer's placements active on day on
// (zero: today) in the caller's scope.
func (s *EmployerService) EmployerOverview(ctx context.Context, id int64, on werkpad.Date) (*werkpad.EmployerOverview, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = werkpad.Today(s.db.Now())
	}
	o := &werkpad.EmployerOverview{On: on, Scoped: !u.AllMunicipalities()}
	err = s.db.readTx(ctx, func(tx *Tx) error {
		if o.Employer, err = tx.findEmployer(ctx, "e.id = ?", id, false); err != nil {
			return err
		}
		w := scoped(u, "p.municipality")
		w.add("p.employer_id = ?", id)
		w.activeIn("p.start_date", "p.end_date", werkpad.Period{From: on, To: on})
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*),
			COALESCE(SUM(CASE WHEN p.wage_subsidy THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN p.contract_type = ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN p.secondment_job THEN 1 ELSE 0 END), 0)
			FROM placements p WHERE `+w.String(), append([]any{string(werkpad.ContractSWSecondment)}, w.args...)...).
			Scan(&o.ActivePlacements, &o.ActiveLKS, &o.SWSecondments, &o.SecondmentJobs)
		if err != nil {
			return err
		}
		o.GroupSize = o.ActivePlacements
		o.BonusEligible = werkpad.BonusEligible(o.GroupSize)
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM vacancies WHERE employer_id = ? AND status = ?`, id, string(werkpad.VacancyOpen)).
			Scan(&o.OpenVacancies); err != nil {
			return err
		}
		if o.BonusGrants, err = tx.bonusGrants(ctx, id); err != nil {
			return err
		}
		// The group on a grant's date is counted region-wide: a figure for
		// regional roles only, never for a user scoped to municipalities.
		if o.Scoped {
			for i := range o.BonusGrants {
				o.BonusGrants[i].ActivePlacements = 0
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.EmployerOverview(%d): %w", id, err)
	}
	return o, nil
}

func (tx *Tx) bonusGrants(ctx context.Context, employerID int64) ([]werkpad.BonusGrant, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, employer_id, amount_cents, granted_on, note, active_placements, created_at
		FROM bonus_grants WHERE employer_id = ? ORDER BY granted_on, id`, employerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []werkpad.BonusGrant
	for rows.Next() {
		var g werkpad.BonusGrant
		if err := rows.Scan(&g.ID, &g.EmployerID, &g.AmountCents, &g.On, &g.Note, &g.ActivePlacements, &g.CreatedAt); err != nil {
			return nil, err
		}
		g.CreatedAt = g.CreatedAt.UTC()
		list = append(list, g)
	}
	return list, rows.Err()
}

// GrantBonus records a werkgeversbonus (werkgeversadviseur). The group is
// counted region-wide on the grant date, inside the transaction.
func (s *EmployerService) GrantBonus(ctx context.Context, g *werkpad.BonusGrant) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesGrantBonus...)
	if err != nil {
		return err
	}
	g.Note = strings.TrimSpace(g.Note)
	if g.AmountCents <= 0 {
		return werkpad.FieldError("bedragCent", "Vul het bedrag van de bonus in.")
	}
	if g.On.IsZero() {
		return werkpad.FieldError("datum", "Vul de datum van de toekenning in.")
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.findEmployer(ctx, "e.id = ?", g.EmployerID, true)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM placements WHERE employer_id = ? AND start_date <= ?
			AND (end_date IS NULL OR end_date >= ?)`, g.EmployerID, g.On, g.On).Scan(&g.ActivePlacements); err != nil {
			return err
		}
		if !werkpad.BonusEligible(g.ActivePlacements) {
			return werkpad.Errorf(werkpad.ECONFLICT, "%s heeft op %s %d lopende plaatsingen; de werkgeversbonus is voor een groep van %d of meer.",
				e.Name, g.On.Dutch(), g.ActivePlacements, werkpad.WerkgeversbonusMinPlacements)
		}
		id, err := tx.insertID(ctx, `INSERT INTO bonus_grants (employer_id, amount_cents, granted_on, note, active_placements, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, g.EmployerID, g.AmountCents, g.On, g.Note, g.ActivePlacements, u.ID, tx.now)
		if err != nil {
			return err
		}
		g.ID, g.CreatedAt = id, tx.now
		return tx.audit(ctx, "bonus", "werkgever", itoa(g.EmployerID), "", fmt.Sprintf("bedrag=%d groep=%d", g.AmountCents, g.ActivePlacements))
	})
	if err != nil {
		return fmt.Errorf("store.GrantBonus: %w", err)
	}
	return nil
}

// EmployerGroups counts the placements active on day on per registered
// employer in one grouped query, in the caller's scope, and reads the
// employers with at least min of them.
func (s *EmployerService) EmployerGroups(ctx context.Context, on werkpad.Date, min int) ([]werkpad.EmployerGroup, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadEmployers...)
	if err != nil {
		return nil, err
	}
	var out []werkpad.EmployerGroup
	err = s.db.readTx(ctx, func(tx *Tx) error {
		w := scoped(u, "p.municipality")
		w.add("p.employer_id IS NOT NULL")
		w.activeIn("p.start_date", "p.end_date", werkpad.Period{From: on, To: on})
		rows, err := tx.QueryContext(ctx, `SELECT `+employerColumns+`, g.n FROM employers e
			JOIN (SELECT p.employer_id, COUNT(*) AS n FROM placements p WHERE `+w.String()+`
				GROUP BY p.employer_id HAVING COUNT(*) >= ?) g ON g.employer_id = e.id
			ORDER BY g.n DESC, e.search_name, e.id`, append(w.args, min)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g werkpad.EmployerGroup
			var n int
			e, err := scanEmployer(scanAppend{rows, []any{&n}})
			if err != nil {
				return err
			}
			g.Employer, g.Active = e, n
			out = append(out, g)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.EmployerGroups(%s): %w", on, err)
	}
	return out, nil
}
