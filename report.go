package werkpad

import "io"

// ReportFormat is a file format of the Tussenrapportage.
type ReportFormat string

const (
	ReportHTML ReportFormat = "html" // a standalone page with its own print stylesheet
	ReportPDF  ReportFormat = "pdf"
	ReportXLSX ReportFormat = "xlsx"
	ReportCSV  ReportFormat = "csv"
	ReportJSON ReportFormat = "json"
	// ReportFragment is the body of the HTML page (tables and charts), to be
	// placed inside the web UI's own layout.
	ReportFragment ReportFormat = "fragment"
)

// ReportFormats are the formats a user can download.
var ReportFormats = []ReportFormat{ReportHTML, ReportPDF, ReportXLSX, ReportCSV, ReportJSON}

// ReportRequest is what a report is made from: the indicators of the period
// and of the same period a year earlier, computed in the caller's scope.
type ReportRequest struct {
	Current, Previous *IndicatorSet
	// Public marks an export for publication: small counts are suppressed
	// (see report.Suppress).
	Public bool
	// SuppressBelow is the small-cell threshold for a public export; 0
	// means the default (5).
	SuppressBelow int
	// Region includes the regional part (sum of the municipalities, the
	// published figure and the difference). A municipality user gets it
	// only when the operator allows aggregated figures.
	Region bool
	// Chart is the indicator of the bar chart per municipality; empty
	// means placements 0-28 uur.
	Chart IndicatorKey
}

// ReportRenderer writes the Tussenrapportage from computed indicators.
// Package report implements it; the HTTP server gets one injected, so that
// no adapter imports another.
type ReportRenderer interface {
	RenderReport(w io.Writer, format ReportFormat, req ReportRequest) error
}

// PreviousYear returns the same period one year earlier, for the
// year-on-year comparison.
func (p Period) PreviousYear() Period {
	return Period{From: p.From.AddYears(-1), To: p.To.AddYears(-1)}
}
