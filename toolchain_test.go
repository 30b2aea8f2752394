package werkpad_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"werkpad"
)

func TestCheckGoVersion(t *testing.T) {
	for _, v := range []string{"go1.26.8", "go1.26.10", "go1.25.9", "go1.26"} {
		err := werkpad.CheckGoVersion(v)
		if err == nil || !strings.Contains(werkpad.ErrorMessage(err), "gebouwd met "+v+", maar heeft minstens "+werkpad.MinimumGo+" nodig") ||
			!strings.Contains(werkpad.ErrorMessage(err), "GOTOOLCHAIN=auto") {
			t.Errorf("%s: %v", v, err)
		}
	}
	for _, v := range []string{werkpad.MinimumGo, "go1.26.12", "go1.27.0", "go1.27rc1", "devel +abcdef"} {
		if err := werkpad.CheckGoVersion(v); err != nil {
			t.Errorf("%s refused: %v", v, err)
		}
	}
}

// TestMinimumGoIsTheToolchainOfGoMod: the runtime minimum is the toolchain
// go.mod pins, so that raising one raises the other.
func TestMinimumGoIsTheToolchainOfGoMod(t *testing.T) {
	b, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^toolchain (go\S+)$`).FindSubmatch(b)
	if m == nil || string(m[1]) != werkpad.MinimumGo {
		t.Errorf("go.mod toolchain %q, werkpad.MinimumGo %q", m, werkpad.MinimumGo)
	}
}
