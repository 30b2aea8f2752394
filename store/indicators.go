package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"werkpad"
)

// IndicatorService implements werkpad.IndicatorService: a handful of
// grouped queries over the whole region (GROUP BY municipality), read in
// one snapshot. Dates are compared with bound parameters, which works for
// TEXT 'YYYY-MM-DD' (SQLite) and DATE (PostgreSQL) alike.
type IndicatorService struct{ db *DB }

func NewIndicatorService(db *DB) *IndicatorService { return &IndicatorService{db: db} }

var _ werkpad.IndicatorService = (*IndicatorService)(nil)

// Constant code values inlined in the queries; never user input.
func sqlList(vals ...string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}

var workDisabilityKinds = sqlList(string(werkpad.IndicationJobAgreement), string(werkpad.IndicationSheltered))

// indexedBy names the index SQLite must use where its planner prefers a
// worse one (it does not know how few rows are still running on a day);
// PostgreSQL plans by its statistics.
func (d *DB) indexedBy(index string) string {
	if d.Dialect == Postgres {
		return ""
	}
	return "INDEXED BY " + index
}

// Indicators computes every indicator of werkpad.IndicatorKeys for period.
func (s *IndicatorService) Indicators(ctx context.Context, period werkpad.Period, municipalities []string) (*werkpad.IndicatorSet, error) {
	return s.IndicatorsOf(ctx, period, municipalities, nil)
}

// IndicatorsOf computes the indicators keys (none: every one) for period:
// only the families that give them read their records.
func (s *IndicatorService) IndicatorsOf(ctx context.Context, period werkpad.Period, municipalities []string, keys []werkpad.IndicatorKey) (*werkpad.IndicatorSet, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesReadIndicators...)
	if err != nil {
		return nil, err
	}
	if err := period.ValidateClosed(); err != nil {
		return nil, err
	}
	var set *werkpad.IndicatorSet
	err = s.db.snapshot(ctx, func(tx *Tx) error {
		ms, err := tx.indicatorMunicipalities(ctx, u, municipalities)
		if err != nil {
			return err
		}
		set = &werkpad.IndicatorSet{Period: period, Municipalities: ms}
		if len(ms) == 0 {
			return nil
		}
		return tx.computeIndicators(ctx, set, keys...)
	})
	if err != nil {
		return nil, fmt.Errorf("store.Indicators(%s): %w", period, err)
	}
	return set, nil
}

// snapshot runs fn in a read-only transaction that sees one state of the
// database: REPEATABLE READ on PostgreSQL; a SQLite read transaction in WAL
// mode is a snapshot already.
//
// On PostgreSQL the transaction's queries run without parallel workers. The
// reads made in snapshots (a report's indicators of two periods and its
// chapters) already run side by side, and many users share the server's
// cores; parallel plans then only add work: at scale 100 on 2 cores the
// region's report took 5,1 s without them and 10,8 s with them (the
// placements family alone 1,28 s against 1,85 s, the caseload 0,78 s
// against 1,33 s), with the same figures. Nor are they compiled (JIT):
// each of a report's twenty large queries runs once and for well under a
// second, and its compilation cost more than it saved (the caseload of a
// day 467 -> 394 ms; on a connection's first query 1,33 -> 0,75 s). And
// a page read at random is costed at most 1,1 times one read in order
// (PostgreSQL's default is 4, for disks that seek; a lower setting of the
// server is kept): the records a report reads are in memory, and with the
// default PostgreSQL hashed every running phase of the region instead of
// walking its index in candidate order (the caseload of a day at scale
// 100: 0,43 -> 0,26 s; the indicators of a period 1,7–1,9 -> 1,6 s). The
// settings end with the transaction (SET LOCAL), so they also hold behind
// PgBouncer in transaction mode.
func (d *DB) snapshot(ctx context.Context, fn func(tx *Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if d.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := d.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if d.Dialect == Postgres {
		// set_config(..., true) is SET LOCAL, all three in one round trip.
		if _, err := tx.ExecContext(ctx, `SELECT `+noParallelWorkers+`, set_config('jit', 'off', true),
			set_config('random_page_cost', LEAST(current_setting('random_page_cost')::float8, 1.1)::text, true)`); err != nil {
			return err
		}
	}
	return fn(tx)
}

// indicatorMunicipalities returns the municipalities to report, by name,
// each with every key at 0: the requested codes (all in scope when none),
// ENOTFOUND for a code outside the scope or unknown.
func (tx *Tx) indicatorMunicipalities(ctx context.Context, u *werkpad.User, codes []string) ([]werkpad.MunicipalityIndicators, error) {
	cond, args := scopeFilter(u, "code")
	rows, err := tx.QueryContext(ctx, `SELECT code, name FROM municipalities WHERE `+cond+` ORDER BY name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []werkpad.MunicipalityIndicators
	for rows.Next() {
		var m werkpad.MunicipalityIndicators
		if err := rows.Scan(&m.Code, &m.Name); err != nil {
			return nil, err
		}
		all = append(all, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := all[:0:0]
	for _, m := range all {
		if len(codes) == 0 || slices.Contains(codes, m.Code) {
			m.Values = make(map[werkpad.IndicatorKey]int64, len(werkpad.IndicatorKeys))
			for _, k := range werkpad.IndicatorKeys {
				m.Values[k] = 0
			}
			out = append(out, m)
		}
	}
	for _, c := range codes {
		if !slices.ContainsFunc(out, func(m werkpad.MunicipalityIndicators) bool { return m.Code == c }) {
			return nil, municipalityNotFound()
		}
	}
	return out, nil
}

// computeIndicators fills set's municipalities: per family the SUMs of its
// attributed record set (indicator_rows.go), grouped by municipality. With
// keys, only the families that give one of them are read.
func (tx *Tx) computeIndicators(ctx context.Context, set *werkpad.IndicatorSet, keys ...werkpad.IndicatorKey) error {
	families := indicatorFamilies
	if len(keys) > 0 {
		families = nil
		for i := range indicatorFamilies {
			if slices.ContainsFunc(keys, func(k werkpad.IndicatorKey) bool { f, ok := familyOf(k); return ok && f == &indicatorFamilies[i] }) {
				families = append(families, indicatorFamilies[i])
			}
		}
	}
	byCode := make(map[string]map[werkpad.IndicatorKey]int64, len(set.Municipalities))
	codes := make([]any, len(set.Municipalities))
	for i, m := range set.Municipalities {
		byCode[m.Code] = m.Values
		codes[i] = m.Code
	}
	where, args, err := tx.municipalityFilter(ctx, codes)
	if err != nil {
		return err
	}
	// A small selection reads only the records of candidates who lived
	// there (a report of a small municipality costs in proportion to its
	// data). A large one (Nijmegen is half the region) is cheaper read the
	// way the region is, then kept to its municipalities by where: the
	// figures are the same either way, as each record counts for one
	// municipality. Measured at scale 10 (SQLite): Nijmegen 690 ms through
	// the selection, 170 ms the region's way; Mook en Middelaar 9 ms.
	var only []string
	if len(args) > 0 {
		for _, m := range set.Municipalities {
			only = append(only, m.Code)
		}
		small, err := tx.smallSelection(ctx, only)
		if err != nil {
			return err
		}
		if !small {
			only = nil
		}
	}
	for _, f := range families {
		sums := make([]string, f.values)
		for i := range sums {
			sums[i] = fmt.Sprintf("SUM(x.v%d)", i+1)
		}
		rows, err := tx.QueryContext(ctx, `SELECT x.municipality, x.grp, `+strings.Join(sums, ", ")+`
			FROM (`+f.sql(tx.db, set.Period, only)+`) x WHERE `+where+`
			GROUP BY x.municipality, x.grp`, args...)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		err = func() error {
			defer rows.Close()
			var code, grp string
			vals := make([]sql.NullInt64, f.values)
			dest := []any{&code, &grp}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			for rows.Next() {
				if err := rows.Scan(dest...); err != nil {
					return err
				}
				values, ok := byCode[code]
				if !ok {
					continue
				}
				for i, k := range f.keysOf(grp) {
					if k != "" && i < len(vals) {
						values[k] += vals[i].Int64
					}
				}
			}
			return rows.Err()
		}()
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
	}
	for _, v := range byCode {
		v[werkpad.IndLKSAvgHours], v[werkpad.IndLKSAvgWageValue] = werkpad.LKSAverages(v[werkpad.IndLKSRunning], v[werkpad.IndLKSMinutesTotal], v[werkpad.IndLKSWageValueTotal])
	}
	return nil
}

// municipalityFilter is the condition on x.municipality for codes with its
// arguments, or "1=1" when they are every municipality: then the queries
// read the whole region (rows of others are skipped by the caller), which
// leaves SQLite free to pick the date indexes.
func (tx *Tx) municipalityFilter(ctx context.Context, codes []any) (string, []any, error) {
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities`).Scan(&total); err != nil {
		return "", nil, err
	}
	if len(codes) == total {
		return "1=1", nil, nil
	}
	return "x.municipality IN (" + placeholders(len(codes)) + ")", codes, nil
}

// smallSelection reports whether the municipalities codes hold less than
// an eighth of the candidates.
func (tx *Tx) smallSelection(ctx context.Context, codes []string) (bool, error) {
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	selected, total, err := tx.shareCount(ctx, "candidates", "municipality IN ("+placeholders(len(codes))+")", args, 8)
	return selected*8 < total, err
}

// shareCount counts the rows of table that match cond, but stops just past
// 1/parts of the table, and returns that count with the table's size (its
// highest id stands in for it: one index lookup instead of a count): enough
// to compare a selection with that share without counting a large one to
// its end (Nijmegen, half the candidates, costs a quarter of its count).
func (tx *Tx) shareCount(ctx context.Context, table, cond string, args []any, parts int64) (selected, total int64, err error) {
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&total); err != nil {
		return 0, 0, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+table+` WHERE `+cond+` LIMIT ?) s`,
		append(slices.Clone(args), total/parts+1)...).Scan(&selected); err != nil {
		return 0, 0, err
	}
	return selected, total, nil
}
