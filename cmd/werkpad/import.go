package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"werkpad"
	"werkpad/csvimport"
	"werkpad/store"
)

const importHelp = `Importeert kandidaten, plaatsingen of uitstroom uit een CSV-bestand van een vorig systeem
(puntkomma als scheidingsteken, UTF-8 met of zonder BOM, kopregel met de kolomnamen uit de
README). Volgorde bij een overstap: eerst candidates, dan placements, dan exits.`

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
		financeImport("import finance", "hetzelfde als werkpad finance import")}
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

	// Parse, then check (and with --apply write) the good rows in the
	// store; the lines of the store's problems come from the parsed rows.
	var problems []csvimport.Problem
	var lines []int
	var total int
	var storeErr error
	switch kind {
	case "candidates":
		var rows []csvimport.CandidateRow
		rows, problems, err = csvimport.ReadCandidates(f, csvimport.Options{Today: werkpad.Today(db.Now()), Municipality: *municipality})
		if err != nil {
			return err
		}
		cs := make([]*werkpad.Candidate, len(rows))
		for i, r := range rows {
			cs[i], lines = r.Candidate, append(lines, r.Line)
		}
		storeErr = store.ImportCandidates(ctx, db, sealer, cs, *apply && len(problems) == 0)
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
	badLines := map[int]bool{}
	for _, p := range problems {
		badLines[p.Line] = true
	}
	total = len(lines) + countDataLines(problems, lines)
	var rowErrs store.RowErrors
	if errors.As(storeErr, &rowErrs) {
		for _, re := range rowErrs {
			line := lines[re.Index]
			badLines[line] = true
			problems = append(problems, csvimport.Problem{Line: line, Column: csvimport.Column(kind, werkpad.ErrorField(re.Err)), Message: werkpad.ErrorMessage(re.Err)})
		}
	} else if storeErr != nil {
		return storeErr
	}
	slices.SortStableFunc(problems, func(a, b csvimport.Problem) int { return a.Line - b.Line })
	for _, p := range problems {
		fmt.Fprintln(e.stdout, p.String())
	}
	if len(problems) > 0 {
		return &exitError{1, fmt.Sprintf("werkpad import: %d van %d regels fout (%d meldingen); niets opgeslagen.", len(badLines), total, len(problems))}
	}
	if !*apply {
		fmt.Fprintf(e.stdout, "%d regels gecontroleerd, geen fouten. Proefdraai: niets opgeslagen; sla op met --apply.\n", total)
		return nil
	}
	fmt.Fprintf(e.stdout, "%d regels geïmporteerd (%s) in één transactie.\n", total, kindLabel[kind])
	return nil
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
