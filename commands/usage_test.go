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
