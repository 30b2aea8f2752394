package store_test

import (
	"testing"

	"werkpad"
	"werkpad/store"
)

// Norms are data with their source: a controller records them, a
// municipality user reads the regional norms and his own, never another
// municipality's; nothing is shipped.
func TestNorms(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		s := store.NewNormService(db)
		ctl := asUser(MustCreateUser(t, db, "controller@mgr.nl", werkpad.RoleController))
		nijmegen := asUser(MustCreateUser(t, db, "klant@nijmegen.nl", werkpad.RoleMunicipality, "GM0268"))
		if got, err := s.FindNorms(ctl, 2024); err != nil || len(got) != 0 {
			t.Fatalf("a fresh database has norms: %v %v", got, err)
		}
		for _, n := range []werkpad.Norm{
			{Indicator: werkpad.IndExitsToWork, Year: 2024, Value: 600, Source: "test: regionale norm"},
			{Indicator: werkpad.IndExitsToWork, Year: 2024, Municipality: "GM0268", Value: 400, Source: "test: Nijmegen"},
			{Indicator: werkpad.IndExitsToWork, Year: 2024, Municipality: "GM1945", Value: 30, Source: "test: Berg en Dal"},
		} {
			if err := s.SetNorm(ctl, n); err != nil {
				t.Fatal(err)
			}
		}
		// Recording again replaces.
		if err := s.SetNorm(ctl, werkpad.Norm{Indicator: werkpad.IndExitsToWork, Year: 2024, Value: 650, Source: "test: bijgesteld"}); err != nil {
			t.Fatal(err)
		}
		all, err := s.FindNorms(ctl, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := werkpad.NormFor(all, werkpad.IndExitsToWork, ""); !ok || n.Value != 650 || n.Source != "test: bijgesteld" || len(all) != 3 {
			t.Errorf("controller reads %+v", all)
		}
		mine, err := s.FindNorms(nijmegen, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 2 {
			t.Errorf("Nijmegen reads %d norms, want the regional and its own", len(mine))
		}
		if _, ok := werkpad.NormFor(mine, werkpad.IndExitsToWork, "GM1945"); ok {
			t.Error("Nijmegen reads the norm of Berg en Dal")
		}
		if err := s.SetNorm(nijmegen, werkpad.Norm{Indicator: werkpad.IndExitsToWork, Year: 2024, Value: 1, Source: "x"}); werkpad.ErrorCode(err) != werkpad.EFORBIDDEN && werkpad.ErrorCode(err) != werkpad.EUNAUTHORIZED {
			t.Errorf("a gemeente user records a norm: %v", err)
		}
		err = s.SetNorm(ctl, werkpad.Norm{Indicator: "bestaat_niet", Year: 1990, Value: -1})
		if fe := werkpad.FieldErrors(err); len(fe) != 4 {
			t.Errorf("an invalid norm: %d field errors, want 4 (indicator, jaar, norm, bron): %v", len(fe), err)
		}
	})
}
