package werkpad_test

import (
	"math"
	"testing"

	"werkpad"
)

func TestFormatEuro(t *testing.T) {
	for _, tt := range []struct {
		in   werkpad.Cents
		want string
	}{
		{0, "€ 0,00"},
		{5, "€ 0,05"},
		{123456, "€ 1.234,56"},
		{12800000, "€ 128.000,00"},
		{150000000, "€ 1.500.000,00"},
		{-123456, "-€ 1.234,56"},
		{-50, "-€ 0,50"},
		{math.MinInt64, "-€ 92.233.720.368.547.758,08"},
	} {
		if got := werkpad.FormatEuro(tt.in); got != tt.want {
			t.Errorf("FormatEuro(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseEuro(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want werkpad.Cents
	}{
		{"1.234,56", 123456},
		{"€ 1.234,56", 123456},
		{"€1.234,56", 123456},
		{"1234,5", 123450},
		{"1234", 123400},
		{"0,05", 5},
		{"-€ 1.234,56", -123456},
		{"€ -12,50", -1250},
		{"€ 128k", 12800000},
		{"€  85k", 8500000},
		{"€   9k", 900000},
		{"€ 1,5 mln.", 150000000},
		{"€1,1 miljoen", 110000000},
		{"1,4 miljoen", 140000000},
		{"5.000 euro", 500000},
		{"€310.000", 31000000},
		{"€ 1.500.000,00", 150000000},
	} {
		got, err := werkpad.ParseEuro(tt.in)
		if err != nil {
			t.Errorf("ParseEuro(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseEuro(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestParseEuroRefuses(t *testing.T) {
	for _, in := range []string{
		"", "€", "abc", "12.34", "1.23,45", "1,234,5", "1,", "€ 1,005",
		"1.2345", "k", "12 34", "999999999999999999",
	} {
		if _, err := werkpad.ParseEuro(in); err == nil {
			t.Errorf("ParseEuro(%q): no error", in)
		} else if werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("ParseEuro(%q): code %q, want %q", in, werkpad.ErrorCode(err), werkpad.EINVALID)
		}
	}
	// Round trip: what we print, we read back.
	for _, c := range []werkpad.Cents{0, 1, 99, 100, 123456, -987654321} {
		got, err := werkpad.ParseEuro(werkpad.FormatEuro(c))
		if err != nil || got != c {
			t.Errorf("ParseEuro(FormatEuro(%d)) = %d, %v", c, got, err)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0 signalen"}, {1, "1 signaal"}, {2, "2 signalen"}, {1234, "1.234 signalen"}} {
		if got := werkpad.Plural(tc.n, "signaal", "signalen"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
