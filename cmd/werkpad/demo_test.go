package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"werkpad/store/storetest"
)

// TestDemoCommand: the first run creates accounts and the region, a second
// run leaves both alone (exit 0, for scripts/run), an explicit --scale into
// a filled database is an error.
func TestDemoCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	code, out, stderr := run(t, "", "demo", "--database-url", db)
	if code != 0 || !strings.Contains(out, "6551 kandidaten") || !strings.Contains(out, "WACHTWOORD") {
		t.Fatalf("first run: exit %d, stderr %q, output %q", code, stderr, out)
	}
	code, out, _ = run(t, "", "demo", "--database-url", db)
	if code != 0 || !strings.Contains(out, "Er is niets gegenereerd") || !strings.Contains(out, "werkpad user reset-password --email controller@demo.werkpad.nl") {
		t.Errorf("second run: exit %d, output %q", code, out)
	}
	code, _, stderr = run(t, "", "demo", "--database-url", db, "--scale", "2")
	if code != 1 || !strings.Contains(stderr, "alleen in een lege database") {
		t.Errorf("explicit --scale into a filled database: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := run(t, "", "demo", "--scale", "0"); code != 2 || !strings.Contains(stderr, "--scale") {
		t.Errorf("--scale 0: exit %d, stderr %q", code, stderr)
	}
}

func TestBenchCommand(t *testing.T) {
	// The import measurement starts this binary as werkpad: TestMain runs
	// Main instead of the tests when it sees this variable.
	t.Setenv("WERKPAD_TEST_RUN_MAIN", "1")
	code, out, stderr := run(t, "", "bench", "--scale", "1", "--runs", "1", "--postgres-url", "", "--import-rows", "300")
	if code != 0 || !strings.Contains(out, "sqlite") || !strings.Contains(out, "6.551") || !strings.Contains(out, "startpagina werkgeversadviseur") || regexp.MustCompile(`\d\.\d{1,2}\b|\d\.\d{4}`).MatchString(out) {
		t.Errorf("bench: exit %d, stderr %q, output %q", code, stderr, out)
	}
}

// Without the key PostgreSQL needs, the demo makes nothing: not the
// region, and not the accounts either (it printed their passwords and
// then stopped).
func TestDemoWithoutKeyMakesNothing(t *testing.T) {
	base := os.Getenv("WERKPAD_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("WERKPAD_TEST_POSTGRES_URL not set")
	}
	dbURL := storetest.PostgresDatabase(t, base, "werkpad_demo_nokey")
	t.Setenv("WERKPAD_SECRET_KEY", "")
	code, out, stderr := run(t, "", "demo", "--database-url", dbURL)
	if code != 1 || !strings.Contains(stderr, "WERKPAD_SECRET_KEY") || strings.Contains(out, "WACHTWOORD") {
		t.Fatalf("demo without a key: exit %d, out %q, err %q", code, out, stderr)
	}
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var users int
	if err := db.QueryRow(`SELECT COUNT(*) FROM users`).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if users != 0 {
		t.Errorf("%d accounts made without a key", users)
	}
}
