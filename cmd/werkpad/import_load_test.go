package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"werkpad"
	"werkpad/store"
	"werkpad/store/storetest"
)

// TestMain lets a test start this test binary as werkpad itself: with
// WERKPAD_TEST_RUN_MAIN set, the binary runs Main on its arguments (the
// import process of the load and kill tests) instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("WERKPAD_TEST_RUN_MAIN") == "1" {
		os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// selfCommand starts this test binary as werkpad.
func selfCommand(t *testing.T) func(args ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return func(args ...string) *exec.Cmd {
		cmd := exec.Command(exe, args...)
		cmd.Env = append(os.Environ(), "WERKPAD_TEST_RUN_MAIN=1")
		return cmd
	}
}

// TestImportWhileServing runs an import of candidates while a running
// server answers reads (caseload list) and writes (new candidates) through
// the API, on both databases: every request succeeds (no "database is
// locked"), the import stores every row, and the writes made during the
// import are all there too.
func TestImportWhileServing(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			if d == store.Postgres {
				ensureSecretKey()
			}
			load := &importLoad{URL: url, Dir: t.TempDir(), Rows: 4000, Command: selfCommand(t), Readers: 2, Writers: 2, Pause: 5 * time.Millisecond}
			res, err := load.run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.ImportErr != nil || !strings.Contains(res.Output, "4000 regels geïmporteerd") {
				t.Fatalf("import: %v\n%s\n%s", res.ImportErr, res.Output, res.Stderr)
			}
			if len(res.Errors) > 0 {
				t.Errorf("%d of %d requests failed during the import, first: %s", len(res.Errors), len(res.Errors)+len(res.Reads)+len(res.Writes), res.Errors[0])
			}
			if len(res.Reads) == 0 || len(res.Writes) == 0 {
				t.Errorf("no requests served during the import: %d reads, %d writes", len(res.Reads), len(res.Writes))
			}
			if want := 4000 + len(res.Writes); res.CandidatesAfter != want {
				t.Errorf("%d candidates after the import, want %d (import) + %d (written during it)", res.CandidatesAfter, 4000, len(res.Writes))
			}
		})
	}
}

// TestImportKilled kills an import process (kill -9) at random moments,
// from reading the file to making the rows visible, on both databases:
// afterwards either none or all of the file's candidates are there, the
// audit chain is intact, and the next import removes what a killed one
// staged (SQLite) and runs to the end.
func TestImportKilled(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			if d == store.Postgres {
				ensureSecretKey()
			}
			dir := t.TempDir()
			cmd := selfCommand(t)
			if code, out, stderr := run(t, "", "migrate", "--database-url", url); code != 0 {
				t.Fatalf("migrate: %s %s", out, stderr)
			}
			const n = 3000
			importFile := func(i int) (*exec.Cmd, string) {
				file := sampleFile(t, dir, "k"+string(rune('a'+i))+".csv", n, 50_000_000+i*10_000)
				return cmd("import", "candidates", file, "--apply", "--database-url", url), file
			}
			count := func() int {
				db, err := store.Open(context.Background(), url)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				var c int
				if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM candidates`).Scan(&c); err != nil {
					t.Fatal(err)
				}
				return c
			}
			// One undisturbed run gives the time an import takes.
			c, _ := importFile(0)
			t0 := time.Now()
			if out, err := c.CombinedOutput(); err != nil {
				t.Fatalf("import: %v %s", err, out)
			}
			full := time.Since(t0)
			before := count()
			outcomes := map[string]int{}
			for i := 1; i <= 8; i++ {
				c, _ := importFile(i)
				if err := c.Start(); err != nil {
					t.Fatal(err)
				}
				wait := time.Duration(rand.Int64N(int64(full) * 3 / 2))
				exited := make(chan error, 1)
				go func() { exited <- c.Wait() }()
				select {
				case <-exited:
					outcomes["klaar voor kill"]++
				case <-time.After(wait):
					c.Process.Signal(syscall.SIGKILL)
					<-exited
					outcomes["gekild"]++
				}
				switch after := count(); after {
				case before:
				case before + n:
					before = after
					outcomes["alles"]++
				default:
					t.Fatalf("trial %d (kill after %s): %d candidates, want %d or %d", i, wait, after, before, before+n)
				}
			}
			t.Logf("%s: %v (an undisturbed import took %s)", d, outcomes, full)
			// The audit chain is intact, and a new import runs to the end
			// and leaves no staging behind.
			db, err := store.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			broken, _, err := store.NewAuditService(db).VerifyAudit(werkpad.OperatorContext(context.Background()))
			db.Close()
			if err != nil || broken != nil {
				t.Fatalf("audit chain after kills: %v %v", broken, err)
			}
			c, _ = importFile(20)
			if out, err := c.CombinedOutput(); err != nil {
				t.Fatalf("import after kills: %v %s", err, out)
			}
			if d == store.SQLite {
				if m, _ := filepath.Glob(url + ".import-*"); len(m) != 0 {
					t.Errorf("staging files left after the next import: %v", m)
				}
			}
		})
	}
}
