package store_test

import (
	"context"
	"fmt"
	"testing"

	"werkpad"
	"werkpad/store"
	"werkpad/store/storetest"
)

// TestHistoryMigration: a database of the release before the dated
// history is migrated without loss: every candidate gets his current
// values as history, and the moves the audit log holds become dated moves
// (the last of a day wins; the records of a later move keep the newest
// value as the current one).
func TestHistoryMigration(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, d))
			must(t, err)
			t.Cleanup(func() { db.Close() })
			must(t, db.MigrateUpTo(ctx, 39))
			exec := func(q string, args ...any) {
				t.Helper()
				if d == store.Postgres {
					q = rebindForTest(q)
				}
				if _, err := db.SQL().Exec(q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec(`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at)
				VALUES (900, 'c@x.nl', 'C', 'consulent', 'x', '2023-01-01 00:00:00', '2023-01-01 00:00:00')`)
			cand := func(id int, code string, consultant any) {
				exec(`INSERT INTO candidates (id, municipality, bsn_encrypted, bsn_hash, bsn_last4, given_name, surname, search_given, search_surname,
					birth_date, service_line, registered_on, consultant_id, created_at, updated_at)
					VALUES (?, ?, 'x', ?, '0000', 'A', 'B', 'a', 'b', '1990-05-17', 'ownw', '2023-02-01', ?, '2023-02-01 09:00:00', '2023-02-01 09:00:00')`,
					id, code, fmt.Sprint("h", id), consultant)
			}
			cand(1, "GM0252", 900) // moved twice, twice on one day
			cand(2, "GM0268", nil)
			audit := func(id int, at, code, detail string) {
				exec(`INSERT INTO audit_events (id, at, actor_id, actor_email, role, action, entity, entity_id, municipality, detail, prev_hash, hash)
					VALUES (?, ?, 1, 'c1@x.nl', 'consulent', 'wijzigen', 'kandidaat', '1', ?, ?, '', '')`, id, at, code, detail)
			}
			audit(101, "2024-03-10 10:00:00", "GM0225", "gemeente van GM0209")
			audit(102, "2024-09-01 08:00:00", "GM0268", "achternaam gemeente van GM0225")
			audit(103, "2024-09-01 15:00:00", "GM0252", "gemeente van GM0268")
			audit(104, "2024-10-01 15:00:00", "GM0252", "achternaam")
			must(t, db.Migrate(ctx))

			got := func(id int64) string {
				var out string
				rows, err := db.SQL().Query(`SELECT attribute, value, from_date, to_date FROM candidate_history WHERE candidate_id = ` + fmt.Sprint(id) + ` ORDER BY attribute, from_date`)
				must(t, err)
				defer rows.Close()
				for rows.Next() {
					var a, v string
					var p werkpad.Period
					must(t, rows.Scan(&a, &v, &p.From, &p.To))
					out += fmt.Sprintf("%s=%s %s; ", a, v, p)
				}
				return out
			}
			want1 := "consulent=900 vanaf 01-02-2023; dienstverlening=ownw vanaf 01-02-2023; " +
				"gemeente=GM0209 17-05-1990 t/m 09-03-2024; gemeente=GM0225 10-03-2024 t/m 31-08-2024; gemeente=GM0252 vanaf 01-09-2024; "
			if g := got(1); g != want1 {
				t.Errorf("candidate 1:\n got %s\nwant %s", g, want1)
			}
			want2 := "dienstverlening=ownw vanaf 01-02-2023; gemeente=GM0268 vanaf 17-05-1990; "
			if g := got(2); g != want2 {
				t.Errorf("candidate 2:\n got %s\nwant %s", g, want2)
			}
		})
	}
}
