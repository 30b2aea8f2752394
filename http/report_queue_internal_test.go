package http

import (
	"context"
	"errors"
	"testing"
	"time"

	"werkpad"
	"werkpad/report"
	"werkpad/store"
	"werkpad/store/storetest"
)

// TestReportsQueue: a server computes one report at a time; a request that
// waits for its turn and gives up gets its context's error and computes
// nothing; once the slot is free the report is made.
func TestReportsQueue(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	s := NewServer()
	s.Indicators, s.Reports = store.NewIndicatorService(db), report.Renderer{}
	ctx := werkpad.NewContextWithActor(context.Background(), &werkpad.Actor{
		User: &werkpad.User{Email: "c@mgr.nl", Role: werkpad.RoleController}, Via: "test"})
	rq := reportQuery{Period: werkpad.Period{From: werkpad.NewDate(2024, 1, 1), To: werkpad.NewDate(2024, 6, 30)}}
	steps := 0
	step := func(int, string) error { steps++; return nil }

	s.reportSlots <- struct{}{} // another report is being computed
	wait, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := s.buildReport(wait, rq, step); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting for a busy slot: %v, want the deadline", err)
	}
	if steps != 0 {
		t.Errorf("a report that never got its turn reported %d steps", steps)
	}
	<-s.reportSlots
	req, err := s.buildReport(ctx, rq, step)
	if err != nil {
		t.Fatal(err)
	}
	if req.Current == nil || req.Previous == nil || steps == 0 {
		t.Errorf("report after the slot was freed: current %v, previous %v, %d steps", req.Current, req.Previous, steps)
	}
	if len(s.reportSlots) != 0 {
		t.Errorf("the slot stays taken after the report")
	}
}
