package http_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
	whttp "werkpad/http"
	"werkpad/internal/oidctest"
	"werkpad/store"
	"werkpad/store/storetest"
)

// ssoSetup is werkpad with single sign-on through an OpenID provider that
// runs in this process (zitadel/oidc's OP).
type ssoSetup struct {
	ts *testServer
	op *oidctest.Provider
}

func newSSO(t *testing.T, d store.Dialect, local werkpad.LocalLogin) *ssoSetup {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	op := oidctest.Start(t, "werkpad", "geheim-van-werkpad", base+whttp.OIDCCallbackPath, base+"/inloggen")
	ts := newTestServerOn(t, d, ln, func(s *whttp.Server) {
		s.OIDC = &whttp.OIDCConfig{
			Issuer: op.Issuer, ClientID: op.ClientID, ClientSecret: op.ClientSecret,
			RedirectURL: base + whttp.OIDCCallbackPath, Name: "Gemeente Test", Scopes: []string{"profile", "email"},
			Mapping: werkpad.ClaimMapping{RoleClaim: "groups", MunicipalityClaim: "gemeente",
				Roles: map[string]werkpad.Role{"werkpad-gemeente": werkpad.RoleMunicipality, "werkpad-consulent": werkpad.RoleConsultant,
					"werkpad-controller": werkpad.RoleController}},
		}
		s.LocalLogin = local
		s.Auth.(*store.AuthService).LocalLogin = local
	})
	return &ssoSetup{ts: ts, op: op}
}

func browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// signIn goes through the whole flow as a browser would: werkpad → the
// provider's sign-in page → werkpad's callback. It returns the last page.
func (s *ssoSetup) signIn(t *testing.T, c *http.Client, user string) (*http.Response, string) {
	t.Helper()
	resp, _ := get(t, c, s.ts.URL+"/inloggen/oidc?terug=/gemeenten")
	if !strings.HasPrefix(resp.Request.URL.String(), s.op.Issuer+"/login") {
		t.Fatalf("expected the provider's sign-in page, at %s (status %d)", resp.Request.URL, resp.StatusCode)
	}
	resp, err := c.PostForm(s.op.Issuer+"/login", url.Values{"id": {resp.Request.URL.Query().Get("authRequestID")},
		"username": {user}, "password": {"wachtwoord-" + user}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (s *ssoSetup) addUser(sub, email string, claims map[string]any) {
	s.op.AddUser(oidctest.User{Subject: sub, Password: "wachtwoord-" + sub, Email: email, Name: "Naam " + sub, Claims: claims})
}

func auditActions(t *testing.T, db *store.DB, action string) []string {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), `SELECT actor_email || ': ' || detail FROM audit_events WHERE action = '`+action+`' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func TestOIDCSignIn(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			s := newSSO(t, d, werkpad.LocalLoginAll)
			s.addUser("gert", "Gert@Nijmegen.nl", map[string]any{"groups": []string{"werkpad-gemeente", "iets-anders"}, "gemeente": "GM0268"})

			c := browser()
			_, page := get(t, c, s.ts.URL+"/inloggen")
			if !strings.Contains(page, "Inloggen met Gemeente Test") {
				t.Fatal("sign-in page lacks the provider's button")
			}
			resp, page := s.signIn(t, c, "gert")
			if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/gemeenten" {
				t.Fatalf("after sign-in at %s, status %d:\n%s", resp.Request.URL, resp.StatusCode, page)
			}
			if got := s.op.LastChallengeMethod(); got != "S256" {
				t.Errorf("PKCE method sent = %q, want S256", got)
			}
			// Provisioned: role and scope from the claims, no password.
			u, err := store.NewUserService(s.ts.db).FindUserByEmail(werkpad.OperatorContext(context.Background()), "gert@nijmegen.nl")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]any{werkpad.RoleMunicipality, []string{"GM0268"}, "Naam gert"}, []any{u.Role, u.Municipalities, u.Name}); diff != "" {
				t.Errorf("provisioned user (-want +got):\n%s", diff)
			}
			var hash string
			s.ts.db.SQL().QueryRow(`SELECT password_hash FROM users WHERE id = ` + strconv.FormatInt(u.ID, 10)).Scan(&hash)
			if hash != "" {
				t.Error("a provisioned user has a password")
			}
			// Tenancy: only his municipality.
			if resp, _ := get(t, c, s.ts.URL+"/gemeenten/GM0268"); resp.StatusCode != http.StatusOK {
				t.Errorf("own municipality: status %d", resp.StatusCode)
			}
			if resp, _ := get(t, c, s.ts.URL+"/gemeenten/GM0209"); resp.StatusCode != http.StatusNotFound {
				t.Errorf("other municipality: status %d, want 404", resp.StatusCode)
			}

			// Sign-out ends the werkpad session and the provider's.
			resp, err = c.PostForm(s.ts.URL+"/uitloggen", nil)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.Request.URL.String() != s.ts.URL+"/inloggen" {
				t.Errorf("after sign-out at %s, want werkpad's sign-in page", resp.Request.URL)
			}
			if got := s.op.SignedOut(); !slices.Equal(got, []string{"gert"}) {
				t.Errorf("provider sessions ended: %v, want [gert]", got)
			}
			if resp, _ := get(t, c, s.ts.URL+"/gemeenten"); resp.Request.URL.Path != "/inloggen" {
				t.Errorf("after sign-out /gemeenten is at %s, want the sign-in page", resp.Request.URL)
			}

			// A later sign-in follows the provider: another municipality now.
			s.addUser("gert", "gert@nijmegen.nl", map[string]any{"groups": "werkpad-gemeente", "gemeente": []string{"GM0209"}})
			c = browser()
			if resp, page := s.signIn(t, c, "gert"); resp.Request.URL.Path != "/gemeenten" {
				t.Fatalf("second sign-in ended at %s:\n%s", resp.Request.URL, page)
			}
			if resp, _ := get(t, c, s.ts.URL+"/gemeenten/GM0268"); resp.StatusCode != http.StatusNotFound {
				t.Errorf("former municipality: status %d, want 404", resp.StatusCode)
			}
			if got := auditActions(t, s.ts.db, "wijzigen"); len(got) != 1 || !strings.Contains(got[0], "gemeenten GM0268 → GM0209") {
				t.Errorf("audit of the change: %q", got)
			}
			if got := auditActions(t, s.ts.db, "aanmaken"); len(got) != 1 || !strings.Contains(got[0], "via inlogdienst; rol=gemeente gemeenten=GM0268") {
				t.Errorf("audit of the provisioning: %q", got)
			}
		})
	}
}

func TestOIDCRefusals(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			s := newSSO(t, d, werkpad.LocalLoginAll)
			s.addUser("zonderrol", "zonder@nijmegen.nl", map[string]any{"groups": []string{"personeel"}, "gemeente": "GM0268"})
			s.addUser("onbekend", "onbekend@nijmegen.nl", map[string]any{"groups": "werkpad-gemeente", "gemeente": "GM9999"})
			s.addUser("geencode", "geencode@nijmegen.nl", map[string]any{"groups": "werkpad-gemeente", "gemeente": "Nijmegen"})
			s.addUser("tweerollen", "twee@nijmegen.nl", map[string]any{"groups": []string{"werkpad-consulent", "werkpad-controller"}})
			s.addUser("goed", "goed@werkbedrijf.nl", map[string]any{"groups": "werkpad-consulent"})
			for _, tc := range []struct{ user, audience, nonce, want string }{
				{user: "zonderrol", want: "U hebt geen rol in werkpad"},
				{user: "onbekend", want: "De gemeente GM9999 die de inlogdienst meegaf, kent werkpad niet"},
				{user: "geencode", want: "is geen gemeentecode"},
				{user: "tweerollen", want: "meer dan één rol in werkpad (consulent, controller)"},
				{user: "goed", audience: "een-andere-app", want: "Het antwoord van de inlogdienst is ongeldig"},
				{user: "goed", nonce: "een-oude-nonce", want: "Het antwoord van de inlogdienst is ongeldig"},
			} {
				s.op.Misbehave(tc.audience, tc.nonce)
				c := browser()
				resp, page := s.signIn(t, c, tc.user)
				if resp.StatusCode != http.StatusForbidden || !strings.Contains(page, tc.want) {
					t.Errorf("%s (aud %q, nonce %q): status %d, want 403 with %q:\n%s", tc.user, tc.audience, tc.nonce, resp.StatusCode, tc.want, page)
				}
				if resp, _ := get(t, c, s.ts.URL+"/gemeenten"); resp.Request.URL.Path != "/inloggen" {
					t.Errorf("%s: refused, yet signed in", tc.user)
				}
			}
			s.op.Misbehave("", "")
			var n int
			s.ts.db.SQL().QueryRow(`SELECT COUNT(*) FROM users`).Scan(&n)
			if n != 0 {
				t.Errorf("%d accounts made by refused sign-ins", n)
			}
			refused := auditActions(t, s.ts.db, "inloggen geweigerd")
			if len(refused) != 6 || !strings.HasPrefix(refused[0], "zonder@nijmegen.nl: via inlogdienst: U hebt geen rol") ||
				!strings.Contains(refused[4], "ongeldig ID-token") || !strings.Contains(refused[4], "audience") ||
				!strings.Contains(refused[5], "nonce") {
				t.Errorf("refusals in the audit log:\n%s", strings.Join(refused, "\n"))
			}
			// After the provider behaves again the same user gets in.
			if resp, page := s.signIn(t, browser(), "goed"); resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/gemeenten" {
				t.Errorf("well-behaved sign-in: %d at %s\n%s", resp.StatusCode, resp.Request.URL, page)
			}
		})
	}
}

// TestLocalLoginModes: with --local-login admin only a beheerder signs in
// with a password (break-glass); with off nobody does.
func TestLocalLoginModes(t *testing.T) {
	for _, local := range []werkpad.LocalLogin{werkpad.LocalLoginAdmin, werkpad.LocalLoginOff} {
		t.Run(string(local), func(t *testing.T) {
			s := newSSO(t, store.SQLite, local)
			s.ts.mustUser(t, "bea@mgr.nl", werkpad.RoleAdmin)
			s.ts.mustUser(t, "koen@werkbedrijf.nl", werkpad.RoleConsultant)
			for email, wantIn := range map[string]bool{"bea@mgr.nl": local == werkpad.LocalLoginAdmin, "koen@werkbedrijf.nl": false} {
				c := browser()
				resp, err := c.PostForm(s.ts.URL+"/inloggen", url.Values{"email": {email}, "wachtwoord": {testPassword}, "terug": {"/gemeenten"}})
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if in := resp.Request.URL.Path == "/gemeenten"; in != wantIn {
					t.Errorf("%s signed in with a password: %v, want %v (status %d)\n%s", email, in, wantIn, resp.StatusCode, b)
				}
			}
			_, page := get(t, browser(), s.ts.URL+"/inloggen")
			if hasForm := strings.Contains(page, `action="/inloggen"`); hasForm != (local == werkpad.LocalLoginAdmin) {
				t.Errorf("password form shown: %v", hasForm)
			}
		})
	}
}
