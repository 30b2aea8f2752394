package http

import (
	"net/http"
	"strconv"
	"strings"

	"werkpad"
)

// The candidate satisfaction survey (art. 14.1 DVO): the consultant makes
// a one-use link on the candidate's survey page after an exit or a
// placement and hands it over; the candidate answers at /enquete/{token}
// without an account. The figures are a chapter of every report.

func (s *Server) surveyRoutes() {
	s.handle("GET /kandidaten/{id}/enquetes", false, s.surveyOccasions, werkpad.RolesInviteSurvey...)
	s.handle("POST /kandidaten/{id}/enquetes", false, s.inviteSurvey, werkpad.RolesInviteSurvey...)
	s.handle("GET /enquete/{token}", true, s.surveyForm)
	s.handle("POST /enquete/{token}", true, s.answerSurvey)
}

func (s *Server) surveyOccasions(w http.ResponseWriter, r *http.Request) error {
	return s.renderSurveyOccasions(w, r, http.StatusOK, nil, "")
}

// renderSurveyOccasions shows the candidate's exits and placements with
// their links; link is a link just made, shown this once.
func (s *Server) renderSurveyOccasions(w http.ResponseWriter, r *http.Request, status int, made *werkpad.SurveyInvitation, problem string) error {
	c, err := s.candidateByPath(r)
	if err != nil {
		return err
	}
	rows, err := s.Surveys.SurveyOccasions(r.Context(), c.ID)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "Tevredenheidsenquête van " + c.FullName(), "Candidate": c, "Rows": rows, "Today": today(),
		"ValidDays": werkpad.SurveyValidDays, "Problem": problem,
		"Breadcrumbs": []navItem{{Href: "/kandidaten", Label: "Kandidaten"}, {Href: "/kandidaten/" + idStr(c.ID), Label: c.FullName()}, {Label: "Tevredenheidsenquête"}}}
	if made != nil {
		scheme := "http"
		if s.secure(r) {
			scheme = "https"
		}
		data["Made"], data["Link"] = made, scheme+"://"+r.Host+"/enquete/"+made.Token
	}
	s.render(w, r, status, "kandidaat_enquetes.html", data)
	return nil
}

func (s *Server) inviteSurvey(w http.ResponseWriter, r *http.Request) error {
	v := formValues(r)
	id, err := strconv.ParseInt(v["aanleiding-id"], 10, 64)
	if err != nil || id <= 0 {
		return s.renderSurveyOccasions(w, r, http.StatusUnprocessableEntity, nil, "Kies de uitstroom of plaatsing waarvoor u een link maakt.")
	}
	inv, err := s.Surveys.InviteSurvey(r.Context(), werkpad.SurveyOccasion(v["aanleiding"]), id)
	if err != nil {
		switch werkpad.ErrorCode(err) {
		case werkpad.EINVALID, werkpad.ECONFLICT:
			return s.renderSurveyOccasions(w, r, statusOf(werkpad.ErrorCode(err), false), nil, werkpad.ErrorMessage(err))
		}
		return err
	}
	// The link is shown in this answer only: no redirect, and not cached.
	w.Header().Set("Cache-Control", "no-store")
	return s.renderSurveyOccasions(w, r, http.StatusCreated, inv, "")
}

// surveyPage renders the public survey page; state is "vragen", "klaar"
// or "fout".
func (s *Server) surveyPage(w http.ResponseWriter, r *http.Request, status int, data map[string]any) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
	data["Title"] = "Hoe tevreden bent u over het WerkBedrijf?"
	data["Token"] = r.PathValue("token")
	if _, ok := data["Errors"]; !ok {
		data["Errors"] = formErrors{}
	}
	s.render(w, r, status, "enquete.html", data)
}

func (s *Server) surveyForm(w http.ResponseWriter, r *http.Request) error {
	qs, err := s.Surveys.OpenSurvey(r.Context(), r.PathValue("token"))
	if err != nil {
		return s.surveyClosed(w, r, err)
	}
	s.surveyPage(w, r, http.StatusOK, map[string]any{"State": "vragen", "Questions": qs, "Form": values{}})
	return nil
}

// surveyClosed answers a link that cannot be answered (unknown, used,
// expired) with a page that says so, not a bare error.
func (s *Server) surveyClosed(w http.ResponseWriter, r *http.Request, err error) error {
	switch werkpad.ErrorCode(err) {
	case werkpad.ENOTFOUND:
		s.surveyPage(w, r, http.StatusNotFound, map[string]any{"State": "fout", "Message": werkpad.ErrorMessage(err)})
	case werkpad.ECONFLICT:
		s.surveyPage(w, r, http.StatusGone, map[string]any{"State": "fout", "Message": werkpad.ErrorMessage(err)})
	default:
		return err
	}
	return nil
}

func (s *Server) answerSurvey(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	qs, err := s.Surveys.OpenSurvey(r.Context(), token)
	if err != nil {
		return s.surveyClosed(w, r, err)
	}
	v := formValues(r)
	var fe formErrors
	var answers []werkpad.SurveyAnswer
	for _, q := range qs {
		a := werkpad.SurveyAnswer{Question: q.Code}
		switch q.Kind {
		case werkpad.SurveyScale:
			if v[q.Code] == "" {
				fe.add(q.Code, "Kies een antwoord op de vraag “"+q.Text+"”.")
				continue
			}
			n, err := strconv.Atoi(v[q.Code])
			if err != nil || n < q.Min || n > q.Max {
				fe.add(q.Code, "Kies bij “"+q.Text+"” een van de getallen.")
				continue
			}
			a.Score = n
		case werkpad.SurveyOpen:
			a.Text = strings.TrimSpace(v[q.Code])
		}
		answers = append(answers, a)
	}
	if len(fe.List) == 0 {
		if err := s.Surveys.AnswerSurvey(r.Context(), token, answers); err != nil {
			switch werkpad.ErrorCode(err) {
			case werkpad.EINVALID:
				fe.add(werkpad.ErrorField(err), werkpad.ErrorMessage(err))
			default:
				return s.surveyClosed(w, r, err)
			}
		}
	}
	if len(fe.List) > 0 {
		s.surveyPage(w, r, http.StatusUnprocessableEntity, map[string]any{"State": "vragen", "Questions": qs, "Form": v, "Errors": fe})
		return nil
	}
	s.surveyPage(w, r, http.StatusOK, map[string]any{"State": "klaar"})
	return nil
}
