package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"werkpad"
	"werkpad/csvimport"
	"werkpad/store"
)

const importSynopsis = `Importeert kandidaten, plaatsingen of uitstroom uit een CSV-bestand van een vorig systeem
(puntkomma als scheidingsteken, UTF-8 met of zonder BOM, kopregel met de kolomnamen uit de README).

Zonder --apply is het een proefdraai: elke regel wordt gecontroleerd (ook tegen de database) en
elke foute regel gemeld, maar niets opgeslagen. Met --apply worden alle regels in één transactie
opgeslagen, of geen enkele als er één fout is. Exitcode 1 bij een foute regel.

De import werkt als de gebruiker "import" met de rol consulent over alle gemeenten
(of alleen --municipality); zo staat hij in het auditlog.`

func runImport(ctx context.Context, e *env, args []string) error {
	// The finance ledger has its own command; werkpad import finance is an alias.
	if len(args) > 0 && args[0] == "finance" {
		return runImportFinance(ctx, e, args[1:])
	}
	fs := flags(e, "import", importSynopsis)
	dbURL := dbFlag(fs)
	apply := fs.Bool("apply", false, "sla de regels op (zonder: alleen controleren)")
	municipality := fs.String("municipality", "", "alleen deze gemeente (CBS-code, bijvoorbeeld GM0268); vult ook een lege kolom gemeente")
	badArgs := func() error {
		return &exitError{2, "werkpad import: gebruik werkpad import candidates|placements|exits BESTAND.csv [--apply] [--municipality GM0268]"}
	}
	// Flags may stand before or after the two arguments.
	var pos []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(e.stdout, "Gebruik: werkpad import candidates|placements|exits BESTAND.csv [opties]\n\n%s\n\nOpties:\n", importSynopsis)
				fs.SetOutput(e.stdout)
				fs.PrintDefaults()
				return err
			}
			return &exitError{2, fmt.Sprintf("werkpad import: %v (zie werkpad import --help)", err)}
		}
		if fs.NArg() == 0 {
			break
		}
		pos, rest = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
	if len(pos) != 2 || !slices.Contains([]string{"candidates", "placements", "exits"}, pos[0]) {
		return badArgs()
	}
	kind, path := pos[0], pos[1]
	*municipality = strings.ToUpper(strings.TrimSpace(*municipality))
	if *municipality != "" && !werkpad.ValidMunicipalityCode(*municipality) {
		return &exitError{2, fmt.Sprintf("werkpad import: --municipality %q is geen CBS-code zoals GM0268", *municipality)}
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openDB(ctx, *dbURL)
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
