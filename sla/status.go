package sla

import "time"

// Figures are a period's recorded numbers, as the store aggregates them.
type Figures struct {
	Leads     int // all leads qualified in the period, any source
	Actuals   Actuals
	Speed     DurationStats // business time hand-off → first attempt, for hand-offs in the period
	Waiting   int           // handed off in the period, still open, no attempt yet
	ToHandoff DurationStats // creation → hand-off ("speed to lead"); N and Avg only
	Depth     DepthStats
}

// BreachCounts are the open breaches of an agreement at one instant.
type BreachCounts struct {
	Warnings int // leads past the speed warning, not yet breached
	Speed    int // leads past the speed target without an attempt
	Depth    int // leads past the depth window with too few attempts
}

// Total is the number of breaches (a lead can count twice: speed and depth).
func (b BreachCounts) Total() int { return b.Speed + b.Depth }

// StrikeCount is one owner's strikes in a month.
type StrikeCount struct {
	User string
	N    int
}

// StatusInput is everything `/sla status` and the digest show for one month.
type StatusInput struct {
	Agreement Agreement
	Month     Month
	Now       time.Time
	Targets   Targets
	MQLFrom   Month // the month whose MQL goal is in force; zero when none is set
	Plan      *PlanInput
	PlanMonth Month
	PlanGoal  int // the leads the plan of PlanMonth derived (its MQL goal)
	Figures   Figures
	Breaches  BreachCounts
	Strikes   []StrikeCount
	// Segments are the MQLs per segment against their goals and the lead
	// value against the value goal (docs/design.md, Segments and lead value).
	Segments SegmentStatus
}

// Line is the goal line for the month as of Now; false when no goal is set.
func (in StatusInput) Line() (GoalLine, bool) {
	if !in.Targets.MQLSet {
		return GoalLine{}, false
	}
	g := NewGoalLineFrom(in.Targets.MQLGoal, in.Month, in.Agreement.CreatedAt, in.Now, in.Agreement.Location(), in.Figures.Actuals.MQLs)
	g.Paused = in.Agreement.PausedDays(in.Month)
	return g, true
}

// Verdict compares a figure with its target.
type Verdict int

const (
	Unknown Verdict = iota // no target, or nothing measured yet
	Met
	Missed
)

// SpeedVerdict compares the average first follow-up with the speed target.
func (in StatusInput) SpeedVerdict() Verdict {
	if in.Targets.Speed <= 0 || in.Figures.Speed.N == 0 {
		return Unknown
	}
	if in.Figures.Speed.Avg <= in.Targets.Speed {
		return Met
	}
	return Missed
}

// DepthVerdict compares the average attempts on uncontacted leads with the
// depth target.
func (in StatusInput) DepthVerdict() Verdict {
	avg, ok := in.Figures.Depth.AvgAttempts()
	if in.Targets.Depth <= 0 || !ok {
		return Unknown
	}
	if avg >= float64(in.Targets.Depth) {
		return Met
	}
	return Missed
}

// GoalVerdict says whether the MQL goal is reached (Met), can no longer be
// (Missed, once the month is over) or is still open (Unknown).
func (in StatusInput) GoalVerdict() Verdict {
	g, ok := in.Line()
	if !ok {
		return Unknown
	}
	if g.Unjudged() {
		return Unknown
	}
	if g.Actual >= g.Judged() {
		return Met
	}
	if g.Over {
		return Missed
	}
	return Unknown
}

// GoalFromPlan reports whether the MQL goal in force is the one a plan
// derived (false when it was set by hand after the plan, or no plan exists).
func (in StatusInput) GoalFromPlan() bool {
	return in.Plan != nil && in.Targets.MQLSet && in.PlanMonth == in.MQLFrom && in.PlanGoal == in.Targets.MQLGoal
}

// Bucket is the follow-up figures of the leads handed off in one interval
// (a week of the charts and the report's table).
type Bucket struct {
	SpeedN   int
	SpeedAvg time.Duration
	Depth    DepthStats
}
