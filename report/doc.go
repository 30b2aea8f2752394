// Package report makes the Tussenrapportage of the WerkBedrijf from the
// indicators computed from the records: per municipality every indicator
// with the year-on-year comparison, and the regional part with the sum of
// the municipalities beside the figure as published and the difference
// (docs/DESIGN.md, "Indicators": a difference is shown, never corrected).
//
// It writes the report as JSON, CSV, XLSX, HTML (with inline SVG charts)
// and PDF, and suppresses small counts in exports marked public (see
// Suppress). Renderer implements werkpad.ReportRenderer for the web server
// and the command line.
//
// It imports the domain (werkpad) and report/published only, besides its
// file-format libraries (excelize, fpdf); never another adapter.
package report
