package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"werkpad"
	"werkpad/store"
)

const normHelp = `Werkt met de normen van de prestatie-indicatoren (art. 13 DVO): die staan jaarlijks in de
begroting van de MGR, regionaal en waar vastgesteld per gemeente. werkpad levert geen normen
mee; een rapportage toont "geen norm vastgesteld" tot er een met bron is vastgelegd.`

func normCommands() []*command {
	return []*command{
		{name: "set", summary: "leg een norm vast met haar bron", usage: "norm set --indicator exits_to_work --year 2025 --value 600 --source \"Begroting MGR 2025, p. 14\" [--municipality GM0268]",
			help: `Legt de norm van één indicator voor één jaar vast, regionaal of met --municipality voor één
gemeente, met de bron (verplicht). Opnieuw vastleggen vervangt de norm; het auditlog bewaart de
oude. De waarde staat in de eenheid van de indicator: een aantal, of honderdsten (uren per week,
loonwaarde in basispunten).`,
			flags: []string{"database-url", "indicator", "year", "value", "source", "municipality"}, run: runNormSet},
		{name: "list", summary: "toon de vastgelegde normen van een jaar", usage: "norm list --year 2025",
			help:  "Toont per indicator de regionale norm en de normen per gemeente van een jaar, met hun bron.",
			flags: []string{"database-url", "year"}, readOnly: true, run: runNormList},
	}
}

func runNormSet(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "norm set")
	dbURL := dbFlag(fs)
	key := fs.String("indicator", "", "de indicator (sleutel, bijvoorbeeld exits_to_work)")
	year := fs.Int("year", 0, "het begrotingsjaar")
	value := fs.Int64("value", -1, "de norm in de eenheid van de indicator")
	source := fs.String("source", "", "de bron, bijvoorbeeld de begroting van de MGR met pagina")
	code := fs.String("municipality", "", "de gemeente (CBS-code); zonder: de regionale norm")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *key == "" || *year == 0 || *value < 0 || *source == "" {
		return usageError("norm set", "--indicator, --year, --value en --source zijn verplicht")
	}
	db, err := openExistingDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	n := werkpad.Norm{Indicator: werkpad.IndicatorKey(*key), Year: *year, Municipality: *code, Value: *value, Source: *source}
	if err := store.NewNormService(db).SetNorm(reportOperator(ctx), n); err != nil {
		return err
	}
	where := "regio"
	if *code != "" {
		where = *code
	}
	fmt.Fprintf(e.stdout, "Norm %d voor %s (%s) vastgelegd: %s (bron: %s).\n", *year, n.Indicator.Label(), where, werkpad.FormatNorm(n.Indicator, n.Value), n.Source)
	return nil
}

func runNormList(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "norm list")
	dbURL := dbFlag(fs)
	year := fs.Int("year", 0, "het begrotingsjaar")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *year == 0 {
		return usageError("norm list", "--year is verplicht")
	}
	db, err := openExistingDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	norms, err := store.NewNormService(db).FindNorms(reportOperator(ctx), *year)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "indicator\tregio\tper gemeente\n")
	for _, k := range werkpad.IndicatorKeys {
		regional := werkpad.NoNormText
		if n, ok := werkpad.NormFor(norms, k, ""); ok {
			regional = werkpad.FormatNorm(k, n.Value) + " (" + n.Source + ")"
		}
		per := ""
		for _, n := range norms {
			if n.Indicator == k && n.Municipality != "" {
				per += fmt.Sprintf("%s %s (%s) ", n.Municipality, werkpad.FormatNorm(k, n.Value), n.Source)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", k.Label(), regional, per)
	}
	return tw.Flush()
}
