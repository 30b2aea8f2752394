package http

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"werkpad"
)

func TestSafeReturnStaysOnSite(t *testing.T) {
	for in, want := range map[string]string{
		"/kandidaten?fase=bemiddelen": "/kandidaten?fase=bemiddelen",
		"/":                           "/",
		"//evil.example/":             "/",
		"/\\evil.example":             "/",
		"/\t/evil.example":            "/",
		"/\n/evil.example":            "/",
		"/\r\n/evil.example":          "/",
		"/ /evil.example":             "/",
		"/\x00/evil.example":          "/",
		"/\u00a0/evil.example":        "/",
		"https://evil.example/":       "/",
		"evil.example":                "/",
		"/a\\b":                       "/",
		"":                            "/",
		"/%09/evil.example":           "/%09/evil.example", // percent-encoded: a path on this site
	} {
		if got := safeReturn(in); got != want {
			t.Errorf("safeReturn(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClientIPTrustsOnlyConfiguredProxies(t *testing.T) {
	proxies, err := ParseTrustedProxies("10.0.0.1, 192.168.0.0/16,::1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseTrustedProxies("10.0.0.1,proxy.local"); err == nil {
		t.Error("a host name was accepted as a trusted proxy")
	}
	s := &Server{TrustedProxies: proxies}
	for _, c := range []struct{ remote, xff, want string }{
		{"203.0.113.7:5000", "", "203.0.113.7"},
		{"203.0.113.7:5000", "1.2.3.4", "203.0.113.7"},             // not a proxy: header ignored
		{"10.0.0.1:5000", "198.51.100.2", "198.51.100.2"},          // trusted proxy names the client
		{"10.0.0.1:5000", "6.6.6.6, 198.51.100.2", "198.51.100.2"}, // left part is forgeable
		{"10.0.0.1:5000", "198.51.100.2, 192.168.1.5", "198.51.100.2"},
		{"10.0.0.1:5000", "", "10.0.0.1"},
		{"10.0.0.1:5000", "garbage", "10.0.0.1"},
		{"[::1]:5000", "2001:db8::5", "2001:db8::5"},
		{"10.0.0.2:5000", "198.51.100.2", "10.0.0.2"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.clientIP(r); got != c.want {
			t.Errorf("clientIP(%s, XFF %q) = %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
	// Without configuration, nothing is trusted.
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr, r.Header = "127.0.0.1:1", http.Header{"X-Forwarded-For": {"1.2.3.4"}}
	if got := (&Server{}).clientIP(r); got != "127.0.0.1" {
		t.Errorf("unconfigured server trusted X-Forwarded-For: %s", got)
	}
}

func TestStaticNeverListsDirectories(t *testing.T) {
	s := NewServer()
	s.Logger = discardTestLogger()
	h := s.Handler()
	for path, want := range map[string]int{"/static/": 404, "/static/css/": 404, "/static/werkpad.css": 200} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != want {
			t.Errorf("GET %s: %d, want %d", path, w.Code, want)
		}
	}
}

func discardTestLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestReadyzTellsTheTruth(t *testing.T) {
	s := NewServer()
	s.Logger = discardTestLogger()
	s.Ready = func(context.Context) error { return errors.New("schijf bijna vol: nog 12 MB vrij bij /data") }
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
	if w.Code != 503 || !strings.Contains(w.Body.String(), "schijf bijna vol") {
		t.Errorf("/readyz with a full disk: %d %q", w.Code, w.Body.String())
	}
	// A write that cannot be stored is a 503 with the reason, not a bare 500.
	r := httptest.NewRequest("POST", "/api/v1/kandidaten", nil)
	w = httptest.NewRecorder()
	s.Error(w, r, werkpad.Errorf(werkpad.EUNAVAILABLE, "werkpad kan nu niets opslaan: de schijf van de database is vol."))
	if w.Code != 503 || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "schijf") {
		t.Errorf("unavailable write: %d %q", w.Code, w.Body.String())
	}
}
