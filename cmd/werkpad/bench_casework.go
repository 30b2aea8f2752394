package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"werkpad"
	"werkpad/report"
	"werkpad/store"
)

// caseworkTiming is the latency of one casework query over repeated runs.
type caseworkTiming struct {
	name     string
	p50, p99 time.Duration
	n        int
}

// benchCasework measures the daily casework queries on a filled database:
// the caseload list (with filters, sorting and the total count), the search
// by name and by birth date, and the exact search by BSN. Each query runs
// runs times with different parameters; p99 is the 99th percentile.
func benchCasework(ctx context.Context, db *store.DB, sealer *store.Sealer, runs int) ([]caseworkTiming, error) {
	consultant := &werkpad.User{ID: 0, Email: "bench-consulent", Role: werkpad.RoleConsultant}
	gemeente := &werkpad.User{ID: 0, Email: "bench-gemeente", Role: werkpad.RoleMunicipality, Municipalities: []string{"GM0268"}}
	actx := func(u *werkpad.User) context.Context {
		return werkpad.NewContextWithActor(ctx, &werkpad.Actor{User: u, Via: "cli"})
	}
	svc := store.NewCandidateService(db, sealer)

	// Sample real search terms from the data: surnames, birth dates and BSNs.
	sample, err := store.SampleCandidates(ctx, db, sealer, runs)
	if err != nil {
		return nil, err
	}
	if len(sample) == 0 {
		return nil, fmt.Errorf("geen kandidaten om mee te meten")
	}
	on := werkpad.NewDate(2024, 6, 30)
	phases := []werkpad.Phase{werkpad.PhaseDevelop, werkpad.PhaseMediate, werkpad.PhaseSupport}
	queries := []struct {
		name string
		run  func(i int) error
	}{
		{"caseloadlijst consulent (fase, peildatum, pagina 1, naam)", func(i int) error {
			_, _, err := svc.FindCandidates(actx(consultant), werkpad.CandidateFilter{Phase: phases[i%3], On: on, Page: werkpad.Page{Limit: 50}})
			return err
		}},
		{"caseloadlijst gemeente Nijmegen (pagina 20)", func(i int) error {
			_, _, err := svc.FindCandidates(actx(gemeente), werkpad.CandidateFilter{On: on, Page: werkpad.Page{Offset: 950 + i%5*50, Limit: 50}})
			return err
		}},
		{"caseloadlijst doelgroep jongeren (peildatum)", func(i int) error {
			_, _, err := svc.FindCandidates(actx(consultant), werkpad.CandidateFilter{FocusGroup: werkpad.FocusYouth, On: on, Page: werkpad.Page{Limit: 50}})
			return err
		}},
		{"zoeken op naam", func(i int) error {
			_, _, err := svc.FindCandidates(actx(consultant), werkpad.CandidateFilter{Name: sample[i%len(sample)].Surname, Page: werkpad.Page{Limit: 50}})
			return err
		}},
		{"zoeken op geboortedatum", func(i int) error {
			_, _, err := svc.FindCandidates(actx(consultant), werkpad.CandidateFilter{BirthDate: sample[i%len(sample)].BirthDate, Page: werkpad.Page{Limit: 50}})
			return err
		}},
		{"zoeken op BSN (POST, exact)", func(i int) error {
			_, err := svc.SearchCandidateByBSN(actx(consultant), sample[i%len(sample)].BSN)
			return err
		}},
	}
	var out []caseworkTiming
	for _, q := range queries {
		if err := q.run(0); err != nil { // warm up
			return nil, fmt.Errorf("%s: %w", q.name, err)
		}
		times := make([]time.Duration, 0, runs)
		for i := range runs {
			began := time.Now()
			if err := q.run(i); err != nil {
				return nil, fmt.Errorf("%s: %w", q.name, err)
			}
			times = append(times, time.Since(began))
		}
		slices.Sort(times)
		out = append(out, caseworkTiming{name: q.name, p50: times[len(times)/2], p99: times[(len(times)*99-1)/100], n: len(times)})
	}
	return out, nil
}

func printCaseworkTimings(w io.Writer, dialect store.Dialect, scale int, candidates int64, ts []caseworkTiming) {
	fmt.Fprintf(w, "  zaakwerk %s, schaal %d (%s kandidaten):\n", dialect, scale, report.Dutch(float64(candidates), 0, true))
	ms := func(d time.Duration) string { return report.Dutch(float64(d.Microseconds())/1000, 1, true) }
	for _, t := range ts {
		fmt.Fprintf(w, "    %-74s p50 %7s ms   p99 %7s ms   (%d keer)\n", t.name, ms(t.p50), ms(t.p99), t.n)
	}
}

// pageAim is what a page may take at national scale (issue 18): a start
// page 200 ms, a list 50 ms (API) and any other page 200 ms.
func pageAim(name string) time.Duration {
	switch {
	case strings.HasPrefix(name, "/api/"):
		return 50 * time.Millisecond
	case strings.HasPrefix(name, "rapportage") && strings.Contains(name, "gemeente"):
		return 300 * time.Millisecond // in proportion to the municipality's data
	case strings.HasPrefix(name, "rapportage"), strings.HasPrefix(name, "jaarverslag"):
		return 3 * time.Second
	}
	return 200 * time.Millisecond
}

// plainPassAim is how many times the plain SQL pass over the same rows a
// region's report may take (issue 18).
const plainPassAim = 3

func printPageTimings(w io.Writer, ts []caseworkTiming, plain time.Duration) {
	fmt.Fprintln(w, "  pagina's zoals de gebruiker ze krijgt (HTTP, hele antwoord):")
	ms := func(d time.Duration) string { return report.Dutch(float64(d.Microseconds())/1000, 1, true) }
	for _, t := range ts {
		verdict := "binnen het doel"
		if t.p99 > pageAim(t.name) {
			verdict = "BOVEN het doel"
		}
		fmt.Fprintf(w, "    %-74s p50 %7s ms   p99 %7s ms   doel %s ms: %s\n", t.name, ms(t.p50), ms(t.p99), ms(pageAim(t.name)), verdict)
	}
	for _, t := range ts {
		if t.name != reportJSONPage || plain <= 0 {
			continue
		}
		times := float64(t.p50) / float64(plain)
		verdict := "binnen het doel"
		if times > plainPassAim {
			verdict = "BOVEN het doel"
		}
		fmt.Fprintf(w, "    %-74s %s× de kale SQL-doorgang (%s ms)   doel ≤ %d×: %s\n", t.name, report.Dutch(times, 1, false), ms(plain), plainPassAim, verdict)
	}
}
