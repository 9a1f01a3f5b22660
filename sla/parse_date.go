package sla

import (
	"strings"
	"time"
)

// ParseDate reads a civil date, 2026-12-25.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, invalid(s, "is not a date: use 2026-12-25")
	}
	if p := outsideYears(t.Year()); p != "" {
		return Date{}, invalid(s, p)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}
