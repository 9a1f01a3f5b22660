package sla

import (
	"testing"
	"time"
)

func TestBusinessDurations(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	cal := Calendar{Hours: DefaultHours, Loc: berlin}
	always := Calendar{Hours: Hours{Always: true}, Loc: berlin}
	if cal.BusinessDay() != 8*time.Hour || cal.BusinessWeek() != 40*time.Hour || always.BusinessDay() != 24*time.Hour {
		t.Fatalf("day %v week %v; 24x7 day %v", cal.BusinessDay(), cal.BusinessWeek(), always.BusinessDay())
	}
	for _, c := range []struct {
		cal  Calendar
		in   string
		want time.Duration
	}{
		{cal, "1d", 8 * time.Hour},
		{cal, "2d4h", 20 * time.Hour},
		{cal, "1w", 40 * time.Hour},
		{cal, "90m", 90 * time.Minute},
		{always, "1d", 24 * time.Hour},
	} {
		if got, err := ParseBusinessDuration(c.in, c.cal); err != nil || got != c.want {
			t.Errorf("%s: %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	if _, err := ParseBusinessDuration("1x", cal); err == nil {
		t.Error("1x parsed")
	}
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{45 * time.Minute, "45m"},
		{7*time.Hour + 30*time.Minute, "7h 30m"},
		{8 * time.Hour, "1 business day"},
		{19 * time.Hour, "2 business days 3h"},
		// 64 business hours are eight working days, not "2d 16h"
		{64 * time.Hour, "8 business days"},
		{-9 * time.Hour, "-1 business day 1h"},
	} {
		if got := cal.FormatBusiness(c.d); got != c.want {
			t.Errorf("%v: %q, want %q", c.d, got, c.want)
		}
	}
	// speed=1d on a Friday 09:30 hand-off is due Monday 09:30: one working
	// day later at the same clock time.
	fri := time.Date(2026, 12, 11, 9, 30, 0, 0, berlin)
	d, _ := ParseBusinessDuration("1d", cal)
	if got, want := cal.Due(fri, d), time.Date(2026, 12, 14, 9, 30, 0, 0, berlin); !got.Equal(want) {
		t.Errorf("due %v, want %v", got, want)
	}
	// and 3d from Friday 16:00 is Thursday 16:00, skipping a holiday Tuesday
	hol := cal
	hol.Holidays = []Date{{2026, time.December, 15}}
	d3, _ := ParseBusinessDuration("3d", hol)
	if got, want := hol.Due(time.Date(2026, 12, 11, 16, 0, 0, 0, berlin), d3), time.Date(2026, 12, 17, 16, 0, 0, 0, berlin); !got.Equal(want) {
		t.Errorf("3d over a holiday: due %v, want %v", got, want)
	}
}
