package main

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"werkpad/store"
	"werkpad/store/storetest"
)

// TestLoadOnTwoServers runs the load test briefly: on SQLite with one
// server; on PostgreSQL with two servers on one database; and with two
// servers through PgBouncer in transaction mode (when the test script
// started one: WERKPAD_TEST_PGBOUNCER). Every request goes to the next
// server, so a session made on one is used on the other, a report job
// started on one is fetched from the other and writes come from both.
// Not a timing test: errors and coverage count.
func TestLoadOnTwoServers(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo region")
	}
	ctx := context.Background()
	pg, bouncer := os.Getenv("WERKPAD_TEST_POSTGRES_URL"), os.Getenv("WERKPAD_TEST_PGBOUNCER")
	for _, tc := range []struct {
		name      string
		d         store.Dialect
		instances int
	}{{"sqlite", store.SQLite, 1}, {"postgres", store.Postgres, 2}, {"pgbouncer", store.Postgres, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.d == store.Postgres && pg == "" {
				t.Skip("WERKPAD_TEST_POSTGRES_URL is not set")
			}
			o := loadOptions{Scale: 1, Seed: 1, Users: 20, Duration: 6 * time.Second, Think: 50 * time.Millisecond, Instances: tc.instances}
			if tc.name == "sqlite" {
				o.CPUProfile = filepath.Join(t.TempDir(), "cpu.prof") // --cpuprofile
			}
			var dbURL string
			switch tc.name {
			case "pgbouncer":
				if bouncer == "" {
					t.Skip("WERKPAD_TEST_PGBOUNCER is not set (scripts/test starts PgBouncer)")
				}
				dbURL, o.ServeURL = pgbouncerDatabase(t, pg, bouncer)
			default:
				u, cleanup, err := benchDatabase(ctx, tc.d, t.TempDir(), pg, 1)
				if err != nil {
					t.Fatal(err)
				}
				defer cleanup()
				dbURL = u
			}
			res, err := loadTest(ctx, dbURL, o)
			if err != nil {
				t.Fatal(err)
			}
			if res.ErrorCount > 0 {
				t.Errorf("%d errors, first: %v", res.ErrorCount, res.Errors)
			}
			if o.CPUProfile != "" {
				// A profile is gzip-compressed protobuf.
				if b, err := os.ReadFile(o.CPUProfile); err != nil || len(b) < 100 || b[0] != 0x1f || b[1] != 0x8b {
					t.Errorf("no CPU profile in %s (%d bytes, %v)", o.CPUProfile, len(b), err)
				}
			}
			if len(res.PerInstance) != tc.instances {
				t.Fatalf("servers: %v", res.PerInstance)
			}
			for i, n := range res.PerInstance {
				if n < 20 {
					t.Errorf("server %d answered %d requests", i, n)
				}
			}
			seen := map[string]int{}
			for _, r := range res.Routes {
				seen[r.Name] = len(r.Times)
			}
			for _, name := range []string{"kandidaatpagina", "zoeken op naam", "nieuwe kandidaat (API, POST)", "startpagina gemeente", "vacature met matches", "/sw"} {
				if seen[name] == 0 {
					t.Errorf("no successful %q in %d requests: %v", name, res.Requests, seen)
				}
			}
		})
	}
}

// pgbouncerDatabase makes a database for the test and returns the direct
// address (to fill it) and the one through PgBouncer (to serve from it),
// which uses pgx's exec mode: no named prepared statements, which a
// transaction pooler cannot keep.
func pgbouncerDatabase(t *testing.T, pg, bouncer string) (direct, pooled string) {
	direct = storetest.PostgresDatabase(t, pg, "werkpad_load")
	u, _ := url.Parse(direct)
	p := *u
	p.Host = bouncer
	q := p.Query()
	q.Set("default_query_exec_mode", "exec")
	p.RawQuery = q.Encode()
	return direct, p.String()
}

// TestLoadProfileNotWritable: a --cpuprofile that cannot be written is a
// usage error before anything is generated.
func TestLoadProfileNotWritable(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := run(t, "", "bench", "load", "--dir", dir, "--cpuprofile", filepath.Join(dir, "bestaat-niet", "cpu"))
	if code != 2 || out != "" || !strings.Contains(stderr, "--cpuprofile: ") || !strings.Contains(stderr, "kan niet worden geschreven") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 2 and the option named", code, out, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("something was made in --dir: %v", entries)
	}
}
