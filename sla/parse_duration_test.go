package sla

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"90m", 90 * time.Minute},
		{"1h", time.Hour},
		{"1h30m", 90 * time.Minute},
		{"1.5h", 90 * time.Minute},
		{"2d", 48 * time.Hour},
		{"1w", 7 * 24 * time.Hour},
		{"45s", 45 * time.Second},
		{"0.5m", 30 * time.Second},
		{"1H", time.Hour},
		{"2days", 48 * time.Hour},
		{"1hr", time.Hour},
		{"14d", 14 * 24 * time.Hour},
		{"1w2d3h4m5s", (7+2)*24*time.Hour + 3*time.Hour + 4*time.Minute + 5*time.Second},
		{"365d", 365 * 24 * time.Hour}, // the longest
		{"52w", 364 * 24 * time.Hour},
	} {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"0", `"0" must be longer than zero`},
		{"0h", "must be longer than zero"},
		{"0h0m", "must be longer than zero"},
		{"-1h", `"-1h" is negative`},
		{"90", `"90" has no unit: write 90m, 90h or 90d`},
		{"1y", `"1y" is not a duration: use 90m, 1h, 1h30m, 2d or 1w`},
		{"30m1h", "is not a duration"}, // largest unit first
		{"1h1h", "is not a duration"},
		{"366d", `"366d" is longer than a year`},
		{"53w", "is longer than a year"}, // 371 days
		{"99999999999999w", "is longer than a year"},
		{"0.1s", "is more precise than a second"},
		{"", "is not a duration"},
		{"h", "is not a duration"},
		{"1.h", "is not a duration"},
		{"1h 30m", "is not a duration"},
		{"1e5s", "is not a duration"},
	} {
		_, err := ParseDuration(tc.in)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}
