package http

import (
	"encoding/json"
	"net/http"
	"strings"

	"werkpad"
)

// statusOf maps a domain error code to an HTTP status. It is the only place
// where that mapping lives.
func statusOf(code string) int {
	switch code {
	case werkpad.EINVALID:
		return http.StatusUnprocessableEntity
	case werkpad.ENOTFOUND:
		return http.StatusNotFound
	case werkpad.ECONFLICT:
		return http.StatusConflict
	case werkpad.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case werkpad.EFORBIDDEN:
		return http.StatusForbidden
	case werkpad.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// problem is an RFC 9457 problem details object.
type problem struct {
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail,omitempty"`
	Instance      string         `json:"instance,omitempty"`
	InvalidParams []invalidParam `json:"invalidParams,omitempty"`
}

type invalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

var titles = map[int]string{
	400: "Ongeldig verzoek", 401: "Niet ingelogd", 403: "Geen toegang", 404: "Niet gevonden",
	405: "Methode niet toegestaan", 409: "Conflict", 413: "Verzoek te groot", 422: "Ongeldige invoer",
	500: "Interne fout", 503: "Niet beschikbaar",
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// Error writes err as problem+json for API requests and as an HTML error page
// otherwise. Internal errors are logged with the request id, never shown.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := werkpad.ErrorCode(err)
	status := statusOf(code)
	switch code {
	case werkpad.EINTERNAL:
		s.Logger.Error("interne fout", "fout", err, "pad", r.URL.Path, "request_id", requestIDFrom(r.Context()))
	case werkpad.EUNAVAILABLE:
		s.Logger.Error("opslaan niet mogelijk", "fout", err, "pad", r.URL.Path, "request_id", requestIDFrom(r.Context()))
		w.Header().Set("Retry-After", "60")
	}
	if code == werkpad.EUNAUTHORIZED && !isAPI(r) {
		http.Redirect(w, r, "/inloggen?terug="+safeReturn(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if isAPI(r) && code == werkpad.EINVALID {
		if all := werkpad.FieldErrors(err); len(all) > 1 {
			s.writeProblem(w, r, status, werkpad.ErrorMessage(err), all)
			return
		}
	}
	s.writeError(w, r, status, werkpad.ErrorMessage(err), werkpad.ErrorField(err))
}

// writeProblem answers an API request with every invalid parameter at once.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string, all []*werkpad.Error) {
	p := problem{Type: "about:blank", Title: titles[status], Status: status, Detail: detail, Instance: r.URL.Path}
	for _, e := range all {
		if e.Field != "" {
			p.InvalidParams = append(p.InvalidParams, invalidParam{Name: e.Field, Reason: e.Message})
		}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, detail, field string) {
	if isAPI(r) {
		p := problem{Type: "about:blank", Title: titles[status], Status: status, Detail: detail, Instance: r.URL.Path}
		if field != "" {
			p.InvalidParams = []invalidParam{{Name: field, Reason: detail}}
		}
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="werkpad"`)
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(p)
		return
	}
	s.render(w, r, status, "error.html", map[string]any{
		"Title": titles[status], "Status": status, "Detail": detail,
	})
}

// notFound answers 404 in the style of the request.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, http.StatusNotFound, "De gevraagde pagina of het gevraagde gegeven bestaat niet, of u heeft er geen toegang toe.", "")
}
