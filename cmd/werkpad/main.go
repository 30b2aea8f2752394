package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"werkpad"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if code := checkToolchain(runtime.Version(), os.Stderr); code != 0 {
		os.Exit(code)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// checkToolchain refuses (exit 1, one Dutch line) a binary built with a Go
// older than the toolchain go.mod pins.
func checkToolchain(goVersion string, stderr io.Writer) int {
	if err := werkpad.CheckGoVersion(goVersion); err != nil {
		fmt.Fprintln(stderr, "werkpad: "+werkpad.ErrorMessage(err))
		return 1
	}
	return 0
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// dbFlag registers --database-url on fs.
func dbFlag(fs *cmdFlags) *string {
	return fs.String("database-url", envOr("WERKPAD_DATABASE_URL", "werkpad.db"),
		"database: postgres://... voor PostgreSQL, anders een SQLite-bestand (env WERKPAD_DATABASE_URL, standaard werkpad.db)")
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "version")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "werkpad", version)
	return nil
}

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "migrate")
	dbURL := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.MigrationVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Databaseschema (%s) is bijgewerkt tot versie %d.\n", db.Dialect, v)
	return nil
}

func newLogger(w io.Writer) *slog.Logger {
	var h slog.Handler
	if os.Getenv("WERKPAD_LOG_FORMAT") == "json" {
		h = slog.NewJSONHandler(w, nil)
	} else {
		h = slog.NewTextHandler(w, nil)
	}
	return slog.New(h)
}
