package report

import (
	"fmt"
	"strconv"
	"strings"

	"werkpad"
)

// The chapters Sociale werkvoorziening, Loonkostensubsidies and Financiën.
// Each chapter is laid out once as tables (chTable); every format writes
// those tables, so that the formats agree by construction. A figure is
// identified by chapter, table key, row key and column key in every format:
// the JSON keys, the CSV column "indicator" (table.row.column) and the key
// row and column of the XLSX sheets.

// Chapter keys, as they appear in the JSON and in the CSV column hoofdstuk.
const (
	ChapterSW      = "sw"
	ChapterLKS     = "lks"
	ChapterFinance = "financien"
)

// chTable is one table of a chapter.
type chTable struct {
	Chapter, Key, Title string
	Unit                string   // how the figures are written ("aantal", "× € 1.000")
	Notes               []string // sign convention, source, what was left out
	Columns             []chColumn
	Rows                []chRow
	Findings            []werkpad.FinanceFinding // finance tables only
}

type chColumn struct{ Key, Label string }

type chRow struct {
	Key, Label string
	Code       string // municipality code, RegionCode, or "" (a finance row about no municipality)
	Total      bool   // printed bold
	Cells      []chCell
}

// chCell is one figure: V with Dec decimals; Show is the number of decimals
// it is printed with on a page (HTML, PDF); Mark is "<5" or "x" when hidden
// in a public export; Empty when there is no figure.
type chCell struct {
	V         float64
	Dec, Show int
	Mark      string
	Empty     bool
}

func num(v float64, dec int) chCell { return chCell{V: v, Dec: dec, Show: dec} }
func count(v int64) chCell          { return num(float64(v), 0) }
func scaled(v int64, div float64, dec, show int) chCell {
	return chCell{V: round(float64(v)/div, dec), Dec: dec, Show: show}
}

func round(v float64, dec int) float64 {
	x, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', dec, 64), 64)
	return x
}

// Text is the cell as written in a data format (no thousands separator).
func (c chCell) Text() string {
	switch {
	case c.Empty:
		return ""
	case c.Mark != "":
		return c.Mark
	}
	return Dutch(c.V, c.Dec, false)
}

// Page is the cell as printed on a page: grouped, with Show decimals.
func (c chCell) Page() string {
	switch {
	case c.Empty:
		return "–"
	case c.Mark != "":
		return c.Mark
	}
	return Dutch(c.V, c.Show, true)
}

// Value is the cell in JSON and XLSX: the number, the mark, or nil.
func (c chCell) Value() any {
	switch {
	case c.Empty:
		return nil
	case c.Mark != "":
		return c.Mark
	}
	return c.V
}

// small reports whether v is a count a public export hides.
func (r *Report) small(v int64) bool { return r.Public && v > 0 && v < int64(r.Threshold) }

// publicCount is v, or "<5" when a public export hides it.
func (r *Report) publicCount(v int64) chCell {
	c := count(v)
	if r.small(v) {
		c.Mark = "<" + strconv.Itoa(r.Threshold)
	}
	return c
}

// hide marks c as left out because a small count could be derived from it.
func hide(c chCell) chCell {
	if !c.Empty {
		c.Mark = "x"
	}
	return c
}

// swFigures returns the municipalities of the SW chapter, and the region
// when the regional part is shown.
func (r *Report) swFigures() []werkpad.SWMunicipalityFigures {
	figs := append([]werkpad.SWMunicipalityFigures(nil), r.SW.Municipalities...)
	if r.Region != nil && r.SW.Region.Name != "" { // a zero region: left out by the caller
		reg := r.SW.Region
		reg.Code = RegionCode
		figs = append(figs, reg)
	}
	return figs
}

// unavailableTable is a chapter that could not be computed: a table
// without columns or rows whose note says why.
func unavailableTable(chapter, key, title, reason string) []chTable {
	if reason == "" {
		return nil
	}
	return []chTable{{Chapter: chapter, Key: key, Title: title, Unit: "niet berekend",
		Notes: []string{"Dit hoofdstuk kon niet worden berekend: " + reason}}}
}

func (r *Report) swTables() []chTable {
	if r.SW == nil {
		return unavailableTable(ChapterSW, "sw_niet_berekend", "Sociale werkvoorziening", r.SWUnavailable)
	}
	ch := r.SW
	end, before := ch.Period.To, ch.Period.To.AddYears(-1)
	staff := chTable{Chapter: ChapterSW, Key: "sw_personeel", Title: "SW-medewerkers per gemeente: aantal en SE", Unit: "aantal; SE",
		Columns: []chColumn{{"aantal_jaar_eerder", "Aantal " + before.Dutch()}, {"se_jaar_eerder", "SE " + before.Dutch()},
			{"aantal_einddatum", "Aantal " + end.Dutch()}, {"se_einddatum", "SE " + end.Dutch()}},
		Notes: []string{"In dienst op de dag; SE in standaardeenheden (een ernstige indicatie telt 1,28)."}}
	werkvorm := chTable{Chapter: ChapterSW, Key: "sw_werkvorm", Title: "Werken op locatie: aandeel per werkvorm per kwartaal", Unit: "procent",
		Notes: []string{"Aandeel van de SW-medewerkers op de laatste dag van het kwartaal."}}
	for _, q := range ch.Quarters {
		werkvorm.Columns = append(werkvorm.Columns, chColumn{q.To.String(), "Kwartaal t/m " + q.To.Dutch()})
	}
	sick := chTable{Chapter: ChapterSW, Key: "sw_verzuim", Title: "Ziekteverzuim per werkvorm, " + ch.Period.String(), Unit: "procent"}
	for _, w := range werkpad.Werkvormen {
		sick.Columns = append(sick.Columns, chColumn{string(w), w.Label()})
	}
	for _, f := range r.swFigures() {
		name, code := f.Name, f.Code
		if code == RegionCode {
			name = "Regio (som van de gemeenten)"
		}
		// A small headcount hides the SE and the shares it could be derived from.
		hidden := r.small(f.AtEnd.Headcount) || r.small(f.YearBefore.Headcount)
		se := func(t werkpad.SWTotals) chCell {
			c := scaled(t.SEThousandths, 1000, 3, 1)
			if r.small(t.Headcount) {
				c = hide(c)
			}
			return c
		}
		staff.Rows = append(staff.Rows, chRow{Key: code, Code: code, Label: name, Total: code == RegionCode, Cells: []chCell{
			r.publicCount(f.YearBefore.Headcount), se(f.YearBefore), r.publicCount(f.AtEnd.Headcount), se(f.AtEnd)}})
		rows := append([]werkpad.LocationRow(nil), werkpad.LocationRows...)
		for _, lr := range append(rows, "buiten_de_muren") {
			row := chRow{Key: code + "." + string(lr), Code: code, Label: name + ": " + locationLabel(lr)}
			for _, q := range f.Locations {
				c := scaled(int64(q.Shares[lr]), 10, 1, 1)
				if lr == "buiten_de_muren" {
					c = scaled(int64(q.Outside), 10, 1, 1)
				}
				if hidden {
					c = hide(c)
				}
				row.Cells = append(row.Cells, c)
			}
			werkvorm.Rows = append(werkvorm.Rows, row)
		}
		row := chRow{Key: code, Code: code, Label: name, Total: code == RegionCode}
		for _, w := range werkpad.Werkvormen {
			c := scaled(int64(f.SickLeave[w]), 10, 1, 1)
			if hidden {
				c = hide(c)
			}
			row.Cells = append(row.Cells, c)
		}
		sick.Rows = append(sick.Rows, row)
	}
	out := []chTable{staff, werkvorm, sick}
	if av := ch.AddedValue; av != nil && r.Region != nil {
		out = append(out, chTable{Chapter: ChapterSW, Key: "sw_toegevoegde_waarde", Title: fmt.Sprintf("Toegevoegde waarde per fte %d", av.Year), Unit: "€",
			Notes:   []string{fmt.Sprintf("Prognose uit %d gedeclareerde maanden, doorgetrokken naar twaalf.", av.Months)},
			Columns: []chColumn{{"begroot_per_fte", "Begroot per fte"}, {"prognose_per_fte", "Prognose per fte"}, {"gerealiseerd", "Gerealiseerd"}},
			Rows: []chRow{{Key: RegionCode, Code: RegionCode, Label: "Regio", Cells: []chCell{
				scaled(av.BudgetCentsPerFTE, 100, 2, 0), scaled(av.ForecastCentsPerFTE, 100, 2, 0), scaled(av.RealisedCents, 100, 2, 0)}}}})
	}
	return out
}

func locationLabel(lr werkpad.LocationRow) string {
	if lr == "buiten_de_muren" {
		return "subtotaal buiten de muren"
	}
	return lr.Label()
}

func (r *Report) lksTables() []chTable {
	if r.LKS == nil {
		return unavailableTable(ChapterLKS, "lks_niet_berekend", "Loonkostensubsidies", r.LKSUnavailable)
	}
	t := chTable{Chapter: ChapterLKS, Key: "lks", Title: "Loonkostensubsidies op " + r.LKS.Period.To.Dutch(), Unit: "aantal; uur per week; procent; €",
		Notes: []string{"Lopend op de laatste dag van de periode; de subsidie is die over de dagen in " + r.LKS.Period.String() + "."},
		Columns: []chColumn{{"lopend", "Lopende LKS"}, {"waarvan_nug", "Waarvan NUG"}, {"gemiddelde_uren", "Gemiddeld uren per week"},
			{"gemiddelde_loonwaarde", "Gemiddelde loonwaarde (%)"}, {"subsidie", "Subsidie in de periode (€)"}}}
	figs := append([]werkpad.LKSFigures(nil), r.LKS.Municipalities...)
	if r.Region != nil && r.LKS.Region.Name != "" {
		reg := r.LKS.Region
		reg.Code, reg.Name = RegionCode, "Regio (som van de gemeenten)"
		figs = append(figs, reg)
	}
	for _, f := range figs {
		cells := []chCell{r.publicCount(f.Running), r.publicCount(f.NUG),
			scaled(f.AvgHoursHundredths, 100, 2, 2), scaled(f.AvgWageValueBP, 100, 2, 2), scaled(f.PeriodCents, 100, 2, 0)}
		if r.small(f.Running) {
			for i := 2; i < len(cells); i++ {
				cells[i] = hide(cells[i])
			}
		}
		t.Rows = append(t.Rows, chRow{Key: f.Code, Code: f.Code, Label: f.Name, Total: f.Code == RegionCode, Cells: cells})
	}
	return []chTable{t}
}

// signText says how a table writes its difference column.
func signText(c werkpad.SignConvention) string {
	switch c {
	case werkpad.ForecastMinusBudget:
		return "Tekenconventie: verschil = prognose − begroting (positief: de prognose is hoger)."
	case werkpad.BudgetMinusForecast:
		return "Tekenconventie: mutatie = begroting − prognose (positief: de prognose is lager)."
	}
	return "Tekenconventie: geen verschilkolom."
}

func (r *Report) financeTables() []chTable {
	var out []chTable
	for _, ft := range r.Finance {
		t := ft.Table
		ct := chTable{Chapter: ChapterFinance, Key: t.Key, Title: t.Title, Unit: t.UnitLabel(), Findings: ft.Findings,
			Notes: []string{signText(t.SignConvention)}}
		if t.Source != "" {
			ct.Notes = append(ct.Notes, "Bron: "+t.Source+".")
		}
		ct.Notes = append(ct.Notes, t.Notes...)
		for _, c := range t.Columns {
			ct.Columns = append(ct.Columns, chColumn{c.Key, c.Label})
		}
		for _, row := range t.Rows {
			cr := chRow{Key: row.Key, Label: row.Label, Code: row.Municipality, Total: row.Kind != werkpad.FinanceLine}
			// "Overhead" is a line of the baten and of the lasten.
			if sec := row.Section; (sec == "baten" || sec == "lasten") && !strings.Contains(strings.ToLower(row.Label), sec) {
				cr.Label = strings.ToUpper(sec[:1]) + sec[1:] + ": " + row.Label
			}
			for _, c := range t.Columns {
				v, ok := row.Cell(c.Key)
				if !ok {
					cr.Cells = append(cr.Cells, chCell{Empty: true})
					continue
				}
				div := 1.0
				for range c.Decimals {
					div *= 10
				}
				cr.Cells = append(cr.Cells, scaled(v, div, c.Decimals, c.Decimals))
			}
			if len(row.Uninterpretable) > 0 {
				ct.Notes = append(ct.Notes, fmt.Sprintf("Rij %q is niet aan kolommen toe te wijzen; gedrukt staat: %v.", row.Label, row.Uninterpretable))
			}
			ct.Rows = append(ct.Rows, cr)
		}
		out = append(out, ct)
	}
	return out
}

// chapterTables are all tables of the chapters, in report order.
func (r *Report) chapterTables() []chTable {
	return append(append(r.swTables(), r.lksTables()...), r.financeTables()...)
}

// findingText describes a finding in Dutch.
func findingText(f werkpad.FinanceFinding) string {
	kind := "afronding"
	if f.Kind == werkpad.FinanceInconsistent {
		kind = "inconsistent"
	}
	return fmt.Sprintf("%s (%s): gepubliceerd %d, berekend %d, verschil %d (afrondingsmarge %d)", kind, f.Check, f.Published, f.Computed, f.Difference, f.Tolerance)
}
