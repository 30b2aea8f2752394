package http

import (
	"slices"
	"strconv"

	"werkpad"
)

// A small horizontal bar chart drawn as inline SVG by the template
// "bar-chart". The geometry is computed here so that the template only
// places numbers; a chart always comes with a table of the same figures.

const (
	chartWidth    = 400 // viewBox units; the SVG scales to its container
	chartLabelH   = 17  // the label line above the bars of a row
	chartBarH     = 14
	chartBarGap   = 3
	chartRowGap   = 8
	chartValueGap = 6
	chartValueW   = 48 // room kept right of the longest bar for its value
)

// chart is one bar chart: a row per label, one bar per series.
type chart struct {
	ID, Title, Desc string
	Series          []chartSeries
	Rows            []chartRow
	Height          int
	LegendY         int
}

// chartSeries names a series; Class picks its colour in werkpad.css.
type chartSeries struct {
	Label, Class string
	X, TextX     int
}

type chartRow struct {
	Label string
	TextY int
	Bars  []chartBar
}

type chartBar struct {
	Class       string
	Value       int64
	Y, W, TextX int
	TextY       int
}

// newChart lays out rows of values (one per series) with bars scaled to
// the largest value. Each series needs a label and a CSS class. Rows that
// are zero in every series are left out of the picture (the table beside
// it has them), and the description says so.
func newChart(id, title, desc string, series []chartSeries, labels []string, values [][]int64) chart {
	var keptL []string
	var keptV [][]int64
	for i, vs := range values {
		if slices.ContainsFunc(vs, func(v int64) bool { return v != 0 }) {
			keptL, keptV = append(keptL, labels[i]), append(keptV, vs)
		}
	}
	if len(keptL) < len(labels) && len(keptL) > 0 {
		desc += " Cijfers die 0 zijn, staan alleen in de tabel."
		labels, values = keptL, keptV
	}
	c := chart{ID: id, Title: title, Desc: desc, Series: series}
	var maxV int64
	for _, vs := range values {
		for _, v := range vs {
			maxV = max(maxV, v)
		}
	}
	y := 0
	if len(series) > 1 {
		// Legend on top: a square and the label per series.
		c.LegendY = 14
		x := 0
		for i := range c.Series {
			c.Series[i].X, c.Series[i].TextX = x, x+18
			x += 18 + 10*len([]rune(c.Series[i].Label)) + 16
		}
		y = 28
	}
	span := chartWidth - chartValueW
	for i, label := range labels {
		row := chartRow{Label: label, TextY: y + 14}
		y += chartLabelH + 2
		for j, v := range values[i] {
			w := 0
			if maxV > 0 {
				w = int(v * int64(span) / maxV)
			}
			if v > 0 && w < 2 {
				w = 2 // a non-zero value stays visible
			}
			row.Bars = append(row.Bars, chartBar{Class: series[j].Class, Value: v, Y: y, W: w,
				TextX: w + chartValueGap, TextY: y + chartBarH - 2})
			y += chartBarH + chartBarGap
		}
		c.Rows = append(c.Rows, row)
		y += chartRowGap
	}
	c.Height = y
	return c
}

// ViewBox is the SVG viewBox attribute.
func (c chart) ViewBox() string {
	return "0 0 " + strconv.Itoa(chartWidth) + " " + strconv.Itoa(c.Height)
}

// BarH is the height of a bar.
func (c chart) BarH() int { return chartBarH }

// Empty reports whether every value is zero: then the chart is not drawn.
func (c chart) Empty() bool {
	for _, r := range c.Rows {
		for _, b := range r.Bars {
			if b.Value != 0 {
				return false
			}
		}
	}
	return true
}

// formatCount writes a count with a Dutch thousands separator: 1.234.
func formatCount(n int64) string { return werkpad.FormatCount(n) }
