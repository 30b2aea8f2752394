package http

import (
	"net/http"
	"strconv"
	"strings"

	"werkpad"
)

// The next DVO in the web UI: the controller drafts it from the previous
// one (/overeenkomsten/nieuw), each municipality composes its choices per
// year against its budget with a live check (…/{jaar}/keuzes), and every
// party records its written consent (/overeenkomsten/{versie}/instemmingen);
// the last consent brings it in force.

func (s *Server) agreementDraftRoutes() {
	ctl := werkpad.RoleController
	s.handle("GET /overeenkomsten/nieuw", false, s.draftForm, ctl)
	s.handle("POST /overeenkomsten/nieuw", false, s.draftAgreement, ctl)
	s.handle("GET /overeenkomsten/{versie}/{gemeente}/{jaar}/keuzes", false, s.composeForm, approvers...)
	s.handle("POST /overeenkomsten/{versie}/{gemeente}/{jaar}/keuzes", false, s.composeChoices, approvers...)
	s.handle("GET /overeenkomsten/{versie}/instemmingen", false, s.consentPage, readAgreements...)
	s.handle("POST /overeenkomsten/{versie}/instemmingen", false, s.consentAgreement, approvers...)
}

// draftBase is the agreement a new one is drafted from: the latest version
// in force.
func (s *Server) draftBase(r *http.Request) (*werkpad.Agreement, []*werkpad.AgreementVersion, error) {
	versions, err := s.Agreements.FindAgreements(r.Context())
	if err != nil {
		return nil, nil, err
	}
	var inForce []*werkpad.AgreementVersion
	for _, v := range versions {
		if v.Status != werkpad.AgreementConcept {
			inForce = append(inForce, v)
		}
	}
	if len(inForce) == 0 {
		return nil, nil, werkpad.Errorf(werkpad.ENOTFOUND, "Er is geen overeenkomst van kracht om een nieuwe van af te leiden.")
	}
	from := r.FormValue("van")
	base := inForce[0] // newest period first
	for _, v := range inForce {
		if v.Version == from {
			base = v
		}
	}
	a, err := s.Agreements.FindAgreement(r.Context(), base.Version, werkpad.Date{})
	return a, inForce, err
}

func (s *Server) draftForm(w http.ResponseWriter, r *http.Request) error {
	a, versions, err := s.draftBase(r)
	if err != nil {
		return err
	}
	last := a.LastYear()
	form := values{"van": a.Version, "versie": strconv.Itoa(last+1) + "-" + strconv.Itoa(last+2),
		"eersteJaar": strconv.Itoa(last + 1), "laatsteJaar": strconv.Itoa(last + 2), "indexatie": "0"}
	return s.renderDraftForm(w, r, http.StatusOK, a, versions, form, formErrors{})
}

// draftYear is a municipality of the base agreement's last year, for the
// budget fields.
type draftYear struct {
	Code, Name, BudgetText string
}

func (s *Server) renderDraftForm(w http.ResponseWriter, r *http.Request, status int, a *werkpad.Agreement, versions []*werkpad.AgreementVersion,
	form values, fe formErrors) error {
	var years []draftYear
	var card []werkpad.CardItem
	for _, my := range a.Years {
		if my.Year == a.LastYear() {
			years = append(years, draftYear{my.Municipality, my.Name, werkpad.FormatEuro(my.Budget)})
		}
	}
	for _, c := range a.Card {
		if c.OfferedIn(a.LastYear()) {
			card = append(card, c)
		}
	}
	s.render(w, r, status, "overeenkomst_nieuw.html", map[string]any{
		"Title": "Nieuwe overeenkomst opstellen", "Base": a, "Versions": versions, "Years": years, "Card": card, "Form": form, "Errors": fe,
		"Breadcrumbs": []breadcrumb{{"/overeenkomsten", "DVO"}, {"", "Nieuwe overeenkomst"}},
	})
	return nil
}

func (s *Server) draftAgreement(w http.ResponseWriter, r *http.Request) error {
	a, versions, err := s.draftBase(r)
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	req := werkpad.DraftRequest{From: a.Version, Version: v["versie"], Budgets: map[string]werkpad.Cents{}}
	req.FirstYear = fe.intField(v, "eersteJaar", "Vul het eerste jaar in als getal, bijvoorbeeld 2026.")
	req.LastYear = fe.intField(v, "laatsteJaar", "Vul het laatste jaar in als getal, bijvoorbeeld 2027.")
	if v["indexatie"] != "" {
		neg := strings.HasPrefix(v["indexatie"], "-")
		bp, ok := decimalHundredths(strings.TrimSuffix(strings.TrimPrefix(v["indexatie"], "-"), "%"))
		if !ok {
			fe.add("indexatie", "Vul de indexatie in als percentage, bijvoorbeeld 2,5.")
		}
		if neg {
			bp = -bp
		}
		req.IndexBP = bp
	}
	req.Retire = r.PostForm["vervallen"] // a list: formValues joins values
	for _, my := range a.Years {
		name := "budget-" + my.Municipality
		if my.Year != a.LastYear() || v[name] == "" {
			continue
		}
		c, err := werkpad.ParseEuro(v[name])
		if err != nil {
			fe.add(name, "Vul de lokale ruimte van "+my.Name+" in als bedrag, bijvoorbeeld 275.000.")
			continue
		}
		req.Budgets[my.Municipality] = c
	}
	if len(fe.List) == 0 {
		if _, err := s.Agreements.DraftAgreement(r.Context(), req); err != nil {
			if werkpad.ErrorCode(err) != werkpad.EINVALID {
				return err
			}
			fe.add(werkpad.ErrorField(err), werkpad.ErrorMessage(err))
		}
	}
	if len(fe.List) > 0 {
		return s.renderDraftForm(w, r, http.StatusUnprocessableEntity, a, versions, v, fe)
	}
	s.flash(w, r, "DVO "+req.Version+" is opgesteld als concept. De gemeenten kunnen nu hun keuzes samenstellen; de overeenkomst is van kracht zodra alle gemeenten en het dagelijks bestuur hebben ingestemd.")
	return redirect(w, r, "/overeenkomsten#versie-"+req.Version)
}

// composeRow is one card item on the composition form.
type composeRow struct {
	Item        werkpad.CardItem
	Quantity    string
	Description string
	Amount      werkpad.Cents
}

// conceptYear is the municipality-year of the path in a concept version.
func (s *Server) conceptYear(r *http.Request) (*werkpad.Agreement, *werkpad.MunicipalityYear, error) {
	a, my, err := s.yearInScope(r)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.agreementVersion(r)
	if err != nil {
		return nil, nil, err
	}
	if v.Status != werkpad.AgreementConcept {
		return nil, nil, werkpad.Errorf(werkpad.ECONFLICT, "DVO %s is van kracht: de keuzes veranderen alleen met een wijzigingsvoorstel (art. 16.3).", a.Version)
	}
	return a, my, nil
}

func (s *Server) composeForm(w http.ResponseWriter, r *http.Request) error {
	a, my, err := s.conceptYear(r)
	if err != nil {
		return err
	}
	form := values{}
	for _, l := range my.Lines {
		form["aantal-"+l.Item] = l.Quantity.String()
		form["toelichting-"+l.Item] = l.Description
	}
	return s.renderCompose(w, r, http.StatusOK, a, my, form, formErrors{})
}

func (s *Server) renderCompose(w http.ResponseWriter, r *http.Request, status int, a *werkpad.Agreement, my *werkpad.MunicipalityYear,
	form values, fe formErrors) error {
	var rows []composeRow
	var total werkpad.Cents
	for _, c := range a.Card {
		if !c.OfferedIn(my.Year) {
			continue
		}
		row := composeRow{Item: c, Quantity: form["aantal-"+c.Code], Description: form["toelichting-"+c.Code]}
		if q, err := werkpad.ParseMilli(row.Quantity); err == nil && q > 0 {
			row.Amount = c.PriceFor(q)
			total += row.Amount
		}
		rows = append(rows, row)
	}
	title := my.Name + " " + strconv.Itoa(my.Year)
	href := yearHref(a.Version, my.Municipality, my.Year)
	s.render(w, r, status, "overeenkomst_keuzes.html", map[string]any{
		"Title": "Keuzes samenstellen — " + title + " — DVO " + a.Version, "Heading": title, "Agreement": a, "Year": my, "Rows": rows,
		"Total": total, "Over": total > my.Budget, "Remaining": my.Budget - total, "Form": form, "Errors": fe, "Action": href + "/keuzes",
		"Breadcrumbs": []breadcrumb{{"/overeenkomsten", "DVO"}, {href, title}, {"", "Keuzes samenstellen"}},
	})
	return nil
}

func (s *Server) composeChoices(w http.ResponseWriter, r *http.Request) error {
	a, my, err := s.conceptYear(r)
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	var lines []werkpad.Line
	for _, c := range a.Card {
		name := "aantal-" + c.Code
		if !c.OfferedIn(my.Year) || v[name] == "" {
			continue
		}
		q, err := werkpad.ParseMilli(v[name])
		if err != nil || q < 0 {
			fe.add(name, "Vul bij "+c.Name+" een aantal in, bijvoorbeeld 1,5 of 12; leeg of 0 is: niet gekozen.")
			continue
		}
		lines = append(lines, werkpad.Line{Item: c.Code, Quantity: q, Description: v["toelichting-"+c.Code]})
	}
	if len(fe.List) == 0 {
		if _, err := s.Agreements.ComposeChoices(r.Context(), a.Version, my.Municipality, my.Year, lines); err != nil {
			code := werkpad.ErrorCode(err)
			if code != werkpad.EINVALID && code != werkpad.ECONFLICT {
				return err
			}
			field := werkpad.ErrorField(err)
			if field == "" {
				field = "keuzes"
			}
			fe.add(field, werkpad.ErrorMessage(err))
		}
	}
	if len(fe.List) > 0 {
		return s.renderCompose(w, r, http.StatusUnprocessableEntity, a, my, v, fe)
	}
	s.flash(w, r, "De keuzes van "+my.Name+" voor "+strconv.Itoa(my.Year)+" zijn opgeslagen.")
	return redirect(w, r, yearHref(a.Version, my.Municipality, my.Year))
}

// consentRow is a party of a concept with its consent, if recorded.
type consentRow struct {
	Party        werkpad.ApprovalParty
	Municipality string
	Label        string
	Consent      *werkpad.AgreementConsent
}

func (s *Server) consentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderConsent(w, r, http.StatusOK, values{}, formErrors{})
}

func (s *Server) renderConsent(w http.ResponseWriter, r *http.Request, status int, form values, fe formErrors) error {
	version := r.PathValue("versie")
	av, err := s.agreementVersion(r)
	if err != nil {
		return err
	}
	a, err := s.Agreements.FindAgreement(r.Context(), version, werkpad.Date{})
	if err != nil {
		return err
	}
	consents, err := s.Agreements.FindConsents(r.Context(), version)
	if err != nil {
		return err
	}
	u := werkpad.UserFromContext(r.Context())
	var rows []consentRow
	seen := map[string]bool{}
	for _, my := range a.Years { // in the caller's scope
		if seen[my.Municipality] {
			continue
		}
		seen[my.Municipality] = true
		rows = append(rows, consentRow{Party: werkpad.PartyMunicipality, Municipality: my.Municipality, Label: my.Name})
	}
	rows = append(rows, consentRow{Party: werkpad.PartyBoard, Label: "Dagelijks bestuur van de MGR"})
	for i := range rows {
		for j := range consents {
			if consents[j].Party == rows[i].Party && consents[j].Municipality == rows[i].Municipality {
				rows[i].Consent = &consents[j]
			}
		}
	}
	var open []consentRow
	for _, row := range rows {
		if row.Consent == nil && (u.Role == werkpad.RoleController || row.Party == werkpad.PartyMunicipality) {
			open = append(open, row)
		}
	}
	canConsent := av.Status == werkpad.AgreementConcept && hasRole(u, approvers) && len(open) > 0
	s.render(w, r, status, "overeenkomst_instemming.html", map[string]any{
		"Title": "Instemming met DVO " + version, "AV": av, "Rows": rows, "Open": open, "CanConsent": canConsent,
		"Form": form, "Errors": fe,
		"Breadcrumbs": []breadcrumb{{"/overeenkomsten", "DVO"}, {"", "Instemming met DVO " + version}},
	})
	return nil
}

func (s *Server) consentAgreement(w http.ResponseWriter, r *http.Request) error {
	version := r.PathValue("versie")
	v := formValues(r)
	var fe formErrors
	c := werkpad.AgreementConsent{ApproverName: v["naam"], DocumentRef: v["documentkenmerk"]}
	if party, code, ok := strings.Cut(v["partij"], ":"); ok && party == string(werkpad.PartyMunicipality) {
		c.Party, c.Municipality = werkpad.PartyMunicipality, code
	} else if v["partij"] == string(werkpad.PartyBoard) {
		c.Party = werkpad.PartyBoard
	} else {
		fe.add("partij", "Kies namens wie u instemt.")
	}
	c.ApprovedOn = fe.dateField(v, "goedgekeurdOp", "datum van de instemming", true)
	if len(fe.List) == 0 {
		done, err := s.Agreements.ConsentAgreement(r.Context(), version, c)
		if err == nil {
			msg := "De instemming is vastgelegd."
			if done.Status == werkpad.AgreementInForceStatus {
				msg += " Alle partijen hebben ingestemd: DVO " + version + " is van kracht."
			}
			s.flash(w, r, msg)
			return redirect(w, r, "/overeenkomsten/"+version+"/instemmingen")
		}
		switch werkpad.ErrorCode(err) {
		case werkpad.EINVALID, werkpad.ECONFLICT, werkpad.EFORBIDDEN:
			field := werkpad.ErrorField(err)
			if field == "" {
				field = "partij"
			}
			fe.add(field, werkpad.ErrorMessage(err))
		default:
			return err
		}
	}
	return s.renderConsent(w, r, http.StatusUnprocessableEntity, v, fe)
}
