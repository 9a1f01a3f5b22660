package sla

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLeadValidate(t *testing.T) {
	ok := Lead{ExternalID: "0031t00000AbCdEfGH", Name: "Ada Lovelace", Email: "ada@example.com", Segment: "enterprise",
		Source: SourceMarketing, LostReason: "went with a competitor"}
	for _, l := range []Lead{
		{}, // every field may be empty; the caller says which it needs
		ok,
		{ExternalID: "12345678901234567890"},    // a HubSpot record id, 20 digits
		{Name: strings.Repeat("é", MaxNameLen)}, // characters, not bytes
		{Name: "Multi\nline"},                   // a CSV cell may hold a newline
		{Email: strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com"}, // 254
		{Email: "ada.lovelace+crm@mail.example.co.uk"},
		{Email: "zoë@exämple.com"},
		{Segment: strings.Repeat("s", MaxSegmentLen)},
		{Source: SourceSales},
		{LostReason: strings.Repeat("r", MaxReasonLen)},
	} {
		if err := l.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v", l, err)
		}
	}
	for _, tc := range []struct {
		lead           Lead
		field, problem string
	}{
		{Lead{ExternalID: strings.Repeat("x", 101)}, FieldExternalID, "is too long: 101 characters, at most 100"},
		{Lead{Name: strings.Repeat("n", 201)}, FieldName, "is too long: 201 characters, at most 200"},
		{Lead{Name: "Ada\x00"}, FieldName, "contains a NUL character"},
		{Lead{Name: "Ada \xff"}, FieldName, "is not valid UTF-8"},
		{Lead{Email: strings.Repeat("a", 65) + "@" + strings.Repeat("b", 185) + ".com"}, FieldEmail, "is too long: 255 characters, at most 254"},
		{Lead{Email: "not-an-email"}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Email: "ada@localhost"}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Email: "@example.com"}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Email: "ada@example."}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Email: "ada@.example.com"}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Email: "ada@x@example.com"}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Email: "Ada <ada@example.com>"}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Email: "a@x.com;b@y.com"}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Email: "ada @example.com"}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Email: "ada@example.com\n"}, FieldEmail, "is not an email address like ada@example.com"},
		{Lead{Segment: strings.Repeat("s", 41)}, FieldSegment, "is too long: 41 characters, at most 40"},
		{Lead{Source: "partner"}, FieldSource, "is not a source: use marketing or sales"},
		{Lead{LostReason: strings.Repeat("r", 501)}, FieldLostReason, "is too long: 501 characters, at most 500"},
		// the first field wrong is the one named
		{Lead{ExternalID: strings.Repeat("x", 101), Email: "nope"}, FieldExternalID, "is too long"},
		{Lead{Name: "Ada", Email: "nope", Source: "partner"}, FieldEmail, "is not an email address"},
	} {
		err := tc.lead.Validate()
		var ve *ValueError
		if !errors.As(err, &ve) || ve.Field != tc.field || !strings.HasPrefix(ve.Problem, tc.problem) || ErrorCode(err) != Invalid {
			t.Errorf("Validate(%.80q…) = %v (%+v), want %s %q", tc.lead.Name+tc.lead.Email+tc.lead.ExternalID, err, ve, tc.field, tc.problem)
		}
	}
	// The message quotes the value, cut short.
	err := Lead{Email: "not-an-email"}.Validate()
	if got := ErrorMessage(err); got != `"not-an-email" is not an email address like ada@example.com` {
		t.Errorf("message %q", got)
	}
}

// A contact not yet qualified is not handed to sales.
func TestHandOffNeedsQualification(t *testing.T) {
	l := Lead{Seq: 7, CreatedAt: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)}
	if _, err := HandOff(&l, "U1", l.CreatedAt, time.UTC); ErrorCode(err) != Invalid || !l.HandedOffAt.IsZero() {
		t.Fatalf("hand-off of an unqualified lead: %v, %+v", err, l)
	}
	l.QualifiedAt = l.CreatedAt
	if _, err := HandOff(&l, "U1", l.CreatedAt, time.UTC); err != nil || l.Owner != "U1" {
		t.Fatalf("hand-off of an MQL: %v, %+v", err, l)
	}
}
