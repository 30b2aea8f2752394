package werkpad_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDocLinksStayInTheRepo: every relative link in README.md and docs/*.md
// resolves to a file or folder of the repository, and no document points
// outside it (a reader of the repo has nothing next to it).
func TestDocLinksStayInTheRepo(t *testing.T) {
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := filepath.Glob("docs/*.md")
	docs = append([]string{"README.md"}, docs...)
	if len(docs) < 2 {
		t.Fatal("docs/DESIGN.md is missing")
	}
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	outside := regexp.MustCompile("(^|[\\s`(])(\\.\\./|/work/)")
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") || strings.HasPrefix(target, "#") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			path := filepath.Join(filepath.Dir(doc), target)
			abs, _ := filepath.Abs(path)
			if !strings.HasPrefix(abs, root+string(filepath.Separator)) {
				t.Errorf("%s: link %s leaves the repository", doc, m[1])
				continue
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s: link %s does not resolve to a file in the repository", doc, m[1])
			}
			n++
		}
		if doc == "README.md" && n == 0 {
			t.Error("README.md links to no file in the repository (docs/DESIGN.md)")
		}
		for i, line := range strings.Split(string(b), "\n") {
			// Code blocks of commands (cd, relative paths inside the repo's
			// own docs) may use ../ only when the link check above passes;
			// plain text pointing outside is refused.
			if outside.MatchString(line) && !link.MatchString(line) {
				t.Errorf("%s:%d points outside the repository: %s", doc, i+1, line)
			}
		}
	}
}
