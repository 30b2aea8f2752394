package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func TestParseKvK(t *testing.T) {
	tests := []struct {
		in, want, code string
	}{
		{"12345678", "12345678", ""},
		{" 1234 5678 ", "12345678", ""},
		{"12.34.56.78", "12345678", ""},
		{"1234567", "", werkpad.EINVALID},   // 7 digits
		{"123456789", "", werkpad.EINVALID}, // 9 digits
		{"1234567a", "", werkpad.EINVALID},  // a letter
		{"", "", werkpad.EINVALID},
	}
	for _, tt := range tests {
		got, err := werkpad.ParseKvK(tt.in)
		if diff := cmp.Diff(tt.code, werkpad.ErrorCode(err)); diff != "" {
			t.Errorf("ParseKvK(%q) error code (-want +got):\n%s", tt.in, diff)
		}
		if got != tt.want {
			t.Errorf("ParseKvK(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if err != nil && werkpad.ErrorField(err) != "kvk" {
			t.Errorf("ParseKvK(%q) field = %q, want kvk", tt.in, werkpad.ErrorField(err))
		}
	}
}

func TestEmployerValidate(t *testing.T) {
	ok := func() werkpad.Employer {
		return werkpad.Employer{KvK: "12345678", Name: " Logistiek BV ", MunicipalityCode: "gm0268",
			Contacts:   []werkpad.EmployerContact{{Name: "P. de Boer"}},
			Agreements: []werkpad.EmployerAgreement{{Kind: werkpad.AgreementBonus, Period: werkpad.Period{From: werkpad.MustParseDate("2024-01-01")}}}}
	}
	tests := []struct {
		name  string
		edit  func(e *werkpad.Employer)
		field string
	}{
		{"valid", func(e *werkpad.Employer) {}, ""},
		{"kvk 7 digits", func(e *werkpad.Employer) { e.KvK = "1234567" }, "kvk"},
		{"no name", func(e *werkpad.Employer) { e.Name = " " }, "naam"},
		{"bad municipality", func(e *werkpad.Employer) { e.MunicipalityCode = "Nijmegen" }, "gemeente"},
		{"contact without name", func(e *werkpad.Employer) { e.Contacts[0].Name = "" }, "contactpersonen.naam"},
		{"unknown agreement", func(e *werkpad.Employer) { e.Agreements[0].Kind = "korting" }, "afspraken.soort"},
		{"agreement ends before start", func(e *werkpad.Employer) { e.Agreements[0].Period.To = werkpad.MustParseDate("2023-01-01") }, "afspraken.tot"},
	}
	for _, tt := range tests {
		e := ok()
		tt.edit(&e)
		err := e.Validate()
		if got := werkpad.ErrorField(err); got != tt.field || (tt.field == "") != (err == nil) {
			t.Errorf("%s: err = %v, want field %q", tt.name, err, tt.field)
		}
	}
	e := ok()
	if err := e.Validate(); err != nil || e.Name != "Logistiek BV" || e.MunicipalityCode != "GM0268" {
		t.Errorf("normalised: %+v, %v", e, err)
	}
}

func TestContactLogEntryValidate(t *testing.T) {
	today := werkpad.MustParseDate("2024-06-30")
	tests := []struct {
		name  string
		e     werkpad.ContactLogEntry
		field string
	}{
		{"visit", werkpad.ContactLogEntry{Kind: werkpad.ContactVisit, On: today, CardItem: werkpad.MarketWorkCardItem}, ""},
		{"unknown kind", werkpad.ContactLogEntry{Kind: "mail", On: today}, "soort"},
		{"no date", werkpad.ContactLogEntry{Kind: werkpad.ContactCall}, "datum"},
		{"future", werkpad.ContactLogEntry{Kind: werkpad.ContactCall, On: today.AddDays(1)}, "datum"},
		{"other card item", werkpad.ContactLogEntry{Kind: werkpad.ContactEvent, On: today, CardItem: "ips"}, "kaartonderdeel"},
	}
	for _, tt := range tests {
		if got := werkpad.ErrorField(tt.e.Validate(today)); got != tt.field {
			t.Errorf("%s: field %q, want %q", tt.name, got, tt.field)
		}
	}
}

func TestMarketWorkUnits(t *testing.T) {
	for _, tt := range []struct{ contacts, events, want int }{
		{0, 0, 0}, {19, 0, 0}, {20, 0, 1}, {39, 1, 2}, {0, 2, 2},
	} {
		if got := (werkpad.MarketWorkTally{Contacts: tt.contacts, Events: tt.events}).Units(); got != tt.want {
			t.Errorf("Units(%d contacts, %d events) = %d, want %d", tt.contacts, tt.events, got, tt.want)
		}
	}
}

func TestBonusEligible(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want bool
	}{{0, false}, {9, false}, {10, true}, {25, true}} {
		if got := werkpad.BonusEligible(tt.n); got != tt.want {
			t.Errorf("BonusEligible(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestSecondmentWindowAndCheck(t *testing.T) {
	p := werkpad.SecondmentPolicy{}.OrDefault()
	if diff := cmp.Diff(werkpad.SecondmentPolicy{Ceiling: 100, WindowYears: 3}, p); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
	w := p.Window(werkpad.MustParseDate("2024-06-30"))
	if diff := cmp.Diff("01-07-2021 t/m 30-06-2024", w.String()); diff != "" {
		t.Errorf("window (-want +got):\n%s", diff)
	}
	room := werkpad.SecondmentRoom{Window: w, Count: 100, Ceiling: 100, Remaining: 0}
	if err := werkpad.CheckSecondmentRoom(room, ""); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
		t.Errorf("full without override: %v, want conflict", err)
	}
	if err := werkpad.CheckSecondmentRoom(room, "  "); werkpad.ErrorCode(err) != werkpad.ECONFLICT {
		t.Errorf("blank override: %v, want conflict", err)
	}
	if err := werkpad.CheckSecondmentRoom(room, "Bestuurlijk besluit 12-06-2024"); err != nil {
		t.Errorf("override: %v", err)
	}
	room.Count, room.Remaining = 99, 1
	if err := werkpad.CheckSecondmentRoom(room, ""); err != nil {
		t.Errorf("room left: %v", err)
	}
}
