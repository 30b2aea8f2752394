package http

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"werkpad"
)

// Vaststellen: a controller fixes the report of a past period; downloads
// of that period then give the fixed figures (marked as such) unless
// versie=actueel; the drift page shows which records changed which figure
// since fixing. The store implements werkpad.ReportFixService on the
// indicator service.

func (s *Server) reportFixRoutes() {
	s.handle("POST /rapportages/vaststellen", false, s.fixReportPost, werkpad.RolesFixReports...)
	s.handle("GET /rapportages/afwijking", false, s.driftPage, readReports...)
	s.handle("GET /api/v1/rapportages", false, s.apiReport, readReports...)
	s.handle("GET /api/v1/rapportages/vaststellingen", false, s.apiReportFixes, readReports...)
	s.handle("POST /api/v1/rapportages/vaststellingen", false, s.apiFixReport, werkpad.RolesFixReports...)
	s.handle("GET /api/v1/rapportages/vaststellingen/{periode}", false, s.apiReportFix, readReports...)
	s.handle("GET /api/v1/rapportages/vaststellingen/{periode}/afwijking", false, s.apiReportDrift, readReports...)
}

func (s *Server) fixes() (werkpad.ReportFixService, error) {
	f, ok := s.Indicators.(werkpad.ReportFixService)
	if !ok {
		return nil, errors.New("http: Server.Indicators does not fix reports")
	}
	return f, nil
}

// periodOf reads van and tot (dd-mm-jjjj or jjjj-mm-dd) of q.
func periodOf(q url.Values) (werkpad.Period, error) {
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

// fixedFigures replaces the indicators of req by those of the fixing of
// its period, when there is one: the municipalities of req, as fixed.
func (s *Server) fixedFigures(r *http.Request, req *werkpad.ReportRequest) error {
	fx, err := s.fixes()
	if err != nil {
		return err
	}
	fix, err := fx.ReportFix(r.Context(), req.Current.Period)
	if werkpad.ErrorCode(err) == werkpad.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	set := &werkpad.IndicatorSet{Period: fix.Figures.Period}
	for _, m := range req.Current.Municipalities {
		if i := slices.IndexFunc(fix.Figures.Municipalities, func(f werkpad.MunicipalityIndicators) bool { return f.Code == m.Code }); i >= 0 {
			set.Municipalities = append(set.Municipalities, fix.Figures.Municipalities[i])
		}
	}
	req.Current, req.Fixed = set, fix
	return nil
}

func (s *Server) fixReportPost(w http.ResponseWriter, r *http.Request) error {
	v := formValues(r)
	q := url.Values{"van": {v["van"]}, "tot": {v["tot"]}}
	p, err := periodOf(q)
	if err != nil {
		return err
	}
	fx, err := s.fixes()
	if err != nil {
		return err
	}
	if _, err := fx.FixReport(r.Context(), p, strings.TrimSpace(v["toelichting"])); err != nil {
		if werkpad.ErrorCode(err) == werkpad.EINVALID {
			s.flash(w, r, werkpad.ErrorMessage(err))
			return redirect(w, r, "/rapportages?"+q.Encode())
		}
		return err
	}
	s.flash(w, r, "De rapportage over "+p.String()+" is vastgesteld.")
	return redirect(w, r, "/rapportages/afwijking?"+q.Encode())
}

func (s *Server) driftPage(w http.ResponseWriter, r *http.Request) error {
	p, err := periodOf(r.URL.Query())
	if err != nil {
		return err
	}
	fx, err := s.fixes()
	if err != nil {
		return err
	}
	drift, err := fx.ReportDrift(r.Context(), p)
	if err != nil {
		return err
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	type change struct {
		Sign string
		werkpad.IndicatorRow
	}
	type figure struct {
		werkpad.DriftFigure
		Name                        string
		FixedText, CurrentText, Dif string
		Changes                     []change
	}
	var figures []figure
	for _, d := range drift.Figures {
		f := figure{DriftFigure: d, Name: names[d.Municipality], FixedText: figureText(d.Key, d.Fixed), CurrentText: figureText(d.Key, d.Current), Dif: figureText(d.Key, d.Delta)}
		if d.Delta > 0 {
			f.Dif = "+" + f.Dif
		}
		for _, row := range d.Added {
			f.Changes = append(f.Changes, change{"erbij", row})
		}
		for _, row := range d.Removed {
			f.Changes = append(f.Changes, change{"eraf", row})
		}
		figures = append(figures, f)
	}
	back := url.Values{"van": {p.From.Dutch()}, "tot": {p.To.Dutch()}}
	s.render(w, r, http.StatusOK, "rapportage_afwijking.html", map[string]any{
		"Title": "Afwijking sinds vaststelling " + p.String(), "D": drift, "Figures": figures, "Period": p,
		"Unchanged": drift.CurrentFingerprint == drift.Fix.Fingerprint, "FixDate": werkpad.Today(drift.Fix.FixedAt),
		"Breadcrumbs": []navItem{{Href: "/rapportages?" + back.Encode(), Label: "Rapportages"}, {Label: "Afwijking sinds vaststelling"}},
	})
	return nil
}

// The API. A period in a path is "2024-01-01_2024-06-30".

func pathPeriod(r *http.Request) (werkpad.Period, error) {
	from, to, ok := strings.Cut(r.PathValue("periode"), "_")
	if !ok {
		return werkpad.Period{}, werkpad.Errorf(werkpad.ENOTFOUND, "Vaststelling niet gevonden: geef de periode als 2024-01-01_2024-06-30.")
	}
	return periodOf(url.Values{"van": {from}, "tot": {to}})
}

// apiReport computes the indicators of a period for the municipalities
// asked (gemeente, repeatable; none: every one in scope), with the
// fixing of the period when there is one.
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	p, err := periodOf(r.URL.Query())
	if err != nil {
		return err
	}
	set, err := s.Indicators.Indicators(r.Context(), p, r.URL.Query()["gemeente"])
	if err != nil {
		return err
	}
	out := struct {
		*werkpad.IndicatorSet
		Definities   string             `json:"definities"`
		Vaststelling *werkpad.ReportFix `json:"vaststelling,omitempty"`
	}{IndicatorSet: set, Definities: werkpad.IndicatorDefinitionsVersion}
	fx, err := s.fixes()
	if err != nil {
		return err
	}
	if fix, err := fx.ReportFix(r.Context(), p); err == nil {
		fix.Figures = nil
		out.Vaststelling = fix
	} else if werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiReportFixes(w http.ResponseWriter, r *http.Request) error {
	fx, err := s.fixes()
	if err != nil {
		return err
	}
	list, err := fx.ReportFixes(r.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []*werkpad.ReportFix{}
	}
	return writeJSON(w, http.StatusOK, listResponse[*werkpad.ReportFix]{Items: list, Totaal: len(list)})
}

// vaststellingInvoer is the body of POST /rapportages/vaststellingen.
type vaststellingInvoer struct {
	Van         string `json:"van"`
	Tot         string `json:"tot"`
	Toelichting string `json:"toelichting"`
}

func (s *Server) apiFixReport(w http.ResponseWriter, r *http.Request) error {
	var in vaststellingInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := periodOf(url.Values{"van": {in.Van}, "tot": {in.Tot}})
	if err != nil {
		return err
	}
	fx, err := s.fixes()
	if err != nil {
		return err
	}
	fix, err := fx.FixReport(r.Context(), p, strings.TrimSpace(in.Toelichting))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/rapportages/vaststellingen/"+p.From.String()+"_"+p.To.String())
	return writeJSON(w, http.StatusCreated, fix)
}

func (s *Server) apiReportFix(w http.ResponseWriter, r *http.Request) error {
	p, err := pathPeriod(r)
	if err != nil {
		return err
	}
	fx, err := s.fixes()
	if err != nil {
		return err
	}
	fix, err := fx.ReportFix(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, fix)
}

func (s *Server) apiReportDrift(w http.ResponseWriter, r *http.Request) error {
	p, err := pathPeriod(r)
	if err != nil {
		return err
	}
	fx, err := s.fixes()
	if err != nil {
		return err
	}
	drift, err := fx.ReportDrift(r.Context(), p)
	if err != nil {
		return err
	}
	drift.Fix.Figures = nil
	return writeJSON(w, http.StatusOK, drift)
}
