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

const dvoSynopsis = `Werkt met de dienstverleningsovereenkomst (DVO) en haar keuzekaart.

  werkpad dvo check [--json] [--file DVO.yaml] [--version 2024-2025] [--date 2025-06-30]
  werkpad dvo load [--file DVO.yaml] [--replace]
  werkpad dvo export --format xlsx|csv [--output BESTAND] [--version 2024-2025]

check rekent per gemeente per jaar de lokale ruimte, het totaal volgens de
keuzekaart en het afgesproken totaal na, en toont de bevindingen
(over_budget, price_differs_from_card, missing_price, outside_validity,
under_budget). Het leest de DVO uit de database zoals die op --date van
kracht is (met goedgekeurde wijzigingen); met --file controleert het een
bestand zonder het te laden. Exitcode 0 als de controle kon draaien, wat die
ook vond.

load zet een DVO-bestand in de database. Bij de eerste migratie laadt werkpad
de meegeleverde DVO 2024-2025 (dvo/dvo-2024-2025.yaml) zelf.`

func runDVO(ctx context.Context, e *env, args []string) error {
	if done, err := groupHelp(e, args, dvoSynopsis); done {
		return err
	}
	sub := args[0]
	fs := flags(e, "dvo "+sub, dvoSynopsis)
	dbURL := dbFlag(fs)
	file := fs.String("file", "", "DVO-bestand (YAML)")
	asJSON := fs.Bool("json", false, "check: schrijf de uitkomst als JSON")
	version := fs.String("version", "2024-2025", "versie van de DVO in de database")
	date := fs.String("date", "", "check/export: de DVO zoals van kracht op deze datum (dd-mm-jjjj of jjjj-mm-dd); standaard vandaag")
	replace := fs.Bool("replace", false, "load: vervang een al geladen versie (niet als er wijzigingen of realisatie aan hangen)")
	format := fs.String("format", "xlsx", "export: xlsx of csv")
	output := fs.String("output", "", "export: bestand om naar te schrijven (standaard standaarduitvoer)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if sub != "check" && sub != "load" && sub != "export" {
		return &exitError{2, fmt.Sprintf("werkpad dvo: onbekende opdracht %q (zie werkpad dvo --help)", sub)}
	}
	var on werkpad.Date
	if *date != "" {
		d, err := werkpad.ParseDate(*date)
		if err != nil {
			return &exitError{2, fmt.Sprintf("werkpad dvo %s: --date: %s", sub, werkpad.ErrorMessage(err))}
		}
		on = d
	}
	if sub == "export" && *format != "xlsx" && *format != "csv" {
		return &exitError{2, "werkpad dvo export: --format moet xlsx of csv zijn"}
	}

	// Checking a file needs no database.
	if sub == "check" && *file != "" {
		a, err := readAgreementFile(*file)
		if err != nil {
			return err
		}
		return writeCheck(e.stdout, a, *asJSON)
	}
	db, err := openDB(ctx, *dbURL)
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
