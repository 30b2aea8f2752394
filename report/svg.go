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
}

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
