package http

import (
	"net/http"
	"strconv"
	"time"

	"werkpad"
)

// API shapes of a candidate. The domain struct is never written directly,
// so that no json tag can let a plain BSN into a list.

type periodeDTO struct {
	Van string `json:"van"`
	Tot string `json:"tot,omitempty"`
}

func periodeOf(p werkpad.Period) periodeDTO {
	return periodeDTO{Van: p.From.String(), Tot: p.To.String()}
}

// datedDTO is one entry of a candidate's dated lists: soort for uitkeringen
// and indicaties, fase for fasen.
type datedDTO struct {
	Soort string `json:"soort,omitempty"`
	Fase  string `json:"fase,omitempty"`
	Van   string `json:"van"`
	Tot   string `json:"tot,omitempty"`
}

// kandidaatLijstDTO is a candidate as lists and searches show it: the BSN
// masked only.
type kandidaatLijstDTO struct {
	ID              int64      `json:"id"`
	BSNGemaskeerd   string     `json:"bsnGemaskeerd"`
	Voornaam        string     `json:"voornaam"`
	Tussenvoegsel   string     `json:"tussenvoegsel,omitempty"`
	Achternaam      string     `json:"achternaam"`
	Geboortedatum   string     `json:"geboortedatum"`
	Gemeente        string     `json:"gemeente"`
	Dienst          string     `json:"dienst"`
	IngeschrevenOp  string     `json:"ingeschrevenOp"`
	UitgeschrevenOp string     `json:"uitgeschrevenOp,omitempty"`
	ConsulentID     int64      `json:"consulentId,omitempty"`
	Uitkeringen     []datedDTO `json:"uitkeringen"`
	Indicaties      []datedDTO `json:"indicaties"`
	Fasen           []datedDTO `json:"fasen"`
	Aangemaakt      time.Time  `json:"aangemaakt"`
	Gewijzigd       time.Time  `json:"gewijzigd"`
}

// kandidaatDTO is one candidate record: with the plain BSN when the store
// opened it for the caller's role.
type kandidaatDTO struct {
	BSN string `json:"bsn,omitempty"`
	kandidaatLijstDTO
	Historie []kenmerkperiodeDTO `json:"historie,omitempty"`
}

// kenmerkperiodeDTO is one period of a dated attribute (residence,
// service line, consultant).
type kenmerkperiodeDTO struct {
	Kenmerk string `json:"kenmerk"`
	Waarde  string `json:"waarde"`
	Van     string `json:"van"`
	Tot     string `json:"tot,omitempty"`
}

func candidateListDTO(c *werkpad.Candidate) kandidaatLijstDTO {
	return kandidaatLijstDTO{
		ID: c.ID, BSNGemaskeerd: werkpad.MaskBSN(c.BSN),
		Voornaam: c.GivenName, Tussenvoegsel: c.Infix, Achternaam: c.Surname,
		Geboortedatum: c.BirthDate.String(), Gemeente: c.MunicipalityCode, Dienst: string(c.ServiceLine),
		IngeschrevenOp: c.RegisteredOn.String(), UitgeschrevenOp: c.DeregisteredOn.String(), ConsulentID: c.ConsultantID,
		Uitkeringen: benefitsDTO(c.Benefits), Indicaties: indicationsDTO(c.Indications), Fasen: phasesDTO(c.Phases),
		Aangemaakt: c.CreatedAt, Gewijzigd: c.UpdatedAt,
	}
}

// candidateDTO shows the BSN plain only when the store returned it plain
// (it masks it for roles that may not see it).
func candidateDTO(c *werkpad.Candidate) kandidaatDTO {
	d := kandidaatDTO{kandidaatLijstDTO: candidateListDTO(c)}
	for _, h := range c.History {
		d.Historie = append(d.Historie, kenmerkperiodeDTO{string(h.Attribute), h.Value, h.Period.From.String(), h.Period.To.String()})
	}
	if werkpad.ValidBSN(c.BSN) {
		d.BSN = c.BSN
	}
	return d
}

func benefitsDTO(bs []werkpad.BenefitPeriod) []datedDTO {
	out := []datedDTO{}
	for _, b := range bs {
		out = append(out, datedDTO{Soort: string(b.Kind), Van: b.Period.From.String(), Tot: b.Period.To.String()})
	}
	return out
}

func indicationsDTO(is []werkpad.Indication) []datedDTO {
	out := []datedDTO{}
	for _, i := range is {
		out = append(out, datedDTO{Soort: string(i.Kind), Van: i.Period.From.String(), Tot: i.Period.To.String()})
	}
	return out
}

func phasesDTO(ps []werkpad.PhasePeriod) []datedDTO {
	out := []datedDTO{}
	for _, p := range ps {
		out = append(out, datedDTO{Fase: string(p.Phase), Van: p.Period.From.String(), Tot: p.Period.To.String()})
	}
	return out
}

// apiCandidateFields maps the domain's field names to the API's.
var apiCandidateFields = map[string]string{"dienstverlening": "dienst"}

// kandidaatInvoer is the body of POST /kandidaten.
type kandidaatInvoer struct {
	BSN             string     `json:"bsn"`
	Voornaam        string     `json:"voornaam"`
	Tussenvoegsel   string     `json:"tussenvoegsel"`
	Achternaam      string     `json:"achternaam"`
	Geboortedatum   string     `json:"geboortedatum"`
	Gemeente        string     `json:"gemeente"`
	Dienst          string     `json:"dienst"`
	IngeschrevenOp  string     `json:"ingeschrevenOp"`
	UitgeschrevenOp string     `json:"uitgeschrevenOp"`
	ConsulentID     int64      `json:"consulentId"`
	Uitkeringen     []datedDTO `json:"uitkeringen"`
	Indicaties      []datedDTO `json:"indicaties"`
	Fasen           []datedDTO `json:"fasen"`
}

func (f *fields) benefits(list []datedDTO) []werkpad.BenefitPeriod {
	out := []werkpad.BenefitPeriod{}
	for i, d := range list {
		out = append(out, werkpad.BenefitPeriod{Kind: werkpad.BenefitKind(d.Soort), Period: f.dated("uitkeringen", i, d)})
	}
	return out
}

func (f *fields) indications(list []datedDTO) []werkpad.Indication {
	out := []werkpad.Indication{}
	for i, d := range list {
		out = append(out, werkpad.Indication{Kind: werkpad.IndicationKind(d.Soort), Period: f.dated("indicaties", i, d)})
	}
	return out
}

func (f *fields) phases(list []datedDTO) []werkpad.PhasePeriod {
	out := []werkpad.PhasePeriod{}
	for i, d := range list {
		out = append(out, werkpad.PhasePeriod{Phase: werkpad.Phase(d.Fase), Period: f.dated("fasen", i, d)})
	}
	return out
}

func (f *fields) dated(list string, i int, d datedDTO) werkpad.Period {
	prefix := list + "[" + strconv.Itoa(i) + "]."
	return werkpad.Period{From: f.date(prefix+"van", d.Van), To: f.date(prefix+"tot", d.Tot)}
}

func (s *Server) apiListCandidates(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "fase", "dienst", "doelgroep", "gemeente", "peildatum", "naam", "geboortedatum", "consulent", "inDienst")
	f := werkpad.CandidateFilter{
		Phase: werkpad.Phase(q.str("fase")), ServiceLine: werkpad.ServiceLine(q.str("dienst")),
		FocusGroup: werkpad.FocusGroup(q.str("doelgroep")), Municipality: q.str("gemeente"),
		On: q.date("peildatum"), Name: q.str("naam"), BirthDate: q.date("geboortedatum"),
		ConsultantID: q.id("consulent"), InService: q.boolean("inDienst"), Page: q.page(),
	}
	if q.err != nil {
		return q.err
	}
	if f.ServiceLine != "" && !f.ServiceLine.Valid() {
		return werkpad.FieldError("dienst", "Kies een geldige dienstverlening.")
	}
	list, total, err := s.Candidates.FindCandidates(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, candidateListDTO)
}

func (s *Server) apiCreateCandidate(w http.ResponseWriter, r *http.Request) error {
	var in kandidaatInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	c := &werkpad.Candidate{
		BSN: in.BSN, GivenName: in.Voornaam, Infix: in.Tussenvoegsel, Surname: in.Achternaam,
		BirthDate: f.date("geboortedatum", in.Geboortedatum), MunicipalityCode: in.Gemeente,
		ServiceLine: werkpad.ServiceLine(in.Dienst), RegisteredOn: f.date("ingeschrevenOp", in.IngeschrevenOp),
		DeregisteredOn: f.date("uitgeschrevenOp", in.UitgeschrevenOp), ConsultantID: in.ConsulentID,
		Benefits: f.benefits(in.Uitkeringen), Indications: f.indications(in.Indicaties), Phases: f.phases(in.Fasen),
	}
	if f.err != nil {
		return f.err
	}
	if err := s.Candidates.CreateCandidate(r.Context(), c); err != nil {
		return renameFields(err, apiCandidateFields)
	}
	return created(w, apiPath("kandidaten", c.ID), candidateDTO(c))
}

// apiSearchCandidate is the only search by BSN: the BSN travels in the
// body, the answer carries it masked and the address of the record.
func (s *Server) apiSearchCandidate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		BSN string `json:"bsn"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.Candidates.SearchCandidateByBSN(r.Context(), in.BSN)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Location", apiPath("kandidaten", c.ID))
	return writeJSON(w, http.StatusOK, candidateListDTO(c))
}

func (s *Server) apiGetCandidate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.apiCandidate(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, candidateDTO(c))
}

func (s *Server) apiCandidate(r *http.Request) (*werkpad.Candidate, error) {
	id, err := apiPathID(r)
	if err != nil {
		return nil, err
	}
	return s.Candidates.FindCandidateByID(r.Context(), id)
}

// mayChangeCandidate: see mayChange.
func (s *Server) mayChangeCandidate(r *http.Request, id int64) error {
	return mayChange(r.Context(), werkpad.RolesWriteCasework, func() error {
		_, err := s.Candidates.FindCandidateByID(r.Context(), id)
		return err
	})
}

// kandidaatWijziging is the body of PATCH /kandidaten/{id}: fields left
// out stay; uitgeschrevenOp null (or "") clears it, consulentId null (or 0)
// unassigns. The dated lists change through their sub-resources.
type kandidaatWijziging struct {
	BSN             optional[string] `json:"bsn"`
	Voornaam        optional[string] `json:"voornaam"`
	Tussenvoegsel   optional[string] `json:"tussenvoegsel"`
	Achternaam      optional[string] `json:"achternaam"`
	Geboortedatum   optional[string] `json:"geboortedatum"`
	Gemeente        optional[string] `json:"gemeente"`
	Dienst          optional[string] `json:"dienst"`
	IngeschrevenOp  optional[string] `json:"ingeschrevenOp"`
	UitgeschrevenOp optional[string] `json:"uitgeschrevenOp"`
	ConsulentID     optional[int64]  `json:"consulentId"`
	Per             optional[string] `json:"per"`
	Correctie       optional[bool]   `json:"correctie"`
}

func (s *Server) apiUpdateCandidate(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	if err := s.mayChangeCandidate(r, id); err != nil {
		return err
	}
	var in kandidaatWijziging
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	upd := werkpad.CandidateUpdate{
		BSN: in.BSN.ptr(), GivenName: in.Voornaam.ptr(), Infix: in.Tussenvoegsel.ptr(), Surname: in.Achternaam.ptr(),
		MunicipalityCode: in.Gemeente.ptr(), ConsultantID: in.ConsulentID.ptr(),
	}
	date := func(name string, o optional[string]) *werkpad.Date {
		if !o.Set {
			return nil
		}
		d := f.date(name, o.V)
		return &d
	}
	upd.BirthDate = date("geboortedatum", in.Geboortedatum)
	upd.RegisteredOn = date("ingeschrevenOp", in.IngeschrevenOp)
	upd.DeregisteredOn = date("uitgeschrevenOp", in.UitgeschrevenOp)
	if d := date("per", in.Per); d != nil {
		upd.Per = *d
	}
	upd.Correction = in.Correctie.Set && in.Correctie.V
	if in.Dienst.Set {
		sl := werkpad.ServiceLine(in.Dienst.V)
		upd.ServiceLine = &sl
	}
	if f.err != nil {
		return f.err
	}
	c, err := s.Candidates.UpdateCandidate(r.Context(), id, upd)
	if err != nil {
		return renameFields(err, apiCandidateFields)
	}
	return writeJSON(w, http.StatusOK, candidateDTO(c))
}

// The dated lists: GET gives the list, POST adds one entry (201), PUT
// replaces the list. Each answers with the candidate's whole list.

type datedList struct {
	name   string // uitkeringen, indicaties, fasen
	of     func(c *werkpad.Candidate) []datedDTO
	add    func(s *Server, r *http.Request, id int64, f *fields, d datedDTO) (*werkpad.Candidate, error)
	modify func(s *Server, r *http.Request, id int64, f *fields, ds []datedDTO) (*werkpad.Candidate, error)
}

var (
	benefitList = datedList{
		name: "uitkeringen",
		of:   func(c *werkpad.Candidate) []datedDTO { return benefitsDTO(c.Benefits) },
		add: func(s *Server, r *http.Request, id int64, f *fields, d datedDTO) (*werkpad.Candidate, error) {
			b := werkpad.BenefitPeriod{Kind: werkpad.BenefitKind(d.Soort), Period: werkpad.Period{From: f.date("van", d.Van), To: f.date("tot", d.Tot)}}
			if f.err != nil {
				return nil, f.err
			}
			return s.Candidates.AddBenefit(r.Context(), id, b)
		},
		modify: func(s *Server, r *http.Request, id int64, f *fields, ds []datedDTO) (*werkpad.Candidate, error) {
			bs := f.benefits(ds)
			if f.err != nil {
				return nil, f.err
			}
			return s.Candidates.ReplaceBenefits(r.Context(), id, bs)
		},
	}
	indicationList = datedList{
		name: "indicaties",
		of:   func(c *werkpad.Candidate) []datedDTO { return indicationsDTO(c.Indications) },
		add: func(s *Server, r *http.Request, id int64, f *fields, d datedDTO) (*werkpad.Candidate, error) {
			in := werkpad.Indication{Kind: werkpad.IndicationKind(d.Soort), Period: werkpad.Period{From: f.date("van", d.Van), To: f.date("tot", d.Tot)}}
			if f.err != nil {
				return nil, f.err
			}
			return s.Candidates.AddIndication(r.Context(), id, in)
		},
		modify: func(s *Server, r *http.Request, id int64, f *fields, ds []datedDTO) (*werkpad.Candidate, error) {
			is := f.indications(ds)
			if f.err != nil {
				return nil, f.err
			}
			return s.Candidates.ReplaceIndications(r.Context(), id, is)
		},
	}
	phaseList = datedList{
		name: "fasen",
		of:   func(c *werkpad.Candidate) []datedDTO { return phasesDTO(c.Phases) },
		add: func(s *Server, r *http.Request, id int64, f *fields, d datedDTO) (*werkpad.Candidate, error) {
			p := werkpad.PhasePeriod{Phase: werkpad.Phase(d.Fase), Period: werkpad.Period{From: f.date("van", d.Van), To: f.date("tot", d.Tot)}}
			if f.err != nil {
				return nil, f.err
			}
			return s.Candidates.AddPhase(r.Context(), id, p)
		},
		modify: func(s *Server, r *http.Request, id int64, f *fields, ds []datedDTO) (*werkpad.Candidate, error) {
			ps := f.phases(ds)
			if f.err != nil {
				return nil, f.err
			}
			return s.Candidates.ReplacePhases(r.Context(), id, ps)
		},
	}
)

func (s *Server) getDated(w http.ResponseWriter, r *http.Request, l datedList) error {
	c, err := s.apiCandidate(r)
	if err != nil {
		return err
	}
	items := l.of(c)
	return writeJSON(w, http.StatusOK, listResponse[datedDTO]{Items: items, Totaal: len(items)})
}

func (s *Server) changeDated(w http.ResponseWriter, r *http.Request, l datedList, replace bool) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	if err := s.mayChangeCandidate(r, id); err != nil {
		return err
	}
	var f fields
	var c *werkpad.Candidate
	if replace {
		var in struct {
			Items []datedDTO `json:"items"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		c, err = l.modify(s, r, id, &f, in.Items)
	} else {
		var in datedDTO
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		c, err = l.add(s, r, id, &f, in)
	}
	if err != nil {
		return err
	}
	items := l.of(c)
	body := listResponse[datedDTO]{Items: items, Totaal: len(items)}
	if replace {
		return writeJSON(w, http.StatusOK, body)
	}
	return created(w, apiPath("kandidaten", id, l.name), body)
}

func (s *Server) apiGetBenefits(w http.ResponseWriter, r *http.Request) error {
	return s.getDated(w, r, benefitList)
}
func (s *Server) apiAddBenefit(w http.ResponseWriter, r *http.Request) error {
	return s.changeDated(w, r, benefitList, false)
}
func (s *Server) apiReplaceBenefits(w http.ResponseWriter, r *http.Request) error {
	return s.changeDated(w, r, benefitList, true)
}
func (s *Server) apiGetIndications(w http.ResponseWriter, r *http.Request) error {
	return s.getDated(w, r, indicationList)
}
func (s *Server) apiAddIndication(w http.ResponseWriter, r *http.Request) error {
	return s.changeDated(w, r, indicationList, false)
}
func (s *Server) apiReplaceIndications(w http.ResponseWriter, r *http.Request) error {
	return s.changeDated(w, r, indicationList, true)
}
func (s *Server) apiGetPhases(w http.ResponseWriter, r *http.Request) error {
	return s.getDated(w, r, phaseList)
}
func (s *Server) apiAddPhase(w http.ResponseWriter, r *http.Request) error {
	return s.changeDated(w, r, phaseList, false)
}
func (s *Server) apiReplacePhases(w http.ResponseWriter, r *http.Request) error {
	return s.changeDated(w, r, phaseList, true)
}
