package sla

import (
	"errors"
	"strconv"
	"testing"
	"time"
)

// checkErr fails unless err is nil or a well-formed *ValueError.
func checkErr(t *testing.T, name, in string, err error) bool {
	t.Helper()
	if err == nil {
		return true
	}
	var ve *ValueError
	if !errors.As(err, &ve) || ve.Problem == "" || ErrorCode(err) != Invalid || ErrorMessage(err) == "" {
		t.Fatalf("%s(%q): error %v (%T), want a *ValueError with a problem", name, in, err, err)
	}
	return false
}

// FuzzParseMoney: no input panics; an amount read is between $0 and MaxMoney
// and reads back from what Money.String prints.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"5000", "$5,000", "5k", "1.2M", "$1.5k", "2,500.50", "1200.0", "-5", "5,00", "0.001", "1e5", "$", ".5", "1000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if !checkErr(t, "ParseMoney", s, err) {
			return
		}
		if m < 0 || m > MaxMoney {
			t.Fatalf("ParseMoney(%q) = %d: out of range", s, m)
		}
		if back, err := ParseMoney(m.String()); err != nil || back != m {
			t.Fatalf("ParseMoney(%q) = %d, but ParseMoney(%q) = %d, %v", s, m, m.String(), back, err)
		}
	})
}

// FuzzParseTime: no input panics; an instant read is within the years
// accepted, reads back from RFC 3339, and ParseDateTime and ParseRFC3339
// accept no more than ParseTime and agree with it.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-12-01T09:30:00Z", "2026-12-01T09:30+01:00", "2026-12-01 09:30", "2026-12-01 09:30:15",
		"2026-12-01", "09:30", "4:30pm", "2026-12-01 09:30:00.5-05:00", "1999-12-01", "24:00", "2026-03-29 02:30", "t", "9am"} {
		f.Add(s)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC) // the night Paris moves to summer time
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s, now, paris)
		dt, dtErr := ParseDateTime(s, paris)
		rfc, rfcErr := ParseRFC3339(s)
		checkErr(t, "ParseDateTime", s, dtErr)
		checkErr(t, "ParseRFC3339", s, rfcErr)
		if !checkErr(t, "ParseTime", s, err) {
			if dtErr == nil || rfcErr == nil {
				t.Fatalf("%q: ParseTime refuses it but ParseDateTime (%v) or ParseRFC3339 (%v) accepts it", s, dtErr, rfcErr)
			}
			return
		}
		if y := got.Year(); y < minYear || y > maxYear {
			t.Fatalf("ParseTime(%q) = %s: outside the years", s, got)
		}
		if dtErr == nil && !dt.Equal(got) || rfcErr == nil && !rfc.Equal(got) {
			t.Fatalf("%q: ParseTime %s, ParseDateTime %s, ParseRFC3339 %s", s, got, dt, rfc)
		}
		text := got.Format(time.RFC3339Nano)
		if back, err := ParseRFC3339(text); err != nil || !back.Equal(got) {
			t.Fatalf("ParseTime(%q) = %s, but ParseRFC3339(%q) = %s, %v", s, got, text, back, err)
		}
	})
}

// FuzzParseValues: no input panics in any other value parser, and what each
// reads is in range and reads back from its canonical form.
func FuzzParseValues(f *testing.F) {
	for _, s := range []string{"50%", "0.5", "1", "12.5%", "90m", "1h30m", "2d", "1w", "90", "2026-12", "dec", "2026-12-25",
		"mon-fri 09:00-17:00", "24x7", "fri-mon 9am-5pm", "Mon, Wed, Fri 08:00–12:00", "99.9", "99.999%", "1,000", "3.0", "monday", "9:30"} {
		f.Add(s)
	}
	now := time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if r, err := ParseRatio(s); checkErr(t, "ParseRatio", s, err) && (r < 0 || r > RatioOne) {
			t.Fatalf("ParseRatio(%q) = %d: out of range", s, r)
		}
		if d, err := ParseDuration(s); checkErr(t, "ParseDuration", s, err) {
			if d <= 0 || d > MaxDuration || d%time.Second != 0 {
				t.Fatalf("ParseDuration(%q) = %s: out of range", s, d)
			}
			text := strconv.FormatInt(int64(d/time.Second), 10) + "s"
			if back, err := ParseDuration(text); err != nil || back != d {
				t.Fatalf("ParseDuration(%q) = %s, but ParseDuration(%q) = %s, %v", s, d, text, back, err)
			}
		}
		if m, err := ParseMonthNear(s, now, time.UTC); checkErr(t, "ParseMonthNear", s, err) {
			if back, err := ParseMonth(m.String()); err != nil || back != m {
				t.Fatalf("ParseMonthNear(%q) = %v, but ParseMonth(%q) = %v, %v", s, m, m.String(), back, err)
			}
		}
		if d, err := ParseDate(s); checkErr(t, "ParseDate", s, err) {
			if back, err := ParseDate(d.String()); err != nil || back != d {
				t.Fatalf("ParseDate(%q) = %v, but ParseDate(%q) = %v, %v", s, d, d.String(), back, err)
			}
		}
		if h, err := ParseHours(s); checkErr(t, "ParseHours", s, err) {
			if err := h.Valid(); err != nil {
				t.Fatalf("ParseHours(%q) = %+v: %v", s, h, err)
			}
			if back, err := ParseHours(h.String()); err != nil || back != h {
				t.Fatalf("ParseHours(%q) = %+v, but ParseHours(%q) = %+v, %v", s, h, h.String(), back, err)
			}
		}
		if p, err := ParseNines(s); checkErr(t, "ParseNines", s, err) {
			if _, err := DowntimeFor(p); err != nil {
				t.Fatalf("ParseNines(%q) = %v, which DowntimeFor refuses: %v", s, p, err)
			}
		}
		if n, err := ParseCount(s, 1000); checkErr(t, "ParseCount", s, err) && (n < 0 || n > 1000) {
			t.Fatalf("ParseCount(%q) = %d: out of range", s, n)
		}
		if m, err := ParseClock(s); checkErr(t, "ParseClock", s, err) && (m < 0 || m >= 24*60) {
			t.Fatalf("ParseClock(%q) = %d: out of range", s, m)
		}
		_, err := ParseWeekday(s)
		checkErr(t, "ParseWeekday", s, err)
	})
}
