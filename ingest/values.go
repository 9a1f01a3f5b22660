package ingest

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slabot/slabot/sla"
)

// A lead's limits are sla's (Lead.Validate), the slash commands' too.
const (
	// maxAttempts bounds a count of attempts from a CRM: more is bad data.
	maxAttempts = 10000
	// futureSlack is how far ahead of now a date may be (clock skew, time
	// zones); anything later is a mistake in the data.
	futureSlack = 24 * time.Hour
)

// parseInstant reads a date of the file (sla.ParseDateTime: RFC 3339, or a
// date and time in loc) and refuses one more than futureSlack ahead of now.
func parseInstant(s string, loc *time.Location, now time.Time) (time.Time, error) {
	t, err := sla.ParseDateTime(s, loc)
	if err != nil {
		return t, err
	}
	if t.After(now.Add(futureSlack)) {
		return time.Time{}, fmt.Errorf("%s is in the future", strings.TrimSpace(s))
	}
	return t, nil
}

// parseSource reads marketing or sales; with hubspot, HubSpot's Original
// Source labels too: "Offline Sources" (contacts created by hand, by the
// sales extension, by integrations) counts as sales, every other source is
// a marketing channel.
func parseSource(s string, hubspot bool) (sla.Source, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	switch v {
	case "marketing":
		return sla.SourceMarketing, nil
	case "sales":
		return sla.SourceSales, nil
	}
	if hubspot {
		if v == "offline sources" || v == "offline" {
			return sla.SourceSales, nil
		}
		return sla.SourceMarketing, nil
	}
	return "", fmt.Errorf("%q is not a source (use marketing or sales)", strings.TrimSpace(s))
}

// HubSpot lifecycle stages before "marketing qualified lead". A contact at one
// of these stages without an MQL date is not an MQL yet.
var preMQLStages = map[string]bool{
	"subscriber": true, "lead": true, "other": true,
}

// stageKey folds "Marketing Qualified Lead" and "marketingqualifiedlead" alike.
func stageKey(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// validText checks a text field that is not the lead's own (an owner, an
// idempotency key): valid UTF-8, no NUL (PostgreSQL refuses both), at most
// max characters.
func validText(v string, max int) error {
	if !utf8.ValidString(v) {
		return fmt.Errorf("is not valid UTF-8")
	}
	if strings.IndexByte(v, 0) >= 0 {
		return fmt.Errorf("contains a NUL character")
	}
	if n := utf8.RuneCountInString(v); n > max {
		return fmt.Errorf("is %d characters long; at most %d fit", n, max)
	}
	return nil
}

// isUserID reports whether s looks like a Slack user id (U0123ABC, W0123ABC).
func isUserID(s string) bool {
	if len(s) < 3 || len(s) > 32 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// ownerEmail finds the email in an owner cell: "ada@example.com",
// "Ada Lovelace <ada@example.com>" or "Ada Lovelace (ada@example.com)".
func ownerEmail(v string) (string, bool) {
	v = strings.TrimSpace(v)
	for _, br := range [][2]string{{"<", ">"}, {"(", ")"}} {
		if i := strings.LastIndex(v, br[0]); i >= 0 && strings.HasSuffix(v, br[1]) {
			v = strings.TrimSpace(v[i+1 : len(v)-1])
			break
		}
	}
	v = strings.ToLower(v)
	return v, sla.ValidEmail(v)
}

// setProfile takes a CRM's profile fields into a lead, the import and the
// webhook alike: a field the CRM left empty keeps what slabot has.
func setProfile(l *sla.Lead, name, email, segment string, source sla.Source) {
	if name != "" {
		l.Name = name
	}
	if email != "" {
		l.Email = email
	}
	if segment != "" {
		l.Segment = segment
	}
	if source != "" {
		l.Source = source
	}
}
