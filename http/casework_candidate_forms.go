package http

import (
	"context"
	"net/http"
	"strconv"

	"werkpad"
)

// candidateForm is a form on its own page that adds something to a
// candidate: GET /kandidaten/{id}/{slug} shows it, POST saves it.
type candidateForm struct {
	slug, title string
	// fields maps the service's field names to the form's field ids.
	fields map[string]string
	first  string // id of the first field, for errors about the whole form
	// initial fills a new form; initialFor, when set, does so from the
	// candidate's record.
	initial    func() values
	initialFor func(c *werkpad.Candidate) values
	// options adds the choices of the form's selects.
	options func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error
	// save validates the input through the service and stores it.
	save   func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error
	done   string // flash after saving
	anchor string
}

func periodFields(kind string) map[string]string {
	return map[string]string{kind: kind, "van": "van", "tot": "tot", "periode": "van"}
}

func (fe *formErrors) periodField(v values) werkpad.Period {
	return werkpad.Period{From: fe.dateField(v, "van", "begindatum", false), To: fe.dateField(v, "tot", "einddatum", false)}
}

func startsToday() values { return values{"van": today().Dutch()} }

// The service field names of a form's record, mapped to the form's ids.
var (
	placementFormFields = map[string]string{
		"werkgever": "werkgever", "van": "van", "tot": "tot", "contractMinutenPerWeek": "uren",
		"contractsoort": "contractsoort", "loonwaardeBasispunten": "loonwaarde", "herbeoordelingOp": "herbeoordeling",
	}
	exitFormFields   = map[string]string{"datum": "datum", "reden": "reden", "plaatsingId": "plaatsing"}
	signalFormFields = map[string]string{"datum": "datum", "gedrag": "gedrag", "advies": "advies", "geadviseerdBesluit": "geadviseerd"}
)

var candidateForms = []candidateForm{
	{
		slug: "uitkering", title: "Uitkering toevoegen", fields: periodFields("soort"), first: "soort", initial: startsToday,
		done: "De uitkering is toegevoegd.", anchor: "#uitkeringen",
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error {
			var opts []option
			for _, k := range benefitKinds {
				opts = append(opts, option{string(k), k.Label()})
			}
			data["Kinds"] = opts
			return nil
		},
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			b := werkpad.BenefitPeriod{Kind: werkpad.BenefitKind(v["soort"]), Period: fe.periodField(v)}
			if len(fe.List) > 0 {
				return nil
			}
			_, err := s.Candidates.AddBenefit(ctx, c.ID, b)
			return err
		},
	},
	{
		slug: "indicatie", title: "Indicatie toevoegen", fields: periodFields("soort"), first: "soort", initial: startsToday,
		done: "De indicatie is toegevoegd.", anchor: "#indicaties",
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error {
			var opts []option
			for _, k := range indicationKinds {
				opts = append(opts, option{string(k), k.Label()})
			}
			data["Kinds"] = opts
			return nil
		},
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			ind := werkpad.Indication{Kind: werkpad.IndicationKind(v["soort"]), Period: fe.periodField(v)}
			if len(fe.List) > 0 {
				return nil
			}
			_, err := s.Candidates.AddIndication(ctx, c.ID, ind)
			return err
		},
	},
	{
		slug: "fase", title: "Fase toevoegen", fields: periodFields("fase"), first: "fase", initial: startsToday,
		done: "De fase is toegevoegd.", anchor: "#fasen",
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error {
			var opts []option
			for _, p := range werkpad.Phases {
				opts = append(opts, option{string(p), p.Label()})
			}
			data["Kinds"] = opts
			return nil
		},
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			p := werkpad.PhasePeriod{Phase: werkpad.Phase(v["fase"]), Period: fe.periodField(v)}
			if len(fe.List) > 0 {
				return nil
			}
			_, err := s.Candidates.AddPhase(ctx, c.ID, p)
			return err
		},
	},
	{
		slug: "traject", title: "Instrument inzetten", first: "instrument", initial: startsToday,
		done: "Het instrument is ingezet.", anchor: "#trajecten",
		fields: map[string]string{
			"instrument": "instrument", "van": "van", "tot": "tot", "resultaat": "resultaat",
			"werkenMetBehoud": "uren", "minutenPerWeek": "uren", "gastorganisatie": "gastorganisatie",
			"ownw": "dagdelen", "dagdelenPerWeek": "dagdelen", "uitkomst": "dagdelen",
		},
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error {
			catalogue, err := s.Enrolments.FindInstruments(ctx)
			if err != nil {
				return err
			}
			var opts []option
			for _, in := range catalogue {
				label := in.Name
				if kind := in.Kind.Label(); kind != in.Name {
					label += " (" + kind + ")"
				}
				opts = append(opts, option{in.Code, label})
			}
			data["Instruments"] = opts
			return nil
		},
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			catalogue, err := s.Enrolments.FindInstruments(ctx)
			if err != nil {
				return err
			}
			e := &werkpad.Enrolment{CandidateID: c.ID, InstrumentCode: v["instrument"], Period: fe.periodField(v), Result: v["resultaat"]}
			minutes := fe.hoursField(v, "uren")
			dayparts := fe.intField(v, "dagdelen", "Vul het aantal dagdelen in als heel getal, bijvoorbeeld 4.")
			in, _ := werkpad.FindInstrument(catalogue, e.InstrumentCode)
			wmbuFilled, ownwFilled := v["uren"] != "" || v["gastorganisatie"] != "", v["dagdelen"] != "" || v["aanbieder"] != ""
			switch {
			case in.Kind == werkpad.InstrumentWorkWithBenefit:
				e.WorkWithBenefit = &werkpad.WorkWithBenefitDetails{MinutesPerWeek: minutes, HostOrganisation: v["gastorganisatie"]}
				if ownwFilled {
					fe.add("dagdelen", "Dagdelen en aanbieder horen alleen bij Op Weg Naar Werk. Maak deze velden leeg.")
				}
			case in.Kind == werkpad.InstrumentOWNW:
				e.OWNW = &werkpad.OWNWDetails{DaypartsPerWeek: dayparts, Provider: v["aanbieder"]}
				if wmbuFilled {
					fe.add("uren", "Uren en gastorganisatie horen alleen bij werken met behoud van uitkering. Maak deze velden leeg.")
				}
			case in.Code != "" && (wmbuFilled || ownwFilled):
				fe.add("instrument", "Bij dit instrument horen geen uren, gastorganisatie, dagdelen of aanbieder. Maak die velden leeg.")
			}
			if len(fe.List) > 0 {
				return nil
			}
			return s.Enrolments.CreateEnrolment(ctx, e)
		},
	},
	{
		slug: "plaatsing", title: "Plaatsing vastleggen", first: "werkgever", initial: startsToday,
		done: "De plaatsing is vastgelegd.", anchor: "#plaatsingen",
		fields: placementFormFields,
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error {
			var opts []option
			for _, t := range werkpad.ContractTypes {
				opts = append(opts, option{string(t), t.Label()})
			}
			data["ContractTypes"] = opts
			return nil
		},
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			p := &werkpad.Placement{
				CandidateID: c.ID, EmployerName: v["werkgever"], Period: fe.periodField(v),
				ContractMinutesPerWeek: fe.hoursField(v, "uren"), ContractType: werkpad.ContractType(v["contractsoort"]),
				WageSubsidy: v["lks"] == "ja", WageValueBasisPoints: fe.percentField(v, "loonwaarde"),
				ReassessOn:    fe.dateField(v, "herbeoordeling", "datum van herbeoordeling", false),
				SecondmentJob: v["detacheringsbaan"] == "ja", Sheltered: v["beschut"] == "ja",
			}
			if len(fe.List) > 0 {
				fe.alsoInvalid(p.Validate(), placementFormFields, "werkgever")
				return nil
			}
			return s.Placements.CreatePlacement(ctx, p)
		},
	},
	{
		slug: "uitstroom", title: "Uitstroom vastleggen", first: "datum",
		initial: func() values { return values{"datum": today().Dutch()} },
		done:    "De uitstroom is vastgelegd.", anchor: "#uitstroom",
		fields: exitFormFields,
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error {
			var reasons []option
			for _, x := range werkpad.ExitReasons {
				reasons = append(reasons, option{string(x), x.Label()})
			}
			data["Reasons"] = reasons
			placements, _, err := s.Placements.FindPlacements(ctx, werkpad.PlacementFilter{CandidateID: c.ID, Page: werkpad.Page{Limit: 500}})
			if err != nil {
				return err
			}
			var opts []option
			for _, p := range placements {
				opts = append(opts, option{idStr(p.ID), p.EmployerName + ", " + p.Period.String()})
			}
			data["PlacementOptions"] = opts
			return nil
		},
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			x := &werkpad.Exit{CandidateID: c.ID, Date: fe.dateField(v, "datum", "datum van uitstroom", false), Reason: werkpad.ExitReason(v["reden"])}
			if v["plaatsing"] != "" {
				id := int64(fe.intField(v, "plaatsing", "Kies een plaatsing uit de lijst."))
				x.PlacementID = &id
			}
			if len(fe.List) > 0 {
				fe.alsoInvalid(x.Validate(), exitFormFields, "datum")
				return nil
			}
			return s.Exits.CreateExit(ctx, x)
		},
	},
	{
		// A move is a change in the world as of a date: the past stays in
		// the old municipality. A correction says the record was wrong.
		slug: "verhuizing", title: "Verhuizing vastleggen", first: "gemeente",
		initial: func() values { return values{"per": today().Dutch()} },
		done:    "De verhuizing is vastgelegd.", anchor: "#woongemeente",
		fields: map[string]string{"gemeente": "gemeente", "per": "per", "correctie": "correctie"},
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error {
			ms, err := s.Municipalities.FindMunicipalities(ctx)
			var opts []option
			for _, m := range ms {
				if m.Code != c.MunicipalityCode {
					opts = append(opts, option{m.Code, m.Name})
				}
			}
			data["Municipalities"] = opts
			return err
		},
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			code := v["gemeente"]
			if code == "" {
				fe.add("gemeente", "Kies de nieuwe gemeente.")
			}
			upd := werkpad.CandidateUpdate{MunicipalityCode: &code, Correction: v["correctie"] != ""}
			if !upd.Correction {
				upd.Per = fe.dateField(v, "per", "datum van de verhuizing", true)
			}
			if len(fe.List) > 0 {
				return nil
			}
			if code == c.MunicipalityCode {
				fe.add("gemeente", "De kandidaat woont al in deze gemeente.")
				return nil
			}
			_, err := s.Candidates.UpdateCandidate(ctx, c.ID, upd)
			return err
		},
	},
	{
		// Claim a candidate into one's own caseload, or hand him over to a
		// colleague, as of a date: the caseload history stays dated.
		slug: "caseload", title: "Caseload", first: "consulent",
		initialFor: func(c *werkpad.Candidate) values { return values{"per": today().Dutch()} },
		done:       "De caseload is bijgewerkt.", anchor: "",
		fields: map[string]string{"consulentId": "consulent", "per": "per"},
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error {
			users, err := s.Users.FindConsultants(ctx)
			me := werkpad.UserFromContext(ctx)
			var opts []option
			for _, u := range users {
				if u.ID == c.ConsultantID {
					data["Current"] = u.Name
					continue
				}
				label := u.Name
				if u.ID == me.ID {
					label += " (ikzelf)"
				}
				opts = append(opts, option{idStr(u.ID), label})
			}
			data["Consultants"] = opts
			return err
		},
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			id, err := strconv.ParseInt(v["consulent"], 10, 64)
			if err != nil || id <= 0 {
				fe.add("consulent", "Kies de consulent die de kandidaat in zijn caseload krijgt.")
			} else if id == c.ConsultantID {
				fe.add("consulent", "De kandidaat staat al in de caseload van deze consulent.")
			}
			per := fe.dateField(v, "per", "datum van de overdracht", false)
			if len(fe.List) > 0 {
				return nil
			}
			_, err = s.Candidates.UpdateCandidate(ctx, c.ID, werkpad.CandidateUpdate{ConsultantID: &id, Per: per})
			if werkpad.ErrorField(err) == "per" && (per.IsZero() || per == today()) {
				// Handed over again on the day of the last hand-over: today's
				// assignment was a mistake and is replaced.
				_, err = s.Candidates.UpdateCandidate(ctx, c.ID, werkpad.CandidateUpdate{ConsultantID: &id, Correction: true})
			}
			return err
		},
	},
	{
		// Correct a name or birth date that was recorded wrongly: the
		// record was wrong, so no date; the audit log keeps the change.
		slug: "gegevens", title: "Naam of geboortedatum corrigeren", first: "voornaam",
		initialFor: func(c *werkpad.Candidate) values {
			return values{"voornaam": c.GivenName, "tussenvoegsel": c.Infix, "achternaam": c.Surname, "geboortedatum": c.BirthDate.Dutch()}
		},
		done: "De gegevens zijn gecorrigeerd.", anchor: "",
		fields: map[string]string{"voornaam": "voornaam", "tussenvoegsel": "tussenvoegsel", "achternaam": "achternaam",
			"geboortedatum": "geboortedatum", "ingeschrevenOp": "geboortedatum"},
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error { return nil },
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			given, infix, surname := v["voornaam"], v["tussenvoegsel"], v["achternaam"]
			born := fe.dateField(v, "geboortedatum", "geboortedatum", true)
			if given == "" {
				fe.add("voornaam", "Vul de voornaam of voorletters in.")
			}
			if surname == "" {
				fe.add("achternaam", "Vul de achternaam in.")
			}
			if len(fe.List) > 0 {
				return nil
			}
			_, err := s.Candidates.UpdateCandidate(ctx, c.ID, werkpad.CandidateUpdate{GivenName: &given, Infix: &infix, Surname: &surname, BirthDate: &born})
			return err
		},
	},
	{
		slug: "klacht", title: "Klacht registreren", first: "ontvangen",
		initial: func() values { return values{"ontvangen": today().Dutch()} },
		done:    "De klacht is geregistreerd. Bevestig de ontvangst aan de klager.", anchor: "#klachten",
		fields:  map[string]string{"ontvangenOp": "ontvangen", "onderwerp": "onderwerp", "omschrijving": "omschrijving"},
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error { return nil },
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			k := &werkpad.Complaint{CandidateID: c.ID, ReceivedOn: fe.dateField(v, "ontvangen", "datum van ontvangst", false),
				Subject: v["onderwerp"], Description: v["omschrijving"]}
			if len(fe.List) > 0 {
				fe.alsoInvalid(k.Validate(today()), map[string]string{"onderwerp": "onderwerp", "omschrijving": "omschrijving"}, "ontvangen")
				return nil
			}
			return s.Complaints.CreateComplaint(ctx, k)
		},
	},
	{
		slug: "signaal", title: "Signaal aan de gemeente", first: "datum",
		initial: func() values { return values{"datum": today().Dutch()} },
		done:    "Het signaal is naar de gemeente gestuurd.", anchor: "#signalen",
		fields:  signalFormFields,
		options: func(ctx context.Context, s *Server, c *werkpad.Candidate, data map[string]any) error { return nil },
		save: func(ctx context.Context, s *Server, c *werkpad.Candidate, v values, fe *formErrors) error {
			sig := &werkpad.Signal{CandidateID: c.ID, Date: fe.dateField(v, "datum", "datum van het signaal", false),
				Behaviour: v["gedrag"], Advice: v["advies"], AdvisedDecision: werkpad.SignalDecision(v["geadviseerd"]),
				ConsultantID: werkpad.UserFromContext(ctx).ID}
			if len(fe.List) > 0 {
				fe.alsoInvalid(sig.ValidateNew(), signalFormFields, "datum")
				return nil
			}
			return s.Signals.CreateSignal(ctx, sig)
		},
	},
}

func (s *Server) renderCandidateForm(w http.ResponseWriter, r *http.Request, status int, f candidateForm, c *werkpad.Candidate, v values, fe formErrors) error {
	data := map[string]any{
		"Title": f.title + " — " + c.FullName(), "Heading": f.title, "Kind": f.slug, "C": c, "Form": v, "Errors": fe,
		"Action": "/kandidaten/" + idStr(c.ID) + "/" + f.slug,
		"Breadcrumbs": []navItem{{Href: "/kandidaten", Label: "Kandidaten"},
			{Href: "/kandidaten/" + idStr(c.ID), Label: c.FullName()}, {Label: f.title}},
	}
	if err := f.options(r.Context(), s, c, data); err != nil {
		return err
	}
	s.render(w, r, status, "kandidaat_formulier.html", data)
	return nil
}

func (s *Server) candidateByPath(r *http.Request) (*werkpad.Candidate, error) {
	id, err := pathID(r, "Kandidaat")
	if err != nil {
		return nil, err
	}
	return s.Candidates.FindCandidateByID(r.Context(), id)
}

func (s *Server) candidateFormPage(f candidateForm) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, err := s.candidateByPath(r)
		if err != nil {
			return err
		}
		v := values{}
		if f.initialFor != nil {
			v = f.initialFor(c)
		} else if f.initial != nil {
			v = f.initial()
		}
		return s.renderCandidateForm(w, r, http.StatusOK, f, c, v, formErrors{})
	}
}

func (s *Server) candidateFormPost(f candidateForm) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, err := s.candidateByPath(r)
		if err != nil {
			return err
		}
		v := formValues(r)
		var fe formErrors
		err = f.save(r.Context(), s, c, v, &fe)
		status := http.StatusUnprocessableEntity
		if err != nil {
			var ok bool
			if status, ok = fe.fromService(err, f.fields, f.first); !ok {
				return err
			}
		}
		if len(fe.List) > 0 {
			return s.renderCandidateForm(w, r, status, f, c, v, fe)
		}
		s.flash(w, r, f.done)
		return redirect(w, r, "/kandidaten/"+idStr(c.ID)+f.anchor)
	}
}

// End an enrolment or a placement: a small form of its own.

func (s *Server) enrolmentByPath(r *http.Request) (*werkpad.Enrolment, *werkpad.Candidate, werkpad.Instrument, error) {
	id, err := pathID(r, "Traject")
	if err != nil {
		return nil, nil, werkpad.Instrument{}, err
	}
	e, err := s.Enrolments.FindEnrolmentByID(r.Context(), id)
	if err != nil {
		return nil, nil, werkpad.Instrument{}, err
	}
	c, err := s.Candidates.FindCandidateByID(r.Context(), e.CandidateID)
	if err != nil {
		return nil, nil, werkpad.Instrument{}, err
	}
	catalogue, err := s.Enrolments.FindInstruments(r.Context())
	if err != nil {
		return nil, nil, werkpad.Instrument{}, err
	}
	in, ok := werkpad.FindInstrument(catalogue, e.InstrumentCode)
	if !ok {
		in = werkpad.Instrument{Code: e.InstrumentCode, Name: e.InstrumentCode}
	}
	return e, c, in, nil
}

func (s *Server) renderEndEnrolment(w http.ResponseWriter, r *http.Request, status int, e *werkpad.Enrolment, c *werkpad.Candidate, in werkpad.Instrument, v values, fe formErrors) error {
	var outcomes []option
	for _, o := range []werkpad.OWNWOutcome{werkpad.OWNWToPaidWork, werkpad.OWNWToWorkWithBenefit, werkpad.OWNWToVolunteering, werkpad.OWNWToEducation, werkpad.OWNWStopped} {
		outcomes = append(outcomes, option{string(o), o.Label()})
	}
	s.render(w, r, status, "traject_beeindigen.html", map[string]any{
		"Title": in.Name + " beëindigen — " + c.FullName(), "E": e, "C": c, "Instrument": in, "Form": v, "Errors": fe,
		"WMBU": in.Kind == werkpad.InstrumentWorkWithBenefit, "OWNW": in.Kind == werkpad.InstrumentOWNW, "Outcomes": outcomes,
		"Breadcrumbs": []navItem{{Href: "/kandidaten", Label: "Kandidaten"},
			{Href: "/kandidaten/" + idStr(c.ID), Label: c.FullName()}, {Label: in.Name + " beëindigen"}},
	})
	return nil
}

func (s *Server) endEnrolmentForm(w http.ResponseWriter, r *http.Request) error {
	e, c, in, err := s.enrolmentByPath(r)
	if err != nil {
		return err
	}
	return s.renderEndEnrolment(w, r, http.StatusOK, e, c, in, values{"einddatum": today().Dutch(), "resultaat": e.Result}, formErrors{})
}

func (s *Server) endEnrolment(w http.ResponseWriter, r *http.Request) error {
	e, c, in, err := s.enrolmentByPath(r)
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	end := werkpad.EnrolmentEnd{On: fe.dateField(v, "einddatum", "einddatum", true), Result: v["resultaat"], OWNWOutcome: werkpad.OWNWOutcome(v["uitkomst"])}
	switch v["doorstroom"] {
	case "ja", "nee":
		b := v["doorstroom"] == "ja"
		end.ToPaidWork = &b
	}
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		if _, err := s.Enrolments.EndEnrolment(r.Context(), e.ID, end); err != nil {
			var ok bool
			fields := map[string]string{"tot": "einddatum", "van": "einddatum", "datum": "einddatum", "resultaat": "resultaat",
				"doorstroomBetaaldWerk": "doorstroom", "uitkomst": "uitkomst"}
			if status, ok = fe.fromService(err, fields, "einddatum"); !ok {
				return err
			}
		}
	}
	if len(fe.List) > 0 {
		return s.renderEndEnrolment(w, r, status, e, c, in, v, fe)
	}
	s.flash(w, r, in.Name+" is beëindigd.")
	return redirect(w, r, "/kandidaten/"+idStr(c.ID)+"#trajecten")
}

func (s *Server) placementByPath(r *http.Request) (*werkpad.Placement, *werkpad.Candidate, error) {
	id, err := pathID(r, "Plaatsing")
	if err != nil {
		return nil, nil, err
	}
	p, err := s.Placements.FindPlacementByID(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Candidates.FindCandidateByID(r.Context(), p.CandidateID)
	return p, c, err
}

func (s *Server) renderEndPlacement(w http.ResponseWriter, r *http.Request, status int, p *werkpad.Placement, c *werkpad.Candidate, v values, fe formErrors) error {
	s.render(w, r, status, "plaatsing_beeindigen.html", map[string]any{
		"Title": "Plaatsing beëindigen — " + c.FullName(), "P": p, "C": c, "Form": v, "Errors": fe,
		"Breadcrumbs": []navItem{{Href: "/kandidaten", Label: "Kandidaten"},
			{Href: "/kandidaten/" + idStr(c.ID), Label: c.FullName()}, {Label: "Plaatsing beëindigen"}},
	})
	return nil
}

func (s *Server) endPlacementForm(w http.ResponseWriter, r *http.Request) error {
	p, c, err := s.placementByPath(r)
	if err != nil {
		return err
	}
	return s.renderEndPlacement(w, r, http.StatusOK, p, c, values{"einddatum": today().Dutch()}, formErrors{})
}

func (s *Server) endPlacement(w http.ResponseWriter, r *http.Request) error {
	p, c, err := s.placementByPath(r)
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	on := fe.dateField(v, "einddatum", "einddatum", true)
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		if _, err := s.Placements.EndPlacement(r.Context(), p.ID, on); err != nil {
			var ok bool
			if status, ok = fe.fromService(err, map[string]string{"tot": "einddatum", "van": "einddatum"}, "einddatum"); !ok {
				return err
			}
		}
	}
	if len(fe.List) > 0 {
		return s.renderEndPlacement(w, r, status, p, c, v, fe)
	}
	s.flash(w, r, "De plaatsing is beëindigd.")
	return redirect(w, r, "/kandidaten/"+idStr(c.ID)+"#plaatsingen")
}
