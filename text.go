package werkpad

import (
	"unicode/utf8"
)

// Text rules, one set for every way text comes in: the API, the forms and
// the import. A text is valid UTF-8, has no control characters (no NUL, no
// ESC that starts an ANSI escape sequence, none of C0 or C1 but tab and
// line breaks) and is at most a given number of characters long.
const (
	// MaxTextShort bounds names, titles, codes and other one-line values.
	MaxTextShort = 200
	// MaxTextLong bounds notes, reasons and explanations; no text of any
	// field is longer.
	MaxTextLong = 4000
)

// CheckText applies the text rules to one value of field; max counts
// characters (runes), not bytes.
func CheckText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return FieldError(field, "De tekst is geen geldige UTF-8. Sla het bestand op als UTF-8 (niet Latin-1/Windows-1252).")
	}
	n := 0
	for _, r := range s {
		n++
		if isControl(r) {
			return FieldError(field, "De tekst bevat een stuurteken (U+%04X); dat is niet toegestaan.", r)
		}
	}
	if n > max {
		return FieldError(field, "De tekst is %d tekens lang; hoogstens %d is toegestaan.", n, max)
	}
	return nil
}

// CheckLine is CheckText for a one-line value: no tab or line break either.
func CheckLine(field, s string, max int) error {
	for _, r := range s {
		if r == '\t' || r == '\n' || r == '\r' {
			return FieldError(field, "De tekst bevat een tab of regelovergang; dit veld is één regel.")
		}
	}
	return CheckText(field, s, max)
}

// CheckRawText checks bytes that must be UTF-8 text (a request body, a line
// of an import file) before they are decoded.
func CheckRawText(field string, b []byte) error {
	if !utf8.Valid(b) {
		return FieldError(field, "De tekst is geen geldige UTF-8. Sla het bestand op als UTF-8 (niet Latin-1/Windows-1252).")
	}
	return nil
}

// isControl reports the characters that have no place in stored text: C0
// controls other than tab, LF and CR, DEL, and the C1 controls.
func isControl(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	}
	return false
}

// The range of a date typed by a person or read from a file: anything
// outside it is a typing error (01-01-0001, 2924 for 2024), not history.
var (
	MinInputDate = Date{Y: 1900, M: 1, D: 1}
	MaxInputDate = Date{Y: 2100, M: 12, D: 31}
)

// CheckDateRange refuses a set date outside [MinInputDate, MaxInputDate];
// the zero Date (not set) passes.
func CheckDateRange(field string, d Date) error {
	if d.IsZero() {
		return nil
	}
	if d.Before(MinInputDate) || d.After(MaxInputDate) {
		return FieldError(field, "De datum %s ligt niet tussen %s en %s.", d.Dutch(), MinInputDate.Dutch(), MaxInputDate.Dutch())
	}
	return nil
}

// Text is one text field of a record with its limit; Line marks a
// one-line value.
type Text struct {
	Field string
	Value string
	Max   int
	Line  bool
}

// CheckTexts applies the text rules to each field in turn and returns the
// first error, with its field.
func CheckTexts(ts ...Text) error {
	for _, t := range ts {
		check := CheckText
		if t.Line {
			check = CheckLine
		}
		if err := check(t.Field, t.Value, t.Max); err != nil {
			return err
		}
	}
	return nil
}

// name is a one-line text of MaxTextShort; note a text of MaxTextLong.
func name(field, v string) Text { return Text{Field: field, Value: v, Max: MaxTextShort, Line: true} }
func note(field, v string) Text { return Text{Field: field, Value: v, Max: MaxTextLong} }
