package sla

import (
	"testing"
	"time"
)

// TestScorecards: December 2026 in UTC, speed target 1 h, depth 6 within
// 14 days, now Thu 31 Dec 12:00, so leads handed off before Thu 17 Dec
// 12:00 are mature.
//
// Rep A: week 1–6 Dec: 30 min (within) and 2 h (not); week 7–13 Dec: 10 min
// (within). Judged 3, within 2 → 66.6666 %. Speeds 10m, 30m, 2h: median 30m.
// Best week 7–13 (1/1), worst 1–6 (1/2). Depth: all three mature and not
// contacted, attempts 1+2+3 = 6 over 3 = 2.0. One strike.
// Rep B: one lead handed off 31 Dec 11:30 with no attempt and due 12:30:
// not judged yet (n/a), in its window; one handed off 1 Dec, breached
// unworked (due passed): judged, not within → 0 %, mature with 0 attempts.
func TestScorecards(t *testing.T) {
	at := func(s string) time.Time { return mustTime(t, s) }
	lead := func(owner, ho string, speed time.Duration, attempts int) Lead {
		l := Lead{Owner: owner, HandedOffAt: at(ho), SpeedSecs: -1, Attempts: attempts}
		if speed > 0 {
			l.FirstAttemptAt, l.SpeedSecs = l.HandedOffAt.Add(speed), int64(speed/time.Second)
		} else {
			l.SpeedDueAt = l.HandedOffAt.Add(time.Hour)
		}
		return l
	}
	leads := []Lead{
		lead("A", "2026-12-01T09:00:00Z", 30*time.Minute, 1),
		lead("A", "2026-12-02T09:00:00Z", 2*time.Hour, 2),
		lead("A", "2026-12-08T09:00:00Z", 10*time.Minute, 3),
		lead("B", "2026-12-31T11:30:00Z", 0, 0),
		lead("B", "2026-12-01T10:00:00Z", 0, 0),
		lead("A", "2026-11-30T09:00:00Z", time.Minute, 1), // November: not counted
	}
	// Moved to A on Tue 15 Dec 10:00 (handed off to someone Mon 14 Dec 09:00),
	// attempted 10:40: A's speed is 40 min from the move, not a day from the
	// hand-off (24x7). Judged 4, within 3 → 75 %; speeds 10m, 30m, 40m, 2h:
	// median (30m + 40m) ÷ 2 = 35m.
	moved := lead("A", "2026-12-14T09:00:00Z", 25*time.Hour+40*time.Minute, 1)
	moved.AssignedAt = at("2026-12-15T10:00:00Z")
	leads = append(leads, moved)
	cal := Calendar{Hours: AlwaysOpen, Loc: time.UTC}
	cards := Scorecards(leads, DefaultTargets, cal, map[string]int{"A": 1, "C": 2}, Month{2026, time.December}, at("2026-12-31T12:00:00Z"))
	if len(cards) != 3 {
		t.Fatalf("%d cards, want A, B and C (strikes only)", len(cards))
	}
	a, b, c := cards[0], cards[1], cards[2]
	if a.Rep != "A" || a.HandedOff != 4 || a.Judged != 4 || a.WithinTarget != 3 || a.Strikes != 1 {
		t.Fatalf("A = %+v", a)
	}
	if r, ok := a.WithinShare(); !ok || r != 750000 {
		t.Fatalf("A within %v %v, want 750000 ppm", r, ok)
	}
	if a.Speed.Median != 35*time.Minute || a.Speed.N != 4 {
		t.Fatalf("A speed %+v", a.Speed)
	}
	// Mature (before 17 Dec 12:00): all four, attempts 1+2+3+1 = 7 over 4 = 1.75.
	if avg, ok := a.Depth.AvgAttempts(); !ok || avg != 1.75 || a.Depth.Uncontacted != 4 {
		t.Fatalf("A depth %+v", a.Depth)
	}
	// Weeks: 1–6 Dec 1 of 2, 7–13 Dec 1 of 1, 14–20 Dec 1 of 1: best the
	// first 100 % week (7–13), worst 1–6.
	best, worst, ok := a.BestWorst()
	if !ok || best.Week != 1 || worst.Week != 0 {
		t.Fatalf("A best %+v worst %+v", best, worst)
	}
	if b.HandedOff != 2 || b.Judged != 1 || b.WithinTarget != 0 || b.Depth.InWindow != 1 || b.Depth.Uncontacted != 1 {
		t.Fatalf("B = %+v", b)
	}
	if r, ok := b.WithinShare(); !ok || r != 0 {
		t.Fatalf("B within %v %v, want 0", r, ok)
	}
	if _, ok := c.WithinShare(); ok || c.Strikes != 2 || c.HandedOff != 0 {
		t.Fatalf("C = %+v, want n/a with 2 strikes", c)
	}
	if _, _, ok := c.BestWorst(); ok {
		t.Fatal("C has a best week with nothing judged")
	}
}
