package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"werkpad/store"
)

const backupHelp = `Maakt een back-up van de database terwijl werkpad blijft draaien.

SQLite: een volledige, consistente kopie (één bestand, VACUUM INTO), daarna gecontroleerd:
integriteit, de hashketen van het auditlog en de sleutel.
PostgreSQL: pg_dump in het custom-formaat (pg_dump moet geïnstalleerd zijn, Debian-pakket
postgresql-client); terugzetten met werkpad restore of pg_restore.

De sleutel van de BSN's (werkpad.secret of WERKPAD_SECRET_KEY) zit NIET in de back-up:
bewaar hem apart, in de kluis van de organisatie. Zonder die sleutel is een back-up
onbruikbaar; met de sleutel naast de back-up is een gestolen back-up leesbaar.`

const restoreHelp = `Zet een back-up terug en controleert hem voordat hij gebruikt wordt: integriteit,
de hashketen van het auditlog en of de ingestelde sleutel (WERKPAD_SECRET_KEY, of
werkpad.secret naast de doeldatabase) bij de back-up past. Bij een fout blijft de
bestaande database onaangeroerd.

SQLite: --database-url is het doelbestand. Bestaat dat al, dan is --force nodig; het oude
bestand blijft dan bewaard als BESTAND.voor-herstel-JJJJMMDDUUMMSS.
PostgreSQL: de doeldatabase moet leeg zijn; pg_restore zet de dump terug in één transactie.
Stop werkpad serve voordat u terugzet.`

func runBackup(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "backup")
	dbURL := dbFlag(fs)
	output := fs.String("output", "", "bestand voor de back-up (verplicht; mag nog niet bestaan)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *output == "" {
		return usageError("backup", "--output is verplicht")
	}
	if _, err := os.Stat(*output); err == nil {
		return fmt.Errorf("%s bestaat al; kies een nieuwe naam voor de back-up", *output)
	}
	start := time.Now()
	if store.IsPostgresURL(*dbURL) {
		out, err := runPG(ctx, "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", *output, *dbURL)
		if err != nil {
			os.Remove(*output)
			return fmt.Errorf("pg_dump: %v: %s", err, out)
		}
		fmt.Fprintf(e.stdout, "Back-up geschreven: %s (%s, pg_dump, %.1f s).\n", *output, size(*output), time.Since(start).Seconds())
		fmt.Fprintln(e.stdout, "Bewaar WERKPAD_SECRET_KEY apart van de back-up; zonder die sleutel is hij onbruikbaar.")
		return nil
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
	if err := db.Backup(ctx, *output); err != nil {
		return err
	}
	copyDB, err := store.Open(ctx, *output)
	if err != nil {
		return err
	}
	checked, err := copyDB.Verify(ctx, sealer)
	copyDB.Close()
	removeWAL(*output)
	if err != nil {
		return fmt.Errorf("de back-up %s is niet goed: %w", *output, err)
	}
	fmt.Fprintf(e.stdout, "Back-up geschreven en gecontroleerd: %s (%s, auditlog intact: %d regels, %.1f s).\n",
		*output, size(*output), checked, time.Since(start).Seconds())
	fmt.Fprintf(e.stdout, "Bewaar de sleutel (%s) apart van de back-up; zonder die sleutel is hij onbruikbaar.\n", keyLocation(db))
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "restore")
	dbURL := dbFlag(fs)
	from := fs.String("from", "", "de back-up (verplicht): een SQLite-bestand of een pg_dump-bestand")
	force := fs.Bool("force", false, "SQLite: vervang een bestaand doelbestand (het oude blijft bewaard)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usageError("restore", "--from is verplicht")
	}
	head := make([]byte, 16)
	f, err := os.Open(*from)
	if err != nil {
		return err
	}
	io.ReadFull(f, head)
	f.Close()
	isPGDump := bytes.HasPrefix(head, []byte("PGDMP"))
	isSQLite := bytes.HasPrefix(head, []byte("SQLite format 3\x00"))
	switch {
	case store.IsPostgresURL(*dbURL) && isPGDump:
		return restorePostgres(ctx, e, *from, *dbURL)
	case !store.IsPostgresURL(*dbURL) && isSQLite:
		return restoreSQLite(ctx, e, *from, *dbURL, *force)
	case isPGDump:
		return fmt.Errorf("%s is een PostgreSQL-dump; geef een postgres://-URL als --database-url", *from)
	case isSQLite:
		return fmt.Errorf("%s is een SQLite-back-up; geef een bestand als --database-url (of gebruik werkpad export/import om naar PostgreSQL over te gaan)", *from)
	}
	return fmt.Errorf("%s is geen werkpad-back-up (geen SQLite-bestand en geen pg_dump-bestand)", *from)
}

func restoreSQLite(ctx context.Context, e *env, from, target string, force bool) error {
	if _, err := os.Stat(target); err == nil && !force {
		return fmt.Errorf("%s bestaat al; gebruik --force om het te vervangen (het oude blijft bewaard)", store.Location(target))
	}
	tmp := target + ".herstel"
	os.Remove(tmp)
	if err := copyFile(from, tmp); err != nil {
		return err
	}
	defer func() { os.Remove(tmp); removeWAL(tmp) }()
	db, err := store.Open(ctx, tmp)
	if err != nil {
		return err
	}
	sealer, created, err := loadSealer(db)
	if err == nil && created != "" {
		os.Remove(created)
		err = fmt.Errorf("er staat geen sleutel naast %s: zet eerst werkpad.secret uit dezelfde back-up terug (of zet WERKPAD_SECRET_KEY)", store.Location(target))
	}
	if err != nil {
		db.Close()
		return err
	}
	checked, err := db.Verify(ctx, sealer)
	db.Close()
	removeWAL(tmp)
	if err != nil {
		return fmt.Errorf("de back-up is niet teruggezet: %w", err)
	}
	if _, err := os.Stat(target); err == nil {
		old := target + ".voor-herstel-" + time.Now().Format("20060102150405")
		if err := os.Rename(target, old); err != nil {
			return err
		}
		for _, ext := range []string{"-wal", "-shm"} {
			os.Rename(target+ext, old+ext)
		}
		fmt.Fprintf(e.stdout, "De vorige database staat nu in %s.\n", old)
	}
	if err := os.Rename(tmp, target); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Teruggezet en gecontroleerd: %s (auditlog intact: %d regels, de sleutel past).\n", store.Location(target), checked)
	return nil
}

func restorePostgres(ctx context.Context, e *env, from, target string) error {
	db, err := store.Open(ctx, target)
	if err != nil {
		return err
	}
	empty, err := db.IsEmpty(ctx)
	db.Close()
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("%s is niet leeg; zet een back-up alleen terug in een lege database", store.Location(target))
	}
	if out, err := runPG(ctx, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", target, from); err != nil {
		return fmt.Errorf("pg_restore: %v: %s", err, out)
	}
	db, err = store.Open(ctx, target)
	if err != nil {
		return err
	}
	defer db.Close()
	sealer, _, err := loadSealer(db)
	if err != nil {
		return err
	}
	checked, err := db.Verify(ctx, sealer)
	if err != nil {
		return fmt.Errorf("teruggezet in %s, maar de controle faalt (werkpad start er niet op): %w", store.Location(target), err)
	}
	fmt.Fprintf(e.stdout, "Teruggezet en gecontroleerd: %s (auditlog intact: %d regels, de sleutel past).\n", store.Location(target), checked)
	return nil
}

// runPG runs a PostgreSQL client program from PATH or the Debian
// installation directory.
func runPG(ctx context.Context, name string, args ...string) (string, error) {
	bin, err := exec.LookPath(name)
	if err != nil {
		matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
		if len(matches) == 0 {
			return "", fmt.Errorf("%s niet gevonden; installeer het Debian-pakket postgresql-client", name)
		}
		bin = matches[len(matches)-1]
	}
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func removeWAL(path string) {
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
}

func size(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%.1f MB", float64(fi.Size())/(1<<20))
}

func keyLocation(db *store.DB) string {
	if os.Getenv("WERKPAD_SECRET_KEY") != "" || db.Dialect == store.Postgres {
		return "WERKPAD_SECRET_KEY"
	}
	return store.KeyFilePath(db.URL)
}
