package finance

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"werkpad"
	"werkpad/report/published"
)

// Year is the year of the shipped finance tables.
const Year = 2024

// through is the "t/m" date of the realisation columns: "Werkelijk tot en
// met jun-24", except the iRvN investments ("t/m 03-07-2024").
var through = map[string]werkpad.Date{"investeringen_irvn": werkpad.NewDate(2024, time.July, 3)}

// variances: the variance column of a table and the two columns it is the
// difference of. The report's budget tables compare the prognose with the
// budget including the technical amendments (Q1-2024): 23.137 − 22.307 = 830.
var variances = map[string]werkpad.FinanceVariance{
	"investeringen_werkbedrijf": {Column: "verschil", Forecast: "jaarprognose", Budget: "begroting_2024_ab_jul24_incl_techn_wijz_q1"},
	"investeringen_irvn":        {Column: "verschil_prognose_met_begroting", Forecast: "prognose_2024", Budget: "begroting_2024_incl_wijzigingen"},
}

var programmeVariance = werkpad.FinanceVariance{Column: "verschil_prognose_met_begroting", Forecast: "prognose_2024", Budget: "begroting_2024_ab_jul24_incl_techn_wijz_q1"}

// mutations: the mutation tables, their budget and forecast tables and the
// sign convention each prints (README of report/published: the municipal
// contributions and budget transfers print begroot − prognose, the SW
// contribution prognose − begroot).
var mutations = map[string]struct {
	budget, forecast string
	sign             werkpad.SignConvention
}{
	"gemeentelijke_bijdragen_mutaties": {"gemeentelijke_bijdragen_begroot", "gemeentelijke_bijdragen_prognose", werkpad.BudgetMinusForecast},
	"budgetoverhevelingen_mutaties":    {"budgetoverhevelingen_begroot", "budgetoverhevelingen_prognose", werkpad.BudgetMinusForecast},
	"sw_bijdrage_mutatie":              {"sw_bijdrage_begroot", "sw_bijdrage_prognose", werkpad.ForecastMinusBudget},
}

// mutationIncludes: a mutation column that includes the change of other
// columns. The SW Mutatie table prints the Rijksbijdrage including the
// one-off "Extra tegemoetkoming mei-circulaire 2024" of the Prognose table
// (r. 4814-4859: Berg en Dal 3.772 + 120 − 3.693 = 199, printed 200;
// Nijmegen 22.425 + 715 − 21.261 = 1.879; total 37.535 + 1.197 − 35.743 =
// 2.989); the budget has no such column.
var mutationIncludes = map[string]map[string][]string{
	"sw_bijdrage_mutatie": {"rijksbijdrage": {"extra_tegemoetkoming_meicirculaire_2024"}},
}

// columnSums: columns that add up other columns of the same row.
func columnSums(id string, cols []string) map[string][]string {
	switch {
	case strings.HasPrefix(id, "gemeentelijke_bijdragen_"), strings.HasPrefix(id, "budgetoverhevelingen_"):
		return map[string][]string{"totaal": cols[:len(cols)-1]}
	case strings.HasPrefix(id, "sw_bijdrage_"):
		var parts []string
		for _, c := range cols {
			if c != "se" && c != "totaal_bijdrage" {
				parts = append(parts, c)
			}
		}
		return map[string][]string{"totaal_bijdrage": parts}
	case id == "voorzieningen":
		// stand 31-12 = beginstand + dotatie − onttrekking (1.142 + 729 − 327 = 1.544).
		return map[string][]string{"prognose_stand_31_12_2024": {
			"begroting_2024_ab_jul24_incl_techn_wijz_q1_beginstand", "prognose_dotatie", "-prognose_onttrekking"}}
	}
	return nil
}

// municipalityCodes maps the names printed in the contribution tables to
// CBS codes ("Gemeente beuningen" is printed in lower case).
var municipalityCodes = map[string]string{
	"berg en dal": "GM1945", "beuningen": "GM0209", "druten": "GM0225", "heumen": "GM0252",
	"mook en middelaar": "GM0944", "nijmegen": "GM0268", "wijchen": "GM0296", "west maas en waal": "GM0668",
}

// Load converts the shipped finance-2024.yaml.
func Load() ([]*werkpad.FinanceTable, error) {
	f, err := published.LoadFinance()
	if err != nil {
		return nil, err
	}
	return Convert(f)
}

// Convert turns the published transcription into finance tables, in the
// order of the file, and validates them.
func Convert(f *published.Finance) ([]*werkpad.FinanceTable, error) {
	var out []*werkpad.FinanceTable
	for _, pt := range f.Tables {
		t, err := convertTable(pt)
		if err != nil {
			return nil, fmt.Errorf("finance: tabel %s: %w", pt.ID, err)
		}
		out = append(out, t)
	}
	if err := werkpad.ValidateFinanceTables(out); err != nil {
		return nil, fmt.Errorf("finance: %w", err)
	}
	return out, nil
}

func convertTable(pt published.FinanceTable) (*werkpad.FinanceTable, error) {
	t := &werkpad.FinanceTable{
		Key: pt.ID, Title: pt.Title, Section: pt.Section, Year: Year,
		Through: werkpad.NewDate(Year, time.June, 30), Unit: werkpad.UnitThousandEuro,
		Source: pt.Source,
	}
	if d, ok := through[pt.ID]; ok {
		t.Through = d
	}
	for _, n := range []string{pt.Note, pt.ColumnLabelsNote} {
		if n != "" {
			t.Notes = append(t.Notes, n)
		}
	}

	sums := columnSums(pt.ID, pt.Columns)
	for i, k := range pt.Columns {
		c := werkpad.FinanceColumn{Key: k, Label: columnLabel(pt, i), SumOf: sums[k]}
		if k == "se" {
			c.Decimals = 1
		}
		t.Columns = append(t.Columns, c)
	}

	switch {
	case len(pt.Baten) > 0:
		if err := programmeRows(t, pt); err != nil {
			return nil, err
		}
		if _, ok := t.Column(programmeVariance.Column); ok {
			v := programmeVariance
			t.Variance, t.SignConvention = &v, werkpad.ForecastMinusBudget
		}
	default:
		if err := listRows(t, pt); err != nil {
			return nil, err
		}
	}
	if v, ok := variances[pt.ID]; ok {
		t.Variance, t.SignConvention = &v, werkpad.ForecastMinusBudget
	}
	if m, ok := mutations[pt.ID]; ok {
		t.Mutation = &werkpad.FinanceMutation{Budget: m.budget, Forecast: m.forecast, Includes: mutationIncludes[pt.ID]}
		t.SignConvention = m.sign
	}
	if k := pt.KostprijsPerSE; k != nil {
		printed, _ := k["printed"].(string)
		src, _ := k["source"].(string)
		if printed == "" {
			t.Notes = append(t.Notes, fmt.Sprintf("Kostprijs per SE (%s): label gedrukt zonder bedrag; geen kostprijscontrole.", src))
		} else {
			price, err := werkpad.ParseEuro(printed)
			if err != nil {
				return nil, err
			}
			label, _ := k["label"].(string)
			t.PerUnit = &werkpad.FinancePerUnit{Quantity: "se", Amount: "totaal_bijdrage", Price: price, PriceRounding: 100, Label: label, Source: src}
		}
	}
	if len(pt.TotalRowInterpreted) > 0 {
		t.Notes = append(t.Notes, "De totaalregel is niet eenduidig gedrukt; de lezing "+interpreted(pt.TotalRowInterpreted)+
			" is een interpretatie en wordt niet gecontroleerd.")
	}
	return t, nil
}

func interpreted(m map[string]int) string {
	var parts []string
	for _, k := range []string{"applicatiebeheer", "automatisering", "bestuursondersteuning", "sw", "vastgoed", "participatiebudget", "ownw", "loonkostensubsidie", "totaal"} {
		if v, ok := m[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %d", k, v))
		}
	}
	return strings.Join(parts, ", ")
}

// lineBreakHyphens are words the PDF extraction split at a line end
// ("Extra tege-moetkoming", r. 4837); the label shows the whole word. The
// YAML keeps the token as printed.
var lineBreakHyphens = strings.NewReplacer("tege-moetkoming", "tegemoetkoming")

func columnLabel(pt published.FinanceTable, i int) string {
	if i < len(pt.ColumnLabels) {
		return lineBreakHyphens.Replace(pt.ColumnLabels[i])
	}
	// The taakgebieden table: "group|column".
	group, col, _ := strings.Cut(pt.Columns[i], "|")
	for j, g := range []string{"voorkomen", "toewerken", "minimaliseren"} {
		if g == group && j < len(pt.ColumnGroups) {
			group = pt.ColumnGroups[j]
		}
	}
	return group + ": " + strings.ReplaceAll(col, "_", " ")
}

// programmeRows reads a baten/lasten table. Totalen baten adds the baten
// lines; Totaal Programmalasten the lasten lines above it; Totalen lasten
// that subtotal and the lines below it (Overhead MGR); the
// Exploitatieresultaat (or the unlabelled saldo) is baten − lasten.
func programmeRows(t *werkpad.FinanceTable, pt published.FinanceTable) error {
	var batenTotal, lastenTotal string
	for _, sec := range []struct {
		name string
		rows []published.FinanceRow
	}{{"baten", pt.Baten}, {"lasten", pt.Lasten}, {"saldo", pt.OtherRows}} {
		var lines []string // keys since the last (sub)total
		for _, pr := range sec.rows {
			r, err := row(t, pt, sec.name, pr)
			if err != nil {
				return err
			}
			label := strings.ToLower(r.Label)
			switch {
			case sec.name == "saldo":
				r.Kind, r.SumOf = werkpad.FinanceTotal, []string{batenTotal, "-" + lastenTotal}
			case label == "totaal programmalasten":
				r.Kind, r.SumOf, lines = werkpad.FinanceSubtotal, lines, nil
			case strings.HasPrefix(label, "totalen") || pr.LabelPrinted == nil:
				r.Kind, r.SumOf = werkpad.FinanceTotal, lines
				if sub := lastSubtotal(t, sec.name); sub != "" {
					r.SumOf = append([]string{sub}, lines...)
				}
				if sec.name == "baten" {
					batenTotal = r.Key
				} else {
					lastenTotal = r.Key
				}
			}
			if r.Kind == werkpad.FinanceLine {
				lines = append(lines, r.Key)
			}
			t.Rows = append(t.Rows, r)
		}
	}
	return nil
}

func lastSubtotal(t *werkpad.FinanceTable, section string) string {
	for i := len(t.Rows) - 1; i >= 0; i-- {
		if r := t.Rows[i]; r.Section == section && r.Kind == werkpad.FinanceSubtotal {
			return r.Key
		}
	}
	return ""
}

// listRows reads a table of rows with a total as its last row.
func listRows(t *werkpad.FinanceTable, pt published.FinanceTable) error {
	var lines []string
	for i, pr := range pt.Rows {
		r, err := row(t, pt, "", pr)
		if err != nil {
			return err
		}
		if i == len(pt.Rows)-1 {
			r.Kind, r.SumOf = werkpad.FinanceTotal, lines
		} else {
			lines = append(lines, r.Key)
		}
		t.Rows = append(t.Rows, r)
	}
	return nil
}

// row converts one printed row; its key is unique within the table.
func row(t *werkpad.FinanceTable, pt published.FinanceTable, section string, pr published.FinanceRow) (werkpad.FinanceRow, error) {
	r := werkpad.FinanceRow{Kind: werkpad.FinanceLine, Section: section, Programme: pr.Programme, Source: pr.Source, Note: pr.Note}
	if pr.LabelPrinted != nil {
		r.Label = strings.TrimSpace(*pr.LabelPrinted)
		// The PDF prints the programme in front of some labels.
		if p := pr.Programme; p != "" && r.Label != p {
			r.Label = strings.TrimSpace(strings.TrimPrefix(r.Label, p+" "))
		}
	} else {
		r.Label = pr.Label
	}

	name := strings.ToLower(strings.TrimPrefix(r.Label, "Gemeente "))
	switch code, ok := municipalityCodes[name]; {
	case ok && section == "":
		r.Municipality, r.Key = code, code
	case pr.LabelPrinted == nil && (section == "" || section == "saldo"):
		r.Key = map[string]string{"": "totaal", "saldo": "saldo"}[section]
	case pr.LabelPrinted == nil:
		r.Key = section + ".totaal"
	default:
		r.Key = slug(r.Label)
		if r.Programme != "" && !strings.EqualFold(r.Programme, r.Label) {
			r.Key = slug(r.Programme) + "." + r.Key
		}
		if section != "" {
			r.Key = section + "." + r.Key
		}
	}
	base := r.Key
	for n := 2; ; n++ {
		if _, dup := t.Row(r.Key); !dup {
			break
		}
		r.Key = fmt.Sprintf("%s_%d", base, n)
	}

	if pr.Values == nil || len(pr.Printed) != len(pt.Columns) {
		r.Uninterpretable = pr.Printed
		return r, nil
	}
	r.Cells = map[string]int64{}
	for i, tok := range pr.Printed {
		col, _ := t.Column(pt.Columns[i])
		v, err := ParseAmount(tok, col.Decimals)
		if err != nil {
			return r, fmt.Errorf("%s (%s): %w", r.Label, pr.Source, err)
		}
		// The transcription's numeric reading must agree with the token.
		if want := int64(math.Round(pr.Values[i] * math.Pow10(col.Decimals))); want != v {
			return r, fmt.Errorf("%s (%s): gedrukt %q maar waarde %v", r.Label, pr.Source, tok, pr.Values[i])
		}
		r.Cells[col.Key] = v
	}
	return r, nil
}

func slug(s string) string {
	var b strings.Builder
	under := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			under = false
		case !under && b.Len() > 0:
			b.WriteByte('_')
			under = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// ParseAmount reads a figure as the report prints it, in the unit of its
// column: "22.306", "-3.609", "107,5", "1.034,2". A dot groups thousands, a
// comma starts the decimals; more decimals than the column keeps are
// refused, fewer are padded. The result is the figure × 10^decimals.
func ParseAmount(s string, decimals int) (int64, error) {
	bad := func() (int64, error) {
		return 0, werkpad.Errorf(werkpad.EINVALID, "ongeldig bedrag %q: schrijf bijvoorbeeld 22.306 of -3.609%s", s,
			map[bool]string{true: " (met hoogstens één decimaal, zoals 107,5)", false: " (zonder decimalen)"}[decimals > 0])
	}
	t := strings.TrimSpace(s)
	neg := false
	if rest, ok := strings.CutPrefix(t, "-"); ok {
		neg, t = true, strings.TrimSpace(rest)
	}
	whole, frac, hasFrac := strings.Cut(t, ",")
	if hasFrac && (frac == "" || len(frac) > decimals || !digits(frac)) {
		return bad()
	}
	if strings.Contains(whole, ".") {
		groups := strings.Split(whole, ".")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return bad()
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return bad()
			}
		}
		whole = strings.Join(groups, "")
	}
	if !digits(whole) || len(whole)+decimals > 17 {
		return bad()
	}
	frac += strings.Repeat("0", decimals-len(frac))
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return bad()
	}
	if neg {
		v = -v
	}
	return v, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
