package sla

import (
	"errors"
	"strings"
	"testing"
)

// wantInvalid checks that err is a *ValueError, classified Invalid, whose
// user-facing message contains want.
func wantInvalid(t *testing.T, in string, err error, want string) {
	t.Helper()
	var ve *ValueError
	if !errors.As(err, &ve) {
		t.Errorf("%q: error %v (%T), want a *ValueError", in, err, err)
		return
	}
	if ErrorCode(err) != Invalid {
		t.Errorf("%q: code %s, want invalid", in, ErrorCode(err))
	}
	if msg := ErrorMessage(err); msg != ve.Error() || !strings.Contains(msg, want) {
		t.Errorf("%q: message %q, want it to contain %q", in, msg, want)
	}
}

func TestValueError(t *testing.T) {
	for _, tc := range []struct {
		input, problem, want string
	}{
		{"abc", "is not an amount", `"abc" is not an amount`},
		{"", "is not a month", "an empty value is not a month"},
		{"  ", "is not a month", "an empty value is not a month"},
		{"tab\there", "is odd", `"tab\there" is odd`},                                      // quoted as Go does: control characters escaped
		{"Zoë", "is fine", `"Zoë" is fine`},                                                // letters kept
		{strings.Repeat("x", 70), "is long", `"` + strings.Repeat("x", 59) + `…" is long`}, // cut
	} {
		err := error(&ValueError{Input: tc.input, Problem: tc.problem})
		if got := err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != Invalid || e.Message != tc.want {
			t.Errorf("As *Error = %+v, want invalid %q", e, tc.want)
		}
	}
	// The input in the error is the value as read: trimmed.
	_, err := ParseMoney("  12abc ")
	var ve *ValueError
	if !errors.As(err, &ve) || ve.Input != "12abc" || ve.Field != "" || ve.Problem != "is not an amount: use 5000, $5,000, 5k or 1.2M" {
		t.Errorf("ParseMoney error = %+v", ve)
	}
}
