package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"net/url"

	"werkpad"
)

//go:embed templates
var templateFS embed.FS

var htmlTemplates = template.Must(template.New("report").Funcs(template.FuncMap{
	"add": func(a, b int) int { return a + b },
}).ParseFS(templateFS, "templates/*.html", "templates/*.css"))

type htmlView struct {
	Title, Period, PreviousPeriod string
	HasPrevious, Public           bool
	Threshold                     int
	Region                        *regionView
	Charts                        []chart
	Municipalities                []muniView
	Chapters                      []chapterView
}

type chapterView struct {
	ID, Title, Intro string
	Charts           []chart
	Tables           []tableView
}

type tableView struct {
	ID, Title, Unit string
	Notes           []string
	Headers         []string
	Rows            []tableRowView
	Findings        []string
}

type tableRowView struct {
	Label string
	Total bool
	Cells []string
}

func tableViews(tables []chTable) []tableView {
	var out []tableView
	for _, t := range tables {
		tv := tableView{ID: "tabel-" + t.Chapter + "-" + t.Key, Title: t.Title, Unit: t.Unit, Notes: t.Notes, Headers: []string{"Omschrijving"}}
		for _, c := range t.Columns {
			tv.Headers = append(tv.Headers, c.Label)
		}
		for _, row := range t.Rows {
			rv := tableRowView{Label: row.Label, Total: row.Total}
			for _, c := range row.Cells {
				rv.Cells = append(rv.Cells, c.Page())
			}
			tv.Rows = append(tv.Rows, rv)
		}
		for _, f := range t.Findings {
			tv.Findings = append(tv.Findings, fmt.Sprintf("Rij %s, kolom %s: %s.", f.Row, f.Column, findingText(f)))
		}
		out = append(out, tv)
	}
	return out
}

// chapters are the views of the chapters present in r.
func (r *Report) chapters() []chapterView {
	var out []chapterView
	if r.SW != nil || r.SWUnavailable != "" {
		out = append(out, chapterView{ID: "hoofdstuk-sw", Title: "Sociale werkvoorziening", Charts: r.swChart(), Tables: tableViews(r.swTables())})
	}
	if r.LKS != nil || r.LKSUnavailable != "" {
		out = append(out, chapterView{ID: "hoofdstuk-lks", Title: "Loonkostensubsidies", Tables: tableViews(r.lksTables())})
	}
	if r.FinanceYear != 0 {
		cv := chapterView{ID: "hoofdstuk-financien", Title: fmt.Sprintf("Financiën %d", r.FinanceYear), Charts: r.varianceChart(), Tables: tableViews(r.financeTables()),
			Intro: "De tabellen zoals gepubliceerd, met per tabel de tekenconventie van haar verschilkolom en de uitkomst van de controle: een verschil binnen de afrondingsmarge is afronding, daarbuiten inconsistent."}
		if len(cv.Tables) == 0 {
			cv.Intro = fmt.Sprintf("Er zijn geen financiële tabellen voor %d in uw bereik.", r.FinanceYear)
		}
		out = append(out, cv)
	}
	return out
}

type muniView struct {
	Code, Name string
	Groups     []rowGroupView
}

type rowGroupView struct {
	Name string
	Rows []rowView
}

type rowView struct {
	Key, Label, Value, Previous, Difference string
	Href                                    string // the figure's drill-down; "" for none
}

type regionView struct{ Rows []regionRow }

type regionRow struct {
	Key, Label, Sum, PreviousSum, Published, Difference, Source string
	Differs                                                     bool
	Href                                                        string
}

func (r *Report) view() htmlView {
	v := htmlView{Title: r.Title(), Period: r.Period.String(), HasPrevious: r.HasPrevious, Public: r.Public, Threshold: r.Threshold, Charts: r.charts(), Chapters: r.chapters()}
	if r.HasPrevious {
		v.PreviousPeriod = r.PreviousPeriod.String()
	}
	diff := func(k werkpad.IndicatorKey, d float64, ok bool) string {
		if !ok {
			return "–"
		}
		s := Dutch(d, decimals(k), true)
		if d > 0 {
			s = "+" + s
		}
		return s
	}
	for _, m := range r.Municipalities {
		mv := muniView{Code: m.Code, Name: m.Name}
		for _, k := range r.Keys {
			if len(mv.Groups) == 0 || mv.Groups[len(mv.Groups)-1].Name != k.Group() {
				mv.Groups = append(mv.Groups, rowGroupView{Name: k.Group()})
			}
			row := rowView{Key: string(k), Label: k.Label(), Value: r.Text(k, m.Values[k], true), Href: r.figureHref(m.Code, k)}
			if r.HasPrevious {
				row.Previous = r.Text(k, m.Previous[k], true)
				d, ok := Difference(k, m.Values[k], m.Previous[k])
				row.Difference = diff(k, d, ok)
			}
			g := &mv.Groups[len(mv.Groups)-1]
			g.Rows = append(g.Rows, row)
		}
		v.Municipalities = append(v.Municipalities, mv)
	}
	if g := r.Region; g != nil {
		rv := &regionView{}
		for _, k := range r.Keys {
			row := regionRow{Key: string(k), Label: k.Label(), Sum: r.Text(k, g.Sum[k], true), Published: "niet gepubliceerd", Difference: "–", Href: r.figureHref("", k)}
			if r.HasPrevious {
				row.PreviousSum = r.Text(k, g.PreviousSum[k], true)
			}
			if f, ok := g.Published[k]; ok {
				row.Published, row.Source = f.Printed, f.Source
				d, ok := g.PublishedDifference(k)
				row.Difference = diff(k, d, ok)
				row.Differs = ok && d != 0
			}
			rv.Rows = append(rv.Rows, row)
		}
		v.Region = rv
	}
	return v
}

// figureHref is the drill-down of figure k of municipality code ("" the
// region), or "" when the report has no links.
func (r *Report) figureHref(code string, k werkpad.IndicatorKey) string {
	if r.FigureLinks == "" || r.Public || (code == "" && r.noRegionLinks) {
		return ""
	}
	h := r.FigureLinks + "&indicator=" + url.QueryEscape(string(k))
	if code != "" {
		h += "&gemeente=" + url.QueryEscape(code)
	}
	return h
}

// WriteHTML writes a standalone page with its own (print) stylesheet.
func (r *Report) WriteHTML(w io.Writer) error {
	return htmlTemplates.ExecuteTemplate(w, "page.html", r.view())
}

// WriteFragment writes the tables and charts only, for the web UI's layout.
func (r *Report) WriteFragment(w io.Writer) error {
	return htmlTemplates.ExecuteTemplate(w, "fragment", r.view())
}
