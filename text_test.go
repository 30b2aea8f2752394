package werkpad_test

import (
	"strings"
	"testing"

	"werkpad"
)

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		name, s string
		max     int
		line    bool
		ok      bool
	}{
		{"plain", "Jan de Vries", 200, true, true},
		{"accents and emoji", "Renée Müller 👍", 200, true, true},
		{"at the limit in characters, not bytes", strings.Repeat("é", 10), 10, true, true},
		{"over the limit", strings.Repeat("a", 11), 10, true, false},
		{"NUL", "a\x00b", 200, false, false},
		{"ANSI escape", "\x1b[31mrood", 200, false, false},
		{"DEL", "a\x7fb", 200, false, false},
		{"C1 control", "a\u0085b", 200, false, false},
		{"Latin-1 byte", "caf\xe9", 200, false, false},
		{"line break in a note", "regel 1\nregel 2", 200, false, true},
		{"line break in a one-line field", "regel 1\nregel 2", 200, true, false},
		{"tab in a one-line field", "a\tb", 200, true, false},
	} {
		check := werkpad.CheckText
		if tc.line {
			check = werkpad.CheckLine
		}
		err := check("veld", tc.s, tc.max)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok = %v", tc.name, err, tc.ok)
		}
		if err != nil && werkpad.ErrorField(err) != "veld" {
			t.Errorf("%s: field %q, want veld", tc.name, werkpad.ErrorField(err))
		}
	}
}

func TestCheckDateRange(t *testing.T) {
	for _, tc := range []struct {
		d  werkpad.Date
		ok bool
	}{
		{werkpad.Date{}, true},
		{werkpad.MustParseDate("1900-01-01"), true},
		{werkpad.MustParseDate("2100-12-31"), true},
		{werkpad.MustParseDate("0001-01-01"), false},
		{werkpad.MustParseDate("1899-12-31"), false},
		{werkpad.MustParseDate("2101-01-01"), false},
	} {
		if err := werkpad.CheckDateRange("datum", tc.d); (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok = %v", tc.d, err, tc.ok)
		}
	}
}
