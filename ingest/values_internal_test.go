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
		in, format string
		want       sla.Source
		err        bool
	}{
		{"Marketing", FormatSlabot, sla.SourceMarketing, false},
		{"sales", FormatSlabot, sla.SourceSales, false},
		{"Organic Search", FormatSlabot, "", true},
		{"Organic Search", FormatHubSpot, sla.SourceMarketing, false},
		{"Direct Traffic", FormatHubSpot, sla.SourceMarketing, false},
		{"Offline Sources", FormatHubSpot, sla.SourceSales, false},
		{"OFFLINE", FormatHubSpot, sla.SourceSales, false},
		{"PAID_SEARCH", FormatHubSpot, sla.SourceMarketing, false},
		{"Web", FormatSalesforce, sla.SourceMarketing, false},
		{"Cold Call", FormatSalesforce, sla.SourceSales, false},
	}
	for _, c := range cases {
		got, err := parseSource(c.in, c.format)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("parseSource(%q, %s) = %q, %v", c.in, c.format, got, err)
		}
	}
}

func TestParseLeadStatus(t *testing.T) {
	cases := []struct {
		in, format string
		want       leadStatus
	}{
		{"CONNECTED", FormatHubSpot, statusContacted},
		{"Connected", FormatHubSpot, statusContacted},
		{"Open deal", FormatHubSpot, statusContacted},
		{"OPEN_DEAL", FormatHubSpot, statusContacted},
		{"Unqualified", FormatHubSpot, statusLost},
		{"ATTEMPTED_TO_CONTACT", FormatHubSpot, statusNone},
		{"New", FormatHubSpot, statusNone},
		{"Working - Contacted", FormatSalesforce, statusContacted},
		{"Closed - Converted", FormatSalesforce, statusWon},
		{"closed -  not converted", FormatSalesforce, statusLost},
		{"Open - Not Contacted", FormatSalesforce, statusNone},
	}
	for _, c := range cases {
		if got, err := parseLeadStatus(c.in, c.format); err != nil || got != c.want {
			t.Errorf("parseLeadStatus(%q, %s) = %v, %v; want %v", c.in, c.format, got, err, c.want)
		}
	}
}

func TestParseHubSpotInstant(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	want := time.Date(2026, 10, 5, 7, 0, 0, 0, time.UTC)
	for _, in := range []string{"1791183600000", "2026-10-05T07:00:00.000Z", "2026-10-05T07:00:00Z", "2026-10-05 09:00"} {
		got, err := parseHubSpotInstant(in, berlin, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseHubSpotInstant(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "yesterday", "99999999999999999999", "4102444800000", "2026-10-05T07:00:00.000+99:00"} {
		if got, err := parseHubSpotInstant(in, berlin, now); err == nil {
			t.Errorf("parseHubSpotInstant(%q) = %v, want an error", in, got)
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
