package http

import (
	"context"
	"errors"
	"testing"
)

// TestReportTurn: with one slot a second report waits (and says so) until
// the first is done, and gives up when its request ends; the default is
// at least one slot.
func TestReportTurn(t *testing.T) {
	s := &Server{ReportSlots: 1}
	ctx := context.Background()
	first, err := s.reportTurn(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}

	// A request that ends while it waits gets its context's error.
	gone, cancel := context.WithCancel(ctx)
	var told string
	_, err = s.reportTurn(gone, func(_ int, message string) error {
		told = message
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || told == "" {
		t.Fatalf("waiting turn: err %v, told %q", err, told)
	}

	// A waiting report goes on when the first is done.
	waiting, got := make(chan struct{}), make(chan error)
	go func() {
		done, err := s.reportTurn(ctx, func(int, string) error { close(waiting); return nil })
		if err == nil {
			done()
		}
		got <- err
	}()
	<-waiting
	first()
	if err := <-got; err != nil {
		t.Fatal(err)
	}

	// A free slot is taken without waiting.
	done, err := s.reportTurn(ctx, func(int, string) error { return errors.New("told to wait with a free slot") })
	if err != nil {
		t.Fatal(err)
	}
	done()

	var d Server
	done, err = d.reportTurn(ctx, nil)
	if err != nil || cap(d.reportGate) < 1 {
		t.Fatalf("default slots: err %v, %d slots", err, cap(d.reportGate))
	}
	done()
}
