package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"werkpad"
)

// Helpers shared by the casework services (candidates, referrals,
// enrolments, placements, exits, signals).

// Page sizes of the casework lists.
const (
	defaultPageSize = 50
	maxPageSize     = 500
)

// pageArgs returns LIMIT and OFFSET for a page request.
func pageArgs(p werkpad.Page) (limit, offset int) {
	limit, offset = p.Limit, max(p.Offset, 0)
	if limit <= 0 || limit > maxPageSize {
		limit = defaultPageSize
	}
	return limit, offset
}

// where collects the conditions and arguments of a list query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// with returns a copy of w with cond added; w stays as it is.
func (w *where) with(cond string, args ...any) *where {
	c := &where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
	c.add(cond, args...)
	return c
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return "1=1"
	}
	return strings.Join(w.conds, " AND ")
}

// scoped starts a where with the caller's municipality scope on column.
// only narrows w to the municipalities codes of column (none: no change).
func (w *where) only(column string, codes []string) {
	if len(codes) == 0 {
		return
	}
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	w.add(column+" IN ("+placeholders(len(codes))+")", args...)
}

func scoped(u *werkpad.User, column string) *where {
	cond, args := scopeFilter(u, column)
	return &where{conds: []string{cond}, args: args}
}

// activeIn adds "the dated row [from, to] shares a day with p"; a NULL to
// means still running.
func (w *where) activeIn(fromCol, toCol string, p werkpad.Period) {
	if p.To.IsZero() {
		w.add("("+toCol+" IS NULL OR "+toCol+" >= ?)", p.From)
		return
	}
	w.add(fromCol+" <= ? AND ("+toCol+" IS NULL OR "+toCol+" >= ?)", p.To, p.From)
}

// within adds "column lies in p" (p.To zero: from p.From on).
func (w *where) within(col string, p werkpad.Period) {
	if p.To.IsZero() {
		w.add(col+" >= ?", p.From)
		return
	}
	w.add(col+" >= ? AND "+col+" <= ?", p.From, p.To)
}

// dayBefore returns an SQL expression for the day before the date column.
func (d *DB) dayBefore(col string) string {
	if d.Dialect == Postgres {
		return "(" + col + " - 1)"
	}
	return "date(" + col + ", '-1 day')"
}

// forUpdate locks the selected row for the rest of a PostgreSQL transaction,
// so that two changes to one record serialise; SQLite write transactions
// are serial already.
func (d *DB) forUpdate() string {
	if d.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// candidateMunicipality returns the municipality of candidate id when it is
// in u's scope, and ENOTFOUND otherwise. With lock the candidate row stays
// locked until the transaction ends.
func (tx *Tx) candidateMunicipality(ctx context.Context, u *werkpad.User, id int64, lock bool) (string, error) {
	w := scoped(u, "municipality")
	w.add("id = ?", id)
	q := `SELECT municipality FROM candidates WHERE ` + w.String()
	if lock {
		q += tx.db.forUpdate()
	}
	var code string
	if err := tx.QueryRowContext(ctx, q, w.args...).Scan(&code); err != nil {
		return "", notFound(err, "Kandidaat")
	}
	return code, nil
}

// escapeLike escapes the LIKE wildcards in s for use with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// nullID maps 0 to NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// maskedBSN is the masked form of a BSN from its stored last four digits,
// the same form werkpad.MaskBSN gives.
func maskedBSN(last4 string) string { return werkpad.MaskBSN("00000" + last4) }

// countAndList returns the number of rows of from that match w and hands
// page p of them to scan: the page first, and a COUNT(*) with the same
// FROM/WHERE only when the page cannot tell the total. A page with rows
// but fewer than its limit is the last one, so the total is its offset
// plus its rows; an empty first page means none. Most lists of a start
// page or a candidate's page are that short: they save the count and a
// round trip to the database.
func (tx *Tx) countAndList(ctx context.Context, from string, w *where, columns, order string, p werkpad.Page,
	scan func(s interface{ Scan(...any) error }) error) (int, error) {
	n := 0
	counted := func(s interface{ Scan(...any) error }) error {
		n++
		return scan(s)
	}
	if err := tx.listPage(ctx, from, w, columns, order, p, counted); err != nil {
		return 0, err
	}
	return tx.totalAfterPage(ctx, from, w, p, n)
}

// totalAfterPage returns the number of rows of from that match w once
// page p of them has been read and held n rows: told by the page itself
// when it can (a page with rows but fewer than its limit is the last, an
// empty first page means none), else by a COUNT(*) with the same
// FROM/WHERE.
func (tx *Tx) totalAfterPage(ctx context.Context, from string, w *where, p werkpad.Page, n int) (int, error) {
	if limit, offset := pageArgs(p); n > 0 && n < limit || n == 0 && offset == 0 {
		return offset + n, nil
	}
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+` WHERE `+w.String(), w.args...).Scan(&total); err != nil {
		return 0, err
	}
	return total, nil
}

// listPage reads page p of the rows of from that match w, in order.
func (tx *Tx) listPage(ctx context.Context, from string, w *where, columns, order string, p werkpad.Page,
	scan func(s interface{ Scan(...any) error }) error) error {
	limit, offset := pageArgs(p)
	rows, err := tx.QueryContext(ctx, `SELECT `+columns+` FROM `+from+` WHERE `+w.String()+
		` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(append([]any{}, w.args...), limit, offset)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// The store implements the casework interfaces of the domain.
var (
	_ werkpad.CandidateService = (*CandidateService)(nil)
	_ werkpad.ReferralService  = (*ReferralService)(nil)
	_ werkpad.EnrolmentService = (*EnrolmentService)(nil)
	_ werkpad.PlacementService = (*PlacementService)(nil)
	_ werkpad.ExitService      = (*ExitService)(nil)
	_ werkpad.SignalService    = (*SignalService)(nil)
)
