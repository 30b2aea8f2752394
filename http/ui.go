package http

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"werkpad"
)

const sessionCookie = "werkpad_sessie"

func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.SecureCookies }

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) uiRoutes() {
	s.handle("GET /{$}", false, s.home)
	s.handle("GET /inloggen", true, s.signInForm)
	s.handle("POST /inloggen", true, s.signIn)
	s.handle("POST /uitloggen", true, s.signOut)
	s.oidcRoutes()
	s.handle("GET /toegankelijkheid", true, func(w http.ResponseWriter, r *http.Request) error {
		s.render(w, r, http.StatusOK, "accessibility.html", map[string]any{"Title": "Toegankelijkheidsverklaring"})
		return nil
	})
	s.handle("GET /account", false, s.account)
	s.handle("POST /account/wachtwoord", false, s.changePassword)
	s.handle("POST /account/tokens", false, s.createToken)
	s.handle("GET /account/tokens/{id}/intrekken", false, s.revokeTokenForm)
	s.handle("POST /account/tokens/{id}/intrekken", false, s.revokeToken)
	s.handle("GET /gemeenten", false, s.municipalities)
	s.handle("GET /gemeenten/{code}", false, s.municipality)
	s.adminRoutes()
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	if werkpad.UserFromContext(r.Context()) != nil {
		return redirect(w, r, safeReturn(r.URL.Query().Get("terug")))
	}
	s.render(w, r, http.StatusOK, "signin.html", s.signInData(r, safeReturn(r.URL.Query().Get("terug")), nil))
	return nil
}

// signInData is what the sign-in page shows: the password form unless
// local sign-in is off, and the button of the OpenID provider if set up.
func (s *Server) signInData(r *http.Request, ret string, extra map[string]any) map[string]any {
	local := s.LocalLogin
	if local == "" || s.oidc == nil {
		local = werkpad.LocalLoginAll
	}
	d := map[string]any{"Title": "Inloggen", "Return": ret, "LocalLogin": string(local)}
	if s.oidc != nil {
		d["SSO"] = s.oidc.cfg.Name
	}
	for k, v := range extra {
		d[k] = v
	}
	return d
}

// clientIP is the address of the client: the peer address, or, when the
// peer is a trusted proxy, the right-most address in X-Forwarded-For that is
// not itself a trusted proxy (the left part of the header is the client's to
// forge).
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trusted(peer) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !s.trusted(a) {
			return a.String()
		}
	}
	return host
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseTrustedProxies reads a comma-separated list of addresses and
// networks (10.0.0.1, 10.0.0.0/8, ::1) as for WERKPAD_TRUSTED_PROXIES.
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is geen IP-adres of netwerk (zoals 10.0.0.1 of 10.0.0.0/8)", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	email, pw := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("wachtwoord")
	ret := safeReturn(r.PostFormValue("terug"))
	var fe formErrors
	if email == "" {
		fe.add("email", "Vul uw e-mailadres in.")
	}
	if pw == "" {
		fe.add("wachtwoord", "Vul uw wachtwoord in.")
	}
	if len(fe.List) == 0 {
		sess, err := s.Auth.SignIn(r.Context(), email, pw, s.clientIP(r))
		switch werkpad.ErrorCode(err) {
		case "":
			s.setSessionCookie(w, r, sess.Token)
			return redirect(w, r, ret)
		case werkpad.EUNAUTHORIZED, werkpad.EFORBIDDEN:
			fe.add("email", werkpad.ErrorMessage(err))
		default:
			return err
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "signin.html", s.signInData(r, ret, map[string]any{"Email": email, "Errors": fe}))
	return nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	var idToken string
	if c, err := r.Cookie(sessionCookie); err == nil {
		if idToken, err = s.Auth.SignOut(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	s.flash(w, r, "U bent uitgelogd.")
	// A session opened through the provider ends there too, or the next
	// "Inloggen met …" would sign in again without asking.
	if to := s.endSessionURL(r.Context(), idToken); to != "" {
		return redirect(w, r, to)
	}
	return redirect(w, r, "/inloggen")
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, formErrors{}, "")
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, fe formErrors, newToken string) error {
	u := werkpad.UserFromContext(r.Context())
	tokens, err := s.Auth.FindTokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	s.render(w, r, status, "account.html", map[string]any{
		"Title": "Mijn account", "Tokens": tokens, "Errors": fe, "NewToken": newToken,
	})
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	cur, next, again := r.PostFormValue("huidig"), r.PostFormValue("nieuw"), r.PostFormValue("herhaal")
	var fe formErrors
	if next != again {
		fe.add("herhaal", "Het herhaalde wachtwoord is niet gelijk aan het nieuwe wachtwoord.")
	} else if err := s.Users.ChangeOwnPassword(r.Context(), cur, next); err != nil {
		if !fe.fromError(err) {
			return err
		}
	}
	if len(fe.List) > 0 {
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, fe, "")
	}
	// Changing the password ended every session, this one too: sign in again.
	s.clearSessionCookie(w, r)
	s.flash(w, r, "Uw wachtwoord is gewijzigd. Log opnieuw in met uw nieuwe wachtwoord.")
	return redirect(w, r, "/inloggen")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	u := werkpad.UserFromContext(r.Context())
	t, err := s.Auth.CreateToken(r.Context(), u.ID, r.PostFormValue("naam"))
	if err != nil {
		var fe formErrors
		if !fe.fromError(err) {
			return err
		}
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, fe, "")
	}
	return s.renderAccount(w, r, http.StatusOK, formErrors{}, t.Secret)
}

// ownToken finds a token of the signed-in user that is still valid.
func (s *Server) ownToken(r *http.Request) (*werkpad.Token, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, werkpad.Errorf(werkpad.ENOTFOUND, "Token niet gevonden.")
	}
	tokens, err := s.Auth.FindTokens(r.Context(), werkpad.UserFromContext(r.Context()).ID)
	if err != nil {
		return nil, err
	}
	for _, t := range tokens {
		if t.ID == id && t.RevokedAt == nil {
			return t, nil
		}
	}
	return nil, werkpad.Errorf(werkpad.ENOTFOUND, "Token niet gevonden, of al ingetrokken.")
}

// revokeTokenForm asks to confirm: a revoked token cannot be restored.
func (s *Server) revokeTokenForm(w http.ResponseWriter, r *http.Request) error {
	t, err := s.ownToken(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "token_intrekken.html", map[string]any{
		"Title": "Token intrekken", "Token": t,
		"Breadcrumbs": []breadcrumb{{"/account", "Mijn account"}, {"", "Token intrekken"}},
	})
	return nil
}

// revokeToken revokes a token once the confirmation page was answered;
// a post without it is sent to that page.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	t, err := s.ownToken(r)
	if err != nil {
		return err
	}
	if r.PostFormValue("bevestigd") != "ja" {
		return redirect(w, r, "/account/tokens/"+strconv.FormatInt(t.ID, 10)+"/intrekken")
	}
	if err := s.Auth.RevokeToken(r.Context(), t.ID); err != nil {
		return err
	}
	s.flash(w, r, "Het token is ingetrokken.")
	return redirect(w, r, "/account")
}

func (s *Server) municipalities(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.Municipalities.FindMunicipalities(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "municipalities.html", map[string]any{"Title": "Gemeenten", "Municipalities": ms})
	return nil
}

func (s *Server) municipality(w http.ResponseWriter, r *http.Request) error {
	m, err := s.Municipalities.FindMunicipality(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "municipality.html", map[string]any{"Title": m.Name, "Municipality": m,
		"Breadcrumbs": []breadcrumb{{"/gemeenten", "Gemeenten"}, {"", m.Name}}})
	return nil
}
