package sla

import (
	"math"
	"testing"
	"time"
)

var excBerlin, _ = time.LoadLocation("Europe/Berlin")

func nearly(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestGoalLinePaused: December has 31 days; an exception on the 21st–23rd
// leaves 28, over which the goal of 56 is spread: 2 a day.
func TestGoalLinePaused(t *testing.T) {
	dec := Month{2026, time.December}
	line := func(now time.Time, actual int) GoalLine {
		g := NewGoalLine(56, dec, now, excBerlin, actual)
		g.Paused = []int{21, 22, 23}
		return g
	}
	for _, c := range []struct {
		now  time.Time
		want float64
	}{
		{time.Date(2026, 12, 10, 12, 0, 0, 0, excBerlin), 19},  // 9.5 days × 2
		{time.Date(2026, 12, 21, 0, 0, 0, 0, excBerlin), 40},   // 20 days × 2
		{time.Date(2026, 12, 22, 12, 0, 0, 0, excBerlin), 40},  // paused: stands still
		{time.Date(2026, 12, 24, 6, 0, 0, 0, excBerlin), 40.5}, // 20.25 days × 2
		{time.Date(2027, 1, 1, 0, 0, 0, 0, excBerlin), 56},
	} {
		if got := line(c.now, 0).LineNow(); !nearly(got, c.want) {
			t.Errorf("line at %s = %v, want %v", c.now, got, c.want)
		}
	}
	g := line(time.Date(2026, 12, 10, 12, 0, 0, 0, excBerlin), 15)
	// 15 so far in 9.5 of 28 judged days: 15 ÷ 9.5 × 28 = 44.2105…
	if p, ok := g.Projected(); !ok || !nearly(p, 15.0/9.5*28) {
		t.Errorf("projected %v, %v; want 44.21", p, ok)
	}
	// (56 − 15) ÷ the 18.5 judged days left = 2.2162…
	if n, ok := g.NeededPerDay(); !ok || !nearly(n, 41/18.5) {
		t.Errorf("needed %v, %v; want 2.216", n, ok)
	}
	if g.Judged() != 56 {
		t.Errorf("judged %d: the goal stays whole, spread over the other days", g.Judged())
	}
	// Day-end points: day 20 is 40, days 21–23 stay at 40, day 24 is 42.
	if c := g.Cumulative(); !nearly(c[19], 40) || !nearly(c[22], 40) || !nearly(c[23], 42) {
		t.Errorf("cumulative %v", c)
	}
	// A month wholly inside exceptions has nothing to miss.
	all := NewGoalLine(56, dec, time.Date(2027, 1, 1, 0, 0, 0, 0, excBerlin), excBerlin, 0)
	for d := 1; d <= 31; d++ {
		all.Paused = append(all.Paused, d)
	}
	if all.Judged() != 0 || all.LineNow() != 0 {
		t.Errorf("all paused: judged %d, line %v", all.Judged(), all.LineNow())
	}
	// Without pauses nothing changes: 9.5 ÷ 31 × 56.
	if got := NewGoalLine(56, dec, time.Date(2026, 12, 10, 12, 0, 0, 0, excBerlin), excBerlin, 0).LineNow(); !nearly(got, 9.5/31*56) {
		t.Errorf("unpaused line %v", got)
	}
}

// TestExceptionStopsClocks: with Mon 21 – Wed 23 December an exception, the
// speed clock skips those days and the depth window (calendar time) is
// pushed back by the part of them it ran through.
func TestExceptionStopsClocks(t *testing.T) {
	a := Agreement{TZ: "Europe/Berlin", Hours: DefaultHours, Exceptions: []Exception{{
		From: Date{2026, 12, 21}, To: Date{2026, 12, 23}, Reason: "IT outage"}}}
	cal := a.Calendar()
	tg := Targets{Speed: time.Hour, Depth: 6, Within: 14 * 24 * time.Hour}
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, excBerlin) }
	for _, c := range []struct {
		name         string
		handoff      time.Time
		speed, depth time.Time
	}{
		// Fri 16:30 + 1 h of business time: 30 min on Friday, then Thursday 24th.
		{"before", at(18, 16, 30), at(24, 9, 30), at(18, 16, 30).Add(14*24*time.Hour + 72*time.Hour)},
		// Handed off inside it: both clocks start on the 24th at midnight.
		{"inside", at(22, 10, 0), at(24, 10, 0), time.Date(2027, 1, 7, 0, 0, 0, 0, excBerlin)},
		// After it nothing moves.
		{"after", at(28, 10, 0), at(28, 11, 0), time.Date(2027, 1, 11, 10, 0, 0, 0, excBerlin)},
	} {
		k := LeadClocks(Lead{HandedOffAt: c.handoff, Owner: "UREP"}, tg, cal)
		if !k.SpeedAt.Equal(c.speed) || !k.DepthAt.Equal(c.depth) {
			t.Errorf("%s: speed due %s, depth due %s; want %s, %s", c.name, k.SpeedAt.In(excBerlin), k.DepthAt.In(excBerlin), c.speed, c.depth)
		}
	}
	// Holidays keep their own list.
	if len(a.Holidays) != 0 || len(cal.Holidays) != 3 {
		t.Errorf("calendar holidays %v", cal.Holidays)
	}
	if got := a.PausedDays(Month{2026, time.December}); len(got) != 3 || got[0] != 21 {
		t.Errorf("paused days %v", got)
	}
}

func TestValidException(t *testing.T) {
	d := func(day int) Date { return Date{2026, 12, day} }
	if err := ValidException(d(21), d(23), "IT outage"); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		from, to Date
		reason   string
	}{
		{d(23), d(21), "x"},
		{d(1), Date{2027, 1, 15}, "x"}, // 46 days
		{d(21), d(21), "  "},
	} {
		if ValidException(c.from, c.to, c.reason) == nil {
			t.Errorf("%v–%v %q accepted", c.from, c.to, c.reason)
		}
	}
}
