package sla

import (
	"math"
	"testing"
	"time"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func TestGoalLine(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	akl := mustLoad(t, "Pacific/Auckland")
	berlin := mustLoad(t, "Europe/Berlin")
	nov := Month{2026, time.November} // 30 days
	dec := Month{2026, time.December} // 31 days
	feb := Month{2026, time.February} // 28 days
	leap := Month{2028, time.February}

	type want struct {
		day       int
		over      bool
		line      float64
		delta     float64
		projected float64
		projOK    bool
		needed    float64
		neededOK  bool
	}
	tests := []struct {
		name   string
		goal   int
		m      Month
		now    string // RFC 3339
		loc    *time.Location
		actual int
		want   want
	}{
		{
			// line 10×90/30 = 30; delta 25−30 = −5; pace 25×30/10 = 75;
			// needed (90−25)/(30−10+1) = 65/21.
			"30-day month, day 10", 90, nov, "2026-11-10T15:00:00Z", time.UTC, 25,
			want{10, false, 30, -5, 75, true, 65.0 / 21, true},
		},
		{
			// last day still running: line 100; needed 3/(31−31+1) = 3.
			"31-day month, last day", 100, dec, "2026-12-31T23:59:00Z", time.UTC, 97,
			want{31, false, 100, -3, 97, true, 3, true},
		},
		{
			// first instant: line 1×31/31 = 1; needed 31/31 = 1.
			"day 1 at midnight", 31, dec, "2026-12-01T00:00:00Z", time.UTC, 0,
			want{1, false, 1, -1, 0, true, 1, true},
		},
		{
			// line 14×56/28 = 28; pace 30×28/14 = 60; needed (56−30)/(28−14+1) = 26/15.
			"February 28 days", 56, feb, "2026-02-14T12:00:00Z", time.UTC, 30,
			want{14, false, 28, 2, 60, true, 26.0 / 15, true},
		},
		{
			// leap day: line 58; goal met so nothing needed.
			"February 29 days", 58, leap, "2028-02-29T10:00:00Z", time.UTC, 58,
			want{29, false, 58, 0, 58, true, 0, true},
		},
		{
			// not started: no pace; needed 62 over all 31 days = 2.
			"before the month", 62, dec, "2026-11-20T09:00:00Z", time.UTC, 0,
			want{0, false, 0, 0, 0, false, 2, true},
		},
		{
			// over: line is the goal; pace 80×30/30 = 80; nothing can still be done.
			"after the month", 90, nov, "2026-12-03T09:00:00Z", time.UTC, 80,
			want{30, true, 90, -10, 80, true, 0, false},
		},
		{
			// first instant of the next month counts as over.
			"exactly at month end", 90, nov, "2026-12-01T00:00:00Z", time.UTC, 90,
			want{30, true, 90, 0, 90, true, 0, false},
		},
		{
			// goal 0: line 0; ahead by 3; pace 3×30/10 = 9.
			"goal zero", 0, nov, "2026-11-10T12:00:00Z", time.UTC, 3,
			want{10, false, 0, 3, 9, true, 0, true},
		},
		{
			// 03:00Z on Dec 1 is 19:00 Nov 30 in Los Angeles (UTC−8): December has not started.
			"LA still November (Dec)", 62, dec, "2026-12-01T03:00:00Z", la, 0,
			want{0, false, 0, 0, 0, false, 2, true},
		},
		{
			// same instant against November: its last day, still running; needed 60/1.
			"LA still November (Nov)", 90, nov, "2026-12-01T03:00:00Z", la, 30,
			want{30, false, 90, -60, 30, true, 60, true},
		},
		{
			// 23:30Z on Nov 30 is 12:30 Dec 1 in Auckland (UTC+13): day 1 of December.
			"Auckland already December", 31, dec, "2026-11-30T23:30:00Z", akl, 2,
			want{1, false, 1, 1, 62, true, 29.0 / 31, true},
		},
		{
			// 23:30Z on Dec 15 is 00:30 Dec 16 in Berlin (UTC+1): line 16×31/31 = 16.
			"Berlin after local midnight", 31, dec, "2026-12-15T23:30:00Z", berlin, 10,
			want{16, false, 16, -6, 10 * 31.0 / 16, true, 21.0 / 16, true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			g := NewGoalLine(tt.goal, tt.m, now, tt.loc, tt.actual)
			if g.Goal != tt.goal || g.Actual != tt.actual || g.Days != tt.m.Days() {
				t.Errorf("fields %+v", g)
			}
			if g.Day != tt.want.day || g.Over != tt.want.over {
				t.Errorf("Day, Over = %d, %v; want %d, %v", g.Day, g.Over, tt.want.day, tt.want.over)
			}
			if got := g.LineToday(); !near(got, tt.want.line) {
				t.Errorf("LineToday = %v, want %v", got, tt.want.line)
			}
			if got := g.Delta(); !near(got, tt.want.delta) {
				t.Errorf("Delta = %v, want %v", got, tt.want.delta)
			}
			if got, ok := g.Projected(); ok != tt.want.projOK || !near(got, tt.want.projected) {
				t.Errorf("Projected = %v, %v; want %v, %v", got, ok, tt.want.projected, tt.want.projOK)
			}
			if got, ok := g.NeededPerDay(); ok != tt.want.neededOK || !near(got, tt.want.needed) {
				t.Errorf("NeededPerDay = %v, %v; want %v, %v", got, ok, tt.want.needed, tt.want.neededOK)
			}
		})
	}
}

func TestGoalLineLineAt(t *testing.T) {
	g := GoalLine{Goal: 100, Days: 30}
	tests := []struct {
		day  int
		want float64
	}{
		{-1, 0},           // clamped to 0
		{0, 0},            //
		{1, 3.3333333333}, // 100/30
		{15, 50},          // 15×100/30
		{29, 96.666666666},
		{30, 100},
		{31, 100}, // clamped to the last day
	}
	for _, tt := range tests {
		if got := g.LineAt(tt.day); math.Abs(got-tt.want) > 1e-6 {
			t.Errorf("LineAt(%d) = %v, want %v", tt.day, got, tt.want)
		}
	}
	if got := (GoalLine{}).LineAt(5); got != 0 {
		t.Errorf("zero GoalLine LineAt(5) = %v, want 0", got)
	}
	if _, ok := (GoalLine{}).NeededPerDay(); ok {
		t.Error("zero GoalLine NeededPerDay ok, want false")
	}
}

func TestCumulativeGoal(t *testing.T) {
	tests := []struct {
		goal, days int
		want       []float64
	}{
		{100, 4, []float64{25, 50, 75, 100}},
		{10, 4, []float64{2.5, 5, 7.5, 10}},
		{1, 3, []float64{0.3333333333, 0.6666666667, 1}},
		{0, 3, []float64{0, 0, 0}},
		{10, 0, nil},
	}
	for _, tt := range tests {
		got := CumulativeGoal(tt.goal, tt.days)
		if len(got) != len(tt.want) {
			t.Fatalf("CumulativeGoal(%d, %d) = %v, want %v", tt.goal, tt.days, got, tt.want)
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-9 {
				t.Errorf("CumulativeGoal(%d, %d)[%d] = %v, want %v", tt.goal, tt.days, i, got[i], tt.want[i])
			}
		}
	}
	// The last element is the goal itself for a real month: 31 × 100 ÷ 31.
	if got := CumulativeGoal(100, 31); got[30] != 100 {
		t.Errorf("CumulativeGoal(100, 31)[30] = %v, want 100", got[30])
	}
}
