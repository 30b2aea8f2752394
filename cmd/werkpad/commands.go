package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"werkpad"
	"werkpad/store"
)

// command is one entry of the command table: a command, or a group of
// subcommands (user, token, …). The table is the single source of the help
// texts; TestCommandWalk checks every entry's help, flags and exit codes.
type command struct {
	name    string // "user", "add"
	summary string // one line in the parent's list
	usage   string // after "werkpad ": the synopsis of a leaf command
	help    string // paragraphs under the synopsis
	// flags are the command's own options, in the order of its help; the
	// walk test checks that --help lists exactly these.
	flags []string
	// readOnly commands open an existing database and never create one.
	readOnly bool
	subs     []*command
	run      func(ctx context.Context, e *env, args []string) error
}

const (
	usageExit = 2 // a usage error (unknown command or option, bad value)
)

// commandTable returns the commands of werkpad, in the order of werkpad --help.
func commandTable() []*command {
	return []*command{
		{name: "serve", summary: "start de webserver (UI en API)",
			usage: "serve [--addr 127.0.0.1:8080] [--secure-cookies] [--report-show-region-to-municipalities] [--trusted-proxies 10.0.0.0/8] [--session-idle 30m] [--session-max 12h] [--token-lifetime 8760h] [--local-login all|admin|off] [--oidc-issuer URL --oidc-client-id ID --oidc-redirect-url URL --oidc-role-map waarde=rol,…] [--oidc-name NAAM] [--oidc-scopes \"profile email\"] [--oidc-role-claim groups] [--oidc-municipality-claim gemeente] [--oidc-municipality-map groep=GM0268,…] [--oidc-email-claim email] [--oidc-name-claim name] [--retention=false] [--kandidaat-jaren 10] [--aanmelding-jaren 1]",
			help:  serveHelp, flags: []string{"addr", "database-url", "secure-cookies", "report-show-region-to-municipalities", "trusted-proxies", "session-idle", "session-max", "token-lifetime", "local-login", "oidc-client-id", "oidc-email-claim", "oidc-issuer", "oidc-municipality-claim", "oidc-municipality-map", "oidc-name", "oidc-name-claim", "oidc-redirect-url", "oidc-role-claim", "oidc-role-map", "oidc-scopes", "retention", "kandidaat-jaren", "aanmelding-jaren"}, run: runServe},
		{name: "migrate", summary: "werk het databaseschema bij (maakt een nieuwe database aan)",
			usage: "migrate", help: "Past alle openstaande databasemigraties toe en maakt de database aan als die er nog niet is.\nserve doet dit ook bij het starten.",
			flags: []string{"database-url"}, run: runMigrate},
		{name: "user", summary: "beheer gebruikers: add, list, set-role, set-scope, disable, enable, unlock, reset-password",
			help: userHelp, subs: userCommands()},
		{name: "token", summary: "beheer persoonlijke API-tokens: create, list, revoke",
			help: "Beheert persoonlijke API-tokens (Authorization: Bearer wp_…). Een token wordt alleen\ngehasht opgeslagen en bij het maken één keer getoond.", subs: tokenCommands()},
		{name: "audit", summary: "controleer het auditlog: verify",
			help: "Werkt met het auditlog, dat alleen aan te vullen is; elke regel bevat de hash van de vorige.",
			subs: []*command{{name: "verify", summary: "controleer de hashketen van het auditlog",
				usage: "audit verify", help: "Controleert de hashketen van het auditlog. Exitcode 0: intact; 1: verbroken (de eerste\ngebroken regel wordt genoemd).",
				flags: []string{"database-url"}, readOnly: true, run: runAuditVerify}}},
		{name: "key", summary: "de sleutel van de BSN's: check, rotate", help: keyHelp, subs: keyCommands()},
		{name: "demo", summary: "vul de database met demo-accounts en een geijkte demoregio",
			usage: "demo [--scale N] [--seed S] [--accounts-only]", help: demoHelp,
			flags: []string{"database-url", "scale", "seed", "accounts-only"}, run: runDemo},
		{name: "bench", summary: "meet generatie, indicatoren en zaakwerk per schaal (SQLite, PostgreSQL)",
			usage: "bench [--scale 1,10] [--runs 3] [--postgres-url URL] [--skip-sqlite] [--dir MAP] [--import-rows 10000] [--import-only]", help: benchHelp,
			flags: []string{"scale", "seed", "runs", "postgres-url", "skip-sqlite", "dir", "import-rows", "import-only"}, run: runBench,
			subs: []*command{{name: "load", summary: "belastingtest: virtuele gebruikers op één of meer servers",
				usage: "bench load [--scale 1] [--users 100] [--duration 1m] [--think 1s] [--instances 2] [--postgres-url URL] [--skip-sqlite] [--dir MAP] [--cpuprofile BESTAND]",
				help:  benchLoadHelp, flags: []string{"scale", "seed", "users", "duration", "think", "instances", "postgres-url", "skip-sqlite", "dir", "cpuprofile"}, run: runBenchLoad}}},
		{name: "report", summary: "maak de Tussenrapportage: html, pdf, xlsx, csv of json",
			usage: "report --from 01-01-2024 --to 30-06-2024 [--municipality GM0268]... [--format html|pdf|xlsx|csv|json] [--output BESTAND] [--public]",
			help:  reportHelp, flags: []string{"database-url", "from", "to", "municipality", "format", "output", "public", "threshold", "chart"},
			readOnly: true, run: runReport},
		{name: "dvo", summary: "de DVO en haar keuzekaart: check, load, export, in-force",
			help: dvoHelp, subs: dvoCommands()},
		{name: "norm", summary: "normen van de indicatoren per jaar (art. 13): set, list",
			help: normHelp, subs: normCommands()},
		{name: "finance", summary: "financiële tabellen van de rapportage: check, load, import",
			help: financeHelp, subs: financeCommands()},
		{name: "sw", summary: "SW-medewerkers per gemeente op een dag: status",
			help: "Werkt met de sociale werkvoorziening (Wsw).",
			subs: []*command{{name: "status", summary: "SW-medewerkers, SE en werkvormen per gemeente op een dag",
				usage: "sw status [--date 30-06-2024]", help: swStatusHelp,
				flags: []string{"database-url", "date"}, readOnly: true, run: runSWStatus}}},
		{name: "export", summary: "schrijf de hele database als bundel (CSV per soort gegevens en manifest)",
			usage: "export --bundle PAD", help: exportHelp, flags: []string{"database-url", "bundle"}, readOnly: true, run: runExport},
		{name: "import", summary: "importeer uit CSV: candidates, placements, exits, een bundle van werkpad export (en finance, als finance import)",
			help: importHelp, subs: importCommands()},
		{name: "backup", summary: "maak een gecontroleerde back-up terwijl werkpad draait",
			usage: "backup --output BESTAND", help: backupHelp, flags: []string{"database-url", "output"}, readOnly: true, run: runBackup},
		{name: "restore", summary: "zet een back-up terug na controle van integriteit, auditlog en sleutel",
			usage: "restore --from BESTAND [--force]", help: restoreHelp, flags: []string{"database-url", "from", "force"}, run: runRestore},
		{name: "retention", summary: "anonimiseer wat zijn bewaartermijn voorbij is (of toon het met --proef)",
			usage: "retention [--proef] [--json] [--kandidaat-jaren 10] [--aanmelding-jaren 1]", help: retentionHelp,
			flags: []string{"database-url", "proef", "json", "kandidaat-jaren", "aanmelding-jaren"}, run: runRetention},
		{name: "version", summary: "toon de versie", usage: "version", help: "Toont de versie van werkpad.", run: runVersion},
	}
}

// env carries the process environment of one invocation.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// exitError carries a specific exit code; an empty msg prints nothing.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageError is a usage error of the command at path: exit 2, one line.
func usageError(path, format string, args ...any) error {
	return &exitError{usageExit, fmt.Sprintf("werkpad %s: %s (zie werkpad %s --help)", path, fmt.Sprintf(format, args...), path)}
}

// Main runs one werkpad invocation and returns the process exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprintln(stderr, "werkpad: geef een opdracht, bijvoorbeeld werkpad serve (werkpad --help toont ze alle)")
		return usageExit
	}
	if isHelp(args[0]) || args[0] == "help" {
		mainUsage(stdout)
		return 0
	}
	list, path := commandTable(), ""
	for {
		c := find(list, args[0])
		if c == nil {
			if path == "" {
				fmt.Fprintf(stderr, "werkpad: onbekende opdracht %q (zie werkpad --help)\n", args[0])
			} else {
				fmt.Fprintf(stderr, "werkpad %s: onbekende opdracht %q; kies %s (zie werkpad %s --help)\n", path, args[0], subNames(list), path)
			}
			return usageExit
		}
		path, args = strings.TrimSpace(path+" "+c.name), args[1:]
		// A command with subcommands may run itself too (bench, bench load).
		if c.subs == nil || (c.run != nil && (len(args) == 0 || find(c.subs, args[0]) == nil)) {
			return finish(stderr, path, c.run(ctx, e, args))
		}
		if len(args) == 0 {
			fmt.Fprintf(stderr, "werkpad %s: geef een opdracht: %s (zie werkpad %s --help)\n", path, subNames(c.subs), path)
			return usageExit
		}
		if isHelp(args[0]) {
			groupUsage(stdout, path, c)
			return 0
		}
		list = c.subs
	}
}

// finish turns a command's error into its output and exit code.
func finish(stderr io.Writer, path string, err error) int {
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
	fmt.Fprintf(stderr, "werkpad %s: %s\n", path, oneLine(err))
	return 1
}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" }

func find(list []*command, name string) *command {
	for _, c := range list {
		if c.name == name {
			return c
		}
	}
	return nil
}

func subNames(list []*command) string {
	names := make([]string, len(list))
	for i, c := range list {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// lookup returns the table entry at path ("user add").
func lookup(path string) *command {
	list := commandTable()
	var c *command
	for _, name := range strings.Fields(path) {
		if c = find(list, name); c == nil {
			return nil
		}
		list = c.subs
	}
	return c
}

func mainUsage(w io.Writer) {
	fmt.Fprintln(w, "werkpad — zaak- en verantwoordingssysteem van het WerkBedrijf Rijk van Nijmegen")
	fmt.Fprintln(w, "\nGebruik: werkpad <opdracht> [opties]\n\nOpdrachten:")
	for _, c := range commandTable() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nElke opdracht kent --help. Configuratie gaat met opties of WERKPAD_*-omgevingsvariabelen;")
	fmt.Fprintln(w, "de database kiest u met --database-url of WERKPAD_DATABASE_URL (standaard: werkpad.db, SQLite).")
	fmt.Fprintln(w, "Exitcode 0: gelukt; 1: fout; 2: verkeerd gebruik (onbekende opdracht of optie, ongeldige waarde).")
}

func groupUsage(w io.Writer, path string, c *command) {
	fmt.Fprintf(w, "Gebruik: werkpad %s <opdracht> [opties]\n\n%s\n\nOpdrachten:\n", path, c.help)
	for _, s := range c.subs {
		fmt.Fprintf(w, "  %-15s %s\n", s.name, s.summary)
	}
	fmt.Fprintf(w, "\nwerkpad %s <opdracht> --help toont de opties van een opdracht.\n", path)
}

// cmdFlags is a command's flag set; its help comes from the command table.
type cmdFlags struct {
	*flag.FlagSet
	e    *env
	path string
}

// flags returns the flag set of the command at path ("user add").
func flags(e *env, path string) *cmdFlags {
	fs := flag.NewFlagSet(path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // printed by parse on --help only
	return &cmdFlags{FlagSet: fs, e: e, path: path}
}

// usage prints the command's help: synopsis, text and its own options.
func (f *cmdFlags) usage() {
	c := lookup(f.path)
	fmt.Fprintf(f.e.stdout, "Gebruik: werkpad %s\n\n%s\n", c.usage, c.help)
	n := 0
	f.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(f.e.stdout, "\nOpties:")
	// In the order of the table; a flag the table does not know comes last.
	var list []*flag.Flag
	for _, name := range c.flags {
		if fl := f.Lookup(name); fl != nil {
			list = append(list, fl)
		}
	}
	f.VisitAll(func(fl *flag.Flag) {
		if !slices.Contains(c.flags, fl.Name) {
			list = append(list, fl)
		}
	})
	for _, fl := range list {
		kind, text := flag.UnquoteUsage(fl)
		arg := map[string]string{"string": " TEKST", "int": " GETAL", "uint": " GETAL", "float": " GETAL", "duration": " DUUR", "value": " WAARDE"}[kind]
		if meta, ok := flagArg[fl.Name]; ok && arg != "" {
			arg = " " + meta
		}
		fmt.Fprintf(f.e.stdout, "  --%s%s\n        %s", fl.Name, arg, text)
		if def := fl.DefValue; def != "" && def != "false" && def != "0" && def != "[]" && fl.Name != "database-url" && fl.Name != "postgres-url" {
			fmt.Fprintf(f.e.stdout, " (standaard %s)", def)
		}
		fmt.Fprintln(f.e.stdout)
	}
}

// flagArg names the value of common flags in the help.
var flagArg = map[string]string{
	"database-url": "URL", "postgres-url": "URL", "email": "E-MAIL", "municipality": "GM....",
	"from": "DATUM", "to": "DATUM", "date": "DATUM", "output": "BESTAND", "file": "BESTAND", "dir": "MAP", "bundle": "PAD",
	"role": "ROL", "format": "FORMAAT", "year": "JAAR", "indicator": "SLEUTEL", "value": "GETAL", "source": "TEKST", "addr": "ADRES", "name": "NAAM", "id": "ID",
}

// parse parses args; --help prints the usage, a bad flag or an extra
// argument is a usage error (exit 2, one Dutch line).
func parse(f *cmdFlags, args []string) error {
	if err := f.Parse(args); err != nil {
		return f.parseError(err)
	}
	if f.NArg() > 0 {
		return usageError(f.path, "onverwacht argument %q", f.Arg(0))
	}
	return nil
}

// parseInterspersed parses args where positional arguments may stand
// before, between or after the flags, and returns the positional ones.
func parseInterspersed(f *cmdFlags, args []string) ([]string, error) {
	var pos []string
	for rest := args; ; {
		if err := f.Parse(rest); err != nil {
			return nil, f.parseError(err)
		}
		if f.NArg() == 0 {
			return pos, nil
		}
		pos, rest = append(pos, f.Arg(0)), f.Args()[1:]
	}
}

func (f *cmdFlags) parseError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		f.usage()
		return err
	}
	return usageError(f.path, "%s", dutchFlagError(err))
}

var (
	reUndefined = regexp.MustCompile(`^flag provided but not defined: (-\S+)$`)
	reNeedsArg  = regexp.MustCompile(`^flag needs an argument: (-\S+)$`)
	reBadBool   = regexp.MustCompile(`^invalid boolean value "(.*)" for (-\S+):`)
	reBadValue  = regexp.MustCompile(`^invalid value "(.*)" for flag (-\S+):`)
	reBadSyntax = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// dutchFlagError renders an error of the flag package in Dutch.
func dutchFlagError(err error) string {
	msg := err.Error()
	if m := reUndefined.FindStringSubmatch(msg); m != nil {
		return "onbekende optie -" + m[1]
	}
	if m := reNeedsArg.FindStringSubmatch(msg); m != nil {
		return "optie -" + m[1] + " heeft een waarde nodig"
	}
	if m := reBadBool.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("optie -%s kent geen waarde %q (alleen true of false)", m[2], m[1])
	}
	if m := reBadValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("ongeldige waarde %q voor optie -%s", m[1], m[2])
	}
	if m := reBadSyntax.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("ongeldige optie %q", m[1])
	}
	return msg
}

// oneLine renders err for the terminal: the user-facing message for domain
// errors, a Dutch sentence for file errors, the full chain for others.
func oneLine(err error) string {
	if code := werkpad.ErrorCode(err); code != werkpad.EINTERNAL {
		msg := werkpad.ErrorMessage(err)
		if f := werkpad.ErrorField(err); f != "" {
			msg += " (veld " + f + ")"
		}
		return msg
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fileError(pe)
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// fileError says in Dutch what went wrong with a file.
func fileError(pe *fs.PathError) string {
	path := pe.Path
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	switch {
	case errors.Is(pe.Err, fs.ErrNotExist):
		if dir := filepath.Dir(path); !exists(dir) {
			return fmt.Sprintf("Bestand %s: de map %s bestaat niet.", path, dir)
		}
		return fmt.Sprintf("Bestand %s bestaat niet.", path)
	case errors.Is(pe.Err, fs.ErrPermission):
		return fmt.Sprintf("Bestand %s: geen toegang (rechten).", path)
	case strings.Contains(pe.Err.Error(), "is a directory"):
		return fmt.Sprintf("%s is een map, geen bestand.", path)
	}
	return fmt.Sprintf("Bestand %s kan niet worden gelezen of geschreven.", path)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// openDB opens the database, creating and migrating it if needed, and loads
// the shipped DVO and finance tables into a new one.
func openDB(ctx context.Context, url string) (*store.DB, error) {
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	return prepare(ctx, db)
}

// openExistingDB opens the database of a read-only command: it must exist
// already (nothing is created); the error names where werkpad looked.
func openExistingDB(ctx context.Context, url string) (*store.DB, error) {
	db, err := store.OpenExisting(ctx, url)
	if werkpad.ErrorCode(err) == werkpad.ENOTFOUND {
		return nil, werkpad.Errorf(werkpad.ENOTFOUND, "%s Kies de database met --database-url of WERKPAD_DATABASE_URL, of maak een nieuwe met werkpad migrate.", werkpad.ErrorMessage(err))
	} else if err != nil {
		return nil, err
	}
	return prepare(ctx, db)
}

func prepare(ctx context.Context, db *store.DB) (*store.DB, error) {
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
