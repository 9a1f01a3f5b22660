package ingest

import (
	"fmt"
	"strconv"
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

// parseSource reads marketing or sales; for a CRM's files, its own source
// values too. HubSpot's Original Source "Offline Sources" (OFFLINE in the
// API: contacts created by hand, by the sales extension, by integrations)
// counts as sales, every other source is a marketing channel. Salesforce's
// Lead Source is a picklist whose outbound values (Cold Call, Outbound,
// Sales) count as sales, the rest as marketing.
func parseSource(s, format string) (sla.Source, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	switch v {
	case "marketing":
		return sla.SourceMarketing, nil
	case "sales":
		return sla.SourceSales, nil
	}
	switch format {
	case FormatHubSpot:
		if v == "offline sources" || v == "offline" {
			return sla.SourceSales, nil
		}
		return sla.SourceMarketing, nil
	case FormatSalesforce:
		if v == "cold call" || v == "outbound" || v == "sales generated" {
			return sla.SourceSales, nil
		}
		return sla.SourceMarketing, nil
	}
	return "", fmt.Errorf("%q is not a source (use marketing or sales)", strings.TrimSpace(s))
}

// HubSpot lifecycle stages before "marketing qualified lead" (labels and
// internal values fold alike). A contact at one of these stages without an
// MQL date is not an MQL yet.
var preMQLStages = map[string]bool{
	"subscriber": true, "lead": true, "other": true,
}

// stageKey folds "Marketing Qualified Lead" and "marketingqualifiedlead" alike.
func stageKey(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// leadStatus is what a CRM's lead status means for the SLA.
type leadStatus int

const (
	statusNone      leadStatus = iota // still being worked, or nothing to say
	statusContacted                   // a real conversation happened
	statusLost                        // disqualified
	statusWon                         // converted (Salesforce)
)

// parseLeadStatus reads HubSpot's Lead Status (label or internal value:
// "Connected" or CONNECTED) or a Salesforce lead status. HubSpot's
// CONNECTED and OPEN_DEAL mean contacted, UNQUALIFIED lost; Salesforce's
// "Working - Contacted" contacted, "Closed - Converted" won, "Closed - Not
// Converted" lost. Other values of either (New, Attempted to contact, Open -
// Not Contacted, custom ones) say nothing the SLA uses.
func parseLeadStatus(v, format string) (leadStatus, error) {
	if err := validText(v, 100); err != nil {
		return statusNone, err
	}
	if format == FormatSalesforce {
		switch strings.ToLower(strings.Join(strings.Fields(v), " ")) {
		case "working - contacted":
			return statusContacted, nil
		case "closed - converted":
			return statusWon, nil
		case "closed - not converted":
			return statusLost, nil
		}
		return statusNone, nil
	}
	switch strings.ToUpper(strings.Join(strings.Fields(v), "_")) {
	case "CONNECTED", "OPEN_DEAL":
		return statusContacted, nil
	case "UNQUALIFIED":
		return statusLost, nil
	}
	return statusNone, nil
}

// parseHubSpotInstant reads a date as HubSpot's API sends it: an ISO 8601
// string ("2026-10-05T07:00:00.000Z", or a bare date for a date property)
// or epoch milliseconds ("1791183600000"), refusing the far future as the
// import does.
func parseHubSpotInstant(s string, loc *time.Location, now time.Time) (time.Time, error) {
	v := strings.TrimSpace(s)
	if v != "" && strings.Trim(v, "0123456789") == "" {
		if len(v) > 15 {
			return time.Time{}, fmt.Errorf("%q is not a date: epoch milliseconds out of range", v)
		}
		ms, _ := strconv.ParseInt(v, 10, 64)
		t := time.UnixMilli(ms).UTC()
		if t.After(now.Add(futureSlack)) {
			return time.Time{}, fmt.Errorf("%s (%s) is in the future", v, t.Format(time.RFC3339))
		}
		return t, nil
	}
	return parseInstant(v, loc, now)
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
