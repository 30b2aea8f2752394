package store_test

import (
	"bytes"
	"database/sql"
	"strconv"
	"testing"
	"time"

	"werkpad"
	"werkpad/store"
)

// testSealer is the BSN sealer of the tests: a fixed key, so that a
// failing test can be reproduced.
func testSealer(tb testing.TB) *store.Sealer {
	tb.Helper()
	s, err := store.NewSealer(bytes.Repeat([]byte{7}, store.KeySize))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// fixedClock sets db's clock to noon UTC on day d.
func fixedClock(db *store.DB, d string) {
	t := werkpad.MustParseDate(d).Time().Add(12 * time.Hour)
	db.Now = func() time.Time { return t }
}

// Valid BSNs (11-proef) for tests.
var testBSNs = []string{"111222333", "123456782", "999999990", "100000009",
	"111111110", "222222220", "333333330", "444444440", "555555550", "666666660", "777777770", "888888880"}

// MustCreateCandidate stores a candidate made from defaults overridden by
// edit, as a region-wide consultant, and returns it (with plain BSN).
func MustCreateCandidate(tb testing.TB, db *store.DB, consultant *werkpad.User, edit func(c *werkpad.Candidate)) *werkpad.Candidate {
	tb.Helper()
	c := &werkpad.Candidate{
		BSN: testBSNs[0], GivenName: "Jan", Surname: "Jansen",
		BirthDate: werkpad.MustParseDate("1990-05-17"), MunicipalityCode: "GM0268",
		ServiceLine: werkpad.ServiceJobMediation, RegisteredOn: werkpad.MustParseDate("2024-01-15"),
	}
	if edit != nil {
		edit(c)
	}
	if err := store.NewCandidateService(db, testSealer(tb)).CreateCandidate(asUser(consultant), c); err != nil {
		tb.Fatal(err)
	}
	return c
}

// countRows returns the number of rows in table.
func countRows(tb testing.TB, db *store.DB, table string) int {
	tb.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// rawString reads one text column of one row, bypassing the services.
func rawString(tb testing.TB, db *store.DB, query string, args ...any) string {
	tb.Helper()
	var s sql.NullString
	q := query
	if db.Dialect == store.Postgres {
		q = rebindForTest(query)
	}
	if err := db.SQL().QueryRow(q, args...).Scan(&s); err != nil {
		tb.Fatal(err)
	}
	return s.String
}

func rebindForTest(q string) string {
	var b bytes.Buffer
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// auditCount returns how many audit events have action on entity/id.
func auditCount(tb testing.TB, db *store.DB, action, entity string, id int64) int {
	tb.Helper()
	events, _, err := store.NewAuditService(db).FindAuditEvents(adminCtx, werkpad.AuditFilter{Entity: entity, EntityID: itoa(id), Limit: 500})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Action == action {
			n++
		}
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
