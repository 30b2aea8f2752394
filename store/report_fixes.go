package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"werkpad"
)

var _ werkpad.ReportFixService = (*IndicatorService)(nil)

// regionUser reads every municipality; the rows of a fixing and of its
// drift are computed for the region and filtered to the caller's scope
// afterwards, so that both sides are compared alike.
var regionUser = &werkpad.User{Role: werkpad.RoleController}

// regionRows computes the indicator set and the attributed rows of period
// for every municipality, in one snapshot.
func (tx *Tx) regionRows(ctx context.Context, period werkpad.Period) (*werkpad.IndicatorSet, []werkpad.IndicatorRow, error) {
	ms, err := tx.indicatorMunicipalities(ctx, regionUser, nil)
	if err != nil {
		return nil, nil, err
	}
	set := &werkpad.IndicatorSet{Period: period, Municipalities: ms}
	if err := tx.computeIndicators(ctx, set); err != nil {
		return nil, nil, err
	}
	codes := make([]string, len(ms))
	for i, m := range ms {
		codes[i] = m.Code
	}
	rows, err := tx.indicatorRows(ctx, regionUser, period, codes, nil)
	if err != nil {
		return nil, nil, err
	}
	for i := range rows {
		rows[i].CandidateName = "" // names are not input and not stored
	}
	return set, rows, nil
}

// FixReport stores the figures and records of period as they are now.
func (s *IndicatorService) FixReport(ctx context.Context, period werkpad.Period, note string) (*werkpad.ReportFix, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesFixReports...)
	if err != nil {
		return nil, err
	}
	if err := period.ValidateClosed(); err != nil {
		return nil, err
	}
	var fix *werkpad.ReportFix
	err = s.db.inTx(ctx, func(tx *Tx) error {
		if !period.To.Before(werkpad.Today(tx.now)) {
			return werkpad.FieldError("tot", "Een periode kan pas worden vastgesteld als hij voorbij is.")
		}
		set, rows, err := tx.regionRows(ctx, period)
		if err != nil {
			return err
		}
		figures, err := json.Marshal(set)
		if err != nil {
			return err
		}
		records, err := json.Marshal(rows)
		if err != nil {
			return err
		}
		fix = &werkpad.ReportFix{Period: period, Definitions: werkpad.IndicatorDefinitionsVersion, FixedBy: u.Email,
			FixedAt: tx.now, Note: note, Fingerprint: werkpad.Fingerprint(rows), Figures: set}
		fix.ID, err = tx.insertID(ctx, `INSERT INTO report_fixes (period_from, period_to, definitions, fixed_by, fixed_by_email, fixed_at, note, fingerprint, figures, records)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, period.From, period.To, fix.Definitions, u.ID, u.Email, tx.now, note, fix.Fingerprint, string(figures), string(records))
		if err != nil {
			return err
		}
		return tx.audit(ctx, "vaststellen", "rapportage", period.From.String()+"/"+period.To.String(), "",
			fmt.Sprintf("vaststelling %d, %d records, vingerafdruk %s", fix.ID, len(rows), fix.Fingerprint))
	})
	if err != nil {
		return nil, fmt.Errorf("store.FixReport(%s): %w", period, err)
	}
	return fix, nil
}

// loadFix reads the fixing in force for period (with its records when
// withRows), its figures limited to u's scope.
func (tx *Tx) loadFix(ctx context.Context, u *werkpad.User, period werkpad.Period, withRows bool) (*werkpad.ReportFix, []werkpad.IndicatorRow, error) {
	fixes, err := tx.fixes(ctx, u, `WHERE period_from = ? AND period_to = ?`, []any{period.From, period.To}, withRows)
	if err != nil {
		return nil, nil, err
	}
	if len(fixes) == 0 {
		return nil, nil, werkpad.Errorf(werkpad.ENOTFOUND, "Deze periode is niet vastgesteld.")
	}
	return fixes[0].fix, fixes[0].rows, nil
}

type loadedFix struct {
	fix  *werkpad.ReportFix
	rows []werkpad.IndicatorRow
}

// fixes reads the latest fixing per period matching cond, newest period
// first, filtered to u's scope.
func (tx *Tx) fixes(ctx context.Context, u *werkpad.User, cond string, args []any, withRows bool) ([]loadedFix, error) {
	records := "''"
	if withRows {
		records = "f.records"
	}
	rows, err := tx.QueryContext(ctx, `SELECT f.id, f.period_from, f.period_to, f.definitions, f.fixed_by_email, f.fixed_at, f.note, f.fingerprint, f.figures, `+records+`
		FROM report_fixes f `+cond+`
		ORDER BY f.period_to DESC, f.period_from DESC, f.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []loadedFix
	seen := map[werkpad.Period]bool{}
	for rows.Next() {
		var lf loadedFix
		f := &werkpad.ReportFix{}
		var figures, records string
		if err := rows.Scan(&f.ID, &f.Period.From, &f.Period.To, &f.Definitions, &f.FixedBy, &f.FixedAt, &f.Note, &f.Fingerprint, &figures, &records); err != nil {
			return nil, err
		}
		if seen[f.Period] {
			continue // an older fixing of the same period
		}
		seen[f.Period] = true
		f.FixedAt = f.FixedAt.UTC()
		if err := json.Unmarshal([]byte(figures), &f.Figures); err != nil {
			return nil, fmt.Errorf("vaststelling %d: %w", f.ID, err)
		}
		f.Figures.Municipalities = slices.DeleteFunc(f.Figures.Municipalities, func(m werkpad.MunicipalityIndicators) bool { return !u.InScope(m.Code) })
		if withRows {
			if err := json.Unmarshal([]byte(records), &lf.rows); err != nil {
				return nil, fmt.Errorf("vaststelling %d: %w", f.ID, err)
			}
			lf.rows = slices.DeleteFunc(lf.rows, func(r werkpad.IndicatorRow) bool { return !u.InScope(r.Municipality) })
		}
		lf.fix = f
		out = append(out, lf)
	}
	return out, rows.Err()
}

func (s *IndicatorService) ReportFixes(ctx context.Context) ([]*werkpad.ReportFix, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadIndicators...)
	if err != nil {
		return nil, err
	}
	var out []*werkpad.ReportFix
	err = s.db.readTx(ctx, func(tx *Tx) error {
		fixes, err := tx.fixes(ctx, u, "", nil, false)
		for _, f := range fixes {
			out = append(out, f.fix)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.ReportFixes: %w", err)
	}
	return out, nil
}

func (s *IndicatorService) ReportFix(ctx context.Context, period werkpad.Period) (*werkpad.ReportFix, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadIndicators...)
	if err != nil {
		return nil, err
	}
	var fix *werkpad.ReportFix
	err = s.db.readTx(ctx, func(tx *Tx) error {
		fix, _, err = tx.loadFix(ctx, u, period, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.ReportFix(%s): %w", period, err)
	}
	return fix, nil
}

// ReportDrift compares the fixed records with the records of now, both in
// the caller's scope; the names are those of now, and a person who lives
// outside the scope now is not named.
func (s *IndicatorService) ReportDrift(ctx context.Context, period werkpad.Period) (*werkpad.ReportDrift, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadIndicators...)
	if err != nil {
		return nil, err
	}
	var drift *werkpad.ReportDrift
	err = s.db.inTx(ctx, func(tx *Tx) error {
		fix, fixedRows, err := tx.loadFix(ctx, u, period, true)
		if err != nil {
			return err
		}
		set, rows, err := tx.regionRows(ctx, period)
		if err != nil {
			return err
		}
		drift = &werkpad.ReportDrift{Fix: fix, CurrentFingerprint: werkpad.Fingerprint(rows), Figures: []werkpad.DriftFigure{}}
		rows = slices.DeleteFunc(rows, func(r werkpad.IndicatorRow) bool { return !u.InScope(r.Municipality) })
		value := func(s *werkpad.IndicatorSet) func(werkpad.IndicatorKey, string) int64 {
			return func(k werkpad.IndicatorKey, code string) int64 {
				for _, m := range s.Municipalities {
					if m.Code == code {
						return m.Values[k]
					}
				}
				return 0
			}
		}
		drift.Figures = werkpad.Drift(fixedRows, rows, value(fix.Figures), value(set))
		if err := tx.nameRows(ctx, u, drift.Figures); err != nil {
			return err
		}
		return tx.audit(ctx, "inzien-afwijking", "rapportage", period.From.String()+"/"+period.To.String(), "",
			fmt.Sprintf("vaststelling %d: %d cijfers afwijkend", fix.ID, len(drift.Figures)))
	})
	if err != nil {
		return nil, fmt.Errorf("store.ReportDrift(%s): %w", period, err)
	}
	return drift, nil
}

// nameRows sets the current name of the candidates of the drift rows who
// live in u's scope now, and removes the id of the others.
func (tx *Tx) nameRows(ctx context.Context, u *werkpad.User, figures []werkpad.DriftFigure) error {
	for i := range figures {
		for _, list := range [][]werkpad.IndicatorRow{figures[i].Added, figures[i].Removed} {
			for j := range list {
				r := &list[j]
				if r.CandidateID == 0 {
					continue
				}
				var given, infix, surname, code string
				err := tx.QueryRowContext(ctx, `SELECT given_name, infix, surname, municipality FROM candidates WHERE id = ?`, r.CandidateID).Scan(&given, &infix, &surname, &code)
				if err != nil || !u.InScope(code) {
					r.CandidateID = 0
					continue
				}
				r.CandidateName = (&werkpad.Candidate{GivenName: given, Infix: infix, Surname: surname}).FullName()
			}
		}
	}
	return nil
}
