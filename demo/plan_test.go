package demo

import (
	"testing"
)

func TestPlanNotes(t *testing.T) {
	r, err := Plan(1)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range r.plans {
		n += len(p.persons)
	}
	t.Logf("persons: %d, caseload from events %v, targets %v %v", n, r.t.caseloadFromEvents, r.t.region[0].caseload, r.t.region[1].caseload)
	for _, s := range r.Notes() {
		t.Log(s)
	}
}
