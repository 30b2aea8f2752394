package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"werkpad"
)

// XLSX layout: row 1 a title, row 3 the column headings, from row 4 one row
// per indicator with its key in column A. Sheet "Regio" (when the regional
// part is shown) has: indicator, omschrijving, som gemeenten, vorig jaar
// (som), gepubliceerd, verschil (gepubliceerd − som). Each municipality
// sheet, named after it, has: indicator, omschrijving, waarde, vorig jaar,
// verschil. Figures are numbers in the natural unit; a hidden cell of a
// public export is the text "<5" or "x"; an absent figure is an empty cell.

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
			werr = f.SetCellStyle(name, "A3", "F3", bold)
		}
		if werr == nil {
			werr = f.SetColWidth(name, "A", "A", 30)
		}
		if werr == nil {
			werr = f.SetColWidth(name, "B", "B", 58)
		}
		if werr == nil {
			werr = f.SetColWidth(name, "C", "F", 16)
		}
	}
	row := func(name string, n int, vals []any) {
		if werr == nil {
			werr = f.SetSheetRow(name, fmt.Sprintf("A%d", n), &vals)
		}
	}
	if g := r.Region; g != nil {
		sheet(RegionSheet, r.Title()+" — regio", []any{"indicator", "omschrijving", "som gemeenten", "vorig jaar (som)", "gepubliceerd", "verschil (gepubliceerd − som)"})
		for i, k := range r.Keys {
			vals := []any{string(k), k.Label(), r.xlsxValue(k, g.Sum[k]), nil, nil, nil}
			if r.HasPrevious {
				vals[3] = r.xlsxValue(k, g.PreviousSum[k])
			}
			if f, ok := g.Published[k]; ok {
				vals[4] = f.Value
				if d, ok := g.PublishedDifference(k); ok {
					vals[5] = d
				}
			}
			row(RegionSheet, XLSXFirstRow+i, vals)
		}
	}
	for _, m := range r.Municipalities {
		sheet(m.Name, fmt.Sprintf("%s (%s) — %s", m.Name, m.Code, r.Period), []any{"indicator", "omschrijving", "waarde", "vorig jaar", "verschil"})
		for i, k := range r.Keys {
			vals := []any{string(k), k.Label(), r.xlsxValue(k, m.Values[k]), nil, nil}
			if r.HasPrevious {
				vals[3] = r.xlsxValue(k, m.Previous[k])
				if d, ok := Difference(k, m.Values[k], m.Previous[k]); ok {
					vals[4] = d
				}
			}
			row(m.Name, XLSXFirstRow+i, vals)
		}
	}
	if first { // no municipalities and no region: keep an explanatory sheet
		werr = f.SetCellValue("Sheet1", "A1", "Geen gemeenten in deze rapportage.")
	}
	if werr != nil {
		return fmt.Errorf("report.WriteXLSX: %w", werr)
	}
	return f.Write(w)
}

func (r *Report) xlsxValue(k werkpad.IndicatorKey, c Cell) any {
	if c.Hidden() {
		return r.Text(k, c, false)
	}
	return Number(k, c.Raw)
}
