package http

import (
	"net/http"
	"strconv"

	"werkpad"
)

// The outcome of a proposal: uitgenodigd, aangenomen (which creates the
// placement) or afgewezen with a reason. Both final steps are confirmed
// on the form, since neither can be undone.

func (s *Server) proposalByPath(r *http.Request) (*werkpad.Vacancy, *werkpad.Proposal, *werkpad.Candidate, error) {
	vac, err := s.vacancyByPath(r)
	if err != nil {
		return nil, nil, nil, err
	}
	pid, err := strconv.ParseInt(r.PathValue("voorstel"), 10, 64)
	notFound := werkpad.Errorf(werkpad.ENOTFOUND, "Voorstel niet gevonden.")
	if err != nil || pid <= 0 {
		return nil, nil, nil, notFound
	}
	list, _, err := s.Matches.FindProposals(r.Context(), werkpad.ProposalFilter{VacancyID: vac.ID, Page: werkpad.Page{Limit: 500}})
	if err != nil {
		return nil, nil, nil, err
	}
	for _, p := range list {
		if p.ID == pid {
			c, err := s.Candidates.FindCandidateByID(r.Context(), p.CandidateID)
			return vac, p, c, err
		}
	}
	return nil, nil, nil, notFound
}

func (s *Server) renderProposal(w http.ResponseWriter, r *http.Request, status int, vac *werkpad.Vacancy, p *werkpad.Proposal, c *werkpad.Candidate, v values, fe formErrors) error {
	var next []option
	for _, st := range []werkpad.ProposalStatus{werkpad.ProposalInvited, werkpad.ProposalHired, werkpad.ProposalRejected} {
		if p.Status.CanMoveTo(st) {
			next = append(next, option{string(st), st.Label()})
		}
	}
	var types []option
	for _, t := range werkpad.ContractTypes {
		types = append(types, option{string(t), t.Label()})
	}
	room, err := s.Secondments.SecondmentRoom(r.Context(), werkpad.Date{})
	if err != nil {
		return err
	}
	s.render(w, r, status, "voorstel.html", map[string]any{
		"Title": "Uitkomst voorstel — " + c.FullName(), "V": vac, "P": p, "C": c, "Form": v, "Errors": fe,
		"Next": next, "ContractTypes": types, "Room": room, "Final": p.Status.Final(),
		"Breadcrumbs": []navItem{{Href: "/vacatures", Label: "Vacatures"}, {Href: "/vacatures/" + idStr(vac.ID), Label: vac.Title},
			{Label: "Voorstel " + c.FullName()}},
	})
	return nil
}

func (s *Server) proposalForm(w http.ResponseWriter, r *http.Request) error {
	vac, p, c, err := s.proposalByPath(r)
	if err != nil {
		return err
	}
	v := values{"datum": today().Dutch(), "van": today().Dutch(), "uren": werkpad.FormatHours(vac.MinutesPerWeek)}
	return s.renderProposal(w, r, http.StatusOK, vac, p, c, v, formErrors{})
}

var proposalFields = map[string]string{
	"status": "status", "datum": "datum", "reden": "reden", "plaatsing": "van", "van": "van", "tot": "tot", "periode": "van",
	"contractMinutenPerWeek": "uren", "contractsoort": "contractsoort", "loonwaardeBasispunten": "loonwaarde", "herbeoordelingOp": "herbeoordeling",
}

func (s *Server) updateProposal(w http.ResponseWriter, r *http.Request) error {
	vac, p, c, err := s.proposalByPath(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	v := formValues(r)
	var fe formErrors
	upd := werkpad.ProposalUpdate{Status: werkpad.ProposalStatus(v["status"]), On: fe.dateField(v, "datum", "datum", true), Reason: v["reden"]}
	if upd.Status == werkpad.ProposalHired {
		h := &werkpad.Hire{Start: fe.dateField(v, "van", "begindatum van het contract", false), End: fe.dateField(v, "tot", "einddatum", false),
			ContractMinutesPerWeek: fe.hoursField(v, "uren"), ContractType: werkpad.ContractType(v["contractsoort"]),
			WageSubsidy: v["lks"] == "ja", WageValueBasisPoints: fe.percentField(v, "loonwaarde"),
			ReassessOn:    fe.dateField(v, "herbeoordeling", "datum van herbeoordeling", false),
			SecondmentJob: v["detacheringsbaan"] == "ja", Sheltered: v["beschut"] == "ja", SecondmentOverride: v["uitzondering"]}
		if h.Start.IsZero() {
			h.Start = upd.On
		}
		upd.Hire = h
		// Beyond the ceiling of detacheringsbanen a hire needs an explicit
		// exception with a reason: show the refusal on the field for it.
		if h.SecondmentJob && len(fe.List) == 0 {
			room, err := s.Secondments.SecondmentRoom(ctx, h.Start)
			if err != nil {
				return err
			}
			if err := werkpad.CheckSecondmentRoom(*room, h.SecondmentOverride); err != nil {
				fe.add("uitzondering", werkpad.ErrorMessage(err)+" Vul de reden voor de uitzondering in.")
			}
		}
	}
	if upd.Status.Final() && v["bevestig"] != "ja" {
		fe.add("bevestig", "Vink aan dat u deze uitkomst bevestigt: "+upd.Status.Label()+" kan niet ongedaan worden gemaakt.")
	}
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		if _, err := s.Matches.UpdateProposal(ctx, p.ID, upd); err != nil {
			var ok bool
			if status, ok = fe.fromService(err, proposalFields, "status"); !ok {
				return err
			}
		}
	}
	if len(fe.List) > 0 {
		return s.renderProposal(w, r, status, vac, p, c, v, fe)
	}
	if upd.Status == werkpad.ProposalHired {
		s.flash(w, r, c.FullName()+" is aangenomen bij "+vac.EmployerName+"; de plaatsing is vastgelegd.")
		return redirect(w, r, "/kandidaten/"+idStr(c.ID)+"#plaatsingen")
	}
	s.flash(w, r, "De uitkomst van het voorstel is vastgelegd.")
	return redirect(w, r, "/vacatures/"+idStr(vac.ID)+"#voorstellen")
}
