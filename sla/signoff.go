package sla

import (
	"fmt"
	"strings"
	"time"
)

// Sign-off (docs/design.md, Sign-off): the document and the targets are
// versioned; a change one party's owner makes waits for the other's approval.

// ChangeStatus is where a proposed change stands.
type ChangeStatus string

const (
	ChangePending   ChangeStatus = "pending"
	ChangeApplied   ChangeStatus = "applied"
	ChangeWithdrawn ChangeStatus = "withdrawn"
)

// Kinds of change items. The record is generic (kind, key, before, after)
// so that other versioned things (segments, a value goal) join by adding a
// kind and its applier.
const (
	ChangeSection   = "section"   // key: the section; after: its text
	ChangeMQL       = "mql"       // key: the month; after: the goal
	ChangePlan      = "plan"      // key: the month; after: EncodePlanInput
	ChangeSpeed     = "speed"     // after: seconds of business time
	ChangeDepth     = "depth"     // after: attempts
	ChangeWithin    = "within"    // after: seconds
	ChangeWarn      = "warn"      // after: parts per million
	ChangeApproval  = "approval"  // after: "on" or "off"
	ChangeException = "exception" // key: ExceptionKey; after: the reason
	ChangeService   = "service"   // after: the customer-service owner
	// ChangeExceptionRemove: key: ExceptionKey; before: the reason.
	ChangeExceptionRemove = "exception-remove"
	ChangeSegment         = "segment"        // key: the name; before, after: EncodeSegment ("" when none)
	ChangeSegmentRemove   = "segment-remove" // key: the name; before: EncodeSegment
	ChangeValue           = "value"          // key: the month; before, after: cents ("" when none)
	// ChangeSegmentedPlan: key: the month; before: the MQL goal; after:
	// EncodeSegmentedPlan, the segments as proposed, so the approval applies
	// the plan that was shown even if the segments change meanwhile.
	ChangeSegmentedPlan = "segmented-plan"
)

// ChangeItem is one field a change sets.
type ChangeItem struct {
	Kind   string `json:"kind"`
	Key    string `json:"key,omitempty"`
	Before string `json:"before,omitempty"`
	After  string `json:"after"`
}

// Change is one proposed or applied change of an agreement.
type Change struct {
	ID          int64
	TeamID      string
	AgreementID int64
	Version     int // the version it made; 0 while pending or withdrawn
	Status      ChangeStatus
	By          string // who proposed it
	At          time.Time
	WaitFor     string // whose approval it waits for; "" when applied at once
	DecidedBy   string // who approved (or withdrew) it; "" when applied at once
	DecidedAt   time.Time
	Items       []ChangeItem
}

// FirstVersion is the version of an agreement as set up.
const FirstVersion = 1

// Approver is whose approval a change by user waits for; "" means it applies
// at once. An owner's change waits for the other party's owner (the service
// owner's for the sales owner, whose customers service takes over), unless
// approval is off; an admin who owns no party changes at once.
func Approver(a Agreement, user string, approvalOff bool) string {
	if approvalOff {
		return ""
	}
	switch user {
	case a.Marketing:
		return a.Sales
	case a.Sales:
		return a.Marketing
	case a.Service:
		return a.Sales
	}
	return ""
}

// ApprovalApprover is whose approval a request to turn approval off waits
// for: it needs both owners, so only an owner may ask, and the other
// approves. ok is false when user owns neither party.
func ApprovalApprover(a Agreement, user string) (string, bool) {
	switch user {
	case a.Marketing:
		return a.Sales, true
	case a.Sales:
		return a.Marketing, true
	}
	return "", false
}

// ApprovalOff reports whether approval is off after the applied changes
// (any order): the latest applied approval item decides.
func ApprovalOff(changes []Change) bool {
	off, last := false, 0
	for _, c := range changes {
		if c.Status != ChangeApplied {
			continue
		}
		for _, it := range c.Items {
			if it.Kind == ChangeApproval && c.Version > last {
				off, last = it.After == "off", c.Version
			}
		}
	}
	return off
}

// InForce is the version in force and the change that made it; ok is false
// while the agreement is as set up (version FirstVersion).
func InForce(changes []Change) (version int, made Change, ok bool) {
	version = FirstVersion
	for _, c := range changes {
		if c.Status == ChangeApplied && c.Version > version {
			version, made, ok = c.Version, c, true
		}
	}
	return version, made, ok
}

// Waiting counts the pending changes by approver, in the order first seen.
func Waiting(changes []Change) (order []string, n map[string]int) {
	n = map[string]int{}
	for _, c := range changes {
		if c.Status != ChangePending {
			continue
		}
		if n[c.WaitFor] == 0 {
			order = append(order, c.WaitFor)
		}
		n[c.WaitFor]++
	}
	return order, n
}

// EncodePlanInput writes a plan's inputs for a change record.
func EncodePlanInput(in PlanInput) string {
	return fmt.Sprintf("quota=%d share=%d deal=%d close=%d", int64(in.Quota), int64(in.Share), int64(in.Deal), int64(in.Close))
}

// DecodePlanInput reads EncodePlanInput's text.
func DecodePlanInput(s string) (PlanInput, error) {
	var q, sh, d, c int64
	if _, err := fmt.Sscanf(s, "quota=%d share=%d deal=%d close=%d", &q, &sh, &d, &c); err != nil {
		return PlanInput{}, fmt.Errorf("plan inputs %q: %w", s, err)
	}
	return PlanInput{Quota: Money(q), Share: Ratio(sh), Deal: Money(d), Close: Ratio(c)}, nil
}

// ExceptionKey is an exception's period as a change's key: "2026-12-21..2026-12-23".
func ExceptionKey(from, to Date) string { return from.String() + ".." + to.String() }

// ParseExceptionKey reads ExceptionKey's text.
func ParseExceptionKey(s string) (from, to Date, err error) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		return from, to, fmt.Errorf("exception period %q", s)
	}
	if from, err = ParseDate(a); err != nil {
		return from, to, err
	}
	to, err = ParseDate(b)
	return from, to, err
}

// EncodeSegment writes a segment's figures for a change record.
func EncodeSegment(s Segment) string {
	return fmt.Sprintf("mix=%d deal=%d close=%d value=%d", int64(s.Mix), int64(s.Deal), int64(s.Close), int64(s.Value))
}

// DecodeSegment reads EncodeSegment's text for the segment name.
func DecodeSegment(name, s string) (Segment, error) {
	var m, d, c, v int64
	if _, err := fmt.Sscanf(s, "mix=%d deal=%d close=%d value=%d", &m, &d, &c, &v); err != nil {
		return Segment{}, fmt.Errorf("segment %q: %w", s, err)
	}
	return Segment{Name: name, Mix: Ratio(m), Deal: Money(d), Close: Ratio(c), Value: Money(v)}, nil
}

// EncodeSegmentedPlan writes a plan by segment's inputs, the segments
// included: "quota=… share=…|exec mix=… deal=… close=… value=…|…".
func EncodeSegmentedPlan(quota Money, share Ratio, segs []Segment) string {
	var b strings.Builder
	fmt.Fprintf(&b, "quota=%d share=%d", int64(quota), int64(share))
	for _, s := range segs {
		b.WriteString("|" + s.Name + " " + EncodeSegment(s))
	}
	return b.String()
}

// DecodeSegmentedPlan reads EncodeSegmentedPlan's text.
func DecodeSegmentedPlan(s string) (quota Money, share Ratio, segs []Segment, err error) {
	parts := strings.Split(s, "|")
	var q, sh int64
	if _, err := fmt.Sscanf(parts[0], "quota=%d share=%d", &q, &sh); err != nil {
		return 0, 0, nil, fmt.Errorf("segmented plan %q: %w", s, err)
	}
	for _, p := range parts[1:] {
		name, fig, ok := strings.Cut(p, " ")
		if !ok {
			return 0, 0, nil, fmt.Errorf("segmented plan segment %q", p)
		}
		seg, err := DecodeSegment(name, fig)
		if err != nil {
			return 0, 0, nil, err
		}
		segs = append(segs, seg)
	}
	return Money(q), Ratio(sh), segs, nil
}
