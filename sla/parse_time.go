package sla

import (
	"strconv"
	"strings"
	"time"
)

// Forms of an instant. With an offset: RFC 3339, seconds optional, and a
// space for the T as some exports write it. Without one, the date and time
// are read in the agreement's location.
var (
	offsetLayouts = []string{
		time.RFC3339, // parsing accepts any fraction of a second too
		"2006-01-02T15:04Z07:00",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04Z07:00",
	}
	localLayouts = []string{
		"2006-01-02 15:04:05",
		"2006-01-02 15:04",
		"2006-01-02T15:04:05",
		"2006-01-02T15:04",
		"2006-01-02",
	}
)

const (
	hintRFC3339  = "is not an RFC 3339 time like 2026-12-01T09:30:00Z"
	hintDateTime = "is not a date: use 2026-12-01, 2026-12-01 09:30 or RFC 3339"
	hintTime     = "is not a time: use 2026-12-01 09:30 (in the agreement's timezone), 09:30 for today, or RFC 3339 like 2026-12-01T09:30:00Z"
)

// ParseRFC3339 reads an instant that carries its offset:
// 2026-12-01T09:30:00Z, 2026-12-01T09:30+01:00, 2026-12-01 09:30:00.5-05:00.
// It is the one form a machine sends (our webhook).
func ParseRFC3339(s string) (time.Time, error) {
	t, ok := readLayouts(s, nil, offsetLayouts)
	return checkYears(s, t, ok, hintRFC3339)
}

// ParseDateTime reads an instant from a file: ParseRFC3339's forms, or
// YYYY-MM-DD HH:MM[:SS] (a T for the space too) or YYYY-MM-DD (midnight),
// both in loc (nil is UTC).
func ParseDateTime(s string, loc *time.Location) (time.Time, error) {
	t, ok := readDateTime(s, loc)
	return checkYears(s, t, ok, hintDateTime)
}

// ParseTime reads an instant typed by a person: ParseDateTime's forms, or a
// time of day (09:30, 9:30, 9:30am) meaning today — the date of now in loc
// (nil is UTC). A time in the future is not refused here: whether that is
// wrong depends on the caller.
func ParseTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	t, ok := readDateTime(s, loc)
	if c := strings.TrimSpace(s); !ok && (strings.Contains(c, ":") || strings.HasSuffix(strings.ToLower(c), "m")) {
		if mins, isClock := readClock(c, false); isClock {
			y, mo, d := now.In(loc).Date()
			t, ok = time.Date(y, mo, d, mins/60, mins%60, 0, 0, loc), true
		}
	}
	return checkYears(s, t, ok, hintTime)
}

func readDateTime(s string, loc *time.Location) (time.Time, bool) {
	if hasOffset(s) {
		if t, ok := readLayouts(s, nil, offsetLayouts); ok {
			return t, true
		}
	}
	if loc == nil {
		loc = time.UTC
	}
	return readLayouts(s, loc, localLayouts)
}

// hasOffset reports whether a time may carry an offset (a Z, a + or a -
// after the date): only then can an offset layout read it. An import reads
// a million dates, and each failed layout costs an error.
func hasOffset(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) > 10 && strings.ContainsAny(s[10:], "Zz+-")
}

// readLayouts tries each layout, in loc when it is not nil, those as long
// as the text first (the likely match). RFC 3339 allows a lower-case t and
// z, so the text is upper-cased first (the forms have no other letters).
func readLayouts(s string, loc *time.Location, layouts []string) (time.Time, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	for pass := 0; pass < 2; pass++ {
		for _, layout := range layouts {
			if (len(layout) == len(s)) != (pass == 0) {
				continue
			}
			var t time.Time
			var err error
			if loc == nil {
				t, err = time.Parse(layout, s)
			} else {
				t, err = time.ParseInLocation(layout, s, loc)
			}
			if err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func checkYears(s string, t time.Time, ok bool, hint string) (time.Time, error) {
	if !ok {
		return time.Time{}, invalid(s, hint)
	}
	if p := outsideYears(t.Year()); p != "" {
		return time.Time{}, invalid(s, p)
	}
	return t, nil
}

// ParseClock reads a time of day as minutes after midnight: 9, 09, 9:30,
// 09:30, 9am, 5:30pm.
func ParseClock(s string) (int, error) {
	m, ok := readClock(strings.TrimSpace(s), false)
	if !ok {
		return 0, invalid(s, "is not a time of day: use 09:30 or 9:30am")
	}
	return m, nil
}

// readClock is ParseClock; allow24 also accepts 24:00 (or 24), the end of a
// day in working hours.
func readClock(s string, allow24 bool) (int, bool) {
	s = strings.ToLower(s)
	ampm := ""
	if strings.HasSuffix(s, "am") || strings.HasSuffix(s, "pm") {
		ampm, s = s[len(s)-2:], s[:len(s)-2]
	}
	h, m := s, "00"
	if i := strings.IndexByte(s, ':'); i >= 0 {
		h, m = s[:i], s[i+1:]
	}
	if len(h) < 1 || len(h) > 2 || !allDigits(h) || len(m) != 2 || !allDigits(m) {
		return 0, false
	}
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if mm > 59 {
		return 0, false
	}
	if ampm != "" {
		if hh < 1 || hh > 12 {
			return 0, false
		}
		hh %= 12
		if ampm == "pm" {
			hh += 12
		}
	}
	if hh > 24 || hh == 24 && (mm != 0 || !allow24) {
		return 0, false
	}
	return hh*60 + mm, true
}
