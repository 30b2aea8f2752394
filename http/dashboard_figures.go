package http

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"werkpad"
)

// The dashboards of the gemeente and the controller: referrals, signals,
// figures of the current half year and the DVO.

// halfYear returns the half year of day up to and including day, and the
// same days one year earlier.
func halfYear(day werkpad.Date) (cur, prev werkpad.Period, label string) {
	from := werkpad.NewDate(day.Y, 1, 1)
	label = "1e halfjaar " + strconv.Itoa(day.Y)
	if day.M > 6 {
		from = werkpad.NewDate(day.Y, 7, 1)
		label = "2e halfjaar " + strconv.Itoa(day.Y)
	}
	return werkpad.Period{From: from, To: day}, werkpad.Period{From: from.AddYears(-1), To: day.AddYears(-1)}, label
}

// halfYearOf returns the half year "2024-1" (or "2024-2") up to and
// including day when it is the current one, and the same days one year
// earlier; false when the text is not such a half year or lies after day.
func halfYearOf(text string, day werkpad.Date) (cur, prev werkpad.Period, label string, ok bool) {
	y, h, found := strings.Cut(text, "-")
	year, err := strconv.Atoi(y)
	if !found || err != nil || (h != "1" && h != "2") || year < 2022 {
		return cur, prev, "", false
	}
	end := werkpad.NewDate(year, 6, 30)
	if h == "2" {
		end = werkpad.NewDate(year, 12, 31)
	}
	start := werkpad.NewDate(year, 1, 1)
	if h == "2" {
		start = werkpad.NewDate(year, 7, 1)
	}
	if start.After(day) {
		return cur, prev, "", false
	}
	if end.After(day) {
		end = day
	}
	return werkpad.Period{From: start, To: end}, werkpad.Period{From: start.AddYears(-1), To: end.AddYears(-1)}, h + "e halfjaar " + y, true
}

// halfYearCode is the query value of the half year that starts on from.
func halfYearCode(from werkpad.Date) string {
	if from.M > 6 {
		return strconv.Itoa(from.Y) + "-2"
	}
	return strconv.Itoa(from.Y) + "-1"
}

// halfYearOptions lists the half years from 2022 up to day, newest first.
func halfYearOptions(day werkpad.Date) []option {
	var opts []option
	for y := day.Y; y >= 2022; y-- {
		for _, h := range []string{"2", "1"} {
			if _, _, label, ok := halfYearOf(strconv.Itoa(y)+"-"+h, day); ok {
				opts = append(opts, option{strconv.Itoa(y) + "-" + h, label})
			}
		}
	}
	return opts
}

// dashIndicators are the figures the dashboards show, with a short label
// that fits a bar chart.
var dashIndicators = []struct {
	Key   werkpad.IndicatorKey
	Short string
}{
	{werkpad.IndPlacementsUpTo28, "Plaatsingen 0-28 uur"},
	{werkpad.IndPlacementsOver28, "Plaatsingen > 28 uur"},
	{werkpad.IndNUGPlacementsPartTime, "NUG-plaatsingen parttime"},
	{werkpad.IndNUGPlacementsFullTime, "NUG-plaatsingen fulltime"},
	{werkpad.IndExitsToWork, "Uitstroom naar werk"},
	{werkpad.IndWorkWithBenefit, "Werkplek met behoud"},
	{werkpad.IndOWNWActive, "Op Weg Naar Werk"},
}

// figureRow is one indicator: this period, and the same period last year
// when compared.
type figureRow struct {
	Label      string
	Cur, Prev  int64
	Difference int64
}

// figures is the comparison table and chart of a dashboard.
type figures struct {
	Label     string // "2e halfjaar 2026"
	Cur, Prev werkpad.Period
	PrevLabel string
	CurLabel  string
	Rows      []figureRow
	Chart     chart
	Compare   bool
	AllZero   bool
	// Choice is the half year asked for ("2024-1"), Options the half years
	// to choose from; FellBack is set when the current half year had no
	// figures yet and the last half year with figures is shown instead.
	Choice   string
	Options  []option
	FellBack string
}

// figures computes the dashboard figures of the half year choice, or of
// the current half year; when that has no figures yet, of the last half
// year that has (at most four years back).
func (s *Server) figures(ctx context.Context, day werkpad.Date, choice string, compare bool, chartID string) (*figures, error) {
	if s.Indicators == nil {
		return nil, nil
	}
	cur, prev, label, chosen := halfYearOf(choice, day)
	if !chosen {
		cur, prev, label = halfYear(day)
	}
	// Only the dashboard's figures are computed (the report has the rest).
	keys := make([]werkpad.IndicatorKey, len(dashIndicators))
	for i, di := range dashIndicators {
		keys[i] = di.Key
	}
	// A half year and the same one a year earlier are two independent
	// snapshots: compute them side by side (the page waits for the slower).
	pair := func(c, p werkpad.Period) (cur, prev map[werkpad.IndicatorKey]int64, err error) {
		var wg sync.WaitGroup
		var perr error
		if compare {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ps, err := s.Indicators.IndicatorsOf(ctx, p, nil, keys)
				if err != nil {
					perr = err
					return
				}
				prev = ps.RegionTotals()
			}()
		}
		set, err := s.Indicators.IndicatorsOf(ctx, c, nil, keys)
		wg.Wait()
		if err != nil {
			return nil, nil, err
		}
		if perr != nil {
			return nil, nil, perr
		}
		return set.RegionTotals(), prev, nil
	}
	// A half year without a placement that starts in it and without an
	// exit to work has all the dashboard's figures at zero: that is known
	// from two counts, without computing every indicator (the start page
	// then falls back to the last half year with work).
	idle := func(p werkpad.Period) (bool, error) {
		quiet := werkpad.WithoutProcessing(ctx)
		_, n, err := s.Placements.FindPlacements(quiet, werkpad.PlacementFilter{StartedIn: &p, Page: werkpad.Page{Limit: 1}})
		if err != nil || n > 0 {
			return false, err
		}
		_, n, err = s.Exits.FindExits(quiet, werkpad.ExitFilter{Reason: werkpad.ExitWork, DatedIn: &p, Page: werkpad.Page{Limit: 1}})
		return n == 0, err
	}
	var curTotals, prevTotals map[werkpad.IndicatorKey]int64
	var err error
	empty := false
	if !chosen && s.Placements != nil && s.Exits != nil {
		if empty, err = idle(cur); err != nil {
			return nil, err
		}
	}
	if !empty {
		if curTotals, prevTotals, err = pair(cur, prev); err != nil {
			return nil, err
		}
	}
	fellBack := ""
	firstCur, firstPrev, firstLabel := cur, prev, label
	for back := 0; !chosen && back < 8 && dashAllZero(curTotals); back++ {
		if back == 0 {
			fellBack = label
		}
		c, p, l, _ := halfYearOf(halfYearCode(cur.From.AddDays(-1)), day)
		cur, prev, label, curTotals, prevTotals = c, p, l, nil, nil
		if s.Placements != nil && s.Exits != nil {
			if empty, err := idle(c); err != nil {
				return nil, err
			} else if empty {
				continue
			}
		}
		if curTotals, prevTotals, err = pair(c, p); err != nil {
			return nil, err
		}
	}
	if dashAllZero(curTotals) && fellBack != "" {
		// Nothing in the last four years: show the current half year.
		cur, prev, label, fellBack = firstCur, firstPrev, firstLabel, ""
		if curTotals, prevTotals, err = pair(cur, prev); err != nil {
			return nil, err
		}
	}
	f := &figures{Label: label, Cur: cur, Prev: prev, Compare: compare, FellBack: fellBack,
		Choice: halfYearCode(cur.From), Options: halfYearOptions(day),
		CurLabel: strconv.Itoa(cur.From.Y), PrevLabel: strconv.Itoa(prev.From.Y)}
	var labels []string
	var values [][]int64
	f.AllZero = true
	for _, di := range dashIndicators {
		row := figureRow{Label: di.Key.Label(), Cur: curTotals[di.Key], Prev: prevTotals[di.Key]}
		row.Difference = row.Cur - row.Prev
		if row.Cur != 0 || row.Prev != 0 {
			f.AllZero = false
		}
		f.Rows = append(f.Rows, row)
		labels = append(labels, di.Short)
		if compare {
			values = append(values, []int64{row.Prev, row.Cur})
		} else {
			values = append(values, []int64{row.Cur})
		}
	}
	if compare {
		f.Chart = newChart(chartID, "Eigen cijfers "+label+" en dezelfde periode vorig jaar",
			"Staafdiagram: per cijfer een staaf voor vorig jaar ("+prev.String()+") en een voor dit jaar ("+cur.String()+"). De tabel bij deze grafiek geeft dezelfde aantallen.",
			[]chartSeries{{Label: strconv.Itoa(prev.From.Y), Class: "werkpad-chart__bar werkpad-chart__bar--prev"}, {Label: strconv.Itoa(cur.From.Y), Class: "werkpad-chart__bar"}},
			labels, values)
	} else {
		f.Chart = newChart(chartID, "Regionale cijfers "+label,
			"Staafdiagram van de regionale cijfers van "+cur.String()+". De tabel bij deze grafiek geeft dezelfde aantallen.",
			[]chartSeries{{Label: "Regio", Class: "werkpad-chart__bar"}}, labels, values)
	}
	return f, nil
}

// dashAllZero reports a half year without work recorded: no placement and
// no exit started in it (enrolments that merely run on do not count).
func dashAllZero(totals map[werkpad.IndicatorKey]int64) bool {
	for _, k := range []werkpad.IndicatorKey{werkpad.IndPlacementsUpTo28, werkpad.IndPlacementsOver28,
		werkpad.IndNUGPlacementsPartTime, werkpad.IndNUGPlacementsFullTime, werkpad.IndExitsToWork} {
		if totals[k] != 0 {
			return false
		}
	}
	return true
}

// municipalityDash is the start page of a gemeente user.
type municipalityDash struct {
	Statuses      []statusCount
	Referrals     []*werkpad.Referral
	ReferralTotal int
	Signals       []*werkpad.Signal
	SignalTotal   int
	Figures       *figures
	Budget        *budgetUse
}

type statusCount struct {
	Label, Href string
	Count       int
}

// budgetUse is the DVO of the caller's municipalities for one year.
type budgetUse struct {
	Year                      int
	CurrentYear               int
	Totals                    []werkpad.Total
	Href                      map[string]string
	Budget, Agreed, Remaining werkpad.Cents
	Version                   string
	// Carried says why the year shown is governed by a tacitly extended
	// agreement (art. 16.1); empty otherwise.
	Carried string
}

func (s *Server) municipalityDashboard(ctx context.Context, day werkpad.Date, choice string) (*municipalityDash, error) {
	d := &municipalityDash{}
	var err error
	d.Referrals, d.ReferralTotal, err = s.Referrals.FindReferrals(ctx, werkpad.ReferralFilter{Page: werkpad.Page{Limit: dashListLen}})
	if err != nil {
		return nil, err
	}
	for _, st := range []werkpad.ReferralStatus{werkpad.ReferralReferred, werkpad.ReferralIntakePlanned, werkpad.ReferralIntakeHeld, werkpad.ReferralReported} {
		_, n, err := s.Referrals.FindReferrals(werkpad.WithoutProcessing(ctx), werkpad.ReferralFilter{Status: st, Page: werkpad.Page{Limit: 1}}) // a count
		if err != nil {
			return nil, err
		}
		d.Statuses = append(d.Statuses, statusCount{Label: st.Label(), Count: n, Href: "/aanmeldingen?status=" + string(st)})
	}
	d.Signals, d.SignalTotal, err = s.Signals.FindSignals(ctx, werkpad.SignalFilter{AwaitingDecision: true, Page: werkpad.Page{Limit: dashListLen}})
	if err != nil {
		return nil, err
	}
	if d.Figures, err = s.figures(ctx, day, choice, true, "grafiek-eigen-cijfers"); err != nil {
		return nil, err
	}
	if d.Budget, err = s.budgetUse(ctx, day); err != nil {
		return nil, err
	}
	return d, nil
}

// budgetUse sums the DVO in force on day (tacitly extended when its period
// has ended, art. 16.1) for the municipalities in scope, for day's year or,
// when the agreement has no such year, the last year before it.
func (s *Server) budgetUse(ctx context.Context, day werkpad.Date) (*budgetUse, error) {
	inForce, err := s.Agreements.FindAgreementInForce(ctx, day)
	if err != nil {
		return nil, err
	}
	if inForce.Agreement == nil {
		return nil, nil
	}
	a := inForce.Agreement
	totals := werkpad.Totals(a)
	show := 0
	for _, t := range totals {
		if t.Year <= day.Y {
			show = max(show, t.Year)
		}
	}
	if show == 0 {
		return nil, nil
	}
	b := &budgetUse{Year: show, CurrentYear: day.Y, Href: map[string]string{}, Version: a.Version}
	if a.Carried(show) {
		b.Carried = inForce.Describe()
	}
	for _, t := range totals {
		if t.Year != show {
			continue
		}
		b.Totals = append(b.Totals, t)
		b.Href[t.Municipality] = yearHref(a.Version, t.Municipality, t.Year)
		b.Budget += t.BudgetCents
		b.Agreed += t.AgreedCents
		b.Remaining += t.RemainingCents()
	}
	return b, nil
}

// controllerDash is the start page of a controller: the region.
type controllerDash struct {
	Figures        *figures
	Errors, Infos  int
	YearsChecked   int
	YearsWithError int
}

func (s *Server) controllerDashboard(ctx context.Context, day werkpad.Date, choice string) (*controllerDash, error) {
	d := &controllerDash{}
	var err error
	if d.Figures, err = s.figures(ctx, day, choice, false, "grafiek-regio"); err != nil {
		return nil, err
	}
	versions, err := s.Agreements.FindAgreements(ctx)
	if err != nil {
		return nil, err
	}
	for _, v := range versions {
		a, err := s.Agreements.FindAgreement(ctx, v.Version, werkpad.Date{})
		if err != nil {
			return nil, err
		}
		for _, yv := range yearViews(a) {
			d.YearsChecked++
			d.Errors += yv.Errors
			d.Infos += yv.Infos
			if yv.Errors > 0 {
				d.YearsWithError++
			}
		}
	}
	return d, nil
}
