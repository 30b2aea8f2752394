package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"werkpad"
	"werkpad/store"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// env carries the process environment of one invocation.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "start de webserver (UI en API)", runServe},
		{"migrate", "werk het databaseschema bij", runMigrate},
		{"user", "beheer gebruikers: add, list, set-role, set-scope, disable, enable, unlock, reset-password", runUser},
		{"token", "beheer API-tokens: create, list, revoke", runToken},
		{"audit", "controleer het auditlog: verify", runAudit},
		{"key", "controleer of roteer de BSN-sleutel: check, rotate", runKey},
		{"demo", "vul de database met demo-accounts en een geijkte demoregio", runDemo},
		{"bench", "meet generatie en indicatorberekening per schaal (SQLite, PostgreSQL)", runBench},
		{"report", "maak de Tussenrapportage: --from --to [--municipality] --format html|pdf|xlsx|csv|json", runReport},
		{"dvo", "controleer de DVO en haar keuzekaart: check", runDVO},
		{"finance", "financiële tabellen: check, load, import", runFinance},
		{"sw", "SW-medewerkers per gemeente op een dag: status [--date]", runSW},
		{"import", "importeer kandidaten, plaatsingen of uitstroom uit CSV: candidates|placements|exits BESTAND.csv [--apply]", runImport},
		{"version", "toon de versie", runVersion},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "werkpad — zaak- en verantwoordingssysteem van het WerkBedrijf Rijk van Nijmegen")
	fmt.Fprintln(w, "\nGebruik: werkpad <opdracht> [opties]\n\nOpdrachten:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nElke opdracht kent --help. Configuratie gaat met opties of WERKPAD_*-omgevingsvariabelen;")
	fmt.Fprintln(w, "de database kiest u met --database-url of WERKPAD_DATABASE_URL (standaard: werkpad.db, SQLite).")
}

// exitError carries a specific exit code.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// Main runs one werkpad invocation and returns the process exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		if err == nil || errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.msg != "" {
				fmt.Fprintln(stderr, ee.msg)
			}
			return ee.code
		}
		fmt.Fprintf(stderr, "werkpad %s: %s\n", c.name, oneLine(err))
		return 1
	}
	fmt.Fprintf(stderr, "werkpad: onbekende opdracht %q (zie werkpad --help)\n", args[0])
	return 2
}

// oneLine renders err for the terminal: the user-facing message for domain
// errors, the full chain for others.
func oneLine(err error) string {
	if code := werkpad.ErrorCode(err); code != werkpad.EINTERNAL {
		msg := werkpad.ErrorMessage(err)
		if f := werkpad.ErrorField(err); f != "" {
			msg += " (veld " + f + ")"
		}
		return msg
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// cmdFlags is a subcommand's flag set whose errors come back as one line.
type cmdFlags struct {
	*flag.FlagSet
	e        *env
	synopsis string
}

func flags(e *env, name, synopsis string) *cmdFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // printed by parse on --help only
	return &cmdFlags{FlagSet: fs, e: e, synopsis: synopsis}
}

func (f *cmdFlags) usage() {
	fmt.Fprintf(f.e.stdout, "Gebruik: werkpad %s\n\n%s\n\nOpties:\n", f.Name(), f.synopsis)
	f.SetOutput(f.e.stdout)
	f.PrintDefaults()
	f.SetOutput(io.Discard)
}

// parse parses args; --help prints the usage, a bad flag becomes one line.
func parse(f *cmdFlags, args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			f.usage()
			return err
		}
		return &exitError{2, fmt.Sprintf("werkpad %s: %v (zie werkpad %s --help)", f.Name(), err, f.Name())}
	}
	if f.NArg() > 0 {
		return &exitError{2, fmt.Sprintf("werkpad %s: onverwacht argument %q (zie werkpad %s --help)", f.Name(), f.Arg(0), f.Name())}
	}
	return nil
}

// groupHelp handles a command group (user, token, dvo, …) called without a
// subcommand or with --help: it prints the synopsis; a missing subcommand
// is a usage error (exit 2). done reports whether the call was handled.
func groupHelp(e *env, args []string, synopsis string) (done bool, err error) {
	if len(args) > 0 && args[0] != "--help" && args[0] != "-h" {
		return false, nil
	}
	fmt.Fprintln(e.stdout, "Gebruik: "+synopsis)
	if len(args) == 0 {
		return true, &exitError{2, ""}
	}
	return true, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// dbFlag registers --database-url on fs.
func dbFlag(fs *cmdFlags) *string {
	return fs.String("database-url", envOr("WERKPAD_DATABASE_URL", "werkpad.db"),
		"database: postgres://... voor PostgreSQL, anders een SQLite-bestand (env WERKPAD_DATABASE_URL)")
}

// openDB opens and migrates the database.
func openDB(ctx context.Context, url string) (*store.DB, error) {
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := seedAgreement(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	if err := seedFinance(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "version", "Toont de versie van werkpad.")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "werkpad", version)
	return nil
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "migrate", "Past alle openstaande databasemigraties toe. serve doet dit ook bij het starten.")
	dbURL := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.MigrationVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Databaseschema (%s) is bijgewerkt tot versie %d.\n", db.Dialect, v)
	return nil
}

func newLogger(w io.Writer) *slog.Logger {
	var h slog.Handler
	if os.Getenv("WERKPAD_LOG_FORMAT") == "json" {
		h = slog.NewJSONHandler(w, nil)
	} else {
		h = slog.NewTextHandler(w, nil)
	}
	return slog.New(h)
}
