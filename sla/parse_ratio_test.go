package sla

import "testing"

func TestParseRatio(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Ratio // ppm
	}{
		{"50%", 500_000},
		{"0.5", 500_000}, // a fraction
		{"12.5%", 125_000},
		{"50", 500_000}, // a bare number above 1 is a percentage
		{"100%", 1_000_000},
		{"100", 1_000_000},
		{"0%", 0},
		{"0", 0},
		{"1%", 10_000},
		{"1.5", 15_000}, // above 1, so 1.5 %
		{"0.999", 999_000},
		{"33.3333%", 333_333},
		{"0.000001", 1},
		{".25", 250_000},
		{" 75% ", 750_000},
	} {
		got, err := ParseRatio(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseRatio(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"1", `"1" is ambiguous as a percentage: write 100% or 1%`},
		{"1.0", "is ambiguous as a percentage"},
		{"-5%", `"-5%" is negative`},
		{"101%", `"101%" is more than 100%`},
		{"150", "is more than 100%"},
		{"12.34567%", "is more precise than 0.0001%"}, // 123456.7 ppm
		{"0.0000001", "is more precise than 0.0001%"},
		{"abc", `"abc" is not a percentage: use 50% or a fraction like 0.5`},
		{"%", "is not a percentage"},
		{"", "is not a percentage"},
		{"50%%", "is not a percentage"},
		{"5 0", "is not a percentage"},
		{"1e2", "is not a percentage"},
	} {
		_, err := ParseRatio(tc.in)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}
