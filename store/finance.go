package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"werkpad"
)

// FinanceService implements werkpad.FinanceService. Loading and importing
// are for a controller or beheerder (the operator at the command line is a
// beheerder). Reading is for them and for gemeente users, who see only the
// rows of their own municipalities in per-municipality tables; rows without
// a municipality (totals, other organisations) are published as such and
// stay. Other roles have no business with the finance chapter.
type FinanceService struct{ db *DB }

func NewFinanceService(db *DB) *FinanceService { return &FinanceService{db: db} }

var _ werkpad.FinanceService = (*FinanceService)(nil)

// LoadFinance stores tables in one transaction. A table already stored for
// its year is refused unless replace is set; then it is replaced whole.
func (s *FinanceService) LoadFinance(ctx context.Context, tables []*werkpad.FinanceTable, replace bool) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleController, werkpad.RoleAdmin); err != nil {
		return err
	}
	if len(tables) == 0 {
		return werkpad.Errorf(werkpad.EINVALID, "Er zijn geen financiële tabellen om te laden.")
	}
	if err := werkpad.ValidateFinanceTables(tables); err != nil {
		return err
	}
	err := s.db.inTx(ctx, func(tx *Tx) error {
		var existing []string
		years := map[int]bool{}
		rows := 0
		for _, t := range tables {
			years[t.Year] = true
			rows += len(t.Rows)
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM finance_tables WHERE year = ? AND key = ?`, t.Year, t.Key).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				existing = append(existing, fmt.Sprintf("%s (%d)", t.Key, t.Year))
			}
		}
		action := "laden"
		if len(existing) > 0 {
			if !replace {
				return werkpad.Errorf(werkpad.ECONFLICT, "De financiële tabellen %s zijn al geladen. Laad opnieuw met vervangen om ze te overschrijven.",
					strings.Join(existing, ", "))
			}
			action = "vervangen"
		}
		for i, t := range tables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM finance_tables WHERE year = ? AND key = ?`, t.Year, t.Key); err != nil {
				return err
			}
			if err := tx.insertFinanceTable(ctx, i, t); err != nil {
				return fmt.Errorf("tabel %s: %w", t.Key, err)
			}
		}
		var ys []string
		for y := range years {
			ys = append(ys, fmt.Sprint(y))
		}
		sort.Strings(ys)
		return tx.audit(ctx, action, "financien", strings.Join(ys, ","), "",
			fmt.Sprintf("%d tabellen, %d rijen", len(tables), rows))
	})
	if err != nil {
		return fmt.Errorf("store.LoadFinance: %w", err)
	}
	return nil
}

func jsonList(v []string) string {
	if v == nil {
		v = []string{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func fromJSONList(s string) ([]string, error) {
	var v []string
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, err
	}
	if len(v) == 0 {
		return nil, nil
	}
	return v, nil
}

func (tx *Tx) insertFinanceTable(ctx context.Context, position int, t *werkpad.FinanceTable) error {
	var v werkpad.FinanceVariance
	var m werkpad.FinanceMutation
	var p werkpad.FinancePerUnit
	if t.Variance != nil {
		v = *t.Variance
	}
	if t.Mutation != nil {
		m = *t.Mutation
	}
	if t.PerUnit != nil {
		p = *t.PerUnit
	}
	id, err := tx.insertID(ctx, `INSERT INTO finance_tables (year, key, position, title, section, source, through, unit_cents,
		sign_convention, variance_column, variance_forecast, variance_budget, mutation_budget, mutation_forecast, mutation_includes,
		per_unit_quantity, per_unit_amount, per_unit_price_cents, per_unit_rounding_cents, per_unit_label, per_unit_source,
		notes, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Year, t.Key, position, t.Title, t.Section, t.Source, t.Through, int64(t.Unit),
		string(t.SignConvention), v.Column, v.Forecast, v.Budget, m.Budget, m.Forecast, jsonList(mutationIncludes(m.Includes)),
		p.Quantity, p.Amount, int64(p.Price), int64(p.PriceRounding), p.Label, p.Source,
		jsonList(t.Notes), tx.now)
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		if _, err := tx.ExecContext(ctx, `INSERT INTO finance_columns (table_id, position, key, label, decimals, sum_of) VALUES (?, ?, ?, ?, ?, ?)`,
			id, i, c.Key, c.Label, c.Decimals, jsonList(c.SumOf)); err != nil {
			return err
		}
	}
	for i, r := range t.Rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO finance_rows (table_id, position, key, label, kind, section, programme,
			municipality, sum_of, source, note, uninterpretable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, i, r.Key, r.Label, string(r.Kind), r.Section, r.Programme, r.Municipality, jsonList(r.SumOf), r.Source, r.Note,
			jsonList(r.Uninterpretable)); err != nil {
			return err
		}
		// Cells in column order, so that inserts are deterministic.
		for _, c := range t.Columns {
			amount, ok := r.Cells[c.Key]
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO finance_cells (table_id, row_key, column_key, amount) VALUES (?, ?, ?, ?)`,
				id, r.Key, c.Key, amount); err != nil {
				return err
			}
		}
	}
	return nil
}

// FindFinanceTables returns the tables of year in report order, filtered to
// the caller's municipalities. A year without tables gives an empty list.
func (s *FinanceService) FindFinanceTables(ctx context.Context, year int) ([]*werkpad.FinanceTable, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RoleController, werkpad.RoleAdmin, werkpad.RoleMunicipality)
	if err != nil {
		return nil, err
	}
	var tables []*werkpad.FinanceTable
	err = s.db.readTx(ctx, func(tx *Tx) error {
		tables, err = tx.findFinanceTables(ctx, year)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store.FindFinanceTables(%d): %w", year, err)
	}
	if !u.AllMunicipalities() {
		for i, t := range tables {
			tables[i] = t.OnlyMunicipalities(u.InScope)
		}
	}
	return tables, nil
}

func (tx *Tx) findFinanceTables(ctx context.Context, year int) ([]*werkpad.FinanceTable, error) {
	var tables []*werkpad.FinanceTable
	byID := map[int64]*werkpad.FinanceTable{}
	err := tx.eachRow(ctx, func(scan func(...any) error) error {
		var id, unit, price, rounding int64
		var t werkpad.FinanceTable
		var sign, notes, includes string
		var v werkpad.FinanceVariance
		var m werkpad.FinanceMutation
		var p werkpad.FinancePerUnit
		if err := scan(&id, &t.Year, &t.Key, &t.Title, &t.Section, &t.Source, &t.Through, &unit, &sign,
			&v.Column, &v.Forecast, &v.Budget, &m.Budget, &m.Forecast, &includes,
			&p.Quantity, &p.Amount, &price, &rounding, &p.Label, &p.Source, &notes); err != nil {
			return err
		}
		t.Unit, t.SignConvention = werkpad.Cents(unit), werkpad.SignConvention(sign)
		if v.Column != "" {
			t.Variance = &v
		}
		if m.Budget != "" {
			inc, err := fromJSONList(includes)
			if err != nil {
				return err
			}
			m.Includes = parseMutationIncludes(inc)
			t.Mutation = &m
		}
		if p.Quantity != "" {
			p.Price, p.PriceRounding = werkpad.Cents(price), werkpad.Cents(rounding)
			t.PerUnit = &p
		}
		var err error
		if t.Notes, err = fromJSONList(notes); err != nil {
			return err
		}
		byID[id] = &t
		tables = append(tables, &t)
		return nil
	}, `SELECT id, year, key, title, section, source, through, unit_cents, sign_convention,
		variance_column, variance_forecast, variance_budget, mutation_budget, mutation_forecast, mutation_includes,
		per_unit_quantity, per_unit_amount, per_unit_price_cents, per_unit_rounding_cents, per_unit_label, per_unit_source, notes
		FROM finance_tables WHERE year = ? ORDER BY position, key`, year)
	if err != nil || len(tables) == 0 {
		return tables, err
	}

	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var id int64
		var c werkpad.FinanceColumn
		var sum string
		if err := scan(&id, &c.Key, &c.Label, &c.Decimals, &sum); err != nil {
			return err
		}
		var err error
		if c.SumOf, err = fromJSONList(sum); err != nil {
			return err
		}
		t := byID[id]
		t.Columns = append(t.Columns, c)
		return nil
	}, `SELECT c.table_id, c.key, c.label, c.decimals, c.sum_of FROM finance_columns c
		JOIN finance_tables t ON t.id = c.table_id WHERE t.year = ? ORDER BY c.table_id, c.position`, year)
	if err != nil {
		return nil, err
	}

	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var id int64
		var r werkpad.FinanceRow
		var kind, sum, unint string
		if err := scan(&id, &r.Key, &r.Label, &kind, &r.Section, &r.Programme, &r.Municipality, &sum, &r.Source, &r.Note, &unint); err != nil {
			return err
		}
		r.Kind = werkpad.FinanceRowKind(kind)
		var err error
		if r.SumOf, err = fromJSONList(sum); err != nil {
			return err
		}
		if r.Uninterpretable, err = fromJSONList(unint); err != nil {
			return err
		}
		t := byID[id]
		t.Rows = append(t.Rows, r)
		return nil
	}, `SELECT r.table_id, r.key, r.label, r.kind, r.section, r.programme, r.municipality, r.sum_of, r.source, r.note, r.uninterpretable
		FROM finance_rows r JOIN finance_tables t ON t.id = r.table_id WHERE t.year = ? ORDER BY r.table_id, r.position`, year)
	if err != nil {
		return nil, err
	}

	err = tx.eachRow(ctx, func(scan func(...any) error) error {
		var id, amount int64
		var row, col string
		if err := scan(&id, &row, &col, &amount); err != nil {
			return err
		}
		r, ok := byID[id].Row(row)
		if !ok {
			return fmt.Errorf("cel van onbekende rij %s", row)
		}
		if r.Cells == nil {
			r.Cells = map[string]int64{}
		}
		r.Cells[col] = amount
		return nil
	}, `SELECT c.table_id, c.row_key, c.column_key, c.amount FROM finance_cells c
		JOIN finance_tables t ON t.id = c.table_id WHERE t.year = ?`, year)
	if err != nil {
		return nil, err
	}
	return tables, nil
}

// SetFinanceCells writes the ledger lines of one year in one transaction:
// if any line is bad, nothing is written and the error names the first bad
// line. The audit row lists each changed cell with its old and new amount.
func (s *FinanceService) SetFinanceCells(ctx context.Context, year int, updates []werkpad.FinanceCellUpdate) error {
	if _, err := werkpad.RequireRole(ctx, werkpad.RoleController, werkpad.RoleAdmin); err != nil {
		return err
	}
	if len(updates) == 0 {
		return werkpad.Errorf(werkpad.EINVALID, "Het bestand bevat geen bedragen.")
	}
	err := s.db.inTx(ctx, func(tx *Tx) error {
		tables, err := tx.findFinanceTables(ctx, year)
		if err != nil {
			return err
		}
		if len(tables) == 0 {
			return werkpad.Errorf(werkpad.ENOTFOUND, "Er zijn geen financiële tabellen voor %d geladen.", year)
		}
		if errs := werkpad.ValidateFinanceCellUpdates(tables, updates); len(errs) > 0 {
			return errs[0]
		}
		ids := map[string]int64{}
		if err := tx.eachRow(ctx, func(scan func(...any) error) error {
			var id int64
			var key string
			if err := scan(&id, &key); err != nil {
				return err
			}
			ids[key] = id
			return nil
		}, `SELECT id, key FROM finance_tables WHERE year = ?`, year); err != nil {
			return err
		}
		byKey := map[string]*werkpad.FinanceTable{}
		for _, t := range tables {
			byKey[t.Key] = t
		}
		var changes []string
		for _, u := range updates {
			r, _ := byKey[u.Table].Row(u.Row)
			old, had := r.Cell(u.Column)
			if had && old == u.Amount {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO finance_cells (table_id, row_key, column_key, amount) VALUES (?, ?, ?, ?)
				ON CONFLICT (table_id, row_key, column_key) DO UPDATE SET amount = excluded.amount`,
				ids[u.Table], u.Row, u.Column, u.Amount); err != nil {
				return err
			}
			was := "leeg"
			if had {
				was = fmt.Sprint(old)
			}
			changes = append(changes, fmt.Sprintf("%s/%s/%s: %s → %d", u.Table, u.Row, u.Column, was, u.Amount))
		}
		return tx.audit(ctx, "importeren", "financien", fmt.Sprint(year), "",
			fmt.Sprintf("%d regels, %d gewijzigd: %s", len(updates), len(changes), strings.Join(changes, "; ")))
	})
	if err != nil {
		return fmt.Errorf("store.SetFinanceCells(%d): %w", year, err)
	}
	return nil
}

// mutationIncludes writes FinanceMutation.Includes as "column:included"
// strings, sorted so that the stored text does not depend on map order.
func mutationIncludes(m map[string][]string) []string {
	var out []string
	for col, incs := range m {
		for _, inc := range incs {
			out = append(out, col+":"+inc)
		}
	}
	sort.Strings(out)
	return out
}

func parseMutationIncludes(list []string) map[string][]string {
	if len(list) == 0 {
		return nil
	}
	out := map[string][]string{}
	for _, s := range list {
		if col, inc, ok := strings.Cut(s, ":"); ok {
			out[col] = append(out[col], inc)
		}
	}
	return out
}
