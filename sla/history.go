package sla

import (
	"strconv"
	"time"
)

// LeadChange is one change to a lead, as `/sla lead history` lists it.
type LeadChange struct {
	At            time.Time
	By            string // Slack user id; "" for the CRM or the system
	Field         string // "name", "owner", "won", …; "created" and "deleted" for the lead itself
	Before, After string // as text; times in RFC 3339, money as written
	Note          string // a reason given (deleted, lost)
}

// DiffLead lists what a change did to the fields people see (not the breach
// engine's clocks), in a fixed order.
func DiffLead(before, after Lead) []LeadChange {
	var out []LeadChange
	add := func(field, b, a string) {
		if b != a {
			out = append(out, LeadChange{Field: field, Before: b, After: a})
		}
	}
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	money := func(m Money, set bool) string {
		if !set {
			return ""
		}
		return m.String()
	}
	add("name", before.Name, after.Name)
	add("email", before.Email, after.Email)
	add("external id", before.ExternalID, after.ExternalID)
	add("segment", before.Segment, after.Segment)
	add("source", string(before.Source), string(after.Source))
	add("created", ts(before.CreatedAt), ts(after.CreatedAt))
	add("owner", before.Owner, after.Owner)
	add("handed off", ts(before.HandedOffAt), ts(after.HandedOffAt))
	add("attempts", strconv.Itoa(before.Attempts), strconv.Itoa(after.Attempts))
	add("contacted", ts(before.ContactedAt), ts(after.ContactedAt))
	add("won", ts(before.WonAt), ts(after.WonAt))
	add("revenue", money(before.Revenue, !before.WonAt.IsZero()), money(after.Revenue, !after.WonAt.IsZero()))
	add("lost", ts(before.LostAt), ts(after.LostAt))
	add("lost reason", before.LostReason, after.LostReason)
	add("snoozed until", ts(before.SnoozedUntil), ts(after.SnoozedUntil))
	return out
}
