package werkpad_test

import (
	"testing"

	"werkpad"
)

func TestVersionInForce(t *testing.T) {
	v2425 := &werkpad.AgreementVersion{Version: "2024-2025", From: "2024-07-01", To: "2025-12-31", Status: werkpad.AgreementInForceStatus}
	v2627 := &werkpad.AgreementVersion{Version: "2026-2027", From: "2026-01-01", To: "2027-12-31", Status: werkpad.AgreementInForceStatus}
	concept := &werkpad.AgreementVersion{Version: "2026-2027", From: "2026-01-01", To: "2027-12-31", Status: werkpad.AgreementConcept}
	late := &werkpad.AgreementVersion{Version: "2026-2027", From: "2026-07-01", To: "2027-12-31", Status: werkpad.AgreementInForceStatus}
	tests := []struct {
		name     string
		versions []*werkpad.AgreementVersion
		on       string
		want     string
		extended bool
	}{
		{"within the period", []*werkpad.AgreementVersion{v2425}, "2025-12-31", "2024-2025", false},
		{"after the period, no newer one", []*werkpad.AgreementVersion{v2425}, "2026-06-01", "2024-2025", true},
		{"a newer one in force", []*werkpad.AgreementVersion{v2627, v2425}, "2026-06-01", "2026-2027", false},
		{"a newer concept does not count", []*werkpad.AgreementVersion{concept, v2425}, "2026-06-01", "2024-2025", true},
		{"a newer one not yet started", []*werkpad.AgreementVersion{late, v2425}, "2026-06-01", "2024-2025", true},
		{"before any agreement", []*werkpad.AgreementVersion{v2425}, "2024-06-30", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ext, ok := werkpad.VersionInForce(tt.versions, werkpad.MustParseDate(tt.on))
			got := ""
			if ok {
				got = v.Version
			}
			if got != tt.want || ext != tt.extended {
				t.Errorf("VersionInForce(%s) = %q extended=%v, want %q extended=%v", tt.on, got, ext, tt.want, tt.extended)
			}
		})
	}
}

func TestExtendedThrough(t *testing.T) {
	a := &werkpad.Agreement{Version: "x", Name: "x", From: "2024-07-01", To: "2025-12-31",
		Card: []werkpad.CardItem{{Code: "a", UnitPrice: 100, Years: []int{2024, 2025}}, {Code: "z", UnitPrice: 5, Years: []int{2024}}},
		Years: []werkpad.MunicipalityYear{
			{Municipality: "GM0268", Year: 2024, Budget: 10, Lines: []werkpad.Line{{Item: "z", Quantity: 1000}}},
			{Municipality: "GM0268", Year: 2025, Budget: 20, Lines: []werkpad.Line{{Item: "a", Quantity: 2000}}},
		}}
	b := a.ExtendedThrough(2027)
	if len(a.Years) != 2 || len(a.Card[0].Years) != 2 {
		t.Fatal("ExtendedThrough changed its receiver")
	}
	for _, y := range []int{2026, 2027} {
		my, ok := b.MunicipalityYear("GM0268", y)
		if !ok || my.Budget != 20 || my.CarriedFrom != 2025 || len(my.Lines) != 1 || my.Lines[0].Item != "a" {
			t.Errorf("%d: %+v, want the 2025 choices carried", y, my)
		}
	}
	if it, _ := b.CardItem("a"); !it.OfferedIn(2027) {
		t.Error("item offered in 2025 not offered in 2027")
	}
	if it, _ := b.CardItem("z"); it.OfferedIn(2026) {
		t.Error("item retired before 2025 offered in 2026")
	}
	if b.ExtendedTo != "2027-12-31" {
		t.Errorf("ExtendedTo %q", b.ExtendedTo)
	}
	if a.ExtendedThrough(2025) != a {
		t.Error("no extension within the period")
	}
}
