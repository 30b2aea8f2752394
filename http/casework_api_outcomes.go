package http

import (
	"net/http"
	"time"

	"werkpad"
)

// API shapes and handlers of uitstroom (exits) and signalen (signals).

type uitstroomDTO struct {
	ID          int64     `json:"id"`
	KandidaatID int64     `json:"kandidaatId"`
	Gemeente    string    `json:"gemeente"`
	Datum       string    `json:"datum"`
	Reden       string    `json:"reden"`
	PlaatsingID *int64    `json:"plaatsingId,omitempty"`
	Aangemaakt  time.Time `json:"aangemaakt"`
}

func exitDTO(e *werkpad.Exit) uitstroomDTO {
	return uitstroomDTO{ID: e.ID, KandidaatID: e.CandidateID, Gemeente: e.MunicipalityCode, Datum: e.Date.String(),
		Reden: string(e.Reason), PlaatsingID: e.PlacementID, Aangemaakt: e.CreatedAt}
}

type uitstroomInvoer struct {
	KandidaatID int64  `json:"kandidaatId"`
	Datum       string `json:"datum"`
	Reden       string `json:"reden"`
	PlaatsingID *int64 `json:"plaatsingId"`
}

func (s *Server) apiListExits(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "kandidaat", "gemeente", "reden")
	f := werkpad.ExitFilter{CandidateID: q.id("kandidaat"), Municipality: q.str("gemeente"), Reason: werkpad.ExitReason(q.str("reden")), Page: q.page()}
	if q.err != nil {
		return q.err
	}
	if f.Reason != "" && !f.Reason.Valid() {
		return werkpad.FieldError("reden", "Kies een geldige reden.")
	}
	list, total, err := s.Exits.FindExits(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, exitDTO)
}

func (s *Server) apiCreateExit(w http.ResponseWriter, r *http.Request) error {
	var in uitstroomInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	e := &werkpad.Exit{CandidateID: in.KandidaatID, Date: f.date("datum", in.Datum), Reason: werkpad.ExitReason(in.Reden), PlacementID: in.PlaatsingID}
	if f.err != nil {
		return f.err
	}
	if err := s.Exits.CreateExit(r.Context(), e); err != nil {
		return err
	}
	return created(w, apiPath("uitstroom", e.ID), exitDTO(e))
}

func (s *Server) apiGetExit(w http.ResponseWriter, r *http.Request) error {
	return respondByID(w, r, s.Exits.FindExitByID, exitDTO)
}

type signaalDTO struct {
	ID                 int64     `json:"id"`
	KandidaatID        int64     `json:"kandidaatId"`
	Gemeente           string    `json:"gemeente"`
	Datum              string    `json:"datum"`
	Gedrag             string    `json:"gedrag"`
	Advies             string    `json:"advies"`
	GeadviseerdBesluit string    `json:"geadviseerdBesluit,omitempty"`
	ConsulentID        int64     `json:"consulentId,omitempty"`
	Besluit            string    `json:"besluit"`
	AfwijkendVanAdvies bool      `json:"afwijkendVanAdvies"`
	Besluitdatum       string    `json:"besluitdatum,omitempty"`
	BesluitToelichting string    `json:"besluitToelichting,omitempty"`
	Aangemaakt         time.Time `json:"aangemaakt"`
	Gewijzigd          time.Time `json:"gewijzigd"`
}

func signalDTO(s *werkpad.Signal) signaalDTO {
	return signaalDTO{ID: s.ID, KandidaatID: s.CandidateID, Gemeente: s.MunicipalityCode, Datum: s.Date.String(),
		Gedrag: s.Behaviour, Advies: s.Advice, GeadviseerdBesluit: string(s.AdvisedDecision), ConsulentID: s.ConsultantID,
		Besluit: string(s.Decision), AfwijkendVanAdvies: s.Deviates(),
		Besluitdatum: s.DecisionDate.String(), BesluitToelichting: s.DecisionText, Aangemaakt: s.CreatedAt, Gewijzigd: s.UpdatedAt}
}

type signaalInvoer struct {
	KandidaatID int64  `json:"kandidaatId"`
	Datum       string `json:"datum"`
	Gedrag      string `json:"gedrag"`
	Advies      string `json:"advies"`
	// GeadviseerdBesluit: maatregel or geen-maatregel.
	GeadviseerdBesluit string `json:"geadviseerdBesluit"`
}

func (s *Server) apiListSignals(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "kandidaat", "gemeente", "wachtOpBesluit")
	f := werkpad.SignalFilter{CandidateID: q.id("kandidaat"), Municipality: q.str("gemeente"),
		AwaitingDecision: q.boolean("wachtOpBesluit"), Page: q.page()}
	if q.err != nil {
		return q.err
	}
	list, total, err := s.Signals.FindSignals(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, signalDTO)
}

func (s *Server) apiCreateSignal(w http.ResponseWriter, r *http.Request) error {
	var in signaalInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	sig := &werkpad.Signal{CandidateID: in.KandidaatID, Date: f.date("datum", in.Datum), Behaviour: in.Gedrag, Advice: in.Advies,
		AdvisedDecision: werkpad.SignalDecision(in.GeadviseerdBesluit)}
	if f.err != nil {
		return f.err
	}
	if err := s.Signals.CreateSignal(r.Context(), sig); err != nil {
		return err
	}
	return created(w, apiPath("signalen", sig.ID), signalDTO(sig))
}

func (s *Server) apiGetSignal(w http.ResponseWriter, r *http.Request) error {
	return respondByID(w, r, s.Signals.FindSignalByID, signalDTO)
}

func (s *Server) apiDecideSignal(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	err = mayChange(r.Context(), werkpad.RolesDecideSignal, func() error {
		_, err := s.Signals.FindSignalByID(r.Context(), id)
		return err
	})
	if err != nil {
		return err
	}
	var in struct {
		Besluit            string `json:"besluit"`
		Besluitdatum       string `json:"besluitdatum"`
		BesluitToelichting string `json:"besluitToelichting"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	d := werkpad.SignalDecisionInput{Decision: werkpad.SignalDecision(in.Besluit), On: f.date("besluitdatum", in.Besluitdatum), Text: in.BesluitToelichting}
	if f.err != nil {
		return f.err
	}
	sig, err := s.Signals.DecideSignal(r.Context(), id, d)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, signalDTO(sig))
}
