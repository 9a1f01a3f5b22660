package sla

import (
	"fmt"
	"time"
)

// Month is a calendar month; its instants depend on the agreement's location.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month that contains t in loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	t = t.In(loc)
	return Month{Year: t.Year(), Month: t.Month()}
}

// Start is midnight of the 1st in loc.
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// End is midnight of the 1st of the next month in loc (exclusive bound).
func (m Month) End(loc *time.Location) time.Time {
	return m.Next().Start(loc)
}

// Days is the number of days in the month.
func (m Month) Days() int {
	return time.Date(m.Year, m.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (m Month) Next() Month {
	t := time.Date(m.Year, m.Month+1, 1, 0, 0, 0, 0, time.UTC)
	return Month{Year: t.Year(), Month: t.Month()}
}

func (m Month) Prev() Month {
	t := time.Date(m.Year, m.Month-1, 1, 0, 0, 0, 0, time.UTC)
	return Month{Year: t.Year(), Month: t.Month()}
}

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool {
	return m.Year < o.Year || (m.Year == o.Year && m.Month < o.Month)
}

// IsZero reports whether m is the zero Month (no month).
func (m Month) IsZero() bool { return m.Year == 0 && m.Month == 0 }

// String is the storage and command form, 2026-12.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Label is the human form, December 2026.
func (m Month) Label() string { return fmt.Sprintf("%s %d", m.Month, m.Year) }

// DayBounds are the local midnights from the 1st through the 1st of the next
// month: Days()+1 instants, so day i is [b[i-1], b[i]). Built with time.Date,
// so a day with a daylight-saving change is 23 or 25 hours long.
func (m Month) DayBounds(loc *time.Location) []time.Time {
	n := m.Days()
	out := make([]time.Time, n+1)
	for d := 0; d <= n; d++ {
		out[d] = time.Date(m.Year, m.Month, 1+d, 0, 0, 0, 0, loc)
	}
	return out
}

// WeekBounds split the month into calendar weeks, Monday to Sunday, cut at
// the month's ends (December 2026: 1–6, 7–13, 14–20, 21–27, 28–31), as the
// charts and the report's table show them.
func (m Month) WeekBounds(loc *time.Location) []time.Time {
	var out []time.Time
	for _, d := range m.weekStarts() {
		out = append(out, time.Date(m.Year, m.Month, d, 0, 0, 0, 0, loc))
	}
	return append(out, m.End(loc))
}

// weekStarts are the days that begin a week of WeekBounds: the 1st and
// every Monday after it.
func (m Month) weekStarts() []int {
	starts := []int{1}
	for d := 2; d <= m.Days(); d++ {
		if time.Date(m.Year, m.Month, d, 12, 0, 0, 0, time.UTC).Weekday() == time.Monday {
			starts = append(starts, d)
		}
	}
	return starts
}

// WeekLabel names week i (0-based) of WeekBounds: "1–6 Dec", "28–31 Dec".
func (m Month) WeekLabel(i int) string {
	starts := m.weekStarts()
	if i < 0 || i >= len(starts) {
		return ""
	}
	first, last := starts[i], m.Days()
	if i+1 < len(starts) {
		last = starts[i+1] - 1
	}
	if first == last {
		return fmt.Sprintf("%d %s", first, m.Month.String()[:3])
	}
	return fmt.Sprintf("%d–%d %s", first, last, m.Month.String()[:3])
}
