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

// blocks collects many large values read one at a time. A value never
// moves once added (next gives it in place, to scan into), so the reads of
// a report work on pointers into the blocks (pointers) and never copy the
// records: copying a region's SW employees into one slice cost more than a
// tenth of a second of a report at scale 100, most of it the garbage
// collector's write barriers. values copies them once for callers that
// want one slice: growing one slice by appending would copy a large
// record about four times over.
type blocks[T any] struct {
	b [][]T
	n int
}

// next adds a zero value and returns it, to be filled in place.
func (l *blocks[T]) next() *T {
	if len(l.b) == 0 || len(l.b[len(l.b)-1]) == cap(l.b[len(l.b)-1]) {
		l.b = append(l.b, make([]T, 0, 4096))
	}
	last := &l.b[len(l.b)-1]
	*last = (*last)[:len(*last)+1]
	l.n++
	return &(*last)[len(*last)-1]
}

// pointers returns a pointer to every value, in the order added; nil when
// there are none.
func (l *blocks[T]) pointers() []*T {
	if l.n == 0 {
		return nil
	}
	out := make([]*T, 0, l.n)
	for _, b := range l.b {
		for i := range b {
			out = append(out, &b[i])
		}
	}
	return out
}

// values copies the values behind pointers into one slice.
func values[T any](ps []*T) []T {
	if ps == nil {
		return nil
	}
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}
