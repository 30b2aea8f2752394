package store

import (
	"fmt"
	"strings"

	"werkpad"
)

// The indicators are counted from attributed record sets: for every family
// of indicators one SELECT gives the records that count, one row per
// record, with the municipality the record is attributed to. The figures
// are SUMs over exactly that SELECT (computeIndicators) and a drill-down
// lists its rows (IndicatorRows), so a figure equals its rows by
// construction.
//
// Each family's SELECT has the columns
//
//	municipality, candidate_id, record_id, on_date, grp, v1 .. vN
//
// on_date is the date that attributes the record: the municipality is the
// candidate's residence (candidate_history) on that day. grp is a text that
// selects the keys (benefit kind, instrument kind, phase; ” when none);
// v1..vN add to the keys keysOf(grp) gives, in order ("" skips one).
type indicatorFamily struct {
	name   string // for errors
	record string // the kind of record in a drill-down row (Dutch)
	values int    // N
	// sql is the SELECT of the records of period; with only (codes of
	// municipalities, none: all) it may leave out records that cannot be
	// attributed to one of them (see livedIn).
	sql    func(d *DB, period werkpad.Period, only []string) string
	keysOf func(grp string) []werkpad.IndicatorKey
	// rule explains in Dutch why a row counts towards key k.
	rule func(k werkpad.IndicatorKey, grp string, on werkpad.Date) string
}

// dateLit writes a date into a query as a literal. Dates are digits and
// dashes only (werkpad.Date), never user text.
func (d *DB) dateLit(x werkpad.Date) string {
	if d.Dialect == Postgres {
		return "DATE '" + x.String() + "'"
	}
	return "'" + x.String() + "'"
}

// least is the smallest of date expressions (none NULL).
func (d *DB) least(exprs ...string) string {
	if d.Dialect == Postgres {
		return "LEAST(" + strings.Join(exprs, ", ") + ")"
	}
	return "MIN(" + strings.Join(exprs, ", ") + ")"
}

// residenceOn joins the residence of candidate column cand on date
// expression on as r.value.
func residenceOn(cand, on string) string {
	return `JOIN candidate_history r ON r.candidate_id = ` + cand + ` AND r.attribute = '` + string(werkpad.HistoryMunicipality) + `'
		AND r.from_date <= ` + on + ` AND (r.to_date IS NULL OR r.to_date >= ` + on + `)`
}

// residenceByLookup is residenceOn for records few against the region's
// residences: PostgreSQL looks each one up by its index (LATERAL, kept
// apart by OFFSET 0) instead of hashing every residence of the region,
// which it picks for a join of tens of thousands of records (the wage
// subsidies running on a day at scale 100: 57.700 records against 655.100
// residences). The rows are the join's. SQLite looks up per record anyway.
func (d *DB) residenceByLookup(cand, on string) string {
	if d.Dialect != Postgres {
		return residenceOn(cand, on)
	}
	return `JOIN LATERAL (SELECT r.value FROM candidate_history r WHERE r.candidate_id = ` + cand + ` AND r.attribute = '` + string(werkpad.HistoryMunicipality) + `'
		AND r.from_date <= ` + on + ` AND (r.to_date IS NULL OR r.to_date >= ` + on + `) OFFSET 0) r ON true`
}

// regionIndex is indexedBy(index) for the whole region; for a selection
// (only) SQLite is left to start from the selection's candidates and their
// own records (the *_candidate indexes) instead of every record of the
// period.
func (d *DB) regionIndex(index string, only []string) string {
	if len(only) > 0 {
		return ""
	}
	return d.indexedBy(index)
}

// livedIn narrows a family's records to candidates (column cand) who
// lived in one of the municipalities only on some day of per, as
// " AND cand IN (...)"; "" without only. Every family attributes a record
// by the residence on a day of the period, so this keeps every record that
// can count for them, and it keeps all of such a candidate's records, so a
// choice among one candidate's records (ROW_NUMBER) stays the same.
func (d *DB) livedIn(cand string, per werkpad.Period, only []string) string {
	if len(only) == 0 {
		return ""
	}
	lived := `SELECT h.candidate_id FROM candidate_history h WHERE h.attribute = '` + string(werkpad.HistoryMunicipality) + `'
		AND h.value IN (` + sqlList(only...) + `) AND h.from_date <= ` + d.dateLit(per.To) + ` AND (h.to_date IS NULL OR h.to_date >= ` + d.dateLit(per.From) + `)`
	if d.Dialect == Postgres {
		// An array computed once, before the rest: PostgreSQL then reads
		// the records of these candidates by their index instead of every
		// record of the period and joining the set afterwards.
		return ` AND ` + cand + ` = ANY(ARRAY(` + lived + `))`
	}
	return ` AND ` + cand + ` IN (` + lived + `)`
}

// lastActiveDay is the last day of period on which a record [from, to]
// (to NULL: open) runs, for a record that overlaps the period.
func (d *DB) lastActiveDay(toCol string, period werkpad.Period) string {
	end := d.dateLit(period.To)
	return `CASE WHEN ` + toCol + ` IS NULL OR ` + toCol + ` > ` + end + ` THEN ` + end + ` ELSE ` + toCol + ` END`
}

var placementKeys = map[werkpad.BenefitKind][]werkpad.IndicatorKey{
	werkpad.BenefitBijstand: {werkpad.IndPlacementsUpTo28, werkpad.IndPlacementsOver28,
		werkpad.IndPriorityWorkDisability, werkpad.IndPriorityYouth, werkpad.IndPriority55Plus, werkpad.IndPriorityStatusHolder},
	werkpad.BenefitNone: {werkpad.IndNUGPlacementsPartTime, werkpad.IndNUGPlacementsFullTime,
		werkpad.IndNUGPriorityWorkDisability, werkpad.IndNUGPriorityYouth, werkpad.IndNUGPriority55Plus, werkpad.IndNUGPriorityStatusHolder},
}

var phaseKeys = map[werkpad.Phase]werkpad.IndicatorKey{
	werkpad.PhaseDevelop: werkpad.IndCaseloadDevelop, werkpad.PhaseMediate: werkpad.IndCaseloadMediate, werkpad.PhaseSupport: werkpad.IndCaseloadSupport,
}

// placementRules explain the keys of a started placement.
var placementRules = map[werkpad.IndicatorKey]string{
	werkpad.IndPlacementsUpTo28:          "gestart in de periode, bijstand op de startdatum, contract tot en met 28 uur per week",
	werkpad.IndPlacementsOver28:          "gestart in de periode, bijstand op de startdatum, contract meer dan 28 uur per week",
	werkpad.IndPriorityWorkDisability:    "gestart in de periode, bijstand op de startdatum, indicatie banenafspraak of beschut op de startdatum",
	werkpad.IndPriorityYouth:             "gestart in de periode, bijstand op de startdatum, jonger dan 27 op de startdatum",
	werkpad.IndPriority55Plus:            "gestart in de periode, bijstand op de startdatum, 55 of ouder op de startdatum",
	werkpad.IndPriorityStatusHolder:      "gestart in de periode, bijstand op de startdatum, indicatie statushouder op de startdatum",
	werkpad.IndNUGPlacementsPartTime:     "gestart in de periode, geen uitkering (NUG) op de startdatum, contract tot en met 28 uur per week",
	werkpad.IndNUGPlacementsFullTime:     "gestart in de periode, geen uitkering (NUG) op de startdatum, contract meer dan 28 uur per week",
	werkpad.IndNUGPriorityWorkDisability: "gestart in de periode, NUG op de startdatum, indicatie banenafspraak of beschut op de startdatum",
	werkpad.IndNUGPriorityYouth:          "gestart in de periode, NUG op de startdatum, jonger dan 27 op de startdatum",
	werkpad.IndNUGPriority55Plus:         "gestart in de periode, NUG op de startdatum, 55 of ouder op de startdatum",
	werkpad.IndNUGPriorityStatusHolder:   "gestart in de periode, NUG op de startdatum, indicatie statushouder op de startdatum",
}

// indicatorFamilies are the record sets of every indicator of
// werkpad.IndicatorKeys except the LKS averages, which are computed from
// the LKS totals. The attribution date per family is documented in
// werkpad.IndicatorAttributionDates.
var indicatorFamilies = []indicatorFamily{
	{
		// Werken met behoud and OWNW: distinct candidates with an enrolment
		// of the kind active on any day of the period; per candidate and
		// kind the enrolment with the last active day in the period, whose
		// day attributes it.
		name: "enrolments", record: "traject", values: 1,
		sql: func(d *DB, per werkpad.Period, only []string) string {
			last := d.lastActiveDay("e.to_date", per)
			return `SELECT r.value AS municipality, x.candidate_id, x.record_id, x.on_date, x.grp, 1 AS v1 FROM (
				SELECT e.candidate_id, e.id AS record_id, i.kind AS grp, ` + last + ` AS on_date,
					ROW_NUMBER() OVER (PARTITION BY e.candidate_id, i.kind ORDER BY ` + last + ` DESC, e.id DESC) AS n
				FROM enrolments e ` + d.regionIndex("enrolments_running", only) + ` CROSS JOIN instruments i
				WHERE i.code = e.instrument_code AND i.kind IN (` + sqlList(string(werkpad.InstrumentWorkWithBenefit), string(werkpad.InstrumentOWNW)) + `)
					AND (e.to_date IS NULL OR e.to_date >= ` + d.dateLit(per.From) + `) AND e.from_date <= ` + d.dateLit(per.To) + d.livedIn("e.candidate_id", per, only) + `
			) x ` + residenceOn("x.candidate_id", "x.on_date") + ` WHERE x.n = 1`
		},
		keysOf: func(grp string) []werkpad.IndicatorKey {
			switch werkpad.InstrumentKind(grp) {
			case werkpad.InstrumentWorkWithBenefit:
				return []werkpad.IndicatorKey{werkpad.IndWorkWithBenefit}
			case werkpad.InstrumentOWNW:
				return []werkpad.IndicatorKey{werkpad.IndOWNWActive}
			}
			return []werkpad.IndicatorKey{""}
		},
		rule: func(k werkpad.IndicatorKey, _ string, on werkpad.Date) string {
			return "traject actief in de periode (laatste actieve dag " + on.Dutch() + "); woongemeente op die dag"
		},
	},
	{
		// Placements starting in the period, by the income situation on the
		// start date (benefit periods never overlap, so there is at most
		// one), hours class and priority group on the start date;
		// attributed by the residence on the start date. The facts of each
		// placement on its start date are stored (placement_start_facts,
		// migration 00141: defined by the view
		// placement_start_facts_computed, kept by triggers); a period is
		// one range of its index, the region's or the selection's.
		// age_ymd is jjjjmmdd of the start date minus that of the birth
		// date: age_ymd / 10000 is the age on the start date exactly as
		// werkpad.AgeAt counts it, 29 February included, so age < 27 ⟺
		// age_ymd < 270000.
		name: "placements", record: "plaatsing", values: 6,
		sql: func(d *DB, per werkpad.Period, only []string) string {
			cond, index := "", "placement_start_facts_day"
			if len(only) > 0 {
				cond, index = ` AND f.municipality IN (`+sqlList(only...)+`)`, "placement_start_facts_municipality"
			}
			return fmt.Sprintf(`SELECT f.municipality, f.candidate_id, f.placement_id AS record_id, f.start_date AS on_date, f.benefit_kind AS grp,
					CASE WHEN f.contract_minutes <= %[1]d THEN 1 ELSE 0 END AS v1,
					CASE WHEN f.contract_minutes > %[1]d THEN 1 ELSE 0 END AS v2,
					f.work_disability AS v3,
					CASE WHEN f.age_ymd < %[2]d THEN 1 ELSE 0 END AS v4,
					CASE WHEN f.age_ymd >= %[3]d THEN 1 ELSE 0 END AS v5,
					f.status_holder AS v6
				FROM placement_start_facts f %[4]s
				WHERE f.start_date >= %[5]s AND f.start_date <= %[6]s%[7]s`,
				werkpad.HoursClassLimitMinutes, werkpad.YouthAgeBelow*10000, werkpad.SeniorAgeFrom*10000,
				d.indexedBy(index), d.dateLit(per.From), d.dateLit(per.To), cond)
		},
		keysOf: func(grp string) []werkpad.IndicatorKey { return placementKeys[werkpad.BenefitKind(grp)] },
		rule: func(k werkpad.IndicatorKey, _ string, on werkpad.Date) string {
			return "plaatsing " + placementRules[k] + " (" + on.Dutch() + "); woongemeente op de startdatum"
		},
	},
	{
		// Arbeidsbeperking aan het werk: a placement, an arbeidsbeperking
		// indication and the period share a day (three intervals that
		// pairwise overlap share a day). Per candidate the placement with
		// the last such day, whose day attributes it.
		name: "work disability working", record: "plaatsing", values: 1,
		sql: func(d *DB, per werkpad.Period, only []string) string {
			from, to := d.dateLit(per.From), d.dateLit(per.To)
			last := d.least("COALESCE(p.end_date, "+to+")", "COALESCE(i.to_date, "+to+")", to)
			return `SELECT r.value AS municipality, x.candidate_id, x.record_id, x.on_date, '' AS grp, 1 AS v1 FROM (
				SELECT p.candidate_id, p.id AS record_id, ` + last + ` AS on_date,
					ROW_NUMBER() OVER (PARTITION BY p.candidate_id ORDER BY ` + last + ` DESC, p.id DESC) AS n
				FROM indications i ` + d.regionIndex("indications_running", only) + ` CROSS JOIN placements p
				WHERE p.candidate_id = i.candidate_id AND i.kind IN (` + workDisabilityKinds + `)
					AND (i.to_date IS NULL OR i.to_date >= ` + from + `) AND i.from_date <= ` + to + `
					AND p.start_date <= ` + to + ` AND (p.end_date IS NULL OR p.end_date >= ` + from + `)
					AND (p.end_date IS NULL OR i.from_date <= p.end_date)
					AND (i.to_date IS NULL OR i.to_date >= p.start_date)` + d.livedIn("p.candidate_id", per, only) + `
			) x ` + residenceOn("x.candidate_id", "x.on_date") + ` WHERE x.n = 1`
		},
		keysOf: func(string) []werkpad.IndicatorKey { return []werkpad.IndicatorKey{werkpad.IndWorkDisabilityWorking} },
		rule: func(_ werkpad.IndicatorKey, _ string, on werkpad.Date) string {
			return "betaald werk en indicatie banenafspraak of beschut tegelijk in de periode (laatste dag " + on.Dutch() + "); woongemeente op die dag"
		},
	},
	{
		name: "exits", record: "uitstroom", values: 1,
		sql: func(d *DB, per werkpad.Period, only []string) string {
			return `SELECT r.value AS municipality, x.candidate_id, x.id AS record_id, x.exit_date AS on_date, '' AS grp, 1 AS v1
				FROM exits x ` + residenceOn("x.candidate_id", "x.exit_date") + `
				WHERE x.reason = '` + string(werkpad.ExitWork) + `' AND x.exit_date >= ` + d.dateLit(per.From) + ` AND x.exit_date <= ` + d.dateLit(per.To) + d.livedIn("x.candidate_id", per, only)
		},
		keysOf: func(string) []werkpad.IndicatorKey { return []werkpad.IndicatorKey{werkpad.IndExitsToWork} },
		rule: func(_ werkpad.IndicatorKey, _ string, on werkpad.Date) string {
			return "uitstroom met reden werk op " + on.Dutch() + "; woongemeente op die dag"
		},
	},
	{
		// Wsw employees: the municipality of the Wsw employment itself
		// (the one that pays for it), not a residence.
		name: "sw employees", record: "sw-dienstverband", values: 1,
		sql: func(d *DB, per werkpad.Period, only []string) string {
			to := d.dateLit(per.To)
			return `SELECT s.municipality, COALESCE(s.candidate_id, 0) AS candidate_id, s.id AS record_id, ` + to + ` AS on_date, '' AS grp, 1 AS v1
				FROM sw_employees s ` + d.regionIndex("sw_employees_running", only) + `
				WHERE (s.end_date IS NULL OR s.end_date >= ` + to + `) AND s.start_date <= ` + to + swOnly(only)
		},
		keysOf: func(string) []werkpad.IndicatorKey { return []werkpad.IndicatorKey{werkpad.IndSWEmployees} },
		rule: func(_ werkpad.IndicatorKey, _ string, on werkpad.Date) string {
			return "in dienst (Wsw) op " + on.Dutch() + "; gemeente van het Wsw-dienstverband"
		},
	},
	{
		// Caseload on the last day: in service, by the phase of that day
		// (phases of a candidate never overlap), residence on that day. The
		// segments (migration 00137) hold exactly the days on which a
		// phase, a residence and the registration of one candidate hold at
		// once, kept by triggers: the rows are those of the three lookups
		// per registered candidate, read as two ranges of one index (the
		// open segments and those ending on or after the day). Scale 100,
		// a day: SQLite 0,74 -> 0,3 s, PostgreSQL 0,30 -> 0,12 s.
		name: "caseload", record: "fase", values: 1,
		sql: func(d *DB, per werkpad.Period, only []string) string {
			to, cond := d.dateLit(per.To), ""
			if len(only) > 0 {
				cond = ` AND s.municipality IN (` + sqlList(only...) + `)`
			}
			return segmentsOn(`s.municipality, s.candidate_id, s.phase_id AS record_id, `+to+` AS on_date, s.phase AS grp, 1 AS v1`,
				"caseload_segments", to, cond)
		},
		keysOf: func(grp string) []werkpad.IndicatorKey {
			return []werkpad.IndicatorKey{phaseKeys[werkpad.Phase(grp)]} // "" for an unknown phase: skipped
		},
		rule: func(_ werkpad.IndicatorKey, grp string, on werkpad.Date) string {
			return "ingeschreven en in fase " + werkpad.Phase(grp).Label() + " op " + on.Dutch() + "; woongemeente op die dag"
		},
	},
	{
		name: "wage subsidies", record: "plaatsing", values: 4,
		sql: func(d *DB, per werkpad.Period, only []string) string {
			to := d.dateLit(per.To)
			// v4: NUG at intake, the income situation on the subsidy's start day.
			sel := func(cond, index string) string {
				return `SELECT r.value AS municipality, p.candidate_id, p.id AS record_id, ` + to + ` AS on_date, '' AS grp,
					1 AS v1, ` + termsOn("contract_minutes_per_week", to) + ` AS v2, ` + termsOn("wage_value_bp", to) + ` AS v3,
					CASE WHEN EXISTS (SELECT 1 FROM benefit_periods b WHERE b.candidate_id = p.candidate_id AND b.kind = '` + string(werkpad.BenefitNone) + `'
						AND b.from_date <= ` + subsidyStart + ` AND (b.to_date IS NULL OR b.to_date >= ` + subsidyStart + `)) THEN 1 ELSE 0 END AS v4
				FROM placements p ` + index + `
				` + d.residenceByLookup("p.candidate_id", to) + `
				WHERE ` + cond + ` AND p.start_date <= ` + to + ` AND (p.end_date IS NULL OR p.end_date >= ` + to + `)
					AND ` + termsOn("wage_subsidy", to) + d.livedIn("p.candidate_id", per, only)
			}
			// The wage subsidy of the day: those with it now (by their
			// index), then the few without it now that had it then.
			return sel("p.wage_subsidy", d.regionIndex("placements_lks", only)) + ` UNION ALL ` +
				sel("NOT p.wage_subsidy AND p.id IN (SELECT t.placement_id FROM placement_terms t WHERE t.wage_subsidy)", "")
		},
		keysOf: func(string) []werkpad.IndicatorKey {
			return []werkpad.IndicatorKey{werkpad.IndLKSRunning, werkpad.IndLKSMinutesTotal, werkpad.IndLKSWageValueTotal, werkpad.IndLKSNUGAtIntake}
		},
		rule: func(k werkpad.IndicatorKey, _ string, on werkpad.Date) string {
			s := "plaatsing met loonkostensubsidie lopend op " + on.Dutch() + "; woongemeente op die dag"
			switch k {
			case werkpad.IndLKSMinutesTotal:
				s += "; telt met de contracturen per week"
			case werkpad.IndLKSWageValueTotal:
				s += "; telt met de loonwaarde in procent"
			case werkpad.IndLKSNUGAtIntake:
				s += "; niet uitkeringsgerechtigd (nug) op de begindag van de subsidie"
			}
			return s
		},
	},
}

// swOnly narrows the Wsw employees to the municipalities only (none: all).
func swOnly(only []string) string {
	if len(only) == 0 {
		return ""
	}
	return ` AND s.municipality IN (` + sqlList(only...) + `)`
}

// familyOf returns the family whose keysOf can give k.
func familyOf(k werkpad.IndicatorKey) (*indicatorFamily, bool) {
	for i := range indicatorFamilies {
		f := &indicatorFamilies[i]
		for _, grp := range []string{"", string(werkpad.InstrumentWorkWithBenefit), string(werkpad.InstrumentOWNW),
			string(werkpad.BenefitBijstand), string(werkpad.BenefitNone),
			string(werkpad.PhaseDevelop), string(werkpad.PhaseMediate), string(werkpad.PhaseSupport)} {
			for _, fk := range f.keysOf(grp) {
				if fk == k {
					return f, true
				}
			}
		}
	}
	return nil, false
}

// subsidyStart is the day placement p's wage subsidy began ("instroom" in
// the LKS): the first day of its first dated terms with subsidy, the start
// date when the subsidy was there from the start (or never changed).
const subsidyStart = `CASE WHEN ` + hasTerms + ` THEN COALESCE((SELECT MIN(t.from_date) FROM placement_terms t WHERE t.placement_id = p.id AND t.wage_subsidy), p.start_date) ELSE p.start_date END`

// hasTerms tells whether placement p has dated terms at all. It guards the
// lookups of termsOn and subsidyStart: the set of placements with terms
// is read once per query (PostgreSQL hashes it, SQLite indexes it), and
// only those placements look up their terms. Most placements never
// change terms; the lookup per placement cost PostgreSQL a sort for
// each (placements of H1 2024 at scale 100: 1,25 -> 0,67 s).
const hasTerms = `p.id IN (SELECT t.placement_id FROM placement_terms t)`

// termsOn is column (contract_minutes_per_week, wage_value_bp or
// wage_subsidy) of placement p on day on (a column or a date literal): that
// of the latest dated terms starting on or before it, the placement's own
// when it has none (its terms never changed).
func termsOn(column, on string) string {
	return `CASE WHEN ` + hasTerms + ` THEN COALESCE((SELECT t.` + column + ` FROM placement_terms t WHERE t.placement_id = p.id AND t.from_date <= ` + on +
		` ORDER BY t.from_date DESC LIMIT 1), p.` + column + `) ELSE p.` + column + ` END`
}
