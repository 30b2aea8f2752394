package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// A norm recorded with its source appears beside the realisation in the
// report; an indicator without one says "geen norm vastgesteld".
func TestNormInReport(t *testing.T) {
	db := migrated(t, filepath.Join(t.TempDir(), "w.db"))
	if code, _, stderr := run(t, "", "norm", "set", "--database-url", db, "--indicator", "exits_to_work", "--year", "2024",
		"--value", "600"); code != 2 || !strings.Contains(stderr, "--source") {
		t.Errorf("a norm without source: %d %q", code, stderr)
	}
	if code, _, stderr := run(t, "", "norm", "set", "--database-url", db, "--indicator", "exits_to_work", "--year", "2024",
		"--value", "600", "--source", "test: geen echte norm"); code != 0 {
		t.Fatalf("norm set: %d %s", code, stderr)
	}
	code, out, _ := run(t, "", "norm", "list", "--database-url", db, "--year", "2024")
	if code != 0 || !strings.Contains(out, "test: geen echte norm") || !strings.Contains(out, "geen norm vastgesteld") {
		t.Errorf("norm list: %d %q", code, out)
	}
	code, out, stderr := run(t, "", "report", "--database-url", db, "--from", "01-01-2024", "--to", "30-06-2024", "--format", "json")
	if code != 0 {
		t.Fatalf("report: %d %s", code, stderr)
	}
	var rep struct {
		Cycle map[string]struct {
			Tables []struct {
				Key   string   `json:"key"`
				Notes []string `json:"notes"`
				Rows  []struct {
					Key    string         `json:"key"`
					Values map[string]any `json:"values"`
				} `json:"rows"`
			} `json:"tables"`
		} `json:"cycle"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, tb := range rep.Cycle["normen"].Tables {
		if tb.Key != "normen_REGIO" {
			continue
		}
		if !strings.Contains(strings.Join(tb.Notes, " "), "geen norm vastgesteld") {
			t.Errorf("notes do not say what an empty norm means: %v", tb.Notes)
		}
		for _, r := range tb.Rows {
			switch r.Key {
			case "exits_to_work":
				found = r.Values["norm"] == 600.0
			case "placements_upto28":
				if r.Values["norm"] != nil {
					t.Errorf("placements_upto28 has a norm %v, none was recorded", r.Values["norm"])
				}
			}
		}
	}
	if !found {
		t.Errorf("the regional norm 600 of exits_to_work is not in the report: %s", out[:min(len(out), 400)])
	}
}
