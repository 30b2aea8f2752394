package http

import (
	"net/http"
	"strconv"
	"strings"

	"werkpad"
)

const vacanciesPerPage = 25

// occupationOptions are the curated ISCO-08 unit groups with Dutch titles.
func occupationOptions() []option {
	opts := make([]option, 0, len(werkpad.Occupations))
	for _, o := range werkpad.Occupations {
		opts = append(opts, option{o.Code, o.Code + " " + o.Title})
	}
	return opts
}

func vacancyStatusOptions() []option {
	var opts []option
	for _, st := range []werkpad.VacancyStatus{werkpad.VacancyOpen, werkpad.VacancyFilled, werkpad.VacancyWithdrawn} {
		opts = append(opts, option{string(st), st.Label()})
	}
	return opts
}

func (s *Server) vacancies(w http.ResponseWriter, r *http.Request) error {
	u := werkpad.UserFromContext(r.Context())
	qv := r.URL.Query()
	status, gm, isco := qv.Get("status"), qv.Get("gemeente"), qv.Get("beroep")
	page := pageParam(r)
	var fe formErrors
	if status != "" && !werkpad.VacancyStatus(status).Valid() {
		fe.add("status", "Kies een status uit de lijst.")
	}
	if isco != "" {
		if err := werkpad.ValidateOccupation("beroep", isco); err != nil {
			fe.add("beroep", werkpad.ErrorMessage(err))
		}
	}
	var list []*werkpad.Vacancy
	total := 0
	if len(fe.List) == 0 {
		var err error
		list, total, err = s.Vacancies.FindVacancies(r.Context(), werkpad.VacancyFilter{Status: werkpad.VacancyStatus(status),
			Municipality: gm, Occupation: isco, Page: werkpad.Page{Offset: (page - 1) * vacanciesPerPage, Limit: vacanciesPerPage}})
		if err != nil {
			return err
		}
	}
	names, opts, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	code := http.StatusOK
	if len(fe.List) > 0 {
		code = http.StatusUnprocessableEntity
	}
	s.render(w, r, code, "vacatures.html", map[string]any{
		"Title": "Vacatures", "Vacancies": list, "Names": names, "Errors": fe,
		"Filter":   values{"status": status, "gemeente": gm, "beroep": isco},
		"Filtered": status != "" || gm != "" || isco != "",
		"Statuses": vacancyStatusOptions(), "MunicipalityOptions": opts, "Occupations": occupationOptions(),
		"Pager": newPager(page, vacanciesPerPage, total, func(p int) string {
			return "/vacatures" + query("status", status, "gemeente", gm, "beroep", isco, "pagina", strconv.Itoa(p))
		}),
		"CanWrite": hasRole(u, werkpad.RolesWriteEmployers),
	})
	return nil
}

var vacancyFields = map[string]string{
	"werkgeverId": "werkgever", "titel": "titel", "beroep": "beroep", "minutenPerWeek": "uren", "aantalPlaatsen": "plaatsen",
	"gemeente": "gemeente", "status": "status", "taalniveau": "taalniveau", "certificaten": "certificaten-hard", "startdatum": "startdatum",
}

// vacancyForm reads the vacancy form. Requirements are marked hard (a
// candidate without it is not matched) or soft (it only ranks).
func vacancyForm(v values, fe *formErrors) *werkpad.Vacancy {
	vac := &werkpad.Vacancy{Title: v["titel"], Occupation: v["beroep"], Municipality: v["gemeente"], Status: werkpad.VacancyStatus(v["status"])}
	vac.EmployerID = int64(fe.intField(v, "werkgever", "Kies de werkgever uit de lijst."))
	vac.MinutesPerWeek = fe.hoursField(v, "uren")
	vac.Positions = fe.intField(v, "plaatsen", "Vul het aantal plaatsen in als heel getal.")
	vac.StartOn = fe.dateField(v, "startdatum", "startdatum", false)
	req := &vac.Requirements
	switch v["rijbewijs"] {
	case "hard":
		req.DrivingLicence, req.DrivingLicenceHard = true, true
	case "zacht":
		req.DrivingLicence = true
	}
	req.Language = werkpad.LanguageLevel(v["taalniveau"])
	req.LanguageHard = v["taalniveau-eis"] == "hard"
	for _, kind := range []string{"hard", "zacht"} {
		for _, line := range strings.Split(v["certificaten-"+kind], "\n") {
			if line = strings.TrimSpace(line); line != "" {
				req.Certificates = append(req.Certificates, werkpad.CertificateRequirement{Name: line, Hard: kind == "hard"})
			}
		}
	}
	return vac
}

// vacancyValues fills the form from a stored vacancy.
func vacancyValues(vac *werkpad.Vacancy) values {
	v := values{"werkgever": idStr(vac.EmployerID), "titel": vac.Title, "beroep": vac.Occupation, "uren": werkpad.FormatHours(vac.MinutesPerWeek),
		"plaatsen": strconv.Itoa(vac.Positions), "gemeente": vac.Municipality, "startdatum": vac.StartOn.Dutch(), "status": string(vac.Status),
		"taalniveau": string(vac.Requirements.Language)}
	req := vac.Requirements
	switch {
	case req.DrivingLicenceHard:
		v["rijbewijs"] = "hard"
	case req.DrivingLicence:
		v["rijbewijs"] = "zacht"
	}
	if req.LanguageHard {
		v["taalniveau-eis"] = "hard"
	}
	var hard, soft []string
	for _, c := range req.Certificates {
		if c.Hard {
			hard = append(hard, c.Name)
		} else {
			soft = append(soft, c.Name)
		}
	}
	v["certificaten-hard"], v["certificaten-zacht"] = strings.Join(hard, "\n"), strings.Join(soft, "\n")
	return v
}

func (s *Server) renderVacancyForm(w http.ResponseWriter, r *http.Request, status int, vac *werkpad.Vacancy, v values, fe formErrors) error {
	employers, _, err := s.Employers.FindEmployers(r.Context(), werkpad.EmployerFilter{Page: werkpad.Page{Limit: 500}})
	if err != nil {
		return err
	}
	var emps []option
	for _, e := range employers {
		emps = append(emps, option{idStr(e.ID), e.Name + " (KvK " + e.KvK + ")"})
	}
	_, opts, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	var levels []option
	for _, l := range werkpad.LanguageLevels {
		levels = append(levels, option{string(l), string(l)})
	}
	title, action := "Nieuwe vacature", "/vacatures"
	crumbs := []navItem{{Href: "/vacatures", Label: "Vacatures"}, {Label: title}}
	if vac != nil {
		title, action = "Vacature wijzigen", "/vacatures/"+idStr(vac.ID)+"/wijzigen"
		crumbs = []navItem{{Href: "/vacatures", Label: "Vacatures"}, {Href: "/vacatures/" + idStr(vac.ID), Label: vac.Title}, {Label: title}}
	}
	s.render(w, r, status, "vacature_formulier.html", map[string]any{
		"Title": title, "Heading": title, "Action": action, "V": vac, "Form": v, "Errors": fe,
		"Employers": emps, "MunicipalityOptions": opts, "Occupations": occupationOptions(), "Statuses": vacancyStatusOptions(),
		"Levels": levels, "Breadcrumbs": crumbs,
		"Licence":  []option{{"zacht", "Gewenst (zachte eis)"}, {"hard", "Vereist (harde eis)"}},
		"Hardness": []option{{"zacht", "Gewenst (zachte eis)"}, {"hard", "Vereist (harde eis)"}},
	})
	return nil
}

func (s *Server) newVacancyForm(w http.ResponseWriter, r *http.Request) error {
	v := values{"status": string(werkpad.VacancyOpen), "plaatsen": "1", "taalniveau": "geen", "werkgever": r.URL.Query().Get("werkgever")}
	return s.renderVacancyForm(w, r, http.StatusOK, nil, v, formErrors{})
}

func (s *Server) createVacancy(w http.ResponseWriter, r *http.Request) error {
	v := formValues(r)
	var fe formErrors
	vac := vacancyForm(v, &fe)
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		if err := s.Vacancies.CreateVacancy(r.Context(), vac); err != nil {
			var ok bool
			if status, ok = fe.fromService(err, vacancyFields, "titel"); !ok {
				return err
			}
		}
	}
	if len(fe.List) > 0 {
		return s.renderVacancyForm(w, r, status, nil, v, fe)
	}
	s.flash(w, r, "De vacature is vastgelegd.")
	return redirect(w, r, "/vacatures/"+idStr(vac.ID))
}

func (s *Server) vacancyByPath(r *http.Request) (*werkpad.Vacancy, error) {
	id, err := pathID(r, "Vacature")
	if err != nil {
		return nil, err
	}
	return s.Vacancies.FindVacancyByID(r.Context(), id)
}

func (s *Server) editVacancyForm(w http.ResponseWriter, r *http.Request) error {
	vac, err := s.vacancyByPath(r)
	if err != nil {
		return err
	}
	return s.renderVacancyForm(w, r, http.StatusOK, vac, vacancyValues(vac), formErrors{})
}

func (s *Server) updateVacancy(w http.ResponseWriter, r *http.Request) error {
	vac, err := s.vacancyByPath(r)
	if err != nil {
		return err
	}
	v := formValues(r)
	v["werkgever"] = idStr(vac.EmployerID) // the employer of a vacancy does not change
	var fe formErrors
	in := vacancyForm(v, &fe)
	// Withdrawing a vacancy ends the matching for it: ask to confirm.
	if in.Status == werkpad.VacancyWithdrawn && vac.Status != werkpad.VacancyWithdrawn && v["bevestig"] != "ja" {
		fe.add("bevestig", "U trekt de vacature in: er worden dan geen kandidaten meer voorgesteld. Vink ‘Ik bevestig het intrekken’ aan om door te gaan.")
	}
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		upd := werkpad.VacancyUpdate{Title: &in.Title, Occupation: &in.Occupation, MinutesPerWeek: &in.MinutesPerWeek, Positions: &in.Positions,
			Municipality: &in.Municipality, Requirements: &in.Requirements, StartOn: &in.StartOn, Status: &in.Status}
		if _, err := s.Vacancies.UpdateVacancy(r.Context(), vac.ID, upd); err != nil {
			var ok bool
			if status, ok = fe.fromService(err, vacancyFields, "titel"); !ok {
				return err
			}
		}
	}
	if len(fe.List) > 0 {
		return s.renderVacancyForm(w, r, status, vac, v, fe)
	}
	s.flash(w, r, "De vacature is gewijzigd.")
	return redirect(w, r, "/vacatures/"+idStr(vac.ID))
}

// matchRow is one ranked candidate (or vacancy) with its explanation.
type matchRow struct {
	M        werkpad.Match
	Proposed bool
	// Number is set when another candidate in the list has the same name:
	// the candidate number tells them apart.
	Number int64
}

// proposalRow is a proposal with the candidate's name.
type proposalRow struct {
	P       *werkpad.Proposal
	Name    string
	CanMove bool
}

func (s *Server) vacancy(w http.ResponseWriter, r *http.Request) error {
	return s.renderVacancy(w, r, http.StatusOK, formErrors{})
}

func (s *Server) renderVacancy(w http.ResponseWriter, r *http.Request, status int, fe formErrors) error {
	vac, err := s.vacancyByPath(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u := werkpad.UserFromContext(ctx)
	develop := r.URL.Query().Get("ontwikkelen") == "ja"
	matches, err := s.Matches.MatchesForVacancy(ctx, vac.ID, develop, 0)
	if err != nil {
		return err
	}
	excl, err := s.MatchExclusions.ExclusionsForVacancy(ctx, vac.ID, develop)
	if err != nil {
		return err
	}
	proposals, _, err := s.Matches.FindProposals(ctx, werkpad.ProposalFilter{VacancyID: vac.ID, Page: werkpad.Page{Limit: 500}})
	if err != nil {
		return err
	}
	canWrite := hasRole(u, werkpad.RolesWriteEmployers)
	open := map[int64]bool{}
	var prows []proposalRow
	for _, p := range proposals {
		c, err := s.Candidates.FindCandidateByID(ctx, p.CandidateID)
		if err != nil {
			return err
		}
		if !p.Status.Final() {
			open[p.CandidateID] = true
		}
		prows = append(prows, proposalRow{P: p, Name: c.FullName(), CanMove: canWrite && !p.Status.Final()})
	}
	sameName := map[string]int{}
	for _, m := range matches {
		sameName[m.CandidateName]++
	}
	rows := make([]matchRow, 0, len(matches))
	for _, m := range matches {
		row := matchRow{M: m, Proposed: open[m.CandidateID]}
		if sameName[m.CandidateName] > 1 {
			row.Number = m.CandidateID
		}
		rows = append(rows, row)
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	o, _ := werkpad.FindOccupation(vac.Occupation)
	s.render(w, r, status, "vacature.html", map[string]any{
		"Title": vac.Title, "V": vac, "Occupation": werkpad.OccupationTitle(vac.Occupation), "Heavy": o.Heavy, "CustomerContact": o.CustomerContact,
		"Matches": rows, "Exclusions": excl, "Proposals": prows, "Develop": develop, "Names": names, "Errors": fe,
		"CanWrite": canWrite, "Open": vac.Status == werkpad.VacancyOpen, "MaxScore": werkpad.WeightOccupation + werkpad.MaxPointsBesidesOccupation,
		"Breadcrumbs": []navItem{{Href: "/vacatures", Label: "Vacatures"}, {Label: vac.Title}},
	})
	return nil
}

func (s *Server) recordProposal(w http.ResponseWriter, r *http.Request) error {
	vac, err := s.vacancyByPath(r)
	if err != nil {
		return err
	}
	v := formValues(r)
	cid, _ := strconv.ParseInt(v["kandidaat"], 10, 64)
	p := &werkpad.Proposal{VacancyID: vac.ID, CandidateID: cid}
	if err := s.Matches.RecordProposal(r.Context(), p); err != nil {
		var fe formErrors
		status, ok := fe.fromService(err, nil, "voorstel-"+idStr(cid))
		if !ok {
			return err
		}
		return s.renderVacancy(w, r, status, fe)
	}
	s.flash(w, r, "Het voorstel is vastgelegd.")
	return redirect(w, r, "/vacatures/"+idStr(vac.ID)+"#voorstellen")
}
