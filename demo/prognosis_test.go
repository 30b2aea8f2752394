package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"werkpad"
	"werkpad/demo"
	"werkpad/store"
	"werkpad/store/storetest"
)

// TestPrognosisOnDemo measures the year-end prognosis (werkpad.Prognose)
// on the demo region: it predicts 31-12-2023 from the records of
// 01-01 t/m 30-06-2023 and sets the prediction beside what the records of
// the whole of 2023 give. It asserts the method, not a figure: a linear
// indicator is the half-year value × 365/181, a carried one is the
// half-year value; the errors are logged for the note of issue 20
// (go test -run TestPrognosisOnDemo -v ./demo).
func TestPrognosisOnDemo(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	if _, err := demo.Generate(context.Background(), db, testSealer(t), demo.Options{Scale: 1, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	svc := store.NewIndicatorService(db)
	h1 := werkpad.Period{From: werkpad.NewDate(2023, 1, 1), To: werkpad.NewDate(2023, 6, 30)}
	year := werkpad.Period{From: werkpad.NewDate(2023, 1, 1), To: werkpad.NewDate(2023, 12, 31)}
	half, err := svc.Indicators(controllerCtx, h1, nil)
	if err != nil {
		t.Fatal(err)
	}
	full, err := svc.Indicators(controllerCtx, year, nil)
	if err != nil {
		t.Fatal(err)
	}
	hv, fv := half.RegionTotals(), full.RegionTotals()
	var b strings.Builder
	fmt.Fprintf(&b, "| indicator | methode | H1 2023 | prognose 31-12-2023 | werkelijk 2023 | fout | fout %% |\n|---|---|---:|---:|---:|---:|---:|\n")
	var absSum, actSum int64
	for _, k := range werkpad.IndicatorKeys {
		if k.Unit() != werkpad.UnitCount {
			continue
		}
		p, ok := werkpad.Prognose(k, h1, hv[k])
		if !ok {
			t.Fatalf("%s: no prognosis from 01-01 t/m 30-06", k)
		}
		want := hv[k]
		if werkpad.PrognosisMethodOf(k) == werkpad.PrognosisLinear {
			want = (hv[k]*365*2 + 181) / (2 * 181)
		}
		if p != want {
			t.Errorf("%s: prognosis %d, want %d by its method", k, p, want)
		}
		diff := p - fv[k]
		pct := "–"
		if fv[k] != 0 {
			pct = fmt.Sprintf("%.1f", 100*float64(diff)/float64(fv[k]))
		}
		if diff < 0 {
			absSum -= diff
		} else {
			absSum += diff
		}
		actSum += fv[k]
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %+d | %s |\n", k, werkpad.PrognosisMethodOf(k), hv[k], p, fv[k], diff, pct)
	}
	t.Logf("prognosis from H1 2023 against the whole of 2023 (demo, scale 1, seed 1); sum |error| / sum actual = %.1f%%\n%s",
		100*float64(absSum)/float64(max(actSum, 1)), b.String())
}
