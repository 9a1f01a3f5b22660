package commands

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A lead's limits are sla.Lead.Validate's; these are the messages lead add
// makes of them (the rest are pinned in TestParseErrors).
func TestLeadAddLimits(t *testing.T) {
	long := strings.Repeat("a", 65) + "@" + strings.Repeat("b", 185) + ".com" // 255 characters
	for _, tc := range []struct{ in, msg string }{
		{"lead add " + long, "the email `" + long[:59] + "…` is too long: 255 characters, at most 254"},
		{"lead add Ada email=" + long, "`email=" + long[:53] + "…` is not an email address like ada@example.com"},
		{"lead add \"Ada\x00\"", "the name contains a NUL character"},
		{"lead add a,b@example.com", "the email `a,b@example.com` is not an email address like ada@example.com"},
		{"lead add Ada id=\"x\x00\"", "`id=\"x\x00\"` is not an external id: 1 to 100 characters"},
	} {
		_, err := Parse(tc.in, testNow, time.UTC)
		var ue *UsageError
		if !errors.As(err, &ue) || ue.Msg != tc.msg {
			t.Errorf("Parse(%q): %v\nwant %q", tc.in, err, tc.msg)
		}
	}
	// At the limits, accepted.
	email := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com"
	for _, in := range []string{"lead add " + strings.Repeat("n", 200), "lead add " + email, "lead add Ada id=" + strings.Repeat("x", 100)} {
		if _, err := Parse(in, testNow, time.UTC); err != nil {
			t.Errorf("Parse(%.40q…): %v", in, err)
		}
	}
}

// An sla parser's problem follows the value as typed, key and all.
func TestValueProblems(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{"lead add Ada at=1999-12-01 09:30", "`at=1999-12-01 09:30` is outside the years 2000–2100"}, // still one value
		{"lead won L-1 revenue=5,00", "`revenue=5,00` has misplaced commas: group thousands like $5,000 or $1,250,000"},
		{"target speed=90", "`speed=90` has no unit: write 90m, 90h or 90d"},
		{"hours mon-fry 9-17", "`mon-fry` is not a list of days: use mon-fri, mon,wed,fri or sat-sun"}, // the word that is wrong
		{"status 2026-13", "`2026-13` is not a month: use 2026-12, dec or december"},
		{"nines 100", "`100` is not between 0% and 100%: write an uptime like 99.9%"},
	} {
		_, err := Parse(tc.in, testNow, time.UTC)
		var ue *UsageError
		if !errors.As(err, &ue) || ue.Msg != tc.msg {
			t.Errorf("Parse(%q): %v\nwant %q", tc.in, err, tc.msg)
		}
	}
	if v, problem := parsed(42, nil); v != 42 || problem != "" {
		t.Errorf("parsed(42, nil) = %v, %q", v, problem)
	}
	if _, bad, problem := parsedPart(0, errors.New("boom")); bad != "" || problem != "is not valid: boom" {
		t.Errorf("parsedPart of a foreign error = %q, %q", bad, problem)
	}
}
