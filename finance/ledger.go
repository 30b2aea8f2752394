package finance

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"werkpad"
)

// LedgerHeader is the header line of a ledger CSV file.
const LedgerHeader = "tabel;rij;kolom;bedrag"

// LedgerLine is one data line of a ledger CSV file, not yet resolved
// against the tables.
type LedgerLine struct {
	Line               int
	Table, Row, Column string
	Amount             string
}

// ParseLedger reads a ledger CSV file: UTF-8 with or without BOM,
// semicolon separated, header "tabel;rij;kolom;bedrag" (see README.md,
// "Financiën importeren"). It returns the good lines and an error per bad
// line (field "regel N"); empty lines are skipped.
func ParseLedger(r io.Reader) ([]LedgerLine, []error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	bad := func(line int, format string, args ...any) error {
		return &werkpad.Error{Code: werkpad.EINVALID, Field: fmt.Sprintf("regel %d", line), Message: fmt.Sprintf(format, args...)}
	}
	var lines []LedgerLine
	var errs []error
	header := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			errs = append(errs, bad(pe.Line, "Onleesbare CSV-regel: %v.", pe.Err))
			continue
		} else if err != nil {
			return nil, append(errs, err)
		}
		line, _ := cr.FieldPos(0)
		if header {
			header = false
			got := strings.ToLower(strings.Join(trimAll(rec), ";"))
			if got != LedgerHeader {
				return nil, append(errs, bad(line, "De kopregel moet %q zijn, niet %q.", LedgerHeader, strings.Join(rec, ";")))
			}
			continue
		}
		rec = trimAll(rec)
		if len(rec) != 4 {
			errs = append(errs, bad(line, "%d velden in plaats van 4 (tabel;rij;kolom;bedrag).", len(rec)))
			continue
		}
		if missing := firstEmpty(rec); missing != "" {
			errs = append(errs, bad(line, "Het veld %s is leeg.", missing))
			continue
		}
		lines = append(lines, LedgerLine{Line: line, Table: rec[0], Row: rec[1], Column: rec[2], Amount: rec[3]})
	}
	if header {
		errs = append(errs, bad(1, "Het bestand is leeg; de eerste regel moet %q zijn.", LedgerHeader))
	}
	return lines, errs
}

func trimAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, f := range rec {
		out[i] = strings.TrimSpace(f)
	}
	return out
}

func firstEmpty(rec []string) string {
	for i, name := range []string{"tabel", "rij", "kolom", "bedrag"} {
		if rec[i] == "" {
			return name
		}
	}
	return ""
}

// ResolveLedger reads the amounts of lines in the unit of their cell (the
// table's unit, tenths for a column with one decimal) and checks them
// against tables. It returns the updates of the good lines and an error per
// bad line.
func ResolveLedger(tables []*werkpad.FinanceTable, lines []LedgerLine) ([]werkpad.FinanceCellUpdate, []error) {
	byKey := map[string]*werkpad.FinanceTable{}
	for _, t := range tables {
		byKey[t.Key] = t
	}
	var updates []werkpad.FinanceCellUpdate
	var errs []error
	for _, l := range lines {
		u := werkpad.FinanceCellUpdate{Line: l.Line, Table: l.Table, Row: l.Row, Column: l.Column}
		if t := byKey[l.Table]; t != nil {
			if c, ok := t.Column(l.Column); ok {
				v, err := ParseAmount(l.Amount, c.Decimals)
				if err != nil {
					errs = append(errs, &werkpad.Error{Code: werkpad.EINVALID, Field: fmt.Sprintf("regel %d", l.Line),
						Message: fmt.Sprintf("%s (eenheid van tabel %s: %s).", werkpad.ErrorMessage(err), t.Key, t.UnitLabel())})
					continue
				}
				u.Amount = v
			}
		}
		updates = append(updates, u)
	}
	// Unknown tables, rows, columns and duplicates.
	bad := werkpad.ValidateFinanceCellUpdates(tables, updates)
	badLines := map[string]bool{}
	for _, e := range bad {
		badLines[werkpad.ErrorField(e)] = true
	}
	var good []werkpad.FinanceCellUpdate
	for _, u := range updates {
		if !badLines[fmt.Sprintf("regel %d", u.Line)] {
			good = append(good, u)
		}
	}
	errs = append(errs, bad...)
	SortByLine(errs)
	return good, errs
}

// SortByLine orders line errors (field "regel N") by N.
func SortByLine(errs []error) {
	line := func(e error) int {
		var n int
		fmt.Sscanf(werkpad.ErrorField(e), "regel %d", &n)
		return n
	}
	sort.SliceStable(errs, func(i, j int) bool { return line(errs[i]) < line(errs[j]) })
}

// FormatAmount prints an amount the way the report does: "22.306",
// "-3.609", "1.034,2" for a column with one decimal.
func FormatAmount(v int64, decimals int) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	scale := int64(1)
	for range decimals {
		scale *= 10
	}
	whole, frac := v/scale, v%scale
	digits := fmt.Sprint(whole)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(d)
	}
	if decimals > 0 {
		fmt.Fprintf(&b, ",%0*d", decimals, frac)
	}
	return sign + b.String()
}
