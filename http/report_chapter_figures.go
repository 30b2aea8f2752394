package http

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"werkpad"
	"werkpad/report"
)

// The drill-down of a chapter figure (SW, LKS, complaints), beside that of
// an indicator (report_figures.go): the figure named by table, row and
// column as the report names it, as a page, a CSV file and JSON. The store
// writes the opening to the audit log.

func (s *Server) reportChapterFigureRoutes() {
	s.handle("GET /rapportages/hoofdstukcijfer", false, s.chapterFigurePage, readReports...)
	s.handle("GET /rapportages/hoofdstukcijfer.csv", false, s.chapterFigureCSV, readReports...)
	s.handle("GET /api/v1/rapportages/hoofdstukcijfers", false, s.apiChapterFigure, readReports...)
}

func (s *Server) chapterDrillDown(r *http.Request) (*werkpad.ChapterDrillDown, error) {
	q := r.URL.Query()
	p, err := figurePeriod(q)
	if err != nil {
		return nil, err
	}
	for _, f := range []string{"tabel", "rij", "kolom"} {
		if q.Get(f) == "" || len(q.Get(f)) > 64 {
			return nil, werkpad.FieldError(f, "Geef %s van het cijfer.", map[string]string{"tabel": "de tabel", "rij": "de rij", "kolom": "de kolom"}[f])
		}
	}
	return s.ChapterFigures.ChapterDrillDown(r.Context(), p, q.Get("tabel"), q.Get("rij"), q.Get("kolom"))
}

// chapterFigureText writes the figure as the report does.
func chapterFigureText(dd *werkpad.ChapterDrillDown) string {
	return report.Dutch(dd.Figure, dd.Decimals, true)
}

func (s *Server) chapterFigurePage(w http.ResponseWriter, r *http.Request) error {
	dd, err := s.chapterDrillDown(r)
	if err != nil {
		return err
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	where := "de regio (alle gemeenten binnen uw bereik)"
	if dd.Municipality != "" {
		where = names[dd.Municipality] + " (" + dd.Municipality + ")"
	}
	type rowView struct {
		werkpad.ChapterFigureRow
		MunicipalityName, Href, Label, Value, Denominator string
	}
	u := werkpad.UserFromContext(r.Context())
	var rows []rowView
	for _, row := range dd.Rows {
		v := rowView{ChapterFigureRow: row, MunicipalityName: names[row.Municipality], Value: dutchInt(row.Value)}
		if row.Denominator != 0 {
			v.Denominator = dutchInt(row.Denominator)
		}
		switch row.Record {
		case "sw-dienstverband":
			e := werkpad.SWEmployee{ID: row.RecordID, PersonnelNumber: row.Reference}
			v.Label, v.Href = e.Label(), "/sw/"+strconv.FormatInt(row.RecordID, 10)
		case "klacht":
			v.Label = "Klacht " + strconv.FormatInt(row.RecordID, 10)
			if slices.Contains(werkpad.RolesReadComplaints, u.Role) {
				v.Href = "/klachten/" + strconv.FormatInt(row.RecordID, 10)
			}
		default:
			v.Label = "Plaatsing " + strconv.FormatInt(row.RecordID, 10)
		}
		rows = append(rows, v)
	}
	back := url.Values{"van": {dd.Period.From.Dutch()}, "tot": {dd.Period.To.Dutch()}}
	title := chapterTableTitles[dd.Table] + ": " + chapterColumnLabel(dd.Column)
	s.render(w, r, http.StatusOK, "rapportage_hoofdstukcijfer.html", map[string]any{
		"Title": title + " — " + where, "Heading": title, "DD": dd, "Rows": rows, "Where": where,
		"FigureText": chapterFigureText(dd), "ShowValue": dd.How != "aantal rijen",
		"CSV":         template.URL("/rapportages/hoofdstukcijfer.csv?" + r.URL.RawQuery),
		"Breadcrumbs": []navItem{{Href: "/rapportages?" + back.Encode(), Label: "Rapportages"}, {Label: title}},
	})
	return nil
}

// chapterTableTitles name the tables with a drill-down.
var chapterTableTitles = map[string]string{
	werkpad.ChapterTableSWStaff:    "SW-medewerkers",
	werkpad.ChapterTableSWLocation: "Werken op locatie",
	werkpad.ChapterTableSWSick:     "Ziekteverzuim",
	werkpad.ChapterTableLKS:        "Loonkostensubsidies",
	werkpad.ChapterTableComplaints: "Klachten",
}

// chapterColumnLabel names a column in Dutch.
func chapterColumnLabel(col string) string {
	labels := map[string]string{
		"aantal_jaar_eerder": "aantal een jaar eerder", "se_jaar_eerder": "SE een jaar eerder",
		"aantal_einddatum": "aantal op de einddatum", "se_einddatum": "SE op de einddatum",
		"lopend": "lopende LKS", "waarvan_nug": "waarvan niet uitkeringsgerechtigd bij instroom",
		"gemiddelde_uren": "gemiddeld uren per week", "gemiddelde_loonwaarde": "gemiddelde loonwaarde",
		"subsidie": "subsidie in de periode", "ontvangen": "ontvangen", "afgehandeld": "afgehandeld",
		"binnen_termijn": "afgehandeld binnen de termijn", "open": "open aan het eind",
	}
	if l, ok := labels[col]; ok {
		return l
	}
	if w := werkpad.Werkvorm(col); w.Valid() {
		return w.Label()
	}
	if o := werkpad.ComplaintOutcome(col); slices.Contains(werkpad.ComplaintOutcomes, o) {
		return o.Label()
	}
	if d, err := werkpad.ParseDate(col); err == nil {
		return "kwartaal tot en met " + d.Dutch()
	}
	return col
}

func (s *Server) chapterFigureCSV(w http.ResponseWriter, r *http.Request) error {
	dd, err := s.chapterDrillDown(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	cw.Write([]string{"tabel", "rij", "kolom", "gemeente", "soort", "record_id", "kenmerk", "kandidaat_id", "kandidaat", "datum", "waarde", "noemer", "regel"})
	for _, row := range dd.Rows {
		id, den := "", ""
		if row.CandidateID != 0 {
			id = strconv.FormatInt(row.CandidateID, 10)
		}
		if row.Denominator != 0 {
			den = strconv.FormatInt(row.Denominator, 10)
		}
		cw.Write([]string{dd.Table, dd.Row, dd.Column, row.Municipality, row.Record, strconv.FormatInt(row.RecordID, 10), row.Reference, id, row.CandidateName,
			row.Date.String(), strconv.FormatInt(row.Value, 10), den, row.Rule})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	name := "cijfer-" + dd.Table + "-" + dd.Row + "-" + dd.Column + "-" + dd.Period.From.String() + "-" + dd.Period.To.String()
	return download(w, &buf, "text/csv; charset=utf-8", name+".csv")
}

func (s *Server) apiChapterFigure(w http.ResponseWriter, r *http.Request) error {
	dd, err := s.chapterDrillDown(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, dd)
}
