package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// testBrowser is a Browser of the installed Chromium, closed when t ends;
// without Chromium t is skipped (failed under CI).
func testBrowser(t *testing.T) *Browser {
	t.Helper()
	chromium := Chromium()
	if chromium == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is needed under CI")
		}
		t.Skip("no Chromium")
	}
	b := NewBrowser(chromium)
	t.Cleanup(b.Close)
	return b
}

// testPage is a small standalone page numbered i.
func testPage(i int) []byte {
	return fmt.Appendf(nil, `<!doctype html><html lang="nl"><head><title>Pagina %d</title></head><body><h1>Pagina %d</h1></body></html>`, i, i)
}

// printTestPage prints testPage(i) with b and checks that a PDF came out.
func printTestPage(ctx context.Context, b *Browser, i int) error {
	var out bytes.Buffer
	if err := b.PrintPDF(ctx, &out, testPage(i)); err != nil {
		return err
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
		return fmt.Errorf("page %d: not a PDF: %.20q", i, out.Bytes())
	}
	return nil
}

// TestBrowserKeepsRunning: one Browser prints pages side by side in tabs of
// one Chromium, and after that Chromium is killed the next page starts a
// new one instead of failing.
func TestBrowserKeepsRunning(t *testing.T) {
	b := testBrowser(t)
	print := func(i int) error { return printTestPage(context.Background(), b, i) }
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() { errs[i] = print(i) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	b.mu.Lock()
	first := chromedp.FromContext(b.running).Browser.Process()
	b.mu.Unlock()
	if first == nil {
		t.Fatal("no Chromium process")
	}
	if err := print(3); err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	same := chromedp.FromContext(b.running).Browser.Process().Pid == first.Pid
	b.mu.Unlock()
	if !same {
		t.Fatal("a second page started a second Chromium")
	}
	if err := first.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := print(4); err != nil {
		t.Fatalf("after Chromium was killed: %v", err)
	}
	b.mu.Lock()
	again := chromedp.FromContext(b.running).Browser.Process().Pid != first.Pid
	b.mu.Unlock()
	if !again {
		t.Fatal("the page after the kill did not start a new Chromium")
	}
	// A cancelled request stops its page, not the browser.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.PrintPDF(ctx, &bytes.Buffer{}, testPage(5)); err == nil {
		t.Fatal("a cancelled request printed")
	}
	if err := print(6); err != nil {
		t.Fatalf("after a cancelled request: %v", err)
	}
}

// TestBrowserStartTimesOut: a Chromium that never comes up (here a script
// that only sleeps) fails the PDF after the start timeout instead of
// holding it for good, and is stopped.
func TestBrowserStartTimesOut(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "chromium")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\nexec sleep 600\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	b := NewBrowser(fake)
	b.startTimeout = 500 * time.Millisecond
	defer b.Close()
	began := time.Now()
	err := b.PrintPDF(context.Background(), &bytes.Buffer{}, []byte("<!doctype html><title>x</title>"))
	if err == nil || !strings.Contains(err.Error(), "niet gestart binnen") {
		t.Fatalf("err = %v, want a start timeout", err)
	}
	if waited := time.Since(began); waited > 30*time.Second {
		t.Fatalf("waited %s for a Chromium that never started", waited)
	}
	b.mu.Lock()
	kept := b.running != nil
	b.mu.Unlock()
	if kept {
		t.Fatal("a browser that never started is kept")
	}
}

// TestBrowserKeepsTabs: a tab that printed waits for the next page (the
// PDF of a report came 0,4–0,5 s sooner from a kept tab at scale 100),
// blank, no more than maxIdleTabs wait, a closed one is not used again,
// and a cancelled page's tab is not kept.
func TestBrowserKeepsTabs(t *testing.T) {
	b := testBrowser(t)
	print := func(ctx context.Context, i int) error { return printTestPage(ctx, b, i) }
	idle := func() []*printTab {
		b.mu.Lock()
		defer b.mu.Unlock()
		return slices.Clone(b.idle)
	}
	if err := print(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	kept := idle()
	if len(kept) != 1 {
		t.Fatalf("%d tabs kept after one page, want 1", len(kept))
	}
	// It holds no page any more (a page may be a person's data).
	if at, err := chromedp.Run(kept[0].ctx, chromedp.Evaluate[string](`document.URL`)); err != nil || at != "about:blank" {
		t.Fatalf("the kept tab is at %q (%v), want about:blank", at, err)
	}
	if err := print(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	if again := idle(); len(again) != 1 || again[0] != kept[0] {
		t.Fatal("the second page did not print in the kept tab")
	}
	// Four side by side: four tabs, of which maxIdleTabs are kept.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = print(context.Background(), 10+i) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := len(idle()); n != maxIdleTabs {
		t.Fatalf("%d tabs kept, want %d", n, maxIdleTabs)
	}
	// A kept tab that was closed is left for a new one.
	for _, tab := range idle() {
		tab.close()
	}
	if err := print(context.Background(), 20); err != nil {
		t.Fatalf("after the kept tabs were closed: %v", err)
	}
	for _, tab := range idle() {
		if tab.ctx.Err() != nil {
			t.Fatal("a closed tab is kept")
		}
	}
	// A cancelled page does not keep its tab.
	before := len(idle())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := print(ctx, 21); err == nil {
		t.Fatal("a cancelled request printed")
	}
	if n := len(idle()); n != before-1 {
		t.Fatalf("%d tabs kept after a cancelled page, want %d", n, before-1)
	}
}
