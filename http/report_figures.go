package http

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"werkpad"
)

// The drill-down of a figure: every figure of the report opens to the
// records it is made of (the store computes the figure from the same
// records), in the caller's scope, as a page, a CSV file and JSON. Every
// opening is an audit entry (written by the store).

func (s *Server) reportFigureRoutes() {
	s.handle("GET /rapportages/cijfer", false, s.figurePage, readReports...)
	s.handle("GET /rapportages/cijfer.csv", false, s.figureCSV, readReports...)
	s.handle("GET /api/v1/rapportages/cijfers", false, s.apiFigure, readReports...)
}

// figureQuery reads van, tot, gemeente ("": every municipality in scope)
// and indicator.
func figureQuery(q url.Values) (werkpad.Period, string, werkpad.IndicatorKey, error) {
	p, err := figurePeriod(q)
	if err != nil {
		return werkpad.Period{}, "", "", err
	}
	k := werkpad.IndicatorKey(q.Get("indicator"))
	if !k.Valid() {
		return werkpad.Period{}, "", "", werkpad.FieldError("indicator", "Kies een geldige indicator.")
	}
	return p, q.Get("gemeente"), k, nil
}

// figurePeriod reads the period of a figure's address: van and tot, as
// dd-mm-jjjj or jjjj-mm-dd, in order.
func figurePeriod(q url.Values) (werkpad.Period, error) {
	from, err := werkpad.ParseDate(q.Get("van"))
	if err != nil {
		return werkpad.Period{}, werkpad.FieldError("van", "Geef de begindatum als dd-mm-jjjj of jjjj-mm-dd.")
	}
	to, err := werkpad.ParseDate(q.Get("tot"))
	if err != nil {
		return werkpad.Period{}, werkpad.FieldError("tot", "Geef de einddatum als dd-mm-jjjj of jjjj-mm-dd.")
	}
	if to.Before(from) {
		return werkpad.Period{}, werkpad.FieldError("tot", "De einddatum ligt voor de begindatum.")
	}
	return werkpad.Period{From: from, To: to}, nil
}

func (s *Server) drillDown(r *http.Request) (*werkpad.IndicatorDrillDown, error) {
	p, code, k, err := figureQuery(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.Indicators.DrillDown(r.Context(), p, code, k)
}

// figureText writes a figure as the report does.
func figureText(k werkpad.IndicatorKey, v int64) string {
	switch k.Unit() {
	case werkpad.UnitHundredths, werkpad.UnitBasisPoint:
		return dutchDecimal(v)
	}
	return dutchInt(v)
}

func dutchDecimal(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	frac := strconv.FormatInt(v%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return sign + dutchInt(v/100) + "," + frac
}

func dutchInt(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

func (s *Server) figurePage(w http.ResponseWriter, r *http.Request) error {
	dd, err := s.drillDown(r)
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
		werkpad.IndicatorRow
		MunicipalityName, Value string
	}
	var rows []rowView
	for _, row := range dd.Rows {
		v := ""
		if row.Value != 1 || dd.Key.Unit() != werkpad.UnitCount {
			v = dutchInt(row.Value)
		}
		rows = append(rows, rowView{row, names[row.Municipality], v})
	}
	back := url.Values{"van": {dd.Period.From.Dutch()}, "tot": {dd.Period.To.Dutch()}}
	if dd.Municipality != "" {
		back.Set("gemeente", dd.Municipality)
	}
	csvLink := "/rapportages/cijfer.csv?" + r.URL.RawQuery
	s.render(w, r, http.StatusOK, "rapportage_cijfer.html", map[string]any{
		"Title": dd.Key.Label() + " — " + where, "DD": dd, "Rows": rows, "Where": where,
		"FigureText": figureText(dd.Key, dd.Figure), "Attribution": werkpad.AttributionOf(dd.Key),
		"CSV": template.URL(csvLink), "ShowValue": dd.Key.Unit() != werkpad.UnitCount,
		"Breadcrumbs": []navItem{{Href: "/rapportages?" + back.Encode(), Label: "Rapportages"}, {Label: dd.Key.Label()}},
	})
	return nil
}

func (s *Server) figureCSV(w http.ResponseWriter, r *http.Request) error {
	dd, err := s.drillDown(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	cw.Write([]string{"indicator", "gemeente", "kandidaat_id", "kandidaat", "soort", "record_id", "datum", "waarde", "regel"})
	for _, row := range dd.Rows {
		id := ""
		if row.CandidateID != 0 {
			id = strconv.FormatInt(row.CandidateID, 10)
		}
		cw.Write([]string{string(row.Key), row.Municipality, id, row.CandidateName, row.Record,
			strconv.FormatInt(row.RecordID, 10), row.Date.String(), strconv.FormatInt(row.Value, 10), row.Rule})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	name := "cijfer-" + string(dd.Key) + "-" + dd.Period.From.String() + "-" + dd.Period.To.String()
	if dd.Municipality != "" {
		name += "-" + dd.Municipality
	}
	return download(w, &buf, "text/csv; charset=utf-8", name+".csv")
}

func (s *Server) apiFigure(w http.ResponseWriter, r *http.Request) error {
	dd, err := s.drillDown(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, dd)
}
