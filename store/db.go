package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	neturl "net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers "sqlite"

	"werkpad"
)

//go:embed migrations
var migrations embed.FS

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the database handle shared by all services.
type DB struct {
	db      *sql.DB
	Dialect Dialect
	URL     string

	// Now is the clock; tests replace it.
	Now func() time.Time
}

// IsPostgresURL reports whether url selects PostgreSQL rather than a SQLite file.
func IsPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Open connects to url: a postgres:// URL or a SQLite file path. It does not
// migrate; call Migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	d := &DB{URL: url, Now: func() time.Time { return time.Now().UTC() }}
	var err error
	if IsPostgresURL(url) {
		d.Dialect = Postgres
		d.db, err = sql.Open("pgx", url)
		if err == nil {
			d.db.SetMaxOpenConns(20)
			d.db.SetMaxIdleConns(10)
			d.db.SetConnMaxIdleTime(5 * time.Minute)
		}
	} else {
		if url == "" {
			return nil, werkpad.Errorf(werkpad.EINVALID, "Er is geen database opgegeven.")
		}
		d.Dialect = SQLite
		// Write transactions start IMMEDIATE so that two writers queue on the
		// busy timeout instead of failing on lock upgrade. The timeout is
		// longer than the one write that may hold the lock for seconds: an
		// import makes its staged rows visible in one transaction (18,6 s
		// for 400.000 candidates), and with 10 s the Logboek record of a
		// read during it failed, so the read was refused (503). A request
		// then waits for the import instead.
		dsn := "file:" + url + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
			"&_pragma=busy_timeout(30000)&_pragma=synchronous(NORMAL)&_txlock=immediate" +
			// Reads through a memory map instead of read(2): the regional
			// indicator queries read hundreds of thousands of index entries.
			"&_pragma=mmap_size(2147483648)"
		d.db, err = sql.Open("sqlite", dsn)
		if err == nil {
			d.db.SetMaxOpenConns(4)
			// All four stay open between requests: a new connection
			// parses the schema, loads the statistics and maps the file
			// again, and a report (three reads side by side) found only
			// database/sql's default of two idle ones. The region's JSON
			// report at scale 100, back to back: 2,5–3,4 s with two kept,
			// 2,2–2,5 s with four.
			d.db.SetMaxIdleConns(4)
			d.db.SetConnMaxLifetime(sqliteConnLifetime)
		}
	}
	if err != nil {
		return nil, openError(url, err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.db.PingContext(pctx); err != nil {
		d.db.Close()
		return nil, openError(url, err)
	}
	return d, nil
}

// sqliteConnLifetime bounds how long a SQLite connection is reused: a
// connection loads the planner statistics when it opens, so statistics
// that Optimize refreshed reach every connection within this time.
const sqliteConnLifetime = time.Hour

// OpenExisting opens url like Open, but only a werkpad database that is
// already there: a missing SQLite file (which Open would create) or a
// database without werkpad's schema is ENOTFOUND, naming where it looked.
// It does not migrate.
func OpenExisting(ctx context.Context, url string) (*DB, error) {
	notWerkpad := werkpad.Errorf(werkpad.ENOTFOUND, "Er is geen werkpad-database in %s: de database is leeg of van een ander programma.", Location(url))
	if !IsPostgresURL(url) && url != "" {
		if _, err := os.Stat(url); errors.Is(err, fs.ErrNotExist) {
			return nil, werkpad.Errorf(werkpad.ENOTFOUND, "Er is geen database in %s: dat bestand bestaat niet.", Location(url))
		}
		// Look read-only first: opening for writing would turn any file
		// into a SQLite database in WAL mode.
		ro, err := sql.Open("sqlite", "file:"+url+"?mode=ro")
		if err != nil {
			return nil, openError(url, err)
		}
		ok, err := hasSchema(ctx, ro, SQLite)
		ro.Close()
		if err != nil || !ok {
			return nil, notWerkpad
		}
	}
	d, err := Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if ok, err := hasSchema(ctx, d.db, d.Dialect); err != nil || !ok {
		d.Close()
		if err != nil {
			return nil, openError(url, err)
		}
		return nil, notWerkpad
	}
	return d, nil
}

// hasSchema reports whether db holds werkpad's migration table.
func hasSchema(ctx context.Context, db *sql.DB, dialect Dialect) (bool, error) {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'`
	if dialect == Postgres {
		q = `SELECT COUNT(*) FROM (SELECT to_regclass('goose_db_version') AS t) x WHERE t IS NOT NULL`
	}
	var n int
	err := db.QueryRowContext(ctx, q).Scan(&n)
	return n > 0, err
}

// Location describes where url points, for messages: the absolute path of
// a SQLite file, or the PostgreSQL host, database and schema (never the
// password).
func Location(url string) string {
	if !IsPostgresURL(url) {
		if abs, err := filepath.Abs(url); err == nil {
			return abs
		}
		return url
	}
	u, err := neturl.Parse(url)
	if err != nil {
		return "PostgreSQL (ongeldige URL)"
	}
	s := "PostgreSQL " + u.Host + u.Path
	if sp := u.Query().Get("search_path"); sp != "" {
		s += " (schema " + sp + ")"
	}
	return s
}

// openError turns a driver's failure to open or reach a database into a
// Dutch message that says where werkpad looked and what went wrong.
func openError(url string, err error) error {
	where := Location(url)
	if !IsPostgresURL(url) {
		dir := filepath.Dir(where)
		if st, serr := os.Stat(dir); serr != nil {
			return werkpad.Errorf(werkpad.EINVALID, "Kan de database %s niet openen: de map %s bestaat niet.", where, dir)
		} else if !st.IsDir() {
			return werkpad.Errorf(werkpad.EINVALID, "Kan de database %s niet openen: %s is geen map.", where, dir)
		}
		if st, serr := os.Stat(where); serr == nil && st.IsDir() {
			return werkpad.Errorf(werkpad.EINVALID, "Kan de database %s niet openen: dat is een map, geen bestand.", where)
		}
		return werkpad.Errorf(werkpad.EINVALID, "Kan de database %s niet openen: geen schrijfrechten, of het is geen SQLite-bestand.", where)
	}
	msg := err.Error()
	reason := "de verbinding mislukt"
	switch {
	case strings.Contains(msg, "connection refused"):
		reason = "de server weigert de verbinding (draait PostgreSQL op dat adres?)"
	case strings.Contains(msg, "password authentication failed"), strings.Contains(msg, "SQLSTATE 28"):
		reason = "aanmelden geweigerd (gebruiker of wachtwoord klopt niet)"
	case strings.Contains(msg, "SQLSTATE 3D000"), strings.Contains(msg, "does not exist"):
		reason = "die database bestaat niet"
	case strings.Contains(msg, "no such host"):
		reason = "de host is onbekend"
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(msg, "timeout"):
		reason = "geen antwoord binnen 10 seconden"
	case strings.Contains(msg, "cannot parse"), strings.Contains(msg, "invalid"):
		reason = "de URL is ongeldig"
	}
	return werkpad.Errorf(werkpad.EINVALID, "Kan %s niet bereiken: %s.", where, reason)
}

// Close closes the connection pool.
func (d *DB) Close() error { return d.db.Close() }

// SQL exposes the pool for health checks and pool metrics.
func (d *DB) SQL() *sql.DB { return d.db }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.db.PingContext(ctx) }

// migrationFiles are the migrations of dialect, a folder each.
func migrationFiles(dialect Dialect) (fs.FS, error) {
	return fs.Sub(migrations, "migrations/"+string(dialect))
}

// migrationProvider returns the goose provider of the dialect's migrations.
func (d *DB) migrationProvider() (*goose.Provider, error) {
	sub, err := migrationFiles(d.Dialect)
	if err != nil {
		return nil, err
	}
	gd := goose.DialectSQLite3
	if d.Dialect == Postgres {
		gd = goose.DialectPostgres
	}
	// Out of order: a migration numbered below the current version (00008,
	// added after 00010) is still applied to an existing database.
	return goose.NewProvider(gd, d.db, sub, goose.WithLogger(goose.NopLogger()), goose.WithAllowOutofOrder(true))
}

// Migrate applies every pending migration of the dialect.
func (d *DB) Migrate(ctx context.Context) error { return d.MigrateUpTo(ctx, 0) }

// MigrateUpTo applies the pending migrations up to and including version
// (0: all). Tests use it to build a database as an older release left it.
func (d *DB) MigrateUpTo(ctx context.Context, version int64) error {
	p, err := d.migrationProvider()
	if err != nil {
		return fmt.Errorf("store.Migrate: %w", err)
	}
	var res []*goose.MigrationResult
	if version == 0 {
		res, err = p.Up(ctx)
	} else {
		res, err = p.UpTo(ctx, version)
	}
	if err != nil {
		return fmt.Errorf("store.Migrate: %w", err)
	}
	for _, r := range res {
		slog.Debug("migratie toegepast", "versie", r.Source.Version, "bestand", r.Source.Path, "duur", r.Duration)
	}
	return nil
}

// MigrationVersion returns the current schema version.
func (d *DB) MigrationVersion(ctx context.Context) (int64, error) {
	var v int64
	err := d.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v, err
}

// rebind turns ? placeholders into $1.. for PostgreSQL. Queries never contain
// a literal question mark.
func (d *DB) rebind(q string) string {
	if d.Dialect != Postgres {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Tx wraps a transaction with the dialect's placeholder rebinding and the
// time at which it began, used for every timestamp it writes.
type Tx struct {
	tx  *sql.Tx
	db  *DB
	now time.Time
}

// BeginTx starts a transaction.
func (d *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, db: d, now: d.Now().UTC().Truncate(time.Microsecond)}, nil
}

func (tx *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.rebind(q), args...)
}

func (tx *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.rebind(q), args...)
}

func (tx *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.rebind(q), args...)
}

func (tx *Tx) Commit() error   { return tx.tx.Commit() }
func (tx *Tx) Rollback() error { return tx.tx.Rollback() }

// inTx runs fn in a transaction and commits when fn returns nil.
func (d *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return unavailable(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return unavailable(err)
	}
	return unavailable(tx.Commit())
}

// readTx runs fn in a read-only transaction: on SQLite a deferred one, so
// that readers do not queue behind writers. On PostgreSQL its queries run
// without parallel workers, as a report's do (snapshot): a page's read is
// short, and starting workers cost more than they share out on a server
// whose cores serve many users at once (the total of the region's 655.100
// candidates for the unfiltered list: 62–70 ms with two workers, 24 ms
// without). SET LOCAL ends with the transaction (PgBouncer).
func (d *DB) readTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := d.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if d.Dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT `+noParallelWorkers); err != nil {
			return err
		}
	}
	return fn(tx)
}

// noParallelWorkers turns PostgreSQL's parallel workers off for the rest of
// the transaction (SET LOCAL), for readTx and snapshot alike.
const noParallelWorkers = `set_config('max_parallel_workers_per_gather', '0', true)`

// insertID inserts a row and returns its generated id (both dialects support
// RETURNING).
func (tx *Tx) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// isUniqueViolation reports whether err is a unique-constraint failure.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// notFound maps sql.ErrNoRows to the domain's ENOTFOUND.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return werkpadNotFound(what)
	}
	return err
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// MigrationsDigest is a hex SHA-256 over dialect's migration files, names
// and contents: two schemas built from the same digest are the same. Tests
// key their migrated template databases by it.
func MigrationsDigest(dialect Dialect) (string, error) {
	sub, err := migrationFiles(dialect)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	err = fs.WalkDir(sub, ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
