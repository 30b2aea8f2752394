package werkpad

import "io"

// AgreementExporter writes an agreement, with its totals and findings, in
// a file format for spreadsheets. Package dvo implements it; the HTTP
// server gets one injected, so that no adapter imports another.
type AgreementExporter interface {
	// WriteXLSX writes a workbook with one sheet per municipality in a.
	WriteXLSX(w io.Writer, a *Agreement, totals []Total, findings []Finding) error
	// WriteCSV writes one row per line and extra agreement of a.
	WriteCSV(w io.Writer, a *Agreement) error
}
