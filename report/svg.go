package report

import (
	"fmt"
	"strings"

	"werkpad"
)

// A bar chart as accessible inline SVG: role="img" with a <title> and a
// <desc> that says what it shows, and the same figures in a data table
// beside it (see the templates). Bars are horizontal, one group per
// municipality, one bar per series; a hidden cell of a public export gets
// no bar, only its mark.

type chart struct {
	ID, Title, Desc string
	Width, Height   int
	Series          []series
	Groups          []barGroup
	Caption         string
	Headers         []string // data table: municipality, then one column per series
	Axis            *axis    // the zero line of a chart with negative bars
	Sub             bool     // a chart within a chapter: an h3 heading
}

type axis struct{ X, Y1, Y2 int }

type series struct {
	Name, Class string
	X, Y        int // legend swatch
}

type barGroup struct {
	Label  string
	LabelY int
	Bars   []bar
	Values []string // for the data table, per series
}

type bar struct {
	X, Y, W, H     int
	Class          string
	Value          string
	ValueX, ValueY int
}

const (
	chartLabelW = 170
	chartBarMax = 380
	chartBarH   = 14
	chartLeft   = 10
)

// barChart lays out groups (one per municipality) with one bar per series.
func barChart(id, title, desc string, seriesNames []string, labels []string, values [][]float64, texts [][]string) chart {
	c := chart{ID: id, Title: title, Desc: desc, Width: 640, Caption: title}
	classes := []string{"staaf-huidig", "staaf-vorig"}
	if len(seriesNames) == 2 {
		classes = []string{"staaf-vorig", "staaf-huidig"}
	}
	c.Headers = append([]string{"Gemeente"}, seriesNames...)
	maxV := 0.0
	for _, vs := range values {
		for _, v := range vs {
			maxV = max(maxV, v)
		}
	}
	y := 34
	for i, name := range seriesNames {
		c.Series = append(c.Series, series{Name: name, Class: classes[i], X: chartLeft + i*200, Y: 8})
	}
	groupH := len(seriesNames)*(chartBarH+2) + 10
	for i, l := range labels {
		g := barGroup{Label: l, LabelY: y + groupH/2, Values: texts[i]}
		for s := range seriesNames {
			by := y + s*(chartBarH+2)
			w := 0
			if maxV > 0 && texts[i][s] == formatPlain(values[i][s]) {
				w = int(values[i][s] / maxV * chartBarMax)
			}
			g.Bars = append(g.Bars, bar{X: chartLeft + chartLabelW, Y: by, W: w, H: chartBarH, Class: classes[s],
				Value: texts[i][s], ValueX: chartLeft + chartLabelW + w + 6, ValueY: by + chartBarH - 3})
		}
		c.Groups = append(c.Groups, g)
		y += groupH
	}
	c.Height = y + 6
	return c
}

// formatPlain is the text of a shown figure in a chart.
func formatPlain(v float64) string {
	if v == float64(int64(v)) {
		return Dutch(v, 0, true)
	}
	return Dutch(v, 2, true)
}

// charts returns the bar chart per municipality of r.Chart and the
// year-on-year chart of the same indicator.
func (r *Report) charts() []chart {
	k := r.Chart
	if !k.Valid() {
		k = werkpad.IndPlacementsUpTo28
	}
	var labels []string
	var cur, both [][]float64
	var curT, bothT [][]string
	for _, m := range r.Municipalities {
		labels = append(labels, m.Name)
		v := Number(k, m.Values[k].Raw)
		vt := r.chartText(k, m.Values[k])
		cur, curT = append(cur, []float64{v}), append(curT, []string{vt})
		if r.HasPrevious {
			p := Number(k, m.Previous[k].Raw)
			both = append(both, []float64{p, v})
			bothT = append(bothT, []string{r.chartText(k, m.Previous[k]), vt})
		}
	}
	if len(labels) == 0 {
		return nil
	}
	what := k.Label()
	if g := k.Group(); g != "" && g != what {
		what = g + ": " + k.Label()
	}
	out := []chart{barChart("grafiek-gemeenten", fmt.Sprintf("%s per gemeente, %s", what, r.Period),
		fmt.Sprintf("Staafdiagram met per gemeente het aantal (%s) over %s. De cijfers staan ook in de tabel onder de grafiek.", strings.ToLower(k.Label()), r.Period),
		[]string{r.Period.String()}, labels, cur, curT)}
	if r.HasPrevious {
		out = append(out, barChart("grafiek-vorig-jaar", fmt.Sprintf("%s: %s vergeleken met een jaar eerder", what, r.Period),
			fmt.Sprintf("Staafdiagram met per gemeente twee staven: %s (vorig jaar) en %s. De cijfers staan ook in de tabel onder de grafiek.", r.PreviousPeriod, r.Period),
			[]string{r.PreviousPeriod.String(), r.Period.String()}, labels, both, bothT))
	}
	return out
}

func (r *Report) chartText(k werkpad.IndicatorKey, c Cell) string {
	if c.Hidden() {
		return r.Text(k, c, true)
	}
	return formatPlain(Number(k, c.Raw))
}

// signedBarChart lays out bars that may be negative: they grow left or
// right from a zero line. present[i][s] false means no figure (no bar).
func signedBarChart(id, title, desc, first string, seriesNames, labels []string, values [][]float64, present [][]bool) chart {
	c := chart{ID: id, Title: title, Desc: desc, Width: 640, Caption: title, Sub: true}
	classes := []string{"staaf-vorig", "staaf-huidig"}
	c.Headers = append([]string{first}, seriesNames...)
	maxPos, maxNeg := 0.0, 0.0
	for i, vs := range values {
		for s, v := range vs {
			if present[i][s] {
				maxPos, maxNeg = max(maxPos, v), max(maxNeg, -v)
			}
		}
	}
	scale := 0.0
	if maxPos+maxNeg > 0 {
		scale = float64(chartBarMax-60) / (maxPos + maxNeg)
	}
	zero := chartLeft + chartLabelW + int(maxNeg*scale)
	for i, name := range seriesNames {
		c.Series = append(c.Series, series{Name: name, Class: classes[i%2], X: chartLeft + i*200, Y: 8})
	}
	y := 34
	groupH := len(seriesNames)*(chartBarH+2) + 10
	for i, l := range labels {
		g := barGroup{Label: l, LabelY: y + groupH/2}
		for s := range seriesNames {
			by := y + s*(chartBarH+2)
			text := "–"
			b := bar{X: zero, Y: by, H: chartBarH, Class: classes[s%2], ValueY: by + chartBarH - 3}
			if present[i][s] {
				v := values[i][s]
				text = formatPlain(v)
				if v > 0 {
					text = "+" + text
				}
				w := int(abs(v) * scale)
				b.W = w
				if v < 0 {
					b.X = zero - w
				}
			}
			b.Value = text
			b.ValueX = max(b.X+b.W, zero) + 6
			g.Bars = append(g.Bars, b)
			g.Values = append(g.Values, text)
		}
		c.Groups = append(c.Groups, g)
		y += groupH
	}
	c.Height = y + 6
	c.Axis = &axis{X: zero, Y1: 30, Y2: y}
	return c
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// swChart is the headcount per municipality a year before the period's end
// and on it.
func (r *Report) swChart() []chart {
	if r.SW == nil || len(r.SW.Municipalities) == 0 {
		return nil
	}
	end, before := r.SW.Period.To, r.SW.Period.To.AddYears(-1)
	var labels []string
	var vals [][]float64
	var texts [][]string
	for _, m := range r.SW.Municipalities {
		labels = append(labels, m.Name)
		a, b := r.publicCount(m.YearBefore.Headcount), r.publicCount(m.AtEnd.Headcount)
		vals = append(vals, []float64{a.V, b.V})
		texts = append(texts, []string{a.Page(), b.Page()})
	}
	c := barChart("grafiek-sw", "SW-medewerkers per gemeente: "+before.Dutch()+" en "+end.Dutch(),
		fmt.Sprintf("Staafdiagram met per gemeente twee staven: het aantal SW-medewerkers in dienst op %s en op %s. De cijfers staan ook in de tabel onder de grafiek.", before.Dutch(), end.Dutch()),
		[]string{before.Dutch(), end.Dutch()}, labels, vals, texts)
	c.Sub = true
	return []chart{c}
}

// varianceChart is prognose − begroting per programme, baten and lasten,
// of the first finance table with a variance column (the MGR as a whole in
// the report of 2024). Tables with a municipality's rows only have none.
func (r *Report) varianceChart() []chart {
	for _, ft := range r.Finance {
		t := ft.Table
		if t.Variance == nil {
			continue
		}
		var labels []string
		idx := map[string]int{}
		var vals [][]float64
		var present [][]bool
		for _, row := range t.Rows {
			s := map[string]int{"baten": 0, "lasten": 1}
			col, ok := s[row.Section]
			if !ok || row.Kind != werkpad.FinanceLine {
				continue
			}
			v, ok := row.Cell(t.Variance.Column)
			if !ok {
				continue
			}
			if t.SignConvention == werkpad.BudgetMinusForecast {
				v = -v
			}
			i, seen := idx[row.Label]
			if !seen {
				i = len(labels)
				idx[row.Label] = i
				labels, vals, present = append(labels, row.Label), append(vals, make([]float64, 2)), append(present, make([]bool, 2))
			}
			vals[i][col], present[i][col] = float64(v), true
		}
		if len(labels) == 0 {
			continue
		}
		title := fmt.Sprintf("Verschil prognose − begroting per programma, %s (%s)", t.Title, t.UnitLabel())
		return []chart{signedBarChart("grafiek-verschil", title,
			"Staafdiagram met per programma het verschil tussen prognose en begroting voor de baten en de lasten; een staaf naar rechts is een hogere prognose, naar links een lagere. De cijfers staan ook in de tabel onder de grafiek.",
			"Programma", []string{"Baten", "Lasten"}, labels, vals, present)}
	}
	return nil
}
