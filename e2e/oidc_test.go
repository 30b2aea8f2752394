package e2e

import (
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"werkpad/internal/oidctest"
)

// TestSignInWithOpenIDConnect signs in through an OpenID provider running
// in this process (zitadel/oidc's OP) as a gemeente user whose
// municipality comes from a claim, checks he sees only that municipality,
// and signs out at werkpad and at the provider.
func TestSignInWithOpenIDConnect(t *testing.T) {
	t.Parallel()
	requireBrowser(t)
	// werkpad's address must be known before it starts: the provider
	// registers its redirect URL.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base := "http://" + addr
	op := oidctest.Start(t, "werkpad", "geheim-van-werkpad", base+"/inloggen/oidc/terug", base+"/inloggen")
	op.AddUser(oidctest.User{Subject: "gert", Password: "wachtwoord-van-gert", Email: "gert@nijmegen.nl", Name: "Gert Gemeente",
		Claims: map[string]any{"groups": []string{"werkpad-gemeente"}, "gemeente": "GM0268"}})
	h := startWith(t, addr,
		"WERKPAD_OIDC_ISSUER="+op.Issuer, "WERKPAD_OIDC_CLIENT_ID="+op.ClientID, "WERKPAD_OIDC_CLIENT_SECRET="+op.ClientSecret,
		"WERKPAD_OIDC_REDIRECT_URL="+base+"/inloggen/oidc/terug", "WERKPAD_OIDC_NAME=Gemeente Test",
		"WERKPAD_OIDC_ROLE_MAP=werkpad-gemeente=gemeente,werkpad-consulent=consulent",
		"WERKPAD_LOCAL_LOGIN=admin")

	ctx := h.browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/inloggen")); err != nil {
		t.Fatal(err)
	}
	if got := textOf(ctx, `main a[href^="/inloggen/oidc"]`); got != "Inloggen met Gemeente Test" {
		t.Fatalf("sign-in button reads %q", got)
	}
	if got := textOf(ctx, `main h2`); got != "Noodtoegang voor de beheerder" {
		t.Errorf("password form heading %q, want the break-glass heading", got)
	}
	h.checkPage(t, ctx, "inloggen-oidc")

	if err := navigateBy(ctx, chromedp.Click(css(`main a[href^="/inloggen/oidc"]`))); err != nil {
		t.Fatal(err)
	}
	if u, _ := evalJS[string](ctx, `location.origin + location.pathname`); u != op.Issuer+"/login" {
		t.Fatalf("expected the provider's sign-in page, at %s", u)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(css(`#username`), "gert"), chromedp.SendKeys(css(`#password`), "wachtwoord-van-gert")); err != nil {
		t.Fatal(err)
	}
	if err := navigateBy(ctx, chromedp.Click(css(`#aanmelden`))); err != nil {
		t.Fatal(err)
	}
	if p := pathOf(ctx); p != "/" {
		t.Fatalf("after signing in at the provider, at %s: %s", p, textOf(ctx, "main"))
	}
	if got := textOf(ctx, `.werkpad-user`); !strings.Contains(got, "Gert Gemeente") || !strings.Contains(got, "(Gemeente)") {
		t.Errorf("header shows %q, want Gert Gemeente (Gemeente)", got)
	}

	// Only his municipality, from the claim.
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/gemeenten")); err != nil {
		t.Fatal(err)
	}
	rows, err := evalJS[[]string](ctx, `[...document.querySelectorAll('main tbody tr td:first-child')].map(td => td.textContent.trim())`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows, []string{"Nijmegen"}) {
		t.Errorf("municipalities in scope: %v, want [Nijmegen]", rows)
	}
	for code, want := range map[string]int{"GM0268": 200, "GM0209": 404} {
		if got, err := evalJS[int](ctx, `fetch('/gemeenten/`+code+`').then(r => r.status)`); err != nil || got != want {
			t.Errorf("/gemeenten/%s: status %d (%v), want %d", code, got, err, want)
		}
	}

	// Sign out: werkpad's session ends, and the provider's.
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/")); err != nil {
		t.Fatal(err)
	}
	if err := navigateBy(ctx, chromedp.Click(css(`form[action="/uitloggen"] button`))); err != nil {
		t.Fatal(err)
	}
	if u, _ := evalJS[string](ctx, `location.href`); u != h.url+"/inloggen" {
		t.Errorf("after signing out at %s, want werkpad's sign-in page", u)
	}
	if got := op.SignedOut(); !slices.Equal(got, []string{"gert"}) {
		t.Errorf("sessions ended at the provider: %v, want [gert]", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/gemeenten")); err != nil {
		t.Fatal(err)
	}
	if p := pathOf(ctx); p != "/inloggen" {
		t.Errorf("after signing out /gemeenten is at %s", p)
	}
}
