package sla

import (
	"testing"
	"time"
)

func TestParsePeriodNear(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in, str, label string
		months         int
	}{
		{"2026-Q4", "2026-Q4", "Q4 2026", 3},
		{"2026-q1", "2026-Q1", "Q1 2026", 3},
		{"2025", "2025", "2025", 12},
		{"2026-11", "2026-11", "November 2026", 1},
		{"nov", "2026-11", "November 2026", 1},
	} {
		p, err := ParsePeriodNear(c.in, now, time.UTC)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if p.String() != c.str || p.Label() != c.label || len(p.Months()) != c.months {
			t.Errorf("%q: %s %q %d months, want %s %q %d", c.in, p, p.Label(), len(p.Months()), c.str, c.label, c.months)
		}
	}
	q := Period{From: Month{2026, 10}, To: Month{2026, 12}, Kind: PeriodQuarter}
	if got, _ := ParsePeriodNear("2026-Q4", now, time.UTC); got != q {
		t.Errorf("2026-Q4 = %+v", got)
	}
	if end := q.End(time.UTC); !end.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Q4 ends %v", end)
	}
	for _, bad := range []string{"2026-Q5", "2026-Q0", "26-Q1", "1800", "soon", "2026-13"} {
		if _, err := ParsePeriodNear(bad, now, time.UTC); ErrorCode(err) != Invalid {
			t.Errorf("%q: %v, want invalid", bad, err)
		}
	}
}

// FuzzParsePeriod: no input panics; a period read runs forwards, reads back
// from its String, and is a month, a quarter or a year.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-Q4", "2026-q1", "2026", "2026-12", "dec", "2026-Q", "Q4", "2026-Q44", "99999", "-2026"} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriodNear(s, now, time.UTC)
		if !checkErr(t, "ParsePeriodNear", s, err) {
			return
		}
		if n := len(p.Months()); n != 1 && n != 3 && n != 12 {
			t.Fatalf("ParsePeriodNear(%q) = %+v: %d months", s, p, n)
		}
		if back, err := ParsePeriodNear(p.String(), now, time.UTC); err != nil || back != p {
			t.Fatalf("ParsePeriodNear(%q) = %+v, but %q reads %+v, %v", s, p, p.String(), back, err)
		}
	})
}
