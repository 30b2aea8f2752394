package werkpad

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Today must not depend on the host having zoneinfo installed.
)

// Date is a calendar date without a time zone: a birth date, the start of a
// placement, the last day of a reporting period. The zero Date means "not
// set" (an open end date, an unknown birth date).
//
// Rules compare Dates, never time.Time, so that a report for 30 June gives
// the same answer on a server in UTC and on a laptop in Amsterdam.
type Date struct {
	Y int
	M time.Month
	D int
}

// NewDate returns the Date y-m-d, normalising out-of-range days and months
// the way time.Date does (31 June becomes 1 July).
func NewDate(y int, m time.Month, d int) Date {
	return dateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Y: y, M: m, D: d}
}

var amsterdam = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		// Unreachable with time/tzdata embedded; keep a sane fallback anyway.
		return time.FixedZone("CET", 3600)
	}
	return loc
})

// Today returns the calendar date of now in Europe/Amsterdam: the date a
// consultant in the region sees on the wall, whatever the server's zone.
func Today(now time.Time) Date { return dateOf(now.In(amsterdam())) }

// ParseDate reads a date as a Dutch user types it ("30-06-2024", also
// "30-6-2024") or in ISO form ("2024-06-30"). Surrounding spaces are
// ignored; an impossible date such as 31-02-2024 is refused.
func ParseDate(s string) (Date, error) {
	if d, ok := isoDate(s); ok {
		return d, nil
	}
	s = strings.TrimSpace(s)
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return Date{}, dateError(s)
	}
	var y, m, d int
	var ok bool
	if len(parts[0]) == 4 { // ISO jjjj-mm-dd
		y, ok = atoiN(parts[0], 4, 4)
		if ok {
			m, ok = atoiN(parts[1], 2, 2)
		}
		if ok {
			d, ok = atoiN(parts[2], 2, 2)
		}
	} else { // Dutch d-m-jjjj
		d, ok = atoiN(parts[0], 1, 2)
		if ok {
			m, ok = atoiN(parts[1], 1, 2)
		}
		if ok {
			y, ok = atoiN(parts[2], 4, 4)
		}
	}
	if !ok || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, dateError(s)
	}
	return Date{Y: y, M: time.Month(m), D: d}, nil
}

func dateError(s string) error {
	return Errorf(EINVALID, "%q is geen geldige datum. Gebruik dd-mm-jjjj, bijvoorbeeld 30-06-2024.", s)
}

// atoiN parses a string of minLen..maxLen ASCII digits; no signs, no spaces.
func atoiN(s string, minLen, maxLen int) (int, bool) {
	if len(s) < minLen || len(s) > maxLen {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// isoDate parses exactly jjjj-mm-dd, the form the databases store, without
// allocating: a report scans hundreds of thousands of dates. ok is false
// for anything else, which ParseDate then reads (or refuses) as before.
func isoDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	y, m, d := 0, 0, 0
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return Date{}, false
		}
		switch {
		case i < 4:
			y = y*10 + int(c-'0')
		case i < 7:
			m = m*10 + int(c-'0')
		default:
			d = d*10 + int(c-'0')
		}
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, false
	}
	return Date{Y: y, M: time.Month(m), D: d}, true
}

// daysIn is the number of days of month m of year y (Gregorian, as the
// time package counts).
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// MustParseDate is ParseDate for literals in tests and reference data.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String returns the ISO form "2024-06-30", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D)
}

// Dutch returns the form shown to users, "30-06-2024", or "" for the zero Date.
func (d Date) Dutch() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d-%02d-%04d", d.D, int(d.M), d.Y)
}

// IsZero reports whether the date is not set.
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Y != e.Y:
		return cmpInt(d.Y, e.Y)
	case d.M != e.M:
		return cmpInt(int(d.M), int(e.M))
	default:
		return cmpInt(d.D, e.D)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Time returns midnight UTC of d, for arithmetic and storage drivers.
func (d Date) Time() time.Time { return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC) }

// AddDays returns d moved n days (n may be negative).
func (d Date) AddDays(n int) Date {
	if d.M < time.January || d.M > time.December {
		return dateOf(d.Time().AddDate(0, 0, n))
	}
	return civilDate(d.dayNumber() + n)
}

// dayNumber is the number of days from 1 January 1970 to d (negative
// before), computed as time.Date would normalise d, without building a
// time.Time: a report counts SW days for every employee's every stretch
// (Howard Hinnant's days_from_civil, for a month of 1 to 12; a day past
// the month's end counts on into the next month, as time.Date does).
func (d Date) dayNumber() int {
	y, m := d.Y, int(d.M)
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.D - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilDate is the date of day number z (dayNumber's inverse; Hinnant's
// civil_from_days).
func civilDate(z int) Date {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{Y: y, M: time.Month(m), D: day}
}

// AddYears returns d moved n years. 29 February becomes 28 February in a
// year without it (not 1 March, as time.AddDate would give), so that "one
// year after" never jumps into the next month.
func (d Date) AddYears(n int) Date {
	y := d.Y + n
	day := min(d.D, daysIn(y, d.M))
	return Date{Y: y, M: d.M, D: day}
}

// DaysUntil returns the number of days from d to e (negative if e is before d).
func (d Date) DaysUntil(e Date) int {
	if d.M < time.January || d.M > time.December || e.M < time.January || e.M > time.December {
		return int(e.Time().Sub(d.Time()).Hours() / 24)
	}
	return e.dayNumber() - d.dayNumber()
}

// AgeAt returns the age in whole years on ref of someone born on birth.
// Someone born on 29 February turns a year older on 1 March in a non-leap
// year: on 28 February the birthday has not yet passed. Before birth the
// age is 0.
func AgeAt(birth, ref Date) int {
	if birth.IsZero() || !ref.After(birth) {
		return 0
	}
	age := ref.Y - birth.Y
	if ref.M < birth.M || (ref.M == birth.M && ref.D < birth.D) {
		age--
	}
	return age
}

// MarshalText writes the ISO form; the zero Date is written as "".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the ISO or Dutch form; "" gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the ISO form, which both SQLite and PostgreSQL (DATE) accept
// and which sorts correctly as text; the zero Date is stored as NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date column: a string or []byte in ISO form (a trailing time
// part such as "T00:00:00Z", which some SQLite drivers add, is ignored), a
// time.Time (its calendar date in its own location, as pgx returns DATE), or
// NULL (the zero Date).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = dateOf(v)
		return nil
	case []byte:
		return d.scanString(string(v))
	case string:
		return d.scanString(v)
	}
	return fmt.Errorf("werkpad.Date.Scan: cannot scan %T", src)
}

func (d *Date) scanString(s string) error {
	if v, ok := isoDate(s); ok {
		*d = v
		return nil
	}
	if i := strings.IndexAny(s, "T "); i == 10 {
		s = s[:10]
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("werkpad.Date.Scan(%q): %w", s, err)
	}
	*d = v
	return nil
}
