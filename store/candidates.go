package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"werkpad"
)

// CandidateService implements werkpad.CandidateService. The sealer encrypts
// and hashes the BSN; the plain BSN is never stored, logged or put in an
// error.
type CandidateService struct {
	db     *DB
	sealer *Sealer
}

func NewCandidateService(db *DB, sealer *Sealer) *CandidateService {
	return &CandidateService{db: db, sealer: sealer}
}

const candidateColumns = `c.id, c.municipality, c.bsn_encrypted, c.bsn_last4, c.given_name, c.infix, c.surname,
	c.birth_date, c.service_line, c.registered_on, c.deregistered_on, c.consultant_id, c.created_at, c.updated_at`

// scanCandidate reads a row of candidateColumns. The BSN is set masked;
// sealed is the encrypted BSN for the one caller that may open it.
func scanCandidate(s interface{ Scan(...any) error }) (c *werkpad.Candidate, sealed string, err error) {
	c = &werkpad.Candidate{}
	var last4, line string
	var consultant sql.NullInt64
	if err := s.Scan(&c.ID, &c.MunicipalityCode, &sealed, &last4, &c.GivenName, &c.Infix, &c.Surname,
		&c.BirthDate, &line, &c.RegisteredOn, &c.DeregisteredOn, &consultant, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, "", err
	}
	c.BSN = maskedBSN(last4)
	c.ServiceLine = werkpad.ServiceLine(line)
	c.ConsultantID = consultant.Int64
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, sealed, nil
}

// findCandidate loads one candidate in u's scope with its dated lists; with
// lock the row stays locked for the transaction. BSN is masked.
func (tx *Tx) findCandidate(ctx context.Context, u *werkpad.User, cond string, arg any, lock bool) (*werkpad.Candidate, string, error) {
	w := scoped(u, "c.municipality")
	w.add(cond, arg)
	q := `SELECT ` + candidateColumns + ` FROM candidates c WHERE ` + w.String()
	if lock {
		q += tx.db.forUpdate()
	}
	c, sealed, err := scanCandidate(tx.QueryRowContext(ctx, q, w.args...))
	if err != nil {
		return nil, "", notFound(err, "Kandidaat")
	}
	return c, sealed, tx.loadPeriods(ctx, c)
}

// openBSN replaces the masked BSN by the plain one.
func (s *CandidateService) openBSN(c *werkpad.Candidate, sealed string) error {
	bsn, err := s.sealer.Open(sealed)
	if err != nil {
		return fmt.Errorf("kandidaat %d: bsn: %w", c.ID, err)
	}
	c.BSN = bsn
	return nil
}

// mayReadPlainBSN: the werkgeversadviseur matches on skills, not identity.
func mayReadPlainBSN(u *werkpad.User) bool { return u.Role != werkpad.RoleEmployerAdviser }

func normaliseCandidate(c *werkpad.Candidate) {
	c.GivenName = strings.TrimSpace(c.GivenName)
	c.Infix = strings.TrimSpace(c.Infix)
	c.Surname = strings.TrimSpace(c.Surname)
	c.MunicipalityCode = strings.ToUpper(strings.TrimSpace(c.MunicipalityCode))
	if bsn, err := werkpad.ParseBSN(c.BSN); err == nil {
		c.BSN = bsn
	}
}

// municipalityNotFound is the answer for a municipality outside the scope:
// the same as for one that does not exist.
func municipalityNotFound() error {
	return &werkpad.Error{Code: werkpad.ENOTFOUND, Field: "gemeente", Message: "Gemeente niet gevonden."}
}

// checkMunicipality refuses a municipality outside u's scope or unknown.
func (tx *Tx) checkMunicipality(ctx context.Context, u *werkpad.User, code string) error {
	if !u.InScope(code) {
		return municipalityNotFound()
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return municipalityNotFound()
	}
	return nil
}

// knownMunicipality refuses a municipality code that is well formed but
// not one of the municipalities in the register (GM9999), on records that
// are not tenancy-scoped, such as employers and vacancies.
func (tx *Tx) knownMunicipality(ctx context.Context, field, code string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return werkpad.FieldError(field, "Onbekende gemeente %q: kies een gemeente uit de lijst.", code)
	}
	return nil
}

// checkConsultant refuses a caseload consultant who is not a consulent.
func (tx *Tx) checkConsultant(ctx context.Context, id int64) error {
	if id == 0 {
		return nil
	}
	var role string
	err := tx.QueryRowContext(ctx, `SELECT role FROM users WHERE id = ? AND NOT disabled`, id).Scan(&role)
	if err == sql.ErrNoRows || (err == nil && werkpad.Role(role) != werkpad.RoleConsultant) {
		return werkpad.FieldError("consulentId", "Kies een consulent als caseloadhouder.")
	}
	return err
}

var errDuplicateBSN = werkpad.Errorf(werkpad.ECONFLICT, "Er is al een kandidaat met dit burgerservicenummer. Zoek de kandidaat op BSN.")

// errScopedBSN refuses a new candidate or a changed BSN to a caller bound
// to some municipalities, before any BSN is looked up (issue 15.2). A
// person is one record in the region, so a BSN that is someone's elsewhere
// would have to be refused, and that refusal would tell a scoped caller
// that the person is registered in another municipality. The same answer
// for every BSN tells him nothing: the registration goes through the
// referral (the gemeente registers an aanmelding, or a consulent for the
// whole region registers the person), where a regional consulent sees a
// duplicate and resolves it — by recording the person's move.
var errScopedBSN = werkpad.Errorf(werkpad.EFORBIDDEN, "Een kandidaat inschrijven of een burgerservicenummer wijzigen doet een consulent voor de hele regio: "+
	"zo blijft één persoon één dossier zonder dat zichtbaar wordt of iemand elders is ingeschreven. "+
	"Laat de gemeente de persoon aanmelden (Aanmeldingen) of vraag een consulent voor de hele regio.")

// CreateCandidate stores a new candidate with its dated lists (consulent).
func (s *CandidateService) CreateCandidate(ctx context.Context, c *werkpad.Candidate) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return err
	}
	if !u.AllMunicipalities() {
		return errScopedBSN
	}
	normaliseCandidate(c)
	if err := c.Validate(werkpad.Today(s.db.Now())); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if err := tx.checkMunicipality(ctx, u, c.MunicipalityCode); err != nil {
			return err
		}
		if err := tx.checkConsultant(ctx, c.ConsultantID); err != nil {
			return err
		}
		if err := tx.insertCandidate(ctx, s.sealer, c); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "kandidaat", itoa(c.ID), c.MunicipalityCode, "dienstverlening="+string(c.ServiceLine))
	})
	if err != nil {
		return fmt.Errorf("store.CreateCandidate: %w", err)
	}
	loggedCandidate(ctx, c.ID)
	return nil
}

// insertCandidate stores a new, validated and normalised candidate with its
// dated lists and sets its id and timestamps. It is the one INSERT of a
// candidate, shared by CreateCandidate and the import.
func (tx *Tx) insertCandidate(ctx context.Context, sealer *Sealer, c *werkpad.Candidate) error {
	id, err := tx.insertID(ctx, `INSERT INTO candidates (municipality, bsn_encrypted, bsn_hash, bsn_last4,
		given_name, infix, surname, search_given, search_surname, birth_date, service_line,
		registered_on, deregistered_on, consultant_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.MunicipalityCode, sealer.Seal(c.BSN), sealer.Hash(c.BSN), c.BSN[len(c.BSN)-4:],
		c.GivenName, c.Infix, c.Surname, strings.ToLower(c.GivenName), strings.ToLower(c.Surname),
		c.BirthDate, string(c.ServiceLine), c.RegisteredOn, c.DeregisteredOn, nullID(c.ConsultantID), tx.now, tx.now)
	if isUniqueViolation(err) {
		return errDuplicateBSN
	} else if err != nil {
		return err
	}
	c.ID, c.CreatedAt, c.UpdatedAt = id, tx.now, tx.now
	if err := tx.insertHistory(ctx, c); err != nil {
		return err
	}
	return tx.writePeriods(ctx, c)
}

// FindCandidateByID returns the whole record, with the plain BSN except for
// the werkgeversadviseur, and records the read in the audit log.
func (s *CandidateService) FindCandidateByID(ctx context.Context, id int64) (*werkpad.Candidate, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCandidates...)
	if err != nil {
		return nil, err
	}
	var c *werkpad.Candidate
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var sealed string
		if c, sealed, err = tx.findCandidate(ctx, u, "c.id = ?", id, false); err != nil {
			return err
		}
		if mayReadPlainBSN(u) {
			if err := s.openBSN(c, sealed); err != nil {
				return err
			}
		}
		if err := tx.loadHistory(ctx, c); err != nil {
			return err
		}
		return tx.audit(ctx, "inzien", "kandidaat", itoa(id), c.MunicipalityCode, "")
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindCandidateByID(%d): %w", id, err)
	}
	loggedCandidate(ctx, c.ID)
	return c, nil
}

// SearchCandidateByBSN finds a candidate by exact BSN through the keyed
// hash. The BSN in the result is masked; the search is audited (without
// the BSN).
func (s *CandidateService) SearchCandidateByBSN(ctx context.Context, bsn string) (*werkpad.Candidate, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesSearchByBSN...)
	if err != nil {
		return nil, err
	}
	bsn, err = werkpad.ParseBSN(bsn)
	if err != nil {
		return nil, err
	}
	var c *werkpad.Candidate
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if c, _, err = tx.findCandidate(ctx, u, "c.bsn_hash = ?", s.sealer.Hash(bsn), false); err != nil {
			return err
		}
		return tx.audit(ctx, "zoeken-bsn", "kandidaat", itoa(c.ID), c.MunicipalityCode, "")
	})
	if err != nil {
		return nil, fmt.Errorf("store.SearchCandidateByBSN: %w", err)
	}
	loggedCandidate(ctx, c.ID)
	return c, nil
}

// UpdateCandidate changes the candidate's own fields (consulent). A move to
// another municipality moves the candidate's casework with him; referrals
// stay with the municipality that made them.
func (s *CandidateService) UpdateCandidate(ctx context.Context, id int64, upd werkpad.CandidateUpdate) (*werkpad.Candidate, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return nil, err
	}
	var c *werkpad.Candidate
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var sealed string
		if c, sealed, err = tx.findCandidate(ctx, u, "c.id = ?", id, true); err != nil {
			return err
		}
		if err := s.openBSN(c, sealed); err != nil {
			return err
		}
		oldBSN, oldMunicipality, oldServiceLine, oldConsultant := c.BSN, c.MunicipalityCode, c.ServiceLine, c.ConsultantID
		before := *c
		changes := applyCandidateUpdate(c, upd)
		normaliseCandidate(c)
		if err := c.Validate(werkpad.Today(tx.now)); err != nil {
			return err
		}
		// A rectification keeps what it replaced (AVG art. 16).
		for _, f := range []struct{ field, old, new string }{
			{"voornaam", before.GivenName, c.GivenName}, {"tussenvoegsel", before.Infix, c.Infix},
			{"achternaam", before.Surname, c.Surname}, {"geboortedatum", before.BirthDate.String(), c.BirthDate.String()},
		} {
			if f.old != f.new {
				if _, err := tx.ExecContext(ctx, `INSERT INTO candidate_corrections (candidate_id, field, old_value, new_value, corrected_at, corrected_by)
					VALUES (?, ?, ?, ?, ?, ?)`, id, f.field, f.old, f.new, tx.now, nullID(u.ID)); err != nil {
					return err
				}
			}
		}
		if c.MunicipalityCode != oldMunicipality {
			if err := tx.checkMunicipality(ctx, u, c.MunicipalityCode); err != nil {
				return err
			}
		}
		if c.ConsultantID != oldConsultant {
			if err := tx.checkConsultant(ctx, c.ConsultantID); err != nil {
				return err
			}
		}
		if c.BSN != oldBSN {
			if !u.AllMunicipalities() {
				return errScopedBSN
			}
			_, err := tx.ExecContext(ctx, `UPDATE candidates SET bsn_encrypted = ?, bsn_hash = ?, bsn_last4 = ? WHERE id = ?`,
				s.sealer.Seal(c.BSN), s.sealer.Hash(c.BSN), c.BSN[len(c.BSN)-4:], id)
			if isUniqueViolation(err) {
				return errDuplicateBSN
			} else if err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE candidates SET municipality = ?, given_name = ?, infix = ?, surname = ?,
			search_given = ?, search_surname = ?, birth_date = ?, service_line = ?, registered_on = ?,
			deregistered_on = ?, consultant_id = ?, updated_at = ? WHERE id = ?`,
			c.MunicipalityCode, c.GivenName, c.Infix, c.Surname, strings.ToLower(c.GivenName), strings.ToLower(c.Surname),
			c.BirthDate, string(c.ServiceLine), c.RegisteredOn, c.DeregisteredOn, nullID(c.ConsultantID), tx.now, id); err != nil {
			return err
		}
		dated, err := tx.changeDatedAttributes(ctx, c, upd, oldMunicipality, oldServiceLine, oldConsultant)
		if err != nil {
			return err
		}
		changes = append(changes, dated...)
		if c.MunicipalityCode != oldMunicipality {
			// The records follow the person for the pages and the scope
			// (a municipality sees the people who live there now); reports
			// attribute them by the residence history instead.
			for _, table := range []string{"benefit_periods", "indications", "phase_periods", "enrolments", "placements", "exits", "signals", "complaints"} {
				if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET municipality = ? WHERE candidate_id = ?`, c.MunicipalityCode, id); err != nil {
					return err
				}
			}
			changes = append(changes, "van "+oldMunicipality)
		}
		c.UpdatedAt = tx.now
		if err := tx.loadHistory(ctx, c); err != nil {
			return err
		}
		// Field names and codes only: the audit log holds no personal data.
		// A correction of a wrong record and a change in the world are
		// told apart by the action.
		action := "wijzigen"
		if upd.Correction {
			action = "corrigeren"
		}
		return tx.audit(ctx, action, "kandidaat", itoa(id), c.MunicipalityCode, strings.Join(changes, " "))
	})
	if err != nil {
		return nil, fmt.Errorf("store.UpdateCandidate(%d): %w", id, err)
	}
	loggedCandidate(ctx, c.ID)
	return c, nil
}

// changeDatedAttributes records the changes of the dated attributes in
// candidate_history (see changeAttribute) and returns their audit details.
func (tx *Tx) changeDatedAttributes(ctx context.Context, c *werkpad.Candidate, upd werkpad.CandidateUpdate,
	oldMunicipality string, oldServiceLine werkpad.ServiceLine, oldConsultant int64) ([]string, error) {
	if c.MunicipalityCode == oldMunicipality && c.ServiceLine == oldServiceLine && c.ConsultantID == oldConsultant {
		return nil, nil
	}
	per := upd.Per
	today := werkpad.Today(tx.now)
	if per.IsZero() {
		per = today
	}
	if per.After(today) {
		return nil, werkpad.FieldError("per", "De datum van de wijziging ligt in de toekomst. Leg een wijziging vast als die ingaat.")
	}
	var details []string
	for _, ch := range []struct {
		a        werkpad.HistoryAttribute
		old, new string
	}{
		{werkpad.HistoryMunicipality, oldMunicipality, c.MunicipalityCode},
		{werkpad.HistoryServiceLine, string(oldServiceLine), string(c.ServiceLine)},
		{werkpad.HistoryConsultant, consultantValue(oldConsultant), consultantValue(c.ConsultantID)},
	} {
		if ch.old == ch.new {
			continue
		}
		d, err := tx.changeAttribute(ctx, c.ID, ch.a, ch.new, per, upd.Correction)
		if err != nil {
			return nil, err
		}
		if d != "" {
			details = append(details, d)
		}
	}
	return details, nil
}

// applyCandidateUpdate sets the non-nil fields and returns their names.
func applyCandidateUpdate(c *werkpad.Candidate, upd werkpad.CandidateUpdate) []string {
	var changed []string
	set := func(name string, ok bool, apply func()) {
		if ok {
			apply()
			changed = append(changed, name)
		}
	}
	set("bsn", upd.BSN != nil, func() { c.BSN = *upd.BSN })
	set("voornaam", upd.GivenName != nil, func() { c.GivenName = *upd.GivenName })
	set("tussenvoegsel", upd.Infix != nil, func() { c.Infix = *upd.Infix })
	set("achternaam", upd.Surname != nil, func() { c.Surname = *upd.Surname })
	set("geboortedatum", upd.BirthDate != nil, func() { c.BirthDate = *upd.BirthDate })
	set("gemeente", upd.MunicipalityCode != nil, func() { c.MunicipalityCode = *upd.MunicipalityCode })
	set("dienstverlening", upd.ServiceLine != nil, func() { c.ServiceLine = *upd.ServiceLine })
	set("ingeschrevenOp", upd.RegisteredOn != nil, func() { c.RegisteredOn = *upd.RegisteredOn })
	set("uitgeschrevenOp", upd.DeregisteredOn != nil, func() { c.DeregisteredOn = *upd.DeregisteredOn })
	set("consulentId", upd.ConsultantID != nil, func() { c.ConsultantID = *upd.ConsultantID })
	return changed
}

// FindCandidates returns a page of candidates in scope, by name, with the
// total count. BSNs are masked.
func (s *CandidateService) FindCandidates(ctx context.Context, f werkpad.CandidateFilter) ([]*werkpad.Candidate, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCandidates...)
	if err != nil {
		return nil, 0, err
	}
	w, err := s.candidateWhere(u, f)
	if err != nil {
		return nil, 0, err
	}
	order, err := s.candidateOrder(f)
	if err != nil {
		return nil, 0, err
	}
	var list []*werkpad.Candidate
	var total int
	scan := func(r interface{ Scan(...any) error }) error {
		c, _, err := scanCandidate(r)
		list = append(list, c)
		return err
	}
	err = s.db.readTx(ctx, func(tx *Tx) error {
		if from, mw, ok := s.nameMatches(u, f); ok {
			total, err = tx.listNameMatches(ctx, from, mw, f, scan)
		} else if f.Phase == "" {
			total, err = tx.countAndList(ctx, "candidates c", w, candidateColumns, order, f.Page, scan)
		} else {
			total, err = s.listInPhase(ctx, tx, u, f, w, order, scan)
		}
		if err != nil {
			return err
		}
		return tx.loadPeriods(ctx, list...)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.FindCandidates: %w", err)
	}
	logged(ctx, werkpad.SubjectCandidate, list, func(c *werkpad.Candidate) int64 { return c.ID })
	return list, total, nil
}

// nameMatches is, on PostgreSQL, the candidates of a search by name within
// the scope (and a chosen municipality), with nothing else asked and in
// name order, as a derived table m(id, search_surname, search_given) read
// from the name indexes alone (migration 00142): the candidates whose
// surname starts with the first word, and those whose given name does and
// surname does not (no one twice, no set to deduplicate), kept to those
// with every further word at the start of either name. The list then sorts
// the index entries and reads only its page's candidates: a common surname
// of the demo region (1 in 53 at scale 100, 12.500 people) read every
// match's row and sorted them (a bitmap scan: 21–37 ms, its count 13 ms;
// under the load test the largest cost of a page), now 4 ms, the count 3,5
// ms. The derived table is from; w holds the further words, and its
// arguments start with from's. ok is false for anything else (other
// filters, orders, SQLite, where the names' own indexes serve the ranges of
// candidateWhere).
func (s *CandidateService) nameMatches(u *werkpad.User, f werkpad.CandidateFilter) (from string, w *where, ok bool) {
	words := nameWords(f.Name)
	if s.db.Dialect != Postgres || len(words) == 0 || f.Phase != "" || f.ServiceLine != "" || f.ConsultantID != 0 ||
		!f.BirthDate.IsZero() || f.InService || f.FocusGroup != "" || (f.Sort != "" && f.Sort != werkpad.SortByName) {
		return "", nil, false
	}
	scope := scoped(u, "c.municipality")
	if f.Municipality != "" {
		scope.add("c.municipality = ?", f.Municipality)
	}
	first := escapeLike(words[0]) + "%"
	const cols = `SELECT c.id, c.search_surname, c.search_given FROM candidates c WHERE `
	bySurname := scope.with(`c.search_surname LIKE ? ESCAPE '\'`, first)
	byGiven := scope.with(`c.search_given LIKE ? ESCAPE '\' AND c.search_surname NOT LIKE ? ESCAPE '\'`, first, first)
	from = `(` + cols + bySurname.String() + ` UNION ALL ` + cols + byGiven.String() + `) m`
	w = &where{args: append(bySurname.args, byGiven.args...)}
	for _, word := range words[1:] {
		w.add(namePrefix("m", word))
	}
	return from, w, true
}

// nameWords are the words of a search by name, each to start the surname
// or the given name (stored lower-cased): the one split of candidateWhere
// and nameMatches, which must find the same candidates.
func nameWords(name string) []string { return strings.Fields(strings.ToLower(name)) }

// namePrefix is, on PostgreSQL, the condition that word starts the surname
// or the given name of alias (a candidate, or nameMatches' index entries),
// with its arguments.
func namePrefix(alias, word string) (string, any, any) {
	pat := escapeLike(word) + "%"
	return `(` + alias + `.search_surname LIKE ? ESCAPE '\' OR ` + alias + `.search_given LIKE ? ESCAPE '\')`, pat, pat
}

// listNameMatches lists page f.Page of the candidates of nameMatches (from,
// w) in name order and counts them as countAndList does (totalAfterPage).
func (tx *Tx) listNameMatches(ctx context.Context, from string, w *where, f werkpad.CandidateFilter, scan func(interface{ Scan(...any) error }) error) (int, error) {
	dir := " ASC"
	if f.Descending {
		dir = " DESC"
	}
	limit, offset := pageArgs(f.Page)
	rows, err := tx.QueryContext(ctx, `SELECT `+candidateColumns+` FROM candidates c JOIN (SELECT m.id, m.search_surname, m.search_given FROM `+from+`
		WHERE `+w.String()+` ORDER BY m.search_surname`+dir+`, m.search_given`+dir+`, m.id`+dir+` LIMIT ? OFFSET ?) p ON p.id = c.id
		ORDER BY c.search_surname`+dir+`, c.search_given`+dir+`, c.id`+dir, append(slices.Clone(w.args), limit, offset)...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		if err := scan(rows); err != nil {
			return 0, err
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return tx.totalAfterPage(ctx, from, w, f.Page, n)
}

// phaseWalkRows is how many candidates a page of a phase list may walk in
// name order (about 4 µs each on SQLite) before the list is built from the
// phase's set instead.
var phaseWalkRows = 5000

// listInPhase counts and pages the candidates of filter f (with its other
// conditions in w) who are in phase f.Phase on the day of f.
//
// The phases of a candidate never overlap and a phase period carries its
// candidate's municipality (a move rewrites it), so when the filter asks
// for nothing but the phase (within the scope and a municipality) the
// count is the number of the scope's periods of that phase running on the
// day, counted from an index in two disjoint parts (still open; ending on
// or after the day) without building a set of people (region, scale 100,
// SQLite: 9 ms instead of 146 ms).
//
// The page walks the name order and asks each candidate for the phase
// (EXISTS) when the phase is common enough for the page to be found
// within phaseWalkRows candidates (region: 1 ms instead of 167 ms);
// otherwise, and for other orders, the set of the phase's people is built
// once from the scope's periods and the page taken from it.
func (s *CandidateService) listInPhase(ctx context.Context, tx *Tx, u *werkpad.User, f werkpad.CandidateFilter, w *where, order string,
	scan func(interface{ Scan(...any) error }) error) (int, error) {
	on := f.On
	if on.IsZero() {
		on = werkpad.Today(s.db.Now())
	}
	// The set of the phase's people keeps parameters: with the values
	// written in, the deep page of the region and a name search within
	// Nijmegen were 10–30 % slower (scale 100).
	pw := scoped(u, "p.municipality")
	if f.Municipality != "" {
		pw.add("p.municipality = ?", f.Municipality)
	}
	pw.add("p.phase = ? AND p.from_date <= ? AND (p.to_date IS NULL OR p.to_date >= ?)", string(f.Phase), on, on)
	inSet := w.with(`c.id IN (SELECT p.candidate_id FROM phase_periods p WHERE `+pw.String()+`)`, pw.args...)
	phaseOnly := f.ServiceLine == "" && f.ConsultantID == 0 && f.FocusGroup == "" && !f.InService && f.Name == "" && f.BirthDate.IsZero()
	if !phaseOnly {
		return tx.countAndList(ctx, "candidates c", inSet, candidateColumns, order, f.Page, scan)
	}
	// The phase's periods in the scope for the count, with the values
	// written into the SQL (codes and a phase that were checked, escaped by
	// sqlList; a date). The open ones are read from phase_periods_open, the
	// phase's open periods by municipality (migration 00142); those that
	// end on or after the day from phase_periods_running, by their last
	// day. SQLite is told both: its statistics count the open periods (no
	// last day) as one group of average size and would walk
	// phase_periods_running instead (scale 100, SQLite: region 26 → 9 ms,
	// Nijmegen 30 → 4,5 ms, Mook en Middelaar 1,2 → 0,1 ms).
	day := s.db.dateLit(on)
	periods := "p.phase = " + sqlList(string(f.Phase)) + " AND p.from_date <= " + day
	switch scope, _ := scopeFilter(u, "p.municipality"); scope {
	case "1=1":
	case "1=0":
		periods += " AND 1=0"
	default:
		periods += " AND p.municipality IN (" + sqlList(u.Municipalities...) + ")"
	}
	if f.Municipality != "" {
		periods += " AND p.municipality = " + sqlList(f.Municipality)
	}
	var total, maxID int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM phase_periods p `+s.db.indexedBy("phase_periods_open")+` WHERE `+periods+` AND p.to_date IS NULL)
		+ (SELECT COUNT(*) FROM phase_periods p `+s.db.indexedBy("phase_periods_running")+` WHERE `+periods+` AND p.to_date >= `+day+`)`).Scan(&total); err != nil {
		return 0, err
	}
	page := inSet
	if f.Sort == "" || f.Sort == werkpad.SortByName {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM candidates`).Scan(&maxID); err != nil {
			return 0, err
		}
		limit, offset := pageArgs(f.Page)
		if total > 0 && (offset+limit)*maxID/total <= phaseWalkRows {
			page = w.with(`EXISTS (SELECT 1 FROM phase_periods p WHERE p.candidate_id = c.id AND p.phase = ? AND p.from_date <= ?
				AND (p.to_date IS NULL OR p.to_date >= ?))`, string(f.Phase), on, on)
		}
	}
	return total, tx.listPage(ctx, "candidates c", page, candidateColumns, order, f.Page, scan)
}

// candidateOrder returns the ORDER BY of FindCandidates. The reference
// date of the phase order is written into the clause as an ISO literal
// (digits and dashes only), because countAndList binds the arguments of
// the WHERE clause only.
func (s *CandidateService) candidateOrder(f werkpad.CandidateFilter) (string, error) {
	if !f.Sort.Valid() {
		return "", werkpad.FieldError("sorteer", "Kies een geldige sortering.")
	}
	dir := " ASC"
	if f.Descending {
		dir = " DESC"
	}
	byName := "c.search_surname" + dir + ", c.search_given" + dir + ", c.id" + dir
	if f.Name != "" && s.db.Dialect == Postgres {
		// With a name filter the matches are few: let PostgreSQL find them
		// through the prefix indexes and sort them, instead of walking the
		// whole name-order index to fill the page. lower() leaves the
		// (already lower-cased) order as it is but hides that index.
		byName = "lower(c.search_surname)" + dir + ", lower(c.search_given)" + dir + ", c.id" + dir
	}
	switch f.Sort {
	case werkpad.SortByBirthDate:
		return "c.birth_date" + dir + ", " + byName, nil
	case werkpad.SortByMunicipality:
		return "c.municipality" + dir + ", " + byName, nil
	case werkpad.SortByPhase:
		on := f.On
		if on.IsZero() {
			on = werkpad.Today(s.db.Now())
		}
		day := "'" + on.String() + "'"
		rank := "CASE p.phase"
		for i, ph := range werkpad.Phases {
			rank += fmt.Sprintf(" WHEN '%s' THEN %d", ph, i+1)
		}
		rank += " END"
		return `COALESCE((SELECT MIN(` + rank + `) FROM phase_periods p WHERE p.candidate_id = c.id
			AND p.from_date <= ` + day + ` AND (p.to_date IS NULL OR p.to_date >= ` + day + `)), 9)` + dir + ", " + byName, nil
	}
	return byName, nil
}

func (s *CandidateService) candidateWhere(u *werkpad.User, f werkpad.CandidateFilter) (*where, error) {
	w := scoped(u, "c.municipality")
	if f.Municipality != "" {
		w.add("c.municipality = ?", f.Municipality)
	}
	if f.ServiceLine != "" {
		w.add("c.service_line = ?", string(f.ServiceLine))
	}
	if f.ConsultantID != 0 {
		w.add("c.consultant_id = ?", f.ConsultantID)
	}
	if !f.BirthDate.IsZero() {
		w.add("c.birth_date = ?", f.BirthDate)
	}
	on := f.On
	if on.IsZero() {
		on = werkpad.Today(s.db.Now())
	}
	if f.InService {
		w.add("c.registered_on <= ? AND (c.deregistered_on IS NULL OR c.deregistered_on >= ?)", on, on)
	}
	if f.Phase != "" && !f.Phase.Valid() {
		return nil, werkpad.FieldError("fase", "Kies een geldige fase.")
	}
	if f.FocusGroup != "" {
		if err := s.focusGroupCond(w, f.FocusGroup, on); err != nil {
			return nil, err
		}
	}
	for _, word := range nameWords(f.Name) {
		if s.db.Dialect == SQLite {
			// The names are stored lower-cased and SQLite compares bytes, so
			// "starts with word" is the range [word, word+U+10FFFF), which
			// the indexes on the names serve (LIKE would scan).
			hi := word + "\U0010FFFF"
			w.add(`((c.search_surname >= ? AND c.search_surname < ?) OR (c.search_given >= ? AND c.search_given < ?))`, word, hi, word, hi)
			continue
		}
		w.add(namePrefix("c", word))
	}
	return w, nil
}

// focusGroupCond adds the SQL form of werkpad.FocusGroups for day on. It
// must agree with the domain rule; TestCandidateFocusGroupFilter checks it
// against werkpad.InFocusGroup.
func (s *CandidateService) focusGroupCond(w *where, g werkpad.FocusGroup, on werkpad.Date) error {
	indication := func(kinds ...werkpad.IndicationKind) {
		args := []any{}
		for _, k := range kinds {
			args = append(args, string(k))
		}
		w.add(`EXISTS (SELECT 1 FROM indications i WHERE i.candidate_id = c.id AND i.kind IN (`+placeholders(len(kinds))+`)
			AND i.from_date <= ? AND (i.to_date IS NULL OR i.to_date >= ?))`, append(args, on, on)...)
	}
	switch g {
	case werkpad.FocusYouth: // age < 27 on day on: born after on minus 27 years
		w.add("c.birth_date <= ? AND c.birth_date > ?", on, on.AddYears(-werkpad.YouthAgeBelow))
	case werkpad.Focus55Plus:
		w.add("c.birth_date <= ?", on.AddYears(-werkpad.SeniorAgeFrom))
	case werkpad.FocusStatusHolder:
		indication(werkpad.IndicationStatusHolder)
	case werkpad.FocusWorkDisability:
		indication(werkpad.IndicationJobAgreement, werkpad.IndicationSheltered)
	case werkpad.FocusNewInflowBijstand:
		// A bijstand spell starting in (on − 1 year, on]: a bijstand period
		// starting then with no bijstand period ending the day before it.
		w.add(`EXISTS (SELECT 1 FROM benefit_periods b WHERE b.candidate_id = c.id AND b.kind = ?
			AND b.from_date > ? AND b.from_date <= ?
			AND NOT EXISTS (SELECT 1 FROM benefit_periods q WHERE q.candidate_id = b.candidate_id AND q.kind = ?
				AND q.to_date = `+s.db.dayBefore("b.from_date")+`))`,
			string(werkpad.BenefitBijstand), on.AddYears(-1), on, string(werkpad.BenefitBijstand))
	default:
		return werkpad.FieldError("doelgroep", "Kies een geldige doelgroep.")
	}
	return nil
}

// changeLists loads a candidate, lets change alter its dated lists,
// validates the whole record and rewrites the lists (consulent).
func (s *CandidateService) changeLists(ctx context.Context, op string, id int64, detail string, change func(c *werkpad.Candidate)) (*werkpad.Candidate, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return nil, err
	}
	var c *werkpad.Candidate
	err = s.db.inTx(ctx, func(tx *Tx) error {
		var sealed string
		if c, sealed, err = tx.findCandidate(ctx, u, "c.id = ?", id, true); err != nil {
			return err
		}
		if err := s.openBSN(c, sealed); err != nil {
			return err
		}
		change(c)
		if err := c.Validate(werkpad.Today(tx.now)); err != nil {
			return err
		}
		if err := tx.writePeriods(ctx, c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE candidates SET updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		c.UpdatedAt = tx.now
		return tx.audit(ctx, "wijzigen", "kandidaat", itoa(id), c.MunicipalityCode, detail)
	})
	if err != nil {
		return nil, fmt.Errorf("store.%s(%d): %w", op, id, err)
	}
	loggedCandidate(ctx, c.ID)
	return c, nil
}

func (s *CandidateService) AddBenefit(ctx context.Context, id int64, b werkpad.BenefitPeriod) (*werkpad.Candidate, error) {
	return s.changeLists(ctx, "AddBenefit", id, "uitkering toegevoegd", func(c *werkpad.Candidate) {
		c.Benefits = append(c.Benefits, b)
	})
}

func (s *CandidateService) ReplaceBenefits(ctx context.Context, id int64, bs []werkpad.BenefitPeriod) (*werkpad.Candidate, error) {
	return s.changeLists(ctx, "ReplaceBenefits", id, "uitkeringen vervangen", func(c *werkpad.Candidate) {
		c.Benefits = slices.Clone(bs)
	})
}

func (s *CandidateService) AddIndication(ctx context.Context, id int64, ind werkpad.Indication) (*werkpad.Candidate, error) {
	return s.changeLists(ctx, "AddIndication", id, "indicatie toegevoegd", func(c *werkpad.Candidate) {
		c.Indications = append(c.Indications, ind)
	})
}

func (s *CandidateService) ReplaceIndications(ctx context.Context, id int64, inds []werkpad.Indication) (*werkpad.Candidate, error) {
	return s.changeLists(ctx, "ReplaceIndications", id, "indicaties vervangen", func(c *werkpad.Candidate) {
		c.Indications = slices.Clone(inds)
	})
}

func (s *CandidateService) AddPhase(ctx context.Context, id int64, p werkpad.PhasePeriod) (*werkpad.Candidate, error) {
	return s.changeLists(ctx, "AddPhase", id, "fase toegevoegd", func(c *werkpad.Candidate) {
		c.Phases = append(c.Phases, p)
	})
}

func (s *CandidateService) ReplacePhases(ctx context.Context, id int64, ps []werkpad.PhasePeriod) (*werkpad.Candidate, error) {
	return s.changeLists(ctx, "ReplacePhases", id, "fasen vervangen", func(c *werkpad.Candidate) {
		c.Phases = slices.Clone(ps)
	})
}

// FindCorrections lists the corrections of candidate id's name and birth
// date, oldest first, for who may read him.
func (s *CandidateService) FindCorrections(ctx context.Context, id int64) ([]werkpad.CandidateCorrection, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadCandidates...)
	if err != nil {
		return nil, err
	}
	out := []werkpad.CandidateCorrection{}
	err = s.db.readTx(ctx, func(tx *Tx) error {
		if _, _, err := tx.findCandidate(ctx, u, "c.id = ?", id, false); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT field, old_value, new_value, corrected_at, COALESCE(corrected_by, 0)
			FROM candidate_corrections WHERE candidate_id = ? ORDER BY corrected_at, id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k werkpad.CandidateCorrection
			if err := rows.Scan(&k.Field, &k.Old, &k.New, &k.At, &k.ByUserID); err != nil {
				return err
			}
			out = append(out, k)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindCorrections(%d): %w", id, err)
	}
	loggedCandidate(ctx, id)
	return out, nil
}
