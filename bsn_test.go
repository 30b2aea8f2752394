package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func TestParseBSN(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string // expected message; "" means valid
	}{
		{in: "111222333", want: "111222333"},
		{in: "123456782", want: "123456782"},
		{in: "999999990", want: "999999990"},
		{in: "100000009", want: "100000009"},
		{in: "1234 56 782", want: "123456782"},
		{in: " 111222333 ", want: "111222333"},
		{in: "012345672", want: "012345672"},
		{in: "12345672", want: "012345672"}, // leading zero lost by a number column
		{in: "10000008", want: "010000008"},
		{in: "123456789", wantErr: "Dit burgerservicenummer bestaat niet: het voldoet niet aan de elfproef. Controleer de cijfers."},
		{in: "111222334", wantErr: "Dit burgerservicenummer bestaat niet: het voldoet niet aan de elfproef. Controleer de cijfers."},
		{in: "000000000", wantErr: "Dit burgerservicenummer bestaat niet: het voldoet niet aan de elfproef. Controleer de cijfers."},
		{in: "00000000", wantErr: "Dit burgerservicenummer bestaat niet: het voldoet niet aan de elfproef. Controleer de cijfers."},
		{in: "123.456.782", wantErr: "Een burgerservicenummer bestaat alleen uit cijfers."},
		{in: "12345678X", wantErr: "Een burgerservicenummer bestaat alleen uit cijfers."},
		{in: "1234567", wantErr: "Een burgerservicenummer heeft 9 cijfers."},
		{in: "1234567820", wantErr: "Een burgerservicenummer heeft 9 cijfers."},
		{in: "", wantErr: "Vul het burgerservicenummer in."},
	}
	for _, tt := range tests {
		got, err := werkpad.ParseBSN(tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseBSN(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.wantErr, werkpad.ErrorMessage(err)); diff != "" {
			t.Errorf("ParseBSN(%q) error mismatch (-want +got):\n%s", tt.in, diff)
		}
		if err != nil && werkpad.ErrorField(err) != "bsn" {
			t.Errorf("ParseBSN(%q) field = %q, want bsn", tt.in, werkpad.ErrorField(err))
		}
		if got := werkpad.ValidBSN(tt.in); got != (tt.wantErr == "") {
			t.Errorf("ValidBSN(%q) = %v", tt.in, got)
		}
	}
}

func TestMaskBSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"123456758", "*****6758"},
		{"012345672", "*****5672"},
		{"", "*********"},
		{"6758", "*********"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, werkpad.MaskBSN(tt.in)); diff != "" {
			t.Errorf("MaskBSN(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}
