package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"

	"werkpad/report"
	"werkpad/store"
)

const keyHelp = `Beheert de sleutel die de burgerservicenummers versleutelt (WERKPAD_SECRET_KEY, of
bij SQLite zonder die variabele het bestand werkpad.secret naast de database).`

const keyRotateHelp = `Versleutelt elk BSN opnieuw met de nieuwe sleutel, in batches die elk een eigen
transactie zijn: onderbreken mag, dezelfde opdracht opnieuw gaat verder waar hij was.
Stop werkpad serve tijdens het roteren. Daarna: bij WERKPAD_SECRET_KEY zet u die op de
nieuwe sleutel; bij werkpad.secret schrijft werkpad de nieuwe sleutel in dat bestand
(de vorige blijft als werkpad.secret.vorige).`

func keyCommands() []*command {
	return []*command{
		{name: "check", summary: "controleer of de ingestelde sleutel bij de database past",
			usage: "key check", help: "Vergelijkt de ingestelde sleutel met de vingerafdruk in de database. Exitcode 0: past; 1: past niet\n(de melding zegt welke sleutel terug moet).",
			flags: []string{"database-url"}, run: runKeyCheck},
		{name: "rotate", summary: "versleutel alle BSN's opnieuw met een nieuwe sleutel (hervatbaar)",
			usage: "key rotate (--new-key-file BESTAND | env WERKPAD_NEW_SECRET_KEY) [--batch 1000]", help: keyRotateHelp,
			flags: []string{"database-url", "new-key-file", "batch"}, run: runKeyRotate},
	}
}

func runKeyCheck(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "key check")
	dbURL := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openExistingDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	old, created, err := loadSealer(db)
	if err != nil {
		return err
	}
	if err := db.CheckKey(ctx, old); err != nil {
		if created != "" {
			os.Remove(created)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "De sleutel past bij deze database (vingerafdruk %s).\n", old.Fingerprint()[:12])
	return nil
}

func runKeyRotate(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "key rotate")
	dbURL := dbFlag(fs)
	newFile := fs.String("new-key-file", "", "bestand met de nieuwe sleutel (32 bytes als base64 of 64 hexcijfers); anders env WERKPAD_NEW_SECRET_KEY")
	batch := fs.Int("batch", 1000, "rijen per transactie")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *batch < 1 {
		return usageError("key rotate", "--batch moet minstens 1 zijn")
	}
	db, err := openExistingDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	old, _, err := loadSealer(db)
	if err != nil {
		return err
	}
	var raw string
	switch {
	case *newFile != "":
		b, err := os.ReadFile(*newFile)
		if err != nil {
			return fmt.Errorf("--new-key-file: het bestand %s is niet te lezen", *newFile)
		}
		raw = string(b)
	case os.Getenv("WERKPAD_NEW_SECRET_KEY") != "":
		raw = os.Getenv("WERKPAD_NEW_SECRET_KEY")
	default:
		return usageError("key rotate", "geef de nieuwe sleutel met --new-key-file of WERKPAD_NEW_SECRET_KEY (maak er een met: openssl rand -base64 32)")
	}
	key, err := store.ParseKey(raw)
	if err != nil {
		return fmt.Errorf("nieuwe sleutel: moet 32 bytes zijn, als base64 of als 64 hexcijfers")
	}
	next, err := store.NewSealer(key)
	if err != nil {
		return err
	}
	err = db.RotateKey(ctx, old, next, *batch, func(p store.RotateProgress) {
		fmt.Fprintf(e.stderr, "\r%s: %s van %s opnieuw versleuteld", p.Table, report.Dutch(float64(p.Done), 0, true), report.Dutch(float64(p.Total), 0, true))
		if p.Done == p.Total {
			fmt.Fprintln(e.stderr)
		}
	})
	if err != nil {
		return fmt.Errorf("sleutelrotatie (opnieuw starten gaat verder waar zij was): %w", err)
	}
	fmt.Fprintf(e.stdout, "Alle BSN's zijn versleuteld met de nieuwe sleutel (vingerafdruk %s).\n", next.Fingerprint()[:12])
	if os.Getenv("WERKPAD_SECRET_KEY") != "" || db.Dialect == store.Postgres {
		fmt.Fprintln(e.stdout, "Zet WERKPAD_SECRET_KEY nu op de nieuwe sleutel voordat u werkpad start, en bewaar hem bij de back-ups.")
		return nil
	}
	path := store.KeyFilePath(db.URL)
	if err := os.Rename(path, path+".vorige"); err != nil {
		return fmt.Errorf("de vorige sleutel bewaren als %s.vorige: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".werkpad-secret-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	tmp.Chmod(0o600)
	tmp.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "De nieuwe sleutel staat in %s; de vorige in %s.vorige.\n", path, path)
	return nil
}
