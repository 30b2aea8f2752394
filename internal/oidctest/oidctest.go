// Package oidctest runs a real OpenID provider in the test process: the OP
// of github.com/zitadel/oidc (discovery, authorization with PKCE, token
// endpoint, signed ID tokens, JWKS, end_session) over an in-memory storage,
// with a small sign-in page. Only tests import it; production code never
// does.
//
// The storage follows zitadel/oidc's example/server/storage (Apache-2.0).
// It can be told to misbehave (an ID token for another audience, or with
// another nonce), so that tests can prove werkpad refuses such tokens.
package oidctest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// User is an account at the provider. Claims are put into the ID token
// (groups, gemeente, …) beside sub, email and name.
type User struct {
	Subject, Password, Email, Name string
	Claims                         map[string]any
}

// Provider is a running OpenID provider.
type Provider struct {
	Issuer       string
	ClientID     string
	ClientSecret string

	srv     *httptest.Server
	storage *storage
}

// Start runs a provider on 127.0.0.1 with one confidential client that may
// redirect to redirectURI and, after signing out, to postLogoutURI.
func Start(tb testing.TB, clientID, secret, redirectURI, postLogoutURI string) *Provider {
	tb.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	st := &storage{
		requests: map[string]*authRequest{}, codes: map[string]string{}, users: map[string]*User{},
		tokens: map[string]string{},
		client: &client{id: clientID, secret: secret, redirect: redirectURI, postLogout: postLogoutURI},
		key:    key, keyID: randomID(),
	}
	mux := http.NewServeMux()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(mux)
	srv.Listener.Close()
	srv.Listener = ln
	issuer := "http://" + ln.Addr().String()
	cfg := &op.Config{
		CryptoKey:                sha256.Sum256([]byte("werkpad oidctest")),
		DefaultLogoutRedirectURI: "/afgemeld",
		CodeMethodS256:           true,
		AuthMethodPost:           true,
	}
	prov, err := op.NewProvider(cfg, st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		tb.Fatal(err)
	}
	interceptor := op.NewIssuerInterceptor(prov.IssuerFromRequest)
	callback := op.AuthCallbackURL(prov)
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		loginPage.Execute(w, map[string]string{"ID": r.URL.Query().Get("authRequestID")})
	})
	mux.HandleFunc("POST /login", interceptor.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PostFormValue("id")
		if err := st.checkLogin(id, r.PostFormValue("username"), r.PostFormValue("password")); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			loginPage.Execute(w, map[string]string{"ID": id, "Error": err.Error()})
			return
		}
		http.Redirect(w, r, callback(r.Context(), id), http.StatusFound)
	}))
	mux.HandleFunc("GET /afgemeld", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "afgemeld")
	})
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st.mu.Lock()
		aud := st.wrongAudience
		st.mu.Unlock()
		if aud == "" || r.URL.Path != "/oauth/token" {
			prov.ServeHTTP(w, r)
			return
		}
		// Hand out, signed with the provider's own key, the ID token the
		// provider would give another application (aud and azp are its).
		rec := httptest.NewRecorder()
		prov.ServeHTTP(rec, r)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err == nil {
			if idt, ok := body["id_token"].(string); ok {
				body["id_token"] = st.reissue(idt, aud)
			}
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		json.NewEncoder(w).Encode(body)
	}))
	srv.Start()
	tb.Cleanup(srv.Close)
	return &Provider{Issuer: issuer, ClientID: clientID, ClientSecret: secret, srv: srv, storage: st}
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Inlogdienst</title></head><body><main>
<h1>Inlogdienst (test)</h1>
{{with .Error}}<p role="alert">{{.}}</p>{{end}}
<form method="post" action="/login">
<input type="hidden" name="id" value="{{.ID}}">
<label for="username">Gebruikersnaam</label> <input id="username" name="username">
<label for="password">Wachtwoord</label> <input id="password" name="password" type="password">
<button type="submit" id="aanmelden">Aanmelden</button>
</form></main></body></html>`))

// AddUser registers u; he signs in with Subject and Password.
func (p *Provider) AddUser(u User) {
	p.storage.mu.Lock()
	defer p.storage.mu.Unlock()
	p.storage.users[u.Subject] = &u
}

// Misbehave makes the next ID tokens carry another audience (a token the
// provider issued to another application) or another nonce (a token from
// another sign-in) than the client asked for; "" behaves again.
func (p *Provider) Misbehave(audience, nonce string) {
	p.storage.mu.Lock()
	defer p.storage.mu.Unlock()
	p.storage.wrongAudience, p.storage.wrongNonce = audience, nonce
}

// LastChallengeMethod is the PKCE code_challenge_method of the last
// authorization request ("" when none was sent).
func (p *Provider) LastChallengeMethod() string {
	p.storage.mu.Lock()
	defer p.storage.mu.Unlock()
	return p.storage.lastChallenge
}

// SignedOut lists the subjects whose session was ended at end_session.
func (p *Provider) SignedOut() []string {
	p.storage.mu.Lock()
	defer p.storage.mu.Unlock()
	return append([]string(nil), p.storage.signedOut...)
}

// reissue signs the claims of idToken again with audience and authorized
// party set to aud.
func (s *storage) reissue(idToken, aud string) string {
	jws, err := jose.ParseSignedCompact(idToken, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return idToken
	}
	var claims map[string]any
	if json.Unmarshal(jws.UnsafePayloadWithoutVerification(), &claims) != nil {
		return idToken
	}
	claims["aud"], claims["azp"] = []string{aud}, aud
	payload, _ := json.Marshal(claims)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: s.key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", s.keyID))
	if err != nil {
		return idToken
	}
	signed, err := signer.Sign(payload)
	if err != nil {
		return idToken
	}
	out, _ := signed.CompactSerialize()
	return out
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}

type client struct{ id, secret, redirect, postLogout string }

func (c *client) GetID() string                       { return c.id }
func (c *client) RedirectURIs() []string              { return []string{c.redirect} }
func (c *client) PostLogoutRedirectURIs() []string    { return []string{c.postLogout} }
func (c *client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *client) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode}
}
func (c *client) LoginURL(id string) string            { return "/login?authRequestID=" + id }
func (c *client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c *client) IDTokenLifetime() time.Duration       { return 5 * time.Minute }
func (c *client) DevMode() bool                        { return true } // http redirect URIs on 127.0.0.1
func (c *client) IsScopeAllowed(string) bool           { return true }
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *client) ClockSkew() time.Duration             { return 0 }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

type authRequest struct {
	id, clientID, redirect, state, nonce, subject string
	audience                                      []string
	scopes                                        []string
	responseType                                  oidc.ResponseType
	responseMode                                  oidc.ResponseMode
	challenge                                     *oidc.CodeChallenge
	done                                          bool
	authTime                                      time.Time
}

func (a *authRequest) GetID() string                         { return a.id }
func (a *authRequest) GetACR() string                        { return "" }
func (a *authRequest) GetAMR() []string                      { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string                 { return a.audience }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.challenge }
func (a *authRequest) GetNonce() string                      { return a.nonce }
func (a *authRequest) GetRedirectURI() string                { return a.redirect }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.responseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.responseMode }
func (a *authRequest) GetScopes() []string                   { return a.scopes }
func (a *authRequest) GetState() string                      { return a.state }
func (a *authRequest) GetSubject() string                    { return a.subject }
func (a *authRequest) Done() bool                            { return a.done }

type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k *signingKey) Key() any                                    { return k.key }
func (k *signingKey) ID() string                                  { return k.id }

type publicKey struct{ signingKey }

func (k *publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k *publicKey) Use() string                        { return "sig" }
func (k *publicKey) Key() any                           { return &k.key.PublicKey }

// storage implements op.Storage in memory.
type storage struct {
	mu            sync.Mutex
	requests      map[string]*authRequest
	codes         map[string]string // code → request id
	tokens        map[string]string // access token id → subject
	users         map[string]*User
	client        *client
	key           *rsa.PrivateKey
	keyID         string
	wrongAudience string
	wrongNonce    string
	lastChallenge string
	signedOut     []string
}

var _ op.Storage = (*storage)(nil)

func (s *storage) checkLogin(id, username, password string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, ok := s.requests[id]
	if !ok {
		return errors.New("onbekend inlogverzoek")
	}
	u, ok := s.users[username]
	if !ok || u.Password != password {
		return errors.New("gebruikersnaam of wachtwoord onjuist")
	}
	req.subject, req.done, req.authTime = u.Subject, true, time.Now()
	return nil
}

func (s *storage) CreateAuthRequest(_ context.Context, r *oidc.AuthRequest, userID string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req := &authRequest{id: randomID(), clientID: r.ClientID, redirect: r.RedirectURI, state: r.State,
		nonce: r.Nonce, subject: userID, scopes: r.Scopes, responseType: r.ResponseType, responseMode: r.ResponseMode,
		audience: []string{r.ClientID}}
	if s.wrongNonce != "" {
		req.nonce = s.wrongNonce
	}
	s.lastChallenge = string(r.CodeChallengeMethod)
	if r.CodeChallenge != "" {
		req.challenge = &oidc.CodeChallenge{Challenge: r.CodeChallenge, Method: r.CodeChallengeMethod}
	}
	s.requests[req.id] = req
	return req, nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.requests[id]; ok {
		return r, nil
	}
	return nil, errors.New("request not found")
}

func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errors.New("code invalid or expired")
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
	return nil
}

func (s *storage) CreateAccessToken(_ context.Context, r op.TokenRequest) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := randomID()
	s.tokens[id] = r.GetSubject()
	return id, time.Now().Add(5 * time.Minute), nil
}

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("refresh tokens are not supported")
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, errors.New("refresh tokens are not supported")
}

func (s *storage) TerminateSession(_ context.Context, userID, _ string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signedOut = append(s.signedOut, userID)
	for id, sub := range s.tokens {
		if sub == userID {
			delete(s.tokens, id)
		}
	}
	return nil
}

func (s *storage) RevokeToken(_ context.Context, token, _, _ string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, token)
	return nil
}

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) {
	return &signingKey{id: s.keyID, key: s.key}, nil
}

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{&publicKey{signingKey{id: s.keyID, key: s.key}}}, nil
}

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != s.client.id {
		return nil, errors.New("client not found")
	}
	return s.client, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != s.client.id || secret != s.client.secret {
		return errors.New("invalid client")
	}
	return nil
}

func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest puts the user's claims into the ID token.
func (s *storage) SetUserinfoFromRequest(_ context.Context, ui *oidc.UserInfo, r op.IDTokenRequest, _ []string) error {
	return s.userinfo(ui, r.GetSubject())
}

func (s *storage) userinfo(ui *oidc.UserInfo, subject string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[subject]
	if !ok {
		return errors.New("user not found")
	}
	ui.Subject, ui.Email, ui.EmailVerified, ui.Name = u.Subject, u.Email, true, u.Name
	for k, v := range u.Claims {
		ui.AppendClaims(k, v)
	}
	return nil
}

func (s *storage) SetUserinfoFromToken(_ context.Context, ui *oidc.UserInfo, tokenID, _, _ string) error {
	s.mu.Lock()
	sub, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok {
		return errors.New("token is invalid or has expired")
	}
	return s.userinfo(ui, sub)
}

func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("introspection is not supported")
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("no JWT profile keys")
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("JWT profile is not supported")
}

func (s *storage) Health(context.Context) error { return nil }
