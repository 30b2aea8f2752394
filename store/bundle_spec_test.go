package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad/store"
	"werkpad/store/storetest"
)

// TestBundleDocs keeps docs/BUNDLE.md equal to what the spec generates.
func TestBundleDocs(t *testing.T) {
	path := filepath.Join("..", store.BundleDocPath)
	want := store.BundleDoc()
	if os.Getenv("WERKPAD_UPDATE_DOCS") != "" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; generate it with: WERKPAD_UPDATE_DOCS=1 go test ./store -run TestBundleDocs", err)
	}
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("%s differs from the spec (store/bundle_spec.go); regenerate with: WERKPAD_UPDATE_DOCS=1 go test ./store -run TestBundleDocs\n(-spec +file):\n%s", store.BundleDocPath, diff)
	}
}

var createTable = regexp.MustCompile(`(?i)CREATE TABLE (?:IF NOT EXISTS )?([a-z_0-9]+)`)

// TestBundleCoversSchema fails when a table of the migrations is neither in
// the bundle nor on the documented exclusion list, so that a new migration
// cannot be left out of the bundle silently; and when a column of a bundled
// table is neither in the spec nor on BundleOmitted.
func TestBundleCoversSchema(t *testing.T) {
	listed := map[string]string{}
	for _, k := range store.BundleKinds {
		listed[k.Table] = "spec"
		if k.File != k.Table+".csv" {
			t.Errorf("%s: file %s, want %s.csv", k.Table, k.File, k.Table)
		}
		for _, c := range k.Columns {
			if c.Desc == "" {
				t.Errorf("%s.%s has no description", k.Table, c.Name)
			}
		}
	}
	// The import loads in spec order: a kind after every kind it refers to.
	for i, k := range store.BundleKinds {
		for _, c := range k.Columns {
			if c.Ref == "" {
				continue
			}
			table, col, _ := strings.Cut(c.Ref, ".")
			j := slices.IndexFunc(store.BundleKinds, func(r store.BundleKind) bool { return r.Table == table })
			if j < 0 || j >= i || !slices.ContainsFunc(store.BundleKinds[j].Columns, func(rc store.BundleColumn) bool { return rc.Name == col }) {
				t.Errorf("%s.%s refers to %s, which is not a column of a kind loaded before it", k.Table, c.Name, c.Ref)
			}
		}
	}
	for _, e := range store.BundleExcluded {
		if listed[e.Table] != "" {
			t.Errorf("%s is both in the bundle and excluded", e.Table)
		}
		if e.Reason == "" {
			t.Errorf("excluded %s has no reason", e.Table)
		}
		listed[e.Table] = "excluded"
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		files, err := filepath.Glob(filepath.Join("migrations", dialect, "*.sql"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no migrations for %s: %v", dialect, err)
		}
		seen := map[string]bool{}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range createTable.FindAllStringSubmatch(string(b), -1) {
				seen[m[1]] = true
				if listed[m[1]] == "" {
					t.Errorf("%s: table %s is neither in the bundle (store/bundle_spec.go BundleKinds) nor on BundleExcluded", filepath.Base(f), m[1])
				}
			}
		}
		for table := range listed {
			if !seen[table] {
				t.Errorf("%s is in the bundle spec but in no %s migration", table, dialect)
			}
		}
	}
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			db, err := store.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			driver, q := "sqlite", `SELECT name FROM pragma_table_info(?)`
			if d == store.Postgres {
				driver, q = "pgx", `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
			}
			raw, err := sql.Open(driver, url)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, k := range store.BundleKinds {
				var want []string
				for _, c := range k.Columns {
					if c.Type == store.BundleBSN {
						want = append(want, "bsn_encrypted", "bsn_hash", "bsn_last4")
					} else {
						want = append(want, c.Name)
					}
				}
				for _, o := range store.BundleOmitted[k.Table] {
					want = append(want, o.Column)
				}
				rows, err := raw.Query(q, k.Table)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for rows.Next() {
					var name string
					rows.Scan(&name)
					got = append(got, name)
				}
				rows.Close()
				slices.Sort(want)
				slices.Sort(got)
				if !slices.Equal(want, got) {
					t.Errorf("%s: the table has columns %s, the spec (with BundleOmitted) %s", k.Table, strings.Join(got, ","), strings.Join(want, ","))
				}
			}
		})
	}
}
