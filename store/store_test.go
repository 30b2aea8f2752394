package store_test

import (
	"context"
	"testing"
	"time"

	"werkpad"
	"werkpad/store"
	"werkpad/store/storetest"
)

// eachDialect runs fn as a subtest on every database kind.
func eachDialect(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, storetest.Open(t, d))
		})
	}
}

// clock is a settable fake clock for timeouts.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

var adminCtx = werkpad.OperatorContext(context.Background())

func asUser(u *werkpad.User) context.Context {
	return werkpad.NewContextWithActor(context.Background(), &werkpad.Actor{User: u, Via: "test"})
}

// MustCreateUser adds an account with a known password.
func MustCreateUser(tb testing.TB, db *store.DB, email string, role werkpad.Role, scope ...string) *werkpad.User {
	tb.Helper()
	u := &werkpad.User{Email: email, Name: "Test " + email, Role: role, Municipalities: scope}
	if err := store.NewUserService(db).CreateUser(adminCtx, u, "correct horse battery"); err != nil {
		tb.Fatal(err)
	}
	return u
}
