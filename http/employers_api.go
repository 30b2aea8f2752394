package http

import (
	"net/http"
	"time"

	"werkpad"
)

// The employer API (/api/v1): werkgevers, vacatures, beroepen, matches,
// voorstellen and a candidate's werkprofiel. Same conventions as the
// casework API. Every score comes with its factors (naam, punten, maximum,
// toelichting) that add up to it.

var employerAPI = []apiRoute{
	{"GET /api/v1/beroepen", (*Server).apiListOccupations, nil},
	{"GET /api/v1/werkgevers", (*Server).apiListEmployers, werkpad.RolesReadEmployers},
	{"POST /api/v1/werkgevers", (*Server).apiCreateEmployer, werkpad.RolesWriteEmployers},
	{"GET /api/v1/werkgevers/{id}", (*Server).apiGetEmployer, werkpad.RolesReadEmployers},
	{"GET /api/v1/vacatures", (*Server).apiListVacancies, werkpad.RolesReadEmployers},
	{"POST /api/v1/vacatures", (*Server).apiCreateVacancy, werkpad.RolesWriteEmployers},
	{"GET /api/v1/vacatures/{id}", (*Server).apiGetVacancy, werkpad.RolesReadEmployers},
	{"PATCH /api/v1/vacatures/{id}", (*Server).apiUpdateVacancy, werkpad.RolesWriteEmployers},
	{"GET /api/v1/vacatures/{id}/matches", (*Server).apiVacancyMatches, werkpad.RolesReadEmployers},
	{"POST /api/v1/vacatures/{id}/voorstellen", (*Server).apiRecordProposal, werkpad.RolesWriteEmployers},
	{"GET /api/v1/voorstellen", (*Server).apiListProposals, werkpad.RolesReadEmployers},
	{"PATCH /api/v1/voorstellen/{id}", (*Server).apiUpdateProposal, werkpad.RolesWriteEmployers},
	{"GET /api/v1/kandidaten/{id}/matches", (*Server).apiCandidateMatches, nil},
	{"GET /api/v1/kandidaten/{id}/werkprofiel", (*Server).apiGetProfile, nil},
	{"PUT /api/v1/kandidaten/{id}/werkprofiel", (*Server).apiSaveProfile, nil},
}

// employerAPIRoutes registers the employer API under /api/v1.
func (s *Server) employerAPIRoutes() {
	for _, rt := range employerAPI {
		fn := rt.fn
		s.handle(rt.pattern, false, func(w http.ResponseWriter, r *http.Request) error { return fn(s, w, r) }, rt.roles...)
	}
}

type beroepDTO struct {
	Code         string `json:"code"`
	Titel        string `json:"titel"`
	FysiekZwaar  bool   `json:"fysiekZwaar"`
	Klantcontact bool   `json:"klantcontact"`
}

func (s *Server) apiListOccupations(w http.ResponseWriter, r *http.Request) error {
	items := make([]beroepDTO, 0, len(werkpad.Occupations))
	for _, o := range werkpad.Occupations {
		items = append(items, beroepDTO{o.Code, o.Title, o.Heavy, o.CustomerContact})
	}
	return writeJSON(w, http.StatusOK, listResponse[beroepDTO]{Items: items, Totaal: len(items)})
}

type contactpersoonDTO struct {
	Naam     string `json:"naam"`
	Functie  string `json:"functie,omitempty"`
	Email    string `json:"email,omitempty"`
	Telefoon string `json:"telefoon,omitempty"`
}

type afspraakDTO struct {
	Soort       string     `json:"soort"`
	Periode     periodeDTO `json:"periode"`
	Toelichting string     `json:"toelichting,omitempty"`
}

type werkgeverDTO struct {
	ID              int64               `json:"id"`
	KvK             string              `json:"kvk"`
	Naam            string              `json:"naam"`
	Sector          string              `json:"sector"`
	Gemeente        string              `json:"gemeente"`
	Contactpersonen []contactpersoonDTO `json:"contactpersonen"`
	Afspraken       []afspraakDTO       `json:"afspraken"`
	Overzicht       *overzichtDTO       `json:"overzicht,omitempty"`
	Aangemaakt      time.Time           `json:"aangemaakt"`
	Gewijzigd       time.Time           `json:"gewijzigd"`
}

// overzichtDTO is the employer's overview on a date, in the caller's scope.
type overzichtDTO struct {
	Peildatum              string `json:"peildatum"`
	AlleenEigenGemeenten   bool   `json:"alleenEigenGemeenten"`
	LopendePlaatsingen     int    `json:"lopendePlaatsingen"`
	LopendeLks             int    `json:"lopendeLks"`
	SwDetacheringen        int    `json:"swDetacheringen"`
	Detacheringsbanen      int    `json:"detacheringsbanen"`
	Groepsgrootte          int    `json:"groepsgrootte"`
	RechtOpWerkgeversbonus bool   `json:"rechtOpWerkgeversbonus"`
	OpenVacatures          int    `json:"openVacatures"`
}

func employerDTO(e *werkpad.Employer) werkgeverDTO {
	d := werkgeverDTO{ID: e.ID, KvK: e.KvK, Naam: e.Name, Sector: e.Sector, Gemeente: e.MunicipalityCode,
		Contactpersonen: []contactpersoonDTO{}, Afspraken: []afspraakDTO{}, Aangemaakt: e.CreatedAt, Gewijzigd: e.UpdatedAt}
	for _, c := range e.Contacts {
		d.Contactpersonen = append(d.Contactpersonen, contactpersoonDTO{c.Name, c.Role, c.Email, c.Phone})
	}
	for _, a := range e.Agreements {
		d.Afspraken = append(d.Afspraken, afspraakDTO{string(a.Kind), periodeOf(a.Period), a.Note})
	}
	return d
}

type werkgeverInvoer struct {
	KvK             string              `json:"kvk"`
	Naam            string              `json:"naam"`
	Sector          string              `json:"sector"`
	Gemeente        string              `json:"gemeente"`
	Contactpersonen []contactpersoonDTO `json:"contactpersonen"`
}

func (s *Server) apiListEmployers(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "zoek", "gemeente", "sector")
	f := werkpad.EmployerFilter{Search: q.str("zoek"), Municipality: q.str("gemeente"), Sector: q.str("sector"), Page: q.page()}
	if q.err != nil {
		return q.err
	}
	list, total, err := s.Employers.FindEmployers(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, employerDTO)
}

func (s *Server) apiCreateEmployer(w http.ResponseWriter, r *http.Request) error {
	var in werkgeverInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e := &werkpad.Employer{KvK: in.KvK, Name: in.Naam, Sector: in.Sector, MunicipalityCode: in.Gemeente}
	for _, c := range in.Contactpersonen {
		e.Contacts = append(e.Contacts, werkpad.EmployerContact{Name: c.Naam, Role: c.Functie, Email: c.Email, Phone: c.Telefoon})
	}
	if err := s.Employers.CreateEmployer(r.Context(), e); err != nil {
		return err
	}
	return created(w, apiPath("werkgevers", e.ID), employerDTO(e))
}

func (s *Server) apiGetEmployer(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	o, err := s.Employers.EmployerOverview(r.Context(), id, werkpad.Date{})
	if err != nil {
		return err
	}
	d := employerDTO(o.Employer)
	d.Overzicht = &overzichtDTO{Peildatum: o.On.String(), AlleenEigenGemeenten: o.Scoped, LopendePlaatsingen: o.ActivePlacements,
		LopendeLks: o.ActiveLKS, SwDetacheringen: o.SWSecondments, Detacheringsbanen: o.SecondmentJobs, Groepsgrootte: o.GroupSize,
		RechtOpWerkgeversbonus: o.BonusEligible, OpenVacatures: o.OpenVacancies}
	return writeJSON(w, http.StatusOK, d)
}

type certificaatEisDTO struct {
	Naam     string `json:"naam"`
	HardeEis bool   `json:"hardeEis"`
}

type eisenDTO struct {
	Rijbewijs          bool                `json:"rijbewijs"`
	RijbewijsHardeEis  bool                `json:"rijbewijsHardeEis"`
	Taalniveau         string              `json:"taalniveau"`
	TaalniveauHardeEis bool                `json:"taalniveauHardeEis"`
	Certificaten       []certificaatEisDTO `json:"certificaten"`
}

type vacatureDTO struct {
	ID             int64     `json:"id"`
	WerkgeverID    int64     `json:"werkgeverId"`
	Werkgever      string    `json:"werkgever"`
	Titel          string    `json:"titel"`
	Beroep         string    `json:"beroep"`
	BeroepTitel    string    `json:"beroepTitel"`
	MinutenPerWeek int       `json:"minutenPerWeek"`
	AantalPlaatsen int       `json:"aantalPlaatsen"`
	Gemeente       string    `json:"gemeente"`
	Eisen          eisenDTO  `json:"eisen"`
	Startdatum     string    `json:"startdatum,omitempty"`
	Status         string    `json:"status"`
	Aangenomen     int       `json:"aangenomen"`
	Aangemaakt     time.Time `json:"aangemaakt"`
	Gewijzigd      time.Time `json:"gewijzigd"`
}

func requirementsDTO(r werkpad.Requirements) eisenDTO {
	d := eisenDTO{Rijbewijs: r.DrivingLicence, RijbewijsHardeEis: r.DrivingLicenceHard, Taalniveau: string(r.Language),
		TaalniveauHardeEis: r.LanguageHard, Certificaten: []certificaatEisDTO{}}
	for _, c := range r.Certificates {
		d.Certificaten = append(d.Certificaten, certificaatEisDTO{c.Name, c.Hard})
	}
	return d
}

func (e eisenDTO) requirements() werkpad.Requirements {
	r := werkpad.Requirements{DrivingLicence: e.Rijbewijs, DrivingLicenceHard: e.RijbewijsHardeEis,
		Language: werkpad.LanguageLevel(e.Taalniveau), LanguageHard: e.TaalniveauHardeEis}
	for _, c := range e.Certificaten {
		r.Certificates = append(r.Certificates, werkpad.CertificateRequirement{Name: c.Naam, Hard: c.HardeEis})
	}
	return r
}

func vacancyDTO(v *werkpad.Vacancy) vacatureDTO {
	return vacatureDTO{ID: v.ID, WerkgeverID: v.EmployerID, Werkgever: v.EmployerName, Titel: v.Title, Beroep: v.Occupation,
		BeroepTitel: werkpad.OccupationTitle(v.Occupation), MinutenPerWeek: v.MinutesPerWeek, AantalPlaatsen: v.Positions,
		Gemeente: v.Municipality, Eisen: requirementsDTO(v.Requirements), Startdatum: v.StartOn.String(), Status: string(v.Status),
		Aangenomen: v.Hired, Aangemaakt: v.CreatedAt, Gewijzigd: v.UpdatedAt}
}

type vacatureInvoer struct {
	WerkgeverID    int64    `json:"werkgeverId"`
	Titel          string   `json:"titel"`
	Beroep         string   `json:"beroep"`
	MinutenPerWeek int      `json:"minutenPerWeek"`
	AantalPlaatsen int      `json:"aantalPlaatsen"`
	Gemeente       string   `json:"gemeente"`
	Eisen          eisenDTO `json:"eisen"`
	Startdatum     string   `json:"startdatum"`
	Status         string   `json:"status"`
}

type vacatureWijziging struct {
	Titel          optional[string]   `json:"titel"`
	Beroep         optional[string]   `json:"beroep"`
	MinutenPerWeek optional[int]      `json:"minutenPerWeek"`
	AantalPlaatsen optional[int]      `json:"aantalPlaatsen"`
	Gemeente       optional[string]   `json:"gemeente"`
	Eisen          optional[eisenDTO] `json:"eisen"`
	Startdatum     optional[string]   `json:"startdatum"`
	Status         optional[string]   `json:"status"`
}

func (s *Server) apiListVacancies(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "status", "gemeente", "beroep", "werkgever", "zoek")
	f := werkpad.VacancyFilter{Status: werkpad.VacancyStatus(q.str("status")), Municipality: q.str("gemeente"), Occupation: q.str("beroep"),
		EmployerID: q.id("werkgever"), Search: q.str("zoek"), Page: q.page()}
	if q.err != nil {
		return q.err
	}
	if f.Status != "" && !f.Status.Valid() {
		return werkpad.FieldError("status", "Kies open, vervuld of ingetrokken.")
	}
	if f.Occupation != "" {
		if err := werkpad.ValidateOccupation("beroep", f.Occupation); err != nil {
			return err
		}
	}
	list, total, err := s.Vacancies.FindVacancies(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, vacancyDTO)
}

func (s *Server) apiCreateVacancy(w http.ResponseWriter, r *http.Request) error {
	var in vacatureInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	v := &werkpad.Vacancy{EmployerID: in.WerkgeverID, Title: in.Titel, Occupation: in.Beroep, MinutesPerWeek: in.MinutenPerWeek,
		Positions: in.AantalPlaatsen, Municipality: in.Gemeente, Requirements: in.Eisen.requirements(),
		StartOn: f.date("startdatum", in.Startdatum), Status: werkpad.VacancyStatus(in.Status)}
	if f.err != nil {
		return f.err
	}
	if err := s.Vacancies.CreateVacancy(r.Context(), v); err != nil {
		return err
	}
	return created(w, apiPath("vacatures", v.ID), vacancyDTO(v))
}

func (s *Server) apiGetVacancy(w http.ResponseWriter, r *http.Request) error {
	return respondByID(w, r, s.Vacancies.FindVacancyByID, vacancyDTO)
}

func (s *Server) apiUpdateVacancy(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	var in vacatureWijziging
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	upd := werkpad.VacancyUpdate{Title: in.Titel.ptr(), Occupation: in.Beroep.ptr(), MinutesPerWeek: in.MinutenPerWeek.ptr(),
		Positions: in.AantalPlaatsen.ptr(), Municipality: in.Gemeente.ptr()}
	if in.Eisen.Set {
		req := in.Eisen.V.requirements()
		upd.Requirements = &req
	}
	if in.Startdatum.Set {
		d := f.date("startdatum", in.Startdatum.V)
		upd.StartOn = &d
	}
	if in.Status.Set {
		st := werkpad.VacancyStatus(in.Status.V)
		upd.Status = &st
	}
	if f.err != nil {
		return f.err
	}
	v, err := s.Vacancies.UpdateVacancy(r.Context(), id, upd)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, vacancyDTO(v))
}

// factorDTO is one line of a score's explanation.
type factorDTO struct {
	Naam        string `json:"naam"`
	Punten      int    `json:"punten"`
	Maximum     int    `json:"maximum"`
	Toelichting string `json:"toelichting"`
}

type matchDTO struct {
	VacatureID  int64       `json:"vacatureId"`
	Vacature    string      `json:"vacature"`
	Werkgever   string      `json:"werkgever"`
	KandidaatID int64       `json:"kandidaatId"`
	Kandidaat   string      `json:"kandidaat,omitempty"`
	Gemeente    string      `json:"gemeente"`
	Score       int         `json:"score"`
	Maximum     int         `json:"maximum"`
	Factoren    []factorDTO `json:"factoren"`
}

func matchOf(m werkpad.Match) matchDTO {
	d := matchDTO{VacatureID: m.VacancyID, Vacature: m.VacancyTitle, Werkgever: m.EmployerName, KandidaatID: m.CandidateID,
		Kandidaat: m.CandidateName, Gemeente: m.Municipality, Score: m.Score, Factoren: []factorDTO{}}
	for _, f := range m.Factors {
		d.Maximum += f.Max
		d.Factoren = append(d.Factoren, factorDTO{f.Name, f.Points, f.Max, f.Explanation})
	}
	return d
}

type uitgeslotenDTO struct {
	Aantal  int            `json:"aantal"`
	Redenen []redenTelling `json:"redenen"`
}

type redenTelling struct {
	Reden  string `json:"reden"`
	Aantal int    `json:"aantal"`
}

type matchesResponse struct {
	Items       []matchDTO      `json:"items"`
	Totaal      int             `json:"totaal"`
	Uitgesloten *uitgeslotenDTO `json:"uitgesloten,omitempty"`
}

func (s *Server) apiVacancyMatches(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r, "ontwikkelen")
	develop, limit := q.boolean("ontwikkelen"), q.int("limit", 1, 500)
	if q.err != nil {
		return q.err
	}
	list, err := s.Matches.MatchesForVacancy(r.Context(), id, develop, limit)
	if err != nil {
		return err
	}
	ex, err := s.MatchExclusions.ExclusionsForVacancy(r.Context(), id, develop)
	if err != nil {
		return err
	}
	resp := matchesResponse{Items: []matchDTO{}, Uitgesloten: &uitgeslotenDTO{Aantal: ex.Count, Redenen: []redenTelling{}}}
	for _, m := range list {
		resp.Items = append(resp.Items, matchOf(m))
	}
	for _, rc := range ex.Reasons {
		resp.Uitgesloten.Redenen = append(resp.Uitgesloten.Redenen, redenTelling{rc.Reason, rc.Count})
	}
	resp.Totaal = len(resp.Items)
	return writeJSON(w, http.StatusOK, resp)
}

func (s *Server) apiCandidateMatches(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	limit := q.int("limit", 1, 500)
	if q.err != nil {
		return q.err
	}
	list, err := s.Matches.MatchesForCandidate(r.Context(), id, limit)
	if err != nil {
		return err
	}
	resp := matchesResponse{Items: []matchDTO{}}
	for _, m := range list {
		resp.Items = append(resp.Items, matchOf(m))
	}
	resp.Totaal = len(resp.Items)
	return writeJSON(w, http.StatusOK, resp)
}

type voorstelDTO struct {
	ID            int64     `json:"id"`
	VacatureID    int64     `json:"vacatureId"`
	KandidaatID   int64     `json:"kandidaatId"`
	Gemeente      string    `json:"gemeente"`
	Status        string    `json:"status"`
	VoorgesteldOp string    `json:"voorgesteldOp"`
	StatusOp      string    `json:"statusOp"`
	Reden         string    `json:"reden,omitempty"`
	Score         int       `json:"score"`
	PlaatsingID   int64     `json:"plaatsingId,omitempty"`
	Aangemaakt    time.Time `json:"aangemaakt"`
	Gewijzigd     time.Time `json:"gewijzigd"`
}

func proposalDTO(p *werkpad.Proposal) voorstelDTO {
	return voorstelDTO{ID: p.ID, VacatureID: p.VacancyID, KandidaatID: p.CandidateID, Gemeente: p.Municipality, Status: string(p.Status),
		VoorgesteldOp: p.ProposedOn.String(), StatusOp: p.StatusOn.String(), Reden: p.Reason, Score: p.Score, PlaatsingID: p.PlacementID,
		Aangemaakt: p.CreatedAt, Gewijzigd: p.UpdatedAt}
}

type voorstelInvoer struct {
	KandidaatID   int64  `json:"kandidaatId"`
	VoorgesteldOp string `json:"voorgesteldOp"`
}

func (s *Server) apiRecordProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	var in voorstelInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	p := &werkpad.Proposal{VacancyID: id, CandidateID: in.KandidaatID, ProposedOn: f.date("voorgesteldOp", in.VoorgesteldOp)}
	if f.err != nil {
		return f.err
	}
	if in.KandidaatID <= 0 {
		return werkpad.FieldError("kandidaatId", "Geef het id van de kandidaat.")
	}
	if err := s.Matches.RecordProposal(r.Context(), p); err != nil {
		return err
	}
	return created(w, apiPath("voorstellen", p.ID), proposalDTO(p))
}

func (s *Server) apiListProposals(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "vacature", "kandidaat", "status")
	f := werkpad.ProposalFilter{VacancyID: q.id("vacature"), CandidateID: q.id("kandidaat"), Status: werkpad.ProposalStatus(q.str("status")), Page: q.page()}
	if q.err != nil {
		return q.err
	}
	if f.Status != "" && !f.Status.Valid() {
		return werkpad.FieldError("status", "Kies voorgesteld, uitgenodigd, aangenomen of afgewezen.")
	}
	list, total, err := s.Matches.FindProposals(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, proposalDTO)
}

type aanname struct {
	Periode                periodeDTO `json:"periode"`
	ContractMinutenPerWeek int        `json:"contractMinutenPerWeek"`
	Contractsoort          string     `json:"contractsoort"`
	Loonkostensubsidie     bool       `json:"loonkostensubsidie"`
	LoonwaardeBasispunten  int        `json:"loonwaardeBasispunten"`
	HerbeoordelingOp       string     `json:"herbeoordelingOp"`
	Detacheringsbaan       bool       `json:"detacheringsbaan"`
	Beschut                bool       `json:"beschut"`
	UitzonderingPlafond    string     `json:"uitzonderingPlafond"`
}

type voorstelWijziging struct {
	Status    string   `json:"status"`
	Datum     string   `json:"datum"`
	Reden     string   `json:"reden"`
	Plaatsing *aanname `json:"plaatsing"`
}

func (s *Server) apiUpdateProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	var in voorstelWijziging
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	upd := werkpad.ProposalUpdate{Status: werkpad.ProposalStatus(in.Status), On: f.date("datum", in.Datum), Reason: in.Reden}
	if h := in.Plaatsing; h != nil {
		upd.Hire = &werkpad.Hire{Start: f.date("plaatsing.periode.van", h.Periode.Van), End: f.date("plaatsing.periode.tot", h.Periode.Tot),
			ContractMinutesPerWeek: h.ContractMinutenPerWeek, ContractType: werkpad.ContractType(h.Contractsoort),
			WageSubsidy: h.Loonkostensubsidie, WageValueBasisPoints: h.LoonwaardeBasispunten,
			ReassessOn: f.date("plaatsing.herbeoordelingOp", h.HerbeoordelingOp), SecondmentJob: h.Detacheringsbaan,
			Sheltered: h.Beschut, SecondmentOverride: h.UitzonderingPlafond}
		if upd.Hire.Start.IsZero() {
			upd.Hire.Start = upd.On
		}
	}
	if f.err != nil {
		return f.err
	}
	p, err := s.Matches.UpdateProposal(r.Context(), id, upd)
	if err != nil {
		return renameFields(err, map[string]string{"van": "plaatsing.periode.van", "tot": "plaatsing.periode.tot",
			"periode": "plaatsing.periode", "contractMinutenPerWeek": "plaatsing.contractMinutenPerWeek", "contractsoort": "plaatsing.contractsoort",
			"loonwaardeBasispunten": "plaatsing.loonwaardeBasispunten", "herbeoordelingOp": "plaatsing.herbeoordelingOp"})
	}
	return writeJSON(w, http.StatusOK, proposalDTO(p))
}

type werkprofielDTO struct {
	KandidaatID            int64    `json:"kandidaatId"`
	Beroepen               []string `json:"beroepen"`
	MinMinutenPerWeek      int      `json:"minMinutenPerWeek"`
	MaxMinutenPerWeek      int      `json:"maxMinutenPerWeek"`
	Gemeenten              []string `json:"gemeenten"`
	ReisafstandKm          int      `json:"reisafstandKm"`
	Rijbewijs              bool     `json:"rijbewijs"`
	Taalniveau             string   `json:"taalniveau"`
	Certificaten           []string `json:"certificaten"`
	Beperkingen            []string `json:"beperkingen"`
	BeperkingenToelichting string   `json:"beperkingenToelichting,omitempty"`
	Gewijzigd              string   `json:"gewijzigd,omitempty"`
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func profileDTO(p *werkpad.Profile) werkprofielDTO {
	d := werkprofielDTO{KandidaatID: p.CandidateID, Beroepen: orEmpty(p.Occupations), MinMinutenPerWeek: p.MinMinutes, MaxMinutenPerWeek: p.MaxMinutes,
		Gemeenten: orEmpty(p.Municipalities), ReisafstandKm: p.TravelKm, Rijbewijs: p.DrivingLicence, Taalniveau: string(p.Language),
		Certificaten: orEmpty(p.Certificates), Beperkingen: []string{}, BeperkingenToelichting: p.RestrictionNote}
	for _, x := range p.Restrictions {
		d.Beperkingen = append(d.Beperkingen, string(x))
	}
	if !p.UpdatedAt.IsZero() {
		d.Gewijzigd = p.UpdatedAt.Format(time.RFC3339)
	}
	return d
}

type werkprofielInvoer struct {
	Beroepen               []string `json:"beroepen"`
	MinMinutenPerWeek      int      `json:"minMinutenPerWeek"`
	MaxMinutenPerWeek      int      `json:"maxMinutenPerWeek"`
	Gemeenten              []string `json:"gemeenten"`
	ReisafstandKm          int      `json:"reisafstandKm"`
	Rijbewijs              bool     `json:"rijbewijs"`
	Taalniveau             string   `json:"taalniveau"`
	Certificaten           []string `json:"certificaten"`
	Beperkingen            []string `json:"beperkingen"`
	BeperkingenToelichting string   `json:"beperkingenToelichting"`
}

func (s *Server) apiGetProfile(w http.ResponseWriter, r *http.Request) error {
	return respondByID(w, r, s.Matches.FindProfile, profileDTO)
}

func (s *Server) apiSaveProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	// Someone who may read but not write profiles learns whether the
	// candidate exists for him first: outside his scope it is 404.
	if err := mayChange(r.Context(), werkpad.RolesWriteEmployers, func() error {
		_, err := s.Candidates.FindCandidateByID(r.Context(), id)
		return err
	}); err != nil {
		return err
	}
	var in werkprofielInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p := &werkpad.Profile{CandidateID: id, Occupations: in.Beroepen, MinMinutes: in.MinMinutenPerWeek, MaxMinutes: in.MaxMinutenPerWeek,
		Municipalities: in.Gemeenten, TravelKm: in.ReisafstandKm, DrivingLicence: in.Rijbewijs, Language: werkpad.LanguageLevel(in.Taalniveau),
		Certificates: in.Certificaten, RestrictionNote: in.BeperkingenToelichting}
	for _, x := range in.Beperkingen {
		p.Restrictions = append(p.Restrictions, werkpad.Restriction(x))
	}
	if err := s.Matches.SaveProfile(r.Context(), p); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, profileDTO(p))
}
