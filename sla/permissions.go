package sla

import "time"

// Who may do what (docs/design.md, "Who may change what"). Both rules take
// the facts the caller looked up: admin is whether user is one of the
// agreement's admins or a Slack workspace admin.

// MayChange reports whether user may change the agreement: its document,
// targets, plan, calendar, digest schedule and admins.
func MayChange(a Agreement, user string, admin bool) bool {
	return a.IsOwner(user) || admin
}

// MayWorkLead reports whether user may act on the lead from a nudge or the
// App Home: its owner, a party owner or an admin.
func MayWorkLead(a Agreement, l Lead, user string, admin bool) bool {
	return (user != "" && user == l.Owner) || MayChange(a, user, admin)
}

// TargetMonth is the month whose targets measure the lead: the month of its
// hand-off, or of now while it has none.
func TargetMonth(l Lead, now time.Time, a Agreement) Month {
	at := l.HandedOffAt
	if at.IsZero() {
		at = now
	}
	return MonthOf(at, a.Location())
}
