package werkpad_test

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

var d = werkpad.MustParseDate

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    werkpad.Date
		wantErr bool
	}{
		{in: "30-06-2024", want: werkpad.Date{Y: 2024, M: time.June, D: 30}},
		{in: "30-6-2024", want: werkpad.Date{Y: 2024, M: time.June, D: 30}},
		{in: "1-7-2024", want: werkpad.Date{Y: 2024, M: time.July, D: 1}},
		{in: " 2024-06-30 ", want: werkpad.Date{Y: 2024, M: time.June, D: 30}},
		{in: "29-02-2024", want: werkpad.Date{Y: 2024, M: time.February, D: 29}},
		{in: "29-02-2023", wantErr: true},
		{in: "31-04-2024", wantErr: true},
		{in: "2024-6-30", wantErr: true},
		{in: "30-06-24", wantErr: true},
		{in: "30/06/2024", wantErr: true},
		{in: "00-01-2024", wantErr: true},
		{in: "01-13-2024", wantErr: true},
		{in: "+1-01-2024", wantErr: true},
		{in: "", wantErr: true},
		// jjjj-mm-dd, the stored form, has a fast path of its own.
		{in: "2024-06-30", want: werkpad.Date{Y: 2024, M: time.June, D: 30}},
		{in: "2024-02-29", want: werkpad.Date{Y: 2024, M: time.February, D: 29}},
		{in: "2000-02-29", want: werkpad.Date{Y: 2000, M: time.February, D: 29}},
		{in: "1900-02-29", wantErr: true},
		{in: "2023-02-29", wantErr: true},
		{in: "2024-04-31", wantErr: true},
		{in: "2024-12-31", want: werkpad.Date{Y: 2024, M: time.December, D: 31}},
		{in: "0000-01-01", wantErr: true},
		{in: "2024-00-10", wantErr: true},
		{in: "2024-1a-10", wantErr: true},
		{in: "2024-06-3 ", wantErr: true},
		{in: "2024/06/30", wantErr: true},
	}
	for _, tt := range tests {
		got, err := werkpad.ParseDate(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseDate(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err != nil && werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("ParseDate(%q) code = %q, want invalid", tt.in, werkpad.ErrorCode(err))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseDate(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestDateFormatting(t *testing.T) {
	tests := []struct {
		in              werkpad.Date
		wantISO, wantNL string
	}{
		{werkpad.NewDate(2024, time.June, 30), "2024-06-30", "30-06-2024"},
		{werkpad.NewDate(2024, time.January, 1), "2024-01-01", "01-01-2024"},
		{werkpad.NewDate(2024, time.June, 31), "2024-07-01", "01-07-2024"}, // normalised
		{werkpad.Date{}, "", ""},
	}
	for _, tt := range tests {
		got := [2]string{tt.in.String(), tt.in.Dutch()}
		if diff := cmp.Diff([2]string{tt.wantISO, tt.wantNL}, got); diff != "" {
			t.Errorf("%#v mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		name string
		got  werkpad.Date
		want werkpad.Date
	}{
		{"AddDays over month end", d("30-06-2024").AddDays(1), d("01-07-2024")},
		{"AddDays negative over year", d("01-01-2025").AddDays(-1), d("31-12-2024")},
		{"AddDays leap day", d("28-02-2024").AddDays(1), d("29-02-2024")},
		{"AddYears plain", d("15-03-2024").AddYears(-1), d("15-03-2023")},
		{"AddYears from leap day", d("29-02-2024").AddYears(1), d("28-02-2025")},
		{"AddYears to leap year", d("29-02-2024").AddYears(4), d("29-02-2028")},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
	if !d("01-01-2024").Before(d("02-01-2024")) || d("02-01-2024").Before(d("02-01-2024")) {
		t.Error("Before is wrong")
	}
	if !d("01-02-2024").After(d("31-01-2024")) || d("01-02-2024").After(d("01-02-2024")) {
		t.Error("After is wrong")
	}
	if got := d("01-01-2024").DaysUntil(d("01-01-2025")); got != 366 {
		t.Errorf("DaysUntil = %d, want 366", got)
	}
}

func TestAgeAt(t *testing.T) {
	tests := []struct {
		birth, ref string
		want       int
	}{
		{"15-06-1997", "14-06-2024", 26},
		{"15-06-1997", "15-06-2024", 27},
		{"15-06-1997", "16-06-2024", 27},
		{"31-12-1969", "01-01-2024", 54},
		{"29-02-2000", "28-02-2023", 22}, // leap-day birthday not yet passed
		{"29-02-2000", "01-03-2023", 23},
		{"29-02-2000", "29-02-2024", 24},
		{"01-01-2030", "01-01-2024", 0}, // not yet born
	}
	for _, tt := range tests {
		if got := werkpad.AgeAt(d(tt.birth), d(tt.ref)); got != tt.want {
			t.Errorf("AgeAt(%s, %s) = %d, want %d", tt.birth, tt.ref, got, tt.want)
		}
	}
}

func TestToday(t *testing.T) {
	tests := []struct {
		now  time.Time
		want werkpad.Date
	}{
		// 23:30 UTC on 30 June is already 1 July in Amsterdam (CEST, +2).
		{time.Date(2024, 6, 30, 23, 30, 0, 0, time.UTC), d("01-07-2024")},
		// 22:30 UTC on 31 December is 23:30 in Amsterdam (CET, +1).
		{time.Date(2024, 12, 31, 22, 30, 0, 0, time.UTC), d("31-12-2024")},
		{time.Date(2024, 12, 31, 23, 30, 0, 0, time.UTC), d("01-01-2025")},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, werkpad.Today(tt.now)); diff != "" {
			t.Errorf("Today(%v) mismatch (-want +got):\n%s", tt.now, diff)
		}
	}
}

func TestDateScanValue(t *testing.T) {
	tests := []struct {
		src     any
		want    werkpad.Date
		wantErr bool
	}{
		{src: "2024-06-30", want: d("30-06-2024")},
		{src: []byte("2024-06-30"), want: d("30-06-2024")},
		{src: "2024-06-30T00:00:00Z", want: d("30-06-2024")},
		{src: "2024-06-30 00:00:00+00:00", want: d("30-06-2024")},
		{src: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), want: d("30-06-2024")},
		{src: nil, want: werkpad.Date{}},
		{src: "", want: werkpad.Date{}},
		{src: "juni", wantErr: true},
		{src: int64(20240630), wantErr: true},
	}
	for _, tt := range tests {
		var got werkpad.Date
		err := got.Scan(tt.src)
		if (err != nil) != tt.wantErr {
			t.Errorf("Scan(%#v) error = %v, wantErr %v", tt.src, err, tt.wantErr)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Scan(%#v) mismatch (-want +got):\n%s", tt.src, diff)
		}
	}

	for _, tt := range []struct {
		in   werkpad.Date
		want driver.Value
	}{
		{d("30-06-2024"), "2024-06-30"},
		{werkpad.Date{}, nil},
	} {
		got, err := tt.in.Value()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Value(%v) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Start werkpad.Date `json:"start"`
		End   werkpad.Date `json:"eind"`
	}
	b, err := json.Marshal(doc{Start: d("01-07-2024")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"start":"2024-07-01","eind":""}`, string(b)); diff != "" {
		t.Errorf("Marshal mismatch (-want +got):\n%s", diff)
	}
	var got doc
	if err := json.Unmarshal([]byte(`{"start":"2024-07-01","eind":"31-12-2024"}`), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(doc{Start: d("01-07-2024"), End: d("31-12-2024")}, got); diff != "" {
		t.Errorf("Unmarshal mismatch (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"start":"2024-02-30"}`), &got); err == nil {
		t.Error("Unmarshal of 2024-02-30 succeeded, want error")
	}
}

func TestPeriod(t *testing.T) {
	h1 := werkpad.Period{From: d("01-01-2024"), To: d("30-06-2024")}
	open := werkpad.Period{From: d("01-06-2024")}
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"contains first day", h1.Contains(d("01-01-2024")), true},
		{"contains last day", h1.Contains(d("30-06-2024")), true},
		{"not after end", h1.Contains(d("01-07-2024")), false},
		{"not before start", h1.Contains(d("31-12-2023")), false},
		{"open contains far future", open.Contains(d("01-01-2040")), true},
		{"zero date never contained", open.Contains(werkpad.Date{}), false},
		{"overlap on one shared day", h1.Overlaps(werkpad.Period{From: d("30-06-2024"), To: d("31-12-2024")}), true},
		{"adjacent periods do not overlap", h1.Overlaps(werkpad.Period{From: d("01-07-2024")}), false},
		{"open overlaps", h1.Overlaps(open), true},
		{"open overlaps open", open.Overlaps(werkpad.Period{From: d("01-01-2030")}), true},
		{"before does not overlap", open.Overlaps(werkpad.Period{From: d("01-01-2024"), To: d("31-05-2024")}), false},
		{"inside overlaps", h1.Overlaps(werkpad.Period{From: d("01-03-2024"), To: d("01-03-2024")}), true},
		{"open end", open.Open(), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestPeriodValidate(t *testing.T) {
	tests := []struct {
		p         werkpad.Period
		wantField string
	}{
		{werkpad.Period{From: d("01-01-2024"), To: d("30-06-2024")}, ""},
		{werkpad.Period{From: d("01-01-2024"), To: d("01-01-2024")}, ""},
		{werkpad.Period{From: d("01-01-2024")}, ""},
		{werkpad.Period{From: d("01-07-2024"), To: d("30-06-2024")}, "tot"},
		{werkpad.Period{To: d("30-06-2024")}, "van"},
	}
	for _, tt := range tests {
		err := tt.p.Validate()
		if diff := cmp.Diff(tt.wantField, werkpad.ErrorField(err)); diff != "" {
			t.Errorf("Validate(%v) field mismatch (-want +got):\n%s", tt.p, diff)
		}
		if err != nil && werkpad.ErrorCode(err) != werkpad.EINVALID {
			t.Errorf("Validate(%v) code = %q", tt.p, werkpad.ErrorCode(err))
		}
	}
	err := werkpad.Period{From: d("01-07-2024"), To: d("30-06-2024")}.Validate()
	want := "De einddatum (30-06-2024) ligt voor de begindatum (01-07-2024)."
	if diff := cmp.Diff(want, werkpad.ErrorMessage(err)); diff != "" {
		t.Errorf("message mismatch (-want +got):\n%s", diff)
	}
}

// TestParseDateCalendar checks the stored form against the time package's
// calendar for every day of 1600–2400, and that no day past a month's end
// is accepted.
func TestParseDateCalendar(t *testing.T) {
	for y := 1600; y <= 2400; y++ {
		for m := time.January; m <= time.December; m++ {
			for d := 1; d <= 31; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, int(m), d)
				got, err := werkpad.ParseDate(s)
				exists := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Day() == d
				if exists && (err != nil || got != (werkpad.Date{Y: y, M: m, D: d})) {
					t.Fatalf("ParseDate(%q) = %v, %v", s, got, err)
				}
				if !exists && err == nil {
					t.Fatalf("ParseDate(%q) = %v, want an error", s, got)
				}
			}
		}
	}
}

func BenchmarkDateScan(b *testing.B) {
	var d werkpad.Date
	for b.Loop() {
		if err := d.Scan("2024-06-30"); err != nil {
			b.Fatal(err)
		}
	}
}
