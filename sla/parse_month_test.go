package sla

import (
	"testing"
	"time"
)

func TestParseMonthNear(t *testing.T) {
	// 14 May 2026: a month name means the one from September 2025 (8 months
	// back) to August 2026 (3 months ahead).
	may := time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)
	// 31 May 23:30 UTC is already 1 June in Auckland (UTC+12): the window
	// there runs October 2025 to September 2026.
	lateMay := time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC)
	auckland := mustLoad(t, "Pacific/Auckland")
	for _, tc := range []struct {
		in   string
		now  time.Time
		loc  *time.Location
		want Month
	}{
		{"2026-12", may, time.UTC, Month{Year: 2026, Month: time.December}},
		{"2026-1", may, time.UTC, Month{Year: 2026, Month: time.January}},
		{"2031-07", may, time.UTC, Month{Year: 2031, Month: time.July}},
		{"dec", may, time.UTC, Month{Year: 2025, Month: time.December}},
		{"December", may, time.UTC, Month{Year: 2025, Month: time.December}},
		{"DEC", may, time.UTC, Month{Year: 2025, Month: time.December}},
		{"may", may, time.UTC, Month{Year: 2026, Month: time.May}},
		{"jan", may, time.UTC, Month{Year: 2026, Month: time.January}},
		{"sep", may, time.UTC, Month{Year: 2025, Month: time.September}},     // 8 back, the earliest
		{"sept", may, time.UTC, Month{Year: 2025, Month: time.September}},    //
		{"aug", may, time.UTC, Month{Year: 2026, Month: time.August}},        // 3 ahead, the latest
		{"sep", lateMay, time.UTC, Month{Year: 2025, Month: time.September}}, // still May in UTC
		{"sep", lateMay, auckland, Month{Year: 2026, Month: time.September}}, // June in Auckland
		{"jun", lateMay, auckland, Month{Year: 2026, Month: time.June}},
		{"2026-06", lateMay, nil, Month{Year: 2026, Month: time.June}},
	} {
		got, err := ParseMonthNear(tc.in, tc.now, tc.loc)
		if err != nil || got != tc.want {
			t.Errorf("ParseMonthNear(%q, %v, %v) = %v, %v; want %v", tc.in, tc.now, tc.loc, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"13", `"13" is not a month: use 2026-12, dec or december`},
		{"2026-13", "is not a month"},
		{"2026-00", "is not a month"},
		{"2026-123", "is not a month"},
		{"1999-12", `"1999-12" is outside the years 2000–2100`},
		{"2101-01", "is outside the years 2000–2100"},
		{"decem", "is not a month"},
		{"", "is not a month"},
		{"2026/12", "is not a month"},
		{"26-12", "is not a month"},
	} {
		_, err := ParseMonthNear(tc.in, may, time.UTC)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}

func TestParseMonth(t *testing.T) {
	for in, want := range map[string]Month{
		"2026-12":   {2026, time.December},
		"2026-03":   {2026, time.March},
		"2026-3":    {2026, time.March},
		" 2000-01 ": {2000, time.January},
	} {
		if got, err := ParseMonth(in); err != nil || got != want {
			t.Errorf("ParseMonth(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	// What Month.String writes (and storage keeps) reads back.
	for _, m := range []Month{{2026, time.January}, {2100, time.December}} {
		if got, err := ParseMonth(m.String()); err != nil || got != m {
			t.Errorf("ParseMonth(%q) = %v, %v; want %v", m.String(), got, err, m)
		}
	}
	// Names need a now: only ParseMonthNear places them.
	for _, tc := range []struct{ in, problem string }{
		{"dec", `"dec" is not a month: use 2026-12`},
		{"2026-13", `"2026-13" is not a month: use 2026-12`},
		{"", "an empty value is not a month: use 2026-12"},
		{"1999-10", `"1999-10" is outside the years 2000–2100`},
	} {
		_, err := ParseMonth(tc.in)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}
