package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"werkpad"
	"werkpad/store"
	"werkpad/store/storetest"
)

func TestAuditChain(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		audit := store.NewAuditService(db)
		u := MustCreateUser(t, db, "a@werkbedrijf.nl", werkpad.RoleConsultant)
		MustCreateUser(t, db, "b@werkbedrijf.nl", werkpad.RoleController)
		store.NewUserService(db).Unlock(adminCtx, u.ID)

		broken, n, err := audit.VerifyAudit(context.Background())
		if err != nil || broken != nil || n != 3 {
			t.Fatalf("intact chain: broken=%v n=%d err=%v", broken, n, err)
		}
		events, total, err := audit.FindAuditEvents(adminCtx, werkpad.AuditFilter{Entity: "gebruiker"})
		if err != nil || total != 3 || events[0].Action != "ontgrendelen" || events[2].PrevHash != "" {
			t.Fatalf("events: %d %v %+v", total, err, events)
		}
		if _, _, err := audit.FindAuditEvents(asUser(u), werkpad.AuditFilter{}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("consultant read the audit log: %v", err)
		}

		// The database refuses changes to the log...
		if _, err := db.SQL().Exec(`UPDATE audit_events SET detail = 'x' WHERE id = 2`); err == nil {
			t.Fatal("audit_events accepted an UPDATE")
		}
		if _, err := db.SQL().Exec(`DELETE FROM audit_events WHERE id = 3`); err == nil {
			t.Fatal("audit_events accepted a DELETE")
		}
		// ...and a tamperer who drops the guard is caught by the chain.
		tamper(t, db, `UPDATE audit_events SET detail = 'rol=beheerder' WHERE id = 2`)
		broken, _, err = audit.VerifyAudit(context.Background())
		if err != nil || broken == nil || broken.ID != 2 {
			t.Fatalf("altered row 2: broken=%+v err=%v", broken, err)
		}
	})
}

// TestAuditAppendHashesAsGo: on PostgreSQL the database appends the
// event and computes its hash (audit_append), on SQLite werkpad does; both
// must give werkpad.AuditHash, which VerifyAudit checks. The events have
// the fields where the two could differ: times with and without a
// fraction of a second and with trailing zeros in it, a time given in
// another zone, text with letters of more than one byte (the length is in
// bytes), empty fields and no actor ("systeem", actor 0).
func TestAuditAppendHashesAsGo(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		zoë := &werkpad.User{ID: 42, Email: "zoë.çelik@werkbedrijf.nl", Role: werkpad.RoleController}
		withActor := werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: zoë, RequestID: "verzoek-€-1"})
		amsterdam := time.FixedZone("CEST", 2*60*60)
		for i, at := range []time.Time{
			time.Date(2024, 6, 30, 23, 59, 59, 0, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 120_000_000, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 1_000, time.UTC),
			time.Date(2024, 1, 2, 3, 4, 5, 999_999_000, time.UTC),
			time.Date(2025, 3, 30, 2, 30, 0, 500_000_000, amsterdam),
			time.Date(2026, 12, 7, 0, 0, 0, 123_456_789, time.UTC),
		} {
			c := ctx
			if i%2 == 1 {
				c = withActor
			}
			if err := db.AuditForTest(c, at, "wijzigen", "kandidaat", fmt.Sprint(i+1), []string{"", "GM0268"}[i%2], "naam: Ünal → Öztürk; één € "+fmt.Sprint(i), nil); err != nil {
				t.Fatalf("append %d: %v", i, err)
			}
		}
		audit := store.NewAuditService(db)
		broken, n, err := audit.VerifyAudit(ctx)
		if err != nil || broken != nil || n != 6 {
			t.Fatalf("chain: broken=%+v n=%d err=%v", broken, n, err)
		}
		events, _, err := audit.FindAuditEvents(adminCtx, werkpad.AuditFilter{Entity: "kandidaat", Limit: 10})
		if err != nil || len(events) != 6 {
			t.Fatalf("events: %d %v", len(events), err)
		}
		for _, e := range events {
			if e.Hash != werkpad.AuditHash(e) {
				t.Errorf("event %d (%s): hash %s, werkpad.AuditHash %s", e.ID, e.At.Format(time.RFC3339Nano), e.Hash, werkpad.AuditHash(e))
			}
		}
		if e := events[0]; e.ActorEmail != zoë.Email || e.ActorID != 42 || e.Role != werkpad.RoleController || e.RequestID != "verzoek-€-1" || e.At.Nanosecond() != 123_456_000 {
			t.Errorf("newest event (with actor): %+v", e)
		}
		if e := events[1]; e.ActorEmail != "systeem" || e.ActorID != 0 || e.Municipality != "" || !e.At.Equal(time.Date(2025, 3, 30, 0, 30, 0, 500_000_000, time.UTC)) {
			t.Errorf("event without actor: %+v", e)
		}
	})
}

// TestAuditAppendHoldsTheLock: on PostgreSQL an appender holds the
// chain's lock from its append to its commit, so that the next appender
// reads the last event only once this one is committed (without it both
// read the same last event; TestAuditChainConcurrentAppenders sees that
// only when two appends meet in the short time between them). SQLite's
// writers are serial by BEGIN IMMEDIATE.
func TestAuditAppendHoldsTheLock(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		if db.Dialect != store.Postgres {
			t.Skip("PostgreSQL's advisory lock")
		}
		ctx := context.Background()
		free := func() bool {
			var ok bool
			if err := db.QueryRowForTest(ctx, `SELECT pg_try_advisory_xact_lock(7700417)`, &ok); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !free() {
			t.Fatal("the chain's lock is held before any append")
		}
		err := db.AuditForTest(ctx, time.Now(), "wijzigen", "kandidaat", "1", "", "", func() error {
			if free() {
				return errors.New("another connection took the chain's lock between an append and its commit")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !free() {
			t.Error("the chain's lock is still held after the commit")
		}
	})
}

// TestAuditChainConcurrentAppenders: two instances (two pools on one
// database, as two werkpad serve do) append audit events at once: 16
// writers, each unlocking its own account 5 times (so no row of theirs
// orders them); the chain stays one line of 96 events (16 accounts made,
// 80 unlocks). Without PostgreSQL's lock two appenders read the same last
// event and the second insert fails on its id.
func TestAuditChainConcurrentAppenders(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			url := storetest.URL(t, d)
			var dbs [2]*store.DB
			for i := range dbs {
				db, err := store.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				dbs[i] = db
			}
			if err := dbs[0].Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make(chan error, 80)
			for i := range 16 {
				u := MustCreateUser(t, dbs[0], fmt.Sprintf("a%d@werkbedrijf.nl", i), werkpad.RoleConsultant)
				users := store.NewUserService(dbs[i%2])
				wg.Go(func() {
					for range 5 {
						if err := users.Unlock(adminCtx, u.ID); err != nil {
							errs <- err
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			broken, n, err := store.NewAuditService(dbs[1]).VerifyAudit(ctx)
			if err != nil || broken != nil || n != 96 {
				t.Fatalf("chain after concurrent appends: broken=%+v checked=%d err=%v", broken, n, err)
			}
		})
	}
}

func TestAuditDeletedRow(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		MustCreateUser(t, db, "a@werkbedrijf.nl", werkpad.RoleConsultant)
		MustCreateUser(t, db, "b@werkbedrijf.nl", werkpad.RoleConsultant)
		MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		tamper(t, db, `DELETE FROM audit_events WHERE id = 2`)
		broken, _, err := store.NewAuditService(db).VerifyAudit(context.Background())
		if err != nil || broken == nil || broken.ID != 3 {
			t.Fatalf("deleted row 2: broken=%+v err=%v", broken, err)
		}
	})
}

// tamper runs stmt on audit_events with the append-only guard removed, as a
// database administrator could.
func tamper(t *testing.T, db *store.DB, stmt string) {
	t.Helper()
	var drops []string
	if db.Dialect == store.Postgres {
		drops = []string{`DROP TRIGGER audit_events_append_only ON audit_events`}
	} else {
		drops = []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`}
	}
	for _, q := range append(drops, stmt) {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
