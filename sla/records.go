package sla

import (
	"errors"
	"time"
)

// The values below travel between the use cases and the store: the store
// implements interfaces declared by its callers in terms of these, so no
// caller needs to know the store's own types.

// ErrDuplicate reports a write whose idempotency key was already used: the
// first result is returned with it and nothing is written again.
var ErrDuplicate = errors.New("duplicate idempotency key")

// LeadFilter selects leads of an agreement for a list.
type LeadFilter struct {
	Owner   string    // only this owner's
	Open    bool      // only leads whose clocks still run (not contacted, won or lost)
	Overdue time.Time // when set: only open leads with a speed or depth breach at this instant
	Limit   int       // default 20
}

// PostKey names one scheduled post: at most one per agreement, kind and period.
type PostKey struct {
	TeamID      string
	AgreementID int64
	Kind        string // digest, month-close, midpoint, celebrate-mql, ...
	Period      string // 2026-W49, 2026-12, ...
}

// PartKey names one part of a scheduled post: its message, or one of its
// charts. Each part is claimed, sent and marked on its own.
type PartKey struct {
	PostKey
	Part string // "message", "chart:waterfall", a nudge DM's "U0REP/1"
}

func (k PartKey) String() string {
	return k.Kind + " " + k.Period + " " + k.Part
}

// Part is a part to send: where, and for a part decided ahead of its send
// (a nudge DM), what.
type Part struct {
	Key     PartKey
	Channel string // a channel id, or a user id for a DM
	Payload string
}

// ClaimState is what claiming a part found.
type ClaimState int

const (
	// Claimed: this run holds the part until its lease ends.
	Claimed ClaimState = iota + 1
	// Done: the part was sent, or dropped as no longer worth sending.
	Done
	// Held: another run holds the part and its lease has not ended.
	Held
)

// PartClaim is the outcome of claiming a part.
type PartClaim struct {
	State ClaimState
	Part  Part
	// Sends counts the sends started before this claim: when above zero,
	// one of them may have reached Slack without being recorded.
	Sends int
	Ref   string // what the last send noted before it went (a file id)
	// HeldBy and HeldUntil describe the other run's claim (State Held).
	HeldBy    string
	HeldUntil time.Time
}

// SavedPlan is a plan calculation as recorded.
type SavedPlan struct {
	Month     Month
	Input     PlanInput
	Result    PlanResult
	Applied   bool
	CreatedBy string
	CreatedAt time.Time
}

// ScanResult is what one breach scan decided and recorded for a lead.
type ScanResult struct {
	Lead      Lead
	Decision  NudgeDecision
	Prev      map[BreachKind]NudgeState // nudge state before the scan
	NewStrike []BreachKind              // strikes recorded by this scan
	Month     Month                     // month the strikes count in
}

// UpsertCounts are the outcomes of a batch of CRM upserts.
type UpsertCounts struct {
	Inserted, Updated, Unchanged int
}

// CRMConnection binds an agreement to a HubSpot portal and keeps the state
// of its sync (docs/design.md, CRM ingestion).
type CRMConnection struct {
	TeamID      string
	AgreementID int64
	Portal      int64
	ConnectedAt time.Time
	// Cursor is epoch milliseconds: the contacts modified at or after it
	// are read next. It moves in the transaction that stores their leads.
	Cursor int64
	// LeadsTaken counts the leads the sync and the webhooks inserted or
	// changed, in all.
	LeadsTaken int64
	LastSyncAt time.Time // the end of the last sync that finished
	LastRun    string    // what that sync did
	LastError  string    // the last failure or refused contact, "" when the last run was clean
	LastErrAt  time.Time
}

// CRMEvent is one HubSpot webhook event, stored until it is applied.
type CRMEvent struct {
	TeamID      string
	AgreementID int64
	Portal      int64
	EventID     int64
	ObjectID    int64
	Type        string // contact.creation, contact.propertyChange, …
	OccurredAt  time.Time
	ReceivedAt  time.Time
}
