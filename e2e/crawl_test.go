package e2e

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCrawlWithDemoData walks the pages the demo accounts reach by their
// links, on a database with the demo region, and checks every kind of page
// once, as the first account that reaches it, with axe at 1280 and 375 px
// and for sideways scrolling at 375 px: the independent browser crawl,
// done by us, so that a page no other test visits is still looked at with
// data. A kind of page is its path with the numbers taken out
// and municipality codes taken out (/kandidaten/17 and /kandidaten/18 are
// one, /gemeenten/GM0268 and /gemeenten/GM1945 too); downloads, the API and
// sign-out are not followed, and links are only read (GET), never
// submitted. TestDashboards checks every role's start page.
func TestCrawlWithDemoData(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.demo(t)
	number, code := regexp.MustCompile(`/[0-9]+`), regexp.MustCompile(`GM[0-9]{4}`)
	kindOf := func(p string) string { return code.ReplaceAllString(number.ReplaceAllString(p, "/{id}"), "{gemeente}") }
	skip := regexp.MustCompile(`\.(pdf|xlsx|csv|json|css|js|svg|png)$|^/(uitloggen|api/|static/|metrics)`)
	seen := map[string]bool{}
	const perRole = 100 // at most, kinds of page a role checks
	for _, email := range []string{"controller@demo.werkpad.nl", "consulent@demo.werkpad.nl", "werkgeversadviseur@demo.werkpad.nl",
		"nijmegen@demo.werkpad.nl", "beheerder@demo.werkpad.nl"} {
		if h.passwords[email] == "" {
			t.Fatalf("the demo printed no password for %s", email)
		}
		role := strings.TrimSuffix(email, "@demo.werkpad.nl")
		ctx := h.browser(t)
		h.signIn(t, ctx, email)
		queue, visited := []string{"/"}, 0
		for i := 0; i < len(queue) && visited < perRole; i++ {
			p := queue[i]
			u, _ := url.Parse(p)
			switch key := kindOf(u.Path); {
			case !seen[key]:
				seen[key] = true
				visited++
				h.visit(t, ctx, "crawl-"+role+strings.NewReplacer("/", "_", "{", "", "}", "").Replace(key), p)
			case i == 0: // the start page, checked by TestDashboards: its links only
				if err := chromedp.Do(ctx, chromedp.Navigate(h.url+p)); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
			default:
				continue
			}
			links, err := evalJS[[]string](ctx, `[...document.querySelectorAll('a[href]')]
				.filter(a => !a.hasAttribute('download') && a.origin === location.origin)
				.map(a => a.pathname + a.search)`)
			if err != nil {
				t.Fatalf("%s: links: %v", p, err)
			}
			for _, l := range links {
				lu, err := url.Parse(l)
				if err != nil || seen[kindOf(lu.Path)] || skip.MatchString(lu.Path) || slices.Contains(queue, l) {
					continue
				}
				queue = append(queue, l)
			}
		}
		t.Logf("%s: %d kinds of page", role, visited)
	}
	if len(seen) < 35 { // 41 on the demo of 07-12-2026
		t.Errorf("the crawl reached only %d kinds of page", len(seen))
	}
	for k := range seen {
		t.Log(k)
	}
}
