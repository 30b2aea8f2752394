package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"werkpad"
	whttp "werkpad/http"
	"werkpad/store"
)

// openAPI is http/openapi.json, read once.
var openAPI = sync.OnceValue(func() map[string]any {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		panic(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		panic(err)
	}
	return doc
})

// TestCaseworkAPIRoutesDocumented proves that every route the casework and
// employer APIs register is described in openapi.json, with its method.
func TestCaseworkAPIRoutesDocumented(t *testing.T) {
	paths := openAPI()["paths"].(map[string]any)
	patterns := append(whttp.CaseworkAPIPatterns(), whttp.EmployerAPIPatterns()...)
	if len(patterns) == 0 {
		t.Fatal("no casework API routes")
	}
	for _, p := range patterns {
		method, path, _ := strings.Cut(p, " ")
		rel, ok := strings.CutPrefix(path, "/api/v1")
		if !ok || strings.HasSuffix(path, "/") {
			t.Errorf("%s: not under /api/v1 or ends in a slash", p)
			continue
		}
		item, ok := paths[rel].(map[string]any)
		if !ok {
			t.Errorf("%s: path %s missing from openapi.json", p, rel)
			continue
		}
		if _, ok := item[strings.ToLower(method)]; !ok {
			t.Errorf("%s: method %s of %s missing from openapi.json", p, method, rel)
		}
	}
}

// resolve follows a local $ref ("#/components/...").
func resolve(v map[string]any) map[string]any {
	for {
		ref, ok := v["$ref"].(string)
		if !ok {
			return v
		}
		var cur any = openAPI()
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		v = cur.(map[string]any)
	}
}

// responseSchema returns the schema openapi.json gives for the response.
func responseSchema(t *testing.T, pattern string, status int) map[string]any {
	t.Helper()
	method, path, _ := strings.Cut(pattern, " ")
	op, _ := openAPI()["paths"].(map[string]any)[strings.TrimPrefix(path, "/api/v1")].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if op == nil {
		t.Errorf("%s: not in openapi.json", pattern)
		return nil
	}
	resp, _ := op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
	if resp == nil {
		t.Errorf("%s: status %d not documented", pattern, status)
		return nil
	}
	for _, ct := range []string{"application/json", "application/problem+json"} {
		if c, ok := resolve(resp)["content"].(map[string]any)[ct].(map[string]any); ok {
			return c["schema"].(map[string]any)
		}
	}
	t.Errorf("%s %d: no schema", pattern, status)
	return nil
}

// checkRequired holds a JSON value against a schema structurally: every
// object has all the required properties of its schema, recursively
// through properties, array items and allOf.
func checkRequired(t *testing.T, where string, v any, schema map[string]any) {
	t.Helper()
	if schema == nil {
		return
	}
	schema = resolve(schema)
	for _, sub := range asList(schema["allOf"]) {
		checkRequired(t, where, v, sub.(map[string]any))
	}
	switch v := v.(type) {
	case map[string]any:
		for _, r := range asList(schema["required"]) {
			if _, ok := v[r.(string)]; !ok {
				t.Errorf("%s: required property %q missing", where, r)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for k, x := range v {
			if ps, ok := props[k].(map[string]any); ok {
				checkRequired(t, where+"."+k, x, ps)
			} else if props != nil {
				t.Errorf("%s: property %q is not in the schema", where, k)
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range v {
				checkRequired(t, fmt.Sprintf("%s[%d]", where, i), x, items)
			}
		}
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

// apiClient calls the casework API as one user and checks every answer:
// against openapi.json, for the API-Version header, and that no Location
// carries a BSN.
type apiClient struct {
	ts   *testServer
	c    *http.Client
	name string
	// seen records the patterns that answered 2xx, for the coverage check.
	seen map[string]bool
}

var nineDigits = regexp.MustCompile(`[0-9]{9}`)

func (ts *testServer) api(t *testing.T, email string) *apiClient {
	return &apiClient{ts: ts, c: ts.client(t, email), name: email, seen: map[string]bool{}}
}

// bearer returns a client that signs in with a personal API token.
func (ts *testServer) bearer(t *testing.T, u *werkpad.User) *apiClient {
	t.Helper()
	tok, err := store.NewAuthService(ts.db).CreateToken(werkpad.OperatorContext(context.Background()), u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Transport: bearerTransport(tok.Secret)}
	return &apiClient{ts: ts, c: c, name: u.Email + " (token)", seen: map[string]bool{}}
}

type bearerTransport string

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}

// answer is a decoded response.
type answer struct {
	status int
	header http.Header
	body   string
	obj    map[string]any
}

func (a answer) id() int64 { n, _ := a.obj["id"].(float64); return int64(n) }

func (a answer) items() []map[string]any {
	var out []map[string]any
	for _, x := range asList(a.obj["items"]) {
		out = append(out, x.(map[string]any))
	}
	return out
}

func (a answer) total() int { n, _ := a.obj["totaal"].(float64); return int(n) }

// field returns invalidParams[0].name of a problem.
func (a answer) field() string {
	for _, p := range asList(a.obj["invalidParams"]) {
		return p.(map[string]any)["name"].(string)
	}
	return ""
}

// do calls pattern ("GET /api/v1/kandidaten/{id}") with id filled in, an
// optional query ("?naam=x") and a JSON body (nil for none).
func (ac *apiClient) do(t *testing.T, pattern string, id int64, query string, body any) answer {
	t.Helper()
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.Replace(path, "{id}", fmt.Sprint(id), 1)
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, ac.ts.URL+path+query, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := ac.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
	json.Unmarshal(b, &a.obj)
	where := fmt.Sprintf("%s as %s -> %d", pattern, ac.name, a.status)
	if resp.Header.Get("API-Version") == "" {
		t.Errorf("%s: no API-Version header", where)
	}
	for _, h := range []string{"Location", "Content-Location"} {
		if nineDigits.MatchString(resp.Header.Get(h)) {
			t.Errorf("%s: %s %q looks like it carries a BSN", where, h, resp.Header.Get(h))
		}
	}
	if a.status >= 300 && resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("%s: Content-Type %q, want application/problem+json", where, resp.Header.Get("Content-Type"))
	}
	if a.status < 300 {
		ac.seen[pattern] = true
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Errorf("%s: body is not JSON: %s", where, b)
	} else {
		checkRequired(t, where, v, responseSchema(t, pattern, a.status))
	}
	return a
}

// want fails unless the answer has status (and, for a 400, the field).
func (a answer) want(t *testing.T, what string, status int, field ...string) answer {
	t.Helper()
	if a.status != status {
		t.Errorf("%s: status %d, want %d: %s", what, a.status, status, a.body)
	} else if len(field) > 0 && a.field() != field[0] {
		t.Errorf("%s: invalidParams names %q, want %q: %s", what, a.field(), field[0], a.body)
	}
	return a
}
