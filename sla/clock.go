package sla

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Business time (docs/design.md, Business time) is modelled on Alertmanager's timeinterval: each day's
// window is built with time.Date in the calendar's location, so working hours
// stay on the wall clock across daylight-saving changes.
//
// Decisions:
//   - Business time is real elapsed time while open. A window 00:00–24:00 on a
//     23-hour spring-forward day contributes 23 h, on a fall-back day 25 h; a
//     09:00–17:00 window is 8 h on every day.
//   - A 24x7 calendar (Hours.Always) counts all real time and ignores holidays:
//     it is chosen by people who want the clock to never stop. Exception days
//     (Pauses) close it all the same: an exception suspends the agreement.
//   - A window that ends at 24:00 closes at the next local midnight.
//   - Forward searches are bounded: when no business time is found within
//     ScanLimit years (no working days, or every day a holiday), NextOpen and
//     Due return the instant ScanLimit years after their argument.

// ScanLimit bounds forward searches in years.
const ScanLimit = 10

// String renders the hours as "Mon–Fri 09:00–17:00", "Mon, Wed, Fri 08:00–12:00"
// or "24x7". Runs of three or more consecutive days (Monday first) become a range.
func (h Hours) String() string {
	if h.Always {
		return "24x7"
	}
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	var parts []string
	for i := 0; i < len(order); {
		if !h.Days[order[i]] {
			i++
			continue
		}
		j := i
		for j+1 < len(order) && h.Days[order[j+1]] {
			j++
		}
		switch j - i {
		case 0:
			parts = append(parts, dayAbbr(order[i]))
		case 1:
			parts = append(parts, dayAbbr(order[i]), dayAbbr(order[j]))
		default:
			parts = append(parts, dayAbbr(order[i])+"–"+dayAbbr(order[j]))
		}
		i = j + 1
	}
	days := strings.Join(parts, ", ")
	if days == "" {
		days = "no days"
	}
	return days + " " + clockText(h.Start) + "–" + clockText(h.End)
}

func dayAbbr(d time.Weekday) string { return d.String()[:3] }

// clockText renders minutes after midnight as 09:00; 1440 is 24:00.
func clockText(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// Valid reports whether the hours describe some working time.
func (h Hours) Valid() error {
	if h.Always {
		return nil
	}
	if h.Start < 0 || h.End > 24*60 || h.Start >= h.End {
		return Errorf(Invalid, "Working hours must start before they end, within one day, like 09:00-17:00.")
	}
	for _, on := range h.Days {
		if on {
			return nil
		}
	}
	return Errorf(Invalid, "Pick at least one working day, like mon-fri.")
}

func (c Calendar) loc() *time.Location {
	if c.Loc == nil {
		return time.UTC
	}
	return c.Loc
}

// IsHoliday reports whether t falls on one of the holidays, in the calendar's location.
func (c Calendar) IsHoliday(t time.Time) bool {
	return slices.Contains(c.Holidays, DateOf(t, c.loc()))
}

// Open reports whether t is business time.
func (c Calendar) Open(t time.Time) bool {
	if c.away(t) {
		return false
	}
	if c.Hours.Always {
		return !c.paused(t)
	}
	if c.Hours.Valid() != nil {
		return false
	}
	opens, closes, ok := c.window(DateOf(t, c.loc()), c.holidaySet())
	return ok && !t.Before(opens) && t.Before(closes)
}

// NextOpen is the first business instant at or after t (t itself when open).
func (c Calendar) NextOpen(t time.Time) time.Time {
	if c.nonstop() {
		return t
	}
	limit := t.AddDate(ScanLimit, 0, 0)
	next := limit
	c.open(t, limit, func(opens, closes time.Time) bool {
		if t.Before(closes) {
			next = later(opens, t)
			return false
		}
		return true
	})
	return next
}

// Elapsed is the business time in [from, to); 0 when to is not after from.
func (c Calendar) Elapsed(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	if c.nonstop() {
		return to.Sub(from)
	}
	var sum time.Duration
	c.open(from, to, func(opens, closes time.Time) bool {
		lo, hi := later(opens, from), earlier(closes, to)
		if hi.After(lo) {
			sum += hi.Sub(lo)
		}
		return true
	})
	return sum
}

// Due is the earliest instant t with Elapsed(from, t) == d: from plus d of
// business time. A due time that lands on a closing time is that closing time
// (Friday 16:00 + 1 h is Friday 17:00, not Monday 09:00). d <= 0 gives from.
func (c Calendar) Due(from time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return from
	}
	if c.nonstop() {
		return from.Add(d)
	}
	limit := from.AddDate(ScanLimit, 0, 0)
	due, left := limit, d
	c.open(from, limit, func(opens, closes time.Time) bool {
		if !closes.After(from) {
			return true
		}
		start := later(opens, from)
		if avail := closes.Sub(start); left > avail {
			left -= avail
			return true
		}
		due = start.Add(left)
		return false
	})
	return due
}

// nonstop reports whether all real time is business time: a 24x7
// calendar with no away span and no exception day.
func (c Calendar) nonstop() bool {
	return c.Hours.Always && len(c.Away) == 0 && len(c.Pauses) == 0
}

// open calls fn with each open interval, in order, from the windows of the
// local dates of from through until (all of [from, until) on a 24x7
// calendar, less its exception days), less the away spans.
func (c Calendar) open(from, until time.Time, fn func(opens, closes time.Time) bool) {
	each := func(opens, closes time.Time) bool {
		for _, s := range c.Away {
			if !s.To.After(opens) {
				continue
			}
			if !s.From.Before(closes) {
				break
			}
			if s.From.After(opens) && !fn(opens, s.From) {
				return false
			}
			opens = later(opens, s.To)
			if !closes.After(opens) {
				return true
			}
		}
		return fn(opens, closes)
	}
	if c.Hours.Always {
		c.unpaused(from, until, each)
		return
	}
	c.windows(from, until, each)
}

// unpaused calls fn with the parts of [from, until) outside the exception
// days, in order; fn returns false to stop.
func (c Calendar) unpaused(from, until time.Time, fn func(opens, closes time.Time) bool) {
	loc := c.loc()
	opens := from
	for _, p := range c.Pauses { // sorted
		d := p.day(loc)
		if !d.To.After(opens) {
			continue
		}
		if !d.From.Before(until) {
			break
		}
		if d.From.After(opens) && !fn(opens, d.From) {
			return
		}
		opens = d.To
	}
	if until.After(opens) {
		fn(opens, until)
	}
}

// paused reports whether t falls on an exception day.
func (c Calendar) paused(t time.Time) bool {
	return slices.Contains(c.Pauses, DateOf(t, c.loc()))
}

// day is local date d from its midnight to the next.
func (d Date) day(loc *time.Location) Span {
	return Span{From: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc), To: time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, loc)}
}

// away reports whether t falls in one of the away spans.
func (c Calendar) away(t time.Time) bool {
	for _, s := range c.Away {
		if s.Contains(t) {
			return true
		}
	}
	return false
}

// windows calls fn with each day's open window [opens, closes), in order, for the
// local dates of from through until; fn returns false to stop.
func (c Calendar) windows(from, until time.Time, fn func(opens, closes time.Time) bool) {
	if c.Hours.Valid() != nil {
		return // never open: nothing to visit, however long the range
	}
	loc := c.loc()
	hol := c.holidaySet()
	last := DateOf(until, loc)
	for d := DateOf(from, loc); !last.before(d); d = d.next() {
		if opens, closes, ok := c.window(d, hol); ok && !fn(opens, closes) {
			return
		}
	}
}

// window is the open interval of local date d; ok is false when the day is
// closed (not a working day, a holiday, or a window lost in a DST gap).
func (c Calendar) window(d Date, hol map[Date]bool) (opens, closes time.Time, ok bool) {
	if hol[d] || !c.Hours.Days[d.weekday()] {
		return time.Time{}, time.Time{}, false
	}
	loc := c.loc()
	// time.Date normalises minute 1440 to the next local midnight.
	opens = time.Date(d.Year, d.Month, d.Day, 0, c.Hours.Start, 0, 0, loc)
	closes = time.Date(d.Year, d.Month, d.Day, 0, c.Hours.End, 0, 0, loc)
	return opens, closes, closes.After(opens)
}

func (c Calendar) holidaySet() map[Date]bool {
	if len(c.Holidays) == 0 {
		return nil
	}
	m := make(map[Date]bool, len(c.Holidays))
	for _, h := range c.Holidays {
		m[h] = true
	}
	return m
}

func (d Date) weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

func (d Date) next() Date {
	t := time.Date(d.Year, d.Month, d.Day+1, 12, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

func (d Date) before(o Date) bool {
	if d.Year != o.Year {
		return d.Year < o.Year
	}
	if d.Month != o.Month {
		return d.Month < o.Month
	}
	return d.Day < o.Day
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
