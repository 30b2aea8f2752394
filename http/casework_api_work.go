package http

import (
	"net/http"
	"time"

	"werkpad"
)

// API shapes and handlers of instrumenten, trajecten (enrolments) and
// plaatsingen (placements).

type instrumentDTO struct {
	Code  string `json:"code"`
	Naam  string `json:"naam"`
	Soort string `json:"soort"`
}

func (s *Server) apiListInstruments(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Enrolments.FindInstruments(r.Context())
	if err != nil {
		return err
	}
	items := []instrumentDTO{}
	for _, in := range list {
		items = append(items, instrumentDTO{Code: in.Code, Naam: in.Name, Soort: string(in.Kind)})
	}
	return writeJSON(w, http.StatusOK, listResponse[instrumentDTO]{Items: items, Totaal: len(items)})
}

type werkenMetBehoudDTO struct {
	MinutenPerWeek        int    `json:"minutenPerWeek"`
	Gastorganisatie       string `json:"gastorganisatie"`
	DoorstroomBetaaldWerk *bool  `json:"doorstroomBetaaldWerk,omitempty"`
}

type ownwDTO struct {
	DagdelenPerWeek int    `json:"dagdelenPerWeek"`
	Aanbieder       string `json:"aanbieder,omitempty"`
	Uitkomst        string `json:"uitkomst,omitempty"`
}

type trajectDTO struct {
	ID              int64               `json:"id"`
	KandidaatID     int64               `json:"kandidaatId"`
	Gemeente        string              `json:"gemeente"`
	Instrument      string              `json:"instrument"`
	Periode         periodeDTO          `json:"periode"`
	Resultaat       string              `json:"resultaat,omitempty"`
	WerkenMetBehoud *werkenMetBehoudDTO `json:"werkenMetBehoud,omitempty"`
	OWNW            *ownwDTO            `json:"ownw,omitempty"`
	Aangemaakt      time.Time           `json:"aangemaakt"`
	Gewijzigd       time.Time           `json:"gewijzigd"`
}

func enrolmentDTO(e *werkpad.Enrolment) trajectDTO {
	d := trajectDTO{ID: e.ID, KandidaatID: e.CandidateID, Gemeente: e.MunicipalityCode, Instrument: e.InstrumentCode,
		Periode: periodeOf(e.Period), Resultaat: e.Result, Aangemaakt: e.CreatedAt, Gewijzigd: e.UpdatedAt}
	if x := e.WorkWithBenefit; x != nil {
		d.WerkenMetBehoud = &werkenMetBehoudDTO{MinutenPerWeek: x.MinutesPerWeek, Gastorganisatie: x.HostOrganisation, DoorstroomBetaaldWerk: x.ToPaidWork}
	}
	if x := e.OWNW; x != nil {
		d.OWNW = &ownwDTO{DagdelenPerWeek: x.DaypartsPerWeek, Aanbieder: x.Provider, Uitkomst: string(x.Outcome)}
	}
	return d
}

type trajectInvoer struct {
	KandidaatID     int64               `json:"kandidaatId"`
	Instrument      string              `json:"instrument"`
	Periode         periodeDTO          `json:"periode"`
	Resultaat       string              `json:"resultaat"`
	WerkenMetBehoud *werkenMetBehoudDTO `json:"werkenMetBehoud"`
	OWNW            *ownwDTO            `json:"ownw"`
}

func (s *Server) apiListEnrolments(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "kandidaat", "gemeente", "instrument", "soort")
	f := werkpad.EnrolmentFilter{CandidateID: q.id("kandidaat"), Municipality: q.str("gemeente"),
		InstrumentCode: q.str("instrument"), Kind: werkpad.InstrumentKind(q.str("soort")), Page: q.page()}
	if q.err != nil {
		return q.err
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return werkpad.FieldError("soort", "Kies een geldige soort instrument.")
	}
	list, total, err := s.Enrolments.FindEnrolments(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, enrolmentDTO)
}

func (s *Server) apiCreateEnrolment(w http.ResponseWriter, r *http.Request) error {
	var in trajectInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	e := &werkpad.Enrolment{CandidateID: in.KandidaatID, InstrumentCode: in.Instrument, Period: f.period("periode", in.Periode), Result: in.Resultaat}
	if x := in.WerkenMetBehoud; x != nil {
		e.WorkWithBenefit = &werkpad.WorkWithBenefitDetails{MinutesPerWeek: x.MinutenPerWeek, HostOrganisation: x.Gastorganisatie, ToPaidWork: x.DoorstroomBetaaldWerk}
	}
	if x := in.OWNW; x != nil {
		e.OWNW = &werkpad.OWNWDetails{DaypartsPerWeek: x.DagdelenPerWeek, Provider: x.Aanbieder, Outcome: werkpad.OWNWOutcome(x.Uitkomst)}
	}
	if f.err != nil {
		return f.err
	}
	if err := s.Enrolments.CreateEnrolment(r.Context(), e); err != nil {
		return err
	}
	return created(w, apiPath("trajecten", e.ID), enrolmentDTO(e))
}

func (s *Server) apiGetEnrolment(w http.ResponseWriter, r *http.Request) error {
	return respondByID(w, r, s.Enrolments.FindEnrolmentByID, enrolmentDTO)
}

// beeindigingInvoer ends an enrolment or a placement on datum (the last
// day); the outcome fields belong to an enrolment of the matching kind.
type beeindigingInvoer struct {
	Datum                 string `json:"datum"`
	Resultaat             string `json:"resultaat"`
	DoorstroomBetaaldWerk *bool  `json:"doorstroomBetaaldWerk"`
	OWNWUitkomst          string `json:"ownwUitkomst"`
}

// endFields: the end date is periode.tot in the record, datum in the body.
var endFields = map[string]string{"periode.tot": "datum", "ownw.uitkomst": "ownwUitkomst",
	"werkenMetBehoud.doorstroomBetaaldWerk": "doorstroomBetaaldWerk"}

func (s *Server) apiEndEnrolment(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	err = mayChange(r.Context(), werkpad.RolesWriteCasework, func() error {
		_, err := s.Enrolments.FindEnrolmentByID(r.Context(), id)
		return err
	})
	if err != nil {
		return err
	}
	var in beeindigingInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	end := werkpad.EnrolmentEnd{On: f.date("datum", in.Datum), Result: in.Resultaat, ToPaidWork: in.DoorstroomBetaaldWerk,
		OWNWOutcome: werkpad.OWNWOutcome(in.OWNWUitkomst)}
	if f.err != nil {
		return f.err
	}
	e, err := s.Enrolments.EndEnrolment(r.Context(), id, end)
	if err != nil {
		return renameFields(err, endFields)
	}
	return writeJSON(w, http.StatusOK, enrolmentDTO(e))
}

// plaatsingDTO is a placement with two derived values: urenklasse, the
// report's hours class ("0-28" or ">28"), and for a placement with
// loonkostensubsidie the amount for the current month (lksMaand).
type plaatsingDTO struct {
	ID                     int64      `json:"id"`
	KandidaatID            int64      `json:"kandidaatId"`
	Gemeente               string     `json:"gemeente"`
	Werkgever              string     `json:"werkgever"`
	WerkgeverID            *int64     `json:"werkgeverId,omitempty"`
	Periode                periodeDTO `json:"periode"`
	ContractMinutenPerWeek int        `json:"contractMinutenPerWeek"`
	Urenklasse             string     `json:"urenklasse"`
	Contractsoort          string     `json:"contractsoort"`
	Loonkostensubsidie     bool       `json:"loonkostensubsidie"`
	LoonwaardeBasispunten  int        `json:"loonwaardeBasispunten,omitempty"`
	HerbeoordelingOp       string     `json:"herbeoordelingOp,omitempty"`
	LKSMaand               string     `json:"lksMaand,omitempty"`
	LKSBedragPerMaandCent  *int64     `json:"lksBedragPerMaandCent,omitempty"`
	Detacheringsbaan       bool       `json:"detacheringsbaan"`
	Beschut                bool       `json:"beschut"`
	Aangemaakt             time.Time  `json:"aangemaakt"`
	Gewijzigd              time.Time  `json:"gewijzigd"`
}

func placementDTO(p *werkpad.Placement) plaatsingDTO {
	d := plaatsingDTO{ID: p.ID, KandidaatID: p.CandidateID, Gemeente: p.MunicipalityCode, Werkgever: p.EmployerName,
		WerkgeverID: p.EmployerID, Periode: periodeOf(p.Period), ContractMinutenPerWeek: p.ContractMinutesPerWeek,
		Urenklasse: "0-28", Contractsoort: string(p.ContractType), Loonkostensubsidie: p.WageSubsidy,
		LoonwaardeBasispunten: p.WageValueBasisPoints, HerbeoordelingOp: p.ReassessOn.String(),
		Detacheringsbaan: p.SecondmentJob, Beschut: p.Sheltered, Aangemaakt: p.CreatedAt, Gewijzigd: p.UpdatedAt}
	if p.HoursClass() == werkpad.HoursOver28 {
		d.Urenklasse = ">28"
	}
	if p.WageSubsidy {
		today := werkpad.Today(apiNow())
		// Before the first known minimum wage there is no amount to give.
		if cents, err := werkpad.WageSubsidyForMonth(today.Y, today.M, p.ContractMinutesPerWeek, p.WageValueBasisPoints); err == nil {
			d.LKSMaand, d.LKSBedragPerMaandCent = today.String()[:7], &cents
		}
	}
	return d
}

type plaatsingInvoer struct {
	KandidaatID            int64      `json:"kandidaatId"`
	Werkgever              string     `json:"werkgever"`
	Periode                periodeDTO `json:"periode"`
	ContractMinutenPerWeek int        `json:"contractMinutenPerWeek"`
	Contractsoort          string     `json:"contractsoort"`
	Loonkostensubsidie     bool       `json:"loonkostensubsidie"`
	LoonwaardeBasispunten  int        `json:"loonwaardeBasispunten"`
	HerbeoordelingOp       string     `json:"herbeoordelingOp"`
	Detacheringsbaan       bool       `json:"detacheringsbaan"`
	Beschut                bool       `json:"beschut"`
}

func (s *Server) apiListPlacements(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "kandidaat", "gemeente", "actiefOp")
	f := werkpad.PlacementFilter{CandidateID: q.id("kandidaat"), Municipality: q.str("gemeente"), Page: q.page()}
	if on := q.date("actiefOp"); !on.IsZero() {
		f.ActiveIn = &werkpad.Period{From: on, To: on}
	}
	if q.err != nil {
		return q.err
	}
	list, total, err := s.Placements.FindPlacements(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, placementDTO)
}

func (s *Server) apiCreatePlacement(w http.ResponseWriter, r *http.Request) error {
	var in plaatsingInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	p := &werkpad.Placement{CandidateID: in.KandidaatID, EmployerName: in.Werkgever, Period: f.period("periode", in.Periode),
		ContractMinutesPerWeek: in.ContractMinutenPerWeek, ContractType: werkpad.ContractType(in.Contractsoort),
		WageSubsidy: in.Loonkostensubsidie, WageValueBasisPoints: in.LoonwaardeBasispunten,
		ReassessOn: f.date("herbeoordelingOp", in.HerbeoordelingOp), SecondmentJob: in.Detacheringsbaan, Sheltered: in.Beschut}
	if f.err != nil {
		return f.err
	}
	if err := s.Placements.CreatePlacement(r.Context(), p); err != nil {
		return err
	}
	return created(w, apiPath("plaatsingen", p.ID), placementDTO(p))
}

func (s *Server) apiGetPlacement(w http.ResponseWriter, r *http.Request) error {
	return respondByID(w, r, s.Placements.FindPlacementByID, placementDTO)
}

func (s *Server) mayChangePlacement(r *http.Request, id int64) error {
	return mayChange(r.Context(), werkpad.RolesWriteCasework, func() error {
		_, err := s.Placements.FindPlacementByID(r.Context(), id)
		return err
	})
}

// plaatsingWijziging is the body of PATCH /plaatsingen/{id}; herbeoordelingOp
// null (or "") clears it.
type plaatsingWijziging struct {
	Werkgever              optional[string]     `json:"werkgever"`
	Periode                optional[periodeDTO] `json:"periode"`
	ContractMinutenPerWeek optional[int]        `json:"contractMinutenPerWeek"`
	Contractsoort          optional[string]     `json:"contractsoort"`
	Loonkostensubsidie     optional[bool]       `json:"loonkostensubsidie"`
	LoonwaardeBasispunten  optional[int]        `json:"loonwaardeBasispunten"`
	HerbeoordelingOp       optional[string]     `json:"herbeoordelingOp"`
	Detacheringsbaan       optional[bool]       `json:"detacheringsbaan"`
	Beschut                optional[bool]       `json:"beschut"`
	VoorwaardenPer         optional[string]     `json:"voorwaardenPer"`
}

func (s *Server) apiUpdatePlacement(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	if err := s.mayChangePlacement(r, id); err != nil {
		return err
	}
	var in plaatsingWijziging
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	upd := werkpad.PlacementUpdate{EmployerName: in.Werkgever.ptr(), ContractMinutesPerWeek: in.ContractMinutenPerWeek.ptr(),
		WageSubsidy: in.Loonkostensubsidie.ptr(), WageValueBasisPoints: in.LoonwaardeBasispunten.ptr(),
		SecondmentJob: in.Detacheringsbaan.ptr(), Sheltered: in.Beschut.ptr()}
	if in.Periode.Set {
		p := f.period("periode", in.Periode.V)
		upd.Period = &p
	}
	if in.Contractsoort.Set {
		ct := werkpad.ContractType(in.Contractsoort.V)
		upd.ContractType = &ct
	}
	if in.HerbeoordelingOp.Set {
		d := f.date("herbeoordelingOp", in.HerbeoordelingOp.V)
		upd.ReassessOn = &d
	}
	if in.VoorwaardenPer.Set && in.VoorwaardenPer.V != "" {
		d := f.date("voorwaardenPer", in.VoorwaardenPer.V)
		upd.TermsFrom = &d
	}
	if f.err != nil {
		return f.err
	}
	p, err := s.Placements.UpdatePlacement(r.Context(), id, upd)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, placementDTO(p))
}

func (s *Server) apiEndPlacement(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	if err := s.mayChangePlacement(r, id); err != nil {
		return err
	}
	var in struct {
		Datum string `json:"datum"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	on := f.date("datum", in.Datum)
	if f.err != nil {
		return f.err
	}
	p, err := s.Placements.EndPlacement(r.Context(), id, on)
	if err != nil {
		return renameFields(err, endFields)
	}
	return writeJSON(w, http.StatusOK, placementDTO(p))
}
