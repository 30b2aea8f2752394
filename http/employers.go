package http

import (
	"net/http"
	"strconv"
	"strings"

	"werkpad"
)

// employerRoutes registers the pages of employer work: werkgevers,
// vacatures, matches and proposals, and a candidate's work profile and
// vacancies. The roles follow the matrix in werkpad/employer.go; the
// services enforce them and the municipality scope again.
func (s *Server) employerRoutes() {
	read, write := werkpad.RolesReadEmployers, werkpad.RolesWriteEmployers
	s.handle("GET /werkgevers", false, s.employers, read...)
	s.handle("GET /werkgevers/nieuw", false, s.newEmployerForm, write...)
	s.handle("POST /werkgevers", false, s.createEmployer, write...)
	s.handle("GET /werkgevers/{id}", false, s.employer, read...)
	s.handle("POST /werkgevers/{id}/contacten", false, s.addContactLog, write...)
	s.handle("POST /werkgevers/{id}/bonus", false, s.grantBonus, werkpad.RolesGrantBonus...)

	s.handle("GET /vacatures", false, s.vacancies, read...)
	s.handle("GET /vacatures/nieuw", false, s.newVacancyForm, write...)
	s.handle("POST /vacatures", false, s.createVacancy, write...)
	s.handle("GET /vacatures/{id}", false, s.vacancy, read...)
	s.handle("GET /vacatures/{id}/wijzigen", false, s.editVacancyForm, write...)
	s.handle("POST /vacatures/{id}/wijzigen", false, s.updateVacancy, write...)
	s.handle("POST /vacatures/{id}/voorstellen", false, s.recordProposal, write...)
	s.handle("GET /vacatures/{id}/voorstellen/{voorstel}", false, s.proposalForm, write...)
	s.handle("POST /vacatures/{id}/voorstellen/{voorstel}", false, s.updateProposal, write...)

	s.handle("GET /kandidaten/{id}/vacatures", false, s.candidateVacancies, read...)
	s.handle("GET /kandidaten/{id}/werkprofiel", false, s.workProfile, read...)
	s.handle("POST /kandidaten/{id}/werkprofiel", false, s.saveWorkProfile, write...)
}

const employersPerPage = 25

func (s *Server) employers(w http.ResponseWriter, r *http.Request) error {
	u := werkpad.UserFromContext(r.Context())
	q := strings.TrimSpace(r.URL.Query().Get("zoek"))
	page := pageParam(r)
	list, total, err := s.Employers.FindEmployers(r.Context(), werkpad.EmployerFilter{Search: q,
		Page: werkpad.Page{Offset: (page - 1) * employersPerPage, Limit: employersPerPage}})
	if err != nil {
		return err
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	data := map[string]any{
		"Title": "Werkgevers", "Query": q, "Errors": formErrors{}, "Employers": list, "Names": names,
		"Pager":    newPager(page, employersPerPage, total, func(p int) string { return "/werkgevers" + query("zoek", q, "pagina", strconv.Itoa(p)) }),
		"CanWrite": hasRole(u, werkpad.RolesWriteEmployers),
	}
	if hasRole(u, werkpad.RolesSecondmentRoom) {
		room, err := s.Secondments.SecondmentRoom(r.Context(), werkpad.Date{})
		if err != nil {
			return err
		}
		data["Room"] = room
	}
	s.render(w, r, http.StatusOK, "werkgevers.html", data)
	return nil
}

var employerFields = map[string]string{
	"kvk": "kvk", "naam": "naam", "sector": "sector", "gemeente": "gemeente",
	"contactpersonen.naam": "contact-naam",
}

func (s *Server) newEmployerForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderNewEmployer(w, r, http.StatusOK, values{}, formErrors{}, nil)
}

func (s *Server) renderNewEmployer(w http.ResponseWriter, r *http.Request, status int, v values, fe formErrors, existing *werkpad.Employer) error {
	_, opts, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, status, "werkgever_nieuw.html", map[string]any{
		"Title": "Nieuwe werkgever", "Form": v, "Errors": fe, "MunicipalityOptions": opts, "Existing": existing,
		"Breadcrumbs": []navItem{{Href: "/werkgevers", Label: "Werkgevers"}, {Label: "Nieuwe werkgever"}},
	})
	return nil
}

func (s *Server) createEmployer(w http.ResponseWriter, r *http.Request) error {
	v := formValues(r)
	e := &werkpad.Employer{KvK: v["kvk"], Name: v["naam"], Sector: v["sector"], MunicipalityCode: v["gemeente"]}
	if v["contact-naam"] != "" || v["contact-functie"] != "" || v["contact-email"] != "" || v["contact-telefoon"] != "" {
		e.Contacts = []werkpad.EmployerContact{{Name: v["contact-naam"], Role: v["contact-functie"], Email: v["contact-email"], Phone: v["contact-telefoon"]}}
	}
	err := s.Employers.CreateEmployer(r.Context(), e)
	if err == nil {
		s.flash(w, r, "De werkgever is vastgelegd.")
		return redirect(w, r, "/werkgevers/"+idStr(e.ID))
	}
	var fe formErrors
	// A KvK number already registered: name and link the employer.
	if werkpad.ErrorCode(err) == werkpad.ECONFLICT && werkpad.ErrorField(err) == "kvk" {
		existing, ferr := s.Employers.FindEmployerByKvK(r.Context(), v["kvk"])
		if ferr != nil {
			return ferr
		}
		fe.add("kvk", "KvK-nummer "+existing.KvK+" is al geregistreerd voor "+existing.Name+". Open die werkgever in plaats van een nieuwe aan te maken.")
		return s.renderNewEmployer(w, r, http.StatusUnprocessableEntity, v, fe, existing)
	}
	if _, ok := fe.fromService(err, employerFields, "kvk"); !ok {
		return err
	}
	return s.renderNewEmployer(w, r, http.StatusUnprocessableEntity, v, fe, nil)
}

func (s *Server) employer(w http.ResponseWriter, r *http.Request) error {
	return s.renderEmployer(w, r, http.StatusOK, values{"datum": today().Dutch(), "bonus-datum": today().Dutch()}, formErrors{})
}

func (s *Server) renderEmployer(w http.ResponseWriter, r *http.Request, status int, v values, fe formErrors) error {
	id, err := pathID(r, "Werkgever")
	if err != nil {
		return err
	}
	ctx := r.Context()
	u := werkpad.UserFromContext(ctx)
	o, err := s.Employers.EmployerOverview(ctx, id, werkpad.Date{})
	if err != nil {
		return err
	}
	log, err := s.Employers.FindContactLog(ctx, id)
	if err != nil {
		return err
	}
	vacancies, total, err := s.Vacancies.FindVacancies(ctx, werkpad.VacancyFilter{EmployerID: id, Page: werkpad.Page{Limit: 100}})
	if err != nil {
		return err
	}
	names, opts, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	var kinds []option
	for _, k := range []werkpad.ContactKind{werkpad.ContactVisit, werkpad.ContactCall, werkpad.ContactEvent} {
		kinds = append(kinds, option{string(k), k.Label()})
	}
	e := o.Employer
	s.render(w, r, status, "werkgever.html", map[string]any{
		"Title": e.Name, "E": e, "O": o, "Log": log, "Vacancies": vacancies, "VacancyTotal": total,
		"Names": names, "MunicipalityOptions": opts, "Kinds": kinds, "Form": v, "Errors": fe,
		"MinBonus": werkpad.WerkgeversbonusMinPlacements, "CardItem": werkpad.MarketWorkCardItem,
		"CanWrite": hasRole(u, werkpad.RolesWriteEmployers), "CanGrant": hasRole(u, werkpad.RolesGrantBonus),
		"Breadcrumbs": []navItem{{Href: "/werkgevers", Label: "Werkgevers"}, {Label: e.Name}},
	})
	return nil
}

func (s *Server) addContactLog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "Werkgever")
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	c := &werkpad.ContactLogEntry{EmployerID: id, Kind: werkpad.ContactKind(v["soort"]), Note: v["notitie"],
		On: fe.dateField(v, "datum", "datum van het contact", true), MunicipalityCode: v["contact-gemeente"]}
	if v["marktbewerking"] == "ja" {
		c.CardItem = werkpad.MarketWorkCardItem
	}
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		if err := s.Employers.AddContactLogEntry(r.Context(), c); err != nil {
			var ok bool
			fields := map[string]string{"soort": "soort", "datum": "datum", "kaartonderdeel": "marktbewerking", "gemeente": "contact-gemeente"}
			if status, ok = fe.fromService(err, fields, "soort"); !ok {
				if werkpad.ErrorCode(err) != werkpad.ENOTFOUND || c.CardItem == "" {
					return err
				}
				// The municipality of the card line is outside the scope.
				fe.add("contact-gemeente", "Kies een gemeente waarvoor u werkt.")
				status = http.StatusUnprocessableEntity
			}
		}
	}
	if len(fe.List) > 0 {
		return s.renderEmployer(w, r, status, v, fe)
	}
	s.flash(w, r, "Het contact is vastgelegd.")
	return redirect(w, r, "/werkgevers/"+idStr(id)+"#contacten")
}

// centsField reads an amount in euro ("1.234,56", "€ 500") as cents.
func (fe *formErrors) centsField(v values, name string) int64 {
	s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v[name]), "€"))
	if s == "" {
		fe.add(name, "Vul het bedrag in euro in, bijvoorbeeld 2.500,00.")
		return 0
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
	}
	c, ok := decimalHundredths(s)
	if !ok {
		fe.add(name, "Vul het bedrag in euro in, bijvoorbeeld 2.500,00.")
	}
	return int64(c)
}

func (s *Server) grantBonus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "Werkgever")
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	g := &werkpad.BonusGrant{EmployerID: id, AmountCents: fe.centsField(v, "bedrag"),
		On: fe.dateField(v, "bonus-datum", "datum van de toekenning", true), Note: v["bonus-toelichting"]}
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		if err := s.Employers.GrantBonus(r.Context(), g); err != nil {
			var ok bool
			if status, ok = fe.fromService(err, map[string]string{"bedragCent": "bedrag", "datum": "bonus-datum"}, "bedrag"); !ok {
				return err
			}
		}
	}
	if len(fe.List) > 0 {
		return s.renderEmployer(w, r, status, v, fe)
	}
	s.flash(w, r, "De werkgeversbonus is toegekend.")
	return redirect(w, r, "/werkgevers/"+idStr(id)+"#bonus")
}
