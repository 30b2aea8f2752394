package http

import (
	"net/http"
	"strconv"
	"time"

	"werkpad"
)

// Complaints (klachten): the consulent registers a complaint from the
// candidate's page and handles it here within the Awb terms; the gemeente
// and the controller follow them in their scope.

const complaintsPerPage = 25

func (s *Server) complaintRoutes() {
	read, write := werkpad.RolesReadComplaints, werkpad.RolesWriteComplaints
	s.handle("GET /klachten", false, s.complaints, read...)
	s.handle("GET /klachten/{id}", false, s.complaint, read...)
	for _, slug := range []string{"ontvangst-bevestigen", "verdagen", "afhandelen"} {
		s.handle("POST /klachten/{id}/"+slug, false, s.complaintStep(complaintSteps[slug]), write...)
	}
	s.handle("GET /api/v1/klachten", false, s.apiListComplaints, read...)
	s.handle("POST /api/v1/klachten", false, s.apiCreateComplaint, write...)
	s.handle("GET /api/v1/klachten/{id}", false, s.apiGetComplaint, read...)
}

// complaintSteps are the steps a complaint can take, by URL segment.
var complaintSteps = map[string]string{"ontvangst-bevestigen": "bevestigen", "verdagen": "verdagen", "afhandelen": "afhandelen"}

type complaintRow struct {
	*werkpad.Complaint
	State string // "te-laat", "bijna" or ""
}

func complaintRows(list []*werkpad.Complaint, today werkpad.Date) []complaintRow {
	rows := make([]complaintRow, 0, len(list))
	for _, k := range list {
		rows = append(rows, complaintRow{Complaint: k, State: k.TermState(today)})
	}
	return rows
}

func (s *Server) complaints(w http.ResponseWriter, r *http.Request) error {
	u := werkpad.UserFromContext(r.Context())
	view := r.URL.Query().Get("weergave")
	if view != "open" && view != "alle" {
		view = "open"
	}
	page := pageParam(r)
	list, total, err := s.Complaints.FindComplaints(r.Context(), werkpad.ComplaintFilter{OpenOnly: view == "open",
		Page: werkpad.Page{Offset: (page - 1) * complaintsPerPage, Limit: complaintsPerPage}})
	if err != nil {
		return err
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "klachten.html", map[string]any{
		"Title": "Klachten", "Rows": complaintRows(list, today()), "Names": names, "View": view, "Total": total,
		"Pager":    newPager(page, complaintsPerPage, total, func(p int) string { return "/klachten" + query("weergave", view, "pagina", strconv.Itoa(p)) }),
		"CanWrite": hasRole(u, werkpad.RolesWriteComplaints),
		"TermDays": werkpad.ComplaintTermDays / 7, "SoonDays": werkpad.ComplaintDueSoonDays,
	})
	return nil
}

func (s *Server) complaintByPath(r *http.Request) (*werkpad.Complaint, error) {
	id, err := pathID(r, "Klacht")
	if err != nil {
		return nil, err
	}
	return s.Complaints.FindComplaintByID(r.Context(), id)
}

func (s *Server) renderComplaint(w http.ResponseWriter, r *http.Request, status int, k *werkpad.Complaint, v values, fe formErrors) error {
	u := werkpad.UserFromContext(r.Context())
	var outcomes []option
	for _, o := range werkpad.ComplaintOutcomes {
		outcomes = append(outcomes, option{string(o), o.Label()})
	}
	if v == nil {
		v = values{"bevestigd-op": today().Dutch(), "afgehandeld-op": today().Dutch()}
	}
	base := k.ReceivedOn.AddDays(werkpad.ComplaintTermDays)
	s.render(w, r, status, "klacht.html", map[string]any{
		"Title": "Klacht over " + k.Subject, "K": k, "State": k.TermState(today()), "Form": v, "Errors": fe, "Outcomes": outcomes,
		"CanWrite": hasRole(u, werkpad.RolesWriteComplaints) && k.Open(), "MaxPostpone": base.AddDays(werkpad.ComplaintPostponeMaxDays),
		"Breadcrumbs": []navItem{{Href: "/klachten", Label: "Klachten"}, {Label: "Klacht van " + k.ReceivedOn.Dutch()}},
	})
	return nil
}

func (s *Server) complaint(w http.ResponseWriter, r *http.Request) error {
	k, err := s.complaintByPath(r)
	if err != nil {
		return err
	}
	return s.renderComplaint(w, r, http.StatusOK, k, nil, formErrors{})
}

func (s *Server) complaintStep(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.doComplaintStep(w, r, kind)
	}
}

func (s *Server) doComplaintStep(w http.ResponseWriter, r *http.Request, kind string) error {
	k, err := s.complaintByPath(r)
	if err != nil {
		return err
	}
	v := formValues(r)
	var fe formErrors
	st := werkpad.ComplaintStep{Kind: kind}
	// Each step's form has its own field names: the three forms share a page.
	var fields map[string]string
	switch kind {
	case "bevestigen":
		st.On = fe.dateField(v, "bevestigd-op", "datum van de ontvangstbevestiging", true)
		fields = map[string]string{"datum": "bevestigd-op"}
	case "verdagen":
		st.On, st.Text, st.Consent = today(), v["reden-verdaging"], v["instemming"] == "ja"
		st.To = fe.dateField(v, "verdaagd-tot", "nieuwe einddatum", true)
		fields = map[string]string{"datum": "verdaagd-tot", "verdaagdTot": "verdaagd-tot", "toelichting": "reden-verdaging", "instemming": "instemming"}
	case "afhandelen":
		st.On, st.Outcome, st.Text = fe.dateField(v, "afgehandeld-op", "datum van de afhandeling", true), werkpad.ComplaintOutcome(v["uitkomst"]), v["bevindingen"]
		fields = map[string]string{"datum": "afgehandeld-op", "uitkomst": "uitkomst", "toelichting": "bevindingen"}
	}
	status := http.StatusUnprocessableEntity
	if len(fe.List) == 0 {
		if _, err := s.Complaints.ComplaintStep(r.Context(), k.ID, st); err != nil {
			first := map[string]string{"bevestigen": "bevestigd-op", "verdagen": "verdaagd-tot", "afhandelen": "uitkomst"}[kind]
			var ok bool
			if status, ok = fe.fromService(err, fields, first); !ok {
				return err
			}
		}
	}
	if len(fe.List) > 0 {
		return s.renderComplaint(w, r, status, k, v, fe)
	}
	s.flash(w, r, map[string]string{"bevestigen": "De ontvangstbevestiging is vastgelegd.", "verdagen": "De verdaging is vastgelegd.",
		"afhandelen": "De afhandeling is vastgelegd."}[kind])
	return redirect(w, r, "/klachten/"+idStr(k.ID))
}

// The API: read, and register a received complaint.

type klachtDTO struct {
	ID                   int64     `json:"id"`
	KandidaatID          int64     `json:"kandidaatId"`
	Gemeente             string    `json:"gemeente"`
	OntvangenOp          string    `json:"ontvangenOp"`
	Onderwerp            string    `json:"onderwerp"`
	Omschrijving         string    `json:"omschrijving"`
	OntvangstBevestigdOp string    `json:"ontvangstBevestigdOp,omitempty"`
	UiterlijkAfhandelen  string    `json:"uiterlijkAfhandelen"`
	VerdaagdTot          string    `json:"verdaagdTot,omitempty"`
	RedenVerdaging       string    `json:"redenVerdaging,omitempty"`
	AfgehandeldOp        string    `json:"afgehandeldOp,omitempty"`
	Uitkomst             string    `json:"uitkomst,omitempty"`
	Toelichting          string    `json:"toelichting,omitempty"`
	BinnenTermijn        *bool     `json:"binnenTermijn,omitempty"`
	Aangemaakt           time.Time `json:"aangemaakt"`
	Gewijzigd            time.Time `json:"gewijzigd"`
}

func complaintDTO(k *werkpad.Complaint) klachtDTO {
	d := klachtDTO{ID: k.ID, KandidaatID: k.CandidateID, Gemeente: k.MunicipalityCode, OntvangenOp: k.ReceivedOn.String(),
		Onderwerp: k.Subject, Omschrijving: k.Description, OntvangstBevestigdOp: k.AcknowledgedOn.String(),
		UiterlijkAfhandelen: k.Due().String(), VerdaagdTot: k.PostponedTo.String(), RedenVerdaging: k.PostponeReason,
		AfgehandeldOp: k.DecidedOn.String(), Uitkomst: string(k.Outcome), Toelichting: k.DecisionText,
		Aangemaakt: k.CreatedAt, Gewijzigd: k.UpdatedAt}
	if !k.Open() {
		in := k.DecidedInTime()
		d.BinnenTermijn = &in
	}
	return d
}

type klachtInvoer struct {
	KandidaatID  int64  `json:"kandidaatId"`
	OntvangenOp  string `json:"ontvangenOp"`
	Onderwerp    string `json:"onderwerp"`
	Omschrijving string `json:"omschrijving"`
}

func (s *Server) apiListComplaints(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "kandidaat", "gemeente", "open")
	f := werkpad.ComplaintFilter{CandidateID: q.id("kandidaat"), Municipality: q.str("gemeente"), OpenOnly: q.boolean("open"), Page: q.page()}
	if q.err != nil {
		return q.err
	}
	list, total, err := s.Complaints.FindComplaints(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, list, total, f.Page, complaintDTO)
}

func (s *Server) apiCreateComplaint(w http.ResponseWriter, r *http.Request) error {
	var in klachtInvoer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var f fields
	k := &werkpad.Complaint{CandidateID: in.KandidaatID, ReceivedOn: f.date("ontvangenOp", in.OntvangenOp), Subject: in.Onderwerp,
		Description: in.Omschrijving}
	if f.err != nil {
		return f.err
	}
	if err := s.Complaints.CreateComplaint(r.Context(), k); err != nil {
		return err
	}
	return created(w, apiPath("klachten", k.ID), complaintDTO(k))
}

func (s *Server) apiGetComplaint(w http.ResponseWriter, r *http.Request) error {
	return respondByID(w, r, s.Complaints.FindComplaintByID, complaintDTO)
}
