package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"werkpad"
)

// harness is one running werkpad server with its own database.
type harness struct {
	bin, db, url string
	passwords    map[string]string // e-mail → password
	cmd          *exec.Cmd
	axe          string
	chromium     string
	shots        string
}

var (
	binPath string // built once in TestMain
)

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "werkpad-e2e")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		binPath = filepath.Join(dir, "werkpad")
		build := exec.Command("go", "build", "-o", binPath, "../cmd/werkpad")
		// The toolchain of go.mod, as scripts/build does: a binary built with
		// an older Go refuses to start.
		build.Env = append(os.Environ(), "GOTOOLCHAIN=auto")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: building werkpad:", err)
			return 1
		}
		defer func() { chromiumStop() }()
		return m.Run()
	}()
	os.Exit(code)
}

// requireBrowser returns Chromium and axe-core, skipping (or failing under
// CI) when they are not installed.
func requireBrowser(t *testing.T) (chromium, axe string) {
	t.Helper()
	chromium = os.Getenv("WERKPAD_CHROMIUM")
	if chromium == "" {
		chromium, _ = exec.LookPath("chromium")
	}
	axe = os.Getenv("WERKPAD_AXE_JS")
	if chromium == "" || axe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium or axe-core missing under CI=true: run scripts/test, which installs them")
		}
		t.Skip("Chromium (WERKPAD_CHROMIUM) or axe-core (WERKPAD_AXE_JS) not available: run scripts/test")
	}
	b, err := os.ReadFile(axe)
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	return chromium, string(b)
}

// run executes the werkpad binary against the harness database.
func (h *harness) run(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(h.bin, args...)
	cmd.Env = append(os.Environ(), "WERKPAD_DATABASE_URL="+h.db)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("werkpad %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// addUser creates an account through the CLI and remembers its password.
func (h *harness) addUser(t *testing.T, email, name, role string, municipalities ...string) {
	t.Helper()
	args := []string{"user", "add", "--email", email, "--name", name, "--role", role}
	for _, m := range municipalities {
		args = append(args, "--municipality", m)
	}
	out := h.run(t, "", args...)
	m := regexp.MustCompile(`Wachtwoord \(wordt één keer getoond\): (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no password in output: %s", out)
	}
	h.passwords[email] = m[1]
}

// demo fills the harness database with the demo region (werkpad demo) and
// remembers the passwords it prints for the demo accounts.
func (h *harness) demo(t *testing.T) {
	t.Helper()
	out := h.run(t, "", "demo")
	for _, m := range regexp.MustCompile(`(\S+@demo\.werkpad\.nl)\s+(\S+)`).FindAllStringSubmatch(out, -1) {
		h.passwords[m[1]] = m[2]
	}
}

// start builds a fresh database, adds one user per role and starts the server.
func start(t *testing.T) *harness {
	t.Helper()
	return startWith(t, "127.0.0.1:0")
}

// startWith is start with the server on addr and extra environment
// variables for werkpad serve.
func startWith(t *testing.T, addr string, env ...string) *harness {
	t.Helper()
	chromium, axe := requireBrowser(t)
	dir := t.TempDir()
	h := &harness{bin: binPath, db: filepath.Join(dir, "werkpad.db"), passwords: map[string]string{},
		axe: axe, chromium: chromium, shots: screenshotDir(t)}
	h.addUser(t, "beheerder@mgr.nl", "Bea Beheer", "beheerder")
	h.addUser(t, "fg@mgr.nl", "Fenna Functionaris", "privacyfunctionaris")
	h.addUser(t, "controller@mgr.nl", "Carla Controle", "controller")
	h.addUser(t, "consulent@werkbedrijf.nl", "Koen Consulent", "consulent")
	h.addUser(t, "adviseur@werkbedrijf.nl", "Wim Werkgever", "werkgeversadviseur")
	h.addUser(t, "klantmanager@nijmegen.nl", "Gert Gemeente", "gemeente", "GM0268")

	h.cmd = exec.Command(h.bin, "serve", "--addr", addr)
	h.cmd.Env = append(append(os.Environ(), "WERKPAD_DATABASE_URL="+h.db), env...)
	stdout, _ := h.cmd.StdoutPipe()
	logFile, _ := os.Create(filepath.Join(dir, "server.log"))
	h.cmd.Stderr = logFile
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		h.cmd.Process.Signal(os.Interrupt)
		h.cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(logFile.Name())
			t.Logf("server log:\n%s", tail(string(b), 4000))
		}
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := regexp.MustCompile(`(http://\S+)`).FindString(sc.Text()); m != "" {
				lines <- m
			}
		}
	}()
	select {
	case h.url = <-lines:
	case <-time.After(20 * time.Second):
		t.Fatal("server did not start within 20 s")
	}
	return h
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// screenshotDir is where checkPage saves its screenshots: WERKPAD_SCREENSHOTS,
// else e2e/screenshots; "" (none) under CI=true without that variable: a
// full-page PNG at both widths of every page was a third of the browser
// tests' time, and nobody looks at a CI machine's files.
func screenshotDir(t *testing.T) string {
	d := os.Getenv("WERKPAD_SCREENSHOTS")
	if d == "" {
		if os.Getenv("CI") == "true" {
			return ""
		}
		d = "screenshots"
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// One headless Chromium serves the whole package; every browser() is a
// new BrowserContext in it (its own cookies and storage, like a fresh
// incognito window) with its own tab, so tests run in parallel without
// paying for a Chromium start each.
var (
	chromiumOnce sync.Once
	chromiumRoot context.Context
	chromiumErr  error
	chromiumStop = func() {}
)

func sharedChromium(path string) (context.Context, error) {
	chromiumOnce.Do(func() {
		dir, err := os.MkdirTemp("", "werkpad-e2e-chromium")
		if err != nil {
			chromiumErr = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.UserDataDir(dir),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("no-first-run", true),
			// Tabs in the background keep their timers and rendering.
			chromedp.Flag("disable-background-timer-throttling", true),
			chromedp.Flag("disable-renderer-backgrounding", true),
			chromedp.Flag("disable-backgrounding-occluded-windows", true),
			chromedp.WindowSize(1280, 900),
		)
		actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelC := chromedp.NewContext(actx)
		chromiumStop = func() { cancelC(); cancelA(); os.RemoveAll(dir) }
		chromiumRoot, chromiumErr = ctx, chromedp.Do(ctx)
	})
	return chromiumRoot, chromiumErr
}

// browser opens a fresh browser session (no shared cookies) at 1280×900.
func (h *harness) browser(t *testing.T) context.Context {
	t.Helper()
	root, err := sharedChromium(h.chromium)
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	ctx, cancelC := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	// A guard against a hung browser, not a timing assertion: the session
	// lives as long as its test (which may generate the demo region first),
	// and parallel tests share two cores.
	ctx, cancelT := context.WithTimeout(ctx, 20*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("opening a browser context: %v", err)
	}
	return ctx
}

// css is shorthand for a CSS selector.
func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// navigateBy runs steps that cause a page load (a click or a submit) and
// waits for the new page.
func navigateBy(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) error {
	_, err := chromedp.RunResponse(ctx, steps...)
	return err
}

// evalJS evaluates expr in the page.
func evalJS[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

func pathOf(ctx context.Context) string {
	p, _ := evalJS[string](ctx, `location.pathname`)
	return p
}

func textOf(ctx context.Context, sel string) string {
	s, _ := chromedp.Run(ctx, chromedp.Text(css(sel)))
	return s
}

// signIn signs in through the form as email.
func (h *harness) signIn(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/inloggen"),
		chromedp.SendKeys(css(`#email`), email),
		chromedp.SendKeys(css(`#wachtwoord`), h.passwords[email])); err != nil {
		t.Fatalf("sign in as %s: %v", email, err)
	}
	if err := navigateBy(ctx, chromedp.Submit(css(`#wachtwoord`))); err != nil {
		t.Fatalf("sign in as %s: %v", email, err)
	}
	if pathOf(ctx) == "/inloggen" {
		t.Fatalf("sign in as %s failed: still on the sign-in page", email)
	}
}

type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any  `json:"target"`
			HTML   string `json:"html"`
		} `json:"nodes"`
	} `json:"violations"`
}

// axeViolations runs axe-core on the current page with the WCAG 2.0 and 2.1
// A and AA rules and describes each violation.
func (h *harness) axeViolations(ctx context.Context) ([]string, error) {
	loaded, err := evalJS[bool](ctx, `typeof axe !== 'undefined'`)
	if err == nil && !loaded {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[any](h.axe))
	}
	if err != nil {
		return nil, err
	}
	res, err := evalJS[axeResult](ctx,
		`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})`)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprintf("%v %s", n.Target, tail(n.HTML, 200)))
		}
		out = append(out, fmt.Sprintf("axe %s: %s\n    %s", v.ID, v.Help, strings.Join(where, "\n    ")))
	}
	return out, nil
}

// checkPage runs axe-core on the current page at 1280 and 375 px wide,
// fails the test on any violation and saves a screenshot at each width
// (when screenshotDir gave a folder).
func (h *harness) checkPage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	for _, width := range []int64{1280, 375} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		violations, err := h.axeViolations(ctx)
		if err != nil {
			t.Fatalf("%s: running axe: %v", name, err)
		}
		for _, v := range violations {
			t.Errorf("%s at %d px: %s", name, width, v)
		}
		if width == 375 {
			if wide, err := tooWide(ctx); err != nil {
				t.Fatalf("%s: measuring the page: %v", name, err)
			} else if wide != "" {
				t.Errorf("%s at 375 px scrolls sideways (WCAG 1.4.10): %s", name, wide)
			}
		}
		if h.shots == "" {
			continue
		}
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(h.shots, fmt.Sprintf("%s-%d.png", name, width)), png, 0o644)
		}
	}
	chromedp.Do(ctx, chromedp.ResetViewport())
}

// tooWide describes a page whose document is wider than the window, with
// the deepest elements that stick out; "" when the page reflows.
func tooWide(ctx context.Context) (string, error) {
	return evalJS[string](ctx, `(() => {
		const doc = document.documentElement, w = window.innerWidth;
		if (doc.scrollWidth <= w) return "";
		const out = [];
		for (const el of document.querySelectorAll("body *")) {
			const r = el.getBoundingClientRect();
			if (r.right <= w + 1 || r.width === 0) continue;
			if ([...el.children].some(c => c.getBoundingClientRect().right > w + 1)) continue;
			let p = el, clipped = false;
			while ((p = p.parentElement) && p !== document.body) {
				const o = getComputedStyle(p).overflowX;
				if (o === "auto" || o === "scroll" || o === "hidden") { clipped = true; break; }
			}
			if (clipped) continue;
			out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + " (" + Math.round(r.right) + " px)");
			if (out.length >= 5) break;
		}
		return "document " + doc.scrollWidth + " px wide in a window of " + w + " px; " + out.join(", ");
	})()`)
}

// visit opens path and checks the page; it returns the page's h1.
func (h *harness) visit(t *testing.T, ctx context.Context, name, path string) string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+path)); err != nil {
		t.Fatalf("%s (%s): %v", name, path, err)
	}
	h1 := textOf(ctx, `main h1`)
	h.checkPage(t, ctx, name)
	return h1
}

// keyboardReach reports whether pressing Tab from the top of the page reaches
// an element matching selector within max presses.
func keyboardReach(ctx context.Context, selector string, max int) (bool, error) {
	if _, err := evalJS[any](ctx, `document.activeElement && document.activeElement.blur(); window.scrollTo(0,0)`); err != nil {
		return false, err
	}
	for i := 0; i < max; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			return false, err
		}
		hit, err := evalJS[bool](ctx, fmt.Sprintf(`!!document.activeElement && document.activeElement.matches(%q)`, selector))
		if err != nil {
			return false, err
		}
		if hit {
			return true, nil
		}
	}
	return false, nil
}

// jsonOf fetches a JSON document from the server within the page's session.
func jsonOf(ctx context.Context, url string, v any) error {
	s, err := evalJS[string](ctx, fmt.Sprintf(`fetch(%q).then(r => r.text())`, url))
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(s), v)
}

// todayOfRun is today in werkpad's time zone for a test that types today's
// date into forms: the server checks them against its own today (a
// complaint confirmed before the day it was received is refused), so a run
// that crossed midnight would see two todays (TestCaseworkFlow failed so
// at 00:00). Within ten minutes of midnight it waits until the new day.
func todayOfRun(t *testing.T) werkpad.Date {
	t.Helper()
	now := time.Now()
	today := werkpad.Today(now)
	for i := 0; i < 11 && werkpad.Today(now.Add(10*time.Minute)) != today; i++ {
		t.Logf("het is bijna middernacht: wacht tot de nieuwe dag (%s)", now.Format(time.TimeOnly))
		time.Sleep(time.Minute)
		now = time.Now()
		today = werkpad.Today(now)
	}
	return today
}
