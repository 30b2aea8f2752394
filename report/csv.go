package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"werkpad"
)

// CSVHeader are the columns of the CSV export: one row per municipality ×
// indicator, then the region rows (code "REGIO") with the published figure
// and the difference published − sum (hoofdstuk "indicatoren"). Then one
// row per figure of the chapters (hoofdstuk "sw", "lks", "financien"):
// gemeentecode (empty for a finance row about no municipality), gemeente
// (the row's label), indicator "table.row.column", omschrijving (the
// column), groep (the table's title), eenheid and waarde. Finance check
// findings follow with hoofdstuk "financien_controle": waarde is the
// published figure, gepubliceerd too, and verschil_gepubliceerd is published
// − computed; omschrijving says rounding or inconsistent.
var CSVHeader = []string{"gemeentecode", "gemeente", "indicator", "omschrijving", "groep", "eenheid",
	"waarde", "vorig_jaar", "verschil_vorig_jaar", "gepubliceerd", "verschil_gepubliceerd", "hoofdstuk"}

// ChapterIndicators is the hoofdstuk of the indicator rows of the CSV export.
const ChapterIndicators = "indicatoren"

// RegionCode is the code of the region rows of the CSV export.
const RegionCode = "REGIO"

// WriteCSV writes r for Dutch spreadsheets: ';' between fields, decimal
// comma, no thousands separator, UTF-8 with a byte order mark.
func (r *Report) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	row := func(code, name string, k werkpad.IndicatorKey, v, prev Cell, pub *Figure, pubDiff string) error {
		rec := []string{code, name, string(k), k.Label(), k.Group(), unitText(k), r.Text(k, v, false), "", "", "", "", ChapterIndicators}
		if r.HasPrevious {
			rec[7] = r.Text(k, prev, false)
			if d, ok := Difference(k, v, prev); ok {
				rec[8] = Dutch(d, decimals(k), false)
			}
		}
		if pub != nil {
			rec[9] = Dutch(pub.Value, decimals(k), false)
			rec[10] = pubDiff
		}
		return cw.Write(rec)
	}
	for _, m := range r.Municipalities {
		for _, k := range r.Keys {
			if err := row(m.Code, m.Name, k, m.Values[k], m.Previous[k], nil, ""); err != nil {
				return err
			}
		}
	}
	if g := r.Region; g != nil {
		for _, k := range r.Keys {
			var pub *Figure
			diff := ""
			if f, ok := g.Published[k]; ok {
				pub = &f
				if d, ok := g.PublishedDifference(k); ok {
					diff = Dutch(d, decimals(k), false)
				}
			}
			if err := row(RegionCode, "Regio (som van de gemeenten)", k, g.Sum[k], g.PreviousSum[k], pub, diff); err != nil {
				return err
			}
		}
	}
	for _, t := range r.chapterTables() {
		if len(t.Columns) == 0 { // a chapter that could not be computed: its reason
			rec := []string{"", "", t.Key, strings.Join(t.Notes, " "), t.Title, t.Unit, "", "", "", "", "", t.Chapter}
			if err := cw.Write(rec); err != nil {
				return err
			}
			continue
		}
		for _, row := range t.Rows {
			for i, c := range t.Columns {
				rec := []string{row.Code, row.Label, t.Key + "." + row.Key + "." + c.Key, c.Label, t.Title, t.Unit,
					row.Cells[i].Text(), "", "", "", "", t.Chapter}
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
		for _, f := range t.Findings {
			p := strconv.FormatInt(f.Published, 10)
			rec := []string{"", "", t.Key + "." + f.Row + "." + f.Column, findingText(f), t.Title, t.Unit,
				p, "", "", p, strconv.FormatInt(f.Difference, 10), ChapterFinance + "_controle"}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// unitText names the unit in Dutch.
func unitText(k werkpad.IndicatorKey) string {
	switch k.Unit() {
	case werkpad.UnitHundredths:
		return "uur per week"
	case werkpad.UnitBasisPoint:
		return "procent"
	case werkpad.UnitMinutes:
		return "minuten per week"
	}
	return "aantal"
}
