package http

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"werkpad"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

var funcs = template.FuncMap{
	// datetime shows a timestamp in Dutch form, in Dutch time: 30-06-2024 14:05.
	"datetime": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return v.In(amsterdam).Format("02-01-2006 15:04")
		case *time.Time:
			if v == nil {
				return ""
			}
			return v.In(amsterdam).Format("02-01-2006 15:04")
		}
		return ""
	},
	// date shows a calendar date as dd-mm-jjjj that does not break over
	// two lines; the zero date is empty. In an attribute the markup is
	// dropped by html/template and the bare date stays.
	"date": func(d werkpad.Date) template.HTML { return nowrap(d.Dutch()) },
	// isodate shows a date kept as text "2024-07-01" as 01-07-2024; text
	// that is not a date is shown as it is.
	"isodate": func(s string) string {
		if d, err := werkpad.ParseDate(s); err == nil && len(s) == 10 {
			return d.Dutch()
		}
		return s
	},
	"hours": werkpad.FormatHours,
	"pct":   werkpad.FormatBasisPoints,
	"join":  strings.Join,
	// euro shows an amount of cents (werkpad.Cents or int64) as € 1.234,56.
	// The € and its amount stay on one line.
	"euro": func(v any) (template.HTML, error) {
		switch c := v.(type) {
		case werkpad.Cents:
			return nowrap(werkpad.FormatEuro(c)), nil
		case int64:
			return nowrap(werkpad.FormatEuro(werkpad.Cents(c))), nil
		case int:
			return nowrap(werkpad.FormatEuro(werkpad.Cents(c))), nil
		}
		return "", fmt.Errorf("euro: %T is not an amount in cents", v)
	},
	// plural writes a count with its noun: "1 signaal", "2 signalen".
	"plural": func(n any, one, many string) (string, error) {
		switch v := n.(type) {
		case int:
			return werkpad.Plural(int64(v), one, many), nil
		case int64:
			return werkpad.Plural(v, one, many), nil
		}
		return "", fmt.Errorf("plural: %T is not a whole number", n)
	},
	// pluralWord chooses the word alone: "wacht" or "wachten".
	"pluralWord": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
	"upper":   func(v any) string { return strings.ToUpper(fmt.Sprint(v)) },
	"hasRole": func(u *werkpad.User, roles ...string) bool { return u != nil && containsRole(roles, u.Role) },
	"add":     func(a, b int) int { return a + b },
	// count shows a whole number with a Dutch thousands separator: 1.234.
	"count": func(v any) (string, error) {
		switch n := v.(type) {
		case int:
			return formatCount(int64(n)), nil
		case int64:
			return formatCount(n), nil
		}
		return "", fmt.Errorf("count: %T is not a whole number", v)
	},
	// dict builds a map from key/value pairs, to pass several values to a partial.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// nowrap keeps a short text (a date, an amount) on one line.
func nowrap(s string) template.HTML {
	if s == "" {
		return ""
	}
	return template.HTML(`<span class="werkpad-nowrap">` + template.HTMLEscapeString(s) + `</span>`)
}

func containsRole(roles []string, r werkpad.Role) bool {
	for _, x := range roles {
		if werkpad.Role(x) == r {
			return true
		}
	}
	return false
}

var (
	templatesOnce sync.Once
	templates     map[string]*template.Template
	templatesErr  error
)

// parseTemplates builds one template set per page: layout + partials + page.
func parseTemplates() (map[string]*template.Template, error) {
	templatesOnce.Do(func() {
		templates = map[string]*template.Template{}
		pages, err := fs.Glob(templateFS, "templates/*.html")
		if err != nil {
			templatesErr = err
			return
		}
		for _, p := range pages {
			name := strings.TrimPrefix(p, "templates/")
			if name == "layout.html" {
				continue
			}
			t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", p)
			if err != nil {
				templatesErr = fmt.Errorf("template %s: %w", name, err)
				return
			}
			templates[name] = t
		}
	})
	return templates, templatesErr
}

// navItem is an entry in the main navigation.
type navItem struct {
	Href, Label string
	Current     bool
}

// navFor returns the navigation of a role.
func navFor(u *werkpad.User, path string) []navItem {
	if u == nil {
		return nil
	}
	items := []navItem{{Href: "/", Label: "Start"}}
	switch u.Role {
	case werkpad.RoleAdmin:
		items = append(items, navItem{Href: "/beheer/gebruikers", Label: "Gebruikers"}, navItem{Href: "/beheer/audit", Label: "Auditlog"},
			navItem{Href: "/beheer/logboek", Label: "Logboek"})
	case werkpad.RoleController:
		items = append(items, navItem{Href: "/beheer/audit", Label: "Auditlog"})
	case werkpad.RolePrivacyOfficer:
		items = append(items, navItem{Href: "/beheer/logboek", Label: "Logboek"}, navItem{Href: "/beheer/audit", Label: "Auditlog"})
	}
	if slices.Contains(werkpad.RolesReadCandidates, u.Role) {
		items = append(items, navItem{Href: "/kandidaten", Label: "Kandidaten"})
	}
	if u.Role == werkpad.RoleConsultant || u.Role == werkpad.RoleMunicipality {
		items = append(items, navItem{Href: "/aanmeldingen", Label: "Aanmeldingen"}, navItem{Href: "/signalen", Label: "Signalen"})
	}
	if slices.Contains(werkpad.RolesReadComplaints, u.Role) {
		items = append(items, navItem{Href: "/klachten", Label: "Klachten"})
	}
	if slices.Contains(werkpad.RolesReadEmployers, u.Role) {
		items = append(items, navItem{Href: "/werkgevers", Label: "Werkgevers"}, navItem{Href: "/vacatures", Label: "Vacatures"})
	}
	if slices.Contains(werkpad.RolesReadSW, u.Role) {
		items = append(items, navItem{Href: "/sw", Label: "SW"})
	}
	if u.Role != werkpad.RoleAdmin {
		items = append(items, navItem{Href: "/overeenkomsten", Label: "DVO"})
	}
	if u.Role == werkpad.RoleController || u.Role == werkpad.RoleMunicipality {
		items = append(items, navItem{Href: "/rapportages", Label: "Rapportages"})
	}
	// "Mijn account" sits with the user's name in the header, not here.
	items = append(items, navItem{Href: "/gemeenten", Label: "Gemeenten"})
	for i := range items {
		items[i].Current = items[i].Href == path || (items[i].Href != "/" && strings.HasPrefix(path, items[i].Href+"/"))
	}
	return items
}

// render writes page name with the common layout data.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	ts, err := parseTemplates()
	if err != nil {
		s.Logger.Error("templates", "fout", err)
		http.Error(w, "interne fout", http.StatusInternalServerError)
		return
	}
	t, ok := ts[name]
	if !ok {
		s.Logger.Error("onbekend template", "naam", name)
		http.Error(w, "interne fout", http.StatusInternalServerError)
		return
	}
	if data == nil {
		data = map[string]any{}
	}
	u := werkpad.UserFromContext(r.Context())
	data["User"] = u
	data["Nav"] = navFor(u, r.URL.Path)
	data["Path"] = r.URL.Path
	data["Version"] = s.Version
	if msg := s.takeFlash(w, r); msg != "" {
		data["Flash"] = msg
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.Logger.Error("template uitvoeren", "naam", name, "fout", err)
		http.Error(w, "interne fout", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

const flashCookie = "werkpad_melding"

// flash stores a one-time message shown on the next page.
func (s *Server) flash(w http.ResponseWriter, r *http.Request, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), MaxAge: 60})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	msg, _ := url.QueryUnescape(c.Value)
	return msg
}

// redirect answers a successful form post (Post/Redirect/Get).
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// safeReturn keeps a return path local to this site.
func safeReturn(p string) string {
	// Browsers drop tabs and newlines from URLs and treat a backslash as a
	// slash, so "/\t/evil.example" would leave the site: refuse any control
	// character, space or backslash, then require a same-origin path.
	if !strings.HasPrefix(p, "/") || strings.ContainsFunc(p, func(r rune) bool {
		return r <= ' ' || r == 0x7f || r == '\\' || unicode.IsSpace(r) || !unicode.IsPrint(r)
	}) {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(p, "//") {
		return "/"
	}
	return p
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	// Files only: a directory never lists its contents.
	if strings.HasSuffix(r.URL.Path, "/") {
		s.notFound(w, r)
		return nil
	}
	if fi, err := fs.Stat(staticFS, strings.TrimPrefix(path.Clean(r.URL.Path), "/")); err != nil || fi.IsDir() {
		s.notFound(w, r)
		return nil
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.FileServerFS(staticFS).ServeHTTP(w, r)
	return nil
}

// formErrors collects field errors for the error summary of a form.
type formErrors struct {
	List  []fieldError
	Field map[string]string
}

type fieldError struct{ Field, Message string }

func (f *formErrors) add(field, msg string) {
	if f.Field == nil {
		f.Field = map[string]string{}
	}
	f.List = append(f.List, fieldError{field, msg})
	f.Field[field] = msg
}

// fromError turns a domain error into form errors; it returns false for
// errors that are not about the input.
func (f *formErrors) fromError(err error) bool {
	if werkpad.ErrorCode(err) != werkpad.EINVALID {
		return false
	}
	for _, e := range werkpad.FieldErrors(err) {
		field := e.Field
		if field == "" {
			field = "formulier"
		}
		f.addOnce(field, e.Message)
	}
	return true
}
