package sla

import "testing"

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"120", 120},
		{"1,000", 1000},
		{"0", 0},
		{" 12 ", 12},
		{"3.0", 3}, // how HubSpot writes a count
		{"3.00", 3},
		{"1000", 1000}, // the most
	} {
		got, err := ParseCount(tc.in, 1000)
		if err != nil || got != tc.want {
			t.Errorf("ParseCount(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"1,00", `"1,00" is not a whole number`},
		{"1.5", "is not a whole number"},
		{"3.", "is not a whole number"},
		{".0", "is not a whole number"},
		{"+2", "is not a whole number"},
		{"many", "is not a whole number"},
		{"", "an empty value is not a whole number"},
		{"-3", `"-3" is negative`},
		{"1001", `"1001" is too large: at most 1000`},
		{"99999999999999999999", "is too large: at most 1000"},
	} {
		_, err := ParseCount(tc.in, 1000)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}
