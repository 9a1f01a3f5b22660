package ingest

import (
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
)

func TestParseMoney(t *testing.T) {
	cases := []struct {
		in   string
		want sla.Money // cents
		err  bool
	}{
		{"1200", 120000, false},
		{"1200.5", 120050, false},
		{"1200.05", 120005, false},
		{"$1,200.50", 120050, false},
		{" 12,345,678 ", 1234567800, false},
		{"1200.0", 120000, false}, // HubSpot writes amounts so
		{"0", 0, false},           // zero parses; a won lead refuses it later
		{"1,20", 0, true},
		{",120", 0, true},
		{"1200.", 0, true},
		{"1200.505", 0, true},
		{"12abc", 0, true},
		{"-5", 0, true},
		{"$", 0, true},
		{"1e3", 0, true},
		{"10000000000000", 0, true}, // over $1 trillion
	}
	for _, c := range cases {
		got, err := parseMoney(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("parseMoney(%q) = %d, %v", c.in, got, err)
		}
	}
}

func TestParseTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in   string
		want time.Time // UTC
		err  bool
	}{
		{"2026-12-01T09:30:00Z", time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC), false},
		{"2026-12-01T09:30:00.5+02:00", time.Date(2026, 12, 1, 7, 30, 0, 5e8, time.UTC), false},
		{"2026-12-01 09:30:00+02:00", time.Date(2026, 12, 1, 7, 30, 0, 0, time.UTC), false},
		// no offset: Berlin, CET in December (+1), CEST in July (+2)
		{"2026-12-01 09:30", time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC), false},
		{"2026-07-01 09:30:15", time.Date(2026, 7, 1, 7, 30, 15, 0, time.UTC), false},
		{"2026-12-01T09:30", time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC), false},
		{"2026-12-01", time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC), false},
		{"01/12/2026", time.Time{}, true},
		{"2026-02-30", time.Time{}, true},
		{"", time.Time{}, true},
	}
	for _, c := range cases {
		got, err := parseTime(c.in, berlin)
		if (err != nil) != c.err || !got.Equal(c.want) {
			t.Errorf("parseTime(%q) = %s, %v", c.in, got.UTC(), err)
		}
	}
	// A day of slack for clocks and zones; more is refused.
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	if _, err := parseInstant("2026-11-28T12:00:00Z", time.UTC, now); err != nil {
		t.Errorf("exactly a day ahead: %v", err)
	}
	if _, err := parseInstant("2026-11-28T12:00:01Z", time.UTC, now); err == nil {
		t.Error("a day and a second ahead: accepted")
	}
}

func TestParseCountAndOwners(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "3": 3, "3.0": 3, " 12 ": 12} {
		if got, err := parseCount(in); err != nil || got != want {
			t.Errorf("parseCount(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"-1", "+2", "2.5", "many", "10001"} {
		if _, err := parseCount(in); err == nil {
			t.Errorf("parseCount(%q) accepted", in)
		}
	}
	owners := []struct {
		in, email string
		ok        bool
	}{
		{"Rep@Example.com", "rep@example.com", true},
		{"Rep Two <rep2@example.com>", "rep2@example.com", true},
		{"Rep Two (rep2@example.com)", "rep2@example.com", true},
		{"Jane Doe", "jane doe", false},
		{"@example.com", "@example.com", false},
	}
	for _, c := range owners {
		if email, ok := ownerEmail(c.in); email != c.email || ok != c.ok {
			t.Errorf("ownerEmail(%q) = %q, %v", c.in, email, ok)
		}
	}
	for in, want := range map[string]bool{"U0REP1": true, "W123": true, "u0rep1": false, "U0-REP": false, "U": false, "rep@example.com": false} {
		if isUserID(in) != want {
			t.Errorf("isUserID(%q) = %v", in, !want)
		}
	}
}

func TestParseSource(t *testing.T) {
	cases := []struct {
		in      string
		hubspot bool
		want    sla.Source
		err     bool
	}{
		{"Marketing", false, sla.SourceMarketing, false},
		{"sales", false, sla.SourceSales, false},
		{"Organic Search", false, "", true},
		{"Organic Search", true, sla.SourceMarketing, false},
		{"Direct Traffic", true, sla.SourceMarketing, false},
		{"Offline Sources", true, sla.SourceSales, false},
	}
	for _, c := range cases {
		got, err := parseSource(c.in, c.hubspot)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("parseSource(%q, %v) = %q, %v", c.in, c.hubspot, got, err)
		}
	}
}
