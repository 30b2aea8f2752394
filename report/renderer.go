package report

import (
	"context"
	"fmt"
	"io"
	"sync"

	"werkpad"
	"werkpad/report/published"
)

// Renderer implements werkpad.ReportRenderer with the published figures of
// the Tussenrapportage 2024 as the reference of the regional part.
type Renderer struct {
	// Browser prints the tagged PDF; nil starts a Chromium for each PDF
	// (when there is one).
	Browser *Browser
}

var (
	pubOnce sync.Once
	pub     *published.Report
	pubErr  error
)

// Published returns the parsed published figures (parsed once).
func Published() (*published.Report, error) {
	pubOnce.Do(func() { pub, pubErr = published.Load() })
	return pub, pubErr
}

// Make builds the report of req: with the published figures, without the
// regional part unless req.Region, suppressed when req.Public.
func Make(req werkpad.ReportRequest) (*Report, error) {
	if req.Current == nil {
		return nil, fmt.Errorf("report: no indicators")
	}
	p, err := Published()
	if err != nil {
		return nil, err
	}
	r := Build(req.Current, req.Previous, p)
	if req.Chart.Valid() {
		r.Chart = req.Chart
	}
	if !req.Region {
		r.Region = nil
	}
	r.addChapters(req)
	r.Fixed = req.Fixed
	if !req.Public {
		r.FigureLinks, r.noRegionLinks = req.FigureLinks, req.NoRegionLinks
	}
	if req.Public {
		r.MakePublic(req.SuppressBelow)
	}
	return r, nil
}

// addChapters takes the chapters of req. Without the regional part their
// regional figures are removed here, whatever the caller passed: the SW and
// LKS region, the toegevoegde waarde (regional by nature) and the finance
// rows about no municipality. The finance checks run on the tables as
// shown (werkpad.ReportFinanceTables).
func (r *Report) addChapters(req werkpad.ReportRequest) {
	r.SWUnavailable, r.LKSUnavailable = req.SWUnavailable, req.LKSUnavailable
	r.addCycleChapters(req)
	if req.SW != nil {
		sw := *req.SW
		if !req.Region {
			sw.Region, sw.AddedValue = werkpad.SWMunicipalityFigures{}, nil
		}
		r.SW = &sw
	}
	if req.LKS != nil {
		lks := *req.LKS
		if !req.Region {
			lks.Region = werkpad.LKSFigures{}
		}
		r.LKS = &lks
	}
	if req.FinanceYear == 0 {
		return
	}
	r.FinanceYear = req.FinanceYear
	tables := werkpad.ReportFinanceTables(req.Finance, req.Region)
	findings, _ := werkpad.CheckFinance(tables)
	for _, t := range tables {
		ft := FinanceTable{Table: t}
		for _, f := range findings {
			if f.Table == t.Key {
				ft.Findings = append(ft.Findings, f)
			}
		}
		r.Finance = append(r.Finance, ft)
	}
}

// RenderReport writes the report of req in format.
func (rr Renderer) RenderReport(w io.Writer, format werkpad.ReportFormat, req werkpad.ReportRequest) error {
	r, err := Make(req)
	if err != nil {
		return err
	}
	switch format {
	case werkpad.ReportJSON:
		return r.WriteJSON(w)
	case werkpad.ReportCSV:
		return r.WriteCSV(w)
	case werkpad.ReportXLSX:
		return r.WriteXLSX(w)
	case werkpad.ReportPDF:
		// A tagged PDF from the HTML page when Chromium is there; without
		// it the simpler, untagged PDF of fpdf.
		if rr.Browser != nil {
			return r.PrintTaggedPDF(context.Background(), w, rr.Browser)
		}
		if c := Chromium(); c != "" {
			return r.WriteTaggedPDF(context.Background(), w, c)
		}
		return r.WritePDF(w)
	case werkpad.ReportHTML:
		return r.WriteHTML(w)
	case werkpad.ReportFragment:
		return r.WriteFragment(w)
	}
	return werkpad.Errorf(werkpad.EINVALID, "Onbekend formaat %q: kies html, pdf, xlsx, csv of json.", format)
}
