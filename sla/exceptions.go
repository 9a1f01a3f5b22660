package sla

import (
	"sort"
	"strings"
	"time"
)

// Exceptions (docs/design.md, Exceptions): the guide's "breathing room" for
// severe weather, staffing problems or an IT outage. An agreed exception
// is a range of whole days in the agreement's timezone during which the
// goal line stands still, the speed and depth clocks stop, and nothing
// counts as a strike or a missed month.

// Exception is one agreed exception period, From through To inclusive.
type Exception struct {
	ID       int64
	From, To Date
	Reason   string
	By       string
	At       time.Time
}

// MaxExceptionDays bounds one exception: breathing room, not a holiday season.
const MaxExceptionDays = 31

// MaxReasonText bounds an exception's reason.
const MaxReasonText = 300

// Days lists the exception's dates.
func (e Exception) Days() []Date {
	var out []Date
	for d := e.From; !e.To.before(d); d = d.next() {
		out = append(out, d)
	}
	return out
}

// Contains reports whether d is inside the exception.
func (e Exception) Contains(d Date) bool { return !d.before(e.From) && !e.To.before(d) }

// String is "2026-12-21 – 2026-12-23", or one date.
func (e Exception) String() string {
	if e.From == e.To {
		return e.From.String()
	}
	return e.From.String() + " – " + e.To.String()
}

// ValidException checks an exception as typed.
func ValidException(from, to Date, reason string) error {
	if to.before(from) {
		return Errorf(Invalid, "`to=%s` is before `from=%s`: an exception runs from its first day to its last.", to, from)
	}
	if n := len(Exception{From: from, To: to}.Days()); n > MaxExceptionDays {
		return Errorf(Invalid, "That exception is %d days; one exception covers at most %d days (add another for a longer one).", n, MaxExceptionDays)
	}
	if strings.TrimSpace(reason) == "" {
		return Errorf(Invalid, "Give the reason, like `reason=\"IT outage\"`: the agreement lists it.")
	}
	return nil
}

// ExceptionDates are the dates of all exceptions, sorted, each once.
func ExceptionDates(exs []Exception) []Date {
	seen := map[Date]bool{}
	var out []Date
	for _, e := range exs {
		for _, d := range e.Days() {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].before(out[j]) })
	return out
}

// PausedDays are the days of month m inside an exception of the agreement.
func (a Agreement) PausedDays(m Month) []int {
	var out []int
	for _, d := range ExceptionDates(a.Exceptions) {
		if d.Year == m.Year && d.Month == m.Month {
			out = append(out, d.Day)
		}
	}
	return out
}

// ExceptionsIn are the agreement's exceptions that overlap month m.
func (a Agreement) ExceptionsIn(m Month) []Exception {
	return a.ExceptionsDuring(Period{From: m, To: m})
}

// ExceptionsDuring lists the exceptions that touch a day of period p.
func (a Agreement) ExceptionsDuring(p Period) []Exception {
	first := Date{p.From.Year, p.From.Month, 1}
	last := Date{p.To.Year, p.To.Month, p.To.Days()}
	var out []Exception
	for _, e := range a.Exceptions {
		if !e.To.before(first) && !last.before(e.From) {
			out = append(out, e)
		}
	}
	return out
}

// pausedAfter extends a calendar-time deadline, from + d, by the paused
// days it runs through: the depth window stops during an exception.
func (c Calendar) pausedAfter(from time.Time, d time.Duration) time.Time {
	due := from.Add(d)
	loc := c.loc()
	for _, p := range c.Pauses { // sorted
		d := p.day(loc)
		if !d.To.After(from) {
			continue
		}
		if !d.From.Before(due) {
			break
		}
		due = due.Add(d.To.Sub(later(d.From, from)))
	}
	return due
}
