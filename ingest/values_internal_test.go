package ingest

import (
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
)

// The forms of a date are sla.ParseDateTime's; the import adds the future check.
func TestParseInstant(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	if got, err := parseInstant("2026-07-01 09:30:15", berlin, now); err != nil || !got.Equal(time.Date(2026, 7, 1, 7, 30, 15, 0, time.UTC)) {
		t.Errorf("a local time in summer = %s, %v", got.UTC(), err)
	}
	if _, err := parseInstant("01/12/2026", berlin, now); err == nil || err.Error() != `"01/12/2026" is not a date: use 2026-12-01, 2026-12-01 09:30 or RFC 3339` {
		t.Errorf("a date in another form: %v", err)
	}
	// A day of slack for clocks and zones; more is refused.
	if _, err := parseInstant("2026-11-28T12:00:00Z", time.UTC, now); err != nil {
		t.Errorf("exactly a day ahead: %v", err)
	}
	if _, err := parseInstant("2026-11-28T12:00:01Z", time.UTC, now); err == nil || err.Error() != "2026-11-28T12:00:01Z is in the future" {
		t.Errorf("a day and a second ahead: %v", err)
	}
}

func TestOwners(t *testing.T) {
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

// The import names a field sla.Lead.Validate refuses by its own name.
func TestFieldNamesAreSla(t *testing.T) {
	for ours, slas := range map[string]string{
		FieldExternalID: sla.FieldExternalID, FieldName: sla.FieldName, FieldEmail: sla.FieldEmail,
		FieldSegment: sla.FieldSegment, FieldSource: sla.FieldSource, FieldLostReason: sla.FieldLostReason,
	} {
		if ours != slas {
			t.Errorf("ingest field %q is sla's %q", ours, slas)
		}
	}
}
