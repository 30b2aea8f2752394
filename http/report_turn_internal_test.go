package http

import (
	"context"
	"errors"
	"testing"

	"werkpad"
)

// TestReportTurn: with one slot a second report of the region waits (and
// says so) until the first is done, and gives up when its request ends; a
// report of a municipality does not wait; the default is at least one
// slot.
func TestReportTurn(t *testing.T) {
	s := &Server{ReportSlots: 1}
	ctx := werkpad.NewContextWithActor(context.Background(), &werkpad.Actor{User: &werkpad.User{Role: werkpad.RoleController}})
	region := reportQuery{}
	first, err := s.reportTurn(ctx, region, nil)
	if err != nil {
		t.Fatal(err)
	}

	// A request that ends while it waits gets its context's error.
	gone, cancel := context.WithCancel(ctx)
	var told string
	_, err = s.reportTurn(gone, region, func(_ int, message string) error {
		told = message
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || told == "" {
		t.Fatalf("waiting turn: err %v, told %q", err, told)
	}

	// A report of some municipalities, or of a municipality's user, goes
	// ahead.
	never := func(int, string) error { return errors.New("told to wait") }
	done, err := s.reportTurn(ctx, reportQuery{Municipalities: []string{"GM0944"}}, never)
	if err != nil {
		t.Fatal(err)
	}
	done()
	mook := werkpad.NewContextWithActor(context.Background(), &werkpad.Actor{User: &werkpad.User{Role: werkpad.RoleMunicipality, Municipalities: []string{"GM0944"}}})
	if done, err = s.reportTurn(mook, region, never); err != nil {
		t.Fatal(err)
	}
	done()

	// A waiting report goes on when the first is done.
	waiting, got := make(chan struct{}), make(chan error)
	go func() {
		done, err := s.reportTurn(ctx, region, func(int, string) error { close(waiting); return nil })
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
	done, err = s.reportTurn(ctx, region, never)
	if err != nil {
		t.Fatal(err)
	}
	done()

	var d Server
	done, err = d.reportTurn(ctx, region, nil)
	if err != nil || cap(d.reportGate) < 1 {
		t.Fatalf("default slots: err %v, %d slots", err, cap(d.reportGate))
	}
	done()
}
