package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func TestAmendedHalves(t *testing.T) {
	for _, tc := range []struct {
		year int
		from string
		want []int
	}{
		{2025, "2024-11-01", []int{1, 2}},
		{2025, "2025-01-01", []int{1, 2}},
		{2025, "2025-06-30", []int{1, 2}},
		{2025, "2025-07-01", []int{2}},
		{2025, "2025-12-31", []int{2}},
		{2024, "2025-01-01", nil},
	} {
		if diff := cmp.Diff(tc.want, werkpad.AmendedHalves(tc.year, werkpad.MustParseDate(tc.from))); diff != "" {
			t.Errorf("%d from %s (-want +got):\n%s", tc.year, tc.from, diff)
		}
	}
}

func TestWithAmendments(t *testing.T) {
	orig := []werkpad.Line{line("participatiecoaching", 1000, 85_000_00, "a")}
	first := []werkpad.Line{line("participatiecoaching", 500, 42_500_00, "w1")}
	second := []werkpad.Line{line("maatwerkinterventie", 10_000, 30_000_00, "w2")}
	a := &werkpad.Agreement{From: "2024-07-01", To: "2025-12-31", Card: testCard, Years: []werkpad.MunicipalityYear{
		{Municipality: "GM0209", Year: 2025, Lines: orig},
		{Municipality: "GM0225", Year: 2025, Lines: orig},
	}}
	ams := []*werkpad.Amendment{
		// Given out of order: applied by effective date.
		{ID: 3, Municipality: "GM0209", Year: 2025, EffectiveFrom: werkpad.MustParseDate("2025-07-01"), Status: werkpad.AmendmentInForce, After: second},
		{ID: 1, Municipality: "GM0209", Year: 2025, EffectiveFrom: werkpad.MustParseDate("2025-04-01"), Status: werkpad.AmendmentInForce, After: first},
		{ID: 2, Municipality: "GM0225", Year: 2025, EffectiveFrom: werkpad.MustParseDate("2025-01-01"), Status: werkpad.AmendmentDraft, After: second},
	}
	for _, tc := range []struct {
		on          string
		want, want2 []werkpad.Line
	}{
		{"2025-03-31", orig, orig},
		{"2025-04-01", first, orig},
		{"2025-07-01", second, orig}, // a draft never applies
	} {
		got := a.WithAmendments(ams, werkpad.MustParseDate(tc.on))
		if diff := cmp.Diff(tc.want, got.Years[0].Lines); diff != "" {
			t.Errorf("GM0209 on %s (-want +got):\n%s", tc.on, diff)
		}
		if diff := cmp.Diff(tc.want2, got.Years[1].Lines); diff != "" {
			t.Errorf("GM0225 on %s (-want +got):\n%s", tc.on, diff)
		}
	}
	if diff := cmp.Diff(orig, a.Years[0].Lines); diff != "" {
		t.Errorf("WithAmendments changed its input:\n%s", diff)
	}
}

func TestValidateAmendmentLines(t *testing.T) {
	a := &werkpad.Agreement{Card: testCard}
	for _, tc := range []struct {
		name  string
		year  int
		l     werkpad.Line
		field string
	}{
		{"valid", 2024, line("zorgjongeren", 4000, 12_000_00, ""), ""},
		{"unknown item", 2024, line("kwartiermaker", 1000, 0, ""), "regels[0].item"},
		{"negative quantity", 2024, line("zorgjongeren", -1, 0, ""), "regels[0].aantal"},
		{"negative amount", 2024, line("zorgjongeren", 1000, -1, ""), "regels[0].bedrag"},
		{"outside validity", 2025, line("zorgjongeren", 1000, 3_000_00, ""), "regels[0].item"},
	} {
		err := werkpad.ValidateAmendmentLines(a, tc.year, []werkpad.Line{tc.l})
		if werkpad.ErrorField(err) != tc.field || (tc.field == "") != (err == nil) {
			t.Errorf("%s: got %v, want field %q", tc.name, err, tc.field)
		}
	}
}
