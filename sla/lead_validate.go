package sla

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of a lead's text, one set for the slash commands, the import and the
// webhook, counted in characters. Each fits the real data with room to spare
// (and fits its storage column); longer is a paste gone wrong, refused rather
// than cut so that nothing is stored that the person or the CRM did not write.
const (
	// A person's or company's name: Salesforce holds 121 characters (40 first,
	// 80 last); 200 also fits a Block Kit field with the lead's id.
	MaxNameLen = 200
	// RFC 5321 limits a path to 256 octets with its angle brackets, so an
	// address to 254.
	MaxEmailLen = 254
	// HubSpot record ids are at most 20 digits and Salesforce ids 18
	// characters; 100 leaves room for the prefixed ids of other systems.
	MaxExternalIDLen = 100
	// A segment is a short label of the plan: smb, mid-market, enterprise.
	MaxSegmentLen = 40
	// Why a lead was lost: a sentence or two, shown in a Block Kit field.
	MaxReasonLen = 500
)

// The lead fields Validate names in a *ValueError's Field.
const (
	FieldExternalID = "external_id"
	FieldName       = "name"
	FieldEmail      = "email"
	FieldSegment    = "segment"
	FieldSource     = "source"
	FieldLostReason = "lost_reason"
)

// Validate checks the lead's text fields: the limits above, valid UTF-8 with
// no NUL (PostgreSQL refuses both), an email shaped like one, a known source.
// An empty field passes: which fields are required is the caller's rule. The
// error is a *ValueError whose Field names the first field that is wrong.
func (l Lead) Validate() error {
	for _, f := range []struct {
		field, value string
		max          int
	}{
		{FieldExternalID, l.ExternalID, MaxExternalIDLen},
		{FieldName, l.Name, MaxNameLen},
		{FieldEmail, l.Email, MaxEmailLen},
		{FieldSegment, l.Segment, MaxSegmentLen},
		{FieldLostReason, l.LostReason, MaxReasonLen},
	} {
		if p := textProblem(f.value, f.max); p != "" {
			return &ValueError{Field: f.field, Input: f.value, Problem: p}
		}
	}
	if l.Email != "" && !ValidEmail(l.Email) {
		return &ValueError{Field: FieldEmail, Input: l.Email, Problem: "is not an email address like ada@example.com"}
	}
	switch l.Source {
	case "", SourceMarketing, SourceSales:
	default:
		return &ValueError{Field: FieldSource, Input: string(l.Source), Problem: "is not a source: use marketing or sales"}
	}
	return nil
}

func textProblem(v string, max int) string {
	switch {
	case !utf8.ValidString(v):
		return "is not valid UTF-8"
	case strings.IndexByte(v, 0) >= 0:
		return "contains a NUL character"
	}
	if n := utf8.RuneCountInString(v); n > max {
		return "is too long: " + strconv.Itoa(n) + " characters, at most " + strconv.Itoa(max)
	}
	return ""
}

// ValidEmail is a light check of an address's shape: one @, something before
// it and a dotted domain after it, and none of the spaces, brackets and
// separators of a display name or a list ("Ada <ada@example.com>", "a@x.com;
// b@y.com"). Whether the mailbox exists only sending can tell.
func ValidEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.Contains(domain, "@") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		!strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || strings.ContainsRune("<>,;|()[]\\\"", r) })
}
