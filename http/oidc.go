package http

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"werkpad"
)

// OIDCConfig sets up single sign-on through the organisation's OpenID
// provider (authorization code flow with PKCE, state and nonce).
type OIDCConfig struct {
	Issuer       string // https://login.microsoftonline.com/<tenant>/v2.0
	ClientID     string
	ClientSecret string
	// RedirectURL is werkpad's callback as registered at the provider; its
	// path is /inloggen/oidc/terug.
	RedirectURL string
	// Name is the organisation on the button: "Inloggen met <Name>".
	Name string
	// Scopes are requested besides openid.
	Scopes  []string
	Mapping werkpad.ClaimMapping
	// HTTPClient talks to the provider; nil is a client with a timeout.
	HTTPClient *http.Client
}

// OIDCCallbackPath is the path of the redirect URL.
const OIDCCallbackPath = "/inloggen/oidc/terug"

// Validate checks the configuration, with Dutch messages.
func (c *OIDCConfig) Validate() error {
	var missing []string
	for name, v := range map[string]string{"issuer": c.Issuer, "client-id": c.ClientID, "redirect-url": c.RedirectURL} {
		if v == "" {
			missing = append(missing, "--oidc-"+name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("voor inloggen via OpenID Connect ontbreekt %s", strings.Join(missing, ", "))
	}
	iss, err := url.Parse(c.Issuer)
	if err != nil || iss.Host == "" || (iss.Scheme != "https" && !(iss.Scheme == "http" && loopbackHost(iss.Hostname()))) {
		return fmt.Errorf("--oidc-issuer %q moet een https-adres zijn (http alleen op deze machine, om te testen)", c.Issuer)
	}
	red, err := url.Parse(c.RedirectURL)
	if err != nil || red.Host == "" || (red.Scheme != "https" && red.Scheme != "http") || red.Path != OIDCCallbackPath {
		return fmt.Errorf("--oidc-redirect-url %q moet een volledig adres zijn dat eindigt op %s, zoals https://werkpad.example.nl%s",
			c.RedirectURL, OIDCCallbackPath, OIDCCallbackPath)
	}
	if c.Mapping.RoleClaim == "" {
		return errors.New("--oidc-role-claim mag niet leeg zijn")
	}
	if len(c.Mapping.Roles) == 0 {
		return errors.New("--oidc-role-map is nodig: welke groep of rol bij de inlogdienst geeft welke rol in werkpad (zoals werkpad-consulent=consulent)")
	}
	return nil
}

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// oidcClient is the relying party. Discovery is lazy and retried, so that
// werkpad starts (and the break-glass beheerder can sign in) while the
// provider is unreachable.
type oidcClient struct {
	cfg  OIDCConfig
	mu   sync.Mutex
	prov *oidc.Provider
	end  string // end_session_endpoint, if the provider has one
}

func (o *oidcClient) context(ctx context.Context) context.Context {
	c := o.cfg.HTTPClient
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	return oidc.ClientContext(ctx, c)
}

func (o *oidcClient) provider(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.prov != nil {
		return o.prov, nil
	}
	p, err := oidc.NewProvider(o.context(ctx), o.cfg.Issuer)
	if err != nil {
		return nil, err
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, err
	}
	o.prov, o.end = p, meta.EndSession
	return p, nil
}

func (o *oidcClient) oauth2(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: append([]string{oidc.ScopeOpenID}, o.cfg.Scopes...),
	}
}

// origin is scheme://host of u.
func origin(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return ""
	}
	return p.Scheme + "://" + p.Host
}

// flowCookie holds state, nonce and PKCE verifier of a sign-in in progress:
// only this browser knows them, so several server processes need no shared
// memory for it.
const flowCookie = "werkpad_oidc"

type oidcFlow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Return   string `json:"r"`
}

func randomString() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) setFlowCookie(w http.ResponseWriter, r *http.Request, f *oidcFlow) {
	b, _ := json.Marshal(f)
	http.SetCookie(w, &http.Cookie{Name: flowCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/inloggen/oidc",
		MaxAge: 600, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) takeFlowCookie(w http.ResponseWriter, r *http.Request) *oidcFlow {
	c, err := r.Cookie(flowCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flowCookie, Path: "/inloggen/oidc", MaxAge: -1, HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	var f oidcFlow
	if err != nil || json.Unmarshal(b, &f) != nil || f.State == "" || f.Nonce == "" || f.Verifier == "" {
		return nil
	}
	return &f
}

func (s *Server) oidcRoutes() {
	s.handle("GET /inloggen/oidc", true, s.oidcStart)
	s.handle("GET "+OIDCCallbackPath, true, s.oidcCallback)
}

// renderSSOError shows the sign-in page with why the sign-in through the
// provider did not work.
func (s *Server) renderSSOError(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	s.render(w, r, status, "signin.html", s.signInData(r, "/", map[string]any{"SSOError": msg}))
	return nil
}

func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		s.notFound(w, r)
		return nil
	}
	p, err := s.oidc.provider(r.Context())
	if err != nil {
		s.Logger.Warn("inlogdienst niet bereikbaar", "fout", err)
		return s.renderSSOError(w, r, http.StatusServiceUnavailable, "De inlogdienst is nu niet bereikbaar. Probeer het over enkele minuten opnieuw.")
	}
	f := &oidcFlow{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(),
		Return: safeReturn(r.URL.Query().Get("terug"))}
	s.setFlowCookie(w, r, f)
	to := s.oidc.oauth2(p).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	http.Redirect(w, r, to, http.StatusFound)
	return nil
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		s.notFound(w, r)
		return nil
	}
	ctx := r.Context()
	f := s.takeFlowCookie(w, r)
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		s.Logger.Info("inlogdienst brak het inloggen af", "fout", e)
		return s.renderSSOError(w, r, http.StatusForbidden, "De inlogdienst heeft het inloggen afgebroken. Probeer het opnieuw.")
	}
	if f == nil || subtle.ConstantTimeCompare([]byte(f.State), []byte(q.Get("state"))) != 1 || q.Get("code") == "" {
		return s.renderSSOError(w, r, http.StatusBadRequest, "Het inloggen is verlopen, of in een ander venster opnieuw begonnen. Probeer het opnieuw.")
	}
	p, err := s.oidc.provider(ctx)
	if err != nil {
		s.Logger.Warn("inlogdienst niet bereikbaar", "fout", err)
		return s.renderSSOError(w, r, http.StatusServiceUnavailable, "De inlogdienst is nu niet bereikbaar. Probeer het over enkele minuten opnieuw.")
	}
	pctx := s.oidc.context(ctx)
	tok, err := s.oidc.oauth2(p).Exchange(pctx, q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		s.Logger.Warn("inlogcode niet ingewisseld", "fout", err)
		return s.renderSSOError(w, r, http.StatusBadGateway, "De inlogdienst nam de inlogcode niet aan. Probeer het opnieuw.")
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.Verifier(&oidc.Config{ClientID: s.oidc.cfg.ClientID}).Verify(pctx, raw)
	if err == nil && subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		err = errors.New("nonce klopt niet")
	}
	if err != nil {
		// The token is not for us or not from this sign-in: trust nothing in it.
		reason := "ongeldig ID-token: " + err.Error()
		s.Logger.Warn("ID-token geweigerd", "fout", err)
		if aerr := s.Auth.RefuseExternalSignIn(ctx, &werkpad.ExternalIdentity{}, reason); aerr != nil {
			return aerr
		}
		return s.renderSSOError(w, r, http.StatusForbidden, "Het antwoord van de inlogdienst is ongeldig en is daarom geweigerd. Probeer het opnieuw of neem contact op met de beheerder.")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return err
	}
	id, err := s.oidc.cfg.Mapping.Map(s.oidc.cfg.Issuer, claims)
	if err != nil {
		if id == nil {
			id = &werkpad.ExternalIdentity{}
		}
		if aerr := s.Auth.RefuseExternalSignIn(ctx, id, werkpad.ErrorMessage(err)); aerr != nil {
			return aerr
		}
		return s.renderSSOError(w, r, http.StatusForbidden, werkpad.ErrorMessage(err))
	}
	sess, err := s.Auth.SignInExternal(ctx, id, raw, s.clientIP(r))
	if werkpad.ErrorCode(err) == werkpad.EFORBIDDEN {
		return s.renderSSOError(w, r, http.StatusForbidden, werkpad.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	s.setSessionCookie(w, r, sess.Token)
	return redirect(w, r, f.Return)
}

// endSessionURL is where the browser goes to sign out at the provider as
// well, or "" when the provider has no end_session_endpoint.
func (s *Server) endSessionURL(ctx context.Context, idToken string) string {
	if s.oidc == nil || idToken == "" {
		return ""
	}
	if _, err := s.oidc.provider(ctx); err != nil || s.oidc.end == "" {
		return ""
	}
	u, err := url.Parse(s.oidc.end)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("id_token_hint", idToken)
	q.Set("client_id", s.oidc.cfg.ClientID)
	q.Set("post_logout_redirect_uri", origin(s.oidc.cfg.RedirectURL)+"/inloggen")
	u.RawQuery = q.Encode()
	return u.String()
}
