package commands

import (
	"errors"
	"strings"
	"testing"
)

// wantUsageError checks that err is a *UsageError whose Msg contains want.
func wantUsageError(t *testing.T, in string, err error, want string) {
	t.Helper()
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Errorf("%q: error %v (%T), want a *UsageError", in, err, err)
		return
	}
	if !strings.Contains(ue.Msg, want) {
		t.Errorf("%q: message %q, want it to contain %q", in, ue.Msg, want)
	}
}

func TestParseUserAndChannel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<@U123>", "U123"},
		{"<@U0ABC123|maria>", "U0ABC123"},
		{"<@W0ENT1|grid user>", "W0ENT1"}, // Enterprise Grid ids start with W
	} {
		got, err := ParseUser(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseUser(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"@maria", "`@maria` is plain text, not a mention: type @ and pick the person from Slack's autocomplete list so it becomes a mention"},
		{"U123", "is not a mention of a person"},
		{"<@u123>", "is not a valid mention"},
		{"<@>", "is not a valid mention"},
		{"<#C1|general>", "is a channel, not a person"},
		{"<!subteam^S1|@sales>", "is a user group"},
		{"<!here>", "is a special mention"},
		{"", "is not a mention"},
	} {
		_, err := ParseUser(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}

	for _, tc := range []struct{ in, want string }{
		{"<#C123|general>", "C123"},
		{"<#C123>", "C123"},
		{"<#G0PRIV|secret>", "G0PRIV"},
	} {
		got, err := ParseChannel(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseChannel(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, problem string }{
		{"#general", "`#general` is plain text, not a channel link"},
		{"C123", "is not a channel"},
		{"<@U1>", "is not a channel"},
		{"<#c1>", "is not a valid channel"},
	} {
		_, err := ParseChannel(tc.in)
		wantUsageError(t, tc.in, err, tc.problem)
	}
}
