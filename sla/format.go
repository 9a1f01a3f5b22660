package sla

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// NA is shown for any figure that is undefined (a division by zero).
const NA = "n/a"

// FormatDuration renders a duration compactly, the precision falling with size:
//   - under a minute: whole seconds, "45s", "0s";
//   - under a day: whole minutes, "12m", "1h 05m", "3h";
//   - a day or more: whole hours, "2d 3h", "2d".
//
// Each step rounds half up (time.Duration.Round) before the unit is chosen, so
// 59.5s is "1m" and 23h59m40s is "1d". Negative durations get a leading "-".
func FormatDuration(d time.Duration) string {
	if d < 0 {
		if d == math.MinInt64 {
			d++ // -MinInt64 does not exist; a nanosecond does not show
		}
		return "-" + FormatDuration(-d)
	}
	if r := d.Round(time.Second); r < time.Minute {
		return fmt.Sprintf("%ds", r/time.Second)
	}
	if r := d.Round(time.Minute); r < time.Hour {
		return fmt.Sprintf("%dm", r/time.Minute)
	} else if r < 24*time.Hour {
		h, m := r/time.Hour, r%time.Hour/time.Minute
		if m == 0 {
			return fmt.Sprintf("%dh", h)
		}
		return fmt.Sprintf("%dh %02dm", h, m)
	}
	r := d.Round(time.Hour)
	days, h := r/(24*time.Hour), r%(24*time.Hour)/time.Hour
	if h == 0 {
		return fmt.Sprintf("%dd", days)
	}
	return fmt.Sprintf("%dd %dh", days, h)
}

// FormatDowntime renders a downtime budget:
//   - a minute or more: rounded half up to the second, the units from the
//     largest to the smallest non-zero one, "8h 45m 58s", "43m 12s", "12h",
//     "3d 15h 39m 36s", "1h 0m 5s";
//   - under a minute: one decimal in the largest unit (s, ms, µs, ns) that
//     the value reaches, a trailing ".0" dropped: "31.6s", "6s", "864ms",
//     "86.4ms"; a value that would round to 1000.0 of a unit moves up one.
func FormatDowntime(d time.Duration) string {
	if d < 0 {
		if d == math.MinInt64 {
			d++
		}
		return "-" + FormatDowntime(-d)
	}
	if d == 0 {
		return "0s"
	}
	// 59.95s and up round to 60.0s: show them as whole seconds instead.
	if d >= time.Minute-50*time.Millisecond {
		secs := int64(d / time.Second)
		if d%time.Second >= time.Second/2 {
			secs++
		}
		parts := []struct {
			n    int64
			unit string
		}{
			{secs / 86400, "d"},
			{secs % 86400 / 3600, "h"},
			{secs % 3600 / 60, "m"},
			{secs % 60, "s"},
		}
		first, last := -1, -1
		for i, p := range parts {
			if p.n != 0 {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		var out []string
		for _, p := range parts[first : last+1] {
			out = append(out, fmt.Sprintf("%d%s", p.n, p.unit))
		}
		return strings.Join(out, " ")
	}
	units := []struct {
		size time.Duration
		name string
	}{{time.Second, "s"}, {time.Millisecond, "ms"}, {time.Microsecond, "µs"}, {time.Nanosecond, "ns"}}
	for _, u := range units {
		// The unit fits from 1 u, or from where the next smaller unit would
		// round to 1000.0 (999.95ms is "1s", not "1000ms").
		if d >= u.size-u.size/1000/20 || u.size == time.Nanosecond {
			tenths := (int64(d)*10 + int64(u.size)/2) / int64(u.size) // d < 1 min: no overflow
			return formatTenths(tenths) + u.name
		}
	}
	return "0s" // unreachable: the nanosecond unit always answers
}

// formatTenths renders n/10 with one decimal, a trailing ".0" dropped.
func formatTenths(n int64) string {
	if n%10 == 0 {
		return strconv.FormatInt(n/10, 10)
	}
	return fmt.Sprintf("%d.%d", n/10, n%10)
}

// FormatCount renders a count that may be fractional (a goal line, a pace)
// with one decimal, a trailing ".0" dropped: "32.3", "30". The decimal is
// rounded as strconv does (to the nearest; exact halves like 32.25 to even).
func FormatCount(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return NA
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

// BusinessDay is the business time of one working day of the calendar: its
// working hours (8h for 09:00–17:00), or 24h for a 24x7 calendar.
func (c Calendar) BusinessDay() time.Duration {
	if c.Hours.Always || c.Hours.End <= c.Hours.Start {
		return 24 * time.Hour
	}
	return time.Duration(c.Hours.End-c.Hours.Start) * time.Minute
}

// BusinessWeek is the business time of one week: its working days' hours.
func (c Calendar) BusinessWeek() time.Duration {
	if c.Hours.Always {
		return 7 * 24 * time.Hour
	}
	n := 0
	for _, open := range c.Hours.Days {
		if open {
			n++
		}
	}
	return time.Duration(max(n, 1)) * c.BusinessDay()
}

// FormatBusiness renders business time as people say it, in the
// calendar's working days and hours, never 24-hour days: "45m", "7h 30m",
// "1 business day", "2 business days 3h" (64 business hours of 09:00–17:00
// days are "8 business days"). Under a day it is FormatDuration.
func (c Calendar) FormatBusiness(d time.Duration) string {
	if d < 0 {
		return "-" + c.FormatBusiness(-d)
	}
	day := c.BusinessDay()
	if d < day {
		return FormatDuration(d)
	}
	r := d.Round(time.Minute)
	days, rest := r/day, r%day
	out := fmt.Sprintf("%d business days", days)
	if days == 1 {
		out = "1 business day"
	}
	if rest >= time.Minute {
		out += " " + FormatDuration(rest)
	}
	return out
}
