package sla

import "time"

// GoalLine is the month's MQL goal against the actual count, as of one instant
// (docs/design.md, Goal line).
type GoalLine struct {
	Goal int
	Days int // days in the month
	// Day is the day of the month of "today": 0 when the month has not started,
	// Days when it is over.
	Day    int
	Actual int
	// Over is true once the month has ended; it tells the last day (still
	// running, Day == Days) from a closed month (Day == Days too).
	Over bool
}

// NewGoalLine places now in month m, in the agreement's location.
func NewGoalLine(goal int, m Month, now time.Time, loc *time.Location, actual int) GoalLine {
	if loc == nil {
		loc = time.UTC
	}
	g := GoalLine{Goal: goal, Days: m.Days(), Actual: actual}
	switch {
	case now.Before(m.Start(loc)):
		g.Day = 0
	case !now.Before(m.End(loc)):
		g.Day = g.Days
		g.Over = true
	default:
		g.Day = now.In(loc).Day()
	}
	return g
}

// LineAt is the cumulative goal through the end of day (day × Goal ÷ Days);
// day is clamped to the month.
func (g GoalLine) LineAt(day int) float64 {
	if g.Days <= 0 {
		return 0
	}
	day = max(0, min(day, g.Days))
	return float64(day) * float64(g.Goal) / float64(g.Days)
}

// LineToday is the cumulative goal through the end of today.
func (g GoalLine) LineToday() float64 { return g.LineAt(g.Day) }

// Delta is Actual − LineToday: positive means ahead of the line.
func (g GoalLine) Delta() float64 { return float64(g.Actual) - g.LineToday() }

// Projected is the month-end count at the pace so far, today counted as a
// whole day; false before the month has started.
func (g GoalLine) Projected() (float64, bool) {
	if g.Day <= 0 {
		return 0, false
	}
	return float64(g.Actual) * float64(g.Days) / float64(g.Day), true
}

// NeededPerDay is the leads per day still needed to make the goal, over the
// days left including today (all of them before the month starts); 0 when the
// goal is met; false once the month is over.
func (g GoalLine) NeededPerDay() (float64, bool) {
	if g.Over || g.Days <= 0 {
		return 0, false
	}
	if g.Actual >= g.Goal {
		return 0, true
	}
	left := g.Days - max(g.Day, 1) + 1
	return float64(g.Goal-g.Actual) / float64(left), true
}

// CumulativeGoal is the goal line for a chart: element i is the goal through
// day i+1, (i+1) × goal ÷ days.
func CumulativeGoal(goal, days int) []float64 {
	if days <= 0 {
		return nil
	}
	out := make([]float64, days)
	for i := range out {
		out[i] = float64(i+1) * float64(goal) / float64(days)
	}
	return out
}
