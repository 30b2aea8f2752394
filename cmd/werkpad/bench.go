package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"werkpad"
	"werkpad/demo"
	"werkpad/report"
	"werkpad/store"
)

const benchHelp = `Meet wat gebruikers krijgen: genereert per schaal de demoregio in een nieuwe
database, en meet de grootte van de database, de generatietijd, de tijd voor
alle indicatoren van de hele regio over 01-01-2024 t/m 30-06-2024 en een kale
SQL-doorgang over dezelfde plaatsingen, trajecten en uitstroom (de ondergrens;
beide beste van --runs keer). Daarna p50 en p99 van de caseloadlijst en het
zoeken op naam, geboortedatum en BSN (100 keer elk), en van de pagina's zoals
een ingelogde gebruiker ze over HTTP krijgt: de rapportage in json, pdf en
xlsx en de pagina /rapportages (controller), de rapportage van de kleinste
gemeente (als haar gebruiker en als gekozen gemeente van de controller), de
startpagina van elke rol, /sw per rol, de kandidatenlijst per fase, de
kandidaatpagina, een vacature met haar matches en de API-lijst (per fase voor
de regio en de kleinste gemeente, en ongefilterd), elk naast zijn doel, en de
rapportage als
veelvoud van de kale SQL-doorgang (doel: hoogstens 3×). SQLite in een
tijdelijke map; PostgreSQL als --postgres-url (of WERKPAD_DATABASE_URL met
postgres://) is gezet, in een tijdelijk schema dat daarna wordt verwijderd.
Elke meting van de indicatoren controleert ook dat de uitkomst gelijk is aan
wat de generator verwacht.

Daarna de import: --import-rows gegenereerde kandidaten (0: niet meten) met
werkpad import candidates --apply als eigen proces in een lege database,
terwijl een draaiende werkpad-server op dezelfde database lees- (caseloadlijst)
en schrijfverzoeken (nieuwe kandidaat) via de API beantwoordt: rijen per
seconde, piekgeheugen van het importproces, p50/p99/max van de verzoeken en
het aantal mislukte. --import-only slaat de metingen per schaal over. De
meting van het issue: --import-only --import-rows 400000.

werkpad bench load is de belastingtest: virtuele gebruikers tegelijk op één
of meer servers (zie werkpad bench load --help).`

func runBench(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "bench")
	scales := fs.String("scale", "1,10", "schalen, gescheiden door komma's (100 ≈ 650.000 kandidaten)")
	seed := fs.Uint64("seed", 1, "startwaarde van de generator")
	runs := fs.Int("runs", 3, "aantal keer dat de indicatoren worden berekend")
	pgURL := fs.String("postgres-url", pgFromEnv(), "PostgreSQL-server voor de meting (leeg: alleen SQLite)")
	noSQLite := fs.Bool("skip-sqlite", false, "alleen PostgreSQL meten")
	dir := fs.String("dir", "", "map voor de SQLite-bestanden (standaard een tijdelijke map, na afloop verwijderd)")
	importRows := fs.Int("import-rows", 10000, "aantal kandidaten voor de importmeting (0: niet meten)")
	importOnly := fs.Bool("import-only", false, "alleen de importmeting")
	if err := parse(fs, args); err != nil {
		return err
	}
	var list []int
	for _, s := range strings.Split(*scales, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return usageError("bench", "ongeldige schaal %q", s)
		}
		list = append(list, n)
	}
	cleanup, err := benchDir(dir, "werkpad-bench-")
	if err != nil {
		return err
	}
	defer cleanup()
	dialects := benchDialects(*noSQLite, *pgURL)
	if *importRows < 0 {
		return usageError("bench", "--import-rows moet 0 of meer zijn")
	}
	if *importOnly {
		return benchImport(ctx, e, dialects, *dir, *pgURL, *importRows)
	}
	const rowFormat = "%-9s %6s %10s %10s %12s %13s %16s %14s\n"
	fmt.Fprintf(e.stdout, rowFormat, "database", "schaal", "kandidaten", "rijen", "grootte (MB)", "genereren (s)", "indicatoren (ms)", "kale SQL (ms)")
	var caseworkRows []func()
	for _, scale := range list {
		for _, d := range dialects {
			url, cleanup, err := benchDatabase(ctx, d, *dir, *pgURL, scale)
			if err != nil {
				return err
			}
			row, err := benchOne(ctx, url, scale, *seed, *runs)
			cleanup()
			if err != nil {
				return fmt.Errorf("%s schaal %d: %w", d, scale, err)
			}
			fmt.Fprintf(e.stdout, rowFormat, d, strconv.Itoa(scale), report.Dutch(float64(row.candidates), 0, true), report.Dutch(float64(row.rows), 0, true),
				report.Dutch(float64(row.size)/1e6, 1, true), report.Dutch(row.generate.Seconds(), 1, true),
				report.Dutch(float64(row.indicators.Microseconds())/1000, 0, true), report.Dutch(float64(row.plain.Microseconds())/1000, 0, true))
			caseworkRows = append(caseworkRows, func() {
				printCaseworkTimings(e.stdout, d, scale, row.candidates, row.casework)
				printPageTimings(e.stdout, row.pages, row.plain)
			})
		}
	}
	fmt.Fprintln(e.stdout, "indicatoren: alle indicatoren van alle gemeenten over 01-01-2024 t/m 30-06-2024, beste van --runs")
	fmt.Fprintln(e.stdout, "kale SQL: één gewone doorgang over de plaatsingen, trajecten en uitstroom van die periode met de woongemeente, geteld per gemeente (de ondergrens), beste van --runs")
	fmt.Fprintln(e.stdout)
	for _, print := range caseworkRows {
		print()
	}
	if *importRows == 0 {
		return nil
	}
	return benchImport(ctx, e, dialects, *dir, *pgURL, *importRows)
}

// benchDir makes *dir a new temporary folder when it is empty; cleanup
// removes what it made.
func benchDir(dir *string, prefix string) (cleanup func(), err error) {
	if *dir != "" {
		return func() {}, nil
	}
	d, err := os.MkdirTemp("", prefix)
	if err != nil {
		return nil, err
	}
	*dir = d
	return func() { os.RemoveAll(d) }, nil
}

// benchDialects are the databases a measurement runs on: SQLite unless
// skipped, PostgreSQL when a server is given.
func benchDialects(skipSQLite bool, pgURL string) []store.Dialect {
	var out []store.Dialect
	if !skipSQLite {
		out = append(out, store.SQLite)
	}
	if pgURL != "" {
		out = append(out, store.Postgres)
	}
	return out
}

func pgFromEnv() string {
	if u := os.Getenv("WERKPAD_DATABASE_URL"); store.IsPostgresURL(u) {
		return u
	}
	return ""
}

type benchRow struct {
	candidates, rows, size int64
	generate, indicators   time.Duration
	plain                  time.Duration // store.PlainPass, best of runs
	casework, pages        []caseworkTiming
}

// benchDatabase returns a fresh database URL and a function removing it.
func benchDatabase(ctx context.Context, d store.Dialect, dir, pgURL string, scale int) (string, func(), error) {
	if d == store.SQLite {
		path := filepath.Join(dir, fmt.Sprintf("bench-%d.db", scale))
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		return path, func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(path + suffix)
			}
		}, nil
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "bench_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	sep := "?"
	if strings.Contains(pgURL, "?") {
		sep = "&"
	}
	return pgURL + sep + "search_path=" + schema, func() {
		admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		admin.Close()
	}, nil
}

func benchOne(ctx context.Context, url string, scale int, seed uint64, runs int) (*benchRow, error) {
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	key := make([]byte, store.KeySize)
	rand.Read(key)
	sealer, err := store.NewSealer(key)
	if err != nil {
		return nil, err
	}
	res, err := demo.Generate(ctx, db, sealer, demo.Options{Scale: scale, Seed: seed})
	if err != nil {
		return nil, err
	}
	row := &benchRow{candidates: res.Rows["candidates"], generate: res.Elapsed}
	for _, n := range res.Rows {
		row.rows += n
	}
	if row.size, err = db.Size(ctx); err != nil {
		return nil, err
	}
	svc := store.NewIndicatorService(db)
	actx := werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: &werkpad.User{Email: "bench", Role: werkpad.RoleController}, Via: "cli"})
	per := demo.Periods()[1]
	var times []time.Duration
	for range max(runs, 1) {
		began := time.Now()
		set, err := svc.Indicators(actx, per, nil)
		if err != nil {
			return nil, err
		}
		times = append(times, time.Since(began))
		if !sameIndicators(set, res.Expected[1]) {
			return nil, fmt.Errorf("the indicators differ from what the generator planned")
		}
	}
	row.indicators = slices.Min(times)
	times = times[:0]
	for range max(runs, 1) {
		began := time.Now()
		if _, err := store.PlainPass(ctx, db, per); err != nil {
			return nil, err
		}
		times = append(times, time.Since(began))
	}
	row.plain = slices.Min(times)
	if row.casework, err = benchCasework(ctx, db, sealer, 100); err != nil {
		return nil, err
	}
	if row.pages, err = benchPages(ctx, db, sealer, 20); err != nil {
		return nil, fmt.Errorf("pagina's: %w", err)
	}
	return row, nil
}

func sameIndicators(a, b *werkpad.IndicatorSet) bool {
	if len(a.Municipalities) != len(b.Municipalities) {
		return false
	}
	for i := range a.Municipalities {
		ma, mb := a.Municipalities[i], b.Municipalities[i]
		if ma.Code != mb.Code || len(ma.Values) != len(mb.Values) {
			return false
		}
		for k, v := range ma.Values {
			if mb.Values[k] != v {
				return false
			}
		}
	}
	return true
}
