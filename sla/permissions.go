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

// MayWorkLead reports whether user may record an attempt, the contact or
// the outcome of the lead, by command or button: anyone before it is handed
// off; after, its rep, the sales owner and admins only.
func MayWorkLead(a Agreement, l Lead, user string, admin bool) bool {
	if l.Owner == "" {
		return true
	}
	return user != "" && (user == l.Owner || user == a.Sales) || admin
}

// MayCorrectLead reports whether user may edit, delete or reopen the lead:
// the party owners and admins; the lead's rep may also correct its own
// outcome (revenue, and when it was won or lost).
func MayCorrectLead(a Agreement, l Lead, user string, admin, outcomeOnly bool) bool {
	if MayChange(a, user, admin) {
		return true
	}
	return outcomeOnly && user != "" && user == l.Owner
}

// RevenueCeiling is the revenue above which a typed amount is probably a typo
// (1M for 1k) and is recorded only once confirmed: ten times the plan's deal
// size, or $10M without a plan.
func RevenueCeiling(plan *PlanInput) Money {
	if plan != nil && plan.Deal > 0 {
		return plan.Deal * 10
	}
	return Dollars(10_000_000)
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
