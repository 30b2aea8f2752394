package werkpad_test

import (
	"sort"
	"testing"

	"werkpad"
)

func TestOccupationsSortedAndUnique(t *testing.T) {
	if !sort.SliceIsSorted(werkpad.Occupations, func(i, j int) bool {
		return werkpad.Occupations[i].Code < werkpad.Occupations[j].Code
	}) {
		t.Fatal("Occupations must be sorted by code (FindOccupation searches binary)")
	}
	for i, o := range werkpad.Occupations {
		if len(o.Code) != 4 || o.Title == "" {
			t.Errorf("occupation %d: %+v", i, o)
		}
		if i > 0 && werkpad.Occupations[i-1].Code == o.Code {
			t.Errorf("duplicate code %s", o.Code)
		}
	}
	if n := len(werkpad.Occupations); n < 35 {
		t.Errorf("only %d occupations", n)
	}
}

func TestValidateOccupation(t *testing.T) {
	for _, tt := range []struct {
		code string
		ok   bool
	}{
		{"9321", true}, {"9333", true}, {"9112", true}, {"5223", true}, {"9412", true}, {"9214", true},
		{"5322", true}, {"4110", true}, {"9313", true}, {"8322", true}, {"8344", true},
		{"932", false}, {"0000", false}, {"93210", false}, {"", false}, {"abcd", false},
	} {
		err := werkpad.ValidateOccupation("beroep", tt.code)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateOccupation(%q) = %v, want ok=%v", tt.code, err, tt.ok)
		}
		if err != nil && (werkpad.ErrorCode(err) != werkpad.EINVALID || werkpad.ErrorField(err) != "beroep") {
			t.Errorf("ValidateOccupation(%q): want FieldError on beroep, got %v", tt.code, err)
		}
	}
	if got := werkpad.OccupationTitle("9321"); got != "9321 Inpakkers" {
		t.Errorf("OccupationTitle = %q", got)
	}
	if werkpad.MinorGroup("9321") != "932" || werkpad.MajorGroup("9321") != "9" {
		t.Error("groups of 9321")
	}
}
