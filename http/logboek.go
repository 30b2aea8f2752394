package http

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"werkpad"
)

// The Logboek Dataverwerkingen: every request that processes personal data
// (the store reports whom through werkpad.Processed) leaves one record per
// data subject, with the request's W3C trace context and the processing
// activity of its route.

func (s *Server) logboekRoutes() {
	s.handle("GET /beheer/logboek", false, s.logboekPage, werkpad.RolesReadLogboek...)
	s.handle("GET /api/v1/logboek", false, s.apiLogboek, werkpad.RolesReadLogboek...)
	s.handle("GET /api/v1/verwerkingsactiviteiten", false, s.apiProcessingActivities, werkpad.RolesReadLogboek...)
}

// traceparent is a W3C Trace Context header: version 00, a 16-byte trace
// id and the caller's 8-byte span id, neither all zeros.
var traceparent = regexp.MustCompile(`^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$`)

// traceContext returns the trace id and parent span of r: the caller's
// when it sent a valid traceparent, otherwise a new trace without parent.
func traceContext(r *http.Request) (traceID, parent string) {
	if m := traceparent.FindStringSubmatch(strings.TrimSpace(r.Header.Get("traceparent"))); m != nil &&
		m[1] != strings.Repeat("0", 32) && m[2] != strings.Repeat("0", 16) {
		return m[1], m[2]
	}
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b), ""
}

// activityFor maps a route to its processing activity in the register. A
// route that is not mapped here gets ActivityUnclassified: its records are
// still written (nothing is lost), and the tests fail on them.
func activityFor(pattern string, role werkpad.Role) string {
	_, path, _ := strings.Cut(pattern, " ")
	path = strings.TrimPrefix(path, "/api/v1")
	has := func(prefixes ...string) bool {
		for _, p := range prefixes {
			if path == p || strings.HasPrefix(path, p+"/") {
				return true
			}
		}
		return false
	}
	switch {
	case path == "/{$}" && role == werkpad.RoleEmployerAdviser:
		return werkpad.ActivityEmployerService
	case path == "/{$}":
		return werkpad.ActivityReintegration
	case strings.HasPrefix(path, "/kandidaten/{id}/inzage"):
		return werkpad.ActivitySubjectRights
	case has("/klachten") || strings.HasSuffix(path, "/klacht"):
		return werkpad.ActivityComplaints
	case has("/aanmeldingen"):
		return werkpad.ActivityReferral
	case has("/signalen") || strings.HasSuffix(path, "/signaal"):
		return werkpad.ActivitySignals
	case has("/vacatures", "/voorstellen", "/werkgevers") || strings.HasSuffix(path, "/vacatures") ||
		strings.HasSuffix(path, "/werkprofiel") || strings.HasSuffix(path, "/matches"):
		return werkpad.ActivityEmployerService
	case has("/loonkostensubsidies"):
		return werkpad.ActivityWageSubsidy
	case has("/sw"):
		return werkpad.ActivitySW
	case has("/rapportages"):
		return werkpad.ActivityAccountability
	case has("/kandidaten", "/plaatsingen", "/trajecten", "/uitstroom"):
		return werkpad.ActivityReintegration
	}
	return werkpad.ActivityUnclassified
}

// logboek collects the data subjects a request processes and writes their
// records before the answer leaves (status 2, error, from status 400 on):
// the response is held until the Logboek has confirmed the write. When the
// write fails, a read is refused (503) rather than showing personal data
// that is not logged; a change, already stored, is answered as it was and
// the failure is logged as an error.
func (s *Server) logboek(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Logboek == nil {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now().UTC()
		p := &werkpad.Processing{}
		held := &heldResponse{w: w}
		next.ServeHTTP(held, r.WithContext(werkpad.NewContextWithProcessing(r.Context(), p)))
		if held.status == 0 {
			held.status = http.StatusOK
		}
		if subjects := p.Subjects(); len(subjects) > 0 {
			if err := s.writeLogboek(r, start, held.status, subjects); err != nil {
				read := r.Method == http.MethodGet || r.Method == http.MethodHead
				s.Logger.Error("logboek dataverwerkingen niet geschreven", "route", patternOf(r), "records", len(subjects),
					"fout", err, "request_id", requestIDFrom(r.Context()), "antwoord_geweigerd", read && held.status < 400)
				if read && held.status < 400 {
					for _, h := range []string{"Content-Disposition", "Content-Length", "Content-Type", "Cache-Control"} {
						w.Header().Del(h)
					}
					s.writeError(w, r, http.StatusServiceUnavailable,
						"De verwerking kon niet in het Logboek Dataverwerkingen worden vastgelegd; daarom worden de gegevens niet getoond. Probeer het later opnieuw.", "")
					return
				}
			}
		}
		w.WriteHeader(held.status)
		w.Write(held.body.Bytes())
	})
}

func patternOf(r *http.Request) string {
	if h, ok := r.Context().Value(routeKey).(*routeHolder); ok {
		return h.pattern
	}
	return ""
}

// writeLogboek writes one record per subject of request r.
func (s *Server) writeLogboek(r *http.Request, start time.Time, status int, subjects []werkpad.Subject) error {
	trace, parent := traceContext(r)
	code := werkpad.StatusOK
	if status >= 400 {
		code = werkpad.StatusError
	}
	pattern := patternOf(r)
	var userID int64
	var role werkpad.Role
	if u := werkpad.UserFromContext(r.Context()); u != nil {
		userID, role = u.ID, u.Role
	}
	rec := werkpad.ProcessingRecord{TraceID: trace, OperationID: requestIDFrom(r.Context()), ParentOperationID: parent,
		Name: pattern, Status: code, Start: start, End: time.Now().UTC(), ActivityID: activityFor(pattern, role),
		UserID: userID, Role: role}
	// Written even when the client has gone away.
	return s.Logboek.AppendProcessing(context.WithoutCancel(r.Context()), rec.PerSubject(subjects))
}

// heldResponse keeps a handler's status and body until the Logboek has
// its records; headers go to the real writer as they are set.
type heldResponse struct {
	w      http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (h *heldResponse) Header() http.Header { return h.w.Header() }

func (h *heldResponse) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *heldResponse) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(b)
}

var subjectKinds = []option{{string(werkpad.SubjectCandidate), "Kandidaat"}, {string(werkpad.SubjectReferral), "Aanmelding"},
	{string(werkpad.SubjectSWEmployee), "Sw-medewerker"}}

func validSubjectKind(k string) bool {
	for _, o := range subjectKinds {
		if o.Value == k {
			return true
		}
	}
	return false
}

func (s *Server) logboekPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("pagina"))
	if page < 1 {
		page = 1
	}
	const perPage = 50
	v := values{"soort": strings.TrimSpace(q.Get("soort")), "nummer": strings.TrimSpace(q.Get("nummer")),
		"van": strings.TrimSpace(q.Get("van")), "tot": strings.TrimSpace(q.Get("tot"))}
	var fe formErrors
	f := werkpad.ProcessingFilter{Page: werkpad.Page{Offset: (page - 1) * perPage, Limit: perPage}}
	switch {
	case v["soort"] == "" && v["nummer"] != "":
		fe.add("soort", "Kies de soort betrokkene bij het nummer.")
	case v["soort"] != "" && !validSubjectKind(v["soort"]):
		fe.add("soort", "Kies een soort betrokkene uit de lijst.")
	case v["soort"] != "":
		id, err := strconv.ParseInt(v["nummer"], 10, 64)
		if err != nil || id < 1 {
			fe.add("nummer", "Vul het nummer van de betrokkene in (een geheel getal, bijvoorbeeld 1234).")
		}
		f.Subject = werkpad.Subject{Kind: werkpad.SubjectKind(v["soort"]), ID: id}
	}
	f.From, f.To = fe.dayRangeFields(v)
	var recs []*werkpad.ProcessingRecord
	total, status := 0, http.StatusOK
	if len(fe.List) == 0 {
		var err error
		if recs, total, err = s.Logboek.FindProcessing(r.Context(), f); err != nil {
			return err
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	activities, err := s.Logboek.FindProcessingActivities(r.Context())
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, a := range activities {
		names[a.ID] = a.Name
	}
	users := map[int64]string{}
	if us, err := s.Users.FindUsers(r.Context(), werkpad.UserFilter{}); err == nil {
		for _, u := range us {
			users[u.ID] = u.Email
		}
	}
	type row struct {
		*werkpad.ProcessingRecord
		Activity, User, Kind string
	}
	rows := make([]row, 0, len(recs))
	for _, rec := range recs {
		user := users[rec.UserID]
		if rec.UserID == 0 {
			user = "(niet ingelogd)"
		}
		kind := string(rec.Subject.Kind)
		for _, o := range subjectKinds {
			if o.Value == kind {
				kind = o.Label
			}
		}
		rows = append(rows, row{ProcessingRecord: rec, Activity: names[rec.ActivityID], User: user, Kind: kind})
	}
	s.render(w, r, status, "logboek.html", map[string]any{
		"Title": "Logboek dataverwerkingen", "Rows": rows, "Total": total, "Page": page, "Form": v, "Errors": fe,
		"Filtered": v["soort"] != "" || v["nummer"] != "" || v["van"] != "" || v["tot"] != "",
		"Pages":    (total + perPage - 1) / perPage, "Kinds": subjectKinds, "Activities": activities,
		"PageHref": filterPageHref("/beheer/logboek", v),
	})
	return nil
}

// logboekDTO is a Logboek record in the API, with the standard's field
// names where it has them.
type logboekDTO struct {
	ID                   int64  `json:"id"`
	TraceID              string `json:"trace_id"`
	OperationID          string `json:"operation_id"`
	ParentOperationID    string `json:"parent_operation_id,omitempty"`
	Name                 string `json:"name"`
	StatusCode           string `json:"status_code"`
	StartTime            string `json:"start_time"`
	EndTime              string `json:"end_time"`
	ProcessingActivityID string `json:"verwerkingsactiviteit"`
	DataSubjectKind      string `json:"betrokkeneSoort"`
	DataSubjectID        int64  `json:"betrokkeneId"`
	UserID               int64  `json:"gebruikerId"`
	Role                 string `json:"rol,omitempty"`
}

var statusCodes = map[int]string{werkpad.StatusUnknown: "STATUS_CODE_UNKNOWN", werkpad.StatusOK: "STATUS_CODE_OK", werkpad.StatusError: "STATUS_CODE_ERROR"}

func (s *Server) apiLogboek(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r, "betrokkeneSoort", "betrokkeneId", "van", "tot")
	kind, id := q.str("betrokkeneSoort"), q.id("betrokkeneId")
	from, to := q.date("van"), q.date("tot")
	if q.err != nil {
		return q.err
	}
	f := werkpad.ProcessingFilter{Page: q.page()}
	switch {
	case kind == "" && id != 0:
		return werkpad.FieldError("betrokkeneSoort", "Geef de soort betrokkene bij betrokkeneId.")
	case kind != "" && !validSubjectKind(kind):
		return werkpad.FieldError("betrokkeneSoort", "Onbekende soort; mogelijk: kandidaat, aanmelding, sw-medewerker.")
	case kind != "" && id == 0:
		return werkpad.FieldError("betrokkeneId", "Geef het nummer van de betrokkene.")
	case kind != "":
		f.Subject = werkpad.Subject{Kind: werkpad.SubjectKind(kind), ID: id}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return werkpad.FieldError("tot", "De einddatum ligt voor de begindatum.")
	}
	f.From, f.To = dayBounds(from, to)
	recs, total, err := s.Logboek.FindProcessing(r.Context(), f)
	if err != nil {
		return err
	}
	return writePage(w, r, recs, total, f.Page, func(rec *werkpad.ProcessingRecord) logboekDTO {
		return logboekDTO{ID: rec.ID, TraceID: rec.TraceID, OperationID: rec.OperationID, ParentOperationID: rec.ParentOperationID,
			Name: rec.Name, StatusCode: statusCodes[rec.Status], StartTime: rec.Start.Format(time.RFC3339Nano),
			EndTime: rec.End.Format(time.RFC3339Nano), ProcessingActivityID: rec.ActivityID, DataSubjectKind: string(rec.Subject.Kind),
			DataSubjectID: rec.Subject.ID, UserID: rec.UserID, Role: string(rec.Role)}
	})
}

func (s *Server) apiProcessingActivities(w http.ResponseWriter, r *http.Request) error {
	as, err := s.Logboek.FindProcessingActivities(r.Context())
	if err != nil {
		return err
	}
	if as == nil {
		as = []*werkpad.ProcessingActivity{}
	}
	return writeJSON(w, http.StatusOK, listResponse[*werkpad.ProcessingActivity]{Items: as, Totaal: len(as)})
}
