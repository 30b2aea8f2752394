package werkpad_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"werkpad"
)

func TestExitValidate(t *testing.T) {
	placement := int64(12)
	zero := int64(0)
	tests := []struct {
		name      string
		e         werkpad.Exit
		wantField string
	}{
		{"werk with placement", werkpad.Exit{CandidateID: 1, Date: d("01-05-2024"), Reason: werkpad.ExitWork, PlacementID: &placement}, ""},
		{"studie without placement", werkpad.Exit{CandidateID: 1, Date: d("01-09-2024"), Reason: werkpad.ExitStudy}, ""},
		{"werk without placement", werkpad.Exit{CandidateID: 1, Date: d("01-05-2024"), Reason: werkpad.ExitWork}, "plaatsingId"},
		{"werk with zero placement", werkpad.Exit{CandidateID: 1, Date: d("01-05-2024"), Reason: werkpad.ExitWork, PlacementID: &zero}, "plaatsingId"},
		{"no candidate", werkpad.Exit{Date: d("01-05-2024"), Reason: werkpad.ExitOther}, "kandidaatId"},
		{"no date", werkpad.Exit{CandidateID: 1, Reason: werkpad.ExitMoved}, "datum"},
		{"unknown reason", werkpad.Exit{CandidateID: 1, Date: d("01-05-2024"), Reason: "pensioen"}, "reden"},
	}
	for _, tt := range tests {
		err := tt.e.Validate()
		if diff := cmp.Diff(tt.wantField, werkpad.ErrorField(err)); diff != "" {
			t.Errorf("%s: field mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}
