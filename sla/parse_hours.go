package sla

import (
	"strings"
	"time"
)

var weekdayWords = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "weds": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// ParseWeekday reads mon, monday, Mon … (case-insensitive).
func ParseWeekday(s string) (time.Weekday, error) {
	d, ok := readWeekday(strings.TrimSpace(s))
	if !ok {
		return 0, invalid(s, "is not a weekday: use mon, tue, … or monday, tuesday, …")
	}
	return d, nil
}

func readWeekday(s string) (time.Weekday, bool) {
	d, ok := weekdayWords[strings.ToLower(s)]
	return d, ok
}

// dashReplacer accepts the en and em dashes that Hours.String prints and phones type.
var dashReplacer = strings.NewReplacer("–", "-", "—", "-")

const (
	hintHours = "use mon-fri 09:00-17:00 or 24x7"
	hintSpan  = "is not a span of hours: use 09:00-17:00 (24:00 ends at midnight)"
)

// ParseHours reads a weekly schedule: "<days> <from>-<to>" or "24x7".
//   - days: mon-fri, mon,wed,fri, sat-sun, mon-sun (a range may wrap round
//     the week: fri-mon), or weekdays, weekends, daily;
//   - hours: 09:00-17:00, 9-17, 9am-5pm, 08:30-24:00 (24:00 ends at
//     midnight); a span must start before it ends, within one day.
//
// The two parts may come in either order, and what Hours.String prints
// ("Mon, Wed, Fri 08:00–12:00") reads back. Mon–Sun 00:00–24:00 is kept as
// typed, not turned into 24x7, because 24x7 also ignores holidays. The
// error's Input is the part that is wrong.
func ParseHours(s string) (Hours, error) {
	all := strings.Join(strings.Fields(s), " ")
	fields := strings.Fields(strings.ReplaceAll(all, ", ", ","))
	if len(fields) == 1 {
		if f := strings.ToLower(fields[0]); f == "24x7" || f == "24/7" {
			return AlwaysOpen, nil
		}
	}
	if len(fields) != 2 {
		return Hours{}, invalid(all, "is not a schedule: "+hintHours)
	}
	daysWord, spanWord := fields[0], fields[1]
	if strings.ContainsAny(daysWord, "0123456789") && !strings.ContainsAny(spanWord, "0123456789") {
		daysWord, spanWord = spanWord, daysWord
	}
	var h Hours
	var ok bool
	if h.Days, ok = readDays(daysWord); !ok {
		return Hours{}, invalid(daysWord, "is not a list of days: use mon-fri, mon,wed,fri or sat-sun")
	}
	from, to, ok := strings.Cut(dashReplacer.Replace(spanWord), "-")
	if !ok {
		return Hours{}, invalid(spanWord, hintSpan)
	}
	if h.Start, ok = readClock(from, false); ok {
		h.End, ok = readClock(to, true)
	}
	if !ok {
		return Hours{}, invalid(spanWord, hintSpan)
	}
	if h.Start >= h.End {
		return Hours{}, invalid(spanWord, "ends before it starts: working hours must fit in one day, like 09:00-17:00")
	}
	return h, nil
}

func readDays(s string) ([7]bool, bool) {
	var days [7]bool
	s = strings.ToLower(dashReplacer.Replace(s))
	switch s {
	case "weekdays":
		s = "mon-fri"
	case "weekend", "weekends":
		s = "sat-sun"
	case "daily", "everyday":
		s = "mon-sun"
	}
	for _, item := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(item, "-")
		a, ok := readWeekday(from)
		if !ok {
			return days, false
		}
		b := a
		if isRange {
			if b, ok = readWeekday(to); !ok {
				return days, false
			}
		}
		// walk forward from a to b, wrapping round the week (fri-mon)
		for d := a; ; d = (d + 1) % 7 {
			days[d] = true
			if d == b {
				break
			}
		}
	}
	return days, true
}
