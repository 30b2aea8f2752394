package csvimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"werkpad"
)

// Problem is one thing wrong with one row (or with the header, line 1).
type Problem struct {
	Line    int
	Column  string // "" when the problem is the row as a whole
	Message string
}

// String renders the problem as the import reports it:
// `regel 7, kolom geboortedatum: "31-02-1980" is geen geldige datum ...`.
func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("regel %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("regel %d, kolom %s: %s", p.Line, p.Column, p.Message)
}

// row is one data row: its line and its fields by column name.
type row struct {
	line   int
	fields map[string]string
	// problems found while reading the fields of this row.
	problems []Problem
}

func (r *row) problem(column, format string, args ...any) {
	r.problems = append(r.problems, Problem{Line: r.line, Column: column, Message: fmt.Sprintf(format, args...)})
}

// fail records err (a domain error) against column, or against the column
// its field maps to when column is "".
func (r *row) fail(kind, column string, err error) {
	if column == "" {
		column = Column(kind, werkpad.ErrorField(err))
	}
	r.problem(column, "%s", werkpad.ErrorMessage(err))
}

func (r *row) str(col string) string { return strings.TrimSpace(r.fields[col]) }

// date reads dd-mm-jjjj or jjjj-mm-dd; "" is the zero Date unless required.
func (r *row) date(col string, required bool) werkpad.Date {
	s := r.str(col)
	if s == "" {
		if required {
			r.problem(col, "vul een datum in (dd-mm-jjjj)")
		}
		return werkpad.Date{}
	}
	d, err := werkpad.ParseDate(s)
	if err == nil {
		err = werkpad.CheckDateRange(col, d)
	}
	if err != nil {
		r.problem(col, "%s", werkpad.ErrorMessage(err))
	}
	return d
}

// decimal reads a Dutch decimal with at most two decimals after the comma
// ("24,5", "62,50") as hundredths: 2450. A trailing % is allowed.
func (r *row) decimal(col string) (hundredths int, ok bool) {
	s := strings.TrimSuffix(strings.ReplaceAll(r.str(col), " ", ""), "%")
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ".") {
		r.problem(col, "%q: gebruik een komma als decimaalteken, bijvoorbeeld 24,5", r.str(col))
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ",")
	if len(frac) > 2 || !digits(whole) || (frac != "" && !digits(frac)) {
		r.problem(col, "%q is geen getal met hoogstens twee decimalen, zoals 24,5", r.str(col))
		return 0, false
	}
	frac = (frac + "00")[:2]
	n, err := strconv.Atoi(whole + frac)
	if err != nil {
		r.problem(col, "%q is geen geldig getal", r.str(col))
		return 0, false
	}
	return n, true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// boolean reads ja/nee (also j/n, 1/0, waar/onwaar, true/false); "" is nee.
func (r *row) boolean(col string) bool {
	switch strings.ToLower(r.str(col)) {
	case "", "nee", "n", "0", "onwaar", "false":
		return false
	case "ja", "j", "1", "waar", "true":
		return true
	}
	r.problem(col, "%q: vul ja of nee in", r.str(col))
	return false
}

// reader streams the data rows of a file: a header with exactly the
// columns of cols (any order, any case) and data rows with as many fields
// as the header. It keeps one row in memory at a time.
type reader struct {
	cr     *csv.Reader
	width  int
	index  map[string]int
	order  []string          // the columns of index in file order, so problems come in a stable order
	fields map[string]string // reused for every row
}

// newReader reads the header. Problems with the header (line 1) mean there
// are no rows to read; the error is for a file that cannot be read at all.
func newReader(in io.Reader, cols []string) (*reader, []Problem, error) {
	br := bufio.NewReaderSize(in, 1<<16)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, []Problem{{Line: 1, Message: "het bestand is leeg; verwacht een kopregel: " + strings.Join(cols, ";")}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("kopregel: %w", err)
	}
	var problems []Problem
	for _, h := range header {
		if err := werkpad.CheckLine("", h, werkpad.MaxTextShort); err != nil {
			return nil, []Problem{{Line: 1, Message: "kopregel: " + werkpad.ErrorMessage(err)}}, nil
		}
	}
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case !slices.Contains(cols, h):
			problems = append(problems, Problem{Line: 1, Column: h, Message: "onbekende kolom; bekend zijn: " + strings.Join(cols, ";")})
		case index[h] != 0:
			problems = append(problems, Problem{Line: 1, Column: h, Message: "kolom staat twee keer in de kopregel"})
		default:
			index[h] = i + 1 // 0 means absent
		}
	}
	for _, c := range cols {
		if index[c] == 0 {
			problems = append(problems, Problem{Line: 1, Column: c, Message: "kolom ontbreekt in de kopregel"})
		}
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	order := make([]string, 0, len(index))
	for c := range index {
		order = append(order, c)
	}
	slices.SortFunc(order, func(a, b string) int { return index[a] - index[b] })
	return &reader{cr: cr, width: len(header), index: index, order: order, fields: make(map[string]string, len(index))}, nil, nil
}

// next returns the next data row, or a problem for a line that is not a
// row (unreadable, wrong number of fields); io.EOF at the end. The row is
// valid until the next call.
func (rd *reader) next() (*row, *Problem, error) {
	for {
		rec, err := rd.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &Problem{Line: pe.Line, Message: "onleesbare regel: " + pe.Err.Error()}, nil
		} else if err != nil {
			return nil, nil, err
		}
		line, _ := rd.cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a line of spaces
		}
		if len(rec) != rd.width {
			return nil, &Problem{Line: line, Message: fmt.Sprintf("%d kolommen, verwacht %d (zoals de kopregel)", len(rec), rd.width)}, nil
		}
		r := &row{line: line, fields: rd.fields}
		for _, c := range rd.order {
			i := rd.index[c]
			// The text rules of every entry point: UTF-8 (a Latin-1 file
			// is named here, with its line, never by the database), no
			// control characters, a bounded length.
			v := rec[i-1]
			if err := werkpad.CheckLine(c, v, werkpad.MaxTextShort); err != nil {
				r.problem(c, "%s", werkpad.ErrorMessage(err))
				v = ""
			}
			rd.fields[c] = v
		}
		return r, nil, nil
	}
}

// columns maps the domain's field names (list indexes removed) to the
// columns of each kind of file.
var columns = map[string]map[string]string{
	"candidates": {
		"bsn": "bsn", "voornaam": "voornaam", "tussenvoegsel": "tussenvoegsel", "achternaam": "achternaam",
		"geboortedatum": "geboortedatum", "gemeente": "gemeente", "dienstverlening": "dienst",
		"ingeschrevenOp": "ingeschreven", "uitgeschrevenOp": "ingeschreven",
		"uitkeringen.soort": "uitkering", "uitkeringen.van": "uitkering_van", "uitkeringen.tot": "uitkering_tot",
		"fasen.fase": "fase", "fasen.van": "fase_van", "fasen.tot": "fase_van",
	},
	"placements": {
		"bsn": "bsn", "kandidaatId": "bsn", "werkgever": "werkgever", "periode.van": "van", "periode.tot": "tot",
		"contractMinutenPerWeek": "uren_per_week", "contractsoort": "contract", "loonkostensubsidie": "lks",
		"loonwaardeBasispunten": "loonwaarde", "herbeoordelingOp": "herbeoordeling",
		"detacheringsbaan": "detacheringsbaan", "beschut": "beschut",
	},
	"exits": {
		"bsn": "bsn", "kandidaatId": "bsn", "datum": "datum", "reden": "reden", "plaatsingId": "plaatsing_van",
	},
}

var listIndex = regexp.MustCompile(`\[[0-9]+\]`)

// Column returns the column of a file of kind ("candidates", "placements",
// "exits") that holds the domain field, or "" when none does.
func Column(kind, field string) string {
	return columns[kind][listIndex.ReplaceAllString(field, "")]
}
