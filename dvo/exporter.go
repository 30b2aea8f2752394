package dvo

import (
	"io"

	"werkpad"
)

// Exporter is WriteXLSX and WriteCSV as a werkpad.AgreementExporter, for
// adapters (the HTTP server) that may not import this package.
type Exporter struct{}

var _ werkpad.AgreementExporter = Exporter{}

// WriteXLSX calls WriteXLSX.
func (Exporter) WriteXLSX(w io.Writer, a *werkpad.Agreement, totals []werkpad.Total, findings []werkpad.Finding) error {
	return WriteXLSX(w, a, totals, findings)
}

// WriteCSV calls WriteCSV.
func (Exporter) WriteCSV(w io.Writer, a *werkpad.Agreement) error { return WriteCSV(w, a) }
