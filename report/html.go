package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"werkpad"
)

//go:embed templates
var templateFS embed.FS

var htmlTemplates = template.Must(template.New("report").Funcs(template.FuncMap{
	"add":   func(a, b int) int { return a + b },
	"whole": wholeWords,
}).ParseFS(templateFS, "templates/*.html", "templates/*.css"))

type htmlView struct {
	Title, Period, PreviousPeriod string
	HasPrevious, Public           bool
	Threshold                     int
	Region                        *regionView
	Charts                        []chart
	Municipalities                []muniView
	Chapters                      []chapterView
	Contents                      []tocEntry // a table of contents when the page has several parts
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
	// Parts are the tables as shown: one on the web page, where a wide
	// table scrolls; on paper a wide table is cut into parts of as many
	// columns as fit the page, each with the row labels (printParts).
	Parts []tablePart
}

// tablePart is one table of a chapter's table: its caption, the
// "Omschrijving" header and the headers of its columns, and its rows.
type tablePart struct {
	Caption string
	Headers []string
	Rows    []tableRowView
}

type tableRowView struct {
	Label string
	Total bool
	Cells []cellView
}

// cellView is a chapter figure as printed, with its drill-down ("" for
// none).
type cellView struct{ Text, Href string }

// drillTables are the chapter tables whose figures open to their records.
var drillTables = []string{werkpad.ChapterTableSWStaff, werkpad.ChapterTableSWLocation, werkpad.ChapterTableSWSick,
	werkpad.ChapterTableLKS, werkpad.ChapterTableComplaints}

// chapterHref is the drill-down of the figure in table t, row and column
// col, or "" when the report has no links or the figure none. The finance
// figures are transcribed from the published tables (their source is in
// the table's notes) and the toegevoegde waarde comes from the monthly
// declarations (page /sw/toegevoegde-waarde): neither is made of person
// records.
func (r *Report) chapterHref(t *chTable, row *chRow, col string) string {
	if t.Chapter == ChapterNorms && col == "realisatie" && row.Code != "" {
		// The realisation is the indicator's figure: its drill-down.
		code := row.Code
		if code == RegionCode {
			code = ""
		}
		return r.figureHref(code, werkpad.IndicatorKey(row.Key))
	}
	if r.FigureLinks == "" || r.Public || !slices.Contains(drillTables, t.Key) || row.Code == "" || (row.Code == RegionCode && r.noRegionLinks) {
		return ""
	}
	_, q, _ := strings.Cut(r.FigureLinks, "?")
	return "/rapportages/hoofdstukcijfer?" + q + "&" + url.Values{"tabel": {t.Key}, "rij": {row.Key}, "kolom": {col}}.Encode()
}

func (r *Report) tableViews(tables []chTable) []tableView {
	var out []tableView
	for _, t := range tables {
		tv := tableView{ID: "tabel-" + t.Chapter + "-" + t.Key, Title: t.Title, Unit: t.Unit, Notes: t.Notes, Headers: []string{"Omschrijving"}}
		for _, c := range t.Columns {
			tv.Headers = append(tv.Headers, c.Label)
		}
		for _, row := range t.Rows {
			rv := tableRowView{Label: row.Label, Total: row.Total}
			for i, c := range row.Cells {
				cv := cellView{Text: c.Page()}
				if c.Mark == "" && !c.Empty && i < len(t.Columns) {
					cv.Href = r.chapterHref(&t, &row, t.Columns[i].Key)
				}
				rv.Cells = append(rv.Cells, cv)
			}
			tv.Rows = append(tv.Rows, rv)
		}
		for _, f := range t.Findings {
			tv.Findings = append(tv.Findings, fmt.Sprintf("Rij %s, kolom %s: %s.", f.Row, f.Column, findingText(f)))
		}
		tv.Parts = []tablePart{{Caption: tv.Title + " (" + tv.Unit + ")", Headers: tv.Headers, Rows: tv.Rows}}
		out = append(out, tv)
	}
	return out
}

// chapters are the views of the chapters present in r.
func (r *Report) chapters() []chapterView {
	var out []chapterView
	if r.SW != nil || r.SWUnavailable != "" {
		out = append(out, chapterView{ID: "hoofdstuk-sw", Title: "Sociale werkvoorziening", Charts: r.swChart(), Tables: r.tableViews(r.swTables())})
	}
	if r.LKS != nil || r.LKSUnavailable != "" {
		out = append(out, chapterView{ID: "hoofdstuk-lks", Title: "Loonkostensubsidies", Tables: r.tableViews(r.lksTables())})
	}
	if r.FinanceYear != 0 {
		cv := chapterView{ID: "hoofdstuk-financien", Title: fmt.Sprintf("Financiën %d", r.FinanceYear), Charts: r.varianceChart(), Tables: r.tableViews(r.financeTables()),
			Intro: "De tabellen zoals gepubliceerd, met per tabel de tekenconventie van haar verschilkolom en de uitkomst van de controle: een verschil binnen de afrondingsmarge is afronding, daarbuiten inconsistent."}
		if len(cv.Tables) == 0 {
			cv.Intro = fmt.Sprintf("Er zijn geen financiële tabellen voor %d in uw bereik.", r.FinanceYear)
		}
		out = append(out, cv)
	}
	for _, c := range r.cycleChapters() {
		out = append(out, chapterView{ID: "hoofdstuk-" + c.Key, Title: c.Title, Intro: c.Intro, Tables: r.tableViews(c.Tables)})
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

type regionView struct {
	Heading, Intro string
	Groups         []regionGroup
}

// regionGroup is a group of indicators in the regional table, under its
// own heading (like a municipality's table): "Jongeren" is then never
// without its context.
type regionGroup struct {
	Name string
	Rows []regionRow
}

// tocEntry is a line of the report's table of contents.
type tocEntry struct {
	ID, Title string
	Sub       []tocEntry
}

// contents lists the parts of the page: the regional table, each
// municipality, each chapter with its tables.
func (v *htmlView) contents() []tocEntry {
	var out []tocEntry
	if v.Region != nil {
		out = append(out, tocEntry{ID: "regio", Title: v.Region.Heading})
	}
	if len(v.Municipalities) > 0 {
		e := tocEntry{ID: "gemeente-" + v.Municipalities[0].Code, Title: "Indicatoren per gemeente"}
		for _, m := range v.Municipalities {
			e.Sub = append(e.Sub, tocEntry{ID: "gemeente-" + m.Code, Title: m.Name})
		}
		out = append(out, e)
	}
	for _, c := range v.Chapters {
		e := tocEntry{ID: c.ID, Title: c.Title}
		for _, t := range c.Tables {
			e.Sub = append(e.Sub, tocEntry{ID: t.ID, Title: t.Title})
		}
		out = append(out, e)
	}
	return out
}

type regionRow struct {
	Key, Label, Sum, PreviousSum, Published, Difference, Source string
	PublishedPrevious, DifferencePrevious                       string
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
		rv := &regionView{Heading: g.SumLabel() + " naast het gepubliceerde cijfer",
			Intro: "De som van de gemeenten van deze rapportage naast " + g.PublishedLabel() + ", met het verschil (gepubliceerd − som), voor de periode en voor dezelfde periode een jaar eerder. Geen van beide cijfers is aangepast."}
		for _, k := range r.Keys {
			row := regionRow{Key: string(k), Label: k.Label(), Sum: r.Text(k, g.Sum[k], true), Published: "niet gepubliceerd", Difference: "–", Href: r.figureHref("", k),
				PublishedPrevious: "niet gepubliceerd", DifferencePrevious: "–"}
			if r.HasPrevious {
				row.PreviousSum = r.Text(k, g.PreviousSum[k], true)
				if f, ok := g.PublishedPrevious[k]; ok {
					row.PublishedPrevious = f.Printed
					d, ok := g.PublishedPreviousDifference(k)
					row.DifferencePrevious = diff(k, d, ok)
					row.Differs = row.Differs || (ok && d != 0)
				}
			}
			if f, ok := g.Published[k]; ok {
				row.Published, row.Source = f.Printed, f.Source
				d, ok := g.PublishedDifference(k)
				row.Difference = diff(k, d, ok)
				row.Differs = row.Differs || (ok && d != 0)
			}
			if len(rv.Groups) == 0 || rv.Groups[len(rv.Groups)-1].Name != k.Group() {
				rv.Groups = append(rv.Groups, regionGroup{Name: k.Group()})
			}
			grp := &rv.Groups[len(rv.Groups)-1]
			grp.Rows = append(grp.Rows, row)
		}
		v.Region = rv
	}
	if toc := v.contents(); len(toc) > 1 {
		v.Contents = toc
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

// WriteHTML writes a standalone page with its own (print) stylesheet. It
// is the page the PDF is printed from, so a table wider than an A4 page is
// cut into parts that fit (printParts): a column beyond the page's edge
// would be lost on paper.
func (r *Report) WriteHTML(w io.Writer) error {
	v := r.view()
	for i := range v.Chapters {
		for j := range v.Chapters[i].Tables {
			t := &v.Chapters[i].Tables[j]
			t.Parts = printParts(*t)
		}
	}
	return htmlTemplates.ExecuteTemplate(w, "page.html", v)
}

// Widths in characters of the print stylesheet's table text (9 pt) on an
// A4 page with the PDF's margins: a column is as wide as its longest word
// (a heading wraps between words, never inside one) or a number, plus its
// padding. The budget leaves room for the row labels' column.
const (
	printTableChars  = 88 // A4 minus 2 × 15 mm at 9 pt, in average characters
	printCellPadding = 2  // .25rem + .5rem either side, in characters
	printNumberChars = 9  // "-123.456" and its sign
	printLabelChars  = 22 // the row labels wrap between words
)

// printParts cuts t into parts whose columns fit the width of a printed
// page, each part with all rows and their labels. A table that fits is one
// part with the full caption; otherwise each caption says which part it is.
func printParts(t tableView) []tablePart {
	width := func(h string) int {
		w := printNumberChars
		for _, word := range strings.Fields(h) {
			w = max(w, utf8.RuneCountInString(word))
		}
		return w + printCellPadding
	}
	label := printLabelChars + printCellPadding
	var groups [][]int // column indexes (without the label column) per part
	used := label
	for i, h := range t.Headers[1:] {
		w := width(h)
		if len(groups) == 0 || used+w > printTableChars {
			groups = append(groups, nil)
			used = label
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], i)
		used += w
	}
	if len(groups) <= 1 {
		return []tablePart{{Caption: t.Title + " (" + t.Unit + ")", Headers: t.Headers, Rows: t.Rows}}
	}
	parts := make([]tablePart, len(groups))
	for n, cols := range groups {
		p := tablePart{Caption: fmt.Sprintf("%s (%s), deel %d van %d", t.Title, t.Unit, n+1, len(groups)), Headers: []string{t.Headers[0]}}
		for _, c := range cols {
			p.Headers = append(p.Headers, t.Headers[c+1])
		}
		for _, row := range t.Rows {
			pr := tableRowView{Label: row.Label, Total: row.Total}
			for _, c := range cols {
				if c < len(row.Cells) {
					pr.Cells = append(pr.Cells, row.Cells[c])
				}
			}
			p.Rows = append(p.Rows, pr)
		}
		parts[n] = p
	}
	return parts
}

// WriteFragment writes the tables and charts only, for the web UI's layout.
func (r *Report) WriteFragment(w io.Writer) error {
	return htmlTemplates.ExecuteTemplate(w, "fragment", r.view())
}

// hyphenedWord is a word of a heading with a hyphen: a date (03-07-2024),
// a quarter (Q1-2024), a month (jun-24) or a compound (re-integratie).
var hyphenedWord = regexp.MustCompile(`[^\s/]+-[^\s/]+`)

// wholeWords escapes heading h and keeps each hyphened word on one line: a
// browser may wrap after a hyphen, and "03-07-" above "2024" or "re-"
// above "integratie" reads badly (where it wraps depends on the font: with
// Arial or its metric twin Liberation Sans the finance headings did).
func wholeWords(h string) template.HTML {
	esc := template.HTMLEscapeString(h)
	return template.HTML(hyphenedWord.ReplaceAllString(esc, `<span class="rapport-heel">$0</span>`))
}
