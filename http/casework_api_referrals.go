package http

import (
	"net/http"
	"time"

	"werkpad"
)

// API shapes and handlers of the aanmeldingen (referrals).

type intakeDTO struct {
	Datum   string `json:"datum"`
	Locatie string `json:"locatie"`
	Dagdeel string `json:"dagdeel"`
}

func intakeOf(in *werkpad.Intake) *intakeDTO {
	if in == nil {
		return nil
	}
	return &intakeDTO{Datum: in.Date.String(), Locatie: in.Location, Dagdeel: string(in.Daypart)}
}

type stapDTO struct {
	Status      string     `json:"status"`
	Datum       string     `json:"datum"`
	Intake      *intakeDTO `json:"intake,omitempty"`
	Uitkomst    string     `json:"uitkomst,omitempty"`
	Toelichting string     `json:"toelichting,omitempty"`
}

// aanmeldingDTO is a referral; its BSN only masked.
type aanmeldingDTO struct {
	ID                   int64      `json:"id"`
	BSNGemaskeerd        string     `json:"bsnGemaskeerd"`
	Voornaam             string     `json:"voornaam"`
	Tussenvoegsel        string     `json:"tussenvoegsel,omitempty"`
	Achternaam           string     `json:"achternaam"`
	Geboortedatum        string     `json:"geboortedatum"`
	Gemeente             string     `json:"gemeente"`
	Reden                string     `json:"reden"`
	Documenten           []string   `json:"documenten"`
	WarmeOverdracht      bool       `json:"warmeOverdracht"`
	AangemeldOp          string     `json:"aangemeldOp"`
	Status               string     `json:"status"`
	Intake               *intakeDTO `json:"intake,omitempty"`
	IntakeGehoudenOp     string     `json:"intakeGehoudenOp,omitempty"`
	Uitkomst             string     `json:"uitkomst,omitempty"`
	TeruggemeldOp        string     `json:"teruggemeldOp,omitempty"`
	KandidaatID          int64      `json:"kandidaatId,omitempty"`
	DubbelMetKandidaatID int64      `json:"dubbelMetKandidaatId,omitempty"`
	Historie             []stapDTO  `json:"historie,omitempty"` // on the single record only
	Aangemaakt           time.Time  `json:"aangemaakt"`
	Gewijzigd            time.Time  `json:"gewijzigd"`
}

func referralDTO(r *werkpad.Referral) aanmeldingDTO {
	d := aanmeldingDTO{
		ID: r.ID, BSNGemaskeerd: werkpad.MaskBSN(r.BSN), Voornaam: r.GivenName, Tussenvoegsel: r.Infix,
		Achternaam: r.Surname, Geboortedatum: r.BirthDate.String(), Gemeente: r.MunicipalityCode, Reden: r.Reason,
		Documenten: append([]string{}, r.Documents...), WarmeOverdracht: r.WarmHandover, AangemeldOp: r.ReferredOn.String(),
		Status: string(r.Status), Intake: intakeOf(r.Intake), IntakeGehoudenOp: r.IntakeHeldOn.String(),
		Uitkomst: string(r.Outcome), TeruggemeldOp: r.ReportedOn.String(), KandidaatID: r.CandidateID,
		DubbelMetKandidaatID: r.DuplicateOfCandidateID, Aangemaakt: r.CreatedAt, Gewijzigd: r.UpdatedAt,
	}
	for _, ev := range r.History {
		d.Historie = append(d.Historie, stapDTO{Status: string(ev.Status), Datum: ev.On.String(), Intake: intakeOf(ev.Intake),
			Uitkomst: string(ev.Outcome), Toelichting: ev.Note})
	}
	return d
}

type aanmeldingInvoer struct {
	BSN             string   `json:"bsn"`
	Voornaam        string   `json:"voornaam"`
	Tussenvoegsel   string   `json:"tussenvoegsel"`
	Achternaam      string   `json:"achternaam"`
	Geboortedatum   string   `json:"geboortedatum"`
	Gemeente        string   `json:"gemeente"`
	Reden           string   `json:"reden"`
	Documenten      []string `json:"documenten"`
	WarmeOverdracht bool     `json:"warmeOverdracht"`
	AangemeldOp     string   `json:"aangemeldOp"`
}

func (s *Server) apiListReferrals(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "gemeente", "status", "kandidaat", "alleenDubbel")
	f := werkpad.ReferralFilter{Municipality: q.str("gemeente"), Status: werkpad.ReferralStatus(q.str("status")),
		CandidateID: q.id("kandidaat"), DuplicatesOnly: q.boolean("alleenDubbel"), Page: q.page()}
	if q.err != nil {
		return q.err
	}
	if f.Status != "" && !f.Status.Valid() {
		return werkpad.FieldError("status", "Kies een geldige status.")
	}
	list, total, err := s.Referrals.FindReferrals(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, referralDTO)
}

func (s *Server) apiCreateReferral(w http.ResponseWriter, r *http.Request) error {
	var in aanmeldingInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	ref := &werkpad.Referral{BSN: in.BSN, GivenName: in.Voornaam, Infix: in.Tussenvoegsel, Surname: in.Achternaam,
		BirthDate: f.date("geboortedatum", in.Geboortedatum), MunicipalityCode: in.Gemeente, Reason: in.Reden,
		Documents: in.Documenten, WarmHandover: in.WarmeOverdracht, ReferredOn: f.date("aangemeldOp", in.AangemeldOp)}
	if f.err != nil {
		return f.err
	}
	if err := s.Referrals.CreateReferral(r.Context(), ref); err != nil {
		return err
	}
	return created(w, apiPath("aanmeldingen", ref.ID), referralDTO(ref))
}

func (s *Server) apiGetReferral(w http.ResponseWriter, r *http.Request) error {
	return respondByID(w, r, s.Referrals.FindReferralByID, referralDTO)
}

// stapInvoer is the body of the three steps of a referral; each step uses
// the fields it needs (intake for intake-gepland; uitkomst and kandidaatId
// for terugmelding).
type stapInvoer struct {
	Datum       string     `json:"datum"`
	Toelichting string     `json:"toelichting"`
	Intake      *intakeDTO `json:"intake"`
	Uitkomst    string     `json:"uitkomst"`
	KandidaatID int64      `json:"kandidaatId"`
}

func (s *Server) apiReferralStep(w http.ResponseWriter, r *http.Request,
	step func(id int64, f *fields, in stapInvoer) (*werkpad.Referral, error)) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	err = mayChange(r.Context(), werkpad.RolesWriteCasework, func() error {
		_, err := s.Referrals.FindReferralByID(r.Context(), id)
		return err
	})
	if err != nil {
		return err
	}
	var in stapInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	ref, err := step(id, &f, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, referralDTO(ref))
}

func (s *Server) apiScheduleIntake(w http.ResponseWriter, r *http.Request) error {
	return s.apiReferralStep(w, r, func(id int64, f *fields, in stapInvoer) (*werkpad.Referral, error) {
		on := f.date("datum", in.Datum)
		var intake werkpad.Intake
		if in.Intake != nil {
			intake = werkpad.Intake{Date: f.date("intake.datum", in.Intake.Datum), Location: in.Intake.Locatie, Daypart: werkpad.Daypart(in.Intake.Dagdeel)}
		}
		if f.err != nil {
			return nil, f.err
		}
		return s.Referrals.ScheduleIntake(r.Context(), id, on, intake, in.Toelichting)
	})
}

func (s *Server) apiRecordIntake(w http.ResponseWriter, r *http.Request) error {
	return s.apiReferralStep(w, r, func(id int64, f *fields, in stapInvoer) (*werkpad.Referral, error) {
		on := f.date("datum", in.Datum)
		if f.err != nil {
			return nil, f.err
		}
		return s.Referrals.RecordIntake(r.Context(), id, on, in.Toelichting)
	})
}

func (s *Server) apiSendFeedback(w http.ResponseWriter, r *http.Request) error {
	return s.apiReferralStep(w, r, func(id int64, f *fields, in stapInvoer) (*werkpad.Referral, error) {
		fb := werkpad.Feedback{On: f.date("datum", in.Datum), Outcome: werkpad.ReferralOutcome(in.Uitkomst),
			CandidateID: in.KandidaatID, Note: in.Toelichting}
		if f.err != nil {
			return nil, f.err
		}
		return s.Referrals.SendFeedback(r.Context(), id, fb)
	})
}
