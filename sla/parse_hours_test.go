package sla

import (
	"testing"
	"time"
)

func TestParseHours(t *testing.T) {
	const mon, tue, wed, thu, fri, sat, sun = time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday
	days := func(ds ...time.Weekday) [7]bool {
		var out [7]bool
		for _, d := range ds {
			out[d] = true
		}
		return out
	}
	for _, tc := range []struct {
		in   string
		want Hours
	}{
		{"mon-fri 09:00-17:00", Hours{Days: days(mon, tue, wed, thu, fri), Start: 540, End: 1020}}, // 9×60, 17×60
		{"mon,wed,fri 9-17", Hours{Days: days(mon, wed, fri), Start: 540, End: 1020}},
		{"mon-sun 00:00-24:00", Hours{Days: days(mon, tue, wed, thu, fri, sat, sun), Start: 0, End: 1440}}, // not 24x7
		{"sat-sun 10:00-14:00", Hours{Days: days(sat, sun), Start: 600, End: 840}},
		{"09:00-24:00 mon-fri", Hours{Days: days(mon, tue, wed, thu, fri), Start: 540, End: 1440}},
		{"fri-mon 8:30-12:00", Hours{Days: days(fri, sat, sun, mon), Start: 510, End: 720}}, // wraps round the week
		{"weekdays 9am-5pm", Hours{Days: days(mon, tue, wed, thu, fri), Start: 540, End: 1020}},
		{"Mon–Fri 09:00–17:00", Hours{Days: days(mon, tue, wed, thu, fri), Start: 540, End: 1020}}, // en dashes
		{"Mon, Wed, Fri 08:00–12:00", Hours{Days: days(mon, wed, fri), Start: 480, End: 720}},
		{"MONDAY 12am-11:30pm", Hours{Days: days(mon), Start: 0, End: 1410}},
		{"24x7", AlwaysOpen},
		{"24/7", AlwaysOpen},
		{"24X7", AlwaysOpen},
	} {
		got, err := ParseHours(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseHours(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	// What Hours.String prints reads back as the same hours.
	for _, h := range []Hours{DefaultHours, AlwaysOpen,
		{Days: days(mon, wed, fri), Start: 480, End: 720},
		{Days: days(mon, fri, sat, sun), Start: 540, End: 1440},
		{Days: days(tue, wed), Start: 0, End: 30},
	} {
		if got, err := ParseHours(h.String()); err != nil || got != h {
			t.Errorf("ParseHours(%q) = %+v, %v; want %+v", h.String(), got, err, h)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"", "an empty value is not a schedule: use mon-fri 09:00-17:00 or 24x7"},
		{"mon-fri", `"mon-fri" is not a schedule: use mon-fri 09:00-17:00 or 24x7`},
		{"09:00-17:00", "is not a schedule"},
		{"mon-fri 9-17 extra", `"mon-fri 9-17 extra" is not a schedule`},
		{"mon-fry 09:00-17:00", `"mon-fry" is not a list of days: use mon-fri, mon,wed,fri or sat-sun`},
		{"mon,,fri 9-17", "is not a list of days"},
		{"mon-fri 17:00-09:00", `"17:00-09:00" ends before it starts: working hours must fit in one day, like 09:00-17:00`},
		{"mon-fri 09:00-09:00", "ends before it starts"},
		{"mon-fri 09:00-25:00", `"09:00-25:00" is not a span of hours: use 09:00-17:00 (24:00 ends at midnight)`},
		{"mon-fri 24:00-24:00", "is not a span of hours"},
		{"mon-fri 9:60-17", "is not a span of hours"},
		{"mon-fri 09:00", "is not a span of hours"},
		{"mon-fri 13pm-14pm", "is not a span of hours"},
	} {
		_, err := ParseHours(tc.in)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}

func TestParseWeekday(t *testing.T) {
	for in, want := range map[string]time.Weekday{
		"mon": time.Monday, "Monday": time.Monday, "TUES": time.Tuesday, "weds": time.Wednesday,
		"thurs": time.Thursday, " fri ": time.Friday, "sat": time.Saturday, "sunday": time.Sunday,
	} {
		if got, err := ParseWeekday(in); err != nil || got != want {
			t.Errorf("ParseWeekday(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "mo", "monxyz", "1", "weekdays"} {
		_, err := ParseWeekday(in)
		wantInvalid(t, in, err, "is not a weekday: use mon, tue, … or monday, tuesday, …")
	}
}
