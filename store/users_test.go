package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/store"
)

func TestCreateUser(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		s := store.NewUserService(db)
		u := MustCreateUser(t, db, "Anna@Nijmegen.nl", werkpad.RoleMunicipality, "GM0268")
		got, err := s.FindUserByEmail(adminCtx, "anna@nijmegen.nl")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"GM0268"}, got.Municipalities); diff != "" {
			t.Errorf("scope (-want +got):\n%s", diff)
		}
		if got.ID != u.ID || got.Email != "anna@nijmegen.nl" || got.Role != werkpad.RoleMunicipality {
			t.Errorf("got %+v", got)
		}

		for _, tc := range []struct {
			name  string
			user  werkpad.User
			pw    string
			field string
		}{
			{"duplicate email", werkpad.User{Email: "anna@nijmegen.nl", Name: "A", Role: werkpad.RoleConsultant}, "long enough password", "email"},
			{"bad email", werkpad.User{Email: "anna", Name: "A", Role: werkpad.RoleConsultant}, "long enough password", "email"},
			{"no name", werkpad.User{Email: "b@x.nl", Role: werkpad.RoleConsultant}, "long enough password", "naam"},
			{"bad role", werkpad.User{Email: "b@x.nl", Name: "B", Role: "koning"}, "long enough password", "rol"},
			{"gemeente without scope", werkpad.User{Email: "b@x.nl", Name: "B", Role: werkpad.RoleMunicipality}, "long enough password", "gemeenten"},
			{"unknown municipality", werkpad.User{Email: "b@x.nl", Name: "B", Role: werkpad.RoleMunicipality, Municipalities: []string{"GM9999"}}, "long enough password", "gemeenten"},
			{"short password", werkpad.User{Email: "b@x.nl", Name: "B", Role: werkpad.RoleConsultant}, "short", "wachtwoord"},
		} {
			err := s.CreateUser(adminCtx, &tc.user, tc.pw)
			if werkpad.ErrorCode(err) != werkpad.EINVALID || werkpad.ErrorField(err) != tc.field {
				t.Errorf("%s: got %v, want invalid on field %s", tc.name, err, tc.field)
			}
		}
		users, err := s.FindUsers(adminCtx, werkpad.UserFilter{})
		if err != nil || len(users) != 1 {
			t.Fatalf("refused creations must store nothing: %d users, %v", len(users), err)
		}

		// Only a beheerder manages accounts.
		consultant := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		if err := s.CreateUser(asUser(consultant), &werkpad.User{Email: "x@x.nl", Name: "X", Role: werkpad.RoleAdmin}, "long enough password"); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
			t.Errorf("consultant creating user: got %v, want forbidden", err)
		}
		if _, err := s.FindUserByID(asUser(consultant), u.ID); werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			t.Errorf("consultant reading another user: got %v, want notfound", err)
		}
	})
}

func TestUpdateUser(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		s := store.NewUserService(db)
		u := MustCreateUser(t, db, "k@beuningen.nl", werkpad.RoleMunicipality, "GM0209")
		scope := []string{"GM0225", "gm0209"}
		got, err := s.UpdateUser(adminCtx, u.ID, werkpad.UserUpdate{Municipalities: &scope})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"GM0209", "GM0225"}, got.Municipalities); diff != "" {
			t.Errorf("scope (-want +got):\n%s", diff)
		}
		empty := []string{}
		if _, err := s.UpdateUser(adminCtx, u.ID, werkpad.UserUpdate{Municipalities: &empty}); werkpad.ErrorField(err) != "gemeenten" {
			t.Errorf("empty scope for gemeente: got %v", err)
		}
		again, _ := s.FindUserByID(adminCtx, u.ID)
		if len(again.Municipalities) != 2 {
			t.Errorf("a refused update changed the scope: %v", again.Municipalities)
		}
		role := werkpad.RoleController
		if got, err = s.UpdateUser(adminCtx, u.ID, werkpad.UserUpdate{Role: &role, Municipalities: &empty}); err != nil || !got.AllMunicipalities() {
			t.Errorf("controller with empty scope: %v %+v", err, got)
		}
	})
}

func TestChangeOwnPassword(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		s := store.NewUserService(db)
		u := MustCreateUser(t, db, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		if err := s.ChangeOwnPassword(asUser(u), "wrong", "a brand new password"); werkpad.ErrorField(err) != "huidig" {
			t.Errorf("wrong current: %v", err)
		}
		if err := s.ChangeOwnPassword(asUser(u), "correct horse battery", "short"); werkpad.ErrorField(err) != "nieuw" {
			t.Errorf("short new: %v", err)
		}
		if err := s.ChangeOwnPassword(asUser(u), "correct horse battery", "a brand new password"); err != nil {
			t.Fatal(err)
		}
		if _, err := store.NewAuthService(db).SignIn(adminCtx, u.Email, "a brand new password", "127.0.0.1"); err != nil {
			t.Errorf("sign in with new password: %v", err)
		}
	})
}
