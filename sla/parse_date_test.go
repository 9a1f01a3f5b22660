package sla

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]Date{
		"2026-12-25":   {2026, time.December, 25},
		"2028-02-29":   {2028, time.February, 29}, // a leap year
		" 2026-01-05 ": {2026, time.January, 5},
		"2100-12-31":   {2100, time.December, 31}, // the last day accepted
	} {
		if got, err := ParseDate(in); err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	// What Date.String writes reads back.
	for _, d := range []Date{{2026, time.March, 5}, {2000, time.January, 1}} {
		if got, err := ParseDate(d.String()); err != nil || got != d {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", d.String(), got, err, d)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"2026-02-30", `"2026-02-30" is not a date: use 2026-12-25`},
		{"2026-02-29", "is not a date"}, // not a leap year
		{"25/12/2026", "is not a date"},
		{"12/25/2026", `"12/25/2026" is not a date: use 2026-12-25`},
		{"2026-12-25T00:00:00Z", "is not a date"},
		{"2026-12-25T10:00", "is not a date"},
		{"", "is not a date"},
		{"1999-01-01", "is outside the years 2000–2100"},
	} {
		_, err := ParseDate(tc.in)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}
