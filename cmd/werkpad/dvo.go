package main

import (
	"context"
	"fmt"
	"os"

	"werkpad"
	"werkpad/dvo"
)

const dvoSynopsis = `Werkt met de dienstverleningsovereenkomst (DVO) en haar keuzekaart.

  werkpad dvo check [--file DVO.yaml] [--json]

check rekent per gemeente per jaar de lokale ruimte, het totaal volgens de
keuzekaart en het afgesproken totaal na, en toont de bevindingen
(over_budget, price_differs_from_card, missing_price, outside_validity,
under_budget). Zonder --file wordt de meegeleverde DVO 2024-2025 gebruikt.
Exitcode 0 als de controle kon draaien, wat die ook vond.`

func runDVO(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintln(e.stdout, "Gebruik: "+dvoSynopsis)
		if len(args) == 0 {
			return &exitError{2, ""}
		}
		return nil
	}
	if args[0] != "check" {
		return &exitError{2, fmt.Sprintf("werkpad dvo: onbekende opdracht %q (zie werkpad dvo --help)", args[0])}
	}
	fs := flags(e, "dvo check", dvoSynopsis)
	file := fs.String("file", "", "DVO-bestand (YAML); standaard de meegeleverde DVO 2024-2025")
	asJSON := fs.Bool("json", false, "schrijf de uitkomst als JSON")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	var a *werkpad.Agreement
	var err error
	if *file == "" {
		a, err = dvo.Load()
	} else {
		f, ferr := os.Open(*file)
		if ferr != nil {
			return ferr
		}
		defer f.Close()
		a, err = dvo.Parse(f)
	}
	if err != nil {
		return err
	}
	totals, findings := werkpad.Totals(a), werkpad.CheckAgreement(a)
	if *asJSON {
		return dvo.WriteJSON(e.stdout, totals, findings)
	}
	return dvo.WriteText(e.stdout, totals, findings)
}
