package app

import (
	"context"
	"time"

	"github.com/slabot/slabot/sla"
)

// SegmentStore is what the segment, capacity and history use cases read and
// write (docs/design.md, Segments and lead value; Rep capacity; History).
type SegmentStore interface {
	SetSegment(ctx context.Context, team string, agreementID int64, seg sla.Segment, by string, at time.Time) error
	RemoveSegment(ctx context.Context, team string, agreementID int64, name string) (bool, error)
	Segments(ctx context.Context, team string, agreementID int64) ([]sla.Segment, error)
	ApplySegmentedPlan(ctx context.Context, team string, agreementID int64, p sla.SavedPlan, goals []sla.SegmentGoal, value sla.Money) error
	SegmentGoalsFor(ctx context.Context, team string, agreementID int64, month sla.Month) ([]sla.SegmentGoal, error)
	SegmentCounts(ctx context.Context, team string, agreementID int64, from, to time.Time) ([]sla.SegmentCount, error)
	ActiveReps(ctx context.Context, team string, agreementID int64, from, to time.Time) (int, error)
	Figures(ctx context.Context, team string, agreementID int64, from, to, matureBefore time.Time) (sla.Figures, error)
}

// SetSegment adds or changes one segment of the plan.
func (s *Service) SetSegment(ctx context.Context, a sla.Agreement, seg sla.Segment, by string, now time.Time) error {
	if err := seg.Validate(); err != nil {
		return err
	}
	return s.Store.SetSegment(ctx, a.TeamID, a.ID, seg, by, now)
}

// RemoveSegment removes a segment; its leads count as unsegmented from then.
func (s *Service) RemoveSegment(ctx context.Context, a sla.Agreement, name string) error {
	ok, err := s.Store.RemoveSegment(ctx, a.TeamID, a.ID, name)
	if err != nil {
		return err
	}
	if !ok {
		return sla.Errorf(sla.NotFound, "The %s agreement has no segment %s. `/sla segments` lists them.", a.Name, name)
	}
	return nil
}

// SegmentedPlan computes the plan per segment (sla.ComputeSegmentedPlan)
// and records it; applied, it sets the month's MQL goal, value goal and
// per-segment goals in one transaction.
func (s *Service) SegmentedPlan(ctx context.Context, a sla.Agreement, quota sla.Money, share sla.Ratio, month sla.Month, apply bool, by string, now time.Time) (sla.SegmentedPlan, error) {
	p, _, err := s.PlanBySegment(ctx, a, quota, share)
	if err != nil {
		return p, err
	}
	return p, s.SaveSegmentedPlan(ctx, a, quota, share, p, month, apply, by, now)
}

// PlanBySegment computes the plan per segment from the segments in force,
// writing nothing; segs are those it was computed from.
func (s *Service) PlanBySegment(ctx context.Context, a sla.Agreement, quota sla.Money, share sla.Ratio) (sla.SegmentedPlan, []sla.Segment, error) {
	segs, err := s.Store.Segments(ctx, a.TeamID, a.ID)
	if err != nil {
		return sla.SegmentedPlan{}, nil, err
	}
	p, err := sla.ComputeSegmentedPlan(quota, share, segs)
	return p, segs, err
}

// SaveSegmentedPlan records a computed plan by segment; applied, with the
// month's MQL goal, value goal and per-segment goals.
func (s *Service) SaveSegmentedPlan(ctx context.Context, a sla.Agreement, quota sla.Money, share sla.Ratio, p sla.SegmentedPlan, month sla.Month, apply bool, by string, now time.Time) error {
	deal, closeRate := p.Blended()
	saved := sla.SavedPlan{Month: month, Input: sla.PlanInput{Quota: quota, Share: share, Deal: deal, Close: closeRate},
		Result: p.Result(), Applied: apply, CreatedBy: by, CreatedAt: now}
	if !apply {
		return s.Store.SavePlan(ctx, a.TeamID, a.ID, saved)
	}
	if err := beforeAgreement(a, month); err != nil {
		return err
	}
	goals := make([]sla.SegmentGoal, len(p.Lines))
	for i, l := range p.Lines {
		goals[i] = sla.SegmentGoal{Segment: l.Segment.Name, Goal: int(l.Leads)}
	}
	return s.Store.ApplySegmentedPlan(ctx, a.TeamID, a.ID, saved, goals, p.Value)
}

// SegmentStatus is the per-segment MQLs against their goals and the lead
// value against the value goal, for the months of period (goals of its
// months summed).
func (s *Service) SegmentStatus(ctx context.Context, a sla.Agreement, period sla.Period) (sla.SegmentStatus, error) {
	segs, err := s.Store.Segments(ctx, a.TeamID, a.ID)
	if err != nil {
		return sla.SegmentStatus{}, err
	}
	loc := a.Location()
	counts, err := s.Store.SegmentCounts(ctx, a.TeamID, a.ID, period.Start(loc), period.End(loc))
	if err != nil {
		return sla.SegmentStatus{}, err
	}
	// A goal is summed over the period only when every month of it had
	// one: the counts cover the whole period, a part-goal would flatter them.
	sum := map[string]int{}
	months := map[string]int{}
	var order []string
	var value sla.Money
	valueMonths, n := 0, 0
	for _, m := range period.Months() {
		n++
		if !a.Covers(m) {
			continue
		}
		goals, err := s.Store.SegmentGoalsFor(ctx, a.TeamID, a.ID, m)
		if err != nil {
			return sla.SegmentStatus{}, err
		}
		for _, g := range goals {
			if _, ok := sum[g.Segment]; !ok {
				order = append(order, g.Segment)
			}
			sum[g.Segment] += g.Goal
			months[g.Segment]++
		}
		t, _, err := s.Store.TargetsFor(ctx, a.TeamID, a.ID, m)
		if err != nil {
			return sla.SegmentStatus{}, err
		}
		if t.ValueGoal > 0 {
			value += t.ValueGoal
			valueMonths++
		}
	}
	goals := make([]sla.SegmentGoal, 0, len(order))
	for _, name := range order {
		if months[name] == n {
			goals = append(goals, sla.SegmentGoal{Segment: name, Goal: sum[name]})
		}
	}
	if valueMonths != n {
		value = 0
	}
	return sla.SegmentsOf(segs, goals, counts, value), nil
}

// CapacityWindow is how far back the reps who share the leads are counted
// when `reps=` is not given.
const CapacityWindow = 30 * 24 * time.Hour

// Capacity is the reps' capacity against month's MQL goal and the depth
// target in force (sla.ComputeCapacity). reps 0 counts the reps with
// hand-offs in the last CapacityWindow; the count used is returned.
func (s *Service) Capacity(ctx context.Context, a sla.Agreement, month sla.Month, reps, minutes, hours int, now time.Time) (sla.Capacity, sla.Targets, error) {
	t, _, err := s.Store.TargetsFor(ctx, a.TeamID, a.ID, month)
	if err != nil {
		return sla.Capacity{}, t, err
	}
	if !t.MQLSet {
		return sla.Capacity{}, t, sla.Errorf(sla.Invalid, "%s has no MQL goal yet, so there are no leads to share: set one with `/sla plan … apply` or `/sla target mql=<n>`.", month.Label())
	}
	if reps == 0 {
		if reps, err = s.Store.ActiveReps(ctx, a.TeamID, a.ID, now.Add(-CapacityWindow), now); err != nil {
			return sla.Capacity{}, t, err
		}
		if reps == 0 {
			return sla.Capacity{}, t, sla.Errorf(sla.Invalid, "No rep had a lead handed off in the last 30 days, so slabot cannot tell how many share the leads: give `reps=<n>`.")
		}
	}
	c, err := sla.ComputeCapacity(sla.CapacityInput{Goal: t.MQLGoal, Reps: reps, Depth: t.Depth, Minutes: minutes, Hours: hours})
	return c, t, err
}

// PlanCapacity is the capacity a plan's goal would ask of the reps with
// hand-offs in the last CapacityWindow, at the default minutes and hours
// and the month's depth target; false when there are no such reps.
func (s *Service) PlanCapacity(ctx context.Context, a sla.Agreement, month sla.Month, goal int64, now time.Time) (sla.Capacity, bool, error) {
	reps, err := s.Store.ActiveReps(ctx, a.TeamID, a.ID, now.Add(-CapacityWindow), now)
	if err != nil || reps == 0 || goal > 1_000_000 {
		return sla.Capacity{}, false, err
	}
	t, _, err := s.Store.TargetsFor(ctx, a.TeamID, a.ID, month)
	if err != nil {
		return sla.Capacity{}, false, err
	}
	c, err := sla.ComputeCapacity(sla.CapacityInput{Goal: int(goal), Reps: reps, Depth: t.Depth, Minutes: sla.DefaultAttemptMinutes, Hours: sla.DefaultRepHours})
	return c, err == nil, err
}
