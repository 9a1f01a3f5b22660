package sla

import (
	"math/big"
	"strings"
	"time"
)

// MaxDuration bounds a typed duration: longer than a year is a typo.
const MaxDuration = 365 * 24 * time.Hour

const hintDuration = "use 90m, 1h, 1h30m, 2d or 1w"

// durationUnits, largest first. Seconds are accepted (45s) because a speed
// target that tight is odd but not wrong.
var durationUnits = []struct {
	names []string
	size  int64 // seconds
}{
	{[]string{"w", "wk", "wks", "week", "weeks"}, 7 * 86400},
	{[]string{"d", "day", "days"}, 86400},
	{[]string{"h", "hr", "hrs", "hour", "hours"}, 3600},
	{[]string{"m", "min", "mins", "minute", "minutes"}, 60},
	{[]string{"s", "sec", "secs", "second", "seconds"}, 1},
}

// ParseDuration reads a duration: 90m, 1h, 1h30m, 1.5h, 2d, 1w, 45s (units
// w, d, h, m, s or their words, each at most once, largest first; a day is
// 24 hours). Zero, negative, unitless, sub-second and over-a-year values
// are refused.
func ParseDuration(s string) (time.Duration, error) {
	d, p := readDuration(s)
	if p != "" {
		return 0, invalid(s, p)
	}
	return d, nil
}

// ParseBusinessDuration reads a duration of business time on cal: the same
// forms as ParseDuration, but a day (d) is one working day of the calendar
// (BusinessDay: 8 hours for 09:00–17:00, so 1d ends at the same clock time on
// the next working day) and a week (w) is its working days in a week.
func ParseBusinessDuration(s string, cal Calendar) (time.Duration, error) {
	d, p := readDurationDays(s, int64(cal.BusinessDay()/time.Second), int64(cal.BusinessWeek()/time.Second))
	if p != "" {
		return 0, invalid(s, p)
	}
	return d, nil
}

func readDuration(s string) (time.Duration, string) {
	return readDurationDays(s, 86400, 7*86400)
}

// readDurationDays reads a duration whose day and week are the given
// numbers of seconds.
func readDurationDays(s string, day, week int64) (time.Duration, string) {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "-") {
		return 0, "is negative: " + hintDuration
	}
	if r, ok := readDecimal(s); ok {
		if r.Sign() == 0 {
			return 0, "must be longer than zero: " + hintDuration
		}
		return 0, "has no unit: write " + s + "m, " + s + "h or " + s + "d"
	}
	total := new(big.Rat)
	last := -1 // index in durationUnits of the previous part
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= 'a' && s[k] <= 'z' {
			k++
		}
		r, ok := readDecimal(s[i:j])
		unit := durationUnitIndex(s[j:k])
		if !ok || unit < 0 || unit <= last {
			return 0, "is not a duration: " + hintDuration
		}
		last = unit
		size := durationUnits[unit].size
		switch unit {
		case 0:
			size = week
		case 1:
			size = day
		}
		total.Add(total, r.Mul(r, new(big.Rat).SetInt64(size)))
		i = k
	}
	switch {
	case last < 0:
		return 0, "is not a duration: " + hintDuration
	case total.Sign() == 0:
		return 0, "must be longer than zero: " + hintDuration
	case total.Cmp(new(big.Rat).SetInt64(int64(MaxDuration/time.Second))) > 0:
		return 0, "is longer than a year"
	case !total.IsInt():
		return 0, "is more precise than a second"
	}
	return time.Duration(total.Num().Int64()) * time.Second, ""
}

func durationUnitIndex(u string) int {
	for i, unit := range durationUnits {
		for _, n := range unit.names {
			if u == n {
				return i
			}
		}
	}
	return -1
}
