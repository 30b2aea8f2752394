package store_test

import (
	"context"
	"strings"
	"testing"

	"werkpad"
	"werkpad/store"
)

// A read-only database makes the instance not ready, and a write on it is
// EUNAVAILABLE (a 503 with a clear message), never a bare internal error;
// nothing already stored changes.
func TestReadOnlyDatabaseIsUnavailable(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Ready(ctx); err != nil {
			t.Fatalf("fresh database not ready: %v", err)
		}
		MustCreateUser(t, db, "a@werkbedrijf.nl", werkpad.RoleConsultant)
		db.SQL().SetMaxOpenConns(1)
		readOnly := "PRAGMA query_only = 1"
		if db.Dialect == store.Postgres {
			readOnly = "SET SESSION default_transaction_read_only = on"
		}
		if _, err := db.SQL().ExecContext(ctx, readOnly); err != nil {
			t.Fatal(err)
		}
		err := db.Ready(ctx)
		if err == nil || !strings.Contains(err.Error(), "alleen-lezen") {
			t.Errorf("read-only database: Ready = %v, want a not-ready reason naming read-only", err)
		}
		u := &werkpad.User{Email: "b@werkbedrijf.nl", Name: "B", Role: werkpad.RoleConsultant}
		err = store.NewUserService(db).CreateUser(adminCtx, u, "correct horse battery")
		if werkpad.ErrorCode(err) != werkpad.EUNAVAILABLE || !strings.Contains(werkpad.ErrorMessage(err), "niets gewijzigd") {
			t.Errorf("write on a read-only database: %v (code %s)", err, werkpad.ErrorCode(err))
		}
		n, err := store.NewUserService(db).CountUsers(ctx)
		if err != nil || n != 1 {
			t.Errorf("users after the refused write: %d, %v", n, err)
		}
	})
}
