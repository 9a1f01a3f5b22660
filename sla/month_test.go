package sla

import (
	"testing"
	"time"
)

func TestMonthOf(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	akl := mustLoad(t, "Pacific/Auckland")
	tests := []struct {
		at   string
		loc  *time.Location
		want Month
	}{
		{"2026-12-01T03:00:00Z", time.UTC, Month{2026, time.December}},
		{"2026-12-01T03:00:00Z", la, Month{2026, time.November}}, // 19:00 Nov 30 local
		{"2026-12-31T12:00:00Z", akl, Month{2027, time.January}}, // 01:00 Jan 1 local (UTC+13)
		{"2027-01-01T00:00:00+13:00", time.UTC, Month{2026, time.December}},
	}
	for _, tt := range tests {
		if got := MonthOf(mustTime(t, tt.at), tt.loc); got != tt.want {
			t.Errorf("MonthOf(%s, %v) = %v, want %v", tt.at, tt.loc, got, tt.want)
		}
	}
}

func TestMonthStartEnd(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	tests := []struct {
		m          Month
		loc        *time.Location
		start, end string
	}{
		{Month{2026, time.December}, time.UTC, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"},
		{Month{2026, time.December}, berlin, "2026-12-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00"},
		// March in Berlin starts in winter time and ends in summer time: 31 days less an hour.
		{Month{2026, time.March}, berlin, "2026-03-01T00:00:00+01:00", "2026-04-01T00:00:00+02:00"},
	}
	for _, tt := range tests {
		if got := tt.m.Start(tt.loc); !got.Equal(mustTime(t, tt.start)) {
			t.Errorf("%v.Start = %s, want %s", tt.m, got, tt.start)
		}
		if got := tt.m.End(tt.loc); !got.Equal(mustTime(t, tt.end)) {
			t.Errorf("%v.End = %s, want %s", tt.m, got, tt.end)
		}
	}
	m := Month{2026, time.March}
	if got := m.End(berlin).Sub(m.Start(berlin)); got != (31*24-1)*time.Hour {
		t.Errorf("March 2026 in Berlin lasts %v, want 743h", got)
	}
}

func TestMonthDays(t *testing.T) {
	tests := []struct {
		m    Month
		want int
	}{
		{Month{2026, time.January}, 31},
		{Month{2026, time.February}, 28},
		{Month{2028, time.February}, 29},
		{Month{2100, time.February}, 28}, // divisible by 100, not by 400
		{Month{2000, time.February}, 29}, // divisible by 400
		{Month{2026, time.April}, 30},
		{Month{2026, time.November}, 30},
		{Month{2026, time.December}, 31},
	}
	for _, tt := range tests {
		if got := tt.m.Days(); got != tt.want {
			t.Errorf("%v.Days() = %d, want %d", tt.m, got, tt.want)
		}
	}
}

func TestMonthNavigation(t *testing.T) {
	tests := []struct {
		m, next, prev Month
	}{
		{Month{2026, time.June}, Month{2026, time.July}, Month{2026, time.May}},
		{Month{2026, time.December}, Month{2027, time.January}, Month{2026, time.November}},
		{Month{2026, time.January}, Month{2026, time.February}, Month{2025, time.December}},
	}
	for _, tt := range tests {
		if got := tt.m.Next(); got != tt.next {
			t.Errorf("%v.Next() = %v, want %v", tt.m, got, tt.next)
		}
		if got := tt.m.Prev(); got != tt.prev {
			t.Errorf("%v.Prev() = %v, want %v", tt.m, got, tt.prev)
		}
	}
	before := []struct {
		a, b Month
		want bool
	}{
		{Month{2026, time.November}, Month{2026, time.December}, true},
		{Month{2026, time.December}, Month{2026, time.November}, false},
		{Month{2025, time.December}, Month{2026, time.January}, true},
		{Month{2027, time.January}, Month{2026, time.December}, false},
		{Month{2026, time.May}, Month{2026, time.May}, false},
	}
	for _, tt := range before {
		if got := tt.a.Before(tt.b); got != tt.want {
			t.Errorf("%v.Before(%v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestMonthText(t *testing.T) {
	m := Month{2026, time.March}
	if got := m.String(); got != "2026-03" {
		t.Errorf("String() = %q, want 2026-03", got)
	}
	if got := (Month{2026, time.December}).Label(); got != "December 2026" {
		t.Errorf("Label() = %q, want December 2026", got)
	}
}

func TestMonthBounds(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	oct := Month{Year: 2026, Month: time.October}
	days := oct.DayBounds(berlin)
	if len(days) != 32 {
		t.Fatalf("%d day bounds, want 32", len(days))
	}
	// 2026-10-25 is 25 hours long in Berlin (clocks go back at 03:00)
	if got := days[25].Sub(days[24]); got != 25*time.Hour {
		t.Fatalf("25 October lasts %v, want 25h", got)
	}
	if got := days[31]; !got.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, berlin)) {
		t.Fatalf("last bound %v", got)
	}
	// Calendar weeks, Monday to Sunday, cut at the month's ends. February
	// 2026 begins on a Sunday: a one-day first week, then four Monday weeks.
	feb := Month{Year: 2026, Month: time.February}
	weeks := feb.WeekBounds(time.UTC)
	if len(weeks) != 6 || weeks[1].Day() != 2 || weeks[1].Weekday() != time.Monday || weeks[5].Day() != 1 || weeks[5].Month() != time.March {
		t.Fatalf("February weeks %v", weeks)
	}
	if got := feb.WeekLabel(0); got != "1 Feb" {
		t.Errorf("February's first week %q", got)
	}
	// December 2026 begins on a Tuesday.
	dec := Month{Year: 2026, Month: time.December}
	if w := dec.WeekBounds(time.UTC); len(w) != 6 || w[4].Day() != 28 {
		t.Fatalf("December weeks %v", w)
	}
	for i, want := range []string{"1–6 Dec", "7–13 Dec", "14–20 Dec", "21–27 Dec", "28–31 Dec"} {
		if got := dec.WeekLabel(i); got != want {
			t.Errorf("week %d label %q, want %q", i, got, want)
		}
	}
	if got := dec.WeekLabel(5); got != "" {
		t.Errorf("a sixth December week %q", got)
	}
	if got := (Month{Year: 2026, Month: time.January}).WeekLabel(4); got != "26–31 Jan" {
		t.Errorf("january last week %q", got)
	}
	if got := (Month{Year: 2028, Month: time.February}).WeekLabel(4); got != "28–29 Feb" {
		t.Errorf("leap february last week %q", got)
	}
}
