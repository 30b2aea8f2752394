package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"werkpad"
)

// BulkLoader writes generated records (the demo region) in large
// multi-row INSERTs with prepared statements inside one transaction,
// bypassing the per-row services: no validation, no audit row per record.
// It writes the same columns as the services (the BSN sealed, hashed and
// its last four digits) and assigns ids itself, so that the caller can
// link records before they are written. Only for loading an empty
// database from a trusted generator; the caller validates.
type BulkLoader struct {
	db      *DB
	sealer  *Sealer
	ctx     context.Context
	tx      *Tx
	stamp   time.Time
	tables  []*batch
	nextID  map[string]int64
	counted map[string]int64
	closed  bool
}

// batch buffers the rows of one table and flushes them with a prepared
// multi-row INSERT.
type batch struct {
	table   string
	columns []string
	perStmt int
	rows    []any
	n       int
	stmt    *sql.Stmt
}

// maxBindVars stays under SQLite's limit of 32766 bound variables per
// statement (PostgreSQL allows 65535).
const maxBindVars = 30000

var bulkTables = []struct {
	name    string
	columns string
}{
	{"candidates", "id, municipality, bsn_encrypted, bsn_hash, bsn_last4, given_name, infix, surname, search_given, search_surname, birth_date, service_line, registered_on, deregistered_on, consultant_id, created_at, updated_at"},
	{"candidate_history", "candidate_id, attribute, value, from_date, to_date, recorded_at"},
	{"benefit_periods", "candidate_id, municipality, kind, from_date, to_date"},
	{"indications", "candidate_id, municipality, kind, from_date, to_date"},
	{"phase_periods", "candidate_id, municipality, phase, from_date, to_date"},
	{"enrolments", "id, candidate_id, municipality, instrument_code, from_date, to_date, result, wwb_minutes_per_week, wwb_host, wwb_to_paid_work, ownw_dayparts, ownw_provider, ownw_outcome, created_at, updated_at"},
	{"placements", "id, candidate_id, municipality, employer_name, employer_id, start_date, end_date, contract_minutes_per_week, contract_type, wage_subsidy, wage_value_bp, reassess_on, secondment_job, sheltered, created_at, updated_at"},
	{"exits", "id, candidate_id, municipality, exit_date, reason, placement_id, created_at"},
	{"sw_employees", "id, municipality, candidate_id, se_thousandths, werkvorm, start_date, end_date, personnel_number, created_at"},
	{"sw_werkvorm_periods", "sw_employee_id, municipality, werkvorm, from_date, to_date"},
	{"sw_se_periods", "sw_employee_id, municipality, se_thousandths, from_date, to_date"},
	{"sw_status_periods", "sw_employee_id, municipality, status, from_date, to_date"},
	{"sw_sick_leave", "sw_employee_id, municipality, from_date, to_date, percent, created_at"},
	{"sheltered_indications", "municipality, candidate_id, indicated_on, created_at"},
	{"sheltered_employments", "municipality, candidate_id, start_date, end_date, created_at"},
	{"survey_invitations", "id, token_hash, candidate_id, municipality, service_line, occasion, occasion_id, invited_on, expires_on, answered_on, created_at"},
	{"survey_responses", "id, municipality, service_line, occasion, invited_on, answered_on"},
	{"survey_answers", "response_id, question_code, score, answer_text"},
}

// NewBulkLoader starts a load. stamp is written as created_at/updated_at
// of every record, so that a generated database is reproducible.
func (d *DB) NewBulkLoader(ctx context.Context, sealer *Sealer, stamp time.Time) (*BulkLoader, error) {
	l := &BulkLoader{db: d, sealer: sealer, ctx: ctx, stamp: stamp.UTC(), nextID: map[string]int64{}, counted: map[string]int64{}}
	for _, t := range []string{"candidates", "enrolments", "placements", "exits", "sw_employees", "survey_invitations", "survey_responses"} {
		var max sql.NullInt64
		if err := d.db.QueryRowContext(ctx, `SELECT MAX(id) FROM `+t).Scan(&max); err != nil {
			return nil, fmt.Errorf("store.NewBulkLoader: %w", err)
		}
		l.nextID[t] = max.Int64 + 1
	}
	if err := l.begin(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *BulkLoader) begin() error {
	tx, err := l.db.BeginTx(l.ctx, nil)
	if err != nil {
		return fmt.Errorf("store.BulkLoader: %w", err)
	}
	l.tx = tx
	if l.db.Dialect == SQLite {
		// A larger page cache for this connection: index inserts at scale
		// 100 otherwise spend their time in the operating system.
		if _, err := tx.ExecContext(l.ctx, `PRAGMA cache_size = -262144`); err != nil {
			return fmt.Errorf("store.BulkLoader: %w", err)
		}
	}
	l.tables = l.tables[:0]
	for _, t := range bulkTables {
		cols := strings.Split(t.columns, ", ")
		l.tables = append(l.tables, &batch{table: t.name, columns: cols, perStmt: min(1000, maxBindVars/len(cols))})
	}
	return nil
}

func (l *BulkLoader) table(name string) *batch {
	for _, b := range l.tables {
		if b.table == name {
			return b
		}
	}
	panic("store.BulkLoader: unknown table " + name)
}

func (l *BulkLoader) id(table string) int64 {
	id := l.nextID[table]
	l.nextID[table]++
	return id
}

// add buffers one row and flushes a full batch.
func (l *BulkLoader) add(table string, vals ...any) error {
	b := l.table(table)
	if len(vals) != len(b.columns) {
		panic(fmt.Sprintf("store.BulkLoader: %s: %d values for %d columns", table, len(vals), len(b.columns)))
	}
	b.rows = append(b.rows, vals...)
	b.n++
	l.counted[table]++
	if b.n < b.perStmt {
		return nil
	}
	// Rows refer to rows of the tables before them (bulkTables is in
	// dependency order), so those are written first.
	for _, t := range l.tables {
		if err := l.flush(t); err != nil {
			return err
		}
		if t == b {
			break
		}
	}
	return nil
}

func (l *BulkLoader) insertSQL(b *batch, n int) string {
	row := "(" + placeholders(len(b.columns)) + ")"
	return l.db.rebind(`INSERT INTO ` + b.table + ` (` + strings.Join(b.columns, ", ") + `) VALUES ` +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", "))
}

func (l *BulkLoader) flush(b *batch) error {
	if b.n == 0 {
		return nil
	}
	var err error
	if b.n == b.perStmt {
		if b.stmt == nil {
			if b.stmt, err = l.tx.tx.PrepareContext(l.ctx, l.insertSQL(b, b.n)); err != nil {
				return fmt.Errorf("store.BulkLoader: prepare %s: %w", b.table, err)
			}
		}
		_, err = b.stmt.ExecContext(l.ctx, b.rows...)
	} else {
		_, err = l.tx.tx.ExecContext(l.ctx, l.insertSQL(b, b.n), b.rows...)
	}
	if err != nil {
		return fmt.Errorf("store.BulkLoader: insert %s: %w", b.table, err)
	}
	b.rows, b.n = b.rows[:0], 0
	return nil
}

// AddCandidate assigns c.ID and buffers c with its dated lists. The BSN
// must be valid (werkpad.ParseBSN form).
func (l *BulkLoader) AddCandidate(c *werkpad.Candidate) error {
	c.ID = l.id("candidates")
	c.CreatedAt, c.UpdatedAt = l.stamp, l.stamp
	if err := l.add("candidates", c.ID, c.MunicipalityCode, l.sealer.Seal(c.BSN), l.sealer.Hash(c.BSN), c.BSN[len(c.BSN)-4:],
		c.GivenName, c.Infix, c.Surname, strings.ToLower(c.GivenName), strings.ToLower(c.Surname),
		c.BirthDate, string(c.ServiceLine), c.RegisteredOn, c.DeregisteredOn, nullID(c.ConsultantID), l.stamp, l.stamp); err != nil {
		return err
	}
	// The dated attributes: c.History when the generator gives one, else
	// the first periods as CreateCandidate writes them (insertHistory).
	history := c.History
	if len(history) == 0 {
		history = []werkpad.AttributePeriod{
			{Attribute: werkpad.HistoryMunicipality, Value: c.MunicipalityCode, Period: werkpad.Period{From: c.BirthDate}},
			{Attribute: werkpad.HistoryServiceLine, Value: string(c.ServiceLine), Period: werkpad.Period{From: c.RegisteredOn}},
		}
		if c.ConsultantID != 0 {
			history = append(history, werkpad.AttributePeriod{Attribute: werkpad.HistoryConsultant, Value: consultantValue(c.ConsultantID), Period: werkpad.Period{From: c.RegisteredOn}})
		}
	}
	for _, h := range history {
		if err := l.add("candidate_history", c.ID, string(h.Attribute), h.Value, h.Period.From, h.Period.To, l.stamp); err != nil {
			return err
		}
	}
	for _, b := range c.Benefits {
		if err := l.add("benefit_periods", c.ID, c.MunicipalityCode, string(b.Kind), b.Period.From, b.Period.To); err != nil {
			return err
		}
	}
	for _, ind := range c.Indications {
		if err := l.add("indications", c.ID, c.MunicipalityCode, string(ind.Kind), ind.Period.From, ind.Period.To); err != nil {
			return err
		}
	}
	for _, p := range c.Phases {
		if err := l.add("phase_periods", c.ID, c.MunicipalityCode, string(p.Phase), p.Period.From, p.Period.To); err != nil {
			return err
		}
	}
	return nil
}

// AddEnrolment assigns e.ID and buffers e (MunicipalityCode must be set).
func (l *BulkLoader) AddEnrolment(e *werkpad.Enrolment) error {
	e.ID = l.id("enrolments")
	e.CreatedAt, e.UpdatedAt = l.stamp, l.stamp
	args := []any{e.ID, e.CandidateID, e.MunicipalityCode, e.InstrumentCode, e.Period.From, e.Period.To, e.Result}
	args = append(args, enrolmentDetailArgs(e)...)
	return l.add("enrolments", append(args, l.stamp, l.stamp)...)
}

// AddPlacement assigns p.ID and buffers p (MunicipalityCode must be set).
func (l *BulkLoader) AddPlacement(p *werkpad.Placement) error {
	p.ID = l.id("placements")
	p.CreatedAt, p.UpdatedAt = l.stamp, l.stamp
	return l.add("placements", p.ID, p.CandidateID, p.MunicipalityCode, p.EmployerName, employerIDArg(p.EmployerID),
		p.Period.From, p.Period.To, p.ContractMinutesPerWeek, string(p.ContractType), p.WageSubsidy, p.WageValueBasisPoints,
		p.ReassessOn, p.SecondmentJob, p.Sheltered, l.stamp, l.stamp)
}

// AddExit assigns x.ID and buffers x (MunicipalityCode must be set).
func (l *BulkLoader) AddExit(x *werkpad.Exit) error {
	x.ID = l.id("exits")
	x.CreatedAt = l.stamp
	var placement any
	if x.PlacementID != nil {
		placement = *x.PlacementID
	}
	return l.add("exits", x.ID, x.CandidateID, x.MunicipalityCode, x.Date, string(x.Reason), placement, l.stamp)
}

// AddSurvey buffers the survey invitation of an exit or placement and,
// when inv.AnsweredOn is set, its anonymous response with answers. The
// demo's links are random: nobody can open them.
func (l *BulkLoader) AddSurvey(inv *werkpad.SurveyInvitation, answers []werkpad.SurveyAnswer) error {
	inv.ID = l.id("survey_invitations")
	if err := l.add("survey_invitations", inv.ID, hashSecret(newSecret("")), inv.CandidateID, inv.Municipality, string(inv.ServiceLine),
		string(inv.Occasion), inv.OccasionID, inv.InvitedOn, inv.ExpiresOn, inv.AnsweredOn, l.stamp); err != nil {
		return err
	}
	if inv.AnsweredOn.IsZero() {
		return nil
	}
	rid := l.id("survey_responses")
	if err := l.add("survey_responses", rid, inv.Municipality, string(inv.ServiceLine), string(inv.Occasion), inv.InvitedOn, inv.AnsweredOn); err != nil {
		return err
	}
	for _, a := range answers {
		if err := l.add("survey_answers", rid, a.Question, nullID(int64(a.Score)), a.Text); err != nil {
			return err
		}
	}
	return nil
}

// WerkvormPeriod is one stretch of one werkvorm of a Wsw employee.
type WerkvormPeriod struct {
	Werkvorm werkpad.Werkvorm
	Period   werkpad.Period
}

// AddSWEmployee assigns e.ID and buffers e with its SE (one period),
// its werkvorm history, its
// stretches of leegloop or unavailability and its sick leave.
func (l *BulkLoader) AddSWEmployee(e *werkpad.SWEmployee, history []WerkvormPeriod, statuses []werkpad.SWStatusPeriod, sick []werkpad.SWSickLeave) error {
	e.ID = l.id("sw_employees")
	if e.PersonnelNumber == "" { // the demo's: a number like the SW company's
		e.PersonnelNumber = fmt.Sprintf("SW-%06d", 100000+e.ID)
	}
	if err := l.add("sw_employees", e.ID, e.MunicipalityCode, nullID(e.CandidateID), e.SEThousandths, string(e.Werkvorm),
		e.Period.From, e.Period.To, e.PersonnelNumber, l.stamp); err != nil {
		return err
	}
	if err := l.add("sw_se_periods", e.ID, e.MunicipalityCode, e.SEThousandths, e.Period.From, e.Period.To); err != nil {
		return err
	}
	for _, h := range history {
		if err := l.add("sw_werkvorm_periods", e.ID, e.MunicipalityCode, string(h.Werkvorm), h.Period.From, h.Period.To); err != nil {
			return err
		}
	}
	for _, st := range statuses {
		if err := l.add("sw_status_periods", e.ID, e.MunicipalityCode, string(st.Status), st.Period.From, st.Period.To); err != nil {
			return err
		}
	}
	for _, s := range sick {
		if err := l.add("sw_sick_leave", e.ID, e.MunicipalityCode, s.Period.From, s.Period.To, s.Percent, l.stamp); err != nil {
			return err
		}
	}
	return nil
}

// AddShelteredIndication buffers a new indication beschut werk.
func (l *BulkLoader) AddShelteredIndication(i *werkpad.ShelteredIndication) error {
	return l.add("sheltered_indications", i.MunicipalityCode, nullID(i.CandidateID), i.IndicatedOn, l.stamp)
}

// AddShelteredEmployment buffers a dienstverband beschut werk.
func (l *BulkLoader) AddShelteredEmployment(e *werkpad.ShelteredEmployment) error {
	return l.add("sheltered_employments", e.MunicipalityCode, nullID(e.CandidateID), e.Period.From, e.Period.To, l.stamp)
}

// SetAddedValue writes the rate of a year and its monthly declarations,
// replacing what the year held: they are regional, one row per year and
// month, so the generator writes them once and not per copy.
func (l *BulkLoader) SetAddedValue(r werkpad.SWAddedValueRate, months []werkpad.SWAddedValueMonth) error {
	if _, err := l.tx.ExecContext(l.ctx, `INSERT INTO sw_added_value_rates (year, cents_per_hour, budget_cents_per_fte) VALUES (?, ?, ?)
		ON CONFLICT (year) DO UPDATE SET cents_per_hour = excluded.cents_per_hour, budget_cents_per_fte = excluded.budget_cents_per_fte`,
		r.Year, r.CentsPerHour, r.BudgetCentsPerFTE); err != nil {
		return fmt.Errorf("store.BulkLoader: added value rate: %w", err)
	}
	for _, m := range months {
		if _, err := l.tx.ExecContext(l.ctx, `INSERT INTO sw_added_value_months (year, month, declared_hundredths, fte_thousandths) VALUES (?, ?, ?, ?)
			ON CONFLICT (year, month) DO UPDATE SET declared_hundredths = excluded.declared_hundredths, fte_thousandths = excluded.fte_thousandths`,
			m.Year, int(m.Month), int64(m.DeclaredHours), m.FTEThousandths); err != nil {
			return fmt.Errorf("store.BulkLoader: added value %d-%02d: %w", m.Year, int(m.Month), err)
		}
	}
	return nil
}

// Commit flushes every buffer in dependency order, commits, and starts the
// next transaction, so that a long load commits in parts. auditDetail,
// when not empty, is written as one audit event in the same transaction.
func (l *BulkLoader) Commit(auditDetail string) error {
	for _, b := range l.tables {
		if err := l.flush(b); err != nil {
			return err
		}
	}
	if auditDetail != "" {
		if err := l.tx.audit(l.ctx, "demo laden", "demo", "", "", auditDetail); err != nil {
			return err
		}
	}
	if err := l.closeStmts(); err != nil {
		return err
	}
	if err := l.tx.Commit(); err != nil {
		return fmt.Errorf("store.BulkLoader: commit: %w", err)
	}
	return l.begin()
}

func (l *BulkLoader) closeStmts() error {
	for _, b := range l.tables {
		if b.stmt != nil {
			if err := b.stmt.Close(); err != nil {
				return err
			}
			b.stmt = nil
		}
	}
	return nil
}

// Close ends the load: what was not committed is rolled back, and on
// PostgreSQL the identity sequences move past the ids the loader assigned.
func (l *BulkLoader) Close() error {
	if l.closed {
		return nil
	}
	l.closed = true
	l.closeStmts()
	l.tx.Rollback()
	if err := l.db.Analyze(l.ctx); err != nil {
		return fmt.Errorf("store.BulkLoader: analyze: %w", err)
	}
	if l.db.Dialect != Postgres {
		return nil
	}
	for _, t := range []string{"candidates", "enrolments", "placements", "exits", "sw_employees", "candidate_history", "benefit_periods", "indications", "phase_periods", "sw_werkvorm_periods", "sw_se_periods", "sw_status_periods", "sw_sick_leave", "sheltered_indications", "sheltered_employments", "survey_invitations", "survey_responses"} {
		if _, err := l.db.db.ExecContext(l.ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), GREATEST((SELECT MAX(id) FROM `+t+`), 1))`); err != nil {
			return fmt.Errorf("store.BulkLoader: sequence %s: %w", t, err)
		}
	}
	return nil
}

// Rows returns how many rows of each table the loader has written or buffered.
func (l *BulkLoader) Rows() map[string]int64 { return l.counted }

// CountRows returns the number of rows in a casework table; the demo
// generator uses it to refuse a second load into the same database.
func (d *DB) CountRows(ctx context.Context, table string) (int64, error) {
	switch table {
	case "candidates", "placements", "sw_employees", "enrolments", "exits":
	default:
		return 0, fmt.Errorf("store.CountRows: table %q not allowed", table)
	}
	var n int64
	err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n)
	return n, err
}

// Analyze refreshes the planner statistics after a bulk load. On
// PostgreSQL it vacuums too, as autovacuum does a running database some
// time after a load: it marks the loaded pages all-visible, without which
// every index-only scan still reads the table (the count of the region's
// 655.100 candidates at scale 100 read 58.496 heap pages).
func (d *DB) Analyze(ctx context.Context) error {
	q := `ANALYZE`
	if d.Dialect == Postgres {
		q = `VACUUM (ANALYZE)`
	}
	_, err := d.db.ExecContext(ctx, q)
	return err
}

// Optimize keeps SQLite's planner statistics in step with the records:
// PRAGMA optimize with flag 0x10000 looks at every table and runs a
// bounded ANALYZE on those never analysed or grown or shrunk many times
// since (a database filled through the screens or an import is never
// analysed otherwise, and a statistics row written while a table was
// empty makes SQLite plan as if it still were). Usually it changes
// nothing and costs milliseconds. A connection reads the statistics when
// it opens, so SQLite connections are renewed (sqliteConnLifetime) and
// pick them up. On PostgreSQL autovacuum does this; Optimize does nothing.
func (d *DB) Optimize(ctx context.Context) error {
	if d.Dialect == Postgres {
		return nil
	}
	if _, err := d.db.ExecContext(ctx, `PRAGMA optimize = 0x10002`); err != nil {
		return fmt.Errorf("store.Optimize: %w", err)
	}
	return nil
}

// Size returns the bytes the database takes: the SQLite file (after a WAL
// checkpoint), or the tables and indexes of the current PostgreSQL schema.
func (d *DB) Size(ctx context.Context) (int64, error) {
	var n int64
	if d.Dialect == Postgres {
		err := d.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`).Scan(&n)
		return n, err
	}
	if _, err := d.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return 0, err
	}
	var pages, size int64
	if err := d.db.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		return 0, err
	}
	if err := d.db.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size); err != nil {
		return 0, err
	}
	return pages * size, nil
}
