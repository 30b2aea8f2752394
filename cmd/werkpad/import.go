package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"werkpad"
	"werkpad/csvimport"
	"werkpad/report"
	"werkpad/store"
)

const importHelp = `Importeert kandidaten, plaatsingen of uitstroom uit een CSV-bestand van een vorig systeem
(puntkomma als scheidingsteken, UTF-8 met of zonder BOM, kopregel met de kolomnamen uit de
README). Volgorde bij een overstap: eerst candidates, dan placements, dan exits.
De hele historie van een andere werkpad (een bundel van werkpad export --bundle) laadt
import bundle.`

const importKindHelp = `Zonder --apply is het een proefdraai op een bestaande database: elke regel wordt
gecontroleerd (ook tegen de database) en elke foute regel gemeld, maar niets opgeslagen. Met
--apply worden alle regels in één transactie opgeslagen, of geen enkele als er één fout is.
Exitcode 1 bij een foute regel.

De import werkt als de gebruiker "import" met de rol consulent over alle gemeenten (of alleen
--municipality); zo staat hij in het auditlog.`

func importCommands() []*command {
	kind := func(name, what string) *command {
		return &command{name: name, summary: "importeer " + what, usage: "import " + name + " BESTAND.csv [--apply] [--municipality GM0268]",
			help: "Importeert " + what + ". " + importKindHelp, flags: []string{"database-url", "apply", "municipality"},
			readOnly: true, run: func(ctx context.Context, e *env, args []string) error { return runImport(ctx, e, name, args) }}
	}
	return []*command{kind("candidates", "kandidaten"), kind("placements", "plaatsingen"), kind("exits", "uitstroom"),
		financeImport("import finance", "hetzelfde als werkpad finance import"),
		{name: "bundle", summary: "laad een bundel van werkpad export --bundle (alle historie) in een lege database",
			usage: "import bundle PAD [--apply]", help: importBundleHelp, flags: []string{"database-url", "apply"}, run: runImportBundle}}
}

func runImport(ctx context.Context, e *env, kind string, args []string) error {
	fs := flags(e, "import "+kind)
	dbURL := dbFlag(fs)
	apply := fs.Bool("apply", false, "sla de regels op (zonder: proefdraai, alleen controleren)")
	municipality := fs.String("municipality", "", "alleen deze gemeente (CBS-code, bijvoorbeeld GM0268); vult ook een lege kolom gemeente")
	// Flags may stand before or after the file.
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("import "+kind, "geef één CSV-bestand op")
	}
	path := pos[0]

	*municipality = strings.ToUpper(strings.TrimSpace(*municipality))
	if *municipality != "" && !werkpad.ValidMunicipalityCode(*municipality) {
		return usageError("import "+kind, "--municipality %q is geen CBS-code zoals GM0268", *municipality)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	open := openExistingDB // a dry run changes nothing, so it creates no database either
	if *apply {
		open = openDB
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	sealer, err := openSealer(ctx, db)
	if err != nil {
		return err
	}
	ctx = importContext(ctx, *municipality)
	// Every person read or written is recorded in the Logboek.
	return withLogboek(ctx, db, "werkpad import "+kind, werkpad.ActivityReintegration, func(ctx context.Context) error {
		store.CleanImportStaging(db.URL)
		out := &problemSink{w: e.stdout, max: maxProblems}
		if kind == "candidates" {
			return runCandidateImport(ctx, e, db, sealer, f, out, csvimport.Options{Today: werkpad.Today(db.Now()), Municipality: *municipality}, *apply)
		}

		// Placements and exits: parsed as a whole, checked in a read
		// transaction, and with --apply written in one write transaction.
		var problems []csvimport.Problem
		var lines []int
		var storeErr error
		switch kind {
		case "placements":
			var rows []csvimport.PlacementRow
			rows, problems, err = csvimport.ReadPlacements(f)
			if err != nil {
				return err
			}
			ps := make([]store.PlacementRow, len(rows))
			for i, r := range rows {
				ps[i], lines = store.PlacementRow{BSN: r.BSN, Placement: r.Placement}, append(lines, r.Line)
			}
			storeErr = store.ImportPlacements(ctx, db, sealer, ps, *apply && len(problems) == 0)
		case "exits":
			var rows []csvimport.ExitRow
			rows, problems, err = csvimport.ReadExits(f)
			if err != nil {
				return err
			}
			xs := make([]store.ExitRow, len(rows))
			for i, r := range rows {
				xs[i], lines = store.ExitRow{BSN: r.BSN, PlacementFrom: r.PlacementFrom, Exit: r.Exit}, append(lines, r.Line)
			}
			storeErr = store.ImportExits(ctx, db, sealer, xs, *apply && len(problems) == 0)
		}
		total := len(lines) + countDataLines(problems, lines)
		var rowErrs store.RowErrors
		if errors.As(storeErr, &rowErrs) {
			for _, re := range rowErrs {
				line := lines[re.Index]
				problems = append(problems, csvimport.Problem{Line: line, Column: csvimport.Column(kind, werkpad.ErrorField(re.Err)), Message: werkpad.ErrorMessage(re.Err)})
			}
		} else if storeErr != nil {
			return storeErr
		}
		slices.SortStableFunc(problems, func(a, b csvimport.Problem) int { return a.Line - b.Line })
		out.add(problems...)
		if out.total > 0 {
			return out.fail(total)
		}
		if !*apply {
			fmt.Fprintf(e.stdout, "%d regels gecontroleerd, geen fouten. Proefdraai: niets opgeslagen; sla op met --apply.\n", total)
			return nil
		}
		fmt.Fprintf(e.stdout, "%d regels geïmporteerd (%s) in één transactie.\n", total, kindLabel[kind])
		return nil
	})
}

// maxProblems is how many problems an import prints; the rest is counted.
const maxProblems = 100

// problemSink prints the first max problems and counts all of them and
// the lines they are on (problems arrive in line order).
type problemSink struct {
	w        io.Writer
	max      int
	total    int
	badLines int
	lastLine int
}

func (s *problemSink) add(ps ...csvimport.Problem) {
	for _, p := range ps {
		if s.total < s.max {
			fmt.Fprintln(s.w, p.String())
		}
		s.total++
		if p.Line != s.lastLine {
			s.badLines++
			s.lastLine = p.Line
		}
	}
}

// fail ends the output and returns the import's failure: exit 1.
func (s *problemSink) fail(lines int) error {
	moreProblems(s.w, s.total, s.max)
	return &exitError{1, fmt.Sprintf("werkpad import: %d van %d regels fout (%d meldingen); niets opgeslagen.", s.badLines, lines, s.total)}
}

// moreProblems ends a list of total problems of which the first max were
// printed with how many more there are.
func moreProblems(w io.Writer, total, max int) {
	if more := total - max; more > 0 {
		fmt.Fprintf(w, "… en %s meldingen meer (%s in totaal); de eerste %d staan hierboven.\n", dutchInt(more), dutchInt(total), max)
	}
}

func dutchInt(n int) string { return report.Dutch(float64(n), 0, true) }

// runCandidateImport streams the file: every line is parsed and checked in
// batches against the database in short read transactions, without the
// write lock, and only a bounded amount of the file is in memory. With
// --apply and no problem, the file is read again and staged batch by
// batch, then made visible in one short transaction.
func runCandidateImport(ctx context.Context, e *env, db *store.DB, sealer *store.Sealer, f *os.File, out *problemSink, opt csvimport.Options, apply bool) error {
	ci, err := store.NewCandidateImport(ctx, db, sealer)
	if err != nil {
		return err
	}
	defer ci.Close()
	start := time.Now()
	lines, sum, err := streamCandidates(f, opt, out, func(batch []csvimport.CandidateRow) ([]csvimport.Problem, error) {
		cs := make([]*werkpad.Candidate, len(batch))
		for i, r := range batch {
			cs[i] = r.Candidate
		}
		bad, err := ci.Check(ctx, cs)
		if err != nil {
			return nil, err
		}
		var ps []csvimport.Problem
		for _, re := range bad {
			ps = append(ps, csvimport.Problem{Line: batch[re.Index].Line, Column: csvimport.Column("candidates", werkpad.ErrorField(re.Err)), Message: werkpad.ErrorMessage(re.Err)})
		}
		return ps, nil
	})
	if err != nil {
		return err
	}
	if out.total > 0 {
		return out.fail(lines)
	}
	if !apply {
		fmt.Fprintf(e.stdout, "%d regels gecontroleerd, geen fouten. Proefdraai: niets opgeslagen; sla op met --apply.\n", lines)
		return nil
	}
	checked := time.Now()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, sum2, err := streamCandidates(f, opt, out, func(batch []csvimport.CandidateRow) ([]csvimport.Problem, error) {
		cs := make([]*werkpad.Candidate, len(batch))
		for i, r := range batch {
			cs[i] = r.Candidate
		}
		return nil, ci.Stage(ctx, cs)
	})
	if err != nil {
		return err
	}
	if sum2 != sum || out.total > 0 {
		return &exitError{1, "werkpad import: het bestand is tijdens de import veranderd; niets opgeslagen."}
	}
	staged := time.Now()
	res, err := ci.Commit(ctx, fmt.Sprintf("%s (sha256 %s)", filepath.Base(f.Name()), sum))
	if err != nil {
		return err
	}
	secs := func(d time.Duration) string { return report.Dutch(d.Seconds(), 1, true) }
	fmt.Fprintf(e.stdout, "%d regels geïmporteerd (kandidaten) in één transactie van %s s (controle %s s, klaarzetten %s s, samen %s s).\n",
		res.Count, secs(res.CommitDuration), secs(checked.Sub(start)), secs(staged.Sub(checked)), secs(time.Since(start)))
	return nil
}

// streamCandidates reads the file once, hands the good rows to fn in
// batches and adds every problem to out in line order. It returns the
// number of data lines and the file's SHA-256. Reading and fn overlap: fn
// works on one batch (in its own goroutine, one batch after another, so
// out gets them in order) while the next is parsed; the database does its
// part of fn while this process parses.
func streamCandidates(f io.Reader, opt csvimport.Options, out *problemSink, fn func([]csvimport.CandidateRow) ([]csvimport.Problem, error)) (int, string, error) {
	h := sha256.New()
	s, headerProblems, err := csvimport.NewCandidateStream(io.TeeReader(f, h), opt)
	if err != nil {
		return 0, "", err
	}
	if s == nil {
		out.add(headerProblems...)
		return 0, "", nil
	}
	type work struct {
		batch   []csvimport.CandidateRow
		pending []csvimport.Problem // problems of the lines of the batch
	}
	todo := make(chan work, 1)
	done := make(chan error, 1)
	var failed atomic.Bool
	go func() {
		var ferr error
		for w := range todo {
			if ferr != nil {
				continue // drain: the reader stops at its next send
			}
			if len(w.batch) > 0 {
				ps, err := fn(w.batch)
				if err != nil {
					ferr = err
					failed.Store(true)
					continue
				}
				w.pending = append(w.pending, ps...)
			}
			slices.SortStableFunc(w.pending, func(a, b csvimport.Problem) int { return a.Line - b.Line })
			out.add(w.pending...)
		}
		done <- ferr
	}()
	finish := func(err error) (int, string, error) {
		close(todo)
		if ferr := <-done; ferr != nil {
			return 0, "", ferr
		}
		if err != nil {
			return 0, "", err
		}
		return s.Lines, hex.EncodeToString(h.Sum(nil)), nil
	}
	var w work
	for {
		r, ps, err := s.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return finish(err)
		}
		w.pending = append(w.pending, ps...)
		if r.Candidate != nil {
			w.batch = append(w.batch, r)
		}
		if len(w.batch) >= store.ImportBatchSize || len(w.pending) >= store.ImportBatchSize {
			todo <- w
			w = work{}
			if failed.Load() {
				return finish(nil)
			}
		}
	}
	if len(w.batch) > 0 || len(w.pending) > 0 {
		todo <- w
	}
	return finish(nil)
}

var kindLabel = map[string]string{"candidates": "kandidaten", "placements": "plaatsingen", "exits": "uitstroom"}

// countDataLines counts the bad data lines that did not become a row (the
// header, line 1, is not a data line).
func countDataLines(problems []csvimport.Problem, good []int) int {
	seen := map[int]bool{}
	for _, l := range good {
		seen[l] = true
	}
	n := 0
	for _, p := range problems {
		if p.Line > 1 && !seen[p.Line] {
			seen[p.Line] = true
			n++
		}
	}
	return n
}

// importContext is the actor of an import: the operator at the command
// line, acting as a consulent (the store's casework writes require that
// role) over all municipalities or only the given one, recorded in the
// audit log as "import".
func importContext(ctx context.Context, municipality string) context.Context {
	u := &werkpad.User{ID: 0, Email: "import", Name: "Import (opdrachtregel)", Role: werkpad.RoleConsultant}
	if municipality != "" {
		u.Municipalities = []string{municipality}
	}
	return werkpad.NewContextWithActor(werkpad.OperatorContext(ctx), &werkpad.Actor{User: u, Via: "cli"})
}
