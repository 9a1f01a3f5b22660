package sla

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")                   // CET +01:00 in winter, CEST +02:00 in summer
	noon := time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)  // 12:00 in Paris
	late := time.Date(2026, 5, 14, 23, 30, 0, 0, time.UTC) // already 15 May 01:30 in Paris
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		in   string
		now  time.Time
		want time.Time
	}{
		{"2026-12-01T09:30:00Z", noon, utc("2026-12-01T09:30:00Z")},
		{"2026-12-01T09:30:00+01:00", noon, utc("2026-12-01T08:30:00Z")},
		{"2026-12-01T09:30+01:00", noon, utc("2026-12-01T08:30:00Z")},
		{"2026-12-01T09:30:00.5Z", noon, utc("2026-12-01T09:30:00.5Z")},
		{"2026-12-01 09:30", noon, utc("2026-12-01T08:30:00Z")}, // CET
		{"2026-07-01 09:30", noon, utc("2026-07-01T07:30:00Z")}, // CEST
		{"2026-12-01T09:30", noon, utc("2026-12-01T08:30:00Z")},
		{"2026-12-01 09:30:15", noon, utc("2026-12-01T08:30:15Z")},
		{"2026-12-01 9:30", noon, utc("2026-12-01T08:30:00Z")},
		{"2026-12-01", noon, utc("2026-11-30T23:00:00Z")}, // midnight in Paris
		{"09:30", noon, utc("2026-05-14T07:30:00Z")},      // today in Paris
		{"9:30", noon, utc("2026-05-14T07:30:00Z")},
		{"4:30pm", noon, utc("2026-05-14T14:30:00Z")},
		{"09:30", late, utc("2026-05-15T07:30:00Z")},            // "today" is Paris's 15 May
		{"2027-01-01 00:00", noon, utc("2026-12-31T23:00:00Z")}, // the future is the handler's call
	} {
		got, err := ParseTime(tc.in, tc.now, paris)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"tomorrow", `"tomorrow" is not a time: use 2026-12-01 09:30 (in the agreement's timezone), 09:30 for today, or RFC 3339 like 2026-12-01T09:30:00Z`},
		{"2026-12-01 25:00", "is not a time"},
		{"2026-13-01", "is not a time"},
		{"9", "is not a time"},
		{"24:00", "is not a time"},
		{"", "is not a time"},
		{"1999-12-01 09:00", "is outside the years 2000–2100"},
	} {
		_, err := ParseTime(tc.in, noon, paris)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}

func TestParseDateTime(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	for _, tc := range []struct {
		in   string
		want string // RFC 3339 in UTC
	}{
		{"2026-12-01T09:30:00Z", "2026-12-01T09:30:00Z"},
		{"2026-12-01T09:30:00.5+02:00", "2026-12-01T07:30:00.5Z"},
		{"2026-12-01 09:30:00+02:00", "2026-12-01T07:30:00Z"}, // a space for the T, as some exports write it
		{"2026-12-01 09:30+02:00", "2026-12-01T07:30:00Z"},
		{"2026-12-01t09:30:00z", "2026-12-01T09:30:00Z"}, // RFC 3339 allows lower case
		// no offset: Berlin, CET in December (+1), CEST in July (+2)
		{"2026-12-01 09:30", "2026-12-01T08:30:00Z"},
		{"2026-07-01 09:30:15", "2026-07-01T07:30:15Z"},
		{"2026-12-01T09:30", "2026-12-01T08:30:00Z"},
		{"2026-12-01t09:30", "2026-12-01T08:30:00Z"},
		{"2026-12-01", "2026-11-30T23:00:00Z"},
		{" 2026-12-01 ", "2026-11-30T23:00:00Z"},
		// 02:30 on 29 March 2026 does not exist in Berlin; Go moves it on an hour
		{"2026-03-29 02:30", "2026-03-29T01:30:00Z"},
	} {
		got, err := ParseDateTime(tc.in, berlin)
		if err != nil || got.UTC().Format(time.RFC3339Nano) != tc.want {
			t.Errorf("ParseDateTime(%q) = %s, %v; want %s", tc.in, got.UTC().Format(time.RFC3339Nano), err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"01/12/2026", `"01/12/2026" is not a date: use 2026-12-01, 2026-12-01 09:30 or RFC 3339`},
		{"2026-02-30", "is not a date"},
		{"09:30", "is not a date"}, // a time of day means nothing in a file
		{"", "an empty value is not a date"},
		{"1709280000000", "is not a date"}, // epoch milliseconds are not a form a person can check
		{"1970-01-01T00:00:00Z", `"1970-01-01T00:00:00Z" is outside the years 2000–2100`},
	} {
		_, err := ParseDateTime(tc.in, berlin)
		wantInvalid(t, tc.in, err, tc.problem)
	}
	// nil is UTC
	if got, err := ParseDateTime("2026-12-01 09:30", nil); err != nil || !got.Equal(time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("ParseDateTime(nil loc) = %s, %v", got, err)
	}
}

func TestParseRFC3339(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2026-12-01T09:30:00Z":        time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		"2026-12-01T09:30:00.25Z":     time.Date(2026, 12, 1, 9, 30, 0, 25e7, time.UTC),
		"2026-12-01T09:30+01:00":      time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC),
		"2026-12-01 09:30:00-05:00":   time.Date(2026, 12, 1, 14, 30, 0, 0, time.UTC),
		"2026-12-01T09:30:00.123456Z": time.Date(2026, 12, 1, 9, 30, 0, 123456000, time.UTC),
	} {
		if got, err := ParseRFC3339(in); err != nil || !got.Equal(want) {
			t.Errorf("ParseRFC3339(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"yesterday", `"yesterday" is not an RFC 3339 time like 2026-12-01T09:30:00Z`},
		{"2026-12-01 09:30", "is not an RFC 3339 time"}, // no offset: which zone?
		{"2026-12-01", "is not an RFC 3339 time"},
		{"2026-12-01T24:00:00Z", "is not an RFC 3339 time"},
		{"2101-01-01T00:00:00Z", "is outside the years 2000–2100"},
	} {
		_, err := ParseRFC3339(tc.in)
		wantInvalid(t, tc.in, err, tc.problem)
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]int{
		"9": 540, "09": 540, "9:30": 570, "09:30": 570, "00:00": 0, "23:59": 1439,
		"9am": 540, "12am": 0, "12pm": 720, "5:30pm": 1050, "5:30PM": 1050,
	} {
		if got, err := ParseClock(in); err != nil || got != want {
			t.Errorf("ParseClock(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"24:00", "24", "9:60", "13pm", "0am", "930", "9:3", "", "noon", "-1"} {
		_, err := ParseClock(in)
		wantInvalid(t, in, err, "is not a time of day: use 09:30 or 9:30am")
	}
}
