package http

import (
	"net/http"
	"strconv"

	"werkpad"
)

const signalsPerPage = 25

func (s *Server) signals(w http.ResponseWriter, r *http.Request) error {
	u := werkpad.UserFromContext(r.Context())
	view := r.URL.Query().Get("weergave")
	if view != "open" && view != "alle" {
		// The municipality's work queue first; WerkBedrijf sees all it sent.
		view = "alle"
		if u.Role == werkpad.RoleMunicipality {
			view = "open"
		}
	}
	page := pageParam(r)
	list, total, err := s.Signals.FindSignals(r.Context(), werkpad.SignalFilter{
		AwaitingDecision: view == "open", Page: werkpad.Page{Offset: (page - 1) * signalsPerPage, Limit: signalsPerPage},
	})
	if err != nil {
		return err
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "signalen.html", map[string]any{
		"Title": "Signalen", "Signals": list, "Names": names, "View": view, "Total": total,
		"Pager":      newPager(page, signalsPerPage, total, func(p int) string { return "/signalen" + query("weergave", view, "pagina", strconv.Itoa(p)) }),
		"CanDecide":  hasRole(u, werkpad.RolesDecideSignal),
		"Consultant": u.Role == werkpad.RoleConsultant,
	})
	return nil
}

func (s *Server) signalByPath(r *http.Request) (*werkpad.Signal, *werkpad.Candidate, error) {
	id, err := pathID(r, "Signaal")
	if err != nil {
		return nil, nil, err
	}
	sig, err := s.Signals.FindSignalByID(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Candidates.FindCandidateByID(r.Context(), sig.CandidateID)
	return sig, c, err
}

func (s *Server) renderSignal(w http.ResponseWriter, r *http.Request, status int, sig *werkpad.Signal, c *werkpad.Candidate, v values, fe formErrors) error {
	u := werkpad.UserFromContext(r.Context())
	var decisions []option
	for _, d := range werkpad.SignalDecisions[1:] {
		decisions = append(decisions, option{string(d), d.Label()})
	}
	s.render(w, r, status, "signaal.html", map[string]any{
		"Title": "Signaal over " + c.FullName(), "S": sig, "C": c, "Form": v, "Errors": fe, "Decisions": decisions,
		"CanDecide":    hasRole(u, werkpad.RolesDecideSignal) && sig.Decision == werkpad.DecisionPending,
		"DecisionHint": decisionHint(sig),
		"Breadcrumbs":  []navItem{{Href: "/signalen", Label: "Signalen"}, {Label: "Signaal over " + c.FullName()}},
	})
	return nil
}

// decisionHint says when the decision needs an explanation.
func decisionHint(sig *werkpad.Signal) string {
	switch sig.AdvisedDecision {
	case werkpad.DecisionSanction:
		return "Het advies is een maatregel (of waarschuwing). Besluit de gemeente tot geen maatregel, dan is een toelichting verplicht."
	case werkpad.DecisionNone:
		return "Het advies is geen maatregel. Legt de gemeente toch een maatregel op, dan is een toelichting verplicht."
	}
	return "Verplicht als de gemeente afwijkt van het advies."
}

func (s *Server) signal(w http.ResponseWriter, r *http.Request) error {
	sig, c, err := s.signalByPath(r)
	if err != nil {
		return err
	}
	return s.renderSignal(w, r, http.StatusOK, sig, c, values{"besluitdatum": today().Dutch()}, formErrors{})
}

func (s *Server) decideSignal(w http.ResponseWriter, r *http.Request) error {
	sig, c, err := s.signalByPath(r)
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	d := werkpad.SignalDecisionInput{Decision: werkpad.SignalDecision(v["besluit"]), Text: v["toelichting"]}
	d.On = fe.dateField(v, "besluitdatum", "datum van het besluit", true)
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		if _, err := s.Signals.DecideSignal(r.Context(), sig.ID, d); err != nil {
			var ok bool
			fields := map[string]string{"besluit": "besluit", "besluitdatum": "besluitdatum", "besluitToelichting": "toelichting"}
			if status, ok = fe.fromService(err, fields, "besluit"); !ok {
				return err
			}
		}
	}
	if len(fe.List) > 0 {
		return s.renderSignal(w, r, status, sig, c, v, fe)
	}
	s.flash(w, r, "Het besluit is vastgelegd.")
	return redirect(w, r, "/signalen/"+idStr(sig.ID))
}
