package store_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	"werkpad/store"
)

// shiftedAgreement is the shipped DVO moved two years on, as a newer
// version that was signed and loaded.
func shiftedAgreement(a *werkpad.Agreement) *werkpad.Agreement {
	b := *a
	b.Version, b.Name, b.From, b.To, b.PartYears = "2026-2027", a.Name+" (2026-2027)", "2026-01-01", "2027-12-31", nil
	b.Card = slices.Clone(a.Card)
	for i, c := range b.Card {
		var ys []int
		for _, y := range c.Years {
			ys = append(ys, y+2)
		}
		b.Card[i].Years = ys
	}
	b.Years = nil
	for _, my := range a.Years {
		my.Year += 2
		b.Years = append(b.Years, my)
	}
	return &b
}

// Art. 16.1: past 31-12-2025 without a new agreement in force, the DVO
// 2024-2025 governs, extended tacitly with the choices of 2025; once a
// newer version is in force it governs the dates it covers.
func TestAgreementInForceTacitExtension(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		f := newAgreementFixture(t, db)
		on := werkpad.MustParseDate("2026-06-01")

		got, err := f.s.FindAgreementInForce(f.controller, on)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version == nil || got.Version.Version != "2024-2025" || !got.Extended {
			t.Fatalf("in force on 01-06-2026: %+v, want 2024-2025 extended", got.Version)
		}
		if !got.Agreement.Carried(2026) || got.Agreement.Carried(2025) {
			t.Errorf("carried years %v, want [2026]", got.Agreement.CarriedYears)
		}
		my2025, _ := got.Agreement.MunicipalityYear("GM0268", 2025)
		my2026, ok := got.Agreement.MunicipalityYear("GM0268", 2026)
		if !ok {
			t.Fatal("Nijmegen 2026 not carried")
		}
		if diff := cmp.Diff(my2025.Lines, my2026.Lines); diff != "" {
			t.Errorf("2026 lines differ from 2025 (-2025 +2026):\n%s", diff)
		}
		if my2026.Budget != my2025.Budget || my2026.CarriedFrom != 2025 {
			t.Errorf("2026 budget %v carried from %d, want %v from 2025", my2026.Budget, my2026.CarriedFrom, my2025.Budget)
		}
		// The carried year checks like the year it carries: the card offers
		// in 2026 what it offered in 2025, so no line is outside validity.
		for _, fd := range werkpad.CheckAgreement(got.Agreement) {
			if fd.Year == 2026 && fd.Kind == werkpad.FindingOutsideValidity {
				t.Errorf("carried year outside validity: %+v", fd)
			}
		}

		// Within its own period the agreement is not extended.
		in2025, err := f.s.FindAgreementInForce(f.controller, werkpad.MustParseDate("2025-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		if in2025.Extended || len(in2025.Agreement.CarriedYears) != 0 {
			t.Errorf("31-12-2025 extended: %+v", in2025)
		}

		// A municipality user sees only his own carried years.
		mine, err := f.s.FindAgreementInForce(f.bergEnDal, on)
		if err != nil {
			t.Fatal(err)
		}
		for _, my := range mine.Agreement.Years {
			if my.Municipality != "GM1945" {
				t.Fatalf("Berg en Dal sees %s %d", my.Municipality, my.Year)
			}
		}

		// A newer version in force governs the dates it covers.
		if err := f.s.LoadAgreement(f.controller, shiftedAgreement(f.yaml), false); err != nil {
			t.Fatal(err)
		}
		got, err = f.s.FindAgreementInForce(f.controller, on)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version.Version != "2026-2027" || got.Extended {
			t.Errorf("with 2026-2027 loaded: %s extended=%v, want 2026-2027 not extended", got.Version.Version, got.Extended)
		}
	})
}
