package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
)

// WritePDF writes r as an A4 document: the regional table (when shown),
// the bar chart per municipality drawn with rectangles, and one table per
// municipality. Core fonts only (no files at run time); text goes through
// the cp1252 translator so that "ë" and "–" print.
func (r *Report) WritePDF(w io.Writer) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(r.Title(), true)
	pdf.SetAuthor("WerkBedrijf Rijk van Nijmegen (werkpad)", true)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	cp1252 := pdf.UnicodeTranslatorFromDescriptor("")
	// cp1252 has no minus sign (U+2212): print a hyphen.
	tr := func(s string) string { return cp1252(strings.ReplaceAll(s, "−", "-")) }
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s — pagina %d", r.Title(), pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 15)
	pdf.MultiCell(0, 7, tr(r.Title()), "", "L", false)
	pdf.SetFont("Helvetica", "", 9)
	intro := "Periode " + r.Period.String()
	if r.HasPrevious {
		intro += ", vergeleken met " + r.PreviousPeriod.String()
	}
	intro += "."
	if r.Public {
		intro += fmt.Sprintf(" Openbare versie: aantallen onder de %d staan als <%d; met x is een cijfer weggelaten waaruit een klein aantal af te leiden zou zijn.", r.Threshold, r.Threshold)
	}
	pdf.MultiCell(0, 5, tr(intro), "", "L", false)
	pdf.Ln(3)

	heading := func(s string) {
		pdf.SetFont("Helvetica", "B", 12)
		pdf.MultiCell(0, 6, tr(s), "", "L", false)
		pdf.Ln(1)
	}
	table := func(widths []float64, header []string, rows [][]string, bold []bool) {
		pdf.SetFont("Helvetica", "B", 8)
		pdf.SetFillColor(230, 230, 230)
		for i, h := range header {
			align := "R"
			if i == 0 {
				align = "L"
			}
			pdf.CellFormat(widths[i], 6, tr(h), "B", 0, align, true, 0, "")
		}
		pdf.Ln(-1)
		for n, row := range rows {
			style := ""
			if bold != nil && bold[n] {
				style = "B"
			}
			pdf.SetFont("Helvetica", style, 8)
			for i, c := range row {
				align := "R"
				if i == 0 {
					align = "L"
				}
				pdf.CellFormat(widths[i], 5, tr(c), "B", 0, align, false, 0, "")
			}
			pdf.Ln(-1)
		}
		pdf.Ln(4)
	}
	v := r.view()
	if v.Region != nil {
		heading(v.Region.Heading)
		pdf.SetFont("Helvetica", "", 8)
		pdf.MultiCell(0, 4, tr(v.Region.Intro), "", "L", false)
		pdf.Ln(1)
		// Two tables, the period and a year earlier, so that the labels keep
		// their width.
		var rows, prevRows [][]string
		var bold, prevBold []bool
		for _, g := range v.Region.Groups {
			rows, bold = append(rows, []string{g.Name, "", "", ""}), append(bold, true)
			prevRows, prevBold = append(prevRows, []string{g.Name, "", "", ""}), append(prevBold, true)
			for _, row := range g.Rows {
				rows = append(rows, []string{"   " + row.Label, row.Sum, row.Published, row.Difference})
				bold = append(bold, row.Difference != "–" && row.Difference != "0" && row.Difference != "0,00")
				prevRows = append(prevRows, []string{"   " + row.Label, row.PreviousSum, row.PublishedPrevious, row.DifferencePrevious})
				prevBold = append(prevBold, row.DifferencePrevious != "–" && row.DifferencePrevious != "0" && row.DifferencePrevious != "0,00")
			}
		}
		widths := []float64{90, 26, 30, 34}
		table(widths, []string{"Indicator, " + r.Period.String(), "Som", "Gepubliceerd", "Verschil (gepubl. − som)"}, rows, bold)
		if r.HasPrevious {
			table(widths, []string{"Indicator, " + r.PreviousPeriod.String(), "Som", "Gepubliceerd", "Verschil (gepubl. − som)"}, prevRows, prevBold)
		}
	}
	for _, c := range r.charts() {
		r.pdfChart(pdf, tr, c)
	}
	for _, m := range v.Municipalities {
		pdf.AddPage()
		heading(fmt.Sprintf("%s (%s)", m.Name, m.Code))
		var rows [][]string
		var bold []bool
		for _, g := range m.Groups {
			rows, bold = append(rows, []string{g.Name, "", "", ""}[:2+2*boolInt(r.HasPrevious)]), append(bold, true)
			for _, row := range g.Rows {
				cells := []string{"   " + row.Label, row.Value}
				if r.HasPrevious {
					cells = append(cells, row.Previous, row.Difference)
				}
				rows, bold = append(rows, cells), append(bold, false)
			}
		}
		header, widths := []string{"Indicator", r.Period.String()}, []float64{100, 30}
		if r.HasPrevious {
			header, widths = append(header, "Vorig jaar", "Verschil"), append(widths, 25, 25)
		}
		table(widths, header, rows, bold)
	}
	for _, ch := range r.chapters() {
		pdf.AddPage()
		pdf.SetFont("Helvetica", "B", 14)
		pdf.MultiCell(0, 7, tr(ch.Title), "", "L", false)
		if ch.Intro != "" {
			pdf.SetFont("Helvetica", "", 8)
			pdf.MultiCell(0, 4, tr(ch.Intro), "", "L", false)
		}
		pdf.Ln(2)
		for _, c := range ch.Charts {
			r.pdfChart(pdf, tr, c)
		}
		for _, t := range ch.Tables {
			pdfChapterTable(pdf, tr, t)
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report.WritePDF: %w", err)
	}
	return pdf.Output(w)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pdfChart draws c with rectangles: the same layout as the SVG, scaled to mm.
func (r *Report) pdfChart(pdf *fpdf.Fpdf, tr func(string) string, c chart) {
	const scale = 0.28 // mm per SVG unit: 640 units ≈ 180 mm
	if pdf.GetY()+float64(c.Height)*scale+12 > 280 {
		pdf.AddPage()
	}
	pdf.SetFont("Helvetica", "B", 10)
	pdf.MultiCell(0, 5, tr(c.Title), "", "L", false)
	x0, y0 := pdf.GetX(), pdf.GetY()+1
	color := func(class string) {
		if class == "staaf-vorig" {
			pdf.SetFillColor(92, 92, 92)
		} else {
			pdf.SetFillColor(1, 104, 155)
		}
	}
	pdf.SetFont("Helvetica", "", 7)
	for _, s := range c.Series {
		color(s.Class)
		pdf.Rect(x0+float64(s.X)*scale, y0+float64(s.Y)*scale, 12*scale, 12*scale, "F")
		pdf.Text(x0+float64(s.X+18)*scale, y0+float64(s.Y+11)*scale, tr(s.Name))
	}
	if a := c.Axis; a != nil {
		pdf.SetDrawColor(26, 26, 26)
		pdf.Line(x0+float64(a.X)*scale, y0+float64(a.Y1)*scale, x0+float64(a.X)*scale, y0+float64(a.Y2)*scale)
	}
	for _, g := range c.Groups {
		pdf.Text(x0+10*scale, y0+float64(g.LabelY)*scale, tr(g.Label))
		for _, b := range g.Bars {
			color(b.Class)
			if b.W > 0 {
				pdf.Rect(x0+float64(b.X)*scale, y0+float64(b.Y)*scale, float64(b.W)*scale, float64(b.H)*scale, "F")
			}
			pdf.Text(x0+float64(b.ValueX)*scale, y0+float64(b.ValueY)*scale, tr(b.Value))
		}
	}
	pdf.SetY(y0 + float64(c.Height)*scale + 6)
}

// pdfChapterTable writes a chapter table on the full width: the label
// column takes what the figures leave, the headings wrap between words,
// small type for wide tables. A table of more than six figure columns gets
// a landscape page, so that its headings keep their words whole.
func pdfChapterTable(pdf *fpdf.Fpdf, tr func(string) string, t tableView) {
	n := len(t.Headers) - 1
	wide := n > 6
	pw, ph := pdf.GetPageSize()
	switch {
	case wide && pw < ph:
		pdf.AddPageFormat("L", fpdf.SizeType{Wd: 210, Ht: 297})
	case !wide && pw > ph:
		pdf.AddPageFormat("P", fpdf.SizeType{Wd: 210, Ht: 297})
	}
	pw, ph = pdf.GetPageSize()
	width := pw - 30
	bottom := ph - 22
	size := 8.0
	if wide {
		size = 6
	}
	numW := min(24, (width-50)/float64(max(n, 1)))
	labelW := width - numW*float64(n)
	widths := []float64{labelW}
	for range n {
		widths = append(widths, numW)
	}
	orientation := "P"
	if wide {
		orientation = "L"
	}
	newPage := func() { pdf.AddPageFormat(orientation, fpdf.SizeType{Wd: 210, Ht: 297}) }
	if pdf.GetY() > bottom-35 {
		newPage()
	}
	pdf.SetFont("Helvetica", "B", 10)
	pdf.MultiCell(0, 5, tr(t.Title+" ("+t.Unit+")"), "", "L", false)
	pdf.SetFont("Helvetica", "I", 7)
	for _, note := range t.Notes {
		pdf.MultiCell(0, 3.5, tr(note), "", "L", false)
	}
	pdf.Ln(1)
	if len(t.Rows) == 0 {
		pdf.Ln(3)
		return
	}
	lh := size * 0.5
	// The headings wrap between words only: their type shrinks until the
	// longest word of each heading fits its column.
	// A heading may also wrap after a slash ("Werkgeversbonusplus/
	// ontwikkeltrajecten").
	fitsAt := func(hsize float64, split func(rune) bool) bool {
		pdf.SetFont("Helvetica", "B", hsize)
		for i, h := range t.Headers {
			for _, w := range strings.FieldsFunc(tr(h), split) {
				if pdf.GetStringWidth(w) > widths[i]-1.5 {
					return false
				}
			}
		}
		return true
	}
	space := func(r rune) bool { return r == ' ' }
	hsize := size
	for hsize > 4.5 && !fitsAt(hsize, space) {
		hsize -= 0.5
	}
	headers := t.Headers
	if !fitsAt(hsize, space) {
		headers = nil
		for _, h := range t.Headers {
			headers = append(headers, strings.ReplaceAll(h, "/", "/ "))
		}
	}
	pdf.SetFont("Helvetica", "B", hsize)
	hlh := hsize * 0.5
	header := func() {
		pdf.SetFont("Helvetica", "B", hsize)
		pdf.SetFillColor(230, 230, 230)
		lines := 1
		for i, h := range headers {
			lines = max(lines, len(pdf.SplitLines([]byte(tr(h)), widths[i]-1)))
		}
		x, y := pdf.GetX(), pdf.GetY()
		for i, h := range headers {
			align := "R"
			if i == 0 {
				align = "L"
			}
			pdf.Rect(x, y, widths[i], float64(lines)*hlh, "F")
			pdf.SetXY(x, y)
			pdf.MultiCell(widths[i], hlh, tr(h), "", align, false)
			x += widths[i]
		}
		pdf.SetXY(15, y+float64(lines)*hlh+0.5)
	}
	header()
	for _, row := range t.Rows {
		if pdf.GetY() > bottom {
			newPage()
			header()
		}
		style := ""
		if row.Total {
			style = "B"
		}
		pdf.SetFont("Helvetica", style, size)
		// A long label wraps (never cut off: its group is part of it).
		label := tr(row.Label)
		lines := max(1, len(pdf.SplitLines([]byte(label), labelW-1)))
		h := float64(lines)*lh + 1
		x, y := pdf.GetX(), pdf.GetY()
		pdf.MultiCell(labelW, h/float64(lines), label, "B", "L", false)
		pdf.SetXY(x+labelW, y)
		for i, c := range row.Cells {
			pdf.CellFormat(widths[i+1], h, tr(c.Text), "B", 0, "R", false, 0, "")
		}
		pdf.SetXY(x, y+h)
	}
	if len(t.Findings) > 0 {
		pdf.Ln(1)
		pdf.SetFont("Helvetica", "", 7)
		pdf.MultiCell(0, 3.5, tr("Controle (de gepubliceerde cijfers zijn niet aangepast):"), "", "L", false)
		for _, f := range t.Findings {
			pdf.MultiCell(0, 3.5, tr("• "+f), "", "L", false)
		}
	}
	pdf.Ln(4)
}
