package sla

import "time"

// Multi-level agreements (docs/design.md, Customer friction): after sales
// closes its deals, customer service keeps those customers, and the sales
// director tells the service owner each month what the new ones struggle with.

// FrictionNote is what a new customer struggles with, as sales noted it.
type FrictionNote struct {
	ID     int64
	LeadID int64
	Lead   Lead // filled by the reads that list notes
	Note   string
	By     string
	At     time.Time
}

// MaxFrictionNote bounds a note so a month's report fits Slack's blocks.
const MaxFrictionNote = 500

// MayNoteFriction reports whether user may note a customer's friction: its
// rep, the sales owner and admins.
func MayNoteFriction(a Agreement, l Lead, user string, admin bool) bool {
	return admin || user != "" && (user == l.Owner || user == a.Sales)
}
