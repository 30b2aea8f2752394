package werkpad

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// The finance chapter as data: each table of the report is a FinanceTable
// whose cells hold the published amounts exactly, as integers in the unit of
// the table (× € 1.000 is integer thousands, never a float). Which rows add
// up to a total, which column is the variance of which two, and which table
// is the mutation of which two are recorded with the table, so that the
// checks in finance_check.go need no knowledge of the report's layout.

// FinanceRowKind says whether a row is a line or adds up other rows.
type FinanceRowKind string

const (
	FinanceLine     FinanceRowKind = "line"
	FinanceSubtotal FinanceRowKind = "subtotal"
	FinanceTotal    FinanceRowKind = "total"
)

// SignConvention is how a table itself writes a difference between forecast
// and budget. The report uses both: the budget tables print "Verschil
// prognose met begroting" as prognose − begroting, the municipal
// contributions' Mutaties as begroting − prognose.
type SignConvention string

const (
	ForecastMinusBudget SignConvention = "prognose_min_begroting"
	BudgetMinusForecast SignConvention = "begroting_min_prognose"
)

// Valid reports whether c is a known convention; "" (none) is valid for a
// table without a difference column.
func (c SignConvention) Valid() bool {
	return c == "" || c == ForecastMinusBudget || c == BudgetMinusForecast
}

// Difference returns forecast − budget or budget − forecast per c.
func (c SignConvention) Difference(budget, forecast int64) int64 {
	if c == BudgetMinusForecast {
		return budget - forecast
	}
	return forecast - budget
}

// UnitThousandEuro is the unit of a table "× € 1.000", in cents.
const UnitThousandEuro Cents = 100_000

// FinanceColumn is a column of a table. Decimals is the number of decimals
// kept in the integer (the SE column prints "107,5": stored 1075 with
// Decimals 1); money columns have 0 and are in the table's Unit. SumOf names
// the columns of the same row that this column adds up ("-key" subtracts).
type FinanceColumn struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"`
	Decimals int      `json:"decimals,omitempty"`
	SumOf    []string `json:"sumOf,omitempty"`
}

// FinanceRow is a row of a table. Cells maps a column key to the published
// amount; a column without a cell was not printed or could not be read.
// SumOf names the rows this row adds up ("-key" subtracts). Municipality is
// the CBS code of a row about one municipality, "" otherwise.
// Uninterpretable holds the printed tokens of a row whose figures could not
// be assigned to columns: such a row has no cells and stays out of the checks.
type FinanceRow struct {
	Key             string           `json:"key"`
	Label           string           `json:"label"`
	Kind            FinanceRowKind   `json:"kind"`
	Section         string           `json:"section,omitempty"` // baten, lasten, saldo or ""
	Programme       string           `json:"programme,omitempty"`
	Municipality    string           `json:"municipality,omitempty"`
	Cells           map[string]int64 `json:"cells"`
	SumOf           []string         `json:"sumOf,omitempty"`
	Source          string           `json:"source,omitempty"`
	Note            string           `json:"note,omitempty"`
	Uninterpretable []string         `json:"uninterpretable,omitempty"`
}

// Cell returns the amount in column col and whether the row has one.
func (r *FinanceRow) Cell(col string) (int64, bool) {
	v, ok := r.Cells[col]
	return v, ok
}

// FinanceVariance says that Column is the difference of Forecast and Budget
// (columns of the same table) in the table's sign convention.
type FinanceVariance struct {
	Column   string `json:"column"`
	Forecast string `json:"forecast"`
	Budget   string `json:"budget"`
}

// FinanceMutation says that every cell of this table is the difference of
// the same cell (same row key, same column key) in the Forecast and Budget
// tables, in this table's sign convention.
//
// Includes lists, per column of this table, columns of the budget and
// forecast tables whose change is part of it: the SW contribution's
// Rijksbijdrage mutation includes the one-off extra contribution of the May
// circular 2024, a column of the forecast only (the budget predates it, so
// a column a table does not have counts as 0 there).
type FinanceMutation struct {
	Budget   string              `json:"budget"`
	Forecast string              `json:"forecast"`
	Includes map[string][]string `json:"includes,omitempty"`
}

// FinancePerUnit says that column Amount is column Quantity times Price
// (SW: SE × kostprijs per SE = totaal bijdrage). Price is exact cents;
// PriceRounding is the precision it was printed at (100: whole euros, 0:
// exact).
type FinancePerUnit struct {
	Quantity      string `json:"quantity"`
	Amount        string `json:"amount"`
	Price         Cents  `json:"price"`
	PriceRounding Cents  `json:"priceRounding"`
	Label         string `json:"label"`
	Source        string `json:"source,omitempty"`
}

// FinanceTable is one table of the finance chapter for one year. Unit is the
// value of one amount unit in cents: UnitThousandEuro for "× € 1.000", 1
// where the source gives exact cents. Through is the "t/m" date of the
// realisation column ("Werkelijk t/m jun-24").
type FinanceTable struct {
	Key            string           `json:"key"`
	Title          string           `json:"title"`
	Section        string           `json:"section,omitempty"`
	Year           int              `json:"year"`
	Through        Date             `json:"through"`
	Unit           Cents            `json:"unit"`
	SignConvention SignConvention   `json:"signConvention,omitempty"`
	Columns        []FinanceColumn  `json:"columns"`
	Rows           []FinanceRow     `json:"rows"`
	Variance       *FinanceVariance `json:"variance,omitempty"`
	Mutation       *FinanceMutation `json:"mutation,omitempty"`
	PerUnit        *FinancePerUnit  `json:"perUnit,omitempty"`
	Source         string           `json:"source,omitempty"`
	Notes          []string         `json:"notes,omitempty"`
}

// Column returns the column with key k.
func (t *FinanceTable) Column(k string) (*FinanceColumn, bool) {
	for i := range t.Columns {
		if t.Columns[i].Key == k {
			return &t.Columns[i], true
		}
	}
	return nil, false
}

// Row returns the row with key k.
func (t *FinanceTable) Row(k string) (*FinanceRow, bool) {
	for i := range t.Rows {
		if t.Rows[i].Key == k {
			return &t.Rows[i], true
		}
	}
	return nil, false
}

// UnitLabel is how the report writes the unit: "× € 1.000".
func (t *FinanceTable) UnitLabel() string {
	switch t.Unit {
	case UnitThousandEuro:
		return "× € 1.000"
	case 100:
		return "€"
	case 1:
		return "€ (centen)"
	}
	return "× " + FormatEuro(t.Unit)
}

// PerMunicipality reports whether some rows of t belong to one municipality.
func (t *FinanceTable) PerMunicipality() bool {
	for _, r := range t.Rows {
		if r.Municipality != "" {
			return true
		}
	}
	return false
}

// OnlyMunicipalities returns a copy of t without the rows of municipalities
// for which keep is false. Rows without a municipality (totals, other
// organisations) stay: they are published as such.
func (t *FinanceTable) OnlyMunicipalities(keep func(code string) bool) *FinanceTable {
	c := *t
	c.Rows = nil
	for _, r := range t.Rows {
		if r.Municipality == "" || keep(r.Municipality) {
			c.Rows = append(c.Rows, r)
		}
	}
	return &c
}

// ReportFinanceTables returns tables as a report shows them. Without region
// only the rows about one municipality stay (FindFinanceTables has already
// cut them to the caller's) and a table without such rows is left out, so
// that no regional total reaches a municipality. A total whose rows are not
// all in its table any more is no longer the sum of what is shown: its SumOf
// is dropped, so the checks leave it alone instead of reporting a difference
// that the filtering made.
func ReportFinanceTables(tables []*FinanceTable, region bool) []*FinanceTable {
	var out []*FinanceTable
	for _, t := range tables {
		c := *t
		c.Rows = nil
		for _, r := range t.Rows {
			if region || r.Municipality != "" {
				c.Rows = append(c.Rows, r)
			}
		}
		if len(c.Rows) == 0 {
			continue
		}
		for i := range c.Rows {
			r := &c.Rows[i]
			for _, k := range r.SumOf {
				if _, ok := c.Row(strings.TrimPrefix(k, "-")); !ok {
					r.SumOf = nil
					break
				}
			}
		}
		out = append(out, &c)
	}
	return out
}

var financeKeyRE = regexp.MustCompile(`^[a-z0-9_|.]+$|^GM[0-9]{4}$`)

// ValidateFinanceTable checks that t is complete and that every key it refers
// to exists, so that the checks never meet a dangling reference.
func ValidateFinanceTable(t *FinanceTable) error {
	field := func(f string) string { return "tabellen[" + t.Key + "]." + f }
	if !financeKeyRE.MatchString(t.Key) {
		return FieldError("tabellen", "Ongeldige tabelsleutel %q: gebruik kleine letters, cijfers en _.", t.Key)
	}
	if t.Year < 2000 || t.Year > 2100 {
		return FieldError(field("jaar"), "Ongeldig jaar %d.", t.Year)
	}
	if t.Unit <= 0 {
		return FieldError(field("eenheid"), "De eenheid van tabel %s ontbreekt.", t.Key)
	}
	if !t.SignConvention.Valid() {
		return FieldError(field("tekenconventie"), "Onbekende tekenconventie %q.", t.SignConvention)
	}
	if len(t.Columns) == 0 {
		return FieldError(field("kolommen"), "Tabel %s heeft geen kolommen.", t.Key)
	}
	cols := map[string]bool{}
	for _, c := range t.Columns {
		if !financeKeyRE.MatchString(c.Key) || cols[c.Key] {
			return FieldError(field("kolommen"), "Ongeldige of dubbele kolomsleutel %q.", c.Key)
		}
		cols[c.Key] = true
	}
	for _, c := range t.Columns {
		for _, k := range c.SumOf {
			if !cols[strings.TrimPrefix(k, "-")] {
				return FieldError(field("kolommen"), "Kolom %s telt een onbekende kolom %q op.", c.Key, k)
			}
		}
	}
	rows := map[string]bool{}
	for _, r := range t.Rows {
		if !financeKeyRE.MatchString(r.Key) || rows[r.Key] {
			return FieldError(field("rijen"), "Ongeldige of dubbele rijsleutel %q.", r.Key)
		}
		rows[r.Key] = true
		switch r.Kind {
		case FinanceLine, FinanceSubtotal, FinanceTotal:
		default:
			return FieldError(field("rijen"), "Rij %s heeft een onbekende soort %q.", r.Key, r.Kind)
		}
		if r.Municipality != "" && !ValidMunicipalityCode(r.Municipality) {
			return FieldError(field("rijen"), "Rij %s: ongeldige gemeentecode %q.", r.Key, r.Municipality)
		}
		for k := range r.Cells {
			if !cols[k] {
				return FieldError(field("rijen"), "Rij %s heeft een bedrag in onbekende kolom %q.", r.Key, k)
			}
		}
	}
	for _, r := range t.Rows {
		for _, k := range r.SumOf {
			if !rows[strings.TrimPrefix(k, "-")] {
				return FieldError(field("rijen"), "Rij %s telt een onbekende rij %q op.", r.Key, k)
			}
		}
	}
	if v := t.Variance; v != nil {
		if !cols[v.Column] || !cols[v.Forecast] || !cols[v.Budget] || t.SignConvention == "" {
			return FieldError(field("verschil"), "De verschilkolom van tabel %s verwijst naar onbekende kolommen of mist een tekenconventie.", t.Key)
		}
	}
	if m := t.Mutation; m != nil && (m.Budget == "" || m.Forecast == "" || t.SignConvention == "") {
		return FieldError(field("mutatie"), "De mutatietabel %s mist haar begroting, prognose of tekenconventie.", t.Key)
	}
	if p := t.PerUnit; p != nil && (!cols[p.Quantity] || !cols[p.Amount] || p.Price <= 0) {
		return FieldError(field("kostprijs"), "De kostprijs per eenheid van tabel %s is onvolledig.", t.Key)
	}
	return nil
}

// ValidateFinanceTables validates each table and the mutation references
// between tables of the same year.
func ValidateFinanceTables(tables []*FinanceTable) error {
	seen := map[string]bool{}
	for _, t := range tables {
		if err := ValidateFinanceTable(t); err != nil {
			return err
		}
		k := fmt.Sprintf("%d/%s", t.Year, t.Key)
		if seen[k] {
			return FieldError("tabellen", "Tabel %s staat twee keer in de levering voor %d.", t.Key, t.Year)
		}
		seen[k] = true
	}
	for _, t := range tables {
		if m := t.Mutation; m != nil {
			if !seen[fmt.Sprintf("%d/%s", t.Year, m.Budget)] || !seen[fmt.Sprintf("%d/%s", t.Year, m.Forecast)] {
				return FieldError("tabellen["+t.Key+"].mutatie", "Mutatietabel %s verwijst naar een tabel die niet is meegeleverd.", t.Key)
			}
		}
	}
	return nil
}

// FinanceCellUpdate sets one cell: a line of a ledger import. Line is the
// line number in the file, for error messages.
type FinanceCellUpdate struct {
	Line   int
	Table  string
	Row    string
	Column string
	Amount int64
}

// FinanceService stores the finance tables. Loading and importing are for a
// controller or beheerder; reading is for them and for gemeente users, who
// see only their own municipalities' rows.
type FinanceService interface {
	LoadFinance(ctx context.Context, tables []*FinanceTable, replace bool) error
	FindFinanceTables(ctx context.Context, year int) ([]*FinanceTable, error)
	// SetFinanceCells writes all updates in one transaction, or none.
	SetFinanceCells(ctx context.Context, year int, updates []FinanceCellUpdate) error
}
