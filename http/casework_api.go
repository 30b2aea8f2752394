package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"werkpad"
)

// The casework API (/api/v1): kandidaten, aanmeldingen, trajecten,
// instrumenten, plaatsingen, uitstroom and signalen.
//
// Conventions (also in openapi.json): Dutch camelCase field names; dates
// as ISO strings "2024-06-30" (an open end date is left out); hours as
// whole minutes in fields ending in "MinutenPerWeek"; a loonwaarde in basis
// points (6250 = 62,5%); money in euro cents in fields ending in "Cent".
// A BSN travels only in a request body (create, _zoek) and in the plain
// "bsn" of GET /kandidaten/{id} for the roles the store opens it for;
// everything else carries "bsnGemaskeerd".

// apiRoute is one route of the casework API. The list below is the single
// source of the patterns: registration reads it, and a test checks every
// pattern against openapi.json.
type apiRoute struct {
	pattern string
	fn      func(*Server, http.ResponseWriter, *http.Request) error
	// roles restrict collection routes up front. Routes on one record
	// leave the role to the store (or to mayChange), so that a record
	// outside the caller's scope is "not found" whatever his role.
	roles []werkpad.Role
}

var caseworkAPI = []apiRoute{
	{"GET /api/v1/kandidaten", (*Server).apiListCandidates, werkpad.RolesReadCandidates},
	{"POST /api/v1/kandidaten", (*Server).apiCreateCandidate, werkpad.RolesWriteCasework},
	{"POST /api/v1/kandidaten/_zoek", (*Server).apiSearchCandidate, werkpad.RolesSearchByBSN},
	{"GET /api/v1/kandidaten/{id}", (*Server).apiGetCandidate, nil},
	{"PATCH /api/v1/kandidaten/{id}", (*Server).apiUpdateCandidate, nil},
	{"GET /api/v1/kandidaten/{id}/uitkeringen", (*Server).apiGetBenefits, nil},
	{"POST /api/v1/kandidaten/{id}/uitkeringen", (*Server).apiAddBenefit, nil},
	{"PUT /api/v1/kandidaten/{id}/uitkeringen", (*Server).apiReplaceBenefits, nil},
	{"GET /api/v1/kandidaten/{id}/indicaties", (*Server).apiGetIndications, nil},
	{"POST /api/v1/kandidaten/{id}/indicaties", (*Server).apiAddIndication, nil},
	{"PUT /api/v1/kandidaten/{id}/indicaties", (*Server).apiReplaceIndications, nil},
	{"GET /api/v1/kandidaten/{id}/fasen", (*Server).apiGetPhases, nil},
	{"POST /api/v1/kandidaten/{id}/fasen", (*Server).apiAddPhase, nil},
	{"PUT /api/v1/kandidaten/{id}/fasen", (*Server).apiReplacePhases, nil},

	{"GET /api/v1/aanmeldingen", (*Server).apiListReferrals, werkpad.RolesReadCasework},
	{"POST /api/v1/aanmeldingen", (*Server).apiCreateReferral, werkpad.RolesCreateReferral},
	{"GET /api/v1/aanmeldingen/{id}", (*Server).apiGetReferral, nil},
	{"POST /api/v1/aanmeldingen/{id}/intake-gepland", (*Server).apiScheduleIntake, nil},
	{"POST /api/v1/aanmeldingen/{id}/intake-gehouden", (*Server).apiRecordIntake, nil},
	{"POST /api/v1/aanmeldingen/{id}/terugmelding", (*Server).apiSendFeedback, nil},

	{"GET /api/v1/instrumenten", (*Server).apiListInstruments, nil},
	{"GET /api/v1/trajecten", (*Server).apiListEnrolments, werkpad.RolesReadCasework},
	{"POST /api/v1/trajecten", (*Server).apiCreateEnrolment, werkpad.RolesWriteCasework},
	{"GET /api/v1/trajecten/{id}", (*Server).apiGetEnrolment, nil},
	{"POST /api/v1/trajecten/{id}/beeindiging", (*Server).apiEndEnrolment, nil},

	{"GET /api/v1/plaatsingen", (*Server).apiListPlacements, werkpad.RolesReadPlacements},
	{"POST /api/v1/plaatsingen", (*Server).apiCreatePlacement, werkpad.RolesWriteCasework},
	{"GET /api/v1/plaatsingen/{id}", (*Server).apiGetPlacement, nil},
	{"PATCH /api/v1/plaatsingen/{id}", (*Server).apiUpdatePlacement, nil},
	{"POST /api/v1/plaatsingen/{id}/beeindiging", (*Server).apiEndPlacement, nil},

	{"GET /api/v1/uitstroom", (*Server).apiListExits, werkpad.RolesReadCasework},
	{"POST /api/v1/uitstroom", (*Server).apiCreateExit, werkpad.RolesWriteCasework},
	{"GET /api/v1/uitstroom/{id}", (*Server).apiGetExit, nil},

	{"GET /api/v1/signalen", (*Server).apiListSignals, werkpad.RolesReadCasework},
	{"POST /api/v1/signalen", (*Server).apiCreateSignal, werkpad.RolesWriteCasework},
	{"GET /api/v1/signalen/{id}", (*Server).apiGetSignal, nil},
	{"POST /api/v1/signalen/{id}/besluit", (*Server).apiDecideSignal, nil},
}

// caseworkAPIRoutes registers the casework API under /api/v1.
func (s *Server) caseworkAPIRoutes() {
	for _, rt := range caseworkAPI {
		fn := rt.fn
		s.handle(rt.pattern, false, func(w http.ResponseWriter, r *http.Request) error { return fn(s, w, r) }, rt.roles...)
	}
}

// apiNow is the clock of derived values such as the LKS amount of the
// current month; the Server has no clock of its own yet.
var apiNow = time.Now

// mayChange lets a change through when the caller has one of roles. For
// anyone else it first asks find whether the record exists for him: a
// record outside his scope is "not found" (404) whatever the method; only a
// record he can see earns "forbidden" (403).
func mayChange(ctx context.Context, roles []werkpad.Role, find func() error) error {
	_, err := werkpad.RequireRole(ctx, roles...)
	if werkpad.ErrorCode(err) != werkpad.EFORBIDDEN {
		return err
	}
	if err := find(); err != nil {
		return err
	}
	return err
}

// pathID reads the {id} of the route; anything but a positive number is
// a record that does not exist.
func apiPathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, werkpad.Errorf(werkpad.ENOTFOUND, "Niet gevonden.")
	}
	return id, nil
}

// decodeJSON reads the request body into v. Unknown fields and wrong types
// are field errors, so that invalidParams names them.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		if dec.More() {
			return werkpad.Errorf(werkpad.EINVALID, "Na het JSON-object staat nog meer inhoud.")
		}
		return nil
	case errors.As(err, &mbe):
		return err
	case errors.As(err, &typeErr):
		return werkpad.FieldError(typeErr.Field, "Verkeerd type: verwacht %s.", jsonTypeName(typeErr.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return werkpad.FieldError(name, "Onbekend veld.")
	case errors.Is(err, io.EOF):
		return werkpad.Errorf(werkpad.EINVALID, "Stuur een JSON-object mee.")
	}
	return werkpad.Errorf(werkpad.EINVALID, "De inhoud is geen geldige JSON.")
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "tekst"
	case "bool":
		return "true of false"
	case "slice":
		return "een lijst"
	case "struct", "map":
		return "een object"
	}
	return "een getal"
}

// renameFields maps the domain's field names in a field error to the
// names of the API body where they differ.
func renameFields(err error, names map[string]string) error {
	var e *werkpad.Error
	if errors.As(err, &e) && e.Field != "" {
		for from, to := range names {
			if e.Field == from || strings.HasPrefix(e.Field, from+".") || strings.HasPrefix(e.Field, from+"[") {
				return &werkpad.Error{Code: e.Code, Message: e.Message, Field: to + strings.TrimPrefix(e.Field, from)}
			}
		}
	}
	return err
}

// fields converts body strings to domain values, keeping the first error
// with the field's name.
type fields struct{ err error }

// date parses an ISO date; "" is the zero Date (not set).
func (f *fields) date(name, s string) werkpad.Date {
	s = strings.TrimSpace(s)
	if f.err != nil || s == "" {
		return werkpad.Date{}
	}
	if len(s) != 10 || s[4] != '-' {
		f.err = werkpad.FieldError(name, "%q is geen datum in de vorm jjjj-mm-dd, bijvoorbeeld 2024-06-30.", s)
		return werkpad.Date{}
	}
	d, err := werkpad.ParseDate(s)
	if err != nil {
		f.err = werkpad.FieldError(name, "%q is geen geldige datum (jjjj-mm-dd).", s)
	} else if err := werkpad.CheckDateRange(name, d); err != nil {
		f.err = err
	}
	return d
}

func (f *fields) period(name string, p periodeDTO) werkpad.Period {
	return werkpad.Period{From: f.date(name+".van", p.Van), To: f.date(name+".tot", p.Tot)}
}

// optional is a field of a PATCH body: Set when present, Null when null.
type optional[T any] struct {
	Set, Null bool
	V         T
}

func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// ptr returns a pointer to the new value, or nil when the field is absent.
func (o optional[T]) ptr() *T {
	if !o.Set {
		return nil
	}
	v := o.V
	return &v
}

// apiQuery reads the filters and paging of a list. Unknown parameters are
// refused, so that a typing error does not silently widen a list, and a
// BSN never becomes part of a URL.
type apiQuery struct {
	v   url.Values
	err error
}

func newQuery(r *http.Request, allowed ...string) *apiQuery {
	q := &apiQuery{v: r.URL.Query()}
	allowed = append(allowed, "offset", "limit")
	names := make([]string, 0, len(q.v))
	for name := range q.v {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch {
		case strings.EqualFold(name, "bsn"):
			q.err = werkpad.FieldError(name, "Een BSN hoort niet in een URL. Zoek met POST /api/v1/kandidaten/_zoek.")
		case !slices.Contains(allowed, name):
			q.err = werkpad.FieldError(name, "Onbekende parameter. Mogelijk: %s.", strings.Join(allowed, ", "))
		default:
			continue
		}
		break
	}
	return q
}

func (q *apiQuery) str(name string) string { return strings.TrimSpace(q.v.Get(name)) }

func (q *apiQuery) int(name string, lo, hi int) int {
	s := q.str(name)
	if q.err != nil || s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		q.err = werkpad.FieldError(name, "Geef een geheel getal van %d tot en met %d.", lo, hi)
	}
	return n
}

func (q *apiQuery) id(name string) int64 { return int64(q.int(name, 1, 1<<62)) }

func (q *apiQuery) date(name string) werkpad.Date {
	var f fields
	d := f.date(name, q.str(name))
	if q.err == nil {
		q.err = f.err
	}
	return d
}

func (q *apiQuery) boolean(name string) bool {
	switch s := q.str(name); s {
	case "", "false":
		return false
	case "true":
		return true
	}
	if q.err == nil {
		q.err = werkpad.FieldError(name, "Geef true of false.")
	}
	return false
}

// Paging: the store's default and largest page.
const (
	apiDefaultLimit = 50
	apiMaxLimit     = 500
)

func (q *apiQuery) page() werkpad.Page {
	p := werkpad.Page{Offset: q.int("offset", 0, 1<<31), Limit: q.int("limit", 1, apiMaxLimit)}
	if p.Limit == 0 {
		p.Limit = apiDefaultLimit
	}
	return p
}

// pageResponse is the envelope of a casework list: the existing
// {items, totaal} plus the page that was asked for.
type pageResponse[T any] struct {
	Items  []T `json:"items"`
	Totaal int `json:"totaal"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

func writePage[D, T any](w http.ResponseWriter, r *http.Request, list []T, total int, p werkpad.Page, conv func(T) D) error {
	if link := pageLinks(r, total, p); link != "" {
		w.Header().Set("Link", link)
	}
	items := make([]D, 0, len(list))
	for _, x := range list {
		items = append(items, conv(x))
	}
	return writeJSON(w, http.StatusOK, pageResponse[D]{Items: items, Totaal: total, Offset: p.Offset, Limit: p.Limit})
}

// pageLinks is the Link header (RFC 8288) of a page of a list: first,
// prev, next and last, each the request's own query with another offset.
func pageLinks(r *http.Request, total int, p werkpad.Page) string {
	if p.Limit <= 0 {
		return ""
	}
	at := func(offset int, rel string) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(offset))
		q.Set("limit", strconv.Itoa(p.Limit))
		return "<" + r.URL.Path + "?" + q.Encode() + `>; rel="` + rel + `"`
	}
	last := 0
	if total > 0 {
		last = (total - 1) / p.Limit * p.Limit
	}
	links := []string{at(0, "first")}
	if p.Offset > 0 {
		links = append(links, at(max(0, min(p.Offset-p.Limit, last)), "prev"))
	}
	if p.Offset+p.Limit < total {
		links = append(links, at(p.Offset+p.Limit, "next"))
	}
	links = append(links, at(last, "last"))
	return strings.Join(links, ", ")
}

// created answers 201 with the record's address (an id, never a BSN).
func created(w http.ResponseWriter, location string, v any) error {
	w.Header().Set("Location", location)
	return writeJSON(w, http.StatusCreated, v)
}

func apiPath(resource string, id int64, sub ...string) string {
	p := fmt.Sprintf("/api/v1/%s/%d", resource, id)
	for _, s := range sub {
		p += "/" + s
	}
	return p
}

// respondByID answers GET …/{id}: it finds the record of the path id with
// find (which applies the caller's role and scope) and writes its API shape.
func respondByID[T, D any](w http.ResponseWriter, r *http.Request, find func(context.Context, int64) (T, error), dto func(T) D) error {
	id, err := apiPathID(r)
	if err != nil {
		return err
	}
	v, err := find(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, dto(v))
}
