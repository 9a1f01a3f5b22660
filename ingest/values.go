package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slabot/slabot/sla"
)

// Limits of the text columns (the schema's sizes); longer values are refused
// rather than cut, so nothing is stored that the CRM does not have.
const (
	maxExternalID = 200
	maxName       = 300
	maxEmail      = 320
	maxSegment    = 64
	maxReason     = 500
	maxAttempts   = 10000
	// maxRevenue is $1 trillion, as in the slash commands: larger is a typo.
	maxRevenue = sla.Money(100 * 1_000_000_000_000)
	// futureSlack is how far ahead of now a date may be (clock skew, time
	// zones); anything later is a mistake in the data.
	futureSlack = 24 * time.Hour
)

// Layouts of a date without an offset, read in the agreement's timezone.
var localLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseTime reads RFC 3339, or YYYY-MM-DD[ HH:MM[:SS]] in loc.
func parseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	// RFC 3339 with a space instead of the T, as some exports write it.
	if t, err := time.Parse("2006-01-02 15:04:05Z07:00", s); err == nil {
		return t, nil
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (use 2026-12-01, 2026-12-01 09:30 or RFC 3339)", s)
}

// parseInstant is parseTime plus the future check.
func parseInstant(s string, loc *time.Location, now time.Time) (time.Time, error) {
	t, err := parseTime(s, loc)
	if err != nil {
		return t, err
	}
	if t.After(now.Add(futureSlack)) {
		return time.Time{}, fmt.Errorf("%s is in the future", strings.TrimSpace(s))
	}
	return t, nil
}

// parseMoney reads a revenue in dollars: 1200, 1200.50, $1,200.50.
func parseMoney(s string) (sla.Money, error) {
	raw := strings.TrimSpace(s)
	v := strings.TrimPrefix(raw, "$")
	bad := fmt.Errorf("%q is not an amount (use 1200, 1200.50 or $1,200.50)", raw)
	if v == "" || strings.HasPrefix(v, "-") {
		if strings.HasPrefix(v, "-") {
			return 0, fmt.Errorf("%q is negative", raw)
		}
		return 0, bad
	}
	whole, frac, hasFrac := strings.Cut(v, ".")
	if strings.Contains(whole, ",") {
		// Thousands separators must group by three: 1,200 or 12,345,678.
		parts := strings.Split(whole, ",")
		for i, p := range parts {
			if p == "" || len(p) > 3 || (i > 0 && len(p) != 3) {
				return 0, bad
			}
		}
		whole = strings.Join(parts, "")
	}
	if whole == "" || len(whole) > 13 || !digits(whole) {
		return 0, bad
	}
	if hasFrac && (len(frac) == 0 || len(frac) > 2 || !digits(frac)) {
		// HubSpot writes amounts like 1200.0; more than cents is refused
		// rather than rounded.
		return 0, bad
	}
	d, _ := strconv.ParseInt(whole, 10, 64)
	c := int64(0)
	if hasFrac {
		c, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			c *= 10
		}
	}
	m := sla.Money(d*100 + c)
	if m > maxRevenue {
		return 0, fmt.Errorf("%q is more than $1 trillion", raw)
	}
	return m, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseCount reads a non-negative attempt count.
func parseCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	// HubSpot writes numbers as 3.0.
	s = strings.TrimSuffix(s, ".0")
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || strings.HasPrefix(s, "+") {
		return 0, fmt.Errorf("%q is not a count of attempts", s)
	}
	if n > maxAttempts {
		return 0, fmt.Errorf("%d attempts is more than %d", n, maxAttempts)
	}
	return n, nil
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

// validText checks a text cell: valid UTF-8, no NUL (PostgreSQL refuses
// both), at most max characters.
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

// validEmail is a light check: something@something, no spaces.
func validEmail(v string) bool {
	at := strings.LastIndexByte(v, '@')
	return at > 0 && at < len(v)-1 && !strings.ContainsAny(v, " \t<>,;")
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
	return v, validEmail(v)
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
