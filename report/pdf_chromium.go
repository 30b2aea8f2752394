package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Chromium returns the headless Chromium that prints the PDF: the one
// WERKPAD_CHROMIUM names, or else the first of Chromiums; "" when there is
// none.
func Chromium() string {
	if p := os.Getenv("WERKPAD_CHROMIUM"); p != "" {
		return p
	}
	if all := Chromiums(); len(all) > 0 {
		return all[0]
	}
	return ""
}

// Chromiums are the installed Chromiums that can print the PDF, the
// fastest first: a headless shell (Google's chrome-headless-shell, Debian's
// chromium-headless-shell), then a full chromium, chromium-browser or
// google-chrome on the PATH. The headless shell prints the same tagged PDF
// as the full browser (the region's report at scale 100, 49 pages: 2,0–2,4
// s against 3,5–4,2 s, back to back in one warm browser each). Debian's
// /usr/bin/chromium-headless-shell is a script that does not exec the
// browser, so a browser stopped through it would leave its child running:
// the binary behind it is used instead.
func Chromiums() []string {
	var out []string
	for _, name := range []string{"chrome-headless-shell", debianHeadlessShell, "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// debianHeadlessShell is the browser of Debian's chromium-headless-shell
// package.
const debianHeadlessShell = "/usr/lib/chromium/chromium-headless-shell"

// WriteTaggedPDF prints the standalone HTML page of r (WriteHTML) to an A4
// PDF with headless Chromium at chromium: a tagged PDF (structure tree for
// screen readers, PDF/UA-style), with the document outline, the title of
// the HTML <title> and the language of <html lang="nl">.
func (r *Report) WriteTaggedPDF(ctx context.Context, w io.Writer, chromium string) error {
	b := NewBrowser(chromium)
	defer b.Close()
	return r.PrintTaggedPDF(ctx, w, b)
}

// PrintTaggedPDF is WriteTaggedPDF printed by a running browser.
func (r *Report) PrintTaggedPDF(ctx context.Context, w io.Writer, b *Browser) error {
	var html bytes.Buffer
	if err := r.WriteHTML(&html); err != nil {
		return err
	}
	return b.PrintPDF(ctx, w, html.Bytes())
}

// PrintPDF prints a standalone HTML page (its own styles, no external
// resources) to a tagged A4 PDF with a headless Chromium at chromium
// started for this one page (the command line; a server keeps a Browser).
func PrintPDF(ctx context.Context, w io.Writer, html []byte, chromium string) error {
	b := NewBrowser(chromium)
	defer b.Close()
	return b.PrintPDF(ctx, w, html)
}

// Browser is a headless Chromium that prints PDFs, started at its first
// page and kept running for the next ones: starting Chromium costs 1–2,5
// s, more than printing most reports. Pages are printed side by side, each
// in a tab of its own; a tab that printed is kept, blank, for the next
// page (up to maxIdleTabs wait): a kept tab printed the region's report at
// scale 100 0,4–0,5 s sooner than a new one, which is opened and laid out
// for print first. It is safe for concurrent use. When the
// browser has gone (crashed, killed), the next page starts a new one.
type Browser struct {
	path         string
	startTimeout time.Duration // 0: a minute

	mu      sync.Mutex
	running context.Context // the browser's; nil when not running
	stop    func()
	dir     string
	idle    []*printTab // tabs of running that wait for a page
}

// maxIdleTabs is how many printed tabs wait, blank, for a next page.
const maxIdleTabs = 2

// printTab is a tab laid out for print.
type printTab struct {
	ctx     context.Context // the tab's
	close   context.CancelFunc
	browser context.Context // the browser it is a tab of
}

// NewBrowser returns a Browser for the Chromium at path; it starts nothing
// yet.
func NewBrowser(path string) *Browser { return &Browser{path: path} }

// Close stops the browser and removes its files.
func (b *Browser) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closeLocked()
}

func (b *Browser) closeLocked() {
	for _, t := range b.idle {
		t.close()
	}
	b.idle = nil
	if b.stop != nil {
		b.stop()
	}
	if b.dir != "" {
		os.RemoveAll(b.dir)
	}
	b.running, b.stop, b.dir = nil, nil, ""
}

// start returns the running browser's context, starting it when needed.
func (b *Browser) start(ctx context.Context) (context.Context, string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running != nil && b.running.Err() == nil {
		return b.running, b.dir, nil
	}
	b.closeLocked()
	dir, err := os.MkdirTemp("", "werkpad-pdf-")
	if err != nil {
		return nil, "", err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(b.path),
		chromedp.DisableGPU,
		chromedp.UserDataDir(filepath.Join(dir, "profiel")),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses its sandbox as root
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelB := chromedp.NewContext(actx)
	// The browser lives in a context of its own (chromedp stops it with
	// the context of its first run), so the wait for its start is bounded
	// here: by ctx and by startTimeout.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	wait := b.startTimeout
	if wait == 0 {
		wait = time.Minute
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case err = <-started:
	case <-ctx.Done():
		err = ctx.Err()
	case <-timer.C:
		err = fmt.Errorf("niet gestart binnen %s", wait)
	}
	if err != nil {
		cancelB()
		cancelA()
		os.RemoveAll(dir)
		return nil, "", fmt.Errorf("Chromium (%s): %w", b.path, err)
	}
	b.running, b.stop, b.dir = bctx, func() { cancelB(); cancelA() }, dir
	return bctx, dir, nil
}

// PrintPDF prints a standalone HTML page (its own styles, no external
// resources) to a tagged A4 PDF in a tab of its own (a kept one when one
// waits), within two minutes and as long as ctx lasts. A browser found
// gone is started again once; a kept tab that fails is tried once more
// in a new tab.
func (b *Browser) PrintPDF(ctx context.Context, w io.Writer, html []byte) error {
	pdf, used, reused, err := b.print(ctx, html)
	if err != nil && used != nil && ctx.Err() == nil {
		var exit *exec.ExitError
		if reused && used.Err() == nil {
			// A kept tab that failed (its page crashed): once more in a
			// new tab.
			pdf, _, _, err = b.print(ctx, html)
		} else if used.Err() != nil || errors.As(err, &exit) {
			b.drop(used)
			pdf, _, _, err = b.print(ctx, html)
		}
	}
	if err != nil {
		return fmt.Errorf("report.PrintPDF: %w", err)
	}
	_, err = w.Write(pdf)
	return err
}

// drop stops the browser of context used when it is still the running one
// (another page may have started a new one already).
func (b *Browser) drop(used context.Context) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running == used {
		b.closeLocked()
	}
}

// print prints html in a tab of the running browser, whose context it
// returns (nil when none could be started), and tells whether the tab had
// printed before.
func (b *Browser) print(ctx context.Context, html []byte) ([]byte, context.Context, bool, error) {
	bctx, dir, err := b.start(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	pdf, reused, err := b.printIn(ctx, bctx, dir, html)
	return pdf, bctx, reused, err
}

// tab returns a kept tab of browser bctx, or else a new one (fresh: not
// yet laid out for print).
func (b *Browser) tab(bctx context.Context) (t *printTab, fresh bool) {
	b.mu.Lock()
	for len(b.idle) > 0 {
		t = b.idle[len(b.idle)-1]
		b.idle = b.idle[:len(b.idle)-1]
		if t.browser == bctx && t.ctx.Err() == nil {
			b.mu.Unlock()
			return t, false
		}
		t.close()
	}
	b.mu.Unlock()
	ctx, cancel := chromedp.NewContext(bctx)
	return &printTab{ctx: ctx, close: cancel, browser: bctx}, true
}

// keep keeps tab t, which printed, for a next page, or closes it.
func (b *Browser) keep(t *printTab) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running == t.browser && t.ctx.Err() == nil && len(b.idle) < maxIdleTabs {
		b.idle = append(b.idle, t)
		return
	}
	t.close()
}

func (b *Browser) printIn(ctx, bctx context.Context, dir string, html []byte) (pdf []byte, reused bool, err error) {
	f, err := os.CreateTemp(dir, "rapportage-*.html")
	if err != nil {
		return nil, false, err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(html); err != nil {
		f.Close()
		return nil, false, err
	}
	if err := f.Close(); err != nil {
		return nil, false, err
	}
	t, fresh := b.tab(bctx)
	tab := t.ctx
	// The tab lives in the browser's context; it is closed when ctx ends
	// or after two minutes, and kept for the next page only when it
	// printed before either.
	stop := context.AfterFunc(ctx, t.close)
	timer := time.AfterFunc(2*time.Minute, t.close)
	defer func() {
		inTime, beforeEnd := timer.Stop(), stop()
		if inTime && beforeEnd && err == nil {
			b.keep(t)
			return
		}
		t.close()
	}()
	yes := true
	margin := 0.6 // inch, about 15 mm as before
	print := func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{
			PaperWidth: 8.27, PaperHeight: 11.69, // A4
			MarginTop: &margin, MarginBottom: &margin, MarginLeft: &margin, MarginRight: &margin,
			PrintBackground:         &yes,
			DisplayHeaderFooter:     &yes,
			HeaderTemplate:          `<span></span>`,
			FooterTemplate:          `<div style="font-size:8px;width:100%;text-align:center"><span class="title"></span> — pagina <span class="pageNumber"></span> van <span class="totalPages"></span></div>`,
			GenerateTaggedPDF:       &yes,
			GenerateDocumentOutline: &yes,
		})
		return res.Data, err
	}
	// The page is laid out for print from the start: printing then lays
	// out less again (the region's report at scale 100: 0,2 s of 2,0).
	printMedia := func(ctx context.Context, t *chromedp.Target) (cdp.Empty, error) {
		return cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	}
	if fresh {
		if _, err := chromedp.Run(tab, printMedia); err != nil {
			return nil, false, fmt.Errorf("Chromium (%s): %w", b.path, err)
		}
	}
	if err := chromedp.Do(tab, chromedp.Navigate("file://"+f.Name())); err != nil {
		return nil, !fresh, fmt.Errorf("Chromium (%s): %w", b.path, err)
	}
	if pdf, err = chromedp.Run(tab, print); err != nil {
		return nil, !fresh, err
	}
	// A kept tab holds no page: the page may be a person's data (a
	// subject-access copy), and it leaves the tab with its file.
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		t.close()
	}
	return pdf, !fresh, nil
}
