package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

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
