package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"werkpad"
)

// XLSX layout: row 1 a title, row 3 the column headings, from row 4 one row
// per indicator with its Dutch label in column A and its key in column B.
// Sheet "Regio" (when the regional part is shown) has: indicator, sleutel,
// som gemeenten, vorig jaar (som), gepubliceerd, verschil (gepubliceerd −
// som). Each municipality sheet, named after it, has: indicator, sleutel,
// waarde, vorig jaar, verschil. Figures are numbers in the natural unit with
// a number format (thousands grouping, decimals, %, €), so that Excel shows
// them the Dutch way in a Dutch locale; a hidden cell of a public export is
// the text "<5" or "x"; an absent figure is an empty cell. Every sheet
// declares the range it uses (<dimension>).

// chapterSheetSpec is one chapter sheet: its name and its tables.
type chapterSheetSpec struct {
	sheet  string
	tables []chTable
}

// RegionSheet is the name of the sheet with the regional part.
const RegionSheet = "Regio"

// XLSXFirstRow is the row of the first indicator on every sheet.
const XLSXFirstRow = 4

// WriteXLSX writes r as a workbook.
func (r *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("report.WriteXLSX: %w", err)
	}
	styles := xlsxStyles{f: f, ids: map[string]int{}}
	first := true
	var werr error
	sheet := func(name, title string, header []any) {
		if werr != nil {
			return
		}
		if first {
			werr = f.SetSheetName("Sheet1", name)
			first = false
		} else {
			_, werr = f.NewSheet(name)
		}
		if werr == nil {
			werr = f.SetCellValue(name, "A1", title)
		}
		if werr == nil {
			werr = f.SetCellStyle(name, "A1", "A1", bold)
		}
		if werr == nil {
			werr = f.SetSheetRow(name, "A3", &header)
		}
		if werr == nil {
			werr = f.SetCellStyle(name, "A3", "H3", bold)
		}
		if werr == nil {
			werr = f.SetColWidth(name, "A", "A", 58)
		}
		if werr == nil {
			werr = f.SetColWidth(name, "B", "B", 30)
		}
		if werr == nil {
			werr = f.SetColWidth(name, "C", "H", 16)
		}
	}
	row := func(name string, n int, k werkpad.IndicatorKey, vals []any) {
		if werr == nil {
			werr = f.SetSheetRow(name, fmt.Sprintf("A%d", n), &vals)
		}
		if werr == nil {
			werr = styles.apply(name, fmt.Sprintf("C%d", n), fmt.Sprintf("%c%d", 'A'+len(vals)-1, n), indicatorFormat(k))
		}
	}
	if g := r.Region; g != nil {
		sheet(RegionSheet, r.Title()+" — "+g.SumLabel()+" naast "+g.PublishedLabel(), []any{"indicator", "sleutel", "som gemeenten", "vorig jaar (som)", "gepubliceerd", "verschil (gepubliceerd − som)",
			"vorig jaar gepubliceerd", "verschil vorig jaar (gepubliceerd − som)"})
		for i, k := range r.Keys {
			vals := []any{k.Label(), string(k), r.xlsxValue(k, g.Sum[k]), nil, nil, nil, nil, nil}
			if f, ok := g.PublishedPrevious[k]; ok && r.HasPrevious {
				vals[6] = f.Value
				if d, ok := g.PublishedPreviousDifference(k); ok {
					vals[7] = d
				}
			}
			if r.HasPrevious {
				vals[3] = r.xlsxValue(k, g.PreviousSum[k])
			}
			if f, ok := g.Published[k]; ok {
				vals[4] = f.Value
				if d, ok := g.PublishedDifference(k); ok {
					vals[5] = d
				}
			}
			row(RegionSheet, XLSXFirstRow+i, k, vals)
		}
	}
	for _, m := range r.Municipalities {
		sheet(m.Name, fmt.Sprintf("%s (%s) — %s", m.Name, m.Code, r.Period), []any{"indicator", "sleutel", "waarde", "vorig jaar", "verschil"})
		for i, k := range r.Keys {
			vals := []any{k.Label(), string(k), r.xlsxValue(k, m.Values[k]), nil, nil}
			if r.HasPrevious {
				vals[3] = r.xlsxValue(k, m.Previous[k])
				if d, ok := Difference(k, m.Values[k], m.Previous[k]); ok {
					vals[4] = d
				}
			}
			row(m.Name, XLSXFirstRow+i, k, vals)
		}
	}
	sheets := []chapterSheetSpec{{SWSheet, r.swTables()}, {LKSSheet, r.lksTables()}, {FinanceSheet, r.financeTables()}}
	for _, c := range r.cycleChapters() {
		sheets = append(sheets, chapterSheetSpec{c.Sheet, c.Tables})
	}
	for _, ch := range sheets {
		if len(ch.tables) == 0 || werr != nil {
			continue
		}
		if first {
			werr, first = f.SetSheetName("Sheet1", ch.sheet), false
		} else {
			_, werr = f.NewSheet(ch.sheet)
		}
		if werr == nil {
			werr = chapterSheet(f, ch.sheet, r.Title()+" — "+ch.sheet, ch.tables, bold, styles)
		}
	}
	if first { // no municipalities and no region: keep an explanatory sheet
		werr = f.SetCellValue("Sheet1", "A1", "Geen gemeenten in deze rapportage.")
	}
	for _, name := range f.GetSheetList() {
		if werr == nil {
			werr = setDimension(f, name)
		}
	}
	if werr != nil {
		return fmt.Errorf("report.WriteXLSX: %w", werr)
	}
	return f.Write(w)
}

// Chapter sheets. XLSX layout of the sheets "SW", "LKS" and "Financiën":
// row 1 a title; then per table a row with "tabel" in column A, the table
// key in B and the title in C; its notes in column B below; a row with
// "omschrijving", "rij" and the column labels; a row with "kolom" in A and
// the column keys from C; then one row per table row: its label in A, the
// row key in B, the figures from C (with a number format: €, %, decimals). A finance table's findings follow
// under a row with "controle" in A. An empty row ends a table.
const (
	SWSheet      = "SW"
	LKSSheet     = "LKS"
	FinanceSheet = "Financiën"
)

func chapterSheet(f *excelize.File, sheet, title string, tables []chTable, bold int, styles xlsxStyles) error {
	n := 1
	put := func(vals ...any) error {
		err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", n), &vals)
		n++
		return err
	}
	if err := put(title); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", bold); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 44); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "B", 28); err != nil {
		return err
	}
	for _, t := range tables {
		n++
		if err := f.SetCellStyle(sheet, fmt.Sprintf("A%d", n), fmt.Sprintf("C%d", n), bold); err != nil {
			return err
		}
		if err := put("tabel", t.Key, t.Title+" ("+t.Unit+")"); err != nil {
			return err
		}
		for _, note := range t.Notes {
			if err := put(nil, note); err != nil {
				return err
			}
		}
		labels, keys := []any{"omschrijving", "rij"}, []any{"kolom", nil}
		for _, c := range t.Columns {
			labels, keys = append(labels, c.Label), append(keys, c.Key)
		}
		if err := put(labels...); err != nil {
			return err
		}
		if err := put(keys...); err != nil {
			return err
		}
		for _, row := range t.Rows {
			vals := []any{row.Label, row.Key}
			for i, c := range row.Cells {
				vals = append(vals, c.Value())
				if i < len(t.Columns) {
					cell, _ := excelize.CoordinatesToCellName(3+i, n)
					if err := styles.apply(sheet, cell, cell, chapterFormat(t, t.Columns[i], c)); err != nil {
						return err
					}
				}
			}
			if err := put(vals...); err != nil {
				return err
			}
		}
		if len(t.Findings) > 0 {
			n++
			if err := put("controle", "rij", "kolom", "soort", "controle", "gepubliceerd", "berekend", "verschil", "afrondingsmarge"); err != nil {
				return err
			}
			for _, fd := range t.Findings {
				if err := put(nil, fd.Row, fd.Column, string(fd.Kind), string(fd.Check), fd.Published, fd.Computed, fd.Difference, fd.Tolerance); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (r *Report) xlsxValue(k werkpad.IndicatorKey, c Cell) any {
	if c.Hidden() {
		return r.Text(k, c, false)
	}
	return Number(k, c.Raw)
}

// xlsxStyles makes one cell style per number format.
type xlsxStyles struct {
	f   *excelize.File
	ids map[string]int
}

func (s xlsxStyles) apply(sheet, from, to, format string) error {
	if format == "" {
		return nil
	}
	id, ok := s.ids[format]
	if !ok {
		var err error
		if id, err = s.f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
			return err
		}
		s.ids[format] = id
	}
	return s.f.SetCellStyle(sheet, from, to, id)
}

// Number formats. The codes are locale-neutral: Excel in a Dutch locale
// shows "#,##0.00" as 1.234,56.
const (
	fmtCount   = "#,##0"
	fmtDec1    = "#,##0.0"
	fmtDec2    = "#,##0.00"
	fmtDec3    = "#,##0.000"
	fmtPercent = `#,##0.0" %"`
	fmtPct2    = `#,##0.00" %"`
	fmtEuro    = `"€ "#,##0.00;"€ "\-#,##0.00`
	fmtEuro0   = `"€ "#,##0;"€ "\-#,##0`
)

func decimalFormat(dec int) string {
	switch dec {
	case 0:
		return fmtCount
	case 1:
		return fmtDec1
	case 2:
		return fmtDec2
	}
	return fmtDec3
}

// indicatorFormat is the number format of an indicator's figures.
func indicatorFormat(k werkpad.IndicatorKey) string {
	switch k.Unit() {
	case werkpad.UnitBasisPoint:
		return fmtPct2
	case werkpad.UnitHundredths:
		return fmtDec2
	}
	return fmtCount
}

// chapterFormat is the number format of a chapter cell: euro amounts with
// €, percentages with %, amounts of a "× € 1.000" table grouped, and
// everything else with its own decimals.
func chapterFormat(t chTable, col chColumn, c chCell) string {
	label := strings.ToLower(col.Label)
	switch {
	case t.Unit == "€" || strings.Contains(label, "(€)"):
		if c.Dec == 0 {
			return fmtEuro0
		}
		return fmtEuro
	case t.Unit == "procent" || strings.Contains(label, "(%)"):
		if c.Dec == 2 {
			return fmtPct2
		}
		return fmtPercent
	}
	return decimalFormat(c.Dec)
}

// setDimension writes the used range of sheet into its <dimension>, which
// excelize otherwise leaves at A1.
func setDimension(f *excelize.File, sheet string) error {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	cols := 1
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	last, err := excelize.CoordinatesToCellName(cols, max(len(rows), 1))
	if err != nil {
		return err
	}
	return f.SetSheetDimension(sheet, "A1:"+last)
}
