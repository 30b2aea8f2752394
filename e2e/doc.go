// Package e2e holds the browser tests: they build the real werkpad binary,
// start it on a free port with a fresh database, drive Debian's Chromium
// through chromedp and run axe-core on every page visited, failing on any
// WCAG 2.0/2.1 A or AA violation.
//
// Without Chromium (WERKPAD_CHROMIUM or chromium on PATH) and axe-core
// (WERKPAD_AXE_JS) the tests skip locally and fail under CI=true; run
// scripts/test, which installs both. It imports no werkpad package: it
// talks to the binary only over HTTP and the command line.
package e2e
