package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"werkpad"
	"werkpad/csvimport"
	"werkpad/demo"
	whttp "werkpad/http"
	"werkpad/report"
	"werkpad/store"
)

const benchLoadHelp = `Een belastingtest zoals gebruikers werkpad belasten: genereert de demoregio op
--scale in een nieuwe database, start --instances werkpad-servers op die ene
database en laat --users virtuele gebruikers --duration lang werken, elk
ingelogd in een rol (de helft consulenten, verder gemeenten, werkgevers-
adviseurs, controllers en beheerders), met tussen twee verzoeken een
denktijd rond --think. De mix: startpagina's, de kandidatenlijst met filters,
kandidaatpagina's, zoeken op naam, de API-lijst, een nieuwe kandidaat via de
API, vacatures met hun matches, /sw, en af en toe een rapportage (meteen als
JSON of als taak op de achtergrond, die op een andere server wordt
opgehaald). Elk verzoek gaat naar de volgende server (zonder vaste server
per sessie), zodat sessies, rapportagetaken en de inlogbeperking gedeeld
moeten zijn.

Uitvoer per route: aantal, fouten, p50 en p99 naast het doel (pagina's en
API 200 ms, een rapportage 3 s); daarna de doorvoer en alle fouten. Exitcode 1
als er een fout was. SQLite draait met één server; PostgreSQL (--postgres-url
of WERKPAD_DATABASE_URL) met --instances servers, elk met een eigen
verbindingenpool. De meting van het issue: --scale 61 --users 100 --duration 5m.`

// loadOptions are the knobs of a load test.
type loadOptions struct {
	Scale     int
	Seed      uint64
	Users     int
	Duration  time.Duration
	Think     time.Duration
	Instances int
	Progress  io.Writer
	// ServeURL, when set, is where the servers connect (a PgBouncer in
	// front of the database); the database is filled through the URL
	// given to loadTest.
	ServeURL string
	// CPUProfile, when set, is the file for a CPU profile of the servers
	// and users (one process) while the users work (go tool pprof).
	CPUProfile string
}

// loadStats are the timings of one route.
type loadStats struct {
	Name   string
	Aim    time.Duration
	Times  []time.Duration
	Errors int
}

// loadResult is what a load test measured.
type loadResult struct {
	Requests    int
	Errors      []string // the first errors, in full
	ErrorCount  int
	Elapsed     time.Duration
	Routes      []*loadStats
	PerInstance []int64 // requests answered per server
	Candidates  int64
}

func runBenchLoad(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "bench load")
	scale := fs.Int("scale", 1, "schaal van de demoregio (61 ≈ 400.000 kandidaten)")
	seed := fs.Uint64("seed", 1, "startwaarde van de generator")
	users := fs.Int("users", 100, "aantal virtuele gebruikers tegelijk")
	duration := fs.Duration("duration", time.Minute, "hoe lang de gebruikers werken (bijvoorbeeld 5m)")
	think := fs.Duration("think", time.Second, "gemiddelde denktijd tussen twee verzoeken van een gebruiker (0,5 tot 1,5 keer)")
	instances := fs.Int("instances", 2, "aantal servers op PostgreSQL (SQLite: altijd 1)")
	pgURL := fs.String("postgres-url", pgFromEnv(), "PostgreSQL-server voor de meting (leeg: alleen SQLite)")
	noSQLite := fs.Bool("skip-sqlite", false, "alleen PostgreSQL meten")
	dir := fs.String("dir", "", "map voor het SQLite-bestand (standaard een tijdelijke map, na afloop verwijderd)")
	cpuProfile := fs.String("cpuprofile", "", "schrijf een CPU-profiel van de servers terwijl de gebruikers werken naar dit bestand (per database: .sqlite of .postgres erachter); lees het met go tool pprof")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *scale < 1:
		return usageError("bench load", "--scale moet 1 of meer zijn")
	case *users < 1:
		return usageError("bench load", "--users moet 1 of meer zijn")
	case *duration < time.Second:
		return usageError("bench load", "--duration moet minstens 1s zijn")
	case *instances < 1:
		return usageError("bench load", "--instances moet 1 of meer zijn")
	case *think < 0:
		return usageError("bench load", "--think mag niet negatief zijn")
	}
	cleanup, err := benchDir(dir, "werkpad-load-")
	if err != nil {
		return err
	}
	defer cleanup()
	dialects := benchDialects(*noSQLite, *pgURL)
	if len(dialects) == 0 {
		return usageError("bench load", "--skip-sqlite zonder --postgres-url: niets te meten")
	}
	// One profile per database. It is written after minutes of
	// generating, so a file that cannot be written is told now.
	profileOf := func(d store.Dialect) string { return *cpuProfile + "." + string(d) }
	if *cpuProfile != "" {
		for _, d := range dialects {
			if err := os.WriteFile(profileOf(d), nil, 0o644); err != nil {
				return usageError("bench load", "--cpuprofile: %s kan niet worden geschreven (%v)", profileOf(d), errors.Unwrap(err))
			}
		}
	}
	failed := false
	for _, d := range dialects {
		o := loadOptions{Scale: *scale, Seed: *seed, Users: *users, Duration: *duration, Think: *think, Instances: *instances, Progress: e.stderr}
		if *cpuProfile != "" {
			o.CPUProfile = profileOf(d)
		}
		if d == store.SQLite {
			o.Instances = 1 // one process owns the file
		}
		dbURL, cleanup, err := benchDatabase(ctx, d, *dir, *pgURL, *scale)
		if err != nil {
			return err
		}
		res, err := loadTest(ctx, dbURL, o)
		cleanup()
		if err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
		printLoad(e.stdout, d, o, res)
		failed = failed || res.ErrorCount > 0
	}
	if failed {
		return fmt.Errorf("de belastingtest gaf fouten")
	}
	return nil
}

// loadTest fills a new database at url, starts the servers and runs the
// virtual users.
func loadTest(ctx context.Context, dbURL string, o loadOptions) (*loadResult, error) {
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	db, err := store.Open(ctx, dbURL)
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
	fmt.Fprintf(o.Progress, "demoregio op schaal %d genereren…\n", o.Scale)
	gen, err := demo.Generate(ctx, db, sealer, demo.Options{Scale: o.Scale, Seed: o.Seed})
	if err != nil {
		return nil, err
	}
	bu, err := benchUsers(ctx, db, sealer)
	if err != nil {
		return nil, err
	}
	// A user per virtual user: a session each, as on a working day.
	mix := []werkpad.Role{werkpad.RoleConsultant, werkpad.RoleMunicipality, werkpad.RoleConsultant, werkpad.RoleEmployerAdviser,
		werkpad.RoleConsultant, werkpad.RoleController, werkpad.RoleConsultant, werkpad.RoleMunicipality, werkpad.RoleConsultant,
		werkpad.RoleEmployerAdviser, werkpad.RoleConsultant, werkpad.RoleMunicipality, werkpad.RoleConsultant, werkpad.RoleController,
		werkpad.RoleConsultant, werkpad.RoleMunicipality, werkpad.RoleConsultant, werkpad.RoleEmployerAdviser, werkpad.RoleConsultant, werkpad.RoleAdmin}
	roles := make([]werkpad.Role, o.Users)
	emails := make([]string, o.Users)
	for i := range roles {
		roles[i] = mix[i%len(mix)]
		emails[i] = fmt.Sprintf("last-%d@werkpad.test", i)
		var scope []string
		if roles[i] == werkpad.RoleMunicipality {
			scope = []string{[]string{"GM0268", "GM0296", "GM1945", "GM0944"}[i%4]}
		}
		if err := bu.add(ctx, emails[i], roles[i], scope...); err != nil {
			return nil, err
		}
	}
	data, err := loadData(ctx, db)
	if err != nil {
		return nil, err
	}

	// The servers, each with a pool of its own, as separate processes have.
	var bases []string
	var served []*atomic.Int64
	serveURL := dbURL
	if o.ServeURL != "" {
		serveURL = o.ServeURL
	}
	for range o.Instances {
		idb, err := store.OpenExisting(ctx, serveURL)
		if err != nil {
			return nil, err
		}
		defer idb.Close()
		srv := whttp.NewServer()
		srv.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		defer wireServices(srv, idb, sealer)()
		n := &atomic.Int64{}
		h := srv.Handler()
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			h.ServeHTTP(w, r)
		}))
		defer ts.Close()
		bases = append(bases, ts.URL)
		served = append(served, n)
	}

	res := &loadResult{Candidates: gen.Rows["candidates"]}
	var mu sync.Mutex
	stats := map[string]*loadStats{}
	record := func(name string, aim time.Duration, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		s := stats[name]
		if s == nil {
			s = &loadStats{Name: name, Aim: aim}
			stats[name] = s
		}
		res.Requests++
		if err != nil {
			s.Errors++
			res.ErrorCount++
			if len(res.Errors) < 20 {
				res.Errors = append(res.Errors, name+": "+err.Error())
			}
			return
		}
		s.Times = append(s.Times, d)
	}
	var next atomic.Int64
	base := func() string { return bases[int(next.Add(1))%len(bases)] }

	var series [3]byte
	rand.Read(series[:])
	bsns := csvimport.NewBSNSeries(60_000_000 + (int(series[0])<<16|int(series[1])<<8|int(series[2]))%20_000_000)
	var bsnMu sync.Mutex
	nextBSN := func() string {
		bsnMu.Lock()
		defer bsnMu.Unlock()
		return bsns.Next()
	}

	fmt.Fprintf(o.Progress, "%d gebruikers, %s, op %d server(s)…\n", o.Users, o.Duration, o.Instances)
	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	began := time.Now()
	deadline := began.Add(o.Duration)
	var wg sync.WaitGroup
	for i := range o.Users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Staggered starts over the first seconds, as people arrive.
			time.Sleep(time.Duration(i) * min(5*time.Second, o.Duration/4) / time.Duration(o.Users))
			vu := &virtualUser{role: roles[i], rng: mrand.New(mrand.NewPCG(uint64(i), o.Seed)), base: base, data: data, nextBSN: nextBSN, record: record}
			c, err := signedIn(base(), emails[i], bu.password)
			if err != nil {
				record("inloggen", time.Second, 0, err)
				return
			}
			vu.client = c
			for ctx.Err() == nil && time.Now().Before(deadline) {
				vu.act(ctx)
				if o.Think > 0 {
					time.Sleep(time.Duration(float64(o.Think) * (0.5 + vu.rng.Float64())))
				}
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(began)
	for _, s := range stats {
		slices.Sort(s.Times)
		res.Routes = append(res.Routes, s)
	}
	slices.SortFunc(res.Routes, func(a, b *loadStats) int { return strings.Compare(a.Name, b.Name) })
	for _, n := range served {
		res.PerInstance = append(res.PerInstance, n.Load())
	}
	return res, ctx.Err()
}

// loadSample are the records the virtual users open.
type loadSample struct {
	candidates []int64 // of every municipality (consultant, controller)
	nijmegen   []int64
	vacancies  []int64
	surnames   []string
}

func loadData(ctx context.Context, db *store.DB) (*loadSample, error) {
	d := &loadSample{}
	var err error
	for _, q := range []struct {
		to    *[]int64
		query string
	}{
		{&d.candidates, `SELECT id FROM candidates WHERE id % 97 = 0 ORDER BY id LIMIT 2000`},
		{&d.nijmegen, `SELECT id FROM candidates WHERE municipality = 'GM0268' AND id % 89 = 0 ORDER BY id LIMIT 1000`},
		{&d.vacancies, `SELECT id FROM vacancies ORDER BY id`},
	} {
		if *q.to, err = column[int64](ctx, db, q.query); err != nil {
			return nil, err
		}
	}
	if d.surnames, err = column[string](ctx, db, `SELECT DISTINCT surname FROM candidates WHERE id % 101 = 0 ORDER BY 1 LIMIT 200`); err != nil {
		return nil, err
	}
	if len(d.candidates) == 0 || len(d.nijmegen) == 0 || len(d.vacancies) == 0 || len(d.surnames) == 0 {
		return nil, fmt.Errorf("de demoregio heeft geen kandidaten, vacatures of namen om te openen")
	}
	return d, nil
}

// column reads the one column of query.
func column[T any](ctx context.Context, db *store.DB, query string) ([]T, error) {
	rows, err := db.SQL().QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// virtualUser is one person at work.
type virtualUser struct {
	role    werkpad.Role
	rng     *mrand.Rand
	client  *http.Client
	base    func() string
	data    *loadSample
	nextBSN func() string
	record  func(name string, aim, d time.Duration, err error)
}

const (
	pageAimLoad   = 200 * time.Millisecond
	reportAimLoad = 3 * time.Second
)

// loadAction is one thing a user does, with its weight in the role's mix.
type loadAction struct {
	weight int
	do     func(ctx context.Context, vu *virtualUser)
}

func (vu *virtualUser) pick(list []int64) int64 { return list[vu.rng.IntN(len(list))] }

// get fetches a page whole and records it under name.
func (vu *virtualUser) get(ctx context.Context, name, path string, aim time.Duration) {
	t0 := time.Now()
	_, err := vu.do(ctx, http.MethodGet, vu.base()+path, "", nil)
	vu.record(name, aim, time.Since(t0), err)
}

// search asks the candidate list for a surname, as the list's form does
// (naam=), and counts an answer that is not a filtered list ("… gevonden")
// as an error: until stop 34 the mix asked ?zoek=, which the list ignores,
// and timed the unfiltered list of the region under this name.
func (vu *virtualUser) search(ctx context.Context, surname string) {
	t0 := time.Now()
	path := "/kandidaten?naam=" + url.QueryEscape(surname)
	resp, body, err := vu.fetch(ctx, http.MethodGet, vu.base()+path, "", nil)
	if err == nil && resp.StatusCode == http.StatusOK && !bytes.Contains(body, []byte(" gevonden, fase op ")) {
		err = fmt.Errorf("GET %s: geen gefilterde lijst", path)
	}
	vu.record("zoeken op naam", pageAimLoad, time.Since(t0), err)
}

// do sends a request and reads the answer; a status of 400 or more is an
// error (a redirect is an answer).
func (vu *virtualUser) do(ctx context.Context, method, u, ctype string, body []byte) (*http.Response, error) {
	resp, _, err := vu.fetch(ctx, method, u, ctype, body)
	return resp, err
}

// fetch is do that also returns the answer's body.
func (vu *virtualUser) fetch(ctx context.Context, method, u, ctype string, body []byte) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := vu.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode >= 400 {
		return resp, b, fmt.Errorf("%s %s: status %d: %.200s", method, strings.TrimPrefix(u, vu.base()), resp.StatusCode, strings.TrimSpace(string(b)))
	}
	if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/inloggen") {
		return resp, b, fmt.Errorf("%s: de sessie wordt niet herkend", method)
	}
	return resp, b, nil
}

var h1Query = "van=01-01-2024&tot=30-06-2024"

// mixes are the actions per role.
var mixes = map[werkpad.Role][]loadAction{
	werkpad.RoleConsultant: {
		{15, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "startpagina consulent", "/", pageAimLoad) }},
		{20, func(ctx context.Context, vu *virtualUser) {
			vu.get(ctx, "kandidatenlijst, fase", "/kandidaten?fase="+[]string{"bemiddelen", "ontwikkelen", "begeleiden"}[vu.rng.IntN(3)], pageAimLoad)
		}},
		{30, func(ctx context.Context, vu *virtualUser) {
			vu.get(ctx, "kandidaatpagina", fmt.Sprintf("/kandidaten/%d", vu.pick(vu.data.candidates)), pageAimLoad)
		}},
		{15, func(ctx context.Context, vu *virtualUser) {
			vu.search(ctx, vu.data.surnames[vu.rng.IntN(len(vu.data.surnames))])
		}},
		{8, func(ctx context.Context, vu *virtualUser) {
			vu.get(ctx, "API kandidatenlijst", "/api/v1/kandidaten?fase=bemiddelen&limit=50", pageAimLoad)
		}},
		{7, func(ctx context.Context, vu *virtualUser) {
			body, _ := json.Marshal(map[string]any{"bsn": vu.nextBSN(), "voornaam": "Last", "achternaam": "Test",
				"geboortedatum": "1990-05-17", "gemeente": "GM0268", "dienst": "arbeidsbemiddeling", "ingeschrevenOp": "2024-01-15"})
			t0 := time.Now()
			_, err := vu.do(ctx, http.MethodPost, vu.base()+"/api/v1/kandidaten", "application/json", body)
			vu.record("nieuwe kandidaat (API, POST)", pageAimLoad, time.Since(t0), err)
		}},
		{5, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "/klachten", "/klachten", pageAimLoad) }},
	},
	werkpad.RoleMunicipality: {
		{30, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "startpagina gemeente", "/", pageAimLoad) }},
		{30, func(ctx context.Context, vu *virtualUser) {
			vu.get(ctx, "kandidatenlijst gemeente", "/kandidaten", pageAimLoad)
		}},
		{15, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "/signalen", "/signalen", pageAimLoad) }},
		{15, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "/aanmeldingen", "/aanmeldingen", pageAimLoad) }},
		{2, func(ctx context.Context, vu *virtualUser) {
			vu.get(ctx, "rapportage eigen gemeente (json)", "/rapportages/export.json?"+h1Query, reportAimLoad)
		}},
	},
	werkpad.RoleEmployerAdviser: {
		{25, func(ctx context.Context, vu *virtualUser) {
			vu.get(ctx, "startpagina werkgeversadviseur", "/", pageAimLoad)
		}},
		{25, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "/werkgevers", "/werkgevers", pageAimLoad) }},
		{25, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "/vacatures", "/vacatures", pageAimLoad) }},
		{25, func(ctx context.Context, vu *virtualUser) {
			vu.get(ctx, "vacature met matches", fmt.Sprintf("/vacatures/%d", vu.pick(vu.data.vacancies)), pageAimLoad)
		}},
	},
	werkpad.RoleController: {
		{40, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "startpagina controller", "/", pageAimLoad) }},
		{40, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "/sw", "/sw", pageAimLoad) }},
		{5, func(ctx context.Context, vu *virtualUser) {
			vu.get(ctx, "rapportage regio (json)", "/rapportages/export.json?"+h1Query, reportAimLoad)
		}},
		{5, func(ctx context.Context, vu *virtualUser) { vu.reportJob(ctx) }},
	},
	werkpad.RoleAdmin: {
		{50, func(ctx context.Context, vu *virtualUser) { vu.get(ctx, "startpagina beheerder", "/", pageAimLoad) }},
		{50, func(ctx context.Context, vu *virtualUser) {
			vu.get(ctx, "/beheer/gebruikers", "/beheer/gebruikers", pageAimLoad)
		}},
	},
}

// act does one thing of the user's mix.
func (vu *virtualUser) act(ctx context.Context) {
	mix := mixes[vu.role]
	total := 0
	for _, a := range mix {
		total += a.weight
	}
	n := vu.rng.IntN(total)
	for _, a := range mix {
		if n < a.weight {
			a.do(ctx, vu)
			return
		}
		n -= a.weight
	}
}

// reportJob starts a report in the background on one server and fetches
// it, when done, from whichever server comes next: the job lives in the
// database. Its time is from the start to the download.
func (vu *virtualUser) reportJob(ctx context.Context) {
	const name = "rapportagetaak xlsx (starten tot downloaden)"
	t0 := time.Now()
	form := url.Values{"van": {"01-01-2024"}, "tot": {"30-06-2024"}, "formaat": {"xlsx"}}
	resp, err := vu.do(ctx, http.MethodPost, vu.base()+"/rapportages/genereren", "application/x-www-form-urlencoded", []byte(form.Encode()))
	if err != nil {
		vu.record(name, reportAimLoad, 0, err)
		return
	}
	job := resp.Header.Get("Location")
	if !strings.HasPrefix(job, "/rapportages/taken/") {
		vu.record(name, reportAimLoad, 0, fmt.Errorf("geen taak na het starten (status %d)", resp.StatusCode))
		return
	}
	for time.Since(t0) < 2*time.Minute && ctx.Err() == nil {
		resp, err := vu.do(ctx, http.MethodGet, vu.base()+job+"/download", "", nil)
		if err == nil {
			vu.record(name, reportAimLoad, time.Since(t0), nil)
			return
		}
		if resp == nil || resp.StatusCode != http.StatusConflict { // 409: not done yet
			vu.record(name, reportAimLoad, 0, err)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	vu.record(name, reportAimLoad, 0, fmt.Errorf("%s niet klaar binnen 2 minuten", job))
}

func printLoad(w io.Writer, d store.Dialect, o loadOptions, res *loadResult) {
	ms := func(t time.Duration) string { return report.Dutch(float64(t.Microseconds())/1000, 1, true) }
	fmt.Fprintf(w, "belastingtest %s: schaal %d (%s kandidaten), %d gebruikers, %s, denktijd %s, %d server(s)\n", d, o.Scale,
		report.Dutch(float64(res.Candidates), 0, true), o.Users, res.Elapsed.Round(time.Second), o.Think, o.Instances)
	fmt.Fprintf(w, "  %-48s %7s %6s %10s %10s %9s\n", "route", "aantal", "fouten", "p50 (ms)", "p99 (ms)", "doel (ms)")
	for _, s := range res.Routes {
		p50, p99 := "–", "–"
		verdict := ""
		if n := len(s.Times); n > 0 {
			p50, p99 = ms(s.Times[n/2]), ms(s.Times[(n*99-1)/100])
			if s.Times[(n*99-1)/100] > s.Aim {
				verdict = "  BOVEN het doel"
			}
		}
		fmt.Fprintf(w, "  %-48s %7d %6d %10s %10s %9s%s\n", s.Name, len(s.Times)+s.Errors, s.Errors, p50, p99, ms(s.Aim), verdict)
	}
	rate := float64(res.Requests) / res.Elapsed.Seconds()
	fmt.Fprintf(w, "  totaal %d verzoeken, %s per seconde, %d fouten; per server %v\n", res.Requests, report.Dutch(rate, 1, true), res.ErrorCount, res.PerInstance)
	for _, e := range res.Errors {
		fmt.Fprintf(w, "  fout: %s\n", e)
	}
	fmt.Fprintln(w)
}
