package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Chromium returns the headless Chromium that prints the PDF: the one
// WERKPAD_CHROMIUM names, or the first of chromium, chromium-browser,
// google-chrome on the PATH; "" when there is none.
func Chromium() string {
	if p := os.Getenv("WERKPAD_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// WriteTaggedPDF prints the standalone HTML page of r (WriteHTML) to an A4
// PDF with headless Chromium at chromium: a tagged PDF (structure tree for
// screen readers, PDF/UA-style), with the document outline, the title of
// the HTML <title> and the language of <html lang="nl">.
func (r *Report) WriteTaggedPDF(ctx context.Context, w io.Writer, chromium string) error {
	var html bytes.Buffer
	if err := r.WriteHTML(&html); err != nil {
		return err
	}
	return PrintPDF(ctx, w, html.Bytes(), chromium)
}

// PrintPDF prints a standalone HTML page (its own styles, no external
// resources) to a tagged A4 PDF with headless Chromium at chromium.
func PrintPDF(ctx context.Context, w io.Writer, html []byte, chromium string) error {
	dir, err := os.MkdirTemp("", "werkpad-pdf-")
	if err != nil {
		return fmt.Errorf("report.PrintPDF: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "rapportage.html")
	if err := os.WriteFile(file, html, 0o600); err != nil {
		return fmt.Errorf("report.PrintPDF: %w", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
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
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	cctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
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
	if err := chromedp.Do(cctx, chromedp.Navigate("file://"+file)); err != nil {
		return fmt.Errorf("report.WriteTaggedPDF: Chromium (%s): %w", chromium, err)
	}
	b, err := chromedp.Run(cctx, print)
	if err != nil {
		return fmt.Errorf("report.WriteTaggedPDF: %w", err)
	}
	_, err = w.Write(b)
	return err
}
