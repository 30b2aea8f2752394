package werkpad

import (
	"fmt"
	"strings"
)

// The finance checks: pure functions over published tables. They compare a
// published figure with what its own table says it should be, report the
// difference, and never correct either figure (docs/DESIGN.md, "Indicators").
//
// Classification. Every published figure is rounded to its unit (€ 1.000,
// 0,1 SE), so it is off from the exact amount by at most half a unit. A
// check compares one published figure P with a combination of n published
// terms (a total of n lines, prognose − begroting with n = 2). The exact
// figures agree, so |P − computed| ≤ (n + 1) × ½ unit; the difference is a
// whole number of units, hence
//
//	rounding      when |difference| ≤ ⌊(n+1)/2⌋ = ⌈n/2⌉ units,
//	inconsistent  otherwise.
//
// So with two terms 1 unit is rounding, 2 is not; with four lines 2 units is
// rounding, 3 is not. Every term counts, printed zeros included: a printed 0
// may be a rounded 0,4.
//
// The cost-price check (SE × kostprijs per SE) multiplies a rounded quantity
// by a price, so its bound is the sum of the largest errors of each figure:
// ½ unit for the published amount, ½ of the quantity's last decimal times
// the price, and half the price's precision times the quantity. It works in
// exact cents; the reported amounts are in the table's unit, the computed
// one rounded half away from zero.

// FinanceDifferenceKind classifies a difference. Values appear in JSON.
type FinanceDifferenceKind string

const (
	FinanceRounding     FinanceDifferenceKind = "rounding"
	FinanceInconsistent FinanceDifferenceKind = "inconsistent"
)

// FinanceCheckKind names the check that found a difference.
type FinanceCheckKind string

const (
	CheckRowTotal    FinanceCheckKind = "totaal"      // a total row vs the rows it adds up
	CheckColumnTotal FinanceCheckKind = "kolomtotaal" // a total column vs the columns it adds up
	CheckVariance    FinanceCheckKind = "verschil"    // variance column vs prognose and begroting
	CheckPerUnit     FinanceCheckKind = "kostprijs"   // SE × kostprijs per SE vs bijdrage
	CheckMutation    FinanceCheckKind = "mutatie"     // mutation table vs prognose and begroting tables
	CheckNotChecked  FinanceCheckKind = "ongecontroleerd"
)

// FinanceFinding is one published figure that differs from what its table
// says it should be. Published, Computed and Difference (= Published −
// Computed) are in the unit of the cell: the table's unit, or tenths for a
// column with one decimal. Terms is the number of rounded terms, Tolerance
// the largest difference that rounding explains.
type FinanceFinding struct {
	Table      string
	Row        string
	Column     string
	Published  int64
	Computed   int64
	Difference int64
	Kind       FinanceDifferenceKind
	Check      FinanceCheckKind
	Terms      int
	Tolerance  int64
}

// FinanceUnchecked is a figure a check could not verify, and why: a term
// whose printed figure could not be read is kept out of the checks.
type FinanceUnchecked struct {
	Table  string
	Row    string
	Column string
	Check  FinanceCheckKind
	Reason string
}

// RoundingTolerance is the largest difference, in whole units, that rounding
// of n terms and the published figure itself can explain: ⌈n/2⌉.
func RoundingTolerance(n int) int64 {
	if n < 0 {
		n = 0
	}
	return int64((n + 1) / 2)
}

// ClassifyFinanceDifference classifies a difference d (in units) between a
// published figure and the combination of n rounded terms.
func ClassifyFinanceDifference(d int64, n int) FinanceDifferenceKind {
	if abs64(d) <= RoundingTolerance(n) {
		return FinanceRounding
	}
	return FinanceInconsistent
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// CheckFinance runs every check on every table, in the order of tables and,
// per table, row totals, column totals, variance, cost price and mutation.
// Mutation tables find their budget and forecast among tables of the same year.
func CheckFinance(tables []*FinanceTable) ([]FinanceFinding, []FinanceUnchecked) {
	var fs []FinanceFinding
	var us []FinanceUnchecked
	byKey := map[string]*FinanceTable{}
	for _, t := range tables {
		byKey[fmt.Sprintf("%d/%s", t.Year, t.Key)] = t
	}
	for _, t := range tables {
		for _, check := range []func(*FinanceTable) ([]FinanceFinding, []FinanceUnchecked){
			CheckFinanceRowTotals, CheckFinanceColumnTotals, CheckFinanceVariance, CheckFinancePerUnit,
		} {
			f, u := check(t)
			fs, us = append(fs, f...), append(us, u...)
		}
		if m := t.Mutation; m != nil {
			b, f := byKey[fmt.Sprintf("%d/%s", t.Year, m.Budget)], byKey[fmt.Sprintf("%d/%s", t.Year, m.Forecast)]
			if b == nil || f == nil {
				us = append(us, FinanceUnchecked{Table: t.Key, Check: CheckMutation, Reason: "begrotings- of prognosetabel ontbreekt"})
				continue
			}
			f2, u := CheckFinanceMutation(t, b, f)
			fs, us = append(fs, f2...), append(us, u...)
		}
	}
	return fs, us
}

// term is one signed key of a SumOf list.
func term(k string) (key string, sign int64) {
	if rest, ok := strings.CutPrefix(k, "-"); ok {
		return rest, -1
	}
	return k, 1
}

func finding(t *FinanceTable, row, col string, check FinanceCheckKind, published, computed int64, n int) FinanceFinding {
	d := published - computed
	return FinanceFinding{Table: t.Key, Row: row, Column: col, Published: published, Computed: computed,
		Difference: d, Kind: ClassifyFinanceDifference(d, n), Check: check, Terms: n, Tolerance: RoundingTolerance(n)}
}

// CheckFinanceRowTotals compares each row with SumOf with the sum of its
// rows, column by column. A column where the total or a term has no
// readable figure is reported as unchecked.
func CheckFinanceRowTotals(t *FinanceTable) ([]FinanceFinding, []FinanceUnchecked) {
	var fs []FinanceFinding
	var us []FinanceUnchecked
	for _, r := range t.Rows {
		if len(r.SumOf) == 0 {
			continue
		}
		for _, c := range t.Columns {
			published, ok := r.Cell(c.Key)
			if !ok {
				us = append(us, FinanceUnchecked{t.Key, r.Key, c.Key, CheckRowTotal, "het totaal zelf is niet leesbaar gedrukt"})
				continue
			}
			var sum int64
			var missing []string
			for _, k := range r.SumOf {
				key, sign := term(k)
				tr, _ := t.Row(key)
				v, ok := tr.Cell(c.Key)
				if !ok {
					missing = append(missing, key)
					continue
				}
				sum += sign * v
			}
			if len(missing) > 0 {
				us = append(us, FinanceUnchecked{t.Key, r.Key, c.Key, CheckRowTotal,
					"niet leesbaar gedrukt: " + strings.Join(missing, ", ")})
				continue
			}
			if sum != published {
				fs = append(fs, finding(t, r.Key, c.Key, CheckRowTotal, published, sum, len(r.SumOf)))
			}
		}
	}
	return fs, us
}

// CheckFinanceColumnTotals compares, in every row, each column with SumOf
// with the sum of its columns.
func CheckFinanceColumnTotals(t *FinanceTable) ([]FinanceFinding, []FinanceUnchecked) {
	var fs []FinanceFinding
	var us []FinanceUnchecked
	for _, c := range t.Columns {
		if len(c.SumOf) == 0 {
			continue
		}
		for _, r := range t.Rows {
			if len(r.Uninterpretable) > 0 {
				us = append(us, FinanceUnchecked{t.Key, r.Key, c.Key, CheckColumnTotal, "de rij is niet leesbaar gedrukt"})
				continue
			}
			published, ok := r.Cell(c.Key)
			if !ok {
				continue
			}
			var sum int64
			complete := true
			for _, k := range c.SumOf {
				key, sign := term(k)
				v, ok := r.Cell(key)
				complete = complete && ok
				sum += sign * v
			}
			if !complete {
				us = append(us, FinanceUnchecked{t.Key, r.Key, c.Key, CheckColumnTotal, "een van de opgetelde kolommen ontbreekt"})
				continue
			}
			if sum != published {
				fs = append(fs, finding(t, r.Key, c.Key, CheckColumnTotal, published, sum, len(c.SumOf)))
			}
		}
	}
	return fs, us
}

// CheckFinanceVariance compares the variance column of every row with
// prognose − begroting (or the reverse, per the table's convention).
func CheckFinanceVariance(t *FinanceTable) ([]FinanceFinding, []FinanceUnchecked) {
	v := t.Variance
	if v == nil {
		return nil, nil
	}
	var fs []FinanceFinding
	var us []FinanceUnchecked
	for _, r := range t.Rows {
		published, ok1 := r.Cell(v.Column)
		forecast, ok2 := r.Cell(v.Forecast)
		budget, ok3 := r.Cell(v.Budget)
		if !ok1 || !ok2 || !ok3 {
			us = append(us, FinanceUnchecked{t.Key, r.Key, v.Column, CheckVariance, "prognose, begroting of verschil niet leesbaar gedrukt"})
			continue
		}
		if computed := t.SignConvention.Difference(budget, forecast); computed != published {
			fs = append(fs, finding(t, r.Key, v.Column, CheckVariance, published, computed, 2))
		}
	}
	return fs, us
}

// CheckFinanceMutation compares every cell of mutation table m with the
// difference of the same cell in forecast and budget, in m's convention.
func CheckFinanceMutation(m, budget, forecast *FinanceTable) ([]FinanceFinding, []FinanceUnchecked) {
	var fs []FinanceFinding
	var us []FinanceUnchecked
	for _, r := range m.Rows {
		br, bok := budget.Row(r.Key)
		fr, fok := forecast.Row(r.Key)
		for _, c := range m.Columns {
			published, ok := r.Cell(c.Key)
			if !ok {
				us = append(us, FinanceUnchecked{m.Key, r.Key, c.Key, CheckMutation, "de mutatie is niet leesbaar gedrukt"})
				continue
			}
			if !bok || !fok {
				us = append(us, FinanceUnchecked{m.Key, r.Key, c.Key, CheckMutation, "rij ontbreekt in begroting of prognose"})
				continue
			}
			b, ok1 := br.Cell(c.Key)
			f, ok2 := fr.Cell(c.Key)
			if !ok1 || !ok2 {
				us = append(us, FinanceUnchecked{m.Key, r.Key, c.Key, CheckMutation, "begroting of prognose niet leesbaar gedrukt"})
				continue
			}
			if computed := m.SignConvention.Difference(b, f); computed != published {
				fs = append(fs, finding(m, r.Key, c.Key, CheckMutation, published, computed, 2))
			}
		}
	}
	return fs, us
}

// CheckFinancePerUnit compares, in every row, the amount column with
// quantity × price (SE × kostprijs per SE vs totaal bijdrage). See the
// comment at the top of this file for its rounding bound.
func CheckFinancePerUnit(t *FinanceTable) ([]FinanceFinding, []FinanceUnchecked) {
	p := t.PerUnit
	if p == nil {
		return nil, nil
	}
	qc, _ := t.Column(p.Quantity)
	scale := int64(1) // 10^decimals of the quantity
	for range qc.Decimals {
		scale *= 10
	}
	var fs []FinanceFinding
	var us []FinanceUnchecked
	for _, r := range t.Rows {
		q, ok1 := r.Cell(p.Quantity)
		published, ok2 := r.Cell(p.Amount)
		if !ok1 || !ok2 {
			us = append(us, FinanceUnchecked{t.Key, r.Key, p.Amount, CheckPerUnit, "aantal of bedrag niet leesbaar gedrukt"})
			continue
		}
		// Everything in cents × scale, doubled so that halves stay whole.
		exact := q * int64(p.Price)
		unit := int64(t.Unit) * scale
		d2 := 2 * (published*unit - exact)
		tol2 := unit + int64(p.Price) + int64(p.PriceRounding)*abs64(q)
		computed := divRound(exact, unit)
		if computed == published {
			continue
		}
		kind := FinanceRounding
		if abs64(d2) > tol2 {
			kind = FinanceInconsistent
		}
		fs = append(fs, FinanceFinding{Table: t.Key, Row: r.Key, Column: p.Amount, Published: published, Computed: computed,
			Difference: published - computed, Kind: kind, Check: CheckPerUnit, Terms: 2, Tolerance: tol2 / (2 * unit)})
	}
	return fs, us
}

// divRound divides rounding half away from zero.
func divRound(a, b int64) int64 {
	if (a < 0) != (b < 0) {
		return -((abs64(a) + abs64(b)/2) / abs64(b))
	}
	return (abs64(a) + abs64(b)/2) / abs64(b)
}

// ValidateFinanceCellUpdates checks ledger lines against the stored tables
// of one year: the table, row and column must exist and a cell may be set
// only once. It returns one error per bad line (field "regel N").
func ValidateFinanceCellUpdates(tables []*FinanceTable, updates []FinanceCellUpdate) []error {
	byKey := map[string]*FinanceTable{}
	for _, t := range tables {
		byKey[t.Key] = t
	}
	var errs []error
	seen := map[[3]string]int{}
	for _, u := range updates {
		bad := func(format string, args ...any) {
			errs = append(errs, &Error{Code: EINVALID, Field: fmt.Sprintf("regel %d", u.Line), Message: fmt.Sprintf(format, args...)})
		}
		t := byKey[u.Table]
		if t == nil {
			bad("Onbekende tabel %q.", u.Table)
			continue
		}
		if _, ok := t.Row(u.Row); !ok {
			bad("Tabel %s heeft geen rij %q.", u.Table, u.Row)
			continue
		}
		if _, ok := t.Column(u.Column); !ok {
			bad("Tabel %s heeft geen kolom %q.", u.Table, u.Column)
			continue
		}
		k := [3]string{u.Table, u.Row, u.Column}
		if first, dup := seen[k]; dup {
			bad("Tabel %s, rij %s, kolom %s staat al op regel %d.", u.Table, u.Row, u.Column, first)
			continue
		}
		seen[k] = u.Line
	}
	return errs
}
