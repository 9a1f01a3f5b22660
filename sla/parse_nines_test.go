package sla

import "testing"

func TestParseNines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
	}{
		{"99.9", 99.9},
		{"99.9%", 99.9},
		{"99.999%", 99.999},
		{"50", 50},
		// a bare number up to 1 is a fraction, as for every percentage
		{"0.999", 99.9},
		{"0.5", 50},
		{"0.5%", 0.5},
	} {
		got, err := ParseNines(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseNines(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"0", `"0" is not between 0% and 100%: write an uptime like 99.9%`},
		{"100", "is not between 0% and 100%"},
		{"100%", "is not between 0% and 100%"},
		{"-1", "is negative"},
		{"abc", `"abc" is not a percentage: write an uptime like 99.9%`},
		{"1e2", "is not a percentage"},
		{"NaN", "is not a percentage"},
		{"Inf", "is not a percentage"},
		{"", "is not a percentage"},
		{"99.9%%", "is not a percentage"},
		{"1", "is ambiguous: write 100% or 1%"},
	} {
		_, err := ParseNines(tc.in)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}
