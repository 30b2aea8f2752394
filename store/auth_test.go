package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"werkpad"
	"werkpad/store"
)

func TestSignInAndSessions(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		db.Now = c.Now
		auth := store.NewAuthService(db)
		u := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		ctx := context.Background()

		if _, err := auth.SignIn(ctx, u.Email, "wrong password", "10.0.0.1"); werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := auth.SignIn(ctx, "nobody@x.nl", "whatever", "10.0.0.1"); werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED {
			t.Fatalf("unknown account: %v", err)
		}
		s1, err := auth.SignIn(ctx, "C@werkbedrijf.nl ", "correct horse battery", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		s2, err := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if s1.Token == s2.Token || len(s1.Token) < 40 {
			t.Errorf("every sign-in needs a new, long session id: %q %q", s1.Token, s2.Token)
		}
		got, err := auth.Authenticate(ctx, s1.Token)
		if err != nil || got.User.ID != u.ID {
			t.Fatalf("authenticate: %v", err)
		}

		// Idle timeout: 29 minutes keeps it alive and refreshes it...
		c.Advance(29 * time.Minute)
		if _, err := auth.Authenticate(ctx, s1.Token); err != nil {
			t.Fatalf("within idle timeout: %v", err)
		}
		c.Advance(29 * time.Minute)
		if _, err := auth.Authenticate(ctx, s1.Token); err != nil {
			t.Fatalf("idle timer was not refreshed: %v", err)
		}
		// ...but s2 was idle for 58 minutes.
		if _, err := auth.Authenticate(ctx, s2.Token); werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED {
			t.Errorf("idle session still valid: %v", err)
		}
		// Absolute timeout: 12 hours after sign-in, however active.
		for i := 0; i < 30; i++ {
			c.Advance(25 * time.Minute)
			auth.Authenticate(ctx, s1.Token)
		}
		if _, err := auth.Authenticate(ctx, s1.Token); werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED {
			t.Errorf("session past absolute timeout still valid: %v", err)
		}

		s3, _ := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.1")
		if _, err := auth.SignOut(ctx, s3.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.Authenticate(ctx, s3.Token); werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED {
			t.Errorf("signed-out session still valid: %v", err)
		}
	})
}

func TestSignInThrottling(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		db.Now = c.Now
		auth := store.NewAuthService(db)
		users := store.NewUserService(db)
		u := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		ctx := context.Background()

		for i := 0; i < 5; i++ {
			auth.SignIn(ctx, u.Email, "wrong password", "10.0.0.2")
		}
		_, err := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.3")
		if werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Fatalf("locked account signed in: %v", err)
		}
		locked, _ := users.FindUserByID(adminCtx, u.ID)
		if !locked.Locked(c.Now()) {
			t.Errorf("user not shown as locked")
		}
		if err := users.Unlock(adminCtx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.3"); err != nil {
			t.Errorf("after unlock: %v", err)
		}

		// Per IP: 20 failures in 15 minutes, on any accounts, block that IP.
		for i := 0; i < 20; i++ {
			auth.SignIn(ctx, "nobody@x.nl", "wrong", "10.0.0.9")
		}
		if _, err := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.9"); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("throttled IP signed in: %v", err)
		}
		if _, err := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.10"); err != nil {
			t.Errorf("other IP refused: %v", err)
		}
		// The refusal is a short cool-down after the last failure, not the
		// whole window: a colleague behind the same address waits a minute.
		c.Advance(61 * time.Second)
		if _, err := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.9"); err != nil {
			t.Errorf("IP still refused after its cool-down: %v", err)
		}
		// Each further failure in the window starts a new cool-down.
		auth.SignIn(ctx, "nobody@x.nl", "wrong", "10.0.0.9")
		if _, err := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.9"); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("a new failure over the limit did not start a cool-down: %v", err)
		}
		c.Advance(16 * time.Minute)
		if _, err := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.9"); err != nil {
			t.Errorf("IP still refused after its window: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		auth := store.NewAuthService(db)
		u := MustCreateUser(t, db, "api@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		other := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		tok, err := auth.CreateToken(asUser(u), u.ID, "koppeling")
		if err != nil {
			t.Fatal(err)
		}
		got, err := auth.AuthenticateToken(context.Background(), tok.Secret)
		if err != nil || got.ID != u.ID {
			t.Fatalf("token: %v", err)
		}
		if _, err := auth.CreateToken(asUser(other), u.ID, "stolen"); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("token for someone else: %v", err)
		}
		if err := auth.RevokeToken(asUser(other), tok.ID); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("revoke someone else's token: %v", err)
		}
		if err := auth.RevokeToken(asUser(u), tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.AuthenticateToken(context.Background(), tok.Secret); werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED {
			t.Errorf("revoked token accepted: %v", err)
		}
		toks, _ := auth.FindTokens(asUser(u), u.ID)
		if len(toks) != 1 || toks[0].RevokedAt == nil || toks[0].Secret != "" {
			t.Errorf("tokens: %+v", toks)
		}
	})
}

// Blocking an account or a password reset by a beheerder revokes its API
// tokens for good; an old token expires after TokenLifetime.
func TestTokensRevokedAndExpire(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		db.Now = c.Now
		auth, users := store.NewAuthService(db), store.NewUserService(db)
		u := MustCreateUser(t, db, "api@nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		mk := func() string {
			tok, err := auth.CreateToken(asUser(u), u.ID, "koppeling")
			if err != nil {
				t.Fatal(err)
			}
			return tok.Secret
		}
		ctx := context.Background()
		tok := mk()
		block, unblock := true, false
		if _, err := users.UpdateUser(adminCtx, u.ID, werkpad.UserUpdate{Disabled: &block}); err != nil {
			t.Fatal(err)
		}
		if _, err := users.UpdateUser(adminCtx, u.ID, werkpad.UserUpdate{Disabled: &unblock}); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.AuthenticateToken(ctx, tok); werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED {
			t.Errorf("token of a blocked and re-enabled account still works: %v", err)
		}
		tok = mk()
		if err := users.SetPassword(adminCtx, u.ID, "een heel nieuw wachtwoord"); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.AuthenticateToken(ctx, tok); werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED {
			t.Errorf("token survived a password reset by a beheerder: %v", err)
		}
		tok = mk()
		auth.TokenLifetime = 30 * 24 * time.Hour
		c.Advance(29 * 24 * time.Hour)
		if _, err := auth.AuthenticateToken(ctx, tok); err != nil {
			t.Errorf("token within its lifetime: %v", err)
		}
		c.Advance(2 * 24 * time.Hour)
		if _, err := auth.AuthenticateToken(ctx, tok); werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED || !strings.Contains(werkpad.ErrorMessage(err), "verlopen") {
			t.Errorf("expired token: %v", err)
		}
	})
}

// TestAuthenticateCarriesTheUser: the session's user, read with the
// session in one statement, is the user as FindUserByID reads him, scope
// (sorted) included, with and without municipalities.
func TestAuthenticateCarriesTheUser(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		auth, users := store.NewAuthService(db), store.NewUserService(db)
		ctx := context.Background()
		for _, u := range []*werkpad.User{
			MustCreateUser(t, db, "twee@gemeenten.nl", werkpad.RoleMunicipality, "GM1945", "GM0268"),
			MustCreateUser(t, db, "regio@mgr.nl", werkpad.RoleController),
		} {
			s, err := auth.SignIn(ctx, u.Email, "correct horse battery", "10.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			got, err := auth.Authenticate(ctx, s.Token)
			if err != nil {
				t.Fatal(err)
			}
			want, err := users.FindUserByID(adminCtx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.User, want) {
				t.Errorf("Authenticate's user\n%+v\nFindUserByID's\n%+v", got.User, want)
			}
		}
	})
}
