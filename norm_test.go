package werkpad_test

import (
	"testing"

	"werkpad"
)

func TestPrognose(t *testing.T) {
	h1 := werkpad.Period{From: werkpad.NewDate(2024, 1, 1), To: werkpad.NewDate(2024, 6, 30)} // 182 days of 366
	tests := []struct {
		name   string
		key    werkpad.IndicatorKey
		period werkpad.Period
		value  int64
		want   int64
		ok     bool
	}{
		{"events go on at the pace so far", werkpad.IndExitsToWork, h1, 91, 183, true},
		{"rounded half up", werkpad.IndPlacementsUpTo28, h1, 1, 2, true}, // 366/182 = 2,01
		{"a count on the last day stays", werkpad.IndCaseloadDevelop, h1, 500, 500, true},
		{"active in the period stays", werkpad.IndWorkWithBenefit, h1, 40, 40, true},
		{"the whole year is itself", werkpad.IndExitsToWork, werkpad.Period{From: werkpad.NewDate(2024, 1, 1), To: werkpad.NewDate(2024, 12, 31)}, 77, 77, true},
		{"not from 1 January", werkpad.IndExitsToWork, werkpad.Period{From: werkpad.NewDate(2024, 7, 1), To: werkpad.NewDate(2024, 12, 31)}, 10, 0, false},
		{"across the year boundary", werkpad.IndExitsToWork, werkpad.Period{From: werkpad.NewDate(2024, 1, 1), To: werkpad.NewDate(2025, 6, 30)}, 10, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := werkpad.Prognose(tt.key, tt.period, tt.value)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Prognose(%s, %s, %d) = %d, %v; want %d, %v", tt.key, tt.period, tt.value, got, ok, tt.want, tt.ok)
			}
		})
	}
}
