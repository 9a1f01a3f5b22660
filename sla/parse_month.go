package sla

import (
	"strconv"
	"strings"
	"time"
)

var monthWords = map[string]time.Month{
	"jan": time.January, "january": time.January,
	"feb": time.February, "february": time.February,
	"mar": time.March, "march": time.March,
	"apr": time.April, "april": time.April,
	"may": time.May,
	"jun": time.June, "june": time.June,
	"jul": time.July, "july": time.July,
	"aug": time.August, "august": time.August,
	"sep": time.September, "sept": time.September, "september": time.September,
	"oct": time.October, "october": time.October,
	"nov": time.November, "november": time.November,
	"dec": time.December, "december": time.December,
}

const (
	hintMonth      = "use 2026-12, dec or december"
	hintMonthShort = "use 2026-12"
)

// ParseMonth reads 2026-12 (or 2026-1), the form Month.String writes and
// storage keeps. Month names need a now to be placed: see ParseMonthNear.
func ParseMonth(s string) (Month, error) {
	m, p := readMonth(s, hintMonthShort)
	if p != "" {
		return Month{}, invalid(s, p)
	}
	return m, nil
}

// ParseMonthNear reads a month as people type it: 2026-12, or a month name
// (dec, december, Dec). A name means its occurrence in the twelve months
// from 8 months before the current month (now in loc; nil is UTC) to 3
// months after it: in May 2026, "dec" is December 2025 and "aug" is August
// 2026. People mostly look back (reports, status) and plan a little ahead,
// hence the lopsided window.
func ParseMonthNear(s string, now time.Time, loc *time.Location) (Month, error) {
	if name, ok := monthWords[strings.ToLower(strings.TrimSpace(s))]; ok {
		if loc == nil {
			loc = time.UTC
		}
		cur := MonthOf(now, loc)
		for i := -8; i <= 3; i++ {
			t := time.Date(cur.Year, cur.Month+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
			if t.Month() == name {
				return Month{Year: t.Year(), Month: t.Month()}, nil
			}
		}
	}
	m, p := readMonth(s, hintMonth)
	if p != "" {
		return Month{}, invalid(s, p)
	}
	return m, nil
}

func readMonth(s, hint string) (Month, string) {
	y, m, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok || len(y) != 4 || !allDigits(y) || len(m) < 1 || len(m) > 2 || !allDigits(m) {
		return Month{}, "is not a month: " + hint
	}
	year, _ := strconv.Atoi(y)
	mon, _ := strconv.Atoi(m)
	if mon < 1 || mon > 12 {
		return Month{}, "is not a month: " + hint
	}
	if p := outsideYears(year); p != "" {
		return Month{}, p
	}
	return Month{Year: year, Month: time.Month(mon)}, ""
}
