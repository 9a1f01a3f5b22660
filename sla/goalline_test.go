package sla

import (
	"math"
	"testing"
	"time"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }

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
	// The clock is a fraction of the month: whole days passed plus the
	// elapsed part of today. f(d, h) is d whole days and h hours of a 24-hour day.
	f := func(days, hours float64) float64 { return days + hours/24 }
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
			// 9 days 15 h of 30: line 90×9.625/30 = 28.875; pace 25×30/9.625;
			// needed 65 over the 20.375 days left.
			"30-day month, day 10 at 15:00", 90, nov, "2026-11-10T15:00:00Z", time.UTC, 25,
			want{10, false, 28.875, 25 - 28.875, 25 * 30 / 9.625, true, 65 / 20.375, true},
		},
		{
			// the last minute: 3 leads in the minute left.
			"31-day month, last minute", 100, dec, "2026-12-31T23:59:00Z", time.UTC, 97,
			want{31, false, 100 * f(30, 1439.0/60) / 31, 97 - 100*f(30, 1439.0/60)/31, 97 * 31 / f(30, 1439.0/60), true, 3 / (31 - f(30, 1439.0/60)), true},
		},
		{
			// first instant: the line is at 0, no pace yet; 31 over 31 days.
			"day 1 at midnight", 31, dec, "2026-12-01T00:00:00Z", time.UTC, 0,
			want{1, false, 0, 0, 0, false, 1, true},
		},
		{
			// 13.5 of 28 days: line 56×13.5/28 = 27; pace 30×28/13.5; 26 over 14.5 days.
			"February 28 days", 56, feb, "2026-02-14T12:00:00Z", time.UTC, 30,
			want{14, false, 27, 3, 30 * 28 / 13.5, true, 26 / 14.5, true},
		},
		{
			// leap day at 10:00: line 58×28.41667/29; goal met so nothing needed.
			"February 29 days", 58, leap, "2028-02-29T10:00:00Z", time.UTC, 58,
			want{29, false, 58 * f(28, 10) / 29, 58 - 58*f(28, 10)/29, 58 * 29 / f(28, 10), true, 0, true},
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
			// goal 0: line 0; ahead by 3; pace 3×30/9.5.
			"goal zero", 0, nov, "2026-11-10T12:00:00Z", time.UTC, 3,
			want{10, false, 0, 3, 3 * 30 / 9.5, true, 0, true},
		},
		{
			// 03:00Z on Dec 1 is 19:00 Nov 30 in Los Angeles (UTC−8): December has not started.
			"LA still November (Dec)", 62, dec, "2026-12-01T03:00:00Z", la, 0,
			want{0, false, 0, 0, 0, false, 2, true},
		},
		{
			// same instant against November: 29 days 19 h; 60 leads in the 5 h left.
			"LA still November (Nov)", 90, nov, "2026-12-01T03:00:00Z", la, 30,
			want{30, false, 90 * f(29, 19) / 30, 30 - 90*f(29, 19)/30, 30 * 30 / f(29, 19), true, 60 / (30 - f(29, 19)), true},
		},
		{
			// 23:30Z on Nov 30 is 12:30 Dec 1 in Auckland (UTC+13): half of day 1.
			"Auckland already December", 31, dec, "2026-11-30T23:30:00Z", akl, 2,
			want{1, false, f(0, 12.5), 2 - f(0, 12.5), 2 * 31 / f(0, 12.5), true, 29 / (31 - f(0, 12.5)), true},
		},
		{
			// 23:30Z on Dec 15 is 00:30 Dec 16 in Berlin (UTC+1): 15 days 30 min.
			"Berlin after local midnight", 31, dec, "2026-12-15T23:30:00Z", berlin, 10,
			want{16, false, f(15, 0.5), 10 - f(15, 0.5), 10 * 31 / f(15, 0.5), true, 21 / (31 - f(15, 0.5)), true},
		},
		{
			// 25 October 2026 has 25 hours in Berlin: noon is 13 real hours in,
			// 13/25 of the day, so the line is 24 + 0.52 of a 31-lead month.
			"Berlin fall-back day at noon", 31, Month{2026, time.October}, "2026-10-25T11:00:00Z", berlin, 24,
			want{25, false, 24.52, 24 - 24.52, 24 * 31 / 24.52, true, 7 / (31 - 24.52), true},
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
			if got := g.LineNow(); !near(got, tt.want.line) {
				t.Errorf("LineNow = %v, want %v", got, tt.want.line)
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

func TestCumulative(t *testing.T) {
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
		got := GoalLine{Goal: tt.goal, Days: tt.days}.Cumulative()
		if len(got) != len(tt.want) {
			t.Fatalf("Cumulative(%d, %d) = %v, want %v", tt.goal, tt.days, got, tt.want)
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-9 {
				t.Errorf("Cumulative(%d, %d)[%d] = %v, want %v", tt.goal, tt.days, i, got[i], tt.want[i])
			}
		}
	}
}

// TestGoalLineProRata: an agreement set up at noon on 11 December is judged
// on the 20.5 days of the 31 left: goal 62 × 20.5/31 = 41, the line starting
// at the set-up instant.
func TestGoalLineProRata(t *testing.T) {
	dec := Month{2026, time.December}
	start := time.Date(2026, 12, 11, 12, 0, 0, 0, time.UTC)
	now := time.Date(2026, 12, 21, 0, 0, 0, 0, time.UTC) // 20 days passed
	g := NewGoalLineFrom(62, dec, start, now, time.UTC, 15)
	if !g.ProRata() || !near(g.From, 10.5/31) || g.Judged() != 41 || g.Unjudged() {
		t.Fatalf("from %v judged %d", g.From, g.Judged())
	}
	// line 62 × (20 − 10.5)/31 = 19; behind by 4; pace 15 × 20.5/9.5; 26 over 11 days.
	if !near(g.LineNow(), 19) || !near(g.Delta(), -4) {
		t.Errorf("line %v delta %v", g.LineNow(), g.Delta())
	}
	if p, ok := g.Projected(); !ok || !near(p, 15*20.5/9.5) {
		t.Errorf("projected %v %v", p, ok)
	}
	if n, ok := g.NeededPerDay(); !ok || !near(n, 26.0/11) {
		t.Errorf("needed %v %v", n, ok)
	}
	// day-end points: nothing before the set-up, 1 lead by the end of the
	// 11th (half a day of 2 a day), the judged 41 at the end.
	if !near(g.LineAt(10), 0) || !near(g.LineAt(11), 1) || !near(g.LineAt(31), 41) {
		t.Errorf("LineAt 10, 11, 31 = %v, %v, %v", g.LineAt(10), g.LineAt(11), g.LineAt(31))
	}
	// November ended before the agreement existed: nothing to judge.
	nov := NewGoalLineFrom(62, Month{2026, time.November}, start, now, time.UTC, 0)
	if !nov.Unjudged() || nov.Judged() != 0 {
		t.Errorf("November: from %v judged %d", nov.From, nov.Judged())
	}
	// A month the agreement covered whole is judged on its goal.
	jan := NewGoalLineFrom(62, Month{2027, time.January}, start, now, time.UTC, 0)
	if jan.ProRata() || jan.Judged() != 62 {
		t.Errorf("January: from %v judged %d", jan.From, jan.Judged())
	}
}
