package http

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"werkpad"
	"werkpad/report"
)

// The right of access (AVG art. 15): everything werkpad holds on one
// candidate, with who processed it and why (from the Logboek
// Dataverwerkingen), as a page, as JSON and as a PDF for the person.

func (s *Server) subjectAccessRoutes() {
	write := werkpad.RolesWriteCasework
	s.handle("GET /kandidaten/{id}/inzage", false, s.subjectAccessPage, write...)
	s.handle("GET /kandidaten/{id}/inzage.json", false, s.subjectAccessJSON, write...)
	s.handle("GET /kandidaten/{id}/inzage.pdf", false, s.subjectAccessPDF, write...)
}

// inzageDTO is the copy for the person: the API shapes of his records and
// the Logboek records about him.
type inzageDTO struct {
	Opgesteld    time.Time                     `json:"opgesteld"`
	Toelichting  string                        `json:"toelichting"`
	Kandidaat    kandidaatDTO                  `json:"kandidaat"`
	Aanmeldingen []aanmeldingDTO               `json:"aanmeldingen"`
	Trajecten    []trajectDTO                  `json:"trajecten"`
	Plaatsingen  []plaatsingDTO                `json:"plaatsingen"`
	Uitstroom    []uitstroomDTO                `json:"uitstroom"`
	Signalen     []signaalDTO                  `json:"signalen"`
	Klachten     []klachtDTO                   `json:"klachten"`
	Correcties   []correctieDTO                `json:"correcties"`
	Verwerkingen []inzageVerwerking            `json:"verwerkingen"`
	Activiteiten []*werkpad.ProcessingActivity `json:"verwerkingsactiviteiten"`
}

// correctieDTO is a rectification of the name or birth date (AVG art. 16).
type correctieDTO struct {
	Tijdstip time.Time `json:"tijdstip"`
	Veld     string    `json:"veld"`
	Was      string    `json:"was"`
	Wordt    string    `json:"wordt"`
}

type inzageVerwerking struct {
	Tijdstip     time.Time `json:"tijdstip"`
	Activiteit   string    `json:"verwerkingsactiviteit"`
	Handeling    string    `json:"handeling"`
	Rol          string    `json:"rol,omitempty"`
	Gelukt       bool      `json:"gelukt"`
	TraceID      string    `json:"traceId"`
	ActivityName string    `json:"-"` // the activity's name, for the page and the PDF
}

const inzageText = "Afschrift van de persoonsgegevens die het WerkBedrijf Rijk van Nijmegen over u verwerkt in werkpad, " +
	"met elke verwerking (wie in welke rol, wanneer en voor welke verwerkingsactiviteit) uit het Logboek Dataverwerkingen (AVG art. 15)."

// subjectAccess gathers the copy. Every read goes through the services, so
// the caller's scope applies and the reads are themselves logged.
func (s *Server) subjectAccess(ctx context.Context, r *http.Request) (*inzageDTO, *werkpad.Candidate, error) {
	id, err := pathID(r, "Kandidaat")
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Candidates.FindCandidateByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	all := werkpad.Page{Limit: 500}
	d := &inzageDTO{Opgesteld: time.Now().UTC(), Toelichting: inzageText, Kandidaat: candidateDTO(c),
		Aanmeldingen: []aanmeldingDTO{}, Trajecten: []trajectDTO{}, Plaatsingen: []plaatsingDTO{}, Uitstroom: []uitstroomDTO{},
		Signalen: []signaalDTO{}, Klachten: []klachtDTO{}, Verwerkingen: []inzageVerwerking{}}
	refs, _, err := s.Referrals.FindReferrals(ctx, werkpad.ReferralFilter{CandidateID: id, Page: all})
	if err != nil {
		return nil, nil, err
	}
	for _, x := range refs {
		d.Aanmeldingen = append(d.Aanmeldingen, referralDTO(x))
	}
	ens, _, err := s.Enrolments.FindEnrolments(ctx, werkpad.EnrolmentFilter{CandidateID: id, Page: all})
	if err != nil {
		return nil, nil, err
	}
	for _, x := range ens {
		d.Trajecten = append(d.Trajecten, enrolmentDTO(x))
	}
	pls, _, err := s.Placements.FindPlacements(ctx, werkpad.PlacementFilter{CandidateID: id, Page: all})
	if err != nil {
		return nil, nil, err
	}
	for _, x := range pls {
		d.Plaatsingen = append(d.Plaatsingen, placementDTO(x))
	}
	exs, _, err := s.Exits.FindExits(ctx, werkpad.ExitFilter{CandidateID: id, Page: all})
	if err != nil {
		return nil, nil, err
	}
	for _, x := range exs {
		d.Uitstroom = append(d.Uitstroom, exitDTO(x))
	}
	sigs, _, err := s.Signals.FindSignals(ctx, werkpad.SignalFilter{CandidateID: id, Page: all})
	if err != nil {
		return nil, nil, err
	}
	for _, x := range sigs {
		d.Signalen = append(d.Signalen, signalDTO(x))
	}
	if s.Complaints != nil {
		ks, _, err := s.Complaints.FindComplaints(ctx, werkpad.ComplaintFilter{CandidateID: id, Page: all})
		if err != nil {
			return nil, nil, err
		}
		for _, x := range ks {
			d.Klachten = append(d.Klachten, complaintDTO(x))
		}
	}
	corrections, err := s.Candidates.FindCorrections(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	d.Correcties = []correctieDTO{}
	for _, k := range corrections {
		old, new := k.Old, k.New
		if k.Field == "geboortedatum" { // written the Dutch way
			if o, err := werkpad.ParseDate(old); err == nil {
				old = o.Dutch()
			}
			if n, err := werkpad.ParseDate(new); err == nil {
				new = n.Dutch()
			}
		}
		d.Correcties = append(d.Correcties, correctieDTO{Tijdstip: k.At, Veld: k.Field, Was: old, Wordt: new})
	}
	recs, err := s.Logboek.SubjectProcessing(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if d.Activiteiten, err = s.Logboek.FindProcessingActivities(ctx); err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	for _, a := range d.Activiteiten {
		names[a.ID] = a.Name
	}
	for _, rec := range recs {
		d.Verwerkingen = append(d.Verwerkingen, inzageVerwerking{Tijdstip: rec.Start, Activiteit: rec.ActivityID, Handeling: rec.Name,
			Rol: string(rec.Role), Gelukt: rec.Status == werkpad.StatusOK, TraceID: rec.TraceID, ActivityName: names[rec.ActivityID]})
	}
	return d, c, nil
}

func (s *Server) subjectAccessPage(w http.ResponseWriter, r *http.Request) error {
	d, c, err := s.subjectAccess(r.Context(), r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inzage.html", map[string]any{
		"Title": "Inzage — " + c.FullName(), "C": c, "D": d,
		"Breadcrumbs": []navItem{{Href: "/kandidaten", Label: "Kandidaten"}, {Href: "/kandidaten/" + idStr(c.ID), Label: c.FullName()}, {Label: "Inzage"}},
	})
	return nil
}

func (s *Server) subjectAccessJSON(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.subjectAccess(r.Context(), r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="inzage.json"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

func (s *Server) subjectAccessPDF(w http.ResponseWriter, r *http.Request) error {
	d, c, err := s.subjectAccess(r.Context(), r)
	if err != nil {
		return err
	}
	chromium := report.Chromium()
	if chromium == "" {
		return werkpad.Errorf(werkpad.EUNAVAILABLE, "Er is geen Chromium op de server om de PDF te maken; download het afschrift als JSON.")
	}
	ts, err := parseTemplates()
	if err != nil {
		return err
	}
	var html bytes.Buffer
	if err := ts["inzage_afdruk.html"].ExecuteTemplate(&html, "afdruk", map[string]any{"C": c, "D": d}); err != nil {
		return err
	}
	var pdf bytes.Buffer
	if s.Browser != nil {
		err = s.Browser.PrintPDF(r.Context(), &pdf, html.Bytes())
	} else {
		err = report.PrintPDF(r.Context(), &pdf, html.Bytes(), chromium)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="inzage.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(pdf.Bytes())
	return err
}
