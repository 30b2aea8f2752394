package http

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"werkpad"
)

// A candidate's side of matching: his work profile and the open vacancies
// ranked for him.

func (s *Server) candidateVacancies(w http.ResponseWriter, r *http.Request) error {
	c, err := s.candidateByPath(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	matches, err := s.Matches.MatchesForCandidate(ctx, c.ID, 0)
	noProfile := werkpad.ErrorCode(err) == werkpad.ENOTFOUND
	if err != nil && !noProfile {
		return err
	}
	rows := make([]matchRow, 0, len(matches))
	for _, m := range matches {
		rows = append(rows, matchRow{M: m})
	}
	u := werkpad.UserFromContext(ctx)
	s.render(w, r, http.StatusOK, "kandidaat_vacatures.html", map[string]any{
		"Title": "Passende vacatures — " + c.FullName(), "C": c, "Matches": rows, "NoProfile": noProfile,
		"CanWrite": hasRole(u, werkpad.RolesWriteEmployers), "MaxScore": werkpad.WeightOccupation + werkpad.MaxPointsBesidesOccupation,
		"Breadcrumbs": []navItem{{Href: "/kandidaten", Label: "Kandidaten"}, {Href: "/kandidaten/" + idStr(c.ID), Label: c.FullName()},
			{Label: "Passende vacatures"}},
	})
	return nil
}

var profileFields = map[string]string{
	"beroepen": "beroepen", "minMinutenPerWeek": "min-uren", "maxMinutenPerWeek": "max-uren", "gemeenten": "gemeenten",
	"reisafstandKm": "reisafstand", "taalniveau": "taalniveau", "certificaten": "certificaten", "beperkingen": "beperkingen",
}

var restrictions = []werkpad.Restriction{werkpad.RestrictionNoHeavyWork, werkpad.RestrictionNoCustomerContact}

// profileValues fills the form from a stored profile; lists are kept
// newline-separated, as formValues joins repeated fields.
func profileValues(p *werkpad.Profile) values {
	if p == nil {
		return values{"max-uren": "40", "taalniveau": "geen"}
	}
	var rs []string
	for _, x := range p.Restrictions {
		rs = append(rs, string(x))
	}
	v := values{"beroepen": strings.Join(p.Occupations, "\n"), "min-uren": werkpad.FormatHours(p.MinMinutes), "max-uren": werkpad.FormatHours(p.MaxMinutes),
		"gemeenten": strings.Join(p.Municipalities, "\n"), "taalniveau": string(p.Language), "certificaten": strings.Join(p.Certificates, "\n"),
		"beperkingen": strings.Join(rs, "\n"), "toelichting": p.RestrictionNote}
	if p.TravelKm > 0 {
		v["reisafstand"] = strconv.Itoa(p.TravelKm)
	}
	if p.DrivingLicence {
		v["rijbewijs"] = "ja"
	}
	return v
}

// checkOption is one checkbox of a group.
type checkOption struct {
	ID, Value, Label string
	Checked          bool
}

// checkGroup builds a checkbox group; the first box carries the group's
// name as id, so that the error summary can link to it.
func checkGroup(name string, opts []option, chosen string) []checkOption {
	sel := strings.Split(chosen, "\n")
	out := make([]checkOption, 0, len(opts))
	for i, o := range opts {
		id := name + "-" + o.Value
		if i == 0 {
			id = name
		}
		out = append(out, checkOption{ID: id, Value: o.Value, Label: o.Label, Checked: slices.Contains(sel, o.Value)})
	}
	return out
}

func (s *Server) workProfile(w http.ResponseWriter, r *http.Request) error {
	c, err := s.candidateByPath(r)
	if err != nil {
		return err
	}
	p, err := s.Matches.FindProfile(r.Context(), c.ID)
	if err != nil && werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
		return err
	}
	return s.renderWorkProfile(w, r, http.StatusOK, c, p, profileValues(p), formErrors{})
}

func (s *Server) renderWorkProfile(w http.ResponseWriter, r *http.Request, status int, c *werkpad.Candidate, p *werkpad.Profile, v values, fe formErrors) error {
	names, mopts, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	var levels, ropts []option
	for _, l := range werkpad.LanguageLevels {
		levels = append(levels, option{string(l), string(l)})
	}
	for _, x := range restrictions {
		ropts = append(ropts, option{string(x), x.Label()})
	}
	var occupations []string
	if p != nil {
		for _, o := range p.Occupations {
			occupations = append(occupations, werkpad.OccupationTitle(o))
		}
	}
	u := werkpad.UserFromContext(r.Context())
	s.render(w, r, status, "werkprofiel.html", map[string]any{
		"Title": "Werkprofiel — " + c.FullName(), "C": c, "P": p, "Form": v, "Errors": fe, "Names": names,
		"OccupationTitles": occupations, "Levels": levels,
		"OccupationChecks":   checkGroup("beroepen", occupationOptions(), v["beroepen"]),
		"MunicipalityChecks": checkGroup("gemeenten", mopts, v["gemeenten"]),
		"RestrictionChecks":  checkGroup("beperkingen", ropts, v["beperkingen"]),
		"CanWrite":           hasRole(u, werkpad.RolesWriteEmployers),
		"Breadcrumbs": []navItem{{Href: "/kandidaten", Label: "Kandidaten"}, {Href: "/kandidaten/" + idStr(c.ID), Label: c.FullName()},
			{Label: "Werkprofiel"}},
	})
	return nil
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (s *Server) saveWorkProfile(w http.ResponseWriter, r *http.Request) error {
	c, err := s.candidateByPath(r)
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	p := &werkpad.Profile{CandidateID: c.ID, Occupations: lines(v["beroepen"]), Municipalities: lines(v["gemeenten"]),
		MinMinutes: fe.hoursField(v, "min-uren"), MaxMinutes: fe.hoursField(v, "max-uren"),
		TravelKm:       fe.intField(v, "reisafstand", "Vul de reisafstand in als heel aantal kilometers, bijvoorbeeld 15."),
		DrivingLicence: v["rijbewijs"] == "ja", Language: werkpad.LanguageLevel(v["taalniveau"]), Certificates: lines(v["certificaten"]),
		RestrictionNote: v["toelichting"]}
	for _, x := range lines(v["beperkingen"]) {
		p.Restrictions = append(p.Restrictions, werkpad.Restriction(x))
	}
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		if err := s.Matches.SaveProfile(r.Context(), p); err != nil {
			var ok bool
			if status, ok = fe.fromService(err, profileFields, "beroepen"); !ok {
				return err
			}
		}
	}
	if len(fe.List) > 0 {
		old, err := s.Matches.FindProfile(r.Context(), c.ID)
		if err != nil && werkpad.ErrorCode(err) != werkpad.ENOTFOUND {
			return err
		}
		return s.renderWorkProfile(w, r, status, c, old, v, fe)
	}
	s.flash(w, r, "Het werkprofiel is opgeslagen.")
	return redirect(w, r, "/kandidaten/"+idStr(c.ID)+"/werkprofiel")
}
