package http

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"werkpad"
)

// swRoutes registers the SW administration (Wsw employees) and the list of
// loonwaarde re-assessments due. Reading follows werkpad.RolesReadSW,
// changes werkpad.RolesWriteSW; the services check role and scope again.
func (s *Server) swRoutes() {
	read, write := werkpad.RolesReadSW, werkpad.RolesWriteSW
	s.handle("GET /sw", false, s.swOverview, read...)
	s.handle("GET /sw/nieuw", false, s.newSWEmployeeForm, write...)
	s.handle("POST /sw", false, s.createSWEmployee, write...)
	s.handle("GET /sw/beschut", false, s.sheltered, read...)
	s.handle("POST /sw/beschut/indicaties", false, s.addShelteredIndication, write...)
	s.handle("POST /sw/beschut/dienstverbanden", false, s.addShelteredEmployment, write...)
	s.handle("GET /sw/toegevoegde-waarde", false, s.addedValue, werkpad.RolesReadAddedValue...)
	s.handle("POST /sw/toegevoegde-waarde/tarief", false, s.setAddedValueRate, write...)
	s.handle("POST /sw/toegevoegde-waarde/declaraties", false, s.declareAddedValue, write...)
	s.handle("GET /sw/{id}", false, s.swEmployee, read...)
	s.handle("POST /sw/{id}/werkvorm", false, s.changeWerkvorm, write...)
	s.handle("POST /sw/{id}/gegevens", false, s.changeSWDetails, write...)
	s.handle("POST /sw/{id}/verzuim", false, s.addSickLeave, write...)
	s.handle("POST /sw/{id}/status", false, s.setSWStatus, write...)
	s.handle("POST /sw/{id}/einde", false, s.endSWEmployment, write...)
	s.handle("GET /loonkostensubsidies", false, s.lksReassessments, rolesReadLKSDue...)
}

// rolesReadLKSDue may see the re-assessments due: the people who act on
// them (consulent), account for them (controller) and pay them (gemeente).
var rolesReadLKSDue = []werkpad.Role{werkpad.RoleConsultant, werkpad.RoleController, werkpad.RoleMunicipality}

const swPerPage = 25

// formatSE writes SE thousandths as the report does: 0,850.
func formatSE(thousandths int64) string {
	sign := ""
	if thousandths < 0 {
		sign, thousandths = "-", -thousandths
	}
	return fmt.Sprintf("%s%d,%03d", sign, thousandths/1000, thousandths%1000)
}

// parseSE reads an SE fraction ("0,85", "1.28", "1") as thousandths.
func parseSE(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ",")
	whole, frac, _ := strings.Cut(s, ",")
	if whole == "" || len(whole) > 2 || len(frac) > 3 {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	w, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi((frac + "000")[:3])
	return w*1000 + f, true
}

func werkvormOptions() []option {
	var opts []option
	for _, w := range werkpad.Werkvormen {
		opts = append(opts, option{string(w), w.Label()})
	}
	return opts
}

// swMunicipalityRow is one municipality's line of the overview: headcount,
// SE and the shares of "werken op locatie" on the peildatum.
type swMunicipalityRow struct {
	Name      string
	Headcount int64
	SE        string
	Shares    []string // in the order of werkpad.LocationRows
	Outside   string
}

// swRow sums the records of municipality code ("" for all) on day on.
// swRow is the figures of municipality code ("" : all) on the overview's
// day, from the day's counts.
func swRow(name string, groups []werkpad.SWDayGroup, code string) swMunicipalityRow {
	row := swMunicipalityRow{Name: name}
	var se int64
	counts := map[werkpad.LocationRow]int64{}
	for _, g := range groups {
		if code == "" || g.Municipality == code {
			row.Headcount += g.Headcount
			se += g.SEThousandths
			counts[g.Row] += g.Headcount
		}
	}
	row.SE = formatSE(se)
	shares, outside := werkpad.LocationShares(counts)
	for _, lr := range werkpad.LocationRows {
		row.Shares = append(row.Shares, shares[lr].String())
	}
	row.Outside = outside.String()
	return row
}

// swEmployeeRow is one line of the list of Wsw employees.
type swEmployeeRow struct {
	ID           int64
	Label        string
	Municipality string
	Werkvorm     string
	SE           string
	Period       werkpad.Period
	Location     string
}

func (s *Server) swOverview(w http.ResponseWriter, r *http.Request) error {
	u := werkpad.UserFromContext(r.Context())
	qv := r.URL.Query()
	filter := values{"peildatum": qv.Get("peildatum"), "gemeente": qv.Get("gemeente")}
	var fe formErrors
	on := fe.dateField(filter, "peildatum", "peildatum", false)
	if on.IsZero() {
		on = today()
	}
	ms, err := s.Municipalities.FindMunicipalities(r.Context())
	if err != nil {
		return err
	}
	names := map[string]string{}
	var opts []option
	for _, m := range ms {
		names[m.Code] = m.Name
		opts = append(opts, option{m.Code, m.Name})
	}
	status := http.StatusOK
	page := pageParam(r)
	var groups []werkpad.SWDayGroup
	var list []werkpad.SWEmployeeRecord
	var count int
	if q := strings.TrimSpace(qv.Get("zoek")); q != "" {
		filter["zoek"] = qv.Get("zoek")
	}
	if len(fe.List) == 0 {
		groups, err = s.SW.SWDayFigures(r.Context(), on)
		if err == nil {
			list, count, err = s.SW.SWEmployeesOn(r.Context(), on, werkpad.SWEmployeeFilter{Municipality: filter["gemeente"],
				NumberPrefix: filter["zoek"], Page: werkpad.Page{Offset: (page - 1) * swPerPage, Limit: swPerPage}})
		}
		if st, ok := fe.fromService(err, map[string]string{"van": "peildatum", "tot": "peildatum"}, "peildatum"); ok {
			status = st
		} else if err != nil {
			return err
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	var figures []swMunicipalityRow
	for _, m := range ms {
		figures = append(figures, swRow(m.Name, groups, m.Code))
	}
	var total *swMunicipalityRow
	if len(ms) > 1 {
		t := swRow("Totaal", groups, "")
		total = &t
	}
	var locationLabels []string
	for _, lr := range werkpad.LocationRows {
		locationLabels = append(locationLabels, lr.Label())
	}
	link := func(p int) string {
		ps := ""
		if p > 1 {
			ps = strconv.Itoa(p)
		}
		return "/sw" + query("peildatum", filter["peildatum"], "gemeente", filter["gemeente"], "zoek", filter["zoek"], "pagina", ps)
	}
	pg := newPager(page, swPerPage, count, link)
	var rows []swEmployeeRow
	for i := range list {
		e := &list[i]
		rows = append(rows, swEmployeeRow{ID: e.ID, Label: e.Label(), Municipality: names[e.MunicipalityCode], Werkvorm: e.WerkvormOn(on).Label(),
			SE: formatSE(int64(e.SEOn(on))), Period: e.Period, Location: strings.Join(nonEmpty(e.Location, e.EmployerName), ", ")})
	}
	s.render(w, r, status, "sw.html", map[string]any{
		"Title": "Sociale werkvoorziening", "On": on, "Filter": filter, "Errors": fe, "MunicipalityOptions": opts,
		"Figures": figures, "Total": total, "LocationLabels": locationLabels, "Rows": rows, "Pager": pg,
		"Filtered": filter["gemeente"] != "" || filter["zoek"] != "", "CanWrite": hasRole(u, werkpad.RolesWriteSW),
		"CanReadAddedValue": hasRole(u, werkpad.RolesReadAddedValue),
	})
	return nil
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// swFields maps the service's field names to the ids of the new-employee form.
var swFields = map[string]string{
	"gemeente": "gemeente", "seDuizendsten": "se", "werkvorm": "werkvorm", "van": "begindatum", "tot": "begindatum",
	"locatie": "locatie", "werkgever": "werkgever", "personeelsnummer": "personeelsnummer",
}

func (s *Server) newSWEmployeeForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderNewSWEmployee(w, r, http.StatusOK, values{"werkvorm": string(werkpad.WerkvormShelteredInside)}, formErrors{})
}

func (s *Server) renderNewSWEmployee(w http.ResponseWriter, r *http.Request, status int, v values, fe formErrors) error {
	_, opts, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, status, "sw_nieuw.html", map[string]any{
		"Title": "Nieuwe SW-medewerker", "Form": v, "Errors": fe, "MunicipalityOptions": opts, "Werkvormen": werkvormOptions(),
		"Breadcrumbs": []navItem{{Href: "/sw", Label: "SW"}, {Label: "Nieuwe SW-medewerker"}},
	})
	return nil
}

func (s *Server) createSWEmployee(w http.ResponseWriter, r *http.Request) error {
	v := formValues(r)
	var fe formErrors
	e := &werkpad.SWEmployee{MunicipalityCode: v["gemeente"], Werkvorm: werkpad.Werkvorm(v["werkvorm"]),
		Location: v["locatie"], EmployerName: v["werkgever"], PersonnelNumber: v["personeelsnummer"]}
	if v["gemeente"] == "" {
		fe.add("gemeente", "Kies de gemeente.")
	}
	if se, ok := parseSE(v["se"]); ok {
		e.SEThousandths = se
	} else {
		fe.add("se", "Vul het aantal SE in als getal met hoogstens drie decimalen, bijvoorbeeld 0,85.")
	}
	if !e.Werkvorm.Valid() {
		fe.add("werkvorm", "Kies de werkvorm.")
	}
	e.Period.From = fe.dateField(v, "begindatum", "begindatum", true)
	if len(fe.List) > 0 {
		return s.renderNewSWEmployee(w, r, http.StatusUnprocessableEntity, v, fe)
	}
	if err := s.SW.CreateSWEmployee(r.Context(), e); err != nil {
		status, ok := fe.fromService(err, swFields, "gemeente")
		if !ok {
			return err
		}
		return s.renderNewSWEmployee(w, r, status, v, fe)
	}
	s.flash(w, r, "De SW-medewerker is vastgelegd.")
	return redirect(w, r, "/sw/"+idStr(e.ID))
}

func (s *Server) swEmployee(w http.ResponseWriter, r *http.Request) error {
	return s.renderSWEmployee(w, r, http.StatusOK, nil, formErrors{})
}

// renderSWEmployee shows one Wsw employee; v and fe hold the input and
// errors of the form that was posted, if any.
func (s *Server) renderSWEmployee(w http.ResponseWriter, r *http.Request, status int, v values, fe formErrors) error {
	id, err := pathID(r, "SW-medewerker")
	if err != nil {
		return err
	}
	u := werkpad.UserFromContext(r.Context())
	e, err := s.SW.FindSWEmployee(r.Context(), id)
	if err != nil {
		return err
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	now := today()
	// The defaults of every form, overlaid with the input of the form posted.
	form := values{"werkvorm-van": now.Dutch(), "verzuim-van": now.Dutch(), "verzuim-percentage": "100", "status-van": now.Dutch(),
		"se": formatSE(int64(e.SEThousandths)), "se-per": now.Dutch(), "locatie": e.Location, "werkgever": e.EmployerName, "personeelsnummer": e.PersonnelNumber}
	if e.Period.Open() {
		form["einddatum"] = now.Dutch()
	}
	for k, x := range v {
		form[k] = x
	}
	title := e.Label()
	// The linked candidate by name, when the viewer may see him.
	candidate := ""
	if e.CandidateID != 0 && hasRole(u, werkpad.RolesReadCandidates) {
		if c, err := s.Candidates.FindCandidateByID(r.Context(), e.CandidateID); err == nil {
			candidate = c.FullName()
		} else if werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			return err
		}
	}
	type sePeriod struct {
		SE     string
		Period werkpad.Period
	}
	var sePeriods []sePeriod
	for _, p := range e.SEPeriods {
		sePeriods = append(sePeriods, sePeriod{formatSE(int64(p.SEThousandths)), p.Period})
	}
	s.render(w, r, status, "sw_medewerker.html", map[string]any{
		"SEPeriods": sePeriods,
		"Title":     title, "E": e, "Municipality": names[e.MunicipalityCode], "SE": formatSE(int64(e.SEThousandths)),
		"WerkvormToday": e.WerkvormOn(now).Label(), "InService": e.InServiceOn(now), "Today": now,
		"Form": form, "Errors": fe, "Werkvormen": werkvormOptions(), "Statuses": swStatusOptions(),
		"CanWrite":     hasRole(u, werkpad.RolesWriteSW),
		"CanCandidate": candidate != "", "CandidateName": candidate,
		"Breadcrumbs": []navItem{{Href: "/sw", Label: "SW"}, {Label: title}},
	})
	return nil
}

// swPost runs a change of the detail page: the page again with 422 (or
// 409) and the errors, or back to the page with a message.
func (s *Server) swPost(w http.ResponseWriter, r *http.Request, fields map[string]string, fallback, done string,
	change func(id int64, v values, fe *formErrors) error) error {
	id, err := pathID(r, "SW-medewerker")
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	status := http.StatusUnprocessableEntity
	err = change(id, v, &fe)
	if err != nil {
		var ok bool
		if status, ok = fe.fromService(err, fields, fallback); !ok {
			return err
		}
	}
	if len(fe.List) > 0 {
		return s.renderSWEmployee(w, r, status, v, fe)
	}
	s.flash(w, r, done)
	return redirect(w, r, "/sw/"+idStr(id))
}

func (s *Server) changeWerkvorm(w http.ResponseWriter, r *http.Request) error {
	return s.swPost(w, r, map[string]string{"werkvorm": "werkvorm", "van": "werkvorm-van"}, "werkvorm-van", "De werkvorm is gewijzigd.",
		func(id int64, v values, fe *formErrors) error {
			vorm := werkpad.Werkvorm(v["werkvorm"])
			if !vorm.Valid() {
				fe.add("werkvorm", "Kies de werkvorm.")
			}
			from := fe.dateField(v, "werkvorm-van", "ingangsdatum", true)
			if len(fe.List) > 0 {
				return nil
			}
			return s.SW.ChangeWerkvorm(r.Context(), id, vorm, from)
		})
}

// changeSWDetails changes the SE (as of a day: the SE chapter reads the SE
// of the day it counts), the location and the employer of a secondment.
func (s *Server) changeSWDetails(w http.ResponseWriter, r *http.Request) error {
	return s.swPost(w, r, map[string]string{"seDuizendsten": "se", "sePer": "se-per", "locatie": "locatie", "werkgever": "werkgever", "personeelsnummer": "personeelsnummer"},
		"se", "De gegevens van het dienstverband zijn gewijzigd.",
		func(id int64, v values, fe *formErrors) error {
			se, ok := parseSE(v["se"])
			if !ok {
				fe.add("se", "Vul het aantal SE in als getal met hoogstens drie decimalen, bijvoorbeeld 0,85.")
			}
			from := fe.dateField(v, "se-per", "ingangsdatum", true)
			if len(fe.List) > 0 {
				return nil
			}
			e, err := s.SW.FindSWEmployee(r.Context(), id)
			if err != nil {
				return err
			}
			upd := e.SWEmployee
			upd.SEThousandths, upd.SEFrom, upd.Location, upd.EmployerName, upd.PersonnelNumber = se, from, v["locatie"], v["werkgever"], v["personeelsnummer"]
			return s.SW.UpdateSWEmployee(r.Context(), &upd)
		})
}

func (s *Server) addSickLeave(w http.ResponseWriter, r *http.Request) error {
	return s.swPost(w, r, map[string]string{"van": "verzuim-van", "tot": "verzuim-tot", "percentage": "verzuim-percentage"},
		"verzuim-van", "Het verzuim is vastgelegd.",
		func(id int64, v values, fe *formErrors) error {
			sl := &werkpad.SWSickLeave{SWEmployeeID: id}
			sl.Period.From = fe.dateField(v, "verzuim-van", "eerste verzuimdag", true)
			sl.Period.To = fe.dateField(v, "verzuim-tot", "laatste verzuimdag", false)
			if !sl.Period.From.IsZero() && !sl.Period.To.IsZero() && sl.Period.To.Before(sl.Period.From) {
				fe.add("verzuim-tot", "De laatste verzuimdag ligt voor de eerste verzuimdag.")
			}
			sl.Percent = fe.intField(v, "verzuim-percentage", "Vul het verzuimpercentage in als heel getal van 1 tot en met 100.")
			if v["verzuim-percentage"] == "" {
				fe.add("verzuim-percentage", "Vul het verzuimpercentage in als heel getal van 1 tot en met 100.")
			}
			if len(fe.List) > 0 {
				return nil
			}
			return s.SW.AddSickLeave(r.Context(), sl)
		})
}

func swStatusOptions() []option {
	var opts []option
	for _, st := range []werkpad.SWStatus{werkpad.SWStatusIdle, werkpad.SWStatusUnavailable} {
		opts = append(opts, option{string(st), st.Label()})
	}
	return opts
}

func (s *Server) setSWStatus(w http.ResponseWriter, r *http.Request) error {
	return s.swPost(w, r, map[string]string{"status": "status", "van": "status-van", "tot": "status-tot"},
		"status-van", "De status is vastgelegd.",
		func(id int64, v values, fe *formErrors) error {
			st := werkpad.SWStatusPeriod{Status: werkpad.SWStatus(v["status"])}
			if !st.Status.Valid() {
				fe.add("status", "Kies de status.")
			}
			st.Period.From = fe.dateField(v, "status-van", "eerste dag", true)
			st.Period.To = fe.dateField(v, "status-tot", "laatste dag", false)
			if !st.Period.From.IsZero() && !st.Period.To.IsZero() && st.Period.To.Before(st.Period.From) {
				fe.add("status-tot", "De laatste dag ligt voor de eerste dag.")
			}
			if len(fe.List) > 0 {
				return nil
			}
			return s.SW.SetSWStatus(r.Context(), id, st)
		})
}

func (s *Server) endSWEmployment(w http.ResponseWriter, r *http.Request) error {
	return s.swPost(w, r, map[string]string{"tot": "einddatum", "van": "einddatum"}, "einddatum", "Het dienstverband is beëindigd.",
		func(id int64, v values, fe *formErrors) error {
			end := fe.dateField(v, "einddatum", "einddatum", true)
			if len(fe.List) > 0 {
				return nil
			}
			e, err := s.SW.FindSWEmployee(r.Context(), id)
			if err != nil {
				return err
			}
			upd := e.SWEmployee
			upd.Period.To = end
			return s.SW.UpdateSWEmployee(r.Context(), &upd)
		})
}

// lksRow is one re-assessment due.
type lksRow struct {
	R            werkpad.LKSReassessment
	Municipality string
}

const lksPerPage = 50

func (s *Server) lksReassessments(w http.ResponseWriter, r *http.Request) error {
	qv := r.URL.Query()
	now := today()
	filter := values{"van": qv.Get("van"), "tot": qv.Get("tot")}
	var fe formErrors
	from := fe.dateField(filter, "van", "begindatum", false)
	to := fe.dateField(filter, "tot", "einddatum", false)
	// Without a window: the coming three months.
	if filter["van"] == "" {
		from = now
	}
	if filter["tot"] == "" {
		to = now.AddDays(91)
	}
	if len(fe.List) == 0 && to.Before(from) {
		fe.add("tot", "De einddatum ligt voor de begindatum.")
	}
	status := http.StatusOK
	var due []werkpad.LKSReassessment
	if len(fe.List) == 0 {
		var err error
		due, err = s.LKS.LKSReassessmentsDue(r.Context(), from, to)
		if st, ok := fe.fromService(err, map[string]string{"van": "van", "tot": "tot"}, "van"); ok {
			status = st
		} else if err != nil {
			return err
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	page := pageParam(r)
	pg := newPager(page, lksPerPage, len(due), func(p int) string {
		ps := ""
		if p > 1 {
			ps = strconv.Itoa(p)
		}
		return "/loonkostensubsidies" + query("van", filter["van"], "tot", filter["tot"], "pagina", ps)
	})
	var rows []lksRow
	for i := (page - 1) * lksPerPage; i < len(due) && i < page*lksPerPage; i++ {
		rows = append(rows, lksRow{R: due[i], Municipality: names[due[i].MunicipalityCode]})
	}
	s.render(w, r, status, "loonkostensubsidies.html", map[string]any{
		"Title": "Herbeoordelingen loonkostensubsidie", "From": from, "To": to, "Filter": filter, "Errors": fe,
		"Rows": rows, "Pager": pg,
	})
	return nil
}
