package ingest

import (
	"strings"
	"testing"
	"time"
)

// FuzzHubSpotValues checks that no text makes the CRM value readers panic,
// that a date they accept is never more than a day ahead of now, and that
// a lead status is read the same whatever its spacing and case.
func FuzzHubSpotValues(f *testing.F) {
	for _, s := range []string{"1791183600000", "2026-10-05T07:00:00.000Z", "2026-10-05 09:00", "", "0", "999999999999999",
		"CONNECTED", "Open deal", "closed - converted", "\x00", "Working -\tContacted"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if at, err := parseHubSpotInstant(s, berlin, now); err == nil && at.After(now.Add(futureSlack)) {
			t.Fatalf("parseHubSpotInstant(%q) = %v: past the future limit", s, at)
		}
		for _, format := range []string{FormatHubSpot, FormatSalesforce} {
			st, err := parseLeadStatus(s, format)
			if err != nil {
				continue
			}
			if st2, err2 := parseLeadStatus(strings.ToUpper("  "+s+" "), format); err2 == nil && st2 != st && !strings.ContainsRune(s, 0) {
				t.Fatalf("parseLeadStatus(%q) = %v, of its upper case %v", s, st, st2)
			}
		}
	})
}
