package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"werkpad"
)

func (s *Server) adminRoutes() {
	admin := []werkpad.Role{werkpad.RoleAdmin}
	s.handle("GET /beheer/gebruikers", false, s.users, admin...)
	s.handle("GET /beheer/gebruikers/nieuw", false, s.newUserForm, admin...)
	s.handle("POST /beheer/gebruikers", false, s.createUser, admin...)
	s.handle("GET /beheer/gebruikers/{id}", false, s.user, admin...)
	s.handle("POST /beheer/gebruikers/{id}", false, s.updateUser, admin...)
	s.handle("POST /beheer/gebruikers/{id}/ontgrendelen", false, s.unlockUser, admin...)
	s.handle("POST /beheer/gebruikers/{id}/wachtwoord", false, s.resetPassword, admin...)
	s.handle("GET /beheer/audit", false, s.auditLog, werkpad.RolesReadAudit...)
	s.handle("GET /beheer/bewaartermijnen", false, s.retentionPage, admin...)
}

// retentionPage shows the retention terms in force and a dry run: what the
// next daily run (or werkpad retention) would anonymise. It changes
// nothing; the run itself is the daily job or the command.
func (s *Server) retentionPage(w http.ResponseWriter, r *http.Request) error {
	if s.Retention == nil {
		return werkpad.Errorf(werkpad.ENOTFOUND, "Bewaartermijnen zijn in deze installatie niet ingesteld.")
	}
	policy := s.RetentionPolicy
	if policy == (werkpad.RetentionPolicy{}) {
		policy = werkpad.DefaultRetention
	}
	run, err := s.Retention.RunRetention(r.Context(), policy, true)
	if err != nil {
		return err
	}
	names, _, err := s.municipalityNames(r)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, it := range run.Items {
		counts[it.Kind]++
	}
	shown := run.Items
	if len(shown) > 100 {
		shown = shown[:100]
	}
	s.render(w, r, http.StatusOK, "bewaartermijnen.html", map[string]any{"Title": "Bewaartermijnen", "Run": run, "Items": shown,
		"Candidates": counts["kandidaat"], "Referrals": counts["aanmelding"], "Names": names, "Daily": s.RetentionDaily,
		"Breadcrumbs": []navItem{{Href: "/", Label: "Start"}, {Label: "Bewaartermijnen"}}})
	return nil
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) error {
	users, err := s.Users.FindUsers(r.Context(), werkpad.UserFilter{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "users.html", map[string]any{"Title": "Gebruikers", "Users": users, "Now": nowUTC()})
	return nil
}

func (s *Server) userFormData(r *http.Request, title string, u *werkpad.User, fe formErrors) (map[string]any, error) {
	ms, err := s.Municipalities.FindMunicipalities(r.Context())
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": title, "Form": u, "Roles": werkpad.Roles, "Municipalities": ms, "Errors": fe}, nil
}

func (s *Server) newUserForm(w http.ResponseWriter, r *http.Request) error {
	data, err := s.userFormData(r, "Nieuwe gebruiker", &werkpad.User{Role: werkpad.RoleConsultant}, formErrors{})
	if err != nil {
		return err
	}
	data["Breadcrumbs"] = []breadcrumb{{"/beheer/gebruikers", "Gebruikers"}, {"", "Nieuwe gebruiker"}}
	s.render(w, r, http.StatusOK, "user_new.html", data)
	return nil
}

func userFromForm(r *http.Request) *werkpad.User {
	r.ParseForm()
	return &werkpad.User{
		Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("naam")),
		Role: werkpad.Role(r.PostFormValue("rol")), Municipalities: r.PostForm["gemeenten"],
	}
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	u := userFromForm(r)
	password := werkpad.GeneratePassword()
	if err := s.Users.CreateUser(r.Context(), u, password); err != nil {
		var fe formErrors
		if !fe.fromError(err) {
			return err
		}
		data, err := s.userFormData(r, "Nieuwe gebruiker", u, fe)
		if err != nil {
			return err
		}
		data["Breadcrumbs"] = []breadcrumb{{"/beheer/gebruikers", "Gebruikers"}, {"", "Nieuwe gebruiker"}}
		s.render(w, r, http.StatusUnprocessableEntity, "user_new.html", data)
		return nil
	}
	return s.renderUser(w, r, http.StatusCreated, u, formErrors{}, password)
}

func (s *Server) userByPath(r *http.Request) (*werkpad.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, werkpad.Errorf(werkpad.ENOTFOUND, "Gebruiker niet gevonden.")
	}
	return s.Users.FindUserByID(r.Context(), id)
}

func (s *Server) user(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userByPath(r)
	if err != nil {
		return err
	}
	return s.renderUser(w, r, http.StatusOK, u, formErrors{}, "")
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, u *werkpad.User, fe formErrors, newPassword string) error {
	data, err := s.userFormData(r, "Gebruiker "+u.Name, u, fe)
	if err != nil {
		return err
	}
	data["Breadcrumbs"] = []breadcrumb{{"/beheer/gebruikers", "Gebruikers"}, {"", u.Name}}
	data["NewPassword"] = newPassword
	data["Now"] = nowUTC()
	s.render(w, r, status, "user.html", data)
	return nil
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userByPath(r)
	if err != nil {
		return err
	}
	f := userFromForm(r)
	disabled := r.PostFormValue("geblokkeerd") == "ja"
	// Blocking ends the user's access at once: ask for an explicit confirmation.
	if disabled && !u.Disabled && r.PostFormValue("bevestig-blokkeren") != "ja" {
		var fe formErrors
		fe.add("bevestig-blokkeren", "Bevestig dat u dit account wilt blokkeren: de gebruiker kan daarna niet meer inloggen.")
		// The status shown stays the stored one; the box stays ticked.
		f.ID, f.Email, f.Disabled, f.LastSignInAt, f.LockedUntil = u.ID, u.Email, false, u.LastSignInAt, u.LockedUntil
		data, err := s.userFormData(r, "Gebruiker "+u.Name, f, fe)
		if err != nil {
			return err
		}
		data["Breadcrumbs"] = []breadcrumb{{"/beheer/gebruikers", "Gebruikers"}, {"", u.Name}}
		data["Now"], data["WantBlock"] = nowUTC(), true
		s.render(w, r, http.StatusUnprocessableEntity, "user.html", data)
		return nil
	}
	upd := werkpad.UserUpdate{Name: &f.Name, Role: &f.Role, Municipalities: &f.Municipalities, Disabled: &disabled}
	if _, err := s.Users.UpdateUser(r.Context(), u.ID, upd); err != nil {
		var fe formErrors
		if !fe.fromError(err) {
			return err
		}
		f.ID, f.Email, f.Disabled = u.ID, u.Email, disabled
		return s.renderUser(w, r, http.StatusUnprocessableEntity, f, fe, "")
	}
	s.flash(w, r, "De gebruiker is bijgewerkt.")
	return redirect(w, r, "/beheer/gebruikers/"+strconv.FormatInt(u.ID, 10))
}

func (s *Server) unlockUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userByPath(r)
	if err != nil {
		return err
	}
	if err := s.Users.Unlock(r.Context(), u.ID); err != nil {
		return err
	}
	s.flash(w, r, "Het account is ontgrendeld.")
	return redirect(w, r, "/beheer/gebruikers/"+strconv.FormatInt(u.ID, 10))
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userByPath(r)
	if err != nil {
		return err
	}
	password := werkpad.GeneratePassword()
	if err := s.Users.SetPassword(r.Context(), u.ID, password); err != nil {
		return err
	}
	return s.renderUser(w, r, http.StatusOK, u, formErrors{}, password)
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("pagina"))
	if page < 1 {
		page = 1
	}
	const perPage = 50
	v := values{"gebruiker": strings.TrimSpace(q.Get("gebruiker")), "van": strings.TrimSpace(q.Get("van")),
		"tot": strings.TrimSpace(q.Get("tot")), "entiteit": strings.TrimSpace(q.Get("entiteit"))}
	var fe formErrors
	f := werkpad.AuditFilter{Entity: v["entiteit"], ActorEmail: v["gebruiker"], Offset: (page - 1) * perPage, Limit: perPage}
	f.From, f.To = fe.dayRangeFields(v)
	var events []*werkpad.AuditEvent
	total, status := 0, http.StatusOK
	if len(fe.List) == 0 {
		var err error
		if events, total, err = s.Audit.FindAuditEvents(r.Context(), f); err != nil {
			return err
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	broken, checked, err := s.Audit.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, status, "audit.html", map[string]any{
		"Title": "Auditlog", "Events": events, "Total": total, "Page": page, "Form": v, "Errors": fe,
		"Filtered": v["gebruiker"] != "" || v["van"] != "" || v["tot"] != "" || v["entiteit"] != "",
		"Pages":    (total + perPage - 1) / perPage, "Broken": broken, "Checked": checked,
		"PageHref": filterPageHref("/beheer/audit", v),
		"Entities": []option{{"kandidaat", "Kandidaat"}, {"aanmelding", "Aanmelding"}, {"plaatsing", "Plaatsing"}, {"deelname", "Deelname instrument"},
			{"uitstroom", "Uitstroom"}, {"signaal", "Signaal"}, {"gebruiker", "Gebruiker"}, {"token", "Token"}, {"werkgever", "Werkgever"},
			{"vacature", "Vacature"}, {"voorstel", "Voorstel"}, {"werkprofiel", "Werkprofiel"}, {"wijziging", "Wijziging DVO"}, {"financien", "Financiën"}},
	})
	return nil
}
func nowUTC() time.Time { return time.Now().UTC() }

// dayRangeFields reads the date fields "van" and "tot" of a log filter
// (either may be empty) and returns them as times: Dutch calendar days,
// from midnight in Amsterdam, "tot" included. A range in the wrong order is
// a field error on "tot".
func (fe *formErrors) dayRangeFields(v values) (from, to time.Time) {
	f := fe.dateField(v, "van", "begindatum", false)
	t := fe.dateField(v, "tot", "einddatum", false)
	if !f.IsZero() && !t.IsZero() && t.Before(f) {
		fe.add("tot", "De einddatum ligt voor de begindatum.")
	}
	return dayBounds(f, t)
}

// dayBounds turns the days from and to (zero: open) into [from, to+1 day)
// in Amsterdam time.
func dayBounds(from, to werkpad.Date) (time.Time, time.Time) {
	var f, t time.Time
	if !from.IsZero() {
		f = time.Date(from.Y, from.M, from.D, 0, 0, 0, 0, amsterdam)
	}
	if !to.IsZero() {
		t = time.Date(to.Y, to.M, to.D+1, 0, 0, 0, 0, amsterdam)
	}
	return f, t
}

// filterPageHref returns the address of page n of a filtered list at
// base, keeping the filter's non-empty values.
func filterPageHref(base string, v values) func(int) string {
	return func(n int) string {
		q := url.Values{}
		for k, x := range v {
			if x != "" {
				q.Set(k, x)
			}
		}
		q.Set("pagina", strconv.Itoa(n))
		return base + "?" + q.Encode()
	}
}
