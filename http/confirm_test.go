package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"werkpad"
	"werkpad/store"
)

// TestConfirmDestructiveActions: revoking a token and blocking an account
// each take an explicit confirmation; without it nothing changes.
func TestConfirmDestructiveActions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, ts *testServer) {
		admin := ts.mustUser(t, "admin@mgr.nl", werkpad.RoleAdmin)
		other := ts.mustUser(t, "c@werkbedrijf.nl", werkpad.RoleConsultant)
		c := ts.client(t, "admin@mgr.nl")
		auth := store.NewAuthService(ts.db)
		tok, err := auth.CreateToken(werkpad.OperatorContext(context.Background()), admin.ID, "koppeling")
		if err != nil {
			t.Fatal(err)
		}
		revoke := ts.URL + "/account/tokens/" + id(tok.ID) + "/intrekken"

		// The account page links to the confirmation page, which posts.
		if _, body := get(t, c, ts.URL+"/account"); !strings.Contains(body, `href="/account/tokens/`+id(tok.ID)+`/intrekken"`) {
			t.Errorf("account page does not link to the confirmation")
		}
		resp, body := get(t, c, revoke)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Ja, token intrekken") || !strings.Contains(body, "koppeling") ||
			!strings.Contains(body, `aria-label="Kruimelpad"`) {
			t.Fatalf("confirmation page: %d", resp.StatusCode)
		}
		// A post without the confirmation goes back to that page.
		if resp, _ := postForm(t, c, revoke, nil); resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "/intrekken") {
			t.Errorf("unconfirmed revoke: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, err := auth.AuthenticateToken(context.Background(), tok.Secret); err != nil {
			t.Fatalf("token revoked without confirmation: %v", err)
		}
		if resp, _ := postForm(t, c, revoke, url.Values{"bevestigd": {"ja"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("confirmed revoke: %d", resp.StatusCode)
		}
		if _, err := auth.AuthenticateToken(context.Background(), tok.Secret); err == nil {
			t.Errorf("token still works after a confirmed revoke")
		}
		if resp, _ := get(t, c, revoke); resp.StatusCode != http.StatusNotFound {
			t.Errorf("confirmation page of a revoked token: %d", resp.StatusCode)
		}

		// Blocking an account asks to tick the confirmation.
		page := ts.URL + "/beheer/gebruikers/" + id(other.ID)
		form := url.Values{"naam": {other.Name}, "rol": {"consulent"}, "geblokkeerd": {"ja"}}
		resp, body = postForm(t, c, page, form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="bevestig-blokkeren"`) || !strings.Contains(body, `href="#bevestig-blokkeren"`) {
			t.Fatalf("block without confirmation: %d", resp.StatusCode)
		}
		if !strings.Contains(body, "<dd>actief</dd>") || !strings.Contains(body, `value="ja" checked>`) {
			t.Errorf("confirmation step shows the wrong status, or unticks the box")
		}
		if u, _ := store.NewUserService(ts.db).FindUserByID(werkpad.OperatorContext(context.Background()), other.ID); u.Disabled {
			t.Fatalf("account blocked without confirmation")
		}
		form.Set("bevestig-blokkeren", "ja")
		if resp, _ := postForm(t, c, page, form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirmed block: %d", resp.StatusCode)
		}
		if u, _ := store.NewUserService(ts.db).FindUserByID(werkpad.OperatorContext(context.Background()), other.ID); !u.Disabled {
			t.Errorf("account not blocked after confirmation")
		}
		// Saving the blocked account again needs no new confirmation.
		form.Del("bevestig-blokkeren")
		if resp, _ := postForm(t, c, page, form); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("saving a blocked account: %d", resp.StatusCode)
		}
		// Detail pages carry breadcrumbs.
		for _, p := range []string{page, ts.URL + "/beheer/gebruikers/nieuw", ts.URL + "/gemeenten/GM0268"} {
			if _, body := get(t, c, p); !strings.Contains(body, `aria-label="Kruimelpad"`) {
				t.Errorf("%s has no breadcrumbs", p)
			}
		}
	})
}
