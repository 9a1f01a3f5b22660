package sla

import "time"

// TargetPatch changes some targets from a month on; nil fields are left alone.
type TargetPatch struct {
	MQLGoal   *int
	ValueGoal *Money
	Speed     *time.Duration
	Depth     *int
	Within    *time.Duration
	Warn      *Ratio
}

// PatchOf is the patch that sets every target t has.
func PatchOf(t Targets) TargetPatch {
	p := TargetPatch{Speed: &t.Speed, Depth: &t.Depth, Within: &t.Within, Warn: &t.Warn}
	if t.MQLSet {
		p.MQLGoal = &t.MQLGoal
	}
	if t.ValueGoal != 0 {
		p.ValueGoal = &t.ValueGoal
	}
	return p
}

// TargetSetting is one month's recorded patch: what was set for that month.
type TargetSetting struct {
	Month Month
	TargetPatch
}

// TargetSource says where a month's targets came from.
type TargetSource struct {
	MQLFrom Month // the month whose MQL goal is in force (zero when none is set)
}

// TargetsInForce applies the inheritance rule (docs/design.md, "Targets") to
// an agreement's settings, in any order: each field comes from the latest
// month at or before month that set it. The sales targets (speed, depth,
// window, warning) of a month before any month that set them are the first
// ones ever set, so a lead handed off before the agreement's first targets
// (a backdated hand-off) is still measured. Goals (MQL, value) are never
// carried backwards: a month before the first goal has none.
func TargetsInForce(settings []TargetSetting, month Month) (Targets, TargetSource) {
	var t Targets
	var src TargetSource
	var mqlAt, valueAt, speedAt, depthAt, withinAt, warnAt Month
	// first ever of each sales field, for months before any setting
	var firstSpeed, firstDepth, firstWithin, firstWarn Month
	var fSpeed, fWithin time.Duration
	var fDepth int
	var fWarn Ratio
	later := func(m, than Month) bool { return than.IsZero() || than.Before(m) }
	earlier := func(m, than Month) bool { return than.IsZero() || m.Before(than) }
	for _, s := range settings {
		if s.Speed != nil && earlier(s.Month, firstSpeed) {
			firstSpeed, fSpeed = s.Month, *s.Speed
		}
		if s.Depth != nil && earlier(s.Month, firstDepth) {
			firstDepth, fDepth = s.Month, *s.Depth
		}
		if s.Within != nil && earlier(s.Month, firstWithin) {
			firstWithin, fWithin = s.Month, *s.Within
		}
		if s.Warn != nil && earlier(s.Month, firstWarn) {
			firstWarn, fWarn = s.Month, *s.Warn
		}
		if month.Before(s.Month) {
			continue
		}
		if s.MQLGoal != nil && later(s.Month, mqlAt) {
			mqlAt, t.MQLGoal, t.MQLSet = s.Month, *s.MQLGoal, true
			src.MQLFrom = s.Month
		}
		if s.ValueGoal != nil && later(s.Month, valueAt) {
			valueAt, t.ValueGoal = s.Month, *s.ValueGoal
		}
		if s.Speed != nil && later(s.Month, speedAt) {
			speedAt, t.Speed = s.Month, *s.Speed
		}
		if s.Depth != nil && later(s.Month, depthAt) {
			depthAt, t.Depth = s.Month, *s.Depth
		}
		if s.Within != nil && later(s.Month, withinAt) {
			withinAt, t.Within = s.Month, *s.Within
		}
		if s.Warn != nil && later(s.Month, warnAt) {
			warnAt, t.Warn = s.Month, *s.Warn
		}
	}
	if speedAt.IsZero() && !firstSpeed.IsZero() {
		t.Speed = fSpeed
	}
	if depthAt.IsZero() && !firstDepth.IsZero() {
		t.Depth = fDepth
	}
	if withinAt.IsZero() && !firstWithin.IsZero() {
		t.Within = fWithin
	}
	if warnAt.IsZero() && !firstWarn.IsZero() {
		t.Warn = fWarn
	}
	return t, src
}
