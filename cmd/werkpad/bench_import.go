package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"werkpad"
	"werkpad/csvimport"
	"werkpad/report"
	"werkpad/store"
)

// importLoad measures one import of generated candidates while a running
// werkpad server answers reads and writes, as an operator would see it:
// the import runs as its own process (werkpad import candidates --apply),
// so its peak memory is its own; the server runs in this process on the
// same database, and clients read the caseload list and create candidates
// through the API for as long as the import runs.
type importLoad struct {
	URL  string // the database, migrated or empty
	Dir  string // for the generated file
	Rows int
	// Command returns the import process for args (werkpad's own
	// executable, or a test binary that runs Main).
	Command func(args ...string) *exec.Cmd
	// Readers and Writers are the number of concurrent clients.
	Readers, Writers int
	// Pause between two requests of one client.
	Pause time.Duration
}

type importLoadResult struct {
	Rows            int
	Elapsed         time.Duration
	PeakRSS         int64 // bytes, of the import process
	Reads, Writes   []time.Duration
	Errors          []string // failed requests
	Output, Stderr  string   // of the import
	ImportErr       error
	CandidatesAfter int
}

func (r *importLoadResult) rowsPerSecond() float64 { return float64(r.Rows) / r.Elapsed.Seconds() }

// percentile returns the p-th percentile (0-100) of ds, sorted in place.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(float64(len(ds))*p/100+0.5) - 1
	return ds[max(0, min(len(ds)-1, i))]
}

// lineWaiter is a writer that reports the first line containing a prefix.
type lineWaiter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	prefix string
	found  chan string
}

func (w *lineWaiter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for _, line := range strings.Split(w.buf.String(), "\n") {
		if i := strings.Index(line, w.prefix); i >= 0 && w.found != nil {
			w.found <- strings.Fields(line[i+len(w.prefix):])[0]
			w.found = nil
		}
	}
	return len(p), nil
}

// ensureSecretKey gives this process (and the processes it starts) a BSN
// key for PostgreSQL when none is configured.
func ensureSecretKey() {
	if os.Getenv("WERKPAD_SECRET_KEY") == "" {
		b := make([]byte, 32)
		rand.Read(b)
		os.Setenv("WERKPAD_SECRET_KEY", base64.StdEncoding.EncodeToString(b))
	}
}

func (l *importLoad) run(ctx context.Context) (*importLoadResult, error) {
	if store.IsPostgresURL(l.URL) {
		ensureSecretKey()
	}
	// The database, a consulent with an API token, and the file.
	db, err := openDB(ctx, l.URL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := openSealer(ctx, db); err != nil {
		return nil, err
	}
	op := werkpad.OperatorContext(ctx)
	cons := &werkpad.User{Email: fmt.Sprintf("bench-import-%d@werkbedrijf.nl", time.Now().UnixNano()), Name: "Bench", Role: werkpad.RoleConsultant}
	pw := base64.StdEncoding.EncodeToString([]byte(cons.Email))
	if err := store.NewUserService(db).CreateUser(op, cons, pw+"Aa1!"); err != nil {
		return nil, err
	}
	tok, err := store.NewAuthService(db).CreateToken(op, cons.ID, "bench")
	if err != nil {
		return nil, err
	}
	file := filepath.Join(l.Dir, fmt.Sprintf("kandidaten-%d.csv", l.Rows))
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	// Generated BSNs start at a random point so that a second run on the
	// same database does not collide.
	var start [3]byte
	rand.Read(start[:])
	series := 10_000_000 + (int(start[0])<<16|int(start[1])<<8|int(start[2]))%40_000_000
	err = csvimport.WriteSampleCandidates(f, l.Rows, csvimport.NewBSNSeries(series))
	f.Close()
	if err != nil {
		return nil, err
	}
	defer os.Remove(file)

	// The server, on a free port.
	sctx, stopServer := context.WithCancel(ctx)
	served := make(chan int, 1)
	urlc := make(chan string, 1)
	out := &lineWaiter{prefix: "werkpad draait op ", found: urlc}
	go func() {
		served <- Main(sctx, []string{"serve", "--addr", "127.0.0.1:0", "--database-url", l.URL}, strings.NewReader(""), out, io.Discard)
	}()
	var base string
	select {
	case base = <-urlc:
	case code := <-served:
		stopServer()
		return nil, fmt.Errorf("de server stopte meteen (exit %d)", code)
	case <-time.After(60 * time.Second):
		stopServer()
		return nil, fmt.Errorf("de server start niet binnen 60 s")
	}
	defer func() { stopServer(); <-served }()

	res := &importLoadResult{Rows: l.Rows}
	client := &http.Client{Timeout: 30 * time.Second}
	do := func(method, path string, body []byte) error {
		req, err := http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+tok.Secret)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, strings.TrimSpace(string(b)))
		}
		return nil
	}
	// One request of each kind before the import: the server answers.
	if err := do("GET", "/api/v1/kandidaten?limit=20", nil); err != nil {
		return nil, err
	}

	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	writeBSNs := csvimport.NewBSNSeries(series + 50_000_000)
	client1 := func(write bool) {
		defer wg.Done()
		for i := 0; i < 100_000; i++ { // bounded; stops with the import
			select {
			case <-done:
				return
			case <-time.After(l.Pause):
			}
			t0 := time.Now()
			var err error
			if write {
				mu.Lock()
				bsn := writeBSNs.Next()
				mu.Unlock()
				body, _ := json.Marshal(map[string]any{"bsn": bsn, "voornaam": "Tijdens", "achternaam": "Import",
					"geboortedatum": "1990-05-17", "gemeente": "GM0268", "dienst": "arbeidsbemiddeling",
					"ingeschrevenOp": "2024-01-15"})
				err = do("POST", "/api/v1/kandidaten", body)
			} else {
				err = do("GET", fmt.Sprintf("/api/v1/kandidaten?limit=20&offset=%d", i%5*20), nil)
			}
			d := time.Since(t0)
			mu.Lock()
			if err != nil {
				res.Errors = append(res.Errors, err.Error())
			} else if write {
				res.Writes = append(res.Writes, d)
			} else {
				res.Reads = append(res.Reads, d)
			}
			mu.Unlock()
		}
	}
	for range l.Readers {
		wg.Add(1)
		go client1(false)
	}
	for range l.Writers {
		wg.Add(1)
		go client1(true)
	}

	cmd := l.Command("import", "candidates", file, "--apply", "--database-url", l.URL)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	res.ImportErr = cmd.Run()
	res.Elapsed = time.Since(t0)
	close(done)
	wg.Wait()
	res.Output, res.Stderr = stdout.String(), stderr.String()
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			res.PeakRSS = ru.Maxrss * 1024
		}
	}
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM candidates`).Scan(&res.CandidatesAfter); err != nil {
		return nil, err
	}
	return res, nil
}

// benchImport measures the import of rows generated candidates on each
// dialect while a server answers requests, and prints one row each.
func benchImport(ctx context.Context, e *env, dialects []store.Dialect, dir, pgURL string, rows int) error {
	if rows == 0 {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nimport van %s kandidaten terwijl de server verzoeken beantwoordt (belasting van de machine bij de start: %s)\n",
		dutchInt(rows), loadAverage())
	const format = "%-9s %9s %8s %9s %11s %10s %7s %10s %10s %10s %10s\n"
	fmt.Fprintf(e.stdout, format, "database", "rijen", "tijd (s)", "rijen/s", "piek (MB)", "verzoeken", "fouten",
		"p50 (ms)", "p99 (ms)", "p99 schr.", "max (ms)")
	ms := func(d time.Duration) string { return report.Dutch(float64(d.Microseconds())/1000, 0, true) }
	for _, d := range dialects {
		url, cleanup, err := benchDatabase(ctx, d, dir, pgURL, 0)
		if err != nil {
			return err
		}
		l := &importLoad{URL: url, Dir: dir, Rows: rows, Readers: 2, Writers: 1, Pause: 20 * time.Millisecond,
			Command: func(args ...string) *exec.Cmd { return exec.CommandContext(ctx, exe, args...) }}
		res, err := l.run(ctx)
		cleanup()
		if err != nil {
			return fmt.Errorf("%s import: %w", d, err)
		}
		if res.ImportErr != nil {
			return fmt.Errorf("%s import: %v\n%s%s", d, res.ImportErr, res.Output, res.Stderr)
		}
		all := append(append([]time.Duration(nil), res.Reads...), res.Writes...)
		fmt.Fprintf(e.stdout, format, d, dutchInt(res.Rows), report.Dutch(res.Elapsed.Seconds(), 1, true),
			dutchInt(int(res.rowsPerSecond())), report.Dutch(float64(res.PeakRSS)/1e6, 0, true),
			dutchInt(len(all)+len(res.Errors)), dutchInt(len(res.Errors)),
			ms(percentile(all, 50)), ms(percentile(all, 99)), ms(percentile(res.Writes, 99)), ms(percentile(all, 100)))
		if len(res.Errors) > 0 {
			fmt.Fprintf(e.stdout, "  eerste fout: %s\n", res.Errors[0])
		}
		fmt.Fprintf(e.stdout, "  %s", res.Output)
	}
	fmt.Fprintln(e.stdout, "verzoeken: caseloadlijst lezen (2 clients) en kandidaat aanmaken (1 client) via de API, elk met 20 ms pauze, zolang de import loopt; p99 schr. is die van de schrijfverzoeken")
	return nil
}

// loadAverage returns the machine's load over 1, 5 and 15 minutes in Dutch
// notation ("4,23 6,61 3,76"), or "onbekend" where /proc/loadavg is absent.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "onbekend"
	}
	var out []string
	for _, f := range strings.Fields(string(b))[:min(3, len(strings.Fields(string(b))))] {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return "onbekend"
		}
		out = append(out, report.Dutch(v, 2, true))
	}
	return strings.Join(out, " ")
}
