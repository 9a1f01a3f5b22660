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
	Prev      map[BreachKind]NudgeState // nudge state before, to undo a failed send
	NewStrike []BreachKind              // strikes recorded by this scan
	Month     Month                     // month the strikes count in
}

// UpsertCounts are the outcomes of a batch of CRM upserts.
type UpsertCounts struct {
	Inserted, Updated, Unchanged int
}
