package werkpad

import (
	"context"
	"io"
	"slices"
	"strconv"
	"sync"
)

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
	// FigureLinks is the start of the address of a figure's drill-down
	// ("/rapportages/cijfer?van=…&tot=…"); the web page links every figure
	// to it with &indicator= and &gemeente=. Empty: no links (downloads).
	FigureLinks string
	// NoRegionLinks leaves the regional sums without a link: their sum is
	// over a selection of municipalities, the drill-down over the scope.
	NoRegionLinks bool
	// Fixed is set when Current holds the figures of a fixed report
	// (vastgesteld); the outputs say so.
	Fixed *ReportFix

	// The chapters beside the indicators, read in the caller's scope (nil:
	// the chapter is left out). Without Region the renderer drops their
	// regional figures: the SW and LKS region, the toegevoegde waarde and
	// every finance row that is not about one municipality.
	SW  *SWChapter
	LKS *LKSChapter
	// SWUnavailable and LKSUnavailable say, in Dutch, why that chapter could
	// not be computed for the period (for example a minimum wage werkpad
	// does not know); the report says so in the chapter's place and renders
	// the rest.
	SWUnavailable, LKSUnavailable string
	// Finance are the finance tables of FinanceYear as
	// FinanceService.FindFinanceTables returns them; FinanceYear 0 leaves
	// the finance chapter out.
	Finance     []*FinanceTable
	FinanceYear int

	// Norms are the indicator norms of NormsYear in the caller's scope
	// (art. 13); NormsYear 0 leaves the norms and prognosis chapter out.
	Norms     []Norm
	NormsYear int

	// Complaints are the complaint figures of ComplaintsPeriod per
	// municipality in scope and, last, the region (Code ""), as
	// ComplaintService.ComplaintFigures returns them; nil leaves the
	// chapter out.
	Complaints       []ComplaintFigures
	ComplaintsPeriod Period

	// LocalChoices is the progress on the local choices (art. 5-11 DVO,
	// reported per art. 14.2) of LocalChoicesYear per municipality in
	// scope: agreed per card item against realised per half year. Empty
	// leaves the chapter out.
	LocalChoices     []*Realisation
	LocalChoicesYear int

	// Satisfaction is the candidate satisfaction chapter (art. 14.1) of
	// the report's period in the caller's scope; nil leaves it out.
	Satisfaction *SatisfactionChapter
}

// LocalChoiceService reads the art. 14.2 progress (AgreementService).
type LocalChoiceService interface {
	FindAgreementInForce(ctx context.Context, on Date) (*InForceOn, error)
	FindRealisation(ctx context.Context, version, municipality string, year int) (*Realisation, error)
}

// ReportSources are the services the chapters of a report are read from;
// a nil service leaves its chapter out.
type ReportSources struct {
	SW         SWService
	LKS        LKSService
	Finance    FinanceService
	Norms      NormService
	Complaints ComplaintService
	// LocalChoices gives the chapter on the local choices; nil leaves it
	// out.
	LocalChoices LocalChoiceService
	// Satisfaction gives the candidate satisfaction chapter; nil leaves it
	// out.
	Satisfaction SurveyService
}

// Compute reads what a report of period shows in ctx's scope: the
// indicators of the period and of a year earlier (ind), and the chapters.
// The three are independent reads, each one snapshot of its own as they
// were when read one after the other, so they run side by side and the
// report waits for the slowest, not for their sum; only the local-choices
// chapter, which lists the municipalities of the period's indicators,
// follows them. step (may be nil) is told the progress as each part is
// done; an error from it stops the rest. codes selects municipalities
// (already checked against the scope), as for IndicatorService.Indicators:
// the chapters then keep only those municipalities and lose their regional
// figures, which are about the whole scope. The finance tables are those
// of the year period ends in.
func (s ReportSources) Compute(ctx context.Context, ind IndicatorService, period Period, codes []string, step func(pct int, message string) error) (ReportRequest, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		done     int
		firstErr error
	)
	// finish records a part's end (or its error) and tells step.
	finish := func(part string, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err == nil && firstErr == nil && step != nil {
			done++
			err = step(5+done*25, part+" klaar ("+strconv.Itoa(done)+" van 3)")
		}
		if err != nil && firstErr == nil {
			firstErr = err
			cancel()
		}
	}
	if step != nil {
		if err := step(5, "Indicatoren en hoofdstukken berekenen"); err != nil {
			return ReportRequest{}, err
		}
	}
	var req, chapters ReportRequest
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		var err error
		req.Current, err = ind.Indicators(ctx, period, codes)
		finish("Indicatoren van de periode", err)
	}()
	go func() {
		defer wg.Done()
		var err error
		req.Previous, err = ind.Indicators(ctx, period.PreviousYear(), codes)
		finish("Indicatoren van een jaar eerder", err)
	}()
	go func() {
		defer wg.Done()
		finish("Hoofdstukken SW, LKS, klachten en financiën", s.addChapters(ctx, &chapters, period, codes))
	}()
	wg.Wait()
	if firstErr != nil {
		return ReportRequest{}, firstErr
	}
	cur, prev := req.Current, req.Previous
	req = chapters
	req.Current, req.Previous = cur, prev
	if s.LocalChoices != nil {
		if err := s.addLocalChoices(ctx, &req, period); err != nil {
			return ReportRequest{}, err
		}
	}
	if len(codes) > 0 {
		req.onlyMunicipalities(codes)
	}
	return req, nil
}

func (req *ReportRequest) onlyMunicipalities(codes []string) {
	keep := func(c string) bool { return slices.Contains(codes, c) }
	if sw := req.SW; sw != nil {
		c := *sw
		c.Municipalities = slices.DeleteFunc(slices.Clone(c.Municipalities), func(f SWMunicipalityFigures) bool { return !keep(f.Code) })
		c.Region, c.AddedValue = SWMunicipalityFigures{}, nil
		req.SW = &c
	}
	if lks := req.LKS; lks != nil {
		c := *lks
		c.Municipalities = slices.DeleteFunc(slices.Clone(c.Municipalities), func(f LKSFigures) bool { return !keep(f.Code) })
		c.Region = LKSFigures{}
		req.LKS = &c
	}
	var tables []*FinanceTable
	for _, t := range req.Finance {
		tables = append(tables, t.OnlyMunicipalities(keep))
	}
	req.Finance = ReportFinanceTables(tables, false)
	if sat := req.Satisfaction; sat != nil {
		c := *sat
		c.Municipalities = slices.DeleteFunc(slices.Clone(c.Municipalities), func(f SatisfactionFigures) bool { return !keep(f.Code) })
		req.Satisfaction = &c
	}
	if req.Complaints != nil {
		req.Complaints = slices.DeleteFunc(slices.Clone(req.Complaints), func(f ComplaintFigures) bool { return !keep(f.Code) })
	}
	req.LocalChoices = slices.DeleteFunc(slices.Clone(req.LocalChoices), func(r *Realisation) bool { return !keep(r.Municipality) })
}

// swChapterIn is an SWService that reads the chapter of some
// municipalities only (store.SWService): a selection then costs in
// proportion to its own records.
type swChapterIn interface {
	SWChapterIn(ctx context.Context, period Period, codes []string) (*SWChapter, error)
}

// lksChapterIn is the same for the LKS chapter (store.LKSService).
type lksChapterIn interface {
	LKSChapterIn(ctx context.Context, period Period, codes []string) (*LKSChapter, error)
}

func (s ReportSources) addChapters(ctx context.Context, req *ReportRequest, period Period, codes []string) error {
	var err error
	if s.SW != nil {
		if in, ok := s.SW.(swChapterIn); ok && len(codes) > 0 {
			req.SW, err = in.SWChapterIn(ctx, period, codes)
		} else {
			req.SW, err = s.SW.SWChapter(ctx, period)
		}
		if err != nil {
			if req.SWUnavailable, err = chapterUnavailable(err); err != nil {
				return err
			}
		}
	}
	if s.LKS != nil {
		if in, ok := s.LKS.(lksChapterIn); ok && len(codes) > 0 {
			req.LKS, err = in.LKSChapterIn(ctx, period, codes)
		} else {
			req.LKS, err = s.LKS.LKSChapter(ctx, period)
		}
		if err != nil {
			if req.LKSUnavailable, err = chapterUnavailable(err); err != nil {
				return err
			}
		}
	}
	if s.Norms != nil {
		req.NormsYear = period.To.Y
		if req.Norms, err = s.Norms.FindNorms(ctx, req.NormsYear); err != nil {
			return err
		}
	}
	if s.Complaints != nil {
		req.ComplaintsPeriod = period
		if req.Complaints, err = s.Complaints.ComplaintFigures(ctx, period); err != nil {
			return err
		}
	}
	if s.Satisfaction != nil {
		if req.Satisfaction, err = s.Satisfaction.SatisfactionChapter(ctx, period, codes); err != nil {
			return err
		}
	}
	if s.Finance != nil {
		req.FinanceYear = period.To.Y
		if req.Finance, err = s.Finance.FindFinanceTables(ctx, req.FinanceYear); err != nil {
			return err
		}
		// The notes of a table per municipality quote other municipalities'
		// figures ("bv. Berg en Dal SE 102,5"): only for who sees them all.
		if u := UserFromContext(ctx); u == nil || !u.AllMunicipalities() {
			for i, t := range req.Finance {
				if t.PerMunicipality() && len(t.Notes) > 0 {
					c := *t
					c.Notes = nil
					req.Finance[i] = &c
				}
			}
		}
	}
	return nil
}

// chapterUnavailable turns an error of a chapter into the reason the report
// gives in its place: an EINVALID error is about the period (the chapter
// cannot be computed for it) and is told to the reader; any other error
// fails the report.
func chapterUnavailable(err error) (string, error) {
	if ErrorCode(err) != EINVALID {
		return "", err
	}
	return ErrorMessage(err), nil
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

// addLocalChoices reads the realisation of the year period ends in for every
// municipality of the report, from the agreement in force on the period's
// last day. A municipality without agreed lines that year is left out; no
// agreement in force leaves the chapter out.
func (s ReportSources) addLocalChoices(ctx context.Context, req *ReportRequest, period Period) error {
	in, err := s.LocalChoices.FindAgreementInForce(ctx, period.To)
	if ErrorCode(err) == ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if in.Version == nil { // before the first agreement
		return nil
	}
	year := period.To.Y
	for _, m := range req.Current.Municipalities {
		r, err := s.LocalChoices.FindRealisation(ctx, in.Version.Version, m.Code, year)
		switch {
		case ErrorCode(err) == ENOTFOUND:
			continue
		case err != nil:
			return err
		}
		if len(r.Lines) > 0 {
			req.LocalChoices = append(req.LocalChoices, r)
		}
	}
	if len(req.LocalChoices) > 0 {
		req.LocalChoicesYear = year
	}
	return nil
}
