package dvo

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"werkpad"
)

// EuroFormat is the number format of every amount cell in WriteXLSX. The
// cell holds the number of euros; Excel shows it with the separators of the
// reader's locale, so a Dutch Excel shows € 128.000,00.
const EuroFormat = `"€" #,##0.00`

// Columns of the line table in WriteXLSX, and the header of WriteCSV after
// its municipality and year columns.
var lineHeader = []string{"Item", "Omschrijving", "Aantal", "Eenheid", "Kaartprijs", "Afgesproken", "Verschil", "Artikel"}

// exportLine is one row of the line table: a card line or an extra agreement.
type exportLine struct {
	Kind        string // "keuzekaart" or "extra"
	Item        string // card item name; for an extra whether it counts against the local budget
	Description string
	Quantity    *werkpad.Milli
	Unit        string
	Card        *werkpad.Cents
	Agreed      *werkpad.Cents // nil: the document states no amount
	Difference  *werkpad.Cents
	Article     string
}

func exportLines(a *werkpad.Agreement, my werkpad.MunicipalityYear) []exportLine {
	var out []exportLine
	for _, l := range my.Lines {
		item, _ := a.CardItem(l.Item)
		name := item.Name
		if name == "" {
			name = l.Item
		}
		q, card := l.Quantity, item.PriceFor(l.Quantity)
		x := exportLine{Kind: "keuzekaart", Item: name, Description: l.Description, Quantity: &q, Unit: item.Unit, Card: &card, Article: l.Article}
		if l.HasAgreed {
			agreed, diff := l.Agreed, l.Agreed-card
			x.Agreed, x.Difference = &agreed, &diff
		}
		out = append(out, x)
	}
	for _, e := range my.Extras {
		x := exportLine{Kind: "extra", Item: "buiten keuzekaart, niet uit lokale ruimte", Description: e.Description, Article: e.Article}
		if e.InLocalBudget {
			x.Item = "buiten keuzekaart, uit lokale ruimte"
		}
		if e.HasAmount {
			amount := e.Amount
			x.Agreed = &amount
		}
		out = append(out, x)
	}
	return out
}

type myKey struct {
	code string
	year int
}

// WriteXLSX writes a workbook with one sheet per municipality, named after
// it, in the order of a.Years. Per year: the card lines and extras, the
// totals and the findings. Amounts and quantities are numbers, amounts in
// euros with EuroFormat, so that the sheet can be summed and filtered.
func WriteXLSX(w io.Writer, a *werkpad.Agreement, totals []werkpad.Total, findings []werkpad.Finding) error {
	f := excelize.NewFile()
	defer f.Close()
	euro, err := f.NewStyle(&excelize.Style{CustomNumFmt: new(EuroFormat)})
	if err != nil {
		return fmt.Errorf("dvo.WriteXLSX: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("dvo.WriteXLSX: %w", err)
	}
	totalBy := map[myKey]werkpad.Total{}
	for _, t := range totals {
		totalBy[myKey{t.Municipality, t.Year}] = t
	}
	findingsBy := map[myKey][]werkpad.Finding{}
	for _, x := range findings {
		k := myKey{x.Municipality, x.Year}
		findingsBy[k] = append(findingsBy[k], x)
	}

	next := map[string]int{} // sheet → next free row
	var sheets []string
	for _, my := range a.Years {
		sheet := my.Name
		if sheet == "" {
			sheet = my.Municipality
		}
		// Sheet writers below only fail on a bad cell reference or sheet
		// name; the first error is kept and returned.
		var werr error
		set := func(col string, row int, v any, style int) {
			if werr != nil {
				return
			}
			cell := col + strconv.Itoa(row)
			switch v := v.(type) {
			case werkpad.Cents:
				werr = f.SetCellFloat(sheet, cell, float64(v)/100, -1, 64)
			case werkpad.Milli:
				werr = f.SetCellFloat(sheet, cell, float64(v)/1000, -1, 64)
			default:
				werr = f.SetCellValue(sheet, cell, v)
			}
			if werr == nil && style != 0 {
				werr = f.SetCellStyle(sheet, cell, cell, style)
			}
		}
		if _, ok := next[sheet]; !ok {
			if len(sheets) == 0 {
				werr = f.SetSheetName("Sheet1", sheet)
			} else {
				_, werr = f.NewSheet(sheet)
			}
			sheets = append(sheets, sheet)
			set("A", 1, fmt.Sprintf("%s (%s) – %s", sheet, my.Municipality, a.Name), bold)
			if werr == nil {
				werr = f.SetColWidth(sheet, "A", "A", 34)
			}
			if werr == nil {
				werr = f.SetColWidth(sheet, "B", "B", 60)
			}
			if werr == nil {
				werr = f.SetColWidth(sheet, "C", "H", 15)
			}
			next[sheet] = 3
		}
		row := next[sheet]
		set("A", row, fmt.Sprintf("Jaar %d", my.Year), bold)
		if note := a.PartYear(my.Year); note != "" {
			set("B", row, note, 0)
		}
		row++
		for i, h := range lineHeader {
			set(string(rune('A'+i)), row, h, bold)
		}
		row++
		for _, l := range exportLines(a, my) {
			set("A", row, l.Item, 0)
			set("B", row, l.Description, 0)
			if l.Quantity != nil {
				set("C", row, *l.Quantity, 0)
			}
			set("D", row, l.Unit, 0)
			for col, c := range map[string]*werkpad.Cents{"E": l.Card, "F": l.Agreed, "G": l.Difference} {
				if c != nil {
					set(col, row, *c, euro)
				}
			}
			set("H", row, l.Article, 0)
			row++
		}
		row++
		if t, ok := totalBy[myKey{my.Municipality, my.Year}]; ok {
			for _, r := range []struct {
				label string
				c     werkpad.Cents
			}{
				{"Lokale ruimte", t.BudgetCents},
				{"Volgens keuzekaart", t.CardCents},
				{"Afgesproken", t.AgreedCents},
				{"Resterend (ruimte − afgesproken)", t.RemainingCents()},
				{"Oude verplichtingen (apart)", t.OldObligationsCents},
			} {
				set("A", row, r.label, bold)
				set("F", row, r.c, euro)
				row++
			}
			row++
		}
		set("A", row, "Bevindingen", bold)
		row++
		fs := findingsBy[myKey{my.Municipality, my.Year}]
		if len(fs) == 0 {
			set("B", row, "geen bevindingen", 0)
			row++
		}
		for _, x := range fs {
			set("A", row, severity(x.Kind), 0)
			set("B", row, describe(x), 0)
			set("F", row, x.AmountCents, euro)
			set("H", row, x.Article, 0)
			row++
		}
		next[sheet] = row + 1
		if werr != nil {
			return fmt.Errorf("dvo.WriteXLSX(%s): %w", sheet, werr)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("dvo.WriteXLSX: %w", err)
	}
	return nil
}

// WriteCSV writes one row per line and extra agreement, with the
// municipality and year on every row, for Dutch Excel: UTF-8 with a byte
// order mark, ";" between fields, a decimal comma and no thousands
// separator (128000,00). An amount the document does not state is empty.
func WriteCSV(w io.Writer, a *werkpad.Agreement) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("dvo.WriteCSV: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	header := append([]string{"Gemeentecode", "Gemeente", "Jaar", "Soort"}, lineHeader...)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("dvo.WriteCSV: %w", err)
	}
	amount := func(c *werkpad.Cents) string {
		if c == nil {
			return ""
		}
		return CSVAmount(*c)
	}
	for _, my := range a.Years {
		for _, l := range exportLines(a, my) {
			q := ""
			if l.Quantity != nil {
				q = l.Quantity.String()
			}
			rec := []string{my.Municipality, my.Name, strconv.Itoa(my.Year), l.Kind,
				l.Item, l.Description, q, l.Unit, amount(l.Card), amount(l.Agreed), amount(l.Difference), l.Article}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("dvo.WriteCSV: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("dvo.WriteCSV: %w", err)
	}
	return nil
}

// CSVAmount writes cents as euros with a decimal comma and no grouping:
// 12800000 → "128000,00", -50000 → "-500,00".
func CSVAmount(c werkpad.Cents) string {
	sign := ""
	u := int64(c)
	if u < 0 {
		sign, u = "-", -u
	}
	return fmt.Sprintf("%s%d,%02d", sign, u/100, u%100)
}
