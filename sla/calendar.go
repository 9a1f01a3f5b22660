package sla

import (
	"fmt"
	"time"
)

// Date is a civil date (no time, no zone), used for holidays.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the civil date of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	t = t.In(loc)
	return Date{t.Year(), t.Month(), t.Day()}
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Hours are the weekly working hours. Start and End are minutes after local
// midnight; End may be 1440 (a day that ends at midnight). Always means 24x7.
type Hours struct {
	Always bool
	Days   [7]bool // indexed by time.Weekday
	Start  int
	End    int
}

// DefaultHours is Monday to Friday, 09:00 to 17:00.
var DefaultHours = Hours{
	Days:  [7]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true},
	Start: 9 * 60,
	End:   17 * 60,
}

// AlwaysOpen is the 24x7 calendar.
var AlwaysOpen = Hours{Always: true}

// Calendar is Hours plus holidays, in a location.
type Calendar struct {
	Hours    Hours
	Holidays []Date
	Loc      *time.Location
	// Away are one rep's out-of-office spans: like a holiday for that
	// person alone, no business time runs in them, even on a 24x7
	// calendar (docs/design.md, Routing). Sorted, not overlapping.
	Away []Span
	// Pauses are the exception days, sorted (also among Holidays): the
	// depth window, calendar time, does not run on them, and a 24x7
	// calendar, which ignores holidays, is closed on them.
	Pauses []Date
}
