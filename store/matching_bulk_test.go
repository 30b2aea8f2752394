package store_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"werkpad"
	"werkpad/store"
)

// Bulk data for matching tests and benchmarks, written straight into the
// tables (the services would audit every row and take minutes for 400,000
// candidates). Deterministic for a seed. Candidate ids start at 1,000,000
// so that they never meet ids handed out by the services.

var bulkMunicipalities = []string{"GM0268", "GM0268", "GM0268", "GM1945", "GM0209", "GM0225", "GM0252", "GM0944", "GM0296"}

// bulkWriter collects rows and writes them in multi-row INSERTs of at
// most 30,000 arguments.
type bulkWriter struct {
	tb    testing.TB
	db    *store.DB
	exec  func(q string, args ...any) error
	table string
	cols  []string
	rows  [][]any
	all   *[]*bulkWriter // flushed together, in order, so references hold
}

func (w *bulkWriter) add(row ...any) {
	w.rows = append(w.rows, row)
	if len(w.rows)*len(w.cols) >= 30000 {
		for _, o := range *w.all {
			o.flush()
		}
	}
}

func (w *bulkWriter) flush() {
	if len(w.rows) == 0 {
		return
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + w.table + " (" + strings.Join(w.cols, ", ") + ") VALUES ")
	args := make([]any, 0, len(w.rows)*len(w.cols))
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(w.cols)), ", ") + ")"
	for i, r := range w.rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
		args = append(args, r...)
	}
	q := b.String()
	if w.db.Dialect == store.Postgres {
		q = rebindForTest(q)
	}
	if err := w.exec(q, args...); err != nil {
		w.tb.Fatalf("bulk insert %s: %v", w.table, err)
	}
	w.rows = w.rows[:0]
}

// bulkTx runs fn with writers in one transaction.
func bulkTx(tb testing.TB, db *store.DB, fn func(writer func(table string, cols ...string) *bulkWriter)) {
	tb.Helper()
	tx, err := db.SQL().Begin()
	if err != nil {
		tb.Fatal(err)
	}
	var writers []*bulkWriter
	exec := func(q string, args ...any) error { _, err := tx.Exec(q, args...); return err }
	fn(func(table string, cols ...string) *bulkWriter {
		w := &bulkWriter{tb: tb, db: db, exec: exec, table: table, cols: cols, all: &writers}
		writers = append(writers, w)
		return w
	})
	for _, w := range writers {
		w.flush()
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if db.Dialect == store.Postgres {
		for _, t := range []string{"candidates", "phase_periods", "candidate_profiles", "candidate_profile_occupations", "vacancies", "employers"} {
			if _, err := db.SQL().Exec("ANALYZE " + t); err != nil {
				tb.Fatal(err)
			}
		}
	} else if _, err := db.SQL().Exec("ANALYZE"); err != nil {
		tb.Fatal(err)
	}
}

const bulkFirstCandidate = 1_000_000

// bulkCandidates adds n candidates with phases and work profiles, spread
// over the municipalities, phases and occupations.
func bulkCandidates(tb testing.TB, db *store.DB, n int, seed uint64) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	now := db.Now()
	bulkTx(tb, db, func(writer func(string, ...string) *bulkWriter) {
		cand := writer("candidates", "id", "municipality", "bsn_encrypted", "bsn_hash", "bsn_last4", "given_name", "infix", "surname",
			"search_given", "search_surname", "birth_date", "service_line", "registered_on", "created_at", "updated_at")
		phase := writer("phase_periods", "candidate_id", "municipality", "phase", "from_date", "to_date")
		prof := writer("candidate_profiles", "candidate_id", "occupations", "has_occupations", "min_minutes", "max_minutes", "municipalities",
			"travel_km", "driving_licence", "language_rank", "certificates", "no_heavy_work", "no_customer_contact", "updated_at")
		occ := writer("candidate_profile_occupations", "candidate_id", "isco", "isco_minor", "isco_major")
		cert := writer("candidate_profile_certificates", "candidate_id", "name")
		certs := []string{"vca", "bhv", "heftruck", "hygiëne"}
		for i := range n {
			id := int64(bulkFirstCandidate + i)
			mun := bulkMunicipalities[rng.IntN(len(bulkMunicipalities))]
			surname := fmt.Sprintf("Kandidaat%d", i)
			cand.add(id, mun, "x", fmt.Sprintf("bulk-%d", id), "0000", "K", "", surname, "k", strings.ToLower(surname),
				werkpad.MustParseDate("1985-03-01"), "arbeidsbemiddeling", werkpad.MustParseDate("2023-01-01"), now, now)
			ph := werkpad.PhaseDevelop
			switch x := rng.IntN(100); {
			case x >= 75:
				ph = werkpad.PhaseSupport
			case x >= 40:
				ph = werkpad.PhaseMediate
			}
			// An earlier, closed phase, so that the phase test has history to skip.
			phase.add(id, mun, string(werkpad.PhaseDevelop), werkpad.MustParseDate("2023-01-01"), werkpad.MustParseDate("2023-12-31"))
			phase.add(id, mun, string(ph), werkpad.MustParseDate("2024-01-01"), nil)
			var prefs []string
			if rng.IntN(10) > 0 {
				for range 1 + rng.IntN(3) {
					o := werkpad.Occupations[rng.IntN(len(werkpad.Occupations))].Code
					if !containsString(prefs, o) {
						prefs = append(prefs, o)
					}
				}
			}
			for _, o := range prefs {
				occ.add(id, o, werkpad.MinorGroup(o), werkpad.MajorGroup(o))
			}
			var cs []string
			for _, c := range certs {
				if rng.IntN(4) == 0 {
					cs = append(cs, c)
					cert.add(id, c)
				}
			}
			certText := ""
			if len(cs) > 0 {
				certText = "," + strings.Join(cs, ",") + ","
			}
			lo := 8*60 + rng.IntN(24)*60
			wanted := ""
			if rng.IntN(5) == 0 {
				wanted = bulkMunicipalities[rng.IntN(len(bulkMunicipalities))]
			}
			prof.add(id, strings.Join(prefs, ","), len(prefs) > 0, lo, min(lo+rng.IntN(16)*60, 40*60), wanted,
				rng.IntN(3)*10, rng.IntN(2) == 0, rng.IntN(7), certText, rng.IntN(10) == 0, rng.IntN(20) == 0, now)
		}
	})
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// bulkVacancies adds employers and n open vacancies; it returns the first
// vacancy id.
func bulkVacancies(tb testing.TB, db *store.DB, n int, seed uint64) int64 {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 2))
	now := db.Now()
	const firstEmployer, firstVacancy = 1_000_000, 1_000_000
	bulkTx(tb, db, func(writer func(string, ...string) *bulkWriter) {
		emp := writer("employers", "id", "kvk", "name", "search_name", "sector", "municipality", "created_at", "updated_at")
		vac := writer("vacancies", "id", "employer_id", "title", "search_title", "isco", "isco_minor", "isco_major", "heavy", "customer_contact",
			"minutes_per_week", "positions", "municipality", "driving_licence", "driving_licence_hard", "language_rank", "language_hard",
			"start_date", "status", "created_at", "updated_at")
		vc := writer("vacancy_certificates", "vacancy_id", "name", "hard")
		for i := range 200 {
			name := fmt.Sprintf("Werkgever %d", i)
			emp.add(firstEmployer+i, fmt.Sprintf("%08d", 90000000+i), name, strings.ToLower(name), "logistiek",
				bulkMunicipalities[i%len(bulkMunicipalities)], now, now)
		}
		for i := range n {
			o := werkpad.Occupations[rng.IntN(len(werkpad.Occupations))]
			licence := rng.IntN(3) == 0
			lang := rng.IntN(5)
			title := "Vacature " + o.Title
			status := werkpad.VacancyOpen
			if rng.IntN(10) == 0 {
				status = werkpad.VacancyFilled
			}
			vac.add(firstVacancy+i, firstEmployer+rng.IntN(200), title, strings.ToLower(title), o.Code, werkpad.MinorGroup(o.Code), werkpad.MajorGroup(o.Code),
				o.Heavy, o.CustomerContact, (8+rng.IntN(33))*60, 1, bulkMunicipalities[rng.IntN(len(bulkMunicipalities))],
				licence, licence && rng.IntN(2) == 0, lang, lang > 0 && rng.IntN(3) == 0, nil, string(status), now, now)
			if rng.IntN(4) == 0 {
				vc.add(firstVacancy+i, "vca", rng.IntN(2) == 0)
			}
		}
	})
	return firstVacancy
}
