package sla

import (
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // the DST tables must not depend on the machine's zoneinfo
)

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return v
}

// Calendars shared by the tables. 2026 dates: Fri 03-27, Sun 03-29 (EU spring
// forward), Mon 03-30; Sun 03-08 and Sun 11-01 (US changes); Sun 10-25 (EU fall back).
type calendars struct {
	utcWeek     Calendar // Mon–Fri 09:00–17:00 UTC
	berlinWeek  Calendar // Mon–Fri 09:00–17:00 Europe/Berlin
	holidayWeek Calendar // Mon–Fri 09:00–17:00 UTC, Mon 2026-03-30 off
	berlinSun   Calendar // Sun 00:00–24:00 Europe/Berlin, across the 02:00–03:00 hour
	nySun       Calendar // Sun 00:00–04:00 America/New_York
	evenings    Calendar // Mon–Fri 18:00–24:00 UTC, ends at midnight
	always      Calendar // 24x7 Europe/Berlin with a holiday that it ignores
	alwaysPause Calendar // 24x7 Europe/Berlin, Sun 03-29 an exception day, Tue 03-31 a holiday it ignores
	auckland    Calendar // Mon–Fri 09:00–17:00 Pacific/Auckland
}

func testCalendars(t *testing.T) calendars {
	berlin := mustLoad(t, "Europe/Berlin")
	ny := mustLoad(t, "America/New_York")
	sunday := Hours{Start: 0, End: 24 * 60}
	sunday.Days[time.Sunday] = true
	nySunday := Hours{Start: 0, End: 4 * 60}
	nySunday.Days[time.Sunday] = true
	evenings := DefaultHours
	evenings.Start, evenings.End = 18*60, 24*60
	return calendars{
		utcWeek:     Calendar{Hours: DefaultHours, Loc: time.UTC},
		berlinWeek:  Calendar{Hours: DefaultHours, Loc: berlin},
		holidayWeek: Calendar{Hours: DefaultHours, Loc: time.UTC, Holidays: []Date{{2026, time.March, 30}}},
		berlinSun:   Calendar{Hours: sunday, Loc: berlin},
		nySun:       Calendar{Hours: nySunday, Loc: ny},
		evenings:    Calendar{Hours: evenings, Loc: time.UTC},
		always:      Calendar{Hours: AlwaysOpen, Loc: berlin, Holidays: []Date{{2026, time.March, 29}}},
		alwaysPause: Calendar{Hours: AlwaysOpen, Loc: berlin, Holidays: []Date{{2026, time.March, 29}, {2026, time.March, 31}}, Pauses: []Date{{2026, time.March, 29}}},
		auckland:    Calendar{Hours: DefaultHours, Loc: mustLoad(t, "Pacific/Auckland")},
	}
}

func TestHoursString(t *testing.T) {
	days := func(ds ...time.Weekday) (out [7]bool) {
		for _, d := range ds {
			out[d] = true
		}
		return out
	}
	tests := []struct {
		h    Hours
		want string
	}{
		{DefaultHours, "Mon–Fri 09:00–17:00"},
		{AlwaysOpen, "24x7"},
		{Hours{Days: days(time.Monday, time.Wednesday, time.Friday), Start: 8 * 60, End: 12 * 60}, "Mon, Wed, Fri 08:00–12:00"},
		{Hours{Days: days(time.Saturday, time.Sunday), Start: 10 * 60, End: 1440}, "Sat, Sun 10:00–24:00"},
		{Hours{Days: days(0, 1, 2, 3, 4, 5, 6), Start: 0, End: 1440}, "Mon–Sun 00:00–24:00"},
		{Hours{Days: days(time.Sunday, time.Monday, time.Tuesday), Start: 9 * 60, End: 17 * 60}, "Mon, Tue, Sun 09:00–17:00"},
		{Hours{Days: days(1, 2, 3, 5, 6, 0), Start: 9 * 60, End: 17 * 60}, "Mon–Wed, Fri–Sun 09:00–17:00"},
		{Hours{Days: days(time.Tuesday), Start: 9*60 + 30, End: 17*60 + 45}, "Tue 09:30–17:45"},
		{Hours{Start: 9 * 60, End: 17 * 60}, "no days 09:00–17:00"},
	}
	for _, tt := range tests {
		if got := tt.h.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.h, got, tt.want)
		}
	}
}

func TestHoursValid(t *testing.T) {
	mon := [7]bool{time.Monday: true}
	tests := []struct {
		name string
		h    Hours
		ok   bool
	}{
		{"default", DefaultHours, true},
		{"24x7", AlwaysOpen, true},
		{"whole day", Hours{Days: mon, Start: 0, End: 1440}, true},
		{"one minute", Hours{Days: mon, Start: 600, End: 601}, true},
		{"empty window", Hours{Days: mon, Start: 600, End: 600}, false},
		{"reversed", Hours{Days: mon, Start: 17 * 60, End: 9 * 60}, false},
		{"negative start", Hours{Days: mon, Start: -1, End: 600}, false},
		{"past midnight", Hours{Days: mon, Start: 600, End: 1441}, false},
		{"no days", Hours{Start: 540, End: 1020}, false},
		{"zero", Hours{}, false},
	}
	for _, tt := range tests {
		err := tt.h.Valid()
		if (err == nil) != tt.ok {
			t.Errorf("%s: Valid() = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && ErrorCode(err) != Invalid {
			t.Errorf("%s: code %q, want invalid", tt.name, ErrorCode(err))
		}
	}
}

func TestIsHoliday(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	xmas := []Date{{2026, time.December, 25}}
	tests := []struct {
		loc  *time.Location
		at   string
		want bool
	}{
		{berlin, "2026-12-24T23:30:00Z", true},  // 00:30 on the 25th in Berlin
		{berlin, "2026-12-25T22:59:59Z", true},  // 23:59:59 local
		{berlin, "2026-12-25T23:00:00Z", false}, // the 26th in Berlin
		{time.UTC, "2026-12-24T23:30:00Z", false},
		{time.UTC, "2026-12-25T23:30:00Z", true},
		{nil, "2026-12-25T12:00:00Z", true}, // no location means UTC
	}
	for _, tt := range tests {
		c := Calendar{Hours: DefaultHours, Holidays: xmas, Loc: tt.loc}
		if got := c.IsHoliday(mustTime(t, tt.at)); got != tt.want {
			t.Errorf("IsHoliday(%s) in %v = %v, want %v", tt.at, tt.loc, got, tt.want)
		}
	}
}

func TestOpen(t *testing.T) {
	cs := testCalendars(t)
	tests := []struct {
		name string
		c    Calendar
		at   string
		want bool
	}{
		{"at opening", cs.utcWeek, "2026-03-30T09:00:00Z", true},
		{"a second before opening", cs.utcWeek, "2026-03-30T08:59:59Z", false},
		{"last second", cs.utcWeek, "2026-03-30T16:59:59Z", true},
		{"at closing", cs.utcWeek, "2026-03-30T17:00:00Z", false},
		{"saturday", cs.utcWeek, "2026-03-28T12:00:00Z", false},
		{"holiday monday", cs.holidayWeek, "2026-03-30T10:00:00Z", false},
		{"day after holiday", cs.holidayWeek, "2026-03-31T10:00:00Z", true},
		{"berlin 10:30 CEST", cs.berlinWeek, "2026-03-30T08:30:00Z", true},
		{"berlin 08:30 CEST", cs.berlinWeek, "2026-03-30T06:30:00Z", false},
		{"berlin 16:30 CEST is 14:30Z", cs.berlinWeek, "2026-03-30T14:30:00Z", true},
		{"berlin 17:30 CEST is 15:30Z", cs.berlinWeek, "2026-03-30T15:30:00Z", false},
		{"auckland monday is sunday in UTC", cs.auckland, "2026-03-29T20:30:00Z", true},          // Mon 09:30 NZDT
		{"auckland friday evening is friday in UTC", cs.auckland, "2026-03-27T06:00:00Z", false}, // Fri 19:00 NZDT
		{"evenings last second", cs.evenings, "2026-03-30T23:59:59Z", true},
		{"evenings after midnight", cs.evenings, "2026-03-31T00:00:00Z", false},
		{"sunday in the DST gap", cs.berlinSun, "2026-03-29T01:30:00Z", true}, // 03:30 CEST
		{"24x7 on its holiday", cs.always, "2026-03-29T03:00:00Z", true},
		{"24x7 on an exception day", cs.alwaysPause, "2026-03-29T10:00:00Z", false},                // 12:00 CEST
		{"24x7 at the exception day's last second", cs.alwaysPause, "2026-03-29T21:59:59Z", false}, // 23:59:59 CEST
		{"24x7 the day after an exception", cs.alwaysPause, "2026-03-29T22:00:00Z", true},          // Mon 00:00 CEST
		{"24x7 on a holiday that is no exception", cs.alwaysPause, "2026-03-31T10:00:00Z", true},
		{"zero calendar", Calendar{}, "2026-03-30T10:00:00Z", false},
		{"invalid hours", Calendar{Hours: Hours{Days: [7]bool{true, true, true, true, true, true, true}, Start: 600, End: 500}}, "2026-03-30T09:00:00Z", false},
	}
	for _, tt := range tests {
		if got := tt.c.Open(mustTime(t, tt.at)); got != tt.want {
			t.Errorf("%s: Open(%s) = %v, want %v", tt.name, tt.at, got, tt.want)
		}
	}
}

func TestNextOpen(t *testing.T) {
	cs := testCalendars(t)
	tests := []struct {
		name string
		c    Calendar
		at   string
		want string
	}{
		{"open: itself", cs.utcWeek, "2026-03-27T16:59:00Z", "2026-03-27T16:59:00Z"},
		{"exactly at close", cs.utcWeek, "2026-03-27T17:00:00Z", "2026-03-30T09:00:00Z"},
		{"exactly at open", cs.utcWeek, "2026-03-30T09:00:00Z", "2026-03-30T09:00:00Z"},
		{"early morning", cs.utcWeek, "2026-03-30T07:00:00Z", "2026-03-30T09:00:00Z"},
		{"saturday", cs.utcWeek, "2026-03-28T12:00:00Z", "2026-03-30T09:00:00Z"},
		{"holiday monday", cs.holidayWeek, "2026-03-27T17:00:00Z", "2026-03-31T09:00:00Z"},
		{"berlin across spring forward", cs.berlinWeek, "2026-03-27T17:00:00+01:00", "2026-03-30T09:00:00+02:00"},
		{"berlin across fall back", cs.berlinWeek, "2026-10-23T17:00:00+02:00", "2026-10-26T09:00:00+01:00"},
		{"evenings after midnight", cs.evenings, "2026-03-31T00:00:00Z", "2026-03-31T18:00:00Z"},
		{"evenings friday midnight", cs.evenings, "2026-04-04T00:00:00Z", "2026-04-06T18:00:00Z"},
		{"berlin sunday from saturday", cs.berlinSun, "2026-03-28T12:00:00+01:00", "2026-03-29T00:00:00+01:00"},
		{"24x7", cs.always, "2026-03-29T01:30:00Z", "2026-03-29T01:30:00Z"},
		{"24x7 on an exception day: the next midnight", cs.alwaysPause, "2026-03-29T12:00:00+02:00", "2026-03-30T00:00:00+02:00"},
		{"never open: the cap", Calendar{Loc: time.UTC}, "2026-03-30T10:00:00Z", "2036-03-30T10:00:00Z"},
	}
	for _, tt := range tests {
		got := tt.c.NextOpen(mustTime(t, tt.at))
		if want := mustTime(t, tt.want); !got.Equal(want) {
			t.Errorf("%s: NextOpen(%s) = %s, want %s", tt.name, tt.at, got.Format(time.RFC3339), tt.want)
		}
	}
}

func TestDue(t *testing.T) {
	cs := testCalendars(t)
	const (
		m = time.Minute
		h = time.Hour
	)
	tests := []struct {
		name string
		c    Calendar
		from string
		d    time.Duration
		want string
	}{
		// docs/design.md, Business time: Friday 16:30 + 1 h breaches Monday 09:30 (30 min Friday, 30 min Monday).
		{"friday to monday UTC", cs.utcWeek, "2026-03-27T16:30:00Z", h, "2026-03-30T09:30:00Z"},
		{"friday to monday Berlin, spring forward", cs.berlinWeek, "2026-03-27T16:30:00+01:00", h, "2026-03-30T09:30:00+02:00"},
		{"friday to monday Berlin, fall back", cs.berlinWeek, "2026-10-23T16:30:00+02:00", h, "2026-10-26T09:30:00+01:00"},
		{"holiday monday pushes to tuesday", cs.holidayWeek, "2026-03-27T16:30:00Z", h, "2026-03-31T09:30:00Z"},
		{"same day", cs.utcWeek, "2026-03-30T10:00:00Z", 2 * h, "2026-03-30T12:00:00Z"},
		{"lands on closing", cs.utcWeek, "2026-03-27T16:00:00Z", h, "2026-03-27T17:00:00Z"},
		{"from before opening", cs.utcWeek, "2026-03-30T07:00:00Z", 30 * m, "2026-03-30T09:30:00Z"},
		{"from exactly closing", cs.utcWeek, "2026-03-27T17:00:00Z", m, "2026-03-30T09:01:00Z"},
		{"from saturday, a full day", cs.utcWeek, "2026-03-28T12:00:00Z", 8 * h, "2026-03-30T17:00:00Z"},
		{"a full week", cs.utcWeek, "2026-03-30T09:00:00Z", 40 * h, "2026-04-03T17:00:00Z"},
		{"a week and an hour", cs.utcWeek, "2026-03-30T09:00:00Z", 41 * h, "2026-04-06T10:00:00Z"},
		{"zero duration, closed", cs.utcWeek, "2026-03-28T12:00:00Z", 0, "2026-03-28T12:00:00Z"},
		{"negative duration", cs.utcWeek, "2026-03-28T12:00:00Z", -h, "2026-03-28T12:00:00Z"},
		{"seconds", cs.utcWeek, "2026-03-27T16:59:59Z", 2 * time.Second, "2026-03-30T09:00:01Z"},

		// Berlin Sunday 00:00–24:00. Spring forward: 00:00 CET is 23:00Z Saturday;
		// 3 h of real time later it is 02:00Z, which the wall clock shows as 04:00 CEST.
		{"spring forward 3h", cs.berlinSun, "2026-03-28T12:00:00+01:00", 3 * h, "2026-03-29T04:00:00+02:00"},
		{"spring forward 1h", cs.berlinSun, "2026-03-28T12:00:00+01:00", h, "2026-03-29T01:00:00+01:00"},
		{"spring forward 2h, gap skipped", cs.berlinSun, "2026-03-28T12:00:00+01:00", 2 * h, "2026-03-29T03:00:00+02:00"},
		// The day is 23 h long: 23 h ends at Monday 00:00 CEST (22:00Z).
		{"spring forward whole day", cs.berlinSun, "2026-03-28T12:00:00+01:00", 23 * h, "2026-03-30T00:00:00+02:00"},
		{"spring forward day and an hour", cs.berlinSun, "2026-03-28T12:00:00+01:00", 24 * h, "2026-04-05T01:00:00+02:00"},
		// Fall back: 00:00 CEST is 22:00Z Saturday; 02:00 happens twice.
		{"fall back 2h, first 02:00", cs.berlinSun, "2026-10-24T12:00:00+02:00", 2 * h, "2026-10-25T02:00:00+02:00"},
		{"fall back 3h, second 02:00", cs.berlinSun, "2026-10-24T12:00:00+02:00", 3 * h, "2026-10-25T02:00:00+01:00"},
		{"fall back whole day is 25h", cs.berlinSun, "2026-10-24T12:00:00+02:00", 25 * h, "2026-10-26T00:00:00+01:00"},

		// New York Sunday 00:00–04:00: 3 h on 2026-03-08 (02:00 missing), 5 h on 2026-11-01 (01:00 twice).
		{"NY spring 2h", cs.nySun, "2026-03-07T12:00:00-05:00", 2 * h, "2026-03-08T03:00:00-04:00"},
		{"NY spring 3h is the whole window", cs.nySun, "2026-03-07T12:00:00-05:00", 3 * h, "2026-03-08T04:00:00-04:00"},
		{"NY spring 3h1m next week", cs.nySun, "2026-03-07T12:00:00-05:00", 3*h + m, "2026-03-15T00:01:00-04:00"},
		{"NY fall 1h, first 01:00", cs.nySun, "2026-10-31T12:00:00-04:00", h, "2026-11-01T01:00:00-04:00"},
		{"NY fall 2h, second 01:00", cs.nySun, "2026-10-31T12:00:00-04:00", 2 * h, "2026-11-01T01:00:00-05:00"},
		{"NY fall 5h is the whole window", cs.nySun, "2026-10-31T12:00:00-04:00", 5 * h, "2026-11-01T04:00:00-05:00"},

		// Evenings end at 24:00: the window closes at the next midnight.
		{"evening into next evening", cs.evenings, "2026-03-30T23:30:00Z", h, "2026-03-31T18:30:00Z"},
		{"evening ends at midnight", cs.evenings, "2026-04-03T23:00:00Z", h, "2026-04-04T00:00:00Z"},
		{"friday evening to monday", cs.evenings, "2026-04-03T23:00:00Z", 61 * m, "2026-04-06T18:01:00Z"},

		// 24x7 counts real time, holiday or not: 23:00 CET + 5 h = 22:00Z + 5 h = 03:00Z = 05:00 CEST.
		{"24x7 across spring forward", cs.always, "2026-03-28T23:00:00+01:00", 5 * h, "2026-03-29T05:00:00+02:00"},
		// 1 h left on Saturday, none on the exception Sunday, 4 h on Monday.
		{"24x7 across an exception day", cs.alwaysPause, "2026-03-28T23:00:00+01:00", 5 * h, "2026-03-30T04:00:00+02:00"},

		{"never open: the cap", Calendar{Loc: time.UTC}, "2026-03-30T10:00:00Z", h, "2036-03-30T10:00:00Z"},
	}
	for _, tt := range tests {
		from := mustTime(t, tt.from)
		got := tt.c.Due(from, tt.d)
		if want := mustTime(t, tt.want); !got.Equal(want) {
			t.Errorf("%s: Due(%s, %v) = %s, want %s", tt.name, tt.from, tt.d, got.In(tt.c.loc()).Format(time.RFC3339), tt.want)
		}
	}
}

func TestElapsed(t *testing.T) {
	cs := testCalendars(t)
	const (
		m = time.Minute
		h = time.Hour
	)
	tests := []struct {
		name     string
		c        Calendar
		from, to string
		want     time.Duration
	}{
		{"friday 16:30 to monday 09:30", cs.utcWeek, "2026-03-27T16:30:00Z", "2026-03-30T09:30:00Z", h},
		{"across a weekend", cs.utcWeek, "2026-03-27T09:00:00Z", "2026-03-30T17:00:00Z", 16 * h},
		{"the weekend alone", cs.utcWeek, "2026-03-27T17:00:00Z", "2026-03-30T09:00:00Z", 0},
		{"inside one window", cs.utcWeek, "2026-03-30T10:15:00Z", "2026-03-30T11:45:00Z", 90 * m},
		{"a whole week", cs.utcWeek, "2026-03-30T00:00:00Z", "2026-04-06T00:00:00Z", 40 * h},
		{"to before from", cs.utcWeek, "2026-03-30T12:00:00Z", "2026-03-30T10:00:00Z", 0},
		{"to equals from", cs.utcWeek, "2026-03-30T12:00:00Z", "2026-03-30T12:00:00Z", 0},
		{"holiday monday not counted", cs.holidayWeek, "2026-03-27T09:00:00Z", "2026-03-31T17:00:00Z", 16 * h},
		// 8 h Friday + 8 h Monday in Berlin, whatever the UTC offset did over the weekend.
		{"berlin week across spring forward", cs.berlinWeek, "2026-03-27T09:00:00+01:00", "2026-03-30T17:00:00+02:00", 16 * h},
		{"berlin week across fall back", cs.berlinWeek, "2026-10-23T09:00:00+02:00", "2026-10-26T17:00:00+01:00", 16 * h},
		{"berlin sunday, 23 h day", cs.berlinSun, "2026-03-28T00:00:00+01:00", "2026-03-30T00:00:00+02:00", 23 * h},
		{"berlin sunday, 25 h day", cs.berlinSun, "2026-10-24T00:00:00+02:00", "2026-10-26T00:00:00+01:00", 25 * h},
		// 01:30 CET to 03:30 CEST on the spring-forward night: one real hour.
		{"berlin sunday over the gap", cs.berlinSun, "2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00", h},
		{"NY sunday, 2026-03-08", cs.nySun, "2026-03-07T00:00:00-05:00", "2026-03-09T00:00:00-04:00", 3 * h},
		{"NY sunday, 2026-11-01", cs.nySun, "2026-10-31T00:00:00-04:00", "2026-11-02T00:00:00-05:00", 5 * h},
		{"evenings across midnight", cs.evenings, "2026-03-30T23:00:00Z", "2026-03-31T01:00:00Z", h},
		{"evenings a whole day", cs.evenings, "2026-03-30T18:00:00Z", "2026-03-31T18:00:00Z", 6 * h},
		// 24x7 in Berlin: Saturday 12:00 CET to Monday 12:00 CEST is 47 real hours.
		{"24x7 across spring forward", cs.always, "2026-03-28T12:00:00+01:00", "2026-03-30T12:00:00+02:00", 47 * h},
		// The same with Sunday an exception: 12 h on Saturday, 12 h on Monday.
		{"24x7 across an exception day", cs.alwaysPause, "2026-03-28T12:00:00+01:00", "2026-03-30T12:00:00+02:00", 24 * h},
		{"never open", Calendar{Loc: time.UTC}, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 0},
	}
	for _, tt := range tests {
		got := tt.c.Elapsed(mustTime(t, tt.from), mustTime(t, tt.to))
		if got != tt.want {
			t.Errorf("%s: Elapsed(%s, %s) = %v, want %v", tt.name, tt.from, tt.to, got, tt.want)
		}
	}
}

// Every day of 2026, Berlin's 09:00–17:00 stays on the wall clock: the first
// open instant of a working day is 09:00 local and the day holds 8 h.
func TestBerlinHoursStayOnTheWallClock(t *testing.T) {
	c := testCalendars(t).berlinWeek
	for d := (Date{2026, time.January, 1}); d.Year == 2026; d = d.next() {
		midnight := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, c.Loc)
		next := midnight.AddDate(0, 0, 1)
		wd := midnight.Weekday()
		want := time.Duration(0)
		if wd != time.Saturday && wd != time.Sunday {
			want = 8 * time.Hour
			if o := c.NextOpen(midnight).In(c.Loc); o.Hour() != 9 || o.Minute() != 0 || DateOf(o, c.Loc) != d {
				t.Errorf("%s: opens %s", d, o)
			}
		}
		if got := c.Elapsed(midnight, next); got != want {
			t.Errorf("%s: Elapsed over the day = %v, want %v", d, got, want)
		}
	}
}

// A calendar whose only working day is always a holiday must end its search.
func TestClockBoundedWhenNeverOpen(t *testing.T) {
	var hours Hours
	hours.Days[time.Monday] = true
	hours.Start, hours.End = 9*60, 17*60
	var hol []Date
	for d := (Date{2026, time.January, 1}); d.Year < 2037; d = d.next() {
		if d.weekday() == time.Monday {
			hol = append(hol, d)
		}
	}
	c := Calendar{Hours: hours, Holidays: hol, Loc: time.UTC}
	from := mustTime(t, "2026-01-01T00:00:00Z")
	limit := mustTime(t, "2036-01-01T00:00:00Z")
	if got := c.NextOpen(from); !got.Equal(limit) {
		t.Errorf("NextOpen = %s, want the cap %s", got, limit)
	}
	if got := c.Due(from, time.Hour); !got.Equal(limit) {
		t.Errorf("Due = %s, want the cap %s", got, limit)
	}
	if got := c.Elapsed(from, limit); got != 0 {
		t.Errorf("Elapsed = %v, want 0", got)
	}
}

// Property: for random starts and durations, Due is the earliest instant at
// which exactly d of business time has elapsed, and it grows with d.
func TestDueElapsedProperty(t *testing.T) {
	cs := testCalendars(t)
	named := []struct {
		name string
		c    Calendar
	}{
		{"utcWeek", cs.utcWeek}, {"berlinWeek", cs.berlinWeek}, {"holidayWeek", cs.holidayWeek},
		{"berlinSun", cs.berlinSun}, {"nySun", cs.nySun}, {"evenings", cs.evenings},
		{"always", cs.always}, {"alwaysPause", cs.alwaysPause}, {"auckland", cs.auckland},
	}
	rng := rand.New(rand.NewPCG(1, 2)) // seeded: a failure reproduces
	year := mustTime(t, "2026-01-01T00:00:00Z")
	for _, nc := range named {
		name, c := nc.name, nc.c
		for range 1500 {
			start := year.Add(time.Duration(rng.Int64N(int64(366 * 24 * time.Hour))))
			d := time.Duration(rng.Int64N(int64(60 * time.Hour)))
			extra := time.Duration(rng.Int64N(int64(10 * time.Hour)))

			due := c.Due(start, d)
			if got := c.Elapsed(start, due); got != d {
				t.Fatalf("%s: Elapsed(%s, Due(…, %v) = %s) = %v", name, start, d, due, got)
			}
			if d > 0 {
				if got := c.Elapsed(start, due.Add(-1)); got >= d {
					t.Fatalf("%s: Due(%s, %v) = %s is not the earliest: %v already at 1ns before", name, start, d, due, got)
				}
				if !c.Open(due.Add(-1)) {
					t.Fatalf("%s: Due(%s, %v) = %s, but the nanosecond before is closed", name, start, d, due)
				}
			}
			if later := c.Due(start, d+extra); later.Before(due) {
				t.Fatalf("%s: Due(%s, %v) = %s before Due(…, %v) = %s", name, start, d+extra, later, d, due)
			}
			next := c.NextOpen(start)
			if next.Before(start) || !c.Open(next) || c.Elapsed(start, next) != 0 {
				t.Fatalf("%s: NextOpen(%s) = %s", name, start, next)
			}
		}
	}
}
