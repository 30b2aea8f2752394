package main

import (
	"context"
	"errors"
	"fmt"

	"werkpad"
	"werkpad/store"
)

const exportHelp = `Schrijft de hele database als bundel naar de map PAD (die nog niet mag bestaan of leeg
moet zijn): één CSV-bestand per soort gegevens en manifest.json met per bestand het aantal
regels en de SHA-256. Het formaat staat kolom voor kolom in docs/BUNDLE.md; werkpad import
bundle leest het terug, ook in een database van de andere soort (SQLite of PostgreSQL).

Let op: een bundel bevat persoonsgegevens met onversleutelde BSN's. Bewaar hem versleuteld
en verwijder hem na gebruik.`

const importBundleHelp = `Leest een bundel van werkpad export --bundle. Zonder --apply is het een proefdraai: elk
bestand wordt gecontroleerd (SHA-256 en aantal regels uit manifest.json, kopregel, typen,
verplichte waarden, tekstregels, BSN's, verwijzingen) en elke fout gemeld met bestand, regel
en kolom; er is geen database voor nodig en er verandert niets. Exitcode 1 bij een fout.

Met --apply wordt alles in één transactie geladen, of niets: alleen in een lege database
(maakt hem zo nodig aan). De id's blijven gelijk; de BSN's worden versleuteld met de sleutel
van deze database. Zie docs/BUNDLE.md.`

func runExport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "export")
	dbURL := dbFlag(fs)
	dir := fs.String("bundle", "", "schrijf de bundel naar deze map (nieuw of leeg)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return usageError("export", "geef de map van de bundel op met --bundle PAD")
	}
	db, err := openExistingDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	sealer, err := openSealer(ctx, db)
	if err != nil {
		return err
	}
	var m *store.Manifest
	err = withLogboek(ctx, db, "werkpad export --bundle", werkpad.ActivityReintegration, func(ctx context.Context) error {
		m, err = db.ExportBundle(werkpad.OperatorContext(ctx), sealer, *dir)
		return err
	})
	if err != nil {
		return err
	}
	rows := 0
	for _, f := range m.Files {
		rows += f.Rows
	}
	fmt.Fprintf(e.stdout, "Bundel geschreven naar %s: %d bestanden, %s regels.\nLet op: de bundel bevat persoonsgegevens met onversleutelde BSN's; bewaar hem versleuteld en verwijder hem na gebruik.\n",
		*dir, len(m.Files), dutchInt(rows))
	return nil
}

func runImportBundle(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "import bundle")
	dbURL := dbFlag(fs)
	apply := fs.Bool("apply", false, "laad de bundel (zonder: proefdraai, alleen controleren)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("import bundle", "geef één map met een bundel op")
	}
	b, problems, err := store.ReadBundle(pos[0])
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		for _, p := range problems[:min(len(problems), maxProblems)] {
			fmt.Fprintln(e.stdout, p.String())
		}
		moreProblems(e.stdout, len(problems), maxProblems)
		return &exitError{1, fmt.Sprintf("werkpad import bundle: %d meldingen; niets opgeslagen.", len(problems))}
	}
	rows := 0
	for _, f := range b.Manifest.Files {
		rows += f.Rows
	}
	if !*apply {
		fmt.Fprintf(e.stdout, "%d bestanden met %s regels gecontroleerd, geen fouten. Proefdraai: niets opgeslagen; laad met --apply.\n", len(b.Manifest.Files), dutchInt(rows))
		return nil
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	sealer, err := openSealer(ctx, db)
	if err != nil {
		return err
	}
	ctx = importContext(ctx, "")
	err = withLogboek(ctx, db, "werkpad import bundle", werkpad.ActivityReintegration, func(ctx context.Context) error {
		return db.ImportBundle(ctx, sealer, b)
	})
	if errors.Is(err, store.ErrBundleTargetNotEmpty) {
		return &exitError{1, "werkpad import bundle: " + werkpad.ErrorMessage(err)}
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Bundel geladen: %d bestanden, %s regels, in één transactie.\n", len(b.Manifest.Files), dutchInt(rows))
	return nil
}
