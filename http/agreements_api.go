package http

import (
	"net/http"
	"strconv"

	"werkpad"
)

// The DVO in the API: /api/v1/overeenkomsten. Field names are Dutch
// camelCase; amounts are integer euro cents (…Cent), quantities integer
// thousandths (…Duizendsten), dates ISO "jjjj-mm-dd". Every response holds
// only the municipality-years in the caller's scope.

func (s *Server) agreementAPIRoutes() {
	s.handle("GET /api/v1/overeenkomsten", false, s.apiAgreements, readAgreements...)
	s.handle("GET /api/v1/overeenkomsten/{versie}", false, s.apiAgreement, readAgreements...)
	s.handle("GET /api/v1/overeenkomsten/{versie}/bevindingen", false, s.apiFindings, readAgreements...)
	s.handle("GET /api/v1/overeenkomsten/{versie}/wijzigingen", false, s.apiAmendments, readAgreements...)
	s.handle("POST /api/v1/overeenkomsten/{versie}/wijzigingen", false, s.apiProposeAmendment, werkpad.RoleController)
	s.handle("GET /api/v1/overeenkomsten/{versie}/wijzigingen/{id}", false, s.apiAmendment, readAgreements...)
	s.handle("POST /api/v1/overeenkomsten/{versie}/wijzigingen/{id}/goedkeuringen", false, s.apiApproveAmendment, approvers...)
	s.handle("GET /api/v1/overeenkomsten/{versie}/realisatie", false, s.apiRealisation, readAgreements...)
	s.handle("PUT /api/v1/overeenkomsten/{versie}/realisatie", false, s.apiRecordRealisation, werkpad.RoleController)
}

func (s *Server) apiAgreements(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.Agreements.FindAgreements(r.Context())
	if err != nil {
		return err
	}
	items := []versionJSON{}
	for _, v := range vs {
		items = append(items, versionOf(v))
	}
	return writeJSON(w, http.StatusOK, listResponse[versionJSON]{Items: items, Totaal: len(items)})
}

// agreementVersion returns the stored version named in the path.
func (s *Server) agreementVersion(r *http.Request) (*werkpad.AgreementVersion, error) {
	vs, err := s.Agreements.FindAgreements(r.Context())
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v.Version == r.PathValue("versie") {
			return v, nil
		}
	}
	return nil, werkpad.Errorf(werkpad.ENOTFOUND, "Overeenkomst %q niet gevonden.", r.PathValue("versie"))
}

// onDate reads the optional query parameter peildatum (jjjj-mm-dd or
// dd-mm-jjjj): the date on which the agreement is read; today when absent.
func onDate(r *http.Request) (werkpad.Date, error) {
	q := r.URL.Query().Get("peildatum")
	if q == "" {
		return werkpad.Date{}, nil
	}
	d, err := werkpad.ParseDate(q)
	if err != nil {
		return d, werkpad.FieldError("peildatum", "%s", werkpad.ErrorMessage(err))
	}
	return d, nil
}

func (s *Server) apiAgreement(w http.ResponseWriter, r *http.Request) error {
	v, err := s.agreementVersion(r)
	if err != nil {
		return err
	}
	on, err := onDate(r)
	if err != nil {
		return err
	}
	a, err := s.Agreements.FindAgreement(r.Context(), v.Version, on)
	if err != nil {
		return err
	}
	out := agreementJSON{versionJSON: versionOf(v), Deeljaren: []partYearJSON{}, Keuzekaart: []cardItemJSON{}, GemeenteJaren: []yearJSON{}}
	for _, p := range a.PartYears {
		out.Deeljaren = append(out.Deeljaren, partYearJSON{Jaar: p.Year, Toelichting: p.Note, Artikel: p.Article})
	}
	for _, c := range a.Card {
		out.Keuzekaart = append(out.Keuzekaart, cardItemJSON{Code: c.Code, Naam: c.Name, Eenheid: c.Unit,
			EenheidsprijsCent: int64(c.UnitPrice), Prijsregel: c.Quote, Jaren: c.Years, Artikel: c.Article})
	}
	for _, yv := range yearViews(a) {
		out.GemeenteJaren = append(out.GemeenteJaren, yearJSONOf(yv))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiFindings(w http.ResponseWriter, r *http.Request) error {
	on, err := onDate(r)
	if err != nil {
		return err
	}
	a, err := s.Agreements.FindAgreement(r.Context(), r.PathValue("versie"), on)
	if err != nil {
		return err
	}
	items := []findingJSON{}
	for _, yv := range yearViews(a) {
		items = append(items, findingsJSON(yv)...)
	}
	return writeJSON(w, http.StatusOK, listResponse[findingJSON]{Items: items, Totaal: len(items)})
}

type approvalJSON struct {
	Partij          string `json:"partij"`
	GoedgekeurdOp   string `json:"goedgekeurdOp"`
	Naam            string `json:"naam"`
	Documentkenmerk string `json:"documentkenmerk"`
	VastgelegdDoor  string `json:"vastgelegdDoor"`
	VastgelegdOp    string `json:"vastgelegdOp"`
}

type amendmentJSON struct {
	ID              int64          `json:"id"`
	Versie          string         `json:"versie"`
	Gemeente        string         `json:"gemeente"`
	Jaar            int            `json:"jaar"`
	Ingangsdatum    string         `json:"ingangsdatum"`
	Reden           string         `json:"reden"`
	Documentkenmerk string         `json:"documentkenmerk"`
	Status          string         `json:"status"`
	RegelsVoor      []lineJSON     `json:"regelsVoor"`
	RegelsNa        []lineJSON     `json:"regelsNa"`
	Goedkeuringen   []approvalJSON `json:"goedkeuringen"`
	VoorgesteldDoor string         `json:"voorgesteldDoor"`
	VoorgesteldOp   string         `json:"voorgesteldOp"`
	VanKrachtOp     *string        `json:"vanKrachtOp"`
	// Filled on a single amendment: the check with the amendment applied.
	Bevindingen []findingJSON `json:"bevindingen,omitempty"`
	Totalen     *totalJSON    `json:"totalen,omitempty"`
}

const isoTime = "2006-01-02T15:04:05Z"

func linesJSON(a *werkpad.Agreement, lines []werkpad.Line) []lineJSON {
	out := []lineJSON{}
	for i, l := range lines {
		item, _ := a.CardItem(l.Item)
		card := item.PriceFor(l.Quantity)
		lj := lineJSON{Regel: i + 1, Item: l.Item, AantalDuizendsten: int64(l.Quantity), Eenheid: item.Unit, KaartprijsCent: int64(card),
			Omschrijving: l.Description, Artikel: l.Article, Pagina: l.Page}
		if l.HasAgreed {
			lj.BedragCent, lj.VerschilCent = ptr(l.Agreed), ptr(l.Agreed-card)
		}
		out = append(out, lj)
	}
	return out
}

// amendmentJSONOf describes am; the card of a prices its lines. With
// checked set, am comes from CheckAmendment and the findings are included.
func amendmentJSONOf(a *werkpad.Agreement, am *werkpad.Amendment, checked bool) amendmentJSON {
	out := amendmentJSON{ID: am.ID, Versie: am.Version, Gemeente: am.Municipality, Jaar: am.Year, Ingangsdatum: am.EffectiveFrom.String(),
		Reden: am.Reason, Documentkenmerk: am.DocumentRef, Status: string(am.Status),
		RegelsVoor: linesJSON(a, am.Before), RegelsNa: linesJSON(a, am.After), Goedkeuringen: []approvalJSON{},
		VoorgesteldDoor: am.ProposedBy, VoorgesteldOp: am.ProposedAt.UTC().Format(isoTime)}
	if am.InForceAt != nil {
		t := am.InForceAt.UTC().Format(isoTime)
		out.VanKrachtOp = &t
	}
	for _, ap := range am.Approvals {
		out.Goedkeuringen = append(out.Goedkeuringen, approvalJSON{Partij: string(ap.Party), GoedgekeurdOp: ap.ApprovedOn.String(),
			Naam: ap.ApproverName, Documentkenmerk: ap.DocumentRef, VastgelegdDoor: ap.RecordedBy, VastgelegdOp: ap.RecordedAt.UTC().Format(isoTime)})
	}
	if checked {
		my, ok := a.MunicipalityYear(am.Municipality, am.Year)
		if ok {
			after := *my
			after.Lines = am.After
			var total werkpad.Total
			if am.Total != nil {
				total = *am.Total
			}
			v := yearViewOf(a, &after, total, am.Findings)
			y := yearJSONOf(v)
			out.Bevindingen, out.Totalen = y.Bevindingen, &y.Totalen
		}
	}
	return out
}

func (s *Server) apiAmendments(w http.ResponseWriter, r *http.Request) error {
	v, err := s.agreementVersion(r)
	if err != nil {
		return err
	}
	f := werkpad.AmendmentFilter{Version: v.Version, Municipality: r.URL.Query().Get("gemeente")}
	if q := r.URL.Query().Get("jaar"); q != "" {
		if f.Year, err = strconv.Atoi(q); err != nil {
			return werkpad.FieldError("jaar", "Het jaar %q is geen getal.", q)
		}
	}
	ams, err := s.Agreements.FindAmendments(r.Context(), f)
	if err != nil {
		return err
	}
	a, err := s.Agreements.FindAgreement(r.Context(), v.Version, werkpad.Date{})
	if err != nil {
		return err
	}
	items := []amendmentJSON{}
	for _, am := range ams {
		items = append(items, amendmentJSONOf(a, am, false))
	}
	return writeJSON(w, http.StatusOK, listResponse[amendmentJSON]{Items: items, Totaal: len(items)})
}

// writeAmendment answers with the checked amendment id.
func (s *Server) writeAmendment(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	am, err := s.Agreements.CheckAmendment(r.Context(), id)
	if err != nil {
		return err
	}
	if am.Version != r.PathValue("versie") {
		return werkpad.Errorf(werkpad.ENOTFOUND, "Wijziging niet gevonden.")
	}
	a, err := s.Agreements.FindAgreement(r.Context(), am.Version, am.EffectiveFrom)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/overeenkomsten/"+am.Version+"/wijzigingen/"+strconv.FormatInt(am.ID, 10))
	}
	return writeJSON(w, status, amendmentJSONOf(a, am, true))
}

func (s *Server) apiAmendment(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return werkpad.Errorf(werkpad.ENOTFOUND, "Wijziging niet gevonden.")
	}
	return s.writeAmendment(w, r, http.StatusOK, id)
}

type lineInputJSON struct {
	Item              string `json:"item"`
	AantalDuizendsten int64  `json:"aantalDuizendsten"`
	BedragCent        *int64 `json:"bedragCent"`
	Omschrijving      string `json:"omschrijving"`
	Artikel           string `json:"artikel"`
	Pagina            int    `json:"pagina"`
}

type proposeJSON struct {
	Gemeente        string          `json:"gemeente"`
	Jaar            int             `json:"jaar"`
	Ingangsdatum    werkpad.Date    `json:"ingangsdatum"`
	Reden           string          `json:"reden"`
	Documentkenmerk string          `json:"documentkenmerk"`
	Regels          []lineInputJSON `json:"regels"`
}

func (s *Server) apiProposeAmendment(w http.ResponseWriter, r *http.Request) error {
	var in proposeJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	lines := make([]werkpad.Line, 0, len(in.Regels))
	for _, l := range in.Regels {
		line := werkpad.Line{Item: l.Item, Quantity: werkpad.Milli(l.AantalDuizendsten), Description: l.Omschrijving, Article: l.Artikel, Page: l.Pagina}
		if l.BedragCent != nil {
			line.Agreed, line.HasAgreed = werkpad.Cents(*l.BedragCent), true
		}
		lines = append(lines, line)
	}
	am, err := s.Agreements.ProposeAmendment(r.Context(), r.PathValue("versie"), in.Gemeente, in.Jaar, in.Ingangsdatum, lines, in.Reden, in.Documentkenmerk)
	if err != nil {
		return err
	}
	return s.writeAmendment(w, r, http.StatusCreated, am.ID)
}

type approveJSON struct {
	Partij          string       `json:"partij"`
	GoedgekeurdOp   werkpad.Date `json:"goedgekeurdOp"`
	Naam            string       `json:"naam"`
	Documentkenmerk string       `json:"documentkenmerk"`
}

func (s *Server) apiApproveAmendment(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return werkpad.Errorf(werkpad.ENOTFOUND, "Wijziging niet gevonden.")
	}
	// Out of scope or of another version: not found, before anything else.
	am, err := s.Agreements.FindAmendment(r.Context(), id)
	if err != nil {
		return err
	}
	if am.Version != r.PathValue("versie") {
		return werkpad.Errorf(werkpad.ENOTFOUND, "Wijziging niet gevonden.")
	}
	var in approveJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := s.Agreements.ApproveAmendment(r.Context(), id, werkpad.ApprovalParty(in.Partij), in.GoedgekeurdOp, in.Naam, in.Documentkenmerk); err != nil {
		return err
	}
	return s.writeAmendment(w, r, http.StatusCreated, id)
}

type realisedHalfJSON struct {
	Vastgelegd        bool   `json:"vastgelegd"`
	AantalDuizendsten int64  `json:"aantalDuizendsten"`
	Toelichting       string `json:"toelichting,omitempty"`
}

type realisationLineJSON struct {
	Item                    string             `json:"item"`
	Naam                    string             `json:"naam"`
	Eenheid                 string             `json:"eenheid"`
	AfgesprokenDuizendsten  int64              `json:"afgesprokenDuizendsten"`
	GerealiseerdDuizendsten int64              `json:"gerealiseerdDuizendsten"`
	Halfjaren               []realisedHalfJSON `json:"halfjaren"` // [0] januari t/m juni, [1] juli t/m december
}

type realisationJSON struct {
	Versie   string                `json:"versie"`
	Gemeente string                `json:"gemeente"`
	Naam     string                `json:"naam"`
	Jaar     int                   `json:"jaar"`
	Regels   []realisationLineJSON `json:"regels"`
}

func realisationJSONOf(rs *werkpad.Realisation) realisationJSON {
	out := realisationJSON{Versie: rs.Version, Gemeente: rs.Municipality, Naam: rs.Name, Jaar: rs.Year, Regels: []realisationLineJSON{}}
	for _, l := range rs.Lines {
		lj := realisationLineJSON{Item: l.Item, Naam: l.Name, Eenheid: l.Unit, AfgesprokenDuizendsten: int64(l.Agreed),
			GerealiseerdDuizendsten: int64(l.Realised())}
		for _, h := range l.Halves {
			lj.Halfjaren = append(lj.Halfjaren, realisedHalfJSON{Vastgelegd: h.Recorded, AantalDuizendsten: int64(h.Quantity), Toelichting: h.Note})
		}
		out.Regels = append(out.Regels, lj)
	}
	return out
}

func (s *Server) apiRealisation(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Agreements.FindAgreement(r.Context(), r.PathValue("versie"), werkpad.Date{})
	if err != nil {
		return err
	}
	items := []realisationJSON{}
	for _, my := range a.Years {
		rs, err := s.Agreements.FindRealisation(r.Context(), a.Version, my.Municipality, my.Year)
		if err != nil {
			return err
		}
		items = append(items, realisationJSONOf(rs))
	}
	return writeJSON(w, http.StatusOK, listResponse[realisationJSON]{Items: items, Totaal: len(items)})
}

type recordRealisationJSON struct {
	Gemeente          string `json:"gemeente"`
	Jaar              int    `json:"jaar"`
	Item              string `json:"item"`
	Halfjaar          int    `json:"halfjaar"`
	AantalDuizendsten int64  `json:"aantalDuizendsten"`
	Toelichting       string `json:"toelichting"`
}

func (s *Server) apiRecordRealisation(w http.ResponseWriter, r *http.Request) error {
	var in recordRealisationJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	version := r.PathValue("versie")
	if err := s.Agreements.RecordRealisation(r.Context(), version, in.Gemeente, in.Jaar, in.Item, in.Halfjaar,
		werkpad.Milli(in.AantalDuizendsten), in.Toelichting); err != nil {
		return err
	}
	rs, err := s.Agreements.FindRealisation(r.Context(), version, in.Gemeente, in.Jaar)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, realisationJSONOf(rs))
}
