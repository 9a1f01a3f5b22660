package sla

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is a run of whole months, From through To: a month, a quarter or a
// year (docs/design.md, Periods).
type Period struct {
	From, To Month
	Kind     PeriodKind
}

// PeriodKind is what a Period was written as.
type PeriodKind int

const (
	PeriodMonth PeriodKind = iota
	PeriodQuarter
	PeriodYear
	PeriodRange // from= … to=
)

// MonthPeriod is the period of one month.
func MonthPeriod(m Month) Period { return Period{From: m, To: m} }

// IsMonth reports whether the period is a single month.
func (p Period) IsMonth() bool { return p.From == p.To }

// Months are the period's months in order.
func (p Period) Months() []Month {
	var out []Month
	for m := p.From; !p.To.Before(m); m = m.Next() {
		out = append(out, m)
	}
	return out
}

// Start is the first instant of the period in loc.
func (p Period) Start(loc *time.Location) time.Time { return p.From.Start(loc) }

// End is the first instant after the period in loc.
func (p Period) End(loc *time.Location) time.Time { return p.To.End(loc) }

// String is the form people type: 2026-12, 2026-Q4, 2026, or 2026-01..2026-03.
func (p Period) String() string {
	switch p.Kind {
	case PeriodQuarter:
		return fmt.Sprintf("%04d-Q%d", p.From.Year, (int(p.From.Month)+2)/3)
	case PeriodYear:
		return fmt.Sprintf("%04d", p.From.Year)
	}
	if p.IsMonth() {
		return p.From.String()
	}
	return p.From.String() + ".." + p.To.String()
}

// Label is the human form: December 2026, Q4 2026, 2026, Jan–Mar 2026.
func (p Period) Label() string {
	switch p.Kind {
	case PeriodQuarter:
		return fmt.Sprintf("Q%d %d", (int(p.From.Month)+2)/3, p.From.Year)
	case PeriodYear:
		return strconv.Itoa(p.From.Year)
	}
	if p.IsMonth() {
		return p.From.Label()
	}
	return p.From.Label() + " – " + p.To.Label()
}

const hintPeriod = "use a month (2026-12, dec), a quarter (2026-Q4) or a year (2026)"

// ParsePeriodNear reads a period as people type it wherever a past month is
// read: a month (as ParseMonthNear), a quarter 2026-Q4 or a year 2026.
func ParsePeriodNear(s string, now time.Time, loc *time.Location) (Period, error) {
	t := strings.TrimSpace(s)
	if len(t) == 4 && allDigits(t) {
		y, _ := strconv.Atoi(t)
		if p := outsideYears(y); p != "" {
			return Period{}, invalid(s, p)
		}
		return Period{From: Month{y, time.January}, To: Month{y, time.December}, Kind: PeriodYear}, nil
	}
	if y, q, ok := strings.Cut(t, "-"); ok && len(q) == 2 && (q[0] == 'Q' || q[0] == 'q') {
		n := int(q[1] - '0')
		if len(y) != 4 || !allDigits(y) || n < 1 || n > 4 {
			return Period{}, invalid(s, "is not a quarter: "+hintPeriod)
		}
		year, _ := strconv.Atoi(y)
		if p := outsideYears(year); p != "" {
			return Period{}, invalid(s, p)
		}
		first := time.Month(3*n - 2)
		return Period{From: Month{year, first}, To: Month{year, first + 2}, Kind: PeriodQuarter}, nil
	}
	m, err := ParseMonthNear(s, now, loc)
	if err != nil {
		return Period{}, invalid(s, "is not a period: "+hintPeriod)
	}
	return MonthPeriod(m), nil
}
