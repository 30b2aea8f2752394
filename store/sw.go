package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"werkpad"
)

// SWService implements werkpad.SWService. Every read and change is scoped
// by the caller's municipalities; an employee outside the scope is "not
// found". The figures are computed by the pure functions of the domain over
// the records read here, so the store holds no second definition of them.
type SWService struct{ db *DB }

func NewSWService(db *DB) *SWService { return &SWService{db: db} }

var _ werkpad.SWService = (*SWService)(nil)

const swEmployeeColumns = `s.id, s.municipality, s.candidate_id, s.se_thousandths, s.werkvorm, s.start_date, s.end_date, s.location, s.employer_name, s.personnel_number`

func scanSWEmployee(sc interface{ Scan(...any) error }, r *werkpad.SWEmployeeRecord) error {
	var cand *int64
	var vorm string
	err := sc.Scan(&r.ID, &r.MunicipalityCode, &cand, &r.SEThousandths, &vorm, &r.Period.From, &r.Period.To, &r.Location, &r.EmployerName, &r.PersonnelNumber)
	if cand != nil {
		r.CandidateID = *cand
	}
	r.Werkvorm = werkpad.Werkvorm(vorm)
	return err
}

// swFigureColumns are the columns of an employee that the SW chapter's
// figures use (scanSWFigureEmployee).
const swFigureColumns = `s.id, s.municipality, s.se_thousandths, s.werkvorm, s.start_date, s.end_date`

func scanSWFigureEmployee(sc interface{ Scan(...any) error }, r *werkpad.SWEmployeeRecord) error {
	var vorm string
	err := sc.Scan(&r.ID, &r.MunicipalityCode, &r.SEThousandths, &vorm, &r.Period.From, &r.Period.To)
	r.Werkvorm = werkpad.Werkvorm(vorm)
	return err
}

// findSWEmployee reads one employee in u's scope with his history.
func (tx *Tx) findSWEmployee(ctx context.Context, u *werkpad.User, id int64) (*werkpad.SWEmployeeRecord, error) {
	w := scoped(u, "s.municipality")
	w.add("s.id = ?", id)
	recs, err := tx.swRecords(ctx, w, false, nil)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, werkpadNotFound("SW-medewerker")
	}
	return &recs[0], nil
}

// swRecords reads the employees matching w (on alias s) with their
// werkvorm periods, statuses and sick leave, ordered by id.
//
// With figures, the records are read for the SW chapter's figures only:
// without the employee's names, numbers and location, and an employee whose werkvorm periods all hold his current werkvorm gets
// none of them, and the same for his SE periods. Both are then the same on
// every day (WerkvormOn and SEOn fall back to the current value outside
// the periods), and a constant werkvorm or SE adds nothing to the sick
// leave's stretches either, so every figure stays as it is. At scale 100
// that leaves out 263.000 of the 676.000 history rows of a report's
// window: in a real region most employees keep their werkvorm and SE.
// With a window (the figures' days), history rows outside it are not read.
func (tx *Tx) swRecords(ctx context.Context, w *where, figures bool, window *werkpad.Period) ([]werkpad.SWEmployeeRecord, error) {
	recs, err := tx.swRecordPointers(ctx, w, figures, window, window)
	return values(recs), err
}

// swRecordPointers is swRecords without copying the records into one
// slice: each is read in place (blocks), and its history rows are added to
// it there. The chapter's figures read them once each, so a report never
// copies them.
//
// sickIn (with a window, inside it) narrows the sick leave read further:
// the chapter counts sick leave on the days of its period only, not on
// those of the year before (see werkpad.SickLeaveByWerkvorm).
func (tx *Tx) swRecordPointers(ctx context.Context, w *where, figures bool, window, sickIn *werkpad.Period) ([]*werkpad.SWEmployeeRecord, error) {
	cols, scan := swEmployeeColumns, scanSWEmployee
	if figures {
		// The figures need no names, numbers or locations.
		cols, scan = swFigureColumns, scanSWFigureEmployee
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+cols+` FROM sw_employees s WHERE `+w.String()+` ORDER BY s.id`, w.args...)
	if err != nil {
		return nil, err
	}
	var read blocks[werkpad.SWEmployeeRecord]
	for rows.Next() {
		if err := scan(rows, read.next()); err != nil {
			rows.Close()
			return nil, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || read.n == 0 {
		return nil, err
	}
	recs := read.pointers()
	// Both the records and each history are in employee id order, so a
	// history row's record is found by walking forward.
	at := func(next *int, id int64) *werkpad.SWEmployeeRecord {
		for *next < len(recs) && recs[*next].ID < id {
			*next++
		}
		if *next < len(recs) && recs[*next].ID == id {
			return recs[*next]
		}
		return nil
	}
	// The histories of the records: when they hold most of the ids in
	// their range (a region), the histories of that range, and at drops
	// the few others; else those of the selection's ids.
	histories, args := `x.sw_employee_id IN (SELECT s.id FROM sw_employees s WHERE `+w.String()+`)`, w.args
	if lo, hi := recs[0].ID, recs[len(recs)-1].ID; int64(len(recs))*2 > hi-lo+1 {
		histories, args = `x.sw_employee_id BETWEEN ? AND ?`, []any{lo, hi}
	}
	// attach reads one history (sel, its rows in employee id order, the
	// employee's id first) into dest, and for each row of a record hands
	// that record to put, which adds the row from dest: one set of
	// variables for all rows (a history has up to 270.000 rows a report).
	var id int64
	attach := func(sel string, dest []any, put func(*werkpad.SWEmployeeRecord)) error {
		rows, err := tx.QueryContext(ctx, sel+` AND `+histories+` ORDER BY x.sw_employee_id, x.from_date`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		dest = append([]any{&id}, dest...)
		next := 0
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			if r := at(&next, id); r != nil {
				put(r)
			}
		}
		return rows.Err()
	}
	// changed keeps, with figures, the rows of history table of the
	// employees with a period whose column differs from their current one.
	changed := func(table, column string) string {
		if !figures {
			return ""
		}
		return ` AND x.sw_employee_id IN (SELECT v.sw_employee_id FROM ` + table + ` v JOIN sw_employees e ON e.id = v.sw_employee_id WHERE v.` + column + ` <> e.` + column + `)`
	}
	// With a window, the figures look only at days in it, and every
	// lookup takes the period holding the day (WerkvormOn, SEOn, RowOn,
	// the sick leave of a day): periods outside the window are not read.
	within := func(p *werkpad.Period) string {
		if p == nil {
			return ""
		}
		return ` AND x.from_date <= ` + tx.db.dateLit(p.To) + ` AND (x.to_date IS NULL OR x.to_date >= ` + tx.db.dateLit(p.From) + `)`
	}
	sickHistories := histories + within(sickIn)
	histories += within(window)
	var wv werkpad.SWWerkvormPeriod
	var vorm string
	if err := attach(`SELECT x.sw_employee_id, x.werkvorm, x.from_date, x.to_date FROM sw_werkvorm_periods x WHERE 1=1`+changed("sw_werkvorm_periods", "werkvorm"),
		[]any{&vorm, &wv.Period.From, &wv.Period.To}, func(r *werkpad.SWEmployeeRecord) {
			wv.Werkvorm = werkpad.Werkvorm(vorm)
			r.Werkvormen = append(r.Werkvormen, wv)
		}); err != nil {
		return nil, err
	}
	var se werkpad.SWSEPeriod
	if err := attach(`SELECT x.sw_employee_id, x.se_thousandths, x.from_date, x.to_date FROM sw_se_periods x WHERE 1=1`+changed("sw_se_periods", "se_thousandths"),
		[]any{&se.SEThousandths, &se.Period.From, &se.Period.To}, func(r *werkpad.SWEmployeeRecord) { r.SEPeriods = append(r.SEPeriods, se) }); err != nil {
		return nil, err
	}
	var st werkpad.SWStatusPeriod
	var status string
	if err := attach(`SELECT x.sw_employee_id, x.status, x.from_date, x.to_date FROM sw_status_periods x WHERE 1=1`,
		[]any{&status, &st.Period.From, &st.Period.To}, func(r *werkpad.SWEmployeeRecord) {
			st.Status = werkpad.SWStatus(status)
			r.Statuses = append(r.Statuses, st)
		}); err != nil {
		return nil, err
	}
	var sl werkpad.SWSickLeave
	histories = sickHistories
	if err := attach(`SELECT x.sw_employee_id, x.id, x.from_date, x.to_date, x.percent FROM sw_sick_leave x WHERE 1=1`,
		[]any{&sl.ID, &sl.Period.From, &sl.Period.To, &sl.Percent}, func(r *werkpad.SWEmployeeRecord) {
			sl.SWEmployeeID = r.ID
			r.SickLeave = append(r.SickLeave, sl)
		}); err != nil {
		return nil, err
	}
	return recs, nil
}

func swID(id int64) string { return strconv.FormatInt(id, 10) }

// CreateSWEmployee stores a new Wsw employment with its first werkvorm
// period (the whole employment).
func (s *SWService) CreateSWEmployee(ctx context.Context, e *werkpad.SWEmployee) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteSW...)
	if err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if err := tx.checkMunicipality(ctx, u, e.MunicipalityCode); err != nil {
			return err
		}
		id, err := tx.insertID(ctx, `INSERT INTO sw_employees (municipality, candidate_id, se_thousandths, werkvorm, start_date, end_date,
			location, employer_name, personnel_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.MunicipalityCode, nullID(e.CandidateID), e.SEThousandths, string(e.Werkvorm), e.Period.From, e.Period.To,
			e.Location, e.EmployerName, e.PersonnelNumber, tx.now)
		if isUniqueViolation(err) {
			return personnelNumberTaken()
		}
		if err != nil {
			return err
		}
		e.ID = id
		if _, err := tx.ExecContext(ctx, `INSERT INTO sw_werkvorm_periods (sw_employee_id, municipality, werkvorm, from_date, to_date)
			VALUES (?, ?, ?, ?, ?)`, id, e.MunicipalityCode, string(e.Werkvorm), e.Period.From, e.Period.To); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sw_se_periods (sw_employee_id, municipality, se_thousandths, from_date, to_date)
			VALUES (?, ?, ?, ?, ?)`, id, e.MunicipalityCode, e.SEThousandths, e.Period.From, e.Period.To); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "sw_medewerker", swID(id), e.MunicipalityCode,
			fmt.Sprintf("werkvorm=%s se=%d periode=%s", e.Werkvorm, e.SEThousandths, e.Period))
	})
	if err != nil {
		return fmt.Errorf("store.CreateSWEmployee: %w", err)
	}
	werkpad.Processed(ctx, werkpad.SubjectSWEmployee, e.ID)
	return nil
}

// UpdateSWEmployee changes SE, location, employer and end date. The
// municipality and werkvorm are not changed here. An end date cuts the
// dated periods that run past it.
func (s *SWService) UpdateSWEmployee(ctx context.Context, e *werkpad.SWEmployee) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteSW...)
	if err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.findSWEmployee(ctx, u, e.ID)
		if err != nil {
			return err
		}
		e.MunicipalityCode, e.Werkvorm, e.CandidateID = old.MunicipalityCode, old.Werkvorm, old.CandidateID
		e.Period.From = old.Period.From
		if err := e.Validate(); err != nil {
			return err
		}
		for _, p := range old.Werkvormen {
			if !e.Period.To.IsZero() && p.Period.From.After(e.Period.To) {
				return werkpad.FieldError("periode.tot", "Na %s is nog een werkvorm vastgelegd (vanaf %s); de einddatum kan daar niet voor liggen.",
					e.Period.To.Dutch(), p.Period.From.Dutch())
			}
		}
		seChange, err := tx.changeSE(ctx, old, e)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE sw_employees SET se_thousandths = ?, location = ?, employer_name = ?, end_date = ?, personnel_number = ? WHERE id = ?`,
			e.SEThousandths, e.Location, e.EmployerName, e.Period.To, e.PersonnelNumber, e.ID)
		if isUniqueViolation(err) {
			return personnelNumberTaken()
		}
		if err != nil {
			return err
		}
		if !e.Period.To.IsZero() {
			for _, t := range []string{"sw_werkvorm_periods", "sw_se_periods", "sw_status_periods", "sw_sick_leave"} {
				if _, err := tx.ExecContext(ctx, `UPDATE `+t+` SET to_date = ? WHERE sw_employee_id = ? AND (to_date IS NULL OR to_date > ?) AND from_date <= ?`,
					e.Period.To, e.ID, e.Period.To, e.Period.To); err != nil {
					return err
				}
			}
		}
		return tx.audit(ctx, "wijzigen", "sw_medewerker", swID(e.ID), e.MunicipalityCode,
			fmt.Sprintf("se=%d%s locatie=%q werkgever=%q personeelsnummer=%q periode=%s", e.SEThousandths, seChange, e.Location, e.EmployerName, e.PersonnelNumber, e.Period))
	})
	if err != nil {
		return fmt.Errorf("store.UpdateSWEmployee(%d): %w", e.ID, err)
	}
	werkpad.Processed(ctx, werkpad.SubjectSWEmployee, e.ID)
	return nil
}

// changeSE records a changed SE of e (old is the stored record) as of
// e.SEFrom, today when zero: the latest SE period ends the day before and
// a new one starts. On the first day of the latest SE period the SE of
// that period is corrected instead. A day before the latest SE period is
// refused: history is added to, not rewritten. It returns the audit text
// of the change ("" when the SE is unchanged).
func (tx *Tx) changeSE(ctx context.Context, old *werkpad.SWEmployeeRecord, e *werkpad.SWEmployee) (string, error) {
	if e.SEThousandths == old.SEThousandths {
		return "", nil
	}
	from := e.SEFrom
	if from.IsZero() {
		from = werkpad.Today(tx.now)
		if from.Before(old.Period.From) {
			from = old.Period.From
		}
	}
	if !e.Period.Contains(from) {
		return "", werkpad.FieldError("sePer", "De nieuwe SE moet ingaan binnen het dienstverband (%s).", e.Period)
	}
	latest := old.Period.From
	for _, p := range old.SEPeriods {
		if p.Period.From.After(latest) {
			latest = p.Period.From
		}
	}
	if from.Before(latest) {
		return "", werkpad.FieldError("sePer", "Er is al een SE vanaf %s vastgelegd; een nieuwe SE moet op of na die dag ingaan.", latest.Dutch())
	}
	if from == latest {
		if _, err := tx.ExecContext(ctx, `UPDATE sw_se_periods SET se_thousandths = ? WHERE sw_employee_id = ? AND from_date = ?`,
			e.SEThousandths, e.ID, from); err != nil {
			return "", err
		}
		return fmt.Sprintf(" (correctie van de SE vanaf %s, was %d)", from.Dutch(), old.SEThousandths), nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sw_se_periods SET to_date = ? WHERE sw_employee_id = ? AND (to_date IS NULL OR to_date >= ?)`,
		from.AddDays(-1), e.ID, from); err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sw_se_periods (sw_employee_id, municipality, se_thousandths, from_date, to_date)
		VALUES (?, ?, ?, ?, ?)`, e.ID, old.MunicipalityCode, e.SEThousandths, from, e.Period.To); err != nil {
		return "", err
	}
	return fmt.Sprintf(" vanaf %s (was %d)", from.Dutch(), old.SEThousandths), nil
}

// ChangeWerkvorm ends the werkvorm running on from the day before and
// starts w on from. A change before the latest recorded change is refused:
// history is added to, not rewritten.
func (s *SWService) ChangeWerkvorm(ctx context.Context, id int64, w werkpad.Werkvorm, from werkpad.Date) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteSW...)
	if err != nil {
		return err
	}
	if !w.Valid() {
		return werkpad.FieldError("werkvorm", "Kies de werkvorm.")
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.findSWEmployee(ctx, u, id)
		if err != nil {
			return err
		}
		if !e.Period.Contains(from) || !from.After(e.Period.From) {
			return werkpad.FieldError("van", "De wijziging moet na de begindatum en binnen het dienstverband (%s) liggen.", e.Period)
		}
		for _, p := range e.Werkvormen {
			if !p.Period.From.Before(from) {
				return werkpad.Errorf(werkpad.ECONFLICT, "Er is al een werkvorm vanaf %s vastgelegd; een wijziging moet daarna liggen.", p.Period.From.Dutch())
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sw_werkvorm_periods SET to_date = ? WHERE sw_employee_id = ? AND (to_date IS NULL OR to_date >= ?)`,
			from.AddDays(-1), id, from); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sw_werkvorm_periods (sw_employee_id, municipality, werkvorm, from_date, to_date)
			VALUES (?, ?, ?, ?, ?)`, id, e.MunicipalityCode, string(w), from, e.Period.To); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sw_employees SET werkvorm = ? WHERE id = ?`, string(w), id); err != nil {
			return err
		}
		return tx.audit(ctx, "werkvorm wijzigen", "sw_medewerker", swID(id), e.MunicipalityCode,
			fmt.Sprintf("%s → %s vanaf %s", e.Werkvorm, w, from))
	})
	if err != nil {
		return fmt.Errorf("store.ChangeWerkvorm(%d): %w", id, err)
	}
	werkpad.Processed(ctx, werkpad.SubjectSWEmployee, id)
	return nil
}

// SetSWStatus records a stretch of leegloop or unavailability; stretches
// of one employee may not overlap.
func (s *SWService) SetSWStatus(ctx context.Context, id int64, st werkpad.SWStatusPeriod) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteSW...)
	if err != nil {
		return err
	}
	if !st.Status.Valid() {
		return werkpad.FieldError("status", "Kies de status.")
	}
	if err := st.Period.Validate(); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.findSWEmployee(ctx, u, id)
		if err != nil {
			return err
		}
		if !e.Period.Contains(st.Period.From) {
			return werkpad.FieldError("van", "De status moet binnen het dienstverband (%s) beginnen.", e.Period)
		}
		for _, p := range e.Statuses {
			if p.Period.Overlaps(st.Period) {
				return werkpad.Errorf(werkpad.ECONFLICT, "Er loopt al een status %s in %s.", p.Status.Label(), p.Period)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sw_status_periods (sw_employee_id, municipality, status, from_date, to_date)
			VALUES (?, ?, ?, ?, ?)`, id, e.MunicipalityCode, string(st.Status), st.Period.From, st.Period.To); err != nil {
			return err
		}
		return tx.audit(ctx, "status vastleggen", "sw_medewerker", swID(id), e.MunicipalityCode, fmt.Sprintf("%s %s", st.Status, st.Period))
	})
	if err != nil {
		return fmt.Errorf("store.SetSWStatus(%d): %w", id, err)
	}
	werkpad.Processed(ctx, werkpad.SubjectSWEmployee, id)
	return nil
}

// FindSWEmployee returns one employee with his history.
func (s *SWService) FindSWEmployee(ctx context.Context, id int64) (*werkpad.SWEmployeeRecord, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadSW...)
	if err != nil {
		return nil, err
	}
	var r *werkpad.SWEmployeeRecord
	err = s.db.readTx(ctx, func(tx *Tx) error {
		r, err = tx.findSWEmployee(ctx, u, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindSWEmployee(%d): %w", id, err)
	}
	werkpad.Processed(ctx, werkpad.SubjectSWEmployee, r.ID)
	return r, nil
}

// AddSickLeave records a sick-leave period within the employment.
func (s *SWService) AddSickLeave(ctx context.Context, sl *werkpad.SWSickLeave) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteSW...)
	if err != nil {
		return err
	}
	if err := sl.Validate(); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.findSWEmployee(ctx, u, sl.SWEmployeeID)
		if err != nil {
			return err
		}
		if !e.Period.Contains(sl.Period.From) {
			return werkpad.FieldError("periode.van", "Het verzuim moet binnen het dienstverband (%s) beginnen.", e.Period)
		}
		if sl.ID, err = tx.insertID(ctx, `INSERT INTO sw_sick_leave (sw_employee_id, municipality, from_date, to_date, percent, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, sl.SWEmployeeID, e.MunicipalityCode, sl.Period.From, sl.Period.To, sl.Percent, tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, "verzuim vastleggen", "sw_medewerker", swID(sl.SWEmployeeID), e.MunicipalityCode,
			fmt.Sprintf("%d%% %s", sl.Percent, sl.Period))
	})
	if err != nil {
		return fmt.Errorf("store.AddSickLeave: %w", err)
	}
	werkpad.Processed(ctx, werkpad.SubjectSWEmployee, sl.SWEmployeeID)
	return nil
}

// AddShelteredIndication records a new indication beschut werk.
func (s *SWService) AddShelteredIndication(ctx context.Context, i *werkpad.ShelteredIndication) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteSW...)
	if err != nil {
		return err
	}
	if i.IndicatedOn.IsZero() {
		return werkpad.FieldError("datum", "Vul de datum van de indicatie in.")
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if err := tx.checkMunicipality(ctx, u, i.MunicipalityCode); err != nil {
			return err
		}
		if i.ID, err = tx.insertID(ctx, `INSERT INTO sheltered_indications (municipality, candidate_id, indicated_on, created_at) VALUES (?, ?, ?, ?)`,
			i.MunicipalityCode, nullID(i.CandidateID), i.IndicatedOn, tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "beschut_indicatie", swID(i.ID), i.MunicipalityCode, i.IndicatedOn.String())
	})
	if err != nil {
		return fmt.Errorf("store.AddShelteredIndication: %w", err)
	}
	loggedCandidate(ctx, i.CandidateID)
	return nil
}

// AddShelteredEmployment records a dienstverband beschut werk.
func (s *SWService) AddShelteredEmployment(ctx context.Context, e *werkpad.ShelteredEmployment) error {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteSW...)
	if err != nil {
		return err
	}
	if err := e.Period.Validate(); err != nil {
		return err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if err := tx.checkMunicipality(ctx, u, e.MunicipalityCode); err != nil {
			return err
		}
		if e.ID, err = tx.insertID(ctx, `INSERT INTO sheltered_employments (municipality, candidate_id, start_date, end_date, created_at) VALUES (?, ?, ?, ?, ?)`,
			e.MunicipalityCode, nullID(e.CandidateID), e.Period.From, e.Period.To, tx.now); err != nil {
			return err
		}
		return tx.audit(ctx, "aanmaken", "beschut_dienstverband", swID(e.ID), e.MunicipalityCode, e.Period.String())
	})
	if err != nil {
		return fmt.Errorf("store.AddShelteredEmployment: %w", err)
	}
	loggedCandidate(ctx, e.CandidateID)
	return nil
}

// SetAddedValueRate sets (or replaces) the rate and budget of a year.
func (s *SWService) SetAddedValueRate(ctx context.Context, r werkpad.SWAddedValueRate) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesWriteSW...); err != nil {
		return err
	}
	if r.Year < 2000 || r.CentsPerHour < 0 || r.BudgetCentsPerFTE < 0 {
		return werkpad.Errorf(werkpad.EINVALID, "Vul een jaar, een tarief en een begroting van 0 of meer in.")
	}
	err := s.db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sw_added_value_rates (year, cents_per_hour, budget_cents_per_fte) VALUES (?, ?, ?)
			ON CONFLICT (year) DO UPDATE SET cents_per_hour = excluded.cents_per_hour, budget_cents_per_fte = excluded.budget_cents_per_fte`,
			r.Year, r.CentsPerHour, r.BudgetCentsPerFTE); err != nil {
			return err
		}
		return tx.audit(ctx, "tarief vastleggen", "toegevoegde_waarde", strconv.Itoa(r.Year), "",
			fmt.Sprintf("tarief=%d begroot=%d", r.CentsPerHour, r.BudgetCentsPerFTE))
	})
	if err != nil {
		return fmt.Errorf("store.SetAddedValueRate(%d): %w", r.Year, err)
	}
	return nil
}

// DeclareAddedValue sets (or replaces) the declaration of a month.
func (s *SWService) DeclareAddedValue(ctx context.Context, m werkpad.SWAddedValueMonth) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesWriteSW...); err != nil {
		return err
	}
	if m.Year < 2000 || m.Month < 1 || m.Month > 12 || m.DeclaredHours < 0 || m.FTEThousandths < 0 {
		return werkpad.Errorf(werkpad.EINVALID, "Vul een jaar, een maand en uren en fte van 0 of meer in.")
	}
	err := s.db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sw_added_value_months (year, month, declared_hundredths, fte_thousandths) VALUES (?, ?, ?, ?)
			ON CONFLICT (year, month) DO UPDATE SET declared_hundredths = excluded.declared_hundredths, fte_thousandths = excluded.fte_thousandths`,
			m.Year, int(m.Month), int64(m.DeclaredHours), m.FTEThousandths); err != nil {
			return err
		}
		return tx.audit(ctx, "declaratie vastleggen", "toegevoegde_waarde", fmt.Sprintf("%d-%02d", m.Year, int(m.Month)), "",
			fmt.Sprintf("uren=%d/100 fte=%d/1000", m.DeclaredHours, m.FTEThousandths))
	})
	if err != nil {
		return fmt.Errorf("store.DeclareAddedValue(%d-%d): %w", m.Year, m.Month, err)
	}
	return nil
}

// SWRecords returns the employees in scope in service on any day of period.
func (s *SWService) SWRecords(ctx context.Context, period werkpad.Period) ([]werkpad.SWEmployeeRecord, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadSW...)
	if err != nil {
		return nil, err
	}
	if err := period.Validate(); err != nil {
		return nil, err
	}
	var recs []werkpad.SWEmployeeRecord
	err = s.db.snapshot(ctx, func(tx *Tx) error {
		recs, err = tx.swRecordsIn(ctx, u, period, nil, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.SWRecords(%s): %w", period, err)
	}
	logged(ctx, werkpad.SubjectSWEmployee, recs, func(r werkpad.SWEmployeeRecord) int64 { return r.ID })
	return recs, nil
}

func (tx *Tx) swRecordsIn(ctx context.Context, u *werkpad.User, period werkpad.Period, only []string, figures bool) ([]werkpad.SWEmployeeRecord, error) {
	recs, err := tx.swRecordPointersFor(ctx, u, period, period, only, figures)
	return values(recs), err
}

// swRecordPointersFor is swRecordsIn without copying (swRecordPointers),
// reading with figures the sick leave of the days of sickIn only.
func (tx *Tx) swRecordPointersFor(ctx context.Context, u *werkpad.User, period, sickIn werkpad.Period, only []string, figures bool) ([]*werkpad.SWEmployeeRecord, error) {
	w := scoped(u, "s.municipality")
	w.only("s.municipality", only)
	w.activeIn("s.start_date", "s.end_date", period)
	var window, sick *werkpad.Period
	if figures {
		window, sick = &period, &sickIn
	}
	return tx.swRecordPointers(ctx, w, figures, window, sick)
}

// scopeMunicipalities returns the codes and names of the municipalities in
// u's scope, ordered by name.
func (tx *Tx) scopeMunicipalities(ctx context.Context, u *werkpad.User) ([]string, map[string]string, error) {
	cond, args := scopeFilter(u, "code")
	rows, err := tx.QueryContext(ctx, `SELECT code, name FROM municipalities WHERE `+cond+` ORDER BY name`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var codes []string
	names := map[string]string{}
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			return nil, nil, err
		}
		codes = append(codes, c)
		names[c] = n
	}
	return codes, names, rows.Err()
}

// SWChapter returns the chapter data of period for the caller's scope. The
// toegevoegde waarde is regional and uses the declarations of period.To's
// year up to and including its month.
func (s *SWService) SWChapter(ctx context.Context, period werkpad.Period) (*werkpad.SWChapter, error) {
	return s.SWChapterIn(ctx, period, nil)
}

// SWChapterIn is SWChapter for only the municipalities codes of the
// caller's scope (none: the whole scope). It reads only their employees,
// so a report of one small municipality costs in proportion to its own
// records; the regional figures are then about codes only, and the report
// drops them.
func (s *SWService) SWChapterIn(ctx context.Context, period werkpad.Period, only []string) (*werkpad.SWChapter, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadSW...)
	if err != nil {
		return nil, err
	}
	if err := period.ValidateClosed(); err != nil {
		return nil, err
	}
	var ch *werkpad.SWChapter
	err = s.db.snapshot(ctx, func(tx *Tx) error {
		codes, names, err := tx.scopeMunicipalities(ctx, u)
		if err != nil {
			return err
		}
		if len(only) > 0 {
			codes = slices.DeleteFunc(codes, func(c string) bool { return !slices.Contains(only, c) })
		}
		window := werkpad.Period{From: period.From, To: period.To}
		if yb := period.To.AddYears(-1); yb.Before(window.From) {
			window.From = yb
		}
		recs, err := tx.swRecordPointersFor(ctx, u, window, period, only, true)
		if err != nil {
			return err
		}
		inds, emps, err := tx.sheltered(ctx, u, period, only)
		if err != nil {
			return err
		}
		added, err := tx.addedValue(ctx, period.To)
		if err != nil {
			return err
		}
		ch = werkpad.BuildSWChapterOf(period, codes, names, recs, inds, emps, added)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store.SWChapter(%s): %w", period, err)
	}
	return ch, nil
}

// sheltered reads the indications dated in period and the employments
// overlapping it, in u's scope.
func (tx *Tx) sheltered(ctx context.Context, u *werkpad.User, period werkpad.Period, only []string) ([]werkpad.ShelteredIndication, []werkpad.ShelteredEmployment, error) {
	w := scoped(u, "municipality")
	w.only("municipality", only)
	w.within("indicated_on", period)
	rows, err := tx.QueryContext(ctx, `SELECT id, municipality, candidate_id, indicated_on FROM sheltered_indications WHERE `+w.String()+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, nil, err
	}
	var inds []werkpad.ShelteredIndication
	for rows.Next() {
		var i werkpad.ShelteredIndication
		var cand *int64
		if err := rows.Scan(&i.ID, &i.MunicipalityCode, &cand, &i.IndicatedOn); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if cand != nil {
			i.CandidateID = *cand
		}
		inds = append(inds, i)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	w = scoped(u, "municipality")
	w.activeIn("start_date", "end_date", period)
	rows, err = tx.QueryContext(ctx, `SELECT id, municipality, candidate_id, start_date, end_date FROM sheltered_employments WHERE `+w.String()+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var emps []werkpad.ShelteredEmployment
	for rows.Next() {
		var e werkpad.ShelteredEmployment
		var cand *int64
		if err := rows.Scan(&e.ID, &e.MunicipalityCode, &cand, &e.Period.From, &e.Period.To); err != nil {
			return nil, nil, err
		}
		if cand != nil {
			e.CandidateID = *cand
		}
		emps = append(emps, e)
	}
	return inds, emps, rows.Err()
}

// addedValue computes the toegevoegde waarde of through's year from the
// months up to through; nil when no rate is set for that year.
func (tx *Tx) addedValue(ctx context.Context, through werkpad.Date) (*werkpad.SWAddedValue, error) {
	r := werkpad.SWAddedValueRate{Year: through.Y}
	err := tx.QueryRowContext(ctx, `SELECT cents_per_hour, budget_cents_per_fte FROM sw_added_value_rates WHERE year = ?`, through.Y).
		Scan(&r.CentsPerHour, &r.BudgetCentsPerFTE)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT month, declared_hundredths, fte_thousandths FROM sw_added_value_months
		WHERE year = ? AND month <= ? ORDER BY month`, through.Y, int(through.M))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ms []werkpad.SWAddedValueMonth
	for rows.Next() {
		m := werkpad.SWAddedValueMonth{Year: through.Y}
		var month int
		if err := rows.Scan(&month, &m.DeclaredHours, &m.FTEThousandths); err != nil {
			return nil, err
		}
		m.Month = time.Month(month)
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	v := werkpad.AddedValue(r, ms)
	return &v, nil
}

// ShelteredRecords returns the indications dated in period and the
// employments overlapping it, in the caller's scope.
func (s *SWService) ShelteredRecords(ctx context.Context, period werkpad.Period) ([]werkpad.ShelteredIndication, []werkpad.ShelteredEmployment, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadSW...)
	if err != nil {
		return nil, nil, err
	}
	if err := period.Validate(); err != nil {
		return nil, nil, err
	}
	var inds []werkpad.ShelteredIndication
	var emps []werkpad.ShelteredEmployment
	err = s.db.snapshot(ctx, func(tx *Tx) error {
		inds, emps, err = tx.sheltered(ctx, u, period, nil)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store.ShelteredRecords(%s): %w", period, err)
	}
	logged(ctx, werkpad.SubjectCandidate, inds, func(i werkpad.ShelteredIndication) int64 { return i.CandidateID })
	logged(ctx, werkpad.SubjectCandidate, emps, func(e werkpad.ShelteredEmployment) int64 { return e.CandidateID })
	return inds, emps, nil
}

// AddedValueYear returns the rate of year (nil when none is set) and the
// months declared in it.
func (s *SWService) AddedValueYear(ctx context.Context, year int) (*werkpad.SWAddedValueRate, []werkpad.SWAddedValueMonth, error) {
	if _, err := werkpad.RequireRole(ctx, werkpad.RolesReadAddedValue...); err != nil {
		return nil, nil, err
	}
	var rate *werkpad.SWAddedValueRate
	var ms []werkpad.SWAddedValueMonth
	err := s.db.readTx(ctx, func(tx *Tx) error {
		r := werkpad.SWAddedValueRate{Year: year}
		err := tx.QueryRowContext(ctx, `SELECT cents_per_hour, budget_cents_per_fte FROM sw_added_value_rates WHERE year = ?`, year).
			Scan(&r.CentsPerHour, &r.BudgetCentsPerFTE)
		switch {
		case err == nil:
			rate = &r
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT month, declared_hundredths, fte_thousandths FROM sw_added_value_months
			WHERE year = ? ORDER BY month`, year)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m := werkpad.SWAddedValueMonth{Year: year}
			var month int
			if err := rows.Scan(&month, &m.DeclaredHours, &m.FTEThousandths); err != nil {
				return err
			}
			m.Month = time.Month(month)
			ms = append(ms, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store.AddedValueYear(%d): %w", year, err)
	}
	return rate, ms, nil
}

// personnelNumberTaken is the error of a personnel number in use. A number
// is unique over the region, so the message says no more than that.
func personnelNumberTaken() error {
	return &werkpad.Error{Code: werkpad.ECONFLICT, Field: "personeelsnummer", Message: "Dit personeelsnummer is al in gebruik bij een andere SW-medewerker."}
}

// checkDay refuses an overview without a day.
func checkDay(d werkpad.Date) error {
	if d.IsZero() {
		return werkpad.FieldError("peildatum", "Geef een peildatum.")
	}
	return nil
}

// inServiceOn is the condition "Wsw employee in u's scope in service on
// day d" of the overview of a day.
func inServiceOn(u *werkpad.User, d werkpad.Date) (*where, error) {
	if err := checkDay(d); err != nil {
		return nil, err
	}
	w := scoped(u, "s.municipality")
	w.activeIn("s.start_date", "s.end_date", werkpad.Period{From: d, To: d})
	return w, nil
}

// swDayQuery is SWDayFigures' query: the segments of day d (segmentsOn)
// of the Wsw employees in u's scope (migration 00138: per employee the
// stretches on which his service, status, werkvorm and SE do not change,
// kept by triggers), grouped by municipality and row of the day.
func swDayQuery(u *werkpad.User, d werkpad.Date) (string, []any) {
	w := scoped(u, "g.municipality")
	return `SELECT g.municipality, g.row_of_day, COUNT(*), SUM(g.se_thousandths) FROM (` +
		segmentsOn(`s.municipality, s.row_of_day, s.se_thousandths`, "sw_day_segments", "?", "") + `) g
		WHERE ` + w.String() + ` GROUP BY g.municipality, g.row_of_day ORDER BY g.municipality, g.row_of_day`, append([]any{d, d, d}, w.args...)
}

// SWDayFigures implements werkpad.SWService: one grouped read of the
// day's segments (swDayQuery), so the overview of a day costs one range
// of an index, not three history lookups per employee in service.
func (s *SWService) SWDayFigures(ctx context.Context, d werkpad.Date) ([]werkpad.SWDayGroup, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadSW...)
	if err != nil {
		return nil, err
	}
	if err := checkDay(d); err != nil {
		return nil, err
	}
	q, args := swDayQuery(u, d)
	var out []werkpad.SWDayGroup
	err = s.db.snapshot(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g werkpad.SWDayGroup
			var row string
			if err := rows.Scan(&g.Municipality, &row, &g.Headcount, &g.SEThousandths); err != nil {
				return err
			}
			g.Row = werkpad.LocationRow(row)
			out = append(out, g)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.SWDayFigures(%s): %w", d, err)
	}
	return out, nil
}

// SWEmployeesOn implements werkpad.SWService: the page is chosen by id in
// the database; only its employees' histories are read.
func (s *SWService) SWEmployeesOn(ctx context.Context, d werkpad.Date, f werkpad.SWEmployeeFilter) ([]werkpad.SWEmployeeRecord, int, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadSW...)
	if err != nil {
		return nil, 0, err
	}
	w, err := inServiceOn(u, d)
	if err != nil {
		return nil, 0, err
	}
	if f.Municipality != "" {
		w.add("s.municipality = ?", f.Municipality)
	}
	if p := strings.ToUpper(strings.TrimSpace(f.NumberPrefix)); p != "" {
		w.add(`UPPER(s.personnel_number) LIKE ? ESCAPE '\'`, escapeLike(p)+"%")
	}
	var recs []werkpad.SWEmployeeRecord
	var total int
	err = s.db.snapshot(ctx, func(tx *Tx) error {
		var ids []any
		var err error
		total, err = tx.countAndList(ctx, "sw_employees s", w, "s.id", "s.id", f.Page, func(sc interface{ Scan(...any) error }) error {
			var id int64
			err := sc.Scan(&id)
			ids = append(ids, id)
			return err
		})
		if err != nil || len(ids) == 0 {
			return err
		}
		page := &where{}
		page.add("s.id IN ("+placeholders(len(ids))+")", ids...)
		recs, err = tx.swRecords(ctx, page, false, nil)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store.SWEmployeesOn(%s): %w", d, err)
	}
	logged(ctx, werkpad.SubjectSWEmployee, recs, func(r werkpad.SWEmployeeRecord) int64 { return r.ID })
	return recs, total, nil
}
