package http

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"werkpad"
)

// option is one choice of a select or radio group.
type option struct{ Value, Label string }

// values keeps the raw input of a form, to show it again after an error.
type values map[string]string

func formValues(r *http.Request) values {
	r.ParseForm()
	v := values{}
	for k, vs := range r.PostForm {
		v[k] = strings.TrimSpace(strings.Join(vs, "\n"))
	}
	return v
}

// pathID reads the numeric {id} of the path; anything else is "not found".
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, werkpad.Errorf(werkpad.ENOTFOUND, "%s niet gevonden.", what)
	}
	return id, nil
}

// dateField parses an optional date field (dd-mm-jjjj or jjjj-mm-dd).
func (fe *formErrors) dateField(v values, name, label string, required bool) werkpad.Date {
	s := v[name]
	if s == "" {
		if required {
			fe.add(name, fmt.Sprintf("Vul de %s in.", label))
		}
		return werkpad.Date{}
	}
	d, err := werkpad.ParseDate(s)
	if err != nil {
		fe.add(name, fmt.Sprintf("Vul de %s in als dd-mm-jjjj, bijvoorbeeld 30-06-2024.", label))
	} else if err := werkpad.CheckDateRange(name, d); err != nil {
		fe.add(name, werkpad.ErrorMessage(err))
	}
	return d
}

// decimalHundredths reads a Dutch decimal with at most two decimals
// ("24,5", "24.5", "62,25") as hundredths: 2450.
func decimalHundredths(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ",")
	whole, frac, _ := strings.Cut(s, ",")
	if whole == "" || len(frac) > 2 || len(whole) > 5 {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	w, _ := strconv.Atoi(whole)
	f := 0
	if frac != "" {
		f, _ = strconv.Atoi((frac + "0")[:2])
	}
	return w*100 + f, true
}

// hoursField reads hours per week ("24,5") as minutes; empty is 0.
func (fe *formErrors) hoursField(v values, name string) int {
	if v[name] == "" {
		return 0
	}
	h, ok := decimalHundredths(v[name])
	if !ok {
		fe.add(name, "Vul het aantal uren in als getal, bijvoorbeeld 24 of 24,5.")
		return 0
	}
	return (h*60 + 50) / 100
}

// percentField reads a percentage ("62,5") as basis points; empty is 0.
func (fe *formErrors) percentField(v values, name string) int {
	if v[name] == "" {
		return 0
	}
	bp, ok := decimalHundredths(strings.TrimSuffix(strings.TrimSpace(v[name]), "%"))
	if !ok {
		fe.add(name, "Vul een percentage in, bijvoorbeeld 62,5.")
		return 0
	}
	return bp
}

// intField reads a whole number; empty is 0.
func (fe *formErrors) intField(v values, name, msg string) int {
	if v[name] == "" {
		return 0
	}
	n, err := strconv.Atoi(v[name])
	if err != nil {
		fe.add(name, msg)
	}
	return n
}

// fromService turns a service error into errors on the form's own field
// ids: fields maps the service's field names (the part after a list index,
// "uitkeringen[2].van" → "van", or else after the last dot) to ids; other errors about the input
// or the state of the record land on fallback, the form's first field. It
// returns the status to answer with, or false when err is not about the
// form (not found elsewhere, forbidden, internal).
func (fe *formErrors) fromService(err error, fields map[string]string, fallback string) (int, bool) {
	code := werkpad.ErrorCode(err)
	switch {
	case code == werkpad.EINVALID:
	case code == werkpad.ECONFLICT:
	case code == werkpad.ENOTFOUND && fe.knownField(werkpad.ErrorField(err), fields):
		code = werkpad.EINVALID
	default:
		return 0, false
	}
	all := werkpad.FieldErrors(err)
	if len(all) == 0 {
		all = []*werkpad.Error{{Field: werkpad.ErrorField(err), Message: werkpad.ErrorMessage(err)}}
	}
	for _, e := range all {
		fe.addOnce(fe.fieldID(e.Field, fields, fallback), e.Message)
	}
	return statusOf(code, false), true
}

// alsoInvalid adds the errors of a domain validation to a form that
// already failed on its own input (a date that is not a date), so that
// one submit shows every mistake; fields that already have an error keep
// that one.
func (fe *formErrors) alsoInvalid(err error, fields map[string]string, fallback string) {
	for _, e := range werkpad.FieldErrors(err) {
		if e.Code != werkpad.EINVALID {
			continue
		}
		fe.addOnce(fe.fieldID(e.Field, fields, fallback), e.Message)
	}
}

// fieldID maps a service field name (the part after a list index,
// "uitkeringen[2].van" → "van", or else after the last dot) to the form's
// field id, or fallback.
func (fe *formErrors) fieldID(field string, fields map[string]string, fallback string) string {
	if i := strings.LastIndex(field, "]."); i >= 0 {
		field = field[i+2:]
	}
	id, known := fields[field]
	if i := strings.LastIndex(field, "."); !known && i >= 0 {
		id, known = fields[field[i+1:]]
	}
	if !known {
		return fallback
	}
	return id
}

func (fe *formErrors) knownField(field string, fields map[string]string) bool {
	return fe.fieldID(field, fields, "") != ""
}

// addOnce adds an error unless the field already has one.
func (fe *formErrors) addOnce(field, msg string) {
	if _, ok := fe.Field[field]; ok {
		return
	}
	fe.add(field, msg)
}

// query builds a query string from the non-empty pairs, in order.
func query(kv ...string) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			parts = append(parts, url.QueryEscape(kv[i])+"="+url.QueryEscape(kv[i+1]))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "?" + strings.Join(parts, "&")
}

// pager describes the paging links of a list.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string
}

func newPager(page, perPage, total int, link func(page int) string) pager {
	p := pager{Page: page, Total: total, Pages: max(1, (total+perPage-1)/perPage)}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}

func pageParam(r *http.Request) int {
	p, _ := strconv.Atoi(r.URL.Query().Get("pagina"))
	return max(p, 1)
}

func hasRole(u *werkpad.User, roles []werkpad.Role) bool {
	return u != nil && slices.Contains(roles, u.Role)
}

func today() werkpad.Date { return werkpad.Today(nowUTC()) }

// municipalityNames returns the names of the municipalities in scope, and
// the options of a municipality select.
func (s *Server) municipalityNames(r *http.Request) (map[string]string, []option, error) {
	ms, err := s.Municipalities.FindMunicipalities(r.Context())
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	var opts []option
	for _, m := range ms {
		names[m.Code] = m.Name
		opts = append(opts, option{m.Code, m.Name})
	}
	return names, opts, nil
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }
