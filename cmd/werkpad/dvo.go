package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"werkpad"
	"werkpad/dvo"
	"werkpad/store"
)

const dvoHelp = `Werkt met de dienstverleningsovereenkomst (DVO) en haar keuzekaart. Bij de eerste
migratie laadt werkpad de meegeleverde DVO 2024-2025 (dvo/dvo-2024-2025.yaml) zelf.`

func dvoCommands() []*command {
	return []*command{
		{name: "check", summary: "reken de DVO en de keuzekaart na", usage: "dvo check [--json] [--file DVO.yaml] [--version 2024-2025] [--date 30-06-2025]",
			help: `Rekent per gemeente per jaar de lokale ruimte, het totaal volgens de keuzekaart en het
afgesproken totaal na, en toont de bevindingen (over_budget, price_differs_from_card,
missing_price, outside_validity, under_budget). Leest de DVO uit de database zoals die op
--date van kracht is (met goedgekeurde wijzigingen); met --file controleert het een bestand
zonder database. Exitcode 0 als de controle kon draaien, wat die ook vond.`,
			flags: []string{"database-url", "file", "json", "version", "date"}, readOnly: true, run: dvoRunner("check")},
		{name: "load", summary: "zet een DVO-bestand in de database", usage: "dvo load [--file DVO.yaml] [--replace]",
			help: `Zet een DVO-bestand in de database; zonder --file de meegeleverde DVO 2024-2025. Een versie
die er al is, wordt alleen met --replace vervangen (niet als er wijzigingen of realisatie aan hangen).`,
			flags: []string{"database-url", "file", "replace"}, run: dvoRunner("load")},
		{name: "export", summary: "exporteer de DVO als XLSX of CSV", usage: "dvo export [--format xlsx|csv] [--output BESTAND] [--version 2024-2025] [--date 30-06-2025]",
			help:  "Exporteert de DVO zoals die op --date van kracht is, met totalen en bevindingen (XLSX) of als regels (CSV).",
			flags: []string{"database-url", "format", "output", "version", "date"}, readOnly: true, run: dvoRunner("export")},
	}
}

func dvoRunner(sub string) func(ctx context.Context, e *env, args []string) error {
	return func(ctx context.Context, e *env, args []string) error { return runDVO(ctx, e, sub, args) }
}

func runDVO(ctx context.Context, e *env, sub string, args []string) error {
	fs := flags(e, "dvo "+sub)
	dbURL := dbFlag(fs)
	file, asJSON, version, date, replace, format, output := new(string), new(bool), new(string), new(string), new(bool), new(string), new(string)
	if sub == "check" || sub == "load" {
		file = fs.String("file", "", "DVO-bestand (YAML)")
	}
	if sub == "check" {
		asJSON = fs.Bool("json", false, "schrijf de uitkomst als JSON")
	}
	if sub == "export" {
		format = fs.String("format", "xlsx", "xlsx of csv")
		output = fs.String("output", "", "bestand om naar te schrijven (standaard de standaarduitvoer)")
	}
	if sub != "load" {
		version = fs.String("version", "2024-2025", "versie van de DVO in de database")
		date = fs.String("date", "", "de DVO zoals van kracht op deze datum (dd-mm-jjjj); standaard vandaag")
	} else {
		replace = fs.Bool("replace", false, "vervang een al geladen versie (niet als er wijzigingen of realisatie aan hangen)")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	var on werkpad.Date
	if *date != "" {
		d, err := werkpad.ParseDate(*date)
		if err != nil {
			return usageError("dvo "+sub, "--date: %s", werkpad.ErrorMessage(err))
		}
		on = d
	}
	if sub == "export" && *format != "xlsx" && *format != "csv" {
		return usageError("dvo export", "--format moet xlsx of csv zijn")
	}

	// Checking a file needs no database.
	if sub == "check" && *file != "" {
		a, err := readAgreementFile(*file)
		if err != nil {
			return err
		}
		return writeCheck(e.stdout, a, *asJSON)
	}
	open := openExistingDB
	if sub == "load" {
		open = openDB
	}
	db, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := store.NewAgreementService(db)
	octx := werkpad.OperatorContext(ctx)
	switch sub {
	case "load":
		a, err := dvo.Load()
		if *file != "" {
			a, err = readAgreementFile(*file)
		}
		if err != nil {
			return err
		}
		if err := svc.LoadAgreement(octx, a, *replace); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "DVO %s geladen: %d keuzekaart-items, %d gemeente-jaren.\n", a.Version, len(a.Card), len(a.Years))
		return nil
	case "check":
		a, err := svc.FindAgreement(octx, *version, on)
		if err != nil {
			return err
		}
		return writeCheck(e.stdout, a, *asJSON)
	default: // export
		a, err := svc.FindAgreement(octx, *version, on)
		if err != nil {
			return err
		}
		w := e.stdout
		if *output != "" {
			f, err := os.Create(*output)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		if *format == "csv" {
			return dvo.WriteCSV(w, a)
		}
		return dvo.WriteXLSX(w, a, werkpad.Totals(a), werkpad.CheckAgreement(a))
	}
}

func readAgreementFile(path string) (*werkpad.Agreement, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return dvo.Parse(f)
}

func writeCheck(w io.Writer, a *werkpad.Agreement, asJSON bool) error {
	totals, findings := werkpad.Totals(a), werkpad.CheckAgreement(a)
	if asJSON {
		return dvo.WriteJSON(w, totals, findings)
	}
	return dvo.WriteText(w, totals, findings)
}

// seedAgreement loads the shipped DVO 2024-2025 into a database that has no
// agreement yet, so that a fresh database starts with the real contract.
func seedAgreement(ctx context.Context, db *store.DB) error {
	svc := store.NewAgreementService(db)
	octx := werkpad.OperatorContext(ctx)
	versions, err := svc.FindAgreements(octx)
	if err != nil || len(versions) > 0 {
		return err
	}
	a, err := dvo.Load()
	if err != nil {
		return err
	}
	if err := svc.LoadAgreement(octx, a, false); err != nil && !strings.Contains(werkpad.ErrorMessage(err), "al geladen") {
		return fmt.Errorf("meegeleverde DVO laden: %w", err)
	}
	return nil
}
