package http

import (
	"bytes"
	"errors"
	"net/http"
	"regexp"
	"strconv"

	"werkpad"
)

// The DVO (overeenkomsten) in the web UI. Every signed-in role but the
// beheerder reads it, within his municipality scope: a municipality-year
// outside the scope is "not found". Controllers record realisation and
// propose amendments; the municipality and the MGR board approve them.

var (
	readAgreements = []werkpad.Role{werkpad.RoleConsultant, werkpad.RoleEmployerAdviser, werkpad.RoleMunicipality, werkpad.RoleController}
	approvers      = []werkpad.Role{werkpad.RoleMunicipality, werkpad.RoleController}
)

// agreementRoutes registers the pages and API of the DVO (overeenkomsten).
func (s *Server) agreementRoutes() {
	ctl := werkpad.RoleController
	s.handle("GET /overeenkomsten", false, s.agreementsPage, readAgreements...)
	s.handle("GET /overeenkomsten/{versie}/export.xlsx", false, s.agreementXLSX, readAgreements...)
	s.handle("GET /overeenkomsten/{versie}/export.csv", false, s.agreementCSV, readAgreements...)
	s.handle("GET /overeenkomsten/{versie}/{gemeente}/{jaar}", false, s.agreementYearPage, readAgreements...)
	s.handle("GET /overeenkomsten/{versie}/{gemeente}/{jaar}/realisatie", false, s.realisationForm, ctl)
	s.handle("POST /overeenkomsten/{versie}/{gemeente}/{jaar}/realisatie", false, s.recordRealisation, ctl)
	s.handle("GET /overeenkomsten/{versie}/{gemeente}/{jaar}/wijzigingen/nieuw", false, s.amendmentForm, ctl)
	s.handle("POST /overeenkomsten/{versie}/{gemeente}/{jaar}/wijzigingen", false, s.proposeAmendment, ctl)
	s.handle("GET /overeenkomsten/{versie}/wijzigingen/{id}", false, s.amendmentPage, readAgreements...)
	s.handle("POST /overeenkomsten/{versie}/wijzigingen/{id}/goedkeuringen", false, s.approveAmendment, approvers...)
	s.agreementDraftRoutes()
	s.agreementAPIRoutes()
}

type breadcrumb struct{ Href, Label string }

// versionSection is one version of the DVO on the list page.
type versionSection struct {
	Version   *werkpad.AgreementVersion
	Agreement *werkpad.Agreement
	Years     []yearView
}

func (s *Server) agreementsPage(w http.ResponseWriter, r *http.Request) error {
	versions, err := s.Agreements.FindAgreements(r.Context())
	if err != nil {
		return err
	}
	var sections []versionSection
	for _, v := range versions {
		a, err := s.Agreements.FindAgreement(r.Context(), v.Version, werkpad.Date{})
		if err != nil {
			return err
		}
		sections = append(sections, versionSection{Version: v, Agreement: a, Years: yearViews(a)})
	}
	// The agreement in force today; when it governs by tacit extension
	// (art. 16.1) its carried years are listed apart, they are in no
	// version's own period.
	inForce, err := s.Agreements.FindAgreementInForce(r.Context(), werkpad.Date{})
	if err != nil {
		return err
	}
	var carried []yearView
	if inForce.Agreement != nil {
		for _, yv := range yearViews(inForce.Agreement) {
			if inForce.Agreement.Carried(yv.Year.Year) {
				carried = append(carried, yv)
			}
		}
	}
	s.render(w, r, http.StatusOK, "agreements.html", map[string]any{
		"Title": "Dienstverleningsovereenkomst (DVO)", "Sections": sections, "InForce": inForce, "Carried": carried,
		"CanDraft": hasRole(werkpad.UserFromContext(r.Context()), []werkpad.Role{werkpad.RoleController}),
	})
	return nil
}

// yearInScope reads the agreement as in force today and the
// municipality-year named by the path, or ENOTFOUND when it does not exist
// or lies outside the caller's scope.
func (s *Server) yearInScope(r *http.Request) (*werkpad.Agreement, *werkpad.MunicipalityYear, error) {
	version, code := r.PathValue("versie"), r.PathValue("gemeente")
	year, err := strconv.Atoi(r.PathValue("jaar"))
	if err != nil {
		return nil, nil, werkpad.Errorf(werkpad.ENOTFOUND, "Deze afspraken bestaan niet.")
	}
	a, err := s.Agreements.FindAgreement(r.Context(), version, werkpad.Date{})
	if err != nil {
		return nil, nil, err
	}
	my, ok := a.MunicipalityYear(code, year)
	if !ok && year > a.LastYear() {
		// A year after the period: governed by this version only when it is
		// extended tacitly into that year (art. 16.1) as of today.
		inForce, err := s.Agreements.FindAgreementInForce(r.Context(), werkpad.Date{})
		if err != nil {
			return nil, nil, err
		}
		if inForce.Extended && inForce.Version.Version == version && inForce.Agreement.Carried(year) {
			a = inForce.Agreement
			my, ok = a.MunicipalityYear(code, year)
		}
	}
	if !ok {
		return nil, nil, werkpad.Errorf(werkpad.ENOTFOUND, "Deze afspraken bestaan niet, of u heeft er geen toegang toe.")
	}
	return a, my, nil
}

func (s *Server) agreementYearPage(w http.ResponseWriter, r *http.Request) error {
	a, my, err := s.yearInScope(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	// A carried year (art. 16.1) has no realisation of its own yet.
	rs := &werkpad.Realisation{}
	if my.CarriedFrom == 0 {
		if rs, err = s.Agreements.FindRealisation(ctx, a.Version, my.Municipality, my.Year); err != nil {
			return err
		}
	}
	ams, err := s.Agreements.FindAmendments(ctx, werkpad.AmendmentFilter{Version: a.Version, Municipality: my.Municipality, Year: my.Year})
	if err != nil {
		return err
	}
	var totals werkpad.Total
	for _, t := range werkpad.Totals(a) {
		if t.Municipality == my.Municipality && t.Year == my.Year {
			totals = t
		}
	}
	view := yearViewOf(a, my, totals, werkpad.CheckAgreement(a))
	av, err := s.agreementVersion(r)
	if err != nil {
		return err
	}
	concept := av.Status == werkpad.AgreementConcept
	title := my.Name + " " + strconv.Itoa(my.Year)
	s.render(w, r, http.StatusOK, "agreement.html", map[string]any{
		"Title": title + " — DVO " + a.Version, "Heading": title, "Agreement": a, "View": view,
		"Realisation": rs, "Amendments": amendmentRows(ams), "Concept": concept,
		"CanCompose":  concept && hasRole(werkpad.UserFromContext(ctx), approvers),
		"Breadcrumbs": []breadcrumb{{"/overeenkomsten", "DVO"}, {"", title}},
	})
	return nil
}

// amendmentRow is an amendment in a table.
type amendmentRow struct {
	*werkpad.Amendment
	Href, Status        string
	Municipality, Board *werkpad.Approval
}

func amendmentRows(ams []*werkpad.Amendment) []amendmentRow {
	var out []amendmentRow
	for _, am := range ams {
		row := amendmentRow{Amendment: am, Href: amendmentHref(am.Version, am.ID), Status: amendmentStatusLabel(am)}
		if ap, ok := am.Approval(werkpad.PartyMunicipality); ok {
			row.Municipality = &ap
		}
		if ap, ok := am.Approval(werkpad.PartyBoard); ok {
			row.Board = &ap
		}
		out = append(out, row)
	}
	return out
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// exportName is the file name of a download: dvo-2024-2025.xlsx.
func exportName(version, ext string) string {
	return "dvo-" + unsafeFileChars.ReplaceAllString(version, "_") + "." + ext
}

func (s *Server) agreementXLSX(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Agreements.FindAgreement(r.Context(), r.PathValue("versie"), werkpad.Date{})
	if err != nil {
		return err
	}
	x, err := s.exporter()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := x.WriteXLSX(&buf, a, werkpad.Totals(a), werkpad.CheckAgreement(a)); err != nil {
		return err
	}
	return download(w, &buf, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exportName(a.Version, "xlsx"))
}

func (s *Server) agreementCSV(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Agreements.FindAgreement(r.Context(), r.PathValue("versie"), werkpad.Date{})
	if err != nil {
		return err
	}
	x, err := s.exporter()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := x.WriteCSV(&buf, a); err != nil {
		return err
	}
	return download(w, &buf, "text/csv; charset=utf-8", exportName(a.Version, "csv"))
}

func (s *Server) exporter() (werkpad.AgreementExporter, error) {
	if s.AgreementExports == nil {
		return nil, errors.New("http: Server.AgreementExports is not set")
	}
	return s.AgreementExports, nil
}

// download writes a file as an attachment; the body is complete before the
// first byte goes out, so that an error still gets a proper error page.
func download(w http.ResponseWriter, body *bytes.Buffer, contentType, name string) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(body.Len()))
	_, err := body.WriteTo(w)
	return err
}
