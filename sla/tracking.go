package sla

import "time"

// MonthRecord is one row of the month-by-month tracking document
// (docs/design.md, History): what was recorded, the goal and the verdict.
type MonthRecord struct {
	Month   Month
	Actuals Actuals
	HasGoal bool
	Goal    int // the goal judged: pro rata in the agreement's first month
	Verdict Verdict
	Over    bool // the month has ended
}

// Add sums two periods' actuals; the rates are recomputed from the sums
// (Actuals.Rates), never averaged.
func (a Actuals) Add(b Actuals) Actuals {
	return Actuals{
		MQLs:             a.MQLs + b.MQLs,
		MQLsWon:          a.MQLsWon + b.MQLsWon,
		MQLWonRevenue:    a.MQLWonRevenue + b.MQLWonRevenue,
		MQLsWonUnknown:   a.MQLsWonUnknown + b.MQLsWonUnknown,
		MarketingRevenue: a.MarketingRevenue + b.MarketingRevenue,
		TotalRevenue:     a.TotalRevenue + b.TotalRevenue,
		CycleN:           a.CycleN + b.CycleN,
		CycleTotal:       a.CycleTotal + b.CycleTotal,
	}
}

// JudgeMonth is the verdict of a month's MQL goal as of now: met once the
// MQLs reach the goal judged (GoalLine.Judged), missed once the month is
// over short of it, otherwise open. A month before the agreement has no goal.
func JudgeMonth(a Agreement, m Month, t Targets, actual Actuals, now time.Time) MonthRecord {
	r := MonthRecord{Month: m, Actuals: actual, Over: !now.Before(m.End(a.Location()))}
	if !t.MQLSet || !a.Covers(m) {
		return r
	}
	g := NewGoalLineFrom(t.MQLGoal, m, a.CreatedAt, now, a.Location(), actual.MQLs)
	if g.Unjudged() {
		return r
	}
	r.HasGoal, r.Goal = true, g.Judged()
	switch {
	case actual.MQLs >= r.Goal:
		r.Verdict = Met
	case g.Over:
		r.Verdict = Missed
	}
	return r
}

// TotalRecord sums records into one for their whole period: counts and
// goals add up, the rates come from the sums, and the period is met when
// its MQLs reach the summed goal, missed when every month is over short of it.
func TotalRecord(rs []MonthRecord) MonthRecord {
	var t MonthRecord
	over := len(rs) > 0
	for _, r := range rs {
		t.Actuals = t.Actuals.Add(r.Actuals)
		if r.HasGoal {
			t.HasGoal = true
			t.Goal += r.Goal
		}
		over = over && r.Over
	}
	t.Over = over
	if !t.HasGoal {
		return t
	}
	switch {
	case t.Actuals.MQLs >= t.Goal:
		t.Verdict = Met
	case over:
		t.Verdict = Missed
	}
	return t
}
