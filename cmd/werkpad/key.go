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

const keySynopsis = `Beheert de sleutel die de burgerservicenummers versleutelt.

  werkpad key check
  werkpad key rotate (--new-key-file BESTAND | env WERKPAD_NEW_SECRET_KEY) [--batch 1000]

check vergelijkt de ingestelde sleutel (WERKPAD_SECRET_KEY of werkpad.secret naast
het SQLite-bestand) met de vingerafdruk in de database.
rotate versleutelt elk BSN opnieuw met de nieuwe sleutel, in batches die elk een eigen
transactie zijn: onderbreken mag, dezelfde opdracht opnieuw gaat verder waar hij was.
Stop werkpad serve tijdens het roteren. Daarna: bij WERKPAD_SECRET_KEY zet u die op de
nieuwe sleutel; bij werkpad.secret schrijft werkpad de nieuwe sleutel in dat bestand
(de vorige blijft als werkpad.secret.vorige).`

func runKey(ctx context.Context, e *env, args []string) error {
	if done, err := groupHelp(e, args, keySynopsis); done {
		return err
	}
	sub := args[0]
	fs := flags(e, "key "+sub, keySynopsis)
	dbURL := dbFlag(fs)
	var newFile *string
	var batch *int
	switch sub {
	case "check":
	case "rotate":
		newFile = fs.String("new-key-file", "", "bestand met de nieuwe sleutel (32 bytes als base64 of 64 hexcijfers); anders env WERKPAD_NEW_SECRET_KEY")
		batch = fs.Int("batch", 1000, "rijen per transactie")
	default:
		return &exitError{2, fmt.Sprintf("werkpad key: onbekende opdracht %q (zie werkpad key --help)", sub)}
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	old, created, err := loadSealer(db)
	if err != nil {
		return err
	}
	if sub == "check" {
		err := db.CheckKey(ctx, old)
		if err != nil && created != "" {
			os.Remove(created)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "De sleutel past bij deze database (vingerafdruk %s).\n", old.Fingerprint()[:12])
		return nil
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
		return &exitError{2, "werkpad key rotate: geef de nieuwe sleutel met --new-key-file of WERKPAD_NEW_SECRET_KEY (maak er een met: openssl rand -base64 32)"}
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
