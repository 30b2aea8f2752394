package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"werkpad"

	_ "modernc.org/sqlite"
)

// migrated creates and migrates the database at url (as werkpad migrate),
// for the commands that only open an existing one.
func migrated(t *testing.T, url string) string {
	t.Helper()
	if code, _, stderr := run(t, "", "migrate", "--database-url", url); code != 0 {
		t.Fatalf("migrate: exit %d, %s", code, stderr)
	}
	return url
}

// run calls Main as the shell would and returns exit code and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCLIErrorsAreOneLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bestaat-niet"}, 2, "onbekende opdracht"},
		{[]string{"serve", "--bogus"}, 2, "werkpad serve: onbekende optie --bogus (zie werkpad serve --help)"},
		{[]string{"serve", "--addr"}, 2, "optie --addr heeft een waarde nodig"},
		{[]string{"serve", "--port", "8080"}, 2, "onbekende optie --port"},
		{[]string{"report", "--public=misschien"}, 2, `optie --public kent geen waarde "misschien"`},
		{[]string{"demo", "--scale", "veel"}, 2, `ongeldige waarde "veel" voor optie --scale`},
		{[]string{"sw", "status", "--date", "2024/06/30"}, 2, "werkpad sw status: --date:"},
		{[]string{"dvo", "check", "--date", "2024/06/30"}, 2, "werkpad dvo check: --date:"},
		{[]string{"import", "candidates", "/nonexistent.csv"}, 1, "Bestand /nonexistent.csv bestaat niet."},
		{[]string{"finance", "import", "/nonexistent.csv"}, 1, "Bestand /nonexistent.csv bestaat niet."},
		{[]string{"migrate", "--database-url", "/bestaat/niet/w.db"}, 1, "Kan de database /bestaat/niet/w.db niet openen: de map /bestaat/niet bestaat niet."},
		{[]string{"migrate", "--database-url", "postgres://x@127.0.0.1:1/werkpad"}, 1, "Kan PostgreSQL 127.0.0.1:1/werkpad niet bereiken: de server weigert de verbinding"},
		{[]string{"user", "add", "--database-url", db, "--email", "x@y.nl", "--name", "X", "--role", "koning"}, 1, "Kies een rol"},
		{[]string{"user", "add", "--database-url", db, "--email", "g@y.nl", "--name", "G", "--role", "gemeente"}, 1, "minstens één gemeente"},
		{[]string{"user", "add", "--database-url", db, "--email", "g@y.nl", "--name", "G", "--role", "gemeente", "--municipality", "GM9999"}, 1, "Onbekende gemeente"},
		{[]string{"user", "set-role", "--database-url", db, "--email", "nobody@y.nl", "--role", "controller"}, 1, "niet gevonden"},
		{[]string{"token", "create", "--database-url", db}, 2, "--email is verplicht"},
		{[]string{"audit"}, 2, "werkpad audit: geef een opdracht: verify"},
		{[]string{"dvo", "check", "--file", "/bestaat/niet.yaml"}, 1, "Bestand /bestaat/niet.yaml: de map /bestaat bestaat niet."},
		{[]string{"dvo", "export", "--database-url", db, "--output", "/bestaat/niet/dvo.xlsx"}, 1, "Bestand /bestaat/niet/dvo.xlsx: de map /bestaat/niet bestaat niet."},
	} {
		code, _, stderr := run(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 ||
			regexp.MustCompile(`flag provided|no such file|store\.Open|cannot|unable`).MatchString(stderr) {
			t.Errorf("werkpad %s: exit %d, stderr %q; want exit %d and one line with %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.want)
		}
	}
}

func TestCLIHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"user", "--help"},
		{"user", "add", "--help"}, {"token", "--help"}, {"audit", "--help"}, {"dvo", "--help"}, {"dvo", "check", "--help"}, {"version", "--help"}, {"demo", "--help"}, {"bench", "--help"}} {
		code, out, _ := run(t, "", args...)
		if code != 0 || !strings.Contains(out, "Gebruik") && !strings.Contains(out, "werkpad") {
			t.Errorf("werkpad %s: exit %d, output %q", strings.Join(args, " "), code, out)
		}
	}
}

func TestUserTokenAndAuditVerify(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	code, out, stderr := run(t, "", "user", "add", "--database-url", db, "--email", "Admin@MGR.nl", "--name", "Admin", "--role", "beheerder")
	if code != 0 || !regexp.MustCompile(`Wachtwoord \(wordt één keer getoond\): \S{20}`).MatchString(out) {
		t.Fatalf("user add: %d %q %q", code, out, stderr)
	}
	code, out, _ = run(t, "een eigen wachtwoord\n", "user", "add", "--database-url", db, "--email", "g@nijmegen.nl",
		"--name", "G", "--role", "gemeente", "--municipality", "gm0268", "--password-stdin")
	if code != 0 || strings.Contains(out, "Wachtwoord") {
		t.Fatalf("user add --password-stdin: %d %q", code, out)
	}
	if code, _, _ := run(t, "", "user", "set-scope", "--database-url", db, "--email", "g@nijmegen.nl", "--municipality", "GM0268,GM1945"); code != 0 {
		t.Fatal("set-scope failed")
	}
	_, out, _ = run(t, "", "user", "list", "--database-url", db)
	if !strings.Contains(out, "admin@mgr.nl") || !strings.Contains(out, "GM0268,GM1945") {
		t.Errorf("user list:\n%s", out)
	}
	code, out, _ = run(t, "", "token", "create", "--database-url", db, "--email", "g@nijmegen.nl", "--name", "koppeling")
	if code != 0 || !strings.HasPrefix(out, "wp_") {
		t.Errorf("token create: %d %q", code, out)
	}
	// Six rows: the DVO and finance seeds, two users, set-scope, the token.
	if code, out, _ := run(t, "", "audit", "verify", "--database-url", db); code != 0 || !strings.Contains(out, "intact: 6 regels") {
		t.Errorf("audit verify on intact log: %d %q", code, out)
	}

	// Alter a row directly in the database, as someone with file access could.
	sqlDB, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_events_no_update`, `UPDATE audit_events SET detail = 'rol=beheerder' WHERE id = 2`} {
		if _, err := sqlDB.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	sqlDB.Close()
	code, _, stderr = run(t, "", "audit", "verify", "--database-url", db)
	if code != 1 || !strings.Contains(stderr, "VERBROKEN bij regel 2") {
		t.Errorf("audit verify on altered log: exit %d, %q", code, stderr)
	}
}

func TestDVOCheckJSON(t *testing.T) {
	// On a fresh database: the shipped DVO is loaded by the first migration.
	db := migrated(t, filepath.Join(t.TempDir(), "w.db"))
	code, out, stderr := run(t, "", "dvo", "check", "--json", "--database-url", db)
	if code != 0 {
		t.Fatalf("dvo check: %d %s", code, stderr)
	}
	var res struct {
		Findings []struct {
			Municipality string `json:"municipality"`
			Year         int    `json:"year"`
			Kind         string `json:"kind"`
			AmountCents  int64  `json:"amount_cents"`
		} `json:"findings"`
		Totals []struct {
			Municipality string `json:"municipality"`
			Year         int    `json:"year"`
			BudgetCents  int64  `json:"budget_cents"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Totals) != 14 {
		t.Errorf("%d municipality-years, want 14 (7 municipalities × 2024, 2025)", len(res.Totals))
	}
	// Berg en Dal 2024: "een budget van €310.000" (DVO art. 5.2).
	found := false
	for _, tot := range res.Totals {
		if tot.Municipality == "GM1945" && tot.Year == 2024 {
			found = tot.BudgetCents == 31_000_000
		}
	}
	if !found {
		t.Errorf("Berg en Dal 2024 budget not € 310.000")
	}
	// The same check on the shipped file gives the same answer.
	_, fromFile, _ := run(t, "", "dvo", "check", "--json", "--file", "../../dvo/dvo-2024-2025.yaml")
	if fromFile != out {
		t.Errorf("check from database and from file differ")
	}
	if code, _, stderr := run(t, "", "dvo", "load", "--database-url", db); code != 1 || !strings.Contains(stderr, "2024-2025") {
		t.Errorf("loading the same version twice: exit %d %q", code, stderr)
	}
	xlsx := filepath.Join(t.TempDir(), "dvo.xlsx")
	if code, _, stderr := run(t, "", "dvo", "export", "--database-url", db, "--format", "xlsx", "--output", xlsx); code != 0 {
		t.Errorf("export xlsx: %d %s", code, stderr)
	}
	if code, out, _ := run(t, "", "dvo", "export", "--database-url", db, "--format", "csv"); code != 0 || !strings.Contains(out, ";") {
		t.Errorf("export csv: %d", code)
	}
	if code, _, stderr := run(t, "", "dvo", "export", "--database-url", db, "--format", "pdf"); code != 2 || !strings.Contains(stderr, "xlsx of csv") {
		t.Errorf("export pdf: %d %q", code, stderr)
	}
}

// TestToolchainCheck: main refuses to run when built with a Go older than
// go.mod's toolchain, with one Dutch line that says how to build.
func TestToolchainCheck(t *testing.T) {
	var errOut bytes.Buffer
	if code := checkToolchain("go1.26.8", &errOut); code != 1 || strings.Count(errOut.String(), "\n") != 1 ||
		!strings.Contains(errOut.String(), "werkpad: werkpad is gebouwd met go1.26.8, maar heeft minstens "+werkpad.MinimumGo+" nodig") ||
		!strings.Contains(errOut.String(), "scripts/build") {
		t.Errorf("go1.26.8: exit %d, %q", code, errOut.String())
	}
	errOut.Reset()
	if code := checkToolchain(werkpad.MinimumGo, &errOut); code != 0 || errOut.Len() != 0 {
		t.Errorf("%s: exit %d, %q", werkpad.MinimumGo, code, errOut.String())
	}
}
