package http

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"runtime"
	"strings"

	"werkpad"
)

// The Tussenrapportage in the web UI (/rapportages): a controller sees every
// municipality and the regional reconciliation; a municipality user sees
// his own municipality only, and the regional figures only when the
// operator allows aggregated figures (Server.ReportRegionForMunicipalities).
// The scope comes from the indicator service: a gemeente parameter outside
// it is "not found", whatever the format.
//
// The page and the direct downloads make the report within the request
// (2024-H1 of the demo region, scale 1, takes well under a second); a
// long one is made as a job with progress (report_jobs.go).

var readReports = []werkpad.Role{werkpad.RoleController, werkpad.RoleMunicipality}

func (s *Server) reportRoutes() {
	s.handle("GET /rapportages", false, s.reportsPage, readReports...)
	for _, f := range []werkpad.ReportFormat{werkpad.ReportXLSX, werkpad.ReportCSV, werkpad.ReportJSON, werkpad.ReportPDF} {
		s.handle("GET /rapportages/export."+string(f), false, s.reportExport(f), readReports...)
	}
	s.handle("POST /rapportages/genereren", false, s.reportJobStart, readReports...)
	s.handle("GET /rapportages/taken/{id}", false, s.reportJobPage, readReports...)
	s.handle("GET /rapportages/taken/{id}/download", false, s.reportJobDownload, readReports...)
}

// quickPeriod is a quick choice on the form.
type quickPeriod struct{ Label, Href string }

var quickPeriods = []struct{ label, from, to string }{
	{"1e halfjaar 2024", "01-01-2024", "30-06-2024"},
	{"1e halfjaar 2023", "01-01-2023", "30-06-2023"},
}

// reportQuery is the parsed query of the page and the exports.
type reportQuery struct {
	Period         werkpad.Period
	Values         map[string]string // as typed, for the form
	Municipalities []string
	Public         bool
	Chart          werkpad.IndicatorKey
}

// parseReportQuery reads van, tot (dd-mm-jjjj; empty: the first half of
// 2024, the last published period), gemeente, openbaar and indicator.
func parseReportQuery(q url.Values) (reportQuery, *formErrors) {
	rq := reportQuery{Values: map[string]string{"van": q.Get("van"), "tot": q.Get("tot")},
		Municipalities: q["gemeente"], Public: q.Get("openbaar") == "1",
		Chart: werkpad.IndicatorKey(q.Get("indicator"))}
	if rq.Values["van"] == "" && rq.Values["tot"] == "" {
		rq.Values["van"], rq.Values["tot"] = quickPeriods[0].from, quickPeriods[0].to
	}
	errs := &formErrors{}
	from, err := werkpad.ParseDate(rq.Values["van"])
	if err != nil {
		errs.add("van", "Vul de begindatum in als dd-mm-jjjj, bijvoorbeeld 01-01-2024.")
	}
	to, err := werkpad.ParseDate(rq.Values["tot"])
	if err != nil {
		errs.add("tot", "Vul de einddatum in als dd-mm-jjjj, bijvoorbeeld 30-06-2024.")
	}
	if len(errs.List) == 0 && to.Before(from) {
		errs.add("tot", "De einddatum ligt voor de begindatum.")
	}
	if !rq.Chart.Valid() || rq.Chart.Unit() != werkpad.UnitCount {
		rq.Chart = werkpad.IndPlacementsUpTo28
	}
	rq.Period = werkpad.Period{From: from, To: to}
	if len(errs.List) > 0 {
		return rq, errs
	}
	return rq, nil
}

// reportTurn waits until this server may make one more report of the
// whole region (see Server.ReportSlots) and returns the function that ends
// the turn. While it waits, step (may be nil) is told so once; it gives up
// when ctx ends. A report of chosen municipalities, or of a user who sees
// only some, costs in proportion to their data and takes no turn: it
// should not wait behind the region's.
func (s *Server) reportTurn(ctx context.Context, rq reportQuery, step func(pct int, message string) error) (done func(), err error) {
	if u := werkpad.UserFromContext(ctx); u == nil || !u.AllMunicipalities() || len(rq.Municipalities) > 0 {
		return func() {}, nil
	}
	s.reportOnce.Do(func() {
		n := s.ReportSlots
		if n <= 0 {
			n = max(1, runtime.GOMAXPROCS(0)/2)
		}
		s.reportGate = make(chan struct{}, n)
	})
	done = func() { <-s.reportGate }
	select {
	case s.reportGate <- struct{}{}:
		return done, nil
	default:
	}
	if step != nil {
		if err := step(1, "Wacht op zijn beurt: de server maakt al een rapportage van de regio"); err != nil {
			return nil, err
		}
	}
	select {
	case s.reportGate <- struct{}{}:
		return done, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// reportRequest computes the indicators of the query in the caller's scope.
func (s *Server) reportRequest(r *http.Request, rq reportQuery) (werkpad.ReportRequest, error) {
	return s.buildReport(r.Context(), rq, func(int, string) error { return nil })
}

// buildReport computes the indicators and reads the chapters of the query
// in ctx's scope, telling step the progress (percent) before each phase.
func (s *Server) buildReport(ctx context.Context, rq reportQuery, step func(pct int, message string) error) (werkpad.ReportRequest, error) {
	if s.Indicators == nil || s.Reports == nil {
		return werkpad.ReportRequest{}, errors.New("http: Server.Indicators or Server.Reports is not set")
	}
	// Every gemeente value goes to the service, which refuses a code
	// outside the caller's scope: no value is dropped or defaulted.
	var codes []string
	for _, c := range rq.Municipalities {
		codes = append(codes, strings.TrimSpace(c))
	}
	req, err := s.ReportChapters.Compute(ctx, s.Indicators, rq.Period, codes, step)
	if err != nil {
		return werkpad.ReportRequest{}, err
	}
	u := werkpad.UserFromContext(ctx)
	// The chapters come from services that filter to the caller's scope;
	// the renderer drops their regional figures unless region is set.
	req.Public, req.Chart = rq.Public, rq.Chart
	req.Region = u.Role == werkpad.RoleController || s.ReportRegionForMunicipalities
	return req, nil
}

func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) error {
	rq, errs := parseReportQuery(r.URL.Query())
	data := map[string]any{"Title": "Rapportages", "Form": rq.Values, "Errors": &formErrors{}, "Query": rq}
	if errs != nil {
		data["Errors"] = errs
	}
	var quick []quickPeriod
	for _, p := range quickPeriods {
		quick = append(quick, quickPeriod{p.label, "/rapportages?" + url.Values{"van": {p.from}, "tot": {p.to}}.Encode()})
	}
	data["Quick"] = quick
	var charts []werkpad.IndicatorKey
	for _, k := range werkpad.IndicatorKeys {
		if k.Unit() == werkpad.UnitCount {
			charts = append(charts, k)
		}
	}
	data["ChartKeys"] = charts
	if s.ReportJobs != nil {
		jobs, err := s.ReportJobs.FindMine(r.Context(), 10)
		if err != nil {
			return err
		}
		data["Jobs"] = jobs
	}
	if errs != nil {
		s.render(w, r, http.StatusBadRequest, "rapportages.html", data)
		return nil
	}
	done, err := s.reportTurn(r.Context(), rq, nil)
	if err != nil {
		return err
	}
	defer done()
	req, err := s.reportRequest(r, rq)
	if err != nil {
		return s.reportFormError(w, r, data, err)
	}
	req.FigureLinks = "/rapportages/cijfer?" + url.Values{"van": {rq.Period.From.Dutch()}, "tot": {rq.Period.To.Dutch()}}.Encode()
	req.NoRegionLinks = len(rq.Municipalities) > 0
	var buf bytes.Buffer
	if err := s.Reports.RenderReport(&buf, werkpad.ReportFragment, req); err != nil {
		return s.reportFormError(w, r, data, err)
	}
	// The fragment is made by the report package's own html/template, so
	// it is escaped already.
	data["Report"] = template.HTML(buf.String())
	data["Region"] = req.Region
	data["Count"] = len(req.Current.Municipalities)
	exp := url.Values{"van": {rq.Period.From.Dutch()}, "tot": {rq.Period.To.Dutch()}}
	if len(rq.Municipalities) > 0 {
		exp["gemeente"] = rq.Municipalities
	}
	exp.Set("indicator", string(rq.Chart))
	pub := url.Values{}
	for k, v := range exp {
		pub[k] = v
	}
	pub.Set("openbaar", "1")
	// Built here from url.Values, so the hrefs are safe as template.URL.
	links, public := map[string]template.URL{}, map[string]template.URL{}
	for _, f := range []string{"xlsx", "csv", "json", "pdf"} {
		links[f] = template.URL("/rapportages/export." + f + "?" + exp.Encode())
		public[f] = template.URL("/rapportages/export." + f + "?" + pub.Encode())
	}
	data["Links"], data["PublicLinks"] = links, public
	// The fixing of the period, if any, and the controller's form to fix it.
	fx, err := s.fixes()
	if err != nil {
		return err
	}
	fix, err := fx.ReportFix(r.Context(), rq.Period)
	if err != nil && werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
		return err
	}
	if fix != nil {
		data["Fix"] = fix
		data["FixDate"] = werkpad.Today(fix.FixedAt)
		current := map[string]template.URL{}
		for f, l := range links {
			current[f] = l + "&versie=actueel"
		}
		data["CurrentLinks"] = current
	}
	data["PeriodQuery"] = template.URL(url.Values{"van": {rq.Period.From.Dutch()}, "tot": {rq.Period.To.Dutch()}}.Encode())
	data["MayFix"] = werkpad.UserFromContext(r.Context()).Role == werkpad.RoleController && rq.Period.To.Before(today())
	s.render(w, r, http.StatusOK, "rapportages.html", data)
	return nil
}

// reportFormError shows an error about the query on the form, beside the
// field it is about (the period's "van" when it names none), and keeps the
// form; any other error is returned as usual.
func (s *Server) reportFormError(w http.ResponseWriter, r *http.Request, data map[string]any, err error) error {
	if werkpad.ErrorCode(err) != werkpad.EINVALID {
		return err
	}
	errs := &formErrors{}
	field := werkpad.ErrorField(err)
	if field != "van" && field != "tot" {
		field = "van"
	}
	errs.add(field, werkpad.ErrorMessage(err))
	data["Errors"] = errs
	s.render(w, r, http.StatusUnprocessableEntity, "rapportages.html", data)
	return nil
}

// reportTypes are the content types of the downloads.
var reportTypes = map[werkpad.ReportFormat]string{
	werkpad.ReportXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	werkpad.ReportCSV:  "text/csv; charset=utf-8",
	werkpad.ReportJSON: "application/json",
	werkpad.ReportPDF:  "application/pdf",
}

// reportFilename is the name of a download of the report of rq.
func reportFilename(rq reportQuery, f werkpad.ReportFormat) string {
	name := "tussenrapportage-" + rq.Period.From.String() + "-" + rq.Period.To.String()
	if rq.Public {
		name += "-openbaar"
	}
	return name + "." + string(f)
}

func (s *Server) reportExport(f werkpad.ReportFormat) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		rq, errs := parseReportQuery(r.URL.Query())
		if errs != nil {
			return werkpad.FieldError(errs.List[0].Field, "%s", errs.List[0].Message)
		}
		done, err := s.reportTurn(r.Context(), rq, nil)
		if err != nil {
			return err
		}
		defer done()
		req, err := s.reportRequest(r, rq)
		if err != nil {
			return err
		}
		// A fixed period downloads as fixed, unless versie=actueel.
		if r.URL.Query().Get("versie") != "actueel" {
			if err := s.fixedFigures(r, &req); err != nil {
				return err
			}
		}
		var buf bytes.Buffer
		if err := s.Reports.RenderReport(&buf, f, req); err != nil {
			return err
		}
		name := reportFilename(rq, f)
		if req.Fixed != nil {
			name = strings.TrimSuffix(name, "."+string(f)) + "-vastgesteld." + string(f)
		}
		return download(w, &buf, reportTypes[f], name)
	}
}
