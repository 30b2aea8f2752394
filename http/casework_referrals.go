package http

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"werkpad"
)

const referralsPerPage = 25

var referralStatuses = []werkpad.ReferralStatus{werkpad.ReferralReferred, werkpad.ReferralIntakePlanned, werkpad.ReferralIntakeHeld, werkpad.ReferralReported}

func (s *Server) referrals(w http.ResponseWriter, r *http.Request) error {
	u := werkpad.UserFromContext(r.Context())
	status := r.URL.Query().Get("status")
	page := pageParam(r)
	var fe formErrors
	if status != "" && !werkpad.ReferralStatus(status).Valid() {
		fe.add("status", "Kies een status uit de lijst.")
	}
	var list []*werkpad.Referral
	total := 0
	if len(fe.List) == 0 {
		var err error
		list, total, err = s.Referrals.FindReferrals(r.Context(), werkpad.ReferralFilter{
			Status: werkpad.ReferralStatus(status), Page: werkpad.Page{Offset: (page - 1) * referralsPerPage, Limit: referralsPerPage},
		})
		if err != nil {
			return err
		}
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	var statuses []option
	for _, st := range referralStatuses {
		statuses = append(statuses, option{string(st), st.Label()})
	}
	code := http.StatusOK
	if len(fe.List) > 0 {
		code = http.StatusUnprocessableEntity
	}
	s.render(w, r, code, "aanmeldingen.html", map[string]any{
		"Title": "Aanmeldingen", "Referrals": list, "Names": names, "Status": status, "Statuses": statuses, "Errors": fe,
		"Pager":     newPager(page, referralsPerPage, total, func(p int) string { return "/aanmeldingen" + query("status", status, "pagina", strconv.Itoa(p)) }),
		"CanCreate": hasRole(u, werkpad.RolesCreateReferral),
	})
	return nil
}

var referralFields = map[string]string{
	"bsn": "bsn", "voornaam": "voornaam", "tussenvoegsel": "tussenvoegsel", "achternaam": "achternaam",
	"geboortedatum": "geboortedatum", "gemeente": "gemeente", "reden": "reden", "documenten": "documenten",
	"aangemeldOp": "aangemeld",
}

func (s *Server) newReferralForm(w http.ResponseWriter, r *http.Request) error {
	u := werkpad.UserFromContext(r.Context())
	v := values{"aangemeld": today().Dutch()}
	if len(u.Municipalities) == 1 {
		v["gemeente"] = u.Municipalities[0]
	}
	return s.renderNewReferral(w, r, http.StatusOK, v, formErrors{})
}

func (s *Server) renderNewReferral(w http.ResponseWriter, r *http.Request, status int, v values, fe formErrors) error {
	_, opts, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, status, "aanmelding_nieuw.html", map[string]any{
		"Title": "Nieuwe aanmelding", "Form": v, "Errors": fe, "MunicipalityOptions": opts,
		"Breadcrumbs": []navItem{{Href: "/aanmeldingen", Label: "Aanmeldingen"}, {Label: "Nieuwe aanmelding"}},
	})
	return nil
}

func (s *Server) createReferral(w http.ResponseWriter, r *http.Request) error {
	v := formValues(r)
	var fe formErrors
	ref := &werkpad.Referral{
		BSN: v["bsn"], GivenName: v["voornaam"], Infix: v["tussenvoegsel"], Surname: v["achternaam"],
		MunicipalityCode: v["gemeente"], Reason: v["reden"], WarmHandover: v["warm"] == "ja",
	}
	for _, line := range strings.Split(v["documenten"], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			ref.Documents = append(ref.Documents, line)
		}
	}
	ref.BirthDate = fe.dateField(v, "geboortedatum", "geboortedatum", false)
	ref.ReferredOn = fe.dateField(v, "aangemeld", "datum van aanmelding", false)
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		err := s.Referrals.CreateReferral(r.Context(), ref)
		if err == nil {
			msg := "De aanmelding is verstuurd naar WerkBedrijf."
			if ref.DuplicateOfCandidateID != 0 {
				msg = "De aanmelding is verstuurd. Let op: deze persoon is al in begeleiding bij WerkBedrijf."
			}
			s.flash(w, r, msg)
			return redirect(w, r, "/aanmeldingen/"+idStr(ref.ID))
		}
		var ok bool
		if status, ok = fe.fromService(err, referralFields, "bsn"); !ok {
			return err
		}
	} else {
		fe.alsoInvalid(ref.Validate(), referralFields, "bsn")
	}
	return s.renderNewReferral(w, r, status, v, fe)
}

// referralStep is one consultant action on a referral, posted from the
// referral page.
type referralStep struct {
	slug, done string
	fields     map[string]string
	first      string
	apply      func(ctx context.Context, s *Server, ref *werkpad.Referral, v values, fe *formErrors) error
}

var referralSteps = []referralStep{
	{
		slug: "intake-plannen", done: "De intake is gepland.", first: "intake-datum",
		fields: map[string]string{"intake.datum": "intake-datum", "intake.locatie": "intake-locatie", "intake.dagdeel": "intake-dagdeel", "datum": "intake-datum"},
		apply: func(ctx context.Context, s *Server, ref *werkpad.Referral, v values, fe *formErrors) error {
			in := werkpad.Intake{Date: fe.dateField(v, "intake-datum", "datum van de intake", false), Location: v["intake-locatie"], Daypart: werkpad.Daypart(v["intake-dagdeel"])}
			if len(fe.List) > 0 {
				return nil
			}
			_, err := s.Referrals.ScheduleIntake(ctx, ref.ID, today(), in, v["intake-toelichting"])
			return err
		},
	},
	{
		slug: "intake-vastleggen", done: "De intake is vastgelegd.", first: "gehouden-datum",
		fields: map[string]string{"datum": "gehouden-datum"},
		apply: func(ctx context.Context, s *Server, ref *werkpad.Referral, v values, fe *formErrors) error {
			on := fe.dateField(v, "gehouden-datum", "datum van de intake", true)
			if len(fe.List) > 0 {
				return nil
			}
			_, err := s.Referrals.RecordIntake(ctx, ref.ID, on, v["gehouden-toelichting"])
			return err
		},
	},
	{
		slug: "terugmelden", done: "De terugmelding is naar de gemeente gestuurd.", first: "uitkomst",
		fields: map[string]string{"datum": "terug-datum", "uitkomst": "uitkomst", "kandidaatId": "koppeling"},
		apply: func(ctx context.Context, s *Server, ref *werkpad.Referral, v values, fe *formErrors) error {
			fb := werkpad.Feedback{On: fe.dateField(v, "terug-datum", "datum van de terugmelding", true), Outcome: werkpad.ReferralOutcome(v["uitkomst"]), Note: v["terug-toelichting"]}
			if v["koppeling"] != "" {
				fb.CandidateID = int64(fe.intField(v, "koppeling", "Kies een kandidaat uit de lijst."))
			}
			if len(fe.List) > 0 {
				return nil
			}
			_, err := s.Referrals.SendFeedback(ctx, ref.ID, fb)
			return err
		},
	},
}

func (s *Server) referralByPath(r *http.Request) (*werkpad.Referral, error) {
	id, err := pathID(r, "Aanmelding")
	if err != nil {
		return nil, err
	}
	return s.Referrals.FindReferralByID(r.Context(), id)
}

func (s *Server) referral(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.referralByPath(r)
	if err != nil {
		return err
	}
	t := today().Dutch()
	return s.renderReferral(w, r, http.StatusOK, ref, values{"intake-datum": "", "gehouden-datum": t, "terug-datum": t}, formErrors{})
}

func (s *Server) renderReferral(w http.ResponseWriter, r *http.Request, status int, ref *werkpad.Referral, v values, fe formErrors) error {
	u := werkpad.UserFromContext(r.Context())
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	name := strings.Join(strings.Fields(ref.GivenName+" "+ref.Infix+" "+ref.Surname), " ")
	data := map[string]any{
		"Title": "Aanmelding " + name, "Name": name, "R": ref, "Municipality": names[ref.MunicipalityCode], "Form": v, "Errors": fe,
		"Breadcrumbs": []navItem{{Href: "/aanmeldingen", Label: "Aanmeldingen"}, {Label: "Aanmelding " + name}},
	}
	if hasRole(u, werkpad.RolesWriteCasework) && ref.Status != werkpad.ReferralReported {
		data["CanPlan"] = ref.Status == werkpad.ReferralReferred || ref.Status == werkpad.ReferralIntakePlanned
		data["CanHold"] = ref.Status == werkpad.ReferralIntakePlanned
		data["CanReport"] = true
		var outcomes []option
		if ref.Status == werkpad.ReferralIntakeHeld {
			outcomes = []option{{string(werkpad.OutcomeInTrajectory), werkpad.OutcomeInTrajectory.Label()}, {string(werkpad.OutcomeNotSuitable), werkpad.OutcomeNotSuitable.Label()}}
		} else {
			outcomes = []option{{string(werkpad.OutcomeNoResponse), werkpad.OutcomeNoResponse.Label()}}
		}
		data["Outcomes"] = outcomes
		data["Dayparts"] = []option{{string(werkpad.Morning), "Ochtend"}, {string(werkpad.Afternoon), "Middag"}}
		// Candidates the feedback may link to: the one the service found
		// by BSN, and those with the referral's name and birth date.
		seen := map[int64]bool{}
		var links []option
		// The name filter matches word prefixes of the surname as a whole
		// ("El Amrani" is found by "el", not by "amrani"): search by its
		// first word.
		firstWord, _, _ := strings.Cut(strings.TrimSpace(ref.Surname), " ")
		found, _, err := s.Candidates.FindCandidates(r.Context(), werkpad.CandidateFilter{Name: firstWord, BirthDate: ref.BirthDate, Page: werkpad.Page{Limit: 20}})
		if err != nil {
			return err
		}
		for _, c := range found {
			seen[c.ID] = true
			links = append(links, option{idStr(c.ID), c.FullName() + ", geboren " + c.BirthDate.Dutch() + " (BSN " + c.BSN + ")"})
		}
		if id := ref.DuplicateOfCandidateID; id != 0 && !seen[id] {
			links = append(links, option{idStr(id), "Kandidaat met hetzelfde BSN (nummer " + idStr(id) + ")"})
		}
		data["Links"] = links
		if len(links) == 1 && v["koppeling"] == "" && len(fe.List) == 0 {
			v["koppeling"] = links[0].Value
		}
	}
	s.render(w, r, status, "aanmelding.html", data)
	return nil
}

func (s *Server) referralStep(st referralStep) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ref, err := s.referralByPath(r)
		if err != nil {
			return err
		}
		v := formValues(r)
		var fe formErrors
		status := http.StatusUnprocessableEntity
		if err := st.apply(r.Context(), s, ref, v, &fe); err != nil {
			var ok bool
			if status, ok = fe.fromService(err, st.fields, st.first); !ok {
				return err
			}
		}
		if len(fe.List) > 0 {
			return s.renderReferral(w, r, status, ref, v, fe)
		}
		s.flash(w, r, st.done)
		return redirect(w, r, "/aanmeldingen/"+idStr(ref.ID))
	}
}
