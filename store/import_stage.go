package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"werkpad"
)

// A large import never stops the service. It runs in three steps:
//
//  1. Check: the caller streams the file and hands the candidates to Check
//     in batches; each batch is checked against the database in one short
//     read transaction (existing BSNs with one IN query, municipalities and
//     consultants from a cache). No write lock is taken, so a dry run is
//     invisible to the running server.
//  2. Stage: with every row good, the caller reads the file again and hands
//     the candidates to Stage in batches. They are sealed and written where
//     nobody else looks: on SQLite into a separate staging file beside the
//     database (its own locks, so the database's write lock is not taken);
//     on PostgreSQL with COPY into temporary tables of the import's own
//     session.
//  3. Commit: one short transaction copies the staged rows into the real
//     tables with INSERT ... SELECT, ids assigned in the transaction
//     (SQLite: after MAX(id); PostgreSQL: reserved from the identity
//     sequence while staging), and appends one audit event for the whole
//     import. Everything is visible at once or, when the process dies or
//     the transaction fails, nothing is.
//
// Leftovers of a killed import are never visible: PostgreSQL drops
// temporary tables with the session; a SQLite staging file is removed by
// CleanImportStaging at the next import or start.

// ImportBatchSize is the number of rows an import checks or stages at a time.
const ImportBatchSize = 1000

// CandidateImport is one import of candidates: check, stage, commit.
type CandidateImport struct {
	db     *DB
	sealer *Sealer
	u      *werkpad.User
	today  werkpad.Date

	municipalities map[string]bool
	consultants    map[int64]error

	staged    int
	stageFile string    // SQLite: the staging file
	stageDB   *sql.DB   // SQLite: the staging file's handle
	conn      *sql.Conn // PostgreSQL: the session that holds the temporary tables
	seqName   string    // PostgreSQL: the identity sequence of candidates
}

// NewCandidateImport starts an import by the user in ctx, who needs the
// write role of casework (consulent); every record must be in his scope.
func NewCandidateImport(ctx context.Context, db *DB, sealer *Sealer) (*CandidateImport, error) {
	u, err := werkpad.RequireRole(ctx, werkpad.RolesWriteCasework...)
	if err != nil {
		return nil, err
	}
	ci := &CandidateImport{db: db, sealer: sealer, u: u, today: werkpad.Today(db.Now()),
		municipalities: map[string]bool{}, consultants: map[int64]error{}}
	err = db.readTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT code FROM municipalities`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				return err
			}
			ci.municipalities[code] = true
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.NewCandidateImport: %w", err)
	}
	return ci, nil
}

// Check checks a batch of candidates against the domain rules and the
// database in one read transaction and returns the bad ones (Index is the
// position in cs). It does not check for duplicates within the file; the
// caller does, over the whole file.
func (ci *CandidateImport) Check(ctx context.Context, cs []*werkpad.Candidate) (RowErrors, error) {
	var bad RowErrors
	hashes := make([]any, 0, len(cs))
	index := make(map[string]int, len(cs))
	for i, c := range cs {
		normaliseCandidate(c)
		err := c.Validate(ci.today)
		if err == nil && (!ci.u.InScope(c.MunicipalityCode) || !ci.municipalities[c.MunicipalityCode]) {
			err = municipalityNotFound()
		}
		if err != nil {
			bad = append(bad, RowError{Index: i, Err: err})
			continue
		}
		h := ci.sealer.Hash(c.BSN)
		hashes = append(hashes, h)
		index[h] = i
	}
	err := ci.db.readTx(ctx, func(tx *Tx) error {
		for i, c := range cs {
			if c.ConsultantID == 0 {
				continue
			}
			err, ok := ci.consultants[c.ConsultantID]
			if !ok {
				err = tx.checkConsultant(ctx, c.ConsultantID)
				if werkpad.ErrorCode(err) == werkpad.EINTERNAL {
					return err
				}
				ci.consultants[c.ConsultantID] = err
			}
			if err != nil {
				bad = append(bad, RowError{Index: i, Err: err})
			}
		}
		if len(hashes) == 0 {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT bsn_hash FROM candidates WHERE bsn_hash IN (`+placeholders(len(hashes))+`)`, hashes...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				return err
			}
			bad = append(bad, RowError{Index: index[h], Err: werkpad.FieldError("bsn", "Er is al een kandidaat met dit burgerservicenummer.")})
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store.CandidateImport.Check: %w", err)
	}
	return bad, nil
}

// stagedPeriod is one row of a dated list: table 0 benefits, 1
// indications, 2 phases.
type stagedPeriod struct {
	table    int
	kind     string
	from, to werkpad.Date
}

func periodsOf(c *werkpad.Candidate) []stagedPeriod {
	// writePeriods sorts by start date; so does the staging.
	cc := *c
	cc.Benefits = append([]werkpad.BenefitPeriod(nil), c.Benefits...)
	cc.Indications = append([]werkpad.Indication(nil), c.Indications...)
	cc.Phases = append([]werkpad.PhasePeriod(nil), c.Phases...)
	sortPeriods(&cc)
	var out []stagedPeriod
	for _, b := range cc.Benefits {
		out = append(out, stagedPeriod{0, string(b.Kind), b.Period.From, b.Period.To})
	}
	for _, ind := range cc.Indications {
		out = append(out, stagedPeriod{1, string(ind.Kind), ind.Period.From, ind.Period.To})
	}
	for _, p := range cc.Phases {
		out = append(out, stagedPeriod{2, string(p.Phase), p.Period.From, p.Period.To})
	}
	return out
}

var periodTables = []struct{ table, kindCol string }{
	{"benefit_periods", "kind"}, {"indications", "kind"}, {"phase_periods", "phase"},
}

// Stage writes a batch of checked candidates where nobody sees them until
// Commit. The candidates must have passed Check.
func (ci *CandidateImport) Stage(ctx context.Context, cs []*werkpad.Candidate) error {
	for _, c := range cs {
		normaliseCandidate(c)
	}
	var err error
	if ci.db.Dialect == Postgres {
		err = ci.stagePostgres(ctx, cs)
	} else {
		err = ci.stageSQLite(ctx, cs)
	}
	if err != nil {
		return fmt.Errorf("store.CandidateImport.Stage: %w", err)
	}
	ci.staged += len(cs)
	return nil
}

// stagingPrefix is the start of the name of every staging file of the
// SQLite database at path; the process id follows.
func stagingPrefix(path string) string { return path + ".import-" }

// CleanImportStaging removes the staging files that imports killed before
// they finished left beside a SQLite database (a running import's file,
// named after its live process, is left alone). PostgreSQL leaves nothing.
func CleanImportStaging(url string) {
	if IsPostgresURL(url) || url == "" {
		return
	}
	matches, _ := filepath.Glob(stagingPrefix(url) + "*")
	for _, m := range matches {
		rest := strings.TrimPrefix(m, stagingPrefix(url))
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err == nil && pid != os.Getpid() && syscall.Kill(pid, 0) == nil {
			continue // that import still runs
		}
		if err == nil && pid == os.Getpid() {
			continue
		}
		os.Remove(m)
	}
}

func (ci *CandidateImport) stageSQLite(ctx context.Context, cs []*werkpad.Candidate) error {
	if ci.stageDB == nil {
		CleanImportStaging(ci.db.URL)
		b := make([]byte, 6)
		rand.Read(b)
		ci.stageFile = stagingPrefix(ci.db.URL) + strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(b)
		sdb, err := sql.Open("sqlite", "file:"+ci.stageFile+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
		if err != nil {
			return err
		}
		sdb.SetMaxOpenConns(1)
		ci.stageDB = sdb
		if _, err := sdb.ExecContext(ctx, `CREATE TABLE cand (seq INTEGER PRIMARY KEY, municipality TEXT, bsn_encrypted TEXT,
			bsn_hash TEXT, bsn_last4 TEXT, given_name TEXT, infix TEXT, surname TEXT, search_given TEXT, search_surname TEXT,
			birth_date TEXT, service_line TEXT, registered_on TEXT, deregistered_on TEXT, consultant_id INTEGER);
			CREATE TABLE period (ord INTEGER PRIMARY KEY, seq INTEGER, tbl INTEGER, municipality TEXT, kind TEXT, from_date TEXT, to_date TEXT)`); err != nil {
			return err
		}
	}
	tx, err := ci.stageDB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	insC, err := tx.PrepareContext(ctx, `INSERT INTO cand VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	insP, err := tx.PrepareContext(ctx, `INSERT INTO period (seq, tbl, municipality, kind, from_date, to_date) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for i, c := range cs {
		seq := ci.staged + i + 1
		if _, err := insC.ExecContext(ctx, seq, c.MunicipalityCode, ci.sealer.Seal(c.BSN), ci.sealer.Hash(c.BSN), c.BSN[len(c.BSN)-4:],
			c.GivenName, c.Infix, c.Surname, strings.ToLower(c.GivenName), strings.ToLower(c.Surname),
			c.BirthDate, string(c.ServiceLine), c.RegisteredOn, c.DeregisteredOn, nullID(c.ConsultantID)); err != nil {
			return err
		}
		for _, p := range periodsOf(c) {
			if _, err := insP.ExecContext(ctx, seq, p.table, c.MunicipalityCode, p.kind, p.from, p.to); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// pgDate is a date for COPY: midnight UTC or NULL.
func pgDate(d werkpad.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}

func (ci *CandidateImport) stagePostgres(ctx context.Context, cs []*werkpad.Candidate) error {
	if ci.conn == nil {
		conn, err := ci.db.db.Conn(ctx)
		if err != nil {
			return err
		}
		ci.conn = conn
		if err := conn.QueryRowContext(ctx, `SELECT pg_get_serial_sequence('candidates', 'id')`).Scan(&ci.seqName); err != nil {
			return err
		}
		// Temporary tables live in this session only and die with it.
		// Ids are taken from the identity sequence now, so nobody else
		// gets them; an import that fails leaves a gap, as a failed
		// insert does.
		if _, err := conn.ExecContext(ctx, `DROP TABLE IF EXISTS pg_temp.import_cand, pg_temp.import_period;
			CREATE TEMPORARY TABLE import_cand (seq BIGINT PRIMARY KEY, id BIGINT NOT NULL DEFAULT nextval('`+ci.seqName+`'),
			municipality TEXT, bsn_encrypted TEXT, bsn_hash TEXT, bsn_last4 TEXT, given_name TEXT, infix TEXT, surname TEXT,
			search_given TEXT, search_surname TEXT, birth_date DATE, service_line TEXT, registered_on DATE, deregistered_on DATE,
			consultant_id BIGINT);
			CREATE TEMPORARY TABLE import_period (ord BIGSERIAL, seq BIGINT, tbl SMALLINT, municipality TEXT, kind TEXT,
			from_date DATE, to_date DATE)`); err != nil {
			return err
		}
	}
	cands := make([][]any, len(cs))
	var periods [][]any
	for i, c := range cs {
		seq := int64(ci.staged + i + 1)
		cands[i] = []any{seq, c.MunicipalityCode, ci.sealer.Seal(c.BSN), ci.sealer.Hash(c.BSN), c.BSN[len(c.BSN)-4:],
			c.GivenName, c.Infix, c.Surname, strings.ToLower(c.GivenName), strings.ToLower(c.Surname),
			pgDate(c.BirthDate), string(c.ServiceLine), pgDate(c.RegisteredOn), pgDate(c.DeregisteredOn), nullInt(c.ConsultantID)}
		for _, p := range periodsOf(c) {
			periods = append(periods, []any{seq, int16(p.table), c.MunicipalityCode, p.kind, pgDate(p.from), pgDate(p.to)})
		}
	}
	return ci.conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		if _, err := pc.CopyFrom(ctx, pgx.Identifier{"import_cand"}, []string{"seq", "municipality", "bsn_encrypted", "bsn_hash",
			"bsn_last4", "given_name", "infix", "surname", "search_given", "search_surname", "birth_date", "service_line",
			"registered_on", "deregistered_on", "consultant_id"}, pgx.CopyFromRows(cands)); err != nil {
			return err
		}
		_, err := pc.CopyFrom(ctx, pgx.Identifier{"import_period"}, []string{"seq", "tbl", "municipality", "kind", "from_date", "to_date"},
			pgx.CopyFromRows(periods))
		return err
	})
}

func nullInt(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ImportResult is what Commit made visible.
type ImportResult struct {
	Count            int
	FirstID, LastID  int64
	AuditID          int64
	CommitDuration   time.Duration
	TransactionStart time.Time
}

// Commit makes every staged candidate visible in one transaction and
// appends one audit event "importeren" for the import, whose detail names
// the source (for example the file's SHA-256) and the id range. A BSN
// that someone else stored since Check makes it fail as a whole.
func (ci *CandidateImport) Commit(ctx context.Context, source string) (*ImportResult, error) {
	res, err := ci.commit(ctx, source)
	if err != nil {
		return nil, fmt.Errorf("store.CandidateImport.Commit: %w", unavailable(err))
	}
	return res, ci.Close()
}

func (ci *CandidateImport) commit(ctx context.Context, source string) (*ImportResult, error) {
	if ci.staged == 0 {
		return &ImportResult{}, nil
	}
	conn := ci.conn
	if ci.db.Dialect == SQLite {
		if err := ci.stageDB.Close(); err != nil {
			return nil, err
		}
		ci.stageDB = nil
		c, err := ci.db.db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		if _, err := c.ExecContext(ctx, `ATTACH DATABASE ? AS stg`, ci.stageFile); err != nil {
			return nil, err
		}
		defer c.ExecContext(context.Background(), `DETACH DATABASE stg`)
		// A large page cache for this connection while it fills the
		// indexes: the transaction holds the write lock, so its length is
		// what the service feels. Back to the default afterwards.
		if _, err := c.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
			return nil, err
		}
		defer c.ExecContext(context.Background(), `PRAGMA cache_size = -2000`)
		conn = c
	}
	var imported []int64
	start := time.Now()
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	tx := &Tx{tx: stx, db: ci.db, now: ci.db.Now().UTC().Truncate(time.Microsecond)}
	defer tx.Rollback()
	res := &ImportResult{Count: ci.staged, TransactionStart: tx.now}
	const cols = `municipality, bsn_encrypted, bsn_hash, bsn_last4, given_name, infix, surname, search_given, search_surname,
		birth_date, service_line, registered_on, deregistered_on, consultant_id`
	if ci.db.Dialect == SQLite {
		var base int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM candidates`).Scan(&base); err != nil {
			return nil, err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO candidates (id, `+cols+`, created_at, updated_at)
			SELECT ? + seq, `+cols+`, ?, ? FROM stg.cand ORDER BY seq`, base, tx.now, tx.now)
		if isUniqueViolation(err) {
			return nil, errImportDuplicate
		} else if err != nil {
			return nil, err
		}
		for i, t := range periodTables {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.table+` (candidate_id, municipality, `+t.kindCol+`, from_date, to_date)
				SELECT ? + seq, municipality, kind, from_date, to_date FROM stg.period WHERE tbl = ? ORDER BY ord`, base, i); err != nil {
				return nil, err
			}
		}
		res.FirstID, res.LastID = base+1, base+int64(ci.staged)
	} else {
		_, err := tx.ExecContext(ctx, `INSERT INTO candidates (id, `+cols+`, created_at, updated_at)
			SELECT id, `+cols+`, ?, ? FROM pg_temp.import_cand ORDER BY seq`, tx.now, tx.now)
		if isUniqueViolation(err) {
			return nil, errImportDuplicate
		} else if err != nil {
			return nil, err
		}
		for i, t := range periodTables {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.table+` (candidate_id, municipality, `+t.kindCol+`, from_date, to_date)
				SELECT c.id, p.municipality, p.kind, p.from_date, p.to_date FROM pg_temp.import_period p
				JOIN pg_temp.import_cand c ON c.seq = p.seq WHERE p.tbl = ? ORDER BY p.ord`, i); err != nil {
				return nil, err
			}
		}
		if err := tx.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM pg_temp.import_cand`).Scan(&res.FirstID, &res.LastID); err != nil {
			return nil, err
		}
		// The people imported, for the Logboek of the command (the ids
		// need not be one unbroken range on PostgreSQL).
		if werkpad.CollectsProcessing(ctx) {
			rows, err := tx.QueryContext(ctx, `SELECT id FROM pg_temp.import_cand ORDER BY seq`)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return nil, err
				}
				imported = append(imported, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	// The audit event last: on PostgreSQL its lock serialises every
	// audited write, so it is held only for the end of the transaction.
	detail := fmt.Sprintf("import %d kandidaten, id %d t/m %d, bron %s", ci.staged, res.FirstID, res.LastID, source)
	if err := tx.audit(ctx, "importeren", "kandidaat", fmt.Sprintf("%d-%d", res.FirstID, res.LastID), auditScope(ci.u), detail); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	res.CommitDuration = time.Since(start)
	if imported == nil && werkpad.CollectsProcessing(ctx) {
		for id := res.FirstID; id <= res.LastID && id > 0; id++ {
			imported = append(imported, id)
		}
	}
	werkpad.Processed(ctx, werkpad.SubjectCandidate, imported...)
	ci.staged = 0
	return res, nil
}

var errImportDuplicate = werkpad.Errorf(werkpad.ECONFLICT,
	"Sinds de controle is een kandidaat met een van deze burgerservicenummers opgeslagen; niets geïmporteerd. Draai de import opnieuw om de regel te zien.")

// Close ends the import; staged rows that were not committed are dropped.
func (ci *CandidateImport) Close() error {
	var errs []error
	if ci.stageDB != nil {
		errs = append(errs, ci.stageDB.Close())
		ci.stageDB = nil
	}
	if ci.stageFile != "" {
		if err := os.Remove(ci.stageFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
		ci.stageFile = ""
	}
	if ci.conn != nil {
		ci.conn.ExecContext(context.Background(), `DROP TABLE IF EXISTS pg_temp.import_cand, pg_temp.import_period`)
		errs = append(errs, ci.conn.Close())
		ci.conn = nil
	}
	return errors.Join(errs...)
}

// auditScope is the municipality of an import's audit event: the one
// municipality the importer is limited to, or "" for the region.
func auditScope(u *werkpad.User) string {
	if len(u.Municipalities) == 1 {
		return u.Municipalities[0]
	}
	return ""
}
