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

// FuzzHubSpotEvents checks that no body makes the reading of HubSpot's
// webhook events panic, and that what it accepts is complete.
func FuzzHubSpotEvents(f *testing.F) {
	for _, s := range []string{
		`[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]`,
		`[{"eventId":2,"portalId":1,"occurredAt":1,"subscriptionType":"contact.propertyChange","objectId":9,"propertyName":"lifecyclestage","propertyValue":"customer"}]`,
		`[]`, `{}`, `null`, `[{"eventId":"1"}]`, `[{"eventId":1e99,"portalId":1,"occurredAt":1,"subscriptionType":"x","objectId":1}]`,
	} {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := parseHubSpotEvents(body, now)
		if err != nil {
			if evs != nil || err.Error() == "" {
				t.Fatalf("refused with events %v, error %q", evs, err)
			}
			return
		}
		for _, e := range evs {
			if e.Type == "" || len(e.Type) > 256 || !e.ReceivedAt.Equal(now) {
				t.Fatalf("accepted %+v", e)
			}
		}
	})
}
