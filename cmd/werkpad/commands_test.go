package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// walk calls f for every command of the table with its path ("user add").
func walk(list []*command, parent string, f func(path string, c *command)) {
	for _, c := range list {
		path := strings.TrimSpace(parent + " " + c.name)
		f(path, c)
		walk(c.subs, path, f)
	}
}

// oneErrorLine checks that stderr is one line and holds no Go internals.
func oneErrorLine(t *testing.T, what, stderr string) {
	t.Helper()
	if strings.TrimSpace(stderr) == "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("%s: stderr is not one line: %q", what, stderr)
	}
	if regexp.MustCompile(`flag provided|needs an argument|invalid value|no such file|store\.|Usage`).MatchString(stderr) {
		t.Errorf("%s: Go internals in %q", what, stderr)
	}
}

var optionLine = regexp.MustCompile(`(?m)^  --([a-z-]+)`)

// TestCommandWalk walks every command and subcommand of the table: its help
// (exit 0, on stdout, the synopsis and exactly its own options), an unknown
// option and an extra argument (exit 2, one Dutch line on stderr), and for
// groups: without subcommand or with an unknown one (exit 2), --help lists
// every subcommand, and werkpad --help names them all.
func TestCommandWalk(t *testing.T) {
	code, out, stderr := run(t, "")
	if code != 2 || out != "" {
		t.Errorf("werkpad without arguments: exit %d, stdout %q", code, out)
	}
	oneErrorLine(t, "werkpad", stderr)
	code, mainHelp, _ := run(t, "", "--help")
	if code != 0 {
		t.Errorf("werkpad --help: exit %d", code)
	}
	code, _, stderr = run(t, "", "bestaat-niet")
	if code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	oneErrorLine(t, "werkpad bestaat-niet", stderr)

	walk(commandTable(), "", func(path string, c *command) {
		args := strings.Fields(path)
		top := len(args) == 1
		if top && !regexp.MustCompile(`(?m)^  `+c.name+` +`+regexp.QuoteMeta(c.summary)+`$`).MatchString(mainHelp) {
			t.Errorf("werkpad --help does not list %s with its summary", path)
		}
		if c.summary == "" || c.help == "" {
			t.Errorf("%s: no summary or help text", path)
		}
		code, out, stderr := run(t, "", append(args, "--help")...)
		if code != 0 || stderr != "" {
			t.Errorf("werkpad %s --help: exit %d, stderr %q", path, code, stderr)
		}
		// A command that runs itself may have subcommands too (bench,
		// bench load): it is checked as a command; its subcommands are
		// walked on their own.
		if c.subs != nil && c.run == nil {
			if c.usage != "" || c.flags != nil {
				t.Errorf("%s: a group has no runner, usage or flags of its own", path)
			}
			if !strings.HasPrefix(out, "Gebruik: werkpad "+path+" <opdracht> [opties]\n\n"+c.help) {
				t.Errorf("werkpad %s --help starts %.80q", path, out)
			}
			for _, s := range c.subs {
				if !regexp.MustCompile(`(?m)^  ` + s.name + ` +` + regexp.QuoteMeta(s.summary) + `$`).MatchString(out) {
					t.Errorf("werkpad %s --help does not list %s", path, s.name)
				}
				// The group's one-line summary names every subcommand.
				if !strings.Contains(c.summary, s.name) {
					t.Errorf("summary of %s (%q) does not name %s", path, c.summary, s.name)
				}
			}
			for _, bad := range [][]string{args, append(slices.Clone(args), "bestaat-niet"), append(slices.Clone(args), "--bogus")} {
				code, out, stderr := run(t, "", bad...)
				if code != 2 || out != "" {
					t.Errorf("werkpad %s: exit %d, stdout %q; want 2 and nothing on stdout", strings.Join(bad, " "), code, out)
				}
				oneErrorLine(t, "werkpad "+strings.Join(bad, " "), stderr)
			}
			return
		}
		if c.run == nil || c.usage == "" || !strings.HasPrefix(c.usage, path) {
			t.Errorf("%s: a command needs a runner and a usage that starts with its path (%q)", path, c.usage)
		}
		if !strings.HasPrefix(out, "Gebruik: werkpad "+c.usage+"\n\n"+c.help+"\n") {
			t.Errorf("werkpad %s --help starts %.120q", path, out)
		}
		var listed []string
		for _, m := range optionLine.FindAllStringSubmatch(out, -1) {
			listed = append(listed, m[1])
		}
		if !slices.Equal(listed, c.flags) {
			t.Errorf("werkpad %s --help lists options %v, want %v", path, listed, c.flags)
		}
		if len(c.flags) == 0 && strings.Contains(out, "Opties:") {
			t.Errorf("werkpad %s --help has an empty Opties:", path)
		}
		// Every option besides the database appears in the synopsis.
		for _, f := range c.flags {
			if f != "database-url" && f != "seed" && f != "threshold" && f != "chart" && !strings.Contains(c.usage, "--"+f) {
				t.Errorf("synopsis of %s (%q) does not mention --%s", path, c.usage, f)
			}
		}
		for _, bad := range [][]string{append(slices.Clone(args), "--bogus"), append(slices.Clone(args), "--bogus", "x")} {
			code, out, stderr := run(t, "", bad...)
			if code != 2 || out != "" || !strings.Contains(stderr, "werkpad "+path+": onbekende optie --bogus (zie werkpad "+path+" --help)") {
				t.Errorf("werkpad %s: exit %d, stdout %q, stderr %q", strings.Join(bad, " "), code, out, stderr)
			}
			oneErrorLine(t, "werkpad "+strings.Join(bad, " "), stderr)
		}
	})
}

// readOnlyArgs are the arguments a read-only command needs besides the
// database to get as far as opening it.
var readOnlyArgs = map[string][]string{
	"norm list":      {"--year", "2024"},
	"report":         {"--from", "01-01-2024", "--to", "30-06-2024", "--format", "json"},
	"token list":     {"--email", "a@b.nl"},
	"import":         {"--municipality", "GM0268"},
	"finance import": nil,
	"backup":         {"--output", filepath.Join(os.TempDir(), "werkpad-test-backup-never-written.db")},
	"export":         {"--bundle", filepath.Join(os.TempDir(), "werkpad-test-bundle-never-written")},
}

// TestReadOnlyCommandsCreateNoDatabase: every read-only command of the
// table, pointed at a database that is not there, fails with one line that
// says where it looked, and leaves no database behind.
func TestReadOnlyCommandsCreateNoDatabase(t *testing.T) {
	dir := t.TempDir()
	csv := writeFile(t, dir, "leeg.csv", "x\n")
	n := 0
	walk(commandTable(), "", func(path string, c *command) {
		if !c.readOnly {
			return
		}
		n++
		db := filepath.Join(dir, "werkpad.db")
		args := append(strings.Fields(path), "--database-url", db)
		args = append(args, readOnlyArgs[path]...)
		if strings.HasPrefix(path, "import ") && path != "import finance" {
			args = append(args, readOnlyArgs["import"]...)
		}
		if strings.HasSuffix(path, "import") || strings.HasPrefix(path, "import ") {
			args = append(args, csv)
		}
		code, out, stderr := run(t, "", args...)
		want := "Er is geen database in " + filepath.Join(dir, "werkpad.db") + ": dat bestand bestaat niet."
		if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "werkpad migrate") || out != "" {
			t.Errorf("werkpad %s on a missing database: exit %d, stdout %q, stderr %q", strings.Join(args, " "), code, out, stderr)
		}
		oneErrorLine(t, path, stderr)
		if _, err := os.Stat(filepath.Join(dir, "werkpad.db")); err == nil {
			t.Fatalf("werkpad %s created the database", path)
		}
	})
	if n < 10 {
		t.Errorf("%d read-only commands in the table", n)
	}
	// An existing file that is not a werkpad database is not migrated into one.
	other := writeFile(t, dir, "ander.db", "")
	code, _, stderr := run(t, "", "sw", "status", "--database-url", other)
	if code != 1 || !strings.Contains(stderr, "Er is geen werkpad-database in "+other) {
		t.Errorf("sw status on an empty file: exit %d, %q", code, stderr)
	}
	if st, _ := os.Stat(other); st.Size() != 0 {
		t.Error("sw status wrote into a file that was no werkpad database")
	}
}
