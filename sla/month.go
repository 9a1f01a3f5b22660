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

// String is the storage and command form, 2026-12.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Label is the human form, December 2026.
func (m Month) Label() string { return fmt.Sprintf("%s %d", m.Month, m.Year) }

// ParseMonth reads the 2026-12 form.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, Errorf(Invalid, "%q is not a month like 2026-12", s)
	}
	return Month{Year: t.Year(), Month: t.Month()}, nil
}
