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

// ymd is an integer yyyymmdd of a date column. (ymd(ref) − ymd(birth)) /
// 10000 is the age on ref exactly as werkpad.AgeAt counts it, 29 February
// included: age < 27 ⟺ ymd(ref) − ymd(birth) < 270000.
func (d *DB) ymd(col string) string {
	if d.Dialect == Postgres {
		return "CAST(to_char(" + col + ", 'YYYYMMDD') AS INTEGER)"
	}
	return "CAST(replace(" + col + ", '-', '') AS INTEGER)"
}

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
		return tx.computeIndicators(ctx, set)
	})
	if err != nil {
		return nil, fmt.Errorf("store.Indicators(%s): %w", period, err)
	}
	return set, nil
}

// snapshot runs fn in a read-only transaction that sees one state of the
// database: REPEATABLE READ on PostgreSQL; a SQLite read transaction in WAL
// mode is a snapshot already.
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

// computeIndicators fills set's municipalities from the grouped queries.
func (tx *Tx) computeIndicators(ctx context.Context, set *werkpad.IndicatorSet) error {
	byCode := make(map[string]map[werkpad.IndicatorKey]int64, len(set.Municipalities))
	codes := make([]any, len(set.Municipalities))
	for i, m := range set.Municipalities {
		byCode[m.Code] = m.Values
		codes[i] = m.Code
	}
	// Without a restriction the queries read every municipality (rows of
	// others are skipped below), which leaves SQLite free to pick the date
	// indexes instead of one range per municipality.
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities`).Scan(&total); err != nil {
		return err
	}
	in := func(col string) string { return col + " IN (" + placeholders(len(codes)) + ")" }
	if len(codes) == total {
		codes = nil
		in = func(string) string { return "1=1" }
	}
	from, to := set.Period.From, set.Period.To
	d := tx.db

	// query runs q with args. Each row is the municipality, when grouped a
	// text column, and then values added to the keys keysOf gives for the
	// group ("" skips a value).
	query := func(q string, args []any, keysOf func(group string) []werkpad.IndicatorKey, grouped bool) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		var code, group string
		dest := []any{&code}
		if grouped {
			dest = append(dest, &group)
		}
		vals := make([]sql.NullInt64, len(cols)-len(dest))
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
			for i, k := range keysOf(group) {
				if k != "" {
					values[k] += vals[i].Int64
				}
			}
		}
		return rows.Err()
	}
	fixed := func(keys ...werkpad.IndicatorKey) func(string) []werkpad.IndicatorKey {
		return func(string) []werkpad.IndicatorKey { return keys }
	}
	withCodes := func(args ...any) []any { return append(args, codes...) }

	// Werken met behoud and OWNW: distinct candidates with an enrolment
	// of the kind active on any day of the period.
	if err := query(`SELECT e.municipality,
			COUNT(DISTINCT CASE WHEN i.kind = '`+string(werkpad.InstrumentWorkWithBenefit)+`' THEN e.candidate_id END),
			COUNT(DISTINCT CASE WHEN i.kind = '`+string(werkpad.InstrumentOWNW)+`' THEN e.candidate_id END)
		FROM enrolments e `+d.indexedBy("enrolments_running")+` CROSS JOIN instruments i
		WHERE i.code = e.instrument_code AND i.kind IN (`+sqlList(string(werkpad.InstrumentWorkWithBenefit), string(werkpad.InstrumentOWNW))+`)
			AND (e.to_date IS NULL OR e.to_date >= ?) AND e.from_date <= ? AND `+in("e.municipality")+`
		GROUP BY e.municipality`,
		withCodes(from, to), fixed(werkpad.IndWorkWithBenefit, werkpad.IndOWNWActive), false); err != nil {
		return fmt.Errorf("enrolments: %w", err)
	}

	// Placements starting in the period, by the income situation on the
	// start date (benefit periods never overlap, so the join finds at most
	// one), hours class and priority group on the start date.
	indicationOnStart := func(kinds string) string {
		return `EXISTS (SELECT 1 FROM indications i WHERE i.candidate_id = p.candidate_id AND i.kind IN (` + kinds + `)
			AND i.from_date <= p.start_date AND (i.to_date IS NULL OR i.to_date >= p.start_date))`
	}
	ageDiff := d.ymd("p.start_date") + " - " + d.ymd("c.birth_date")
	if err := query(fmt.Sprintf(`SELECT p.municipality, b.kind,
			SUM(CASE WHEN p.contract_minutes_per_week <= %[1]d THEN 1 ELSE 0 END),
			SUM(CASE WHEN p.contract_minutes_per_week > %[1]d THEN 1 ELSE 0 END),
			SUM(CASE WHEN %[2]s THEN 1 ELSE 0 END),
			SUM(CASE WHEN %[3]s < %[4]d THEN 1 ELSE 0 END),
			SUM(CASE WHEN %[3]s >= %[5]d THEN 1 ELSE 0 END),
			SUM(CASE WHEN %[6]s THEN 1 ELSE 0 END)
		FROM placements p %[9]s
		JOIN candidates c ON c.id = p.candidate_id
		JOIN benefit_periods b ON b.candidate_id = p.candidate_id AND b.kind IN (%[7]s)
			AND b.from_date <= p.start_date AND (b.to_date IS NULL OR b.to_date >= p.start_date)
		WHERE p.start_date >= ? AND p.start_date <= ? AND %[8]s
		GROUP BY p.municipality, b.kind`,
		werkpad.HoursClassLimitMinutes, indicationOnStart(workDisabilityKinds), ageDiff,
		werkpad.YouthAgeBelow*10000, werkpad.SeniorAgeFrom*10000,
		indicationOnStart(sqlList(string(werkpad.IndicationStatusHolder))),
		sqlList(string(werkpad.BenefitBijstand), string(werkpad.BenefitNone)), in("p.municipality"), d.indexedBy("placements_started")),
		withCodes(from, to), func(kind string) []werkpad.IndicatorKey {
			if werkpad.BenefitKind(kind) == werkpad.BenefitNone {
				return []werkpad.IndicatorKey{werkpad.IndNUGPlacementsPartTime, werkpad.IndNUGPlacementsFullTime,
					werkpad.IndNUGPriorityWorkDisability, werkpad.IndNUGPriorityYouth, werkpad.IndNUGPriority55Plus, werkpad.IndNUGPriorityStatusHolder}
			}
			return []werkpad.IndicatorKey{werkpad.IndPlacementsUpTo28, werkpad.IndPlacementsOver28,
				werkpad.IndPriorityWorkDisability, werkpad.IndPriorityYouth, werkpad.IndPriority55Plus, werkpad.IndPriorityStatusHolder}
		}, true); err != nil {
		return fmt.Errorf("placements: %w", err)
	}

	// Arbeidsbeperking aan het werk: a placement, an indication and the
	// period share a day. Three intervals that pairwise overlap share a day,
	// so three pairwise tests suffice. Driven by the (few) indications;
	// CROSS JOIN keeps that order on SQLite and is a plain join elsewhere.
	if err := query(`SELECT p.municipality, COUNT(DISTINCT p.candidate_id)
		FROM indications i `+d.indexedBy("indications_running")+` CROSS JOIN placements p
		WHERE p.candidate_id = i.candidate_id AND i.kind IN (`+workDisabilityKinds+`)
			AND (i.to_date IS NULL OR i.to_date >= ?) AND i.from_date <= ?
			AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?)
			AND (p.end_date IS NULL OR i.from_date <= p.end_date)
			AND (i.to_date IS NULL OR i.to_date >= p.start_date)
			AND `+in("p.municipality")+`
		GROUP BY p.municipality`,
		withCodes(from, to, to, from), fixed(werkpad.IndWorkDisabilityWorking), false); err != nil {
		return fmt.Errorf("work disability working: %w", err)
	}

	if err := query(`SELECT x.municipality, COUNT(*) FROM exits x
		WHERE x.reason = '`+string(werkpad.ExitWork)+`' AND x.exit_date >= ? AND x.exit_date <= ? AND `+in("x.municipality")+`
		GROUP BY x.municipality`,
		withCodes(from, to), fixed(werkpad.IndExitsToWork), false); err != nil {
		return fmt.Errorf("exits: %w", err)
	}

	if err := query(`SELECT s.municipality, COUNT(*) FROM sw_employees s `+d.indexedBy("sw_employees_running")+`
		WHERE (s.end_date IS NULL OR s.end_date >= ?) AND s.start_date <= ? AND `+in("s.municipality")+`
		GROUP BY s.municipality`,
		withCodes(to, to), fixed(werkpad.IndSWEmployees), false); err != nil {
		return fmt.Errorf("sw employees: %w", err)
	}

	// Caseload on the last day: in service, by the phase of that day
	// (phases of a candidate never overlap, so COUNT(*) counts candidates).
	// Driven by the phases still running on the day (index on to_date).
	phaseKey := map[werkpad.Phase]werkpad.IndicatorKey{
		werkpad.PhaseDevelop: werkpad.IndCaseloadDevelop, werkpad.PhaseMediate: werkpad.IndCaseloadMediate, werkpad.PhaseSupport: werkpad.IndCaseloadSupport,
	}
	if err := query(`SELECT ph.municipality, ph.phase, COUNT(*)
		FROM phase_periods ph `+d.indexedBy("phase_periods_running")+` CROSS JOIN candidates c
		WHERE c.id = ph.candidate_id AND (ph.to_date IS NULL OR ph.to_date >= ?) AND ph.from_date <= ?
			AND c.registered_on <= ? AND (c.deregistered_on IS NULL OR c.deregistered_on >= ?) AND `+in("ph.municipality")+`
		GROUP BY ph.municipality, ph.phase`,
		withCodes(to, to, to, to), func(phase string) []werkpad.IndicatorKey {
			return []werkpad.IndicatorKey{phaseKey[werkpad.Phase(phase)]} // "" for an unknown phase: skipped
		}, true); err != nil {
		return fmt.Errorf("caseload: %w", err)
	}

	// NUG at intake: the income situation on the placement's start day.
	if err := query(`SELECT p.municipality, COUNT(*), SUM(p.contract_minutes_per_week), SUM(p.wage_value_bp),
			SUM(CASE WHEN EXISTS (SELECT 1 FROM benefit_periods b WHERE b.candidate_id = p.candidate_id AND b.kind = '`+string(werkpad.BenefitNone)+`'
				AND b.from_date <= p.start_date AND (b.to_date IS NULL OR b.to_date >= p.start_date)) THEN 1 ELSE 0 END)
		FROM placements p `+d.indexedBy("placements_lks")+`
		WHERE p.wage_subsidy AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?) AND `+in("p.municipality")+`
		GROUP BY p.municipality`,
		withCodes(to, to), fixed(werkpad.IndLKSRunning, werkpad.IndLKSMinutesTotal, werkpad.IndLKSWageValueTotal, werkpad.IndLKSNUGAtIntake), false); err != nil {
		return fmt.Errorf("wage subsidies: %w", err)
	}
	for _, v := range byCode {
		v[werkpad.IndLKSAvgHours], v[werkpad.IndLKSAvgWageValue] = werkpad.LKSAverages(v[werkpad.IndLKSRunning], v[werkpad.IndLKSMinutesTotal], v[werkpad.IndLKSWageValueTotal])
	}
	return nil
}
