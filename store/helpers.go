package store

import (
	"database/sql"
	"time"

	"werkpad"
)

func werkpadNotFound(what string) error {
	return werkpad.Errorf(werkpad.ENOTFOUND, "%s niet gevonden.", what)
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// blocks collects many large values read one at a time and hands them over
// in one slice copied once: growing one slice by appending copies a large
// record about four times over (a region's report reads 100.000 of them).
type blocks[T any] struct {
	b [][]T
	n int
}

func (l *blocks[T]) add(v T) {
	if len(l.b) == 0 || len(l.b[len(l.b)-1]) == cap(l.b[len(l.b)-1]) {
		l.b = append(l.b, make([]T, 0, 4096))
	}
	l.b[len(l.b)-1] = append(l.b[len(l.b)-1], v)
	l.n++
}

// slice returns the values in the order added; nil when there are none.
func (l *blocks[T]) slice() []T {
	if l.n == 0 {
		return nil
	}
	out := make([]T, 0, l.n)
	for _, b := range l.b {
		out = append(out, b...)
	}
	l.b, l.n = nil, 0
	return out
}
