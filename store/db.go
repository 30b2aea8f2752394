package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers "sqlite"
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
			return nil, fmt.Errorf("store.Open: empty database path")
		}
		d.Dialect = SQLite
		// Write transactions start IMMEDIATE so that two writers queue on the
		// busy timeout instead of failing on lock upgrade.
		dsn := "file:" + url + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
			"&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate" +
			// Reads through a memory map instead of read(2): the regional
			// indicator queries read hundreds of thousands of index entries.
			"&_pragma=mmap_size(2147483648)"
		d.db, err = sql.Open("sqlite", dsn)
		if err == nil {
			d.db.SetMaxOpenConns(4)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.db.PingContext(pctx); err != nil {
		d.db.Close()
		return nil, fmt.Errorf("store.Open: cannot reach database: %w", err)
	}
	return d, nil
}

// Close closes the connection pool.
func (d *DB) Close() error { return d.db.Close() }

// SQL exposes the pool for health checks and pool metrics.
func (d *DB) SQL() *sql.DB { return d.db }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.db.PingContext(ctx) }

// Migrate applies every pending migration of the dialect.
func (d *DB) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(d.Dialect))
	if err != nil {
		return err
	}
	gd := goose.DialectSQLite3
	if d.Dialect == Postgres {
		gd = goose.DialectPostgres
	}
	// Out of order: a migration numbered below the current version (00008,
	// added after 00010) is still applied to an existing database.
	p, err := goose.NewProvider(gd, d.db, sub, goose.WithLogger(goose.NopLogger()), goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("store.Migrate: %w", err)
	}
	res, err := p.Up(ctx)
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
// that readers do not queue behind writers.
func (d *DB) readTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := d.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

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
