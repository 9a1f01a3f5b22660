package sla

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Source of a lead.
type Source string

const (
	SourceMarketing Source = "marketing"
	SourceSales     Source = "sales"
)

// Via is the channel of a follow-up attempt.
type Via string

const (
	ViaCall    Via = "call"
	ViaEmail   Via = "email"
	ViaSocial  Via = "social"
	ViaMeeting Via = "meeting"
)

// Lead is one lead through its life. Zero times mean "not yet".
type Lead struct {
	ID          int64
	TeamID      string
	AgreementID int64
	Seq         int64 // per-team number behind the short id L-42
	ExternalID  string
	Name        string
	Email       string
	Segment     string
	Source      Source
	Owner       string // Slack user id of the rep who owns it
	// ToldOwner is the owner the hand-off notice went to: while it differs
	// from Owner, the owner has not been told of the lead yet.
	ToldOwner string

	CreatedAt time.Time
	// QualifiedAt is when the lead became a marketing qualified lead (zero:
	// not yet). MQLs count by it; an unqualified contact has no clocks.
	QualifiedAt time.Time
	HandedOffAt time.Time
	// AssignedAt is when a move (a cover, a reassignment on breach) gave the
	// lead to its current owner; its clocks run from then. Zero: from the
	// hand-off.
	AssignedAt     time.Time
	FirstAttemptAt time.Time
	Attempts       int
	// SpeedSecs is the business time from hand-off to the first attempt, fixed
	// when the first attempt is recorded (-1 when there is none yet).
	SpeedSecs   int64
	ContactedAt time.Time
	WonAt       time.Time
	Revenue     Money
	LostAt      time.Time
	LostReason  string

	// Clocks of the breach engine, kept with the lead so the scan is one
	// indexed query: when the speed warning, speed breach and depth breach fall
	// due, and when the lead must next be looked at (zero: never).
	WarnAt       time.Time
	SpeedDueAt   time.Time
	DepthDueAt   time.Time
	NextCheckAt  time.Time
	SnoozedUntil time.Time
}

// ShortID is how people refer to the lead in Slack.
func (l Lead) ShortID() string { return "L-" + strconv.FormatInt(l.Seq, 10) }

// ParseShortID reads L-42 (case-insensitive); ok is false for anything else.
func ParseShortID(s string) (int64, bool) {
	if len(s) < 3 || (s[0] != 'L' && s[0] != 'l') || s[1] != '-' {
		return 0, false
	}
	n, err := strconv.ParseInt(s[2:], 10, 64)
	if err != nil || n <= 0 || strings.HasPrefix(s[2:], "+") {
		return 0, false
	}
	return n, true
}

// Qualified reports whether the lead is an MQL (docs/design.md, CRM ingestion).
func (l Lead) Qualified() bool { return !l.QualifiedAt.IsZero() }

// Stopped reports whether every SLA clock has stopped for the lead
// (it was contacted, won or lost).
func (l Lead) Stopped() bool {
	return !l.ContactedAt.IsZero() || !l.WonAt.IsZero() || !l.LostAt.IsZero()
}

// Label is the name, or the email, or the short id.
func (l Lead) Label() string {
	switch {
	case l.Name != "" && l.Email != "":
		return fmt.Sprintf("%s <%s>", l.Name, l.Email)
	case l.Name != "":
		return l.Name
	case l.Email != "":
		return l.Email
	}
	return l.ShortID()
}

// State is a one-word summary of where the lead is.
func (l Lead) State() string {
	switch {
	case !l.WonAt.IsZero():
		return "won"
	case !l.LostAt.IsZero():
		return "lost"
	case !l.ContactedAt.IsZero():
		return "contacted"
	case l.Attempts > 0:
		return "working"
	case !l.HandedOffAt.IsZero():
		return "handed off"
	case !l.Qualified():
		return "not yet qualified"
	}
	return "new"
}

// Attempt is one follow-up attempt.
type Attempt struct {
	ID     int64
	LeadID int64
	At     time.Time
	Via    Via
	By     string
}
