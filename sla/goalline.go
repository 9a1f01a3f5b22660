package sla

import (
	"math"
	"time"
)

// GoalLine is the month's MQL goal against the actual count, as of one
// instant (docs/design.md, Goal line). Time is measured as a fraction of the
// month: whole days so far plus the elapsed part of today, in the
// agreement's location, so the line rises through the day and its day-end
// points are day × goal ÷ days even on a daylight-saving day.
type GoalLine struct {
	Goal int // the month's goal as set
	Days int // days in the month
	// Day is the day of the month of "now": 0 when the month has not
	// started, Days when it is over.
	Day    int
	Actual int
	// Over is true once the month has ended; it tells the last day (still
	// running, Day == Days) from a closed month (Day == Days too).
	Over bool
	// From is the fraction of the month that had passed when the agreement
	// was set up: 0 for a month it covered whole. The month is judged pro
	// rata on the rest.
	From float64
	// Paused are the days of the month inside an agreed exception
	// (docs/design.md, Exceptions): the line stands still on them and the
	// goal is spread over the other days.
	Paused []int
	now    float64 // fraction of the month passed at "now", in [0, 1]
}

// judgedDays is the number of days the goal is spread over.
func (g GoalLine) judgedDays() int { return g.Days - len(g.Paused) }

// eff maps a fraction of the month to the fraction of its unpaused time
// passed: the identity without pauses.
func (g GoalLine) eff(f float64) float64 {
	if len(g.Paused) == 0 || g.Days <= 0 {
		return f
	}
	n := g.judgedDays()
	if n <= 0 {
		return 0
	}
	x := f * float64(g.Days)
	day := int(x) // whole days passed
	paused := map[int]bool{}
	for _, d := range g.Paused {
		paused[d] = true
	}
	run := 0.0
	for d := 1; d <= day && d <= g.Days; d++ {
		if !paused[d] {
			run++
		}
	}
	if day < g.Days && !paused[day+1] {
		run += x - float64(day)
	}
	return min(1, run/float64(n))
}

// NewGoalLine places now in month m, in the agreement's location.
func NewGoalLine(goal int, m Month, now time.Time, loc *time.Location, actual int) GoalLine {
	return NewGoalLineFrom(goal, m, time.Time{}, now, loc, actual)
}

// NewGoalLineFrom is NewGoalLine for an agreement set up at start: a month
// it began in is judged from start, on the share of the month left then.
func NewGoalLineFrom(goal int, m Month, start, now time.Time, loc *time.Location, actual int) GoalLine {
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
	g.now = monthFraction(m, now, loc)
	if !start.IsZero() {
		g.From = monthFraction(m, start, loc)
	}
	return g
}

// monthFraction is the part of month m passed at t: (whole days + the
// elapsed part of t's day) ÷ days, clamped to [0, 1].
func monthFraction(m Month, t time.Time, loc *time.Location) float64 {
	if t.Before(m.Start(loc)) {
		return 0
	}
	if !t.Before(m.End(loc)) {
		return 1
	}
	local := t.In(loc)
	d := local.Day()
	dayStart := time.Date(m.Year, m.Month, d, 0, 0, 0, 0, loc)
	dayEnd := time.Date(m.Year, m.Month, d+1, 0, 0, 0, 0, loc)
	part := float64(t.Sub(dayStart)) / float64(dayEnd.Sub(dayStart))
	return (float64(d-1) + part) / float64(m.Days())
}

// ProRata reports whether the month is judged on part of it only (the
// agreement was set up during it).
func (g GoalLine) ProRata() bool { return g.From > 0 }

// Judged is the goal the month is judged on: the goal scaled by the share of
// the month the agreement covered, rounded up like every goal; the goal
// itself for a whole month; 0 for a month before the agreement existed.
func (g GoalLine) Judged() int {
	if len(g.Paused) > 0 && g.judgedDays() <= 0 {
		return 0 // the whole month is an exception: nothing to miss
	}
	if g.From <= 0 {
		return g.Goal
	}
	return int(math.Ceil(float64(g.Goal)*(1-g.eff(g.From)) - 1e-9))
}

// Unjudged reports whether the month ended before the agreement existed,
// or lies wholly inside exceptions: it has no goal, close, review or strike.
func (g GoalLine) Unjudged() bool { return g.From >= 1 || len(g.Paused) > 0 && g.judgedDays() <= 0 }

// lineAt is the cumulative goal at a fraction f of the month.
func (g GoalLine) lineAt(f float64) float64 {
	if len(g.Paused) > 0 && g.judgedDays() <= 0 {
		return 0
	}
	return float64(g.Goal) * max(0, g.eff(f)-g.eff(g.From))
}

// LineAt is the cumulative goal through the end of day (day × Goal ÷ Days
// for a whole month); day is clamped to the month.
func (g GoalLine) LineAt(day int) float64 {
	if g.Days <= 0 {
		return 0
	}
	day = max(0, min(day, g.Days))
	return g.lineAt(float64(day) / float64(g.Days))
}

// LineNow is the cumulative goal at this instant: it rises through the day.
func (g GoalLine) LineNow() float64 { return g.lineAt(g.now) }

// Delta is Actual − LineNow: positive means ahead of the line.
func (g GoalLine) Delta() float64 { return float64(g.Actual) - g.LineNow() }

// Projected is the month-end count at the pace so far (actual ÷ time judged
// so far × time judged in all); false before any judged time has passed.
func (g GoalLine) Projected() (float64, bool) {
	elapsed := g.eff(g.now) - g.eff(g.From)
	if elapsed <= 0 {
		return 0, false
	}
	return float64(g.Actual) * (1 - g.eff(g.From)) / elapsed, true
}

// NeededPerDay is the leads per day still needed to make the judged goal
// over the days left, the rest of today counted as the part still to come
// (all of the month before it starts); 0 when the goal is met; false once
// the month is over.
func (g GoalLine) NeededPerDay() (float64, bool) {
	if g.Over || g.Days <= 0 {
		return 0, false
	}
	if g.Actual >= g.Judged() {
		return 0, true
	}
	days := g.Days
	if len(g.Paused) > 0 {
		days = g.judgedDays() // the days left outside the exceptions
	}
	left := float64(days) * (1 - max(g.eff(g.now), g.eff(g.From)))
	if left <= 0 {
		return 0, false
	}
	return float64(g.Judged()-g.Actual) / left, true
}

// Cumulative is the goal line for a chart: element i is the goal through
// day i+1.
func (g GoalLine) Cumulative() []float64 {
	if g.Days <= 0 {
		return nil
	}
	out := make([]float64, g.Days)
	for i := range out {
		out[i] = g.LineAt(i + 1)
	}
	return out
}
