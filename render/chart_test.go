package render

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
)

var (
	nov2026 = sla.Month{Year: 2026, Month: time.November} // 30 days
	dec2026 = sla.Month{Year: 2026, Month: time.December} // 31 days
)

// checkPNG decodes the image and checks its size; the bytes themselves are never
// compared (compression changes between Go releases).
func checkPNG(t *testing.T, c Chart) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(c.PNG))
	if err != nil {
		t.Fatalf("decode %s: %v", c.Name, err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 600 {
		t.Errorf("%s is %d×%d, want 1200×600", c.Name, b.Dx(), b.Dy())
	}
	if c.Width != 1200 || c.Height != 600 {
		t.Errorf("%s reports %d×%d, want 1200×600", c.Name, c.Width, c.Height)
	}
}

func checkSeries(t *testing.T, got []Series, want []Series) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d series %v, want %d %v", len(got), names(got), len(want), names(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name {
			t.Errorf("series %d is %q, want %q", i, g.Name, w.Name)
			continue
		}
		if !near(g.X, w.X) || !near(g.Y, w.Y) {
			t.Errorf("series %q:\n got X %v Y %v\nwant X %v Y %v", w.Name, g.X, g.Y, w.X, w.Y)
		}
	}
}

func names(s []Series) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Name)
	}
	return out
}

func near(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			return false
		}
	}
	return true
}

func checkTitle(t *testing.T, title string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(title, w) {
			t.Errorf("title %q does not contain %q", title, w)
		}
	}
}

func days(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i + 1)
	}
	return out
}

func floats(v ...int) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// goalLine is i × goal ÷ days for i = 1..days.
func goalLine(goal, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64((i+1)*goal) / float64(n)
	}
	return out
}

func TestWaterfall(t *testing.T) {
	tests := []struct {
		name   string
		in     WaterfallData
		title  string
		series []Series
	}{
		{
			// Goal 100 over 30 days: the line is at 12 × 100 ÷ 30 = 40 on day 12; 37 − 40 = −3.
			// Y axis: top 100 × 1.1 = 110, step 110 ÷ 6 ≈ 18.3 → 20, so it ends at 120.
			name:  "behind by a whole number",
			in:    filled(WaterfallData{Agreement: "Acme SLA", Month: nov2026, Goal: 100, Days: 30, Today: 12, Actual: []int{2, 5, 9, 12, 14, 14, 14, 20, 24, 29, 33, 37}}),
			title: "Acme SLA · November 2026 · MQLs vs goal of 100: behind by 3 leads on day 12",
			series: []Series{
				{Name: "goal", X: days(30), Y: goalLine(100, 30)},
				{Name: "actual", X: days(12), Y: floats(2, 5, 9, 12, 14, 14, 14, 20, 24, 29, 33, 37)},
				{Name: "today", X: []float64{12, 12}, Y: []float64{0, 120}},
			},
		},
		{
			// December: 12 × 100 ÷ 31 = 38.71; 35 − 38.71 = −3.71 → "3.7".
			name:  "behind by a fraction",
			in:    filled(WaterfallData{Agreement: "Acme SLA", Month: dec2026, Goal: 100, Days: 31, Today: 12, Actual: []int{3, 7, 9, 12, 15, 15, 15, 19, 24, 28, 31, 35}}),
			title: "behind by 3.7 leads on day 12",
			series: []Series{
				{Name: "goal", X: days(31), Y: goalLine(100, 31)},
				{Name: "actual", X: days(12), Y: floats(3, 7, 9, 12, 15, 15, 15, 19, 24, 28, 31, 35)},
				{Name: "today", X: []float64{12, 12}, Y: []float64{0, 120}},
			},
		},
		{
			// 4 × 60 ÷ 30 = 8; 10 − 8 = +2. Y axis: 60 × 1.1 = 66, step 11 → 20, top 80.
			name:  "ahead",
			in:    filled(WaterfallData{Agreement: "Beta", Month: nov2026, Goal: 60, Days: 30, Today: 4, Actual: []int{3, 5, 8, 10}}),
			title: "Beta · November 2026 · MQLs vs goal of 60: ahead by 2 leads on day 4",
			series: []Series{
				{Name: "goal", X: days(30), Y: goalLine(60, 30)},
				{Name: "actual", X: days(4), Y: floats(3, 5, 8, 10)},
				{Name: "today", X: []float64{4, 4}, Y: []float64{0, 80}},
			},
		},
		{
			// 2 × 30 ÷ 30 = 2; 3 − 2 = 1 lead, singular. Y: 33 → step 5.5 → 10, top 40.
			name:  "ahead by one",
			in:    filled(WaterfallData{Agreement: "Beta", Month: nov2026, Goal: 30, Days: 30, Today: 2, Actual: []int{1, 3}}),
			title: "ahead by 1 lead on day 2",
			series: []Series{
				{Name: "goal", X: days(30), Y: goalLine(30, 30)},
				{Name: "actual", X: days(2), Y: floats(1, 3)},
				{Name: "today", X: []float64{2, 2}, Y: []float64{0, 40}},
			},
		},
		{
			// 1 × 32 ÷ 31 = 1.032; 1 − 1.032 rounds to 0.0 → on the line.
			// Y: 35.2 → step 5.9 → 10, top 40.
			name:  "on the line after rounding",
			in:    filled(WaterfallData{Agreement: "Beta", Month: dec2026, Goal: 32, Days: 31, Today: 1, Actual: []int{1}}),
			title: "on the line on day 1",
			series: []Series{
				{Name: "goal", X: days(31), Y: goalLine(32, 31)},
				{Name: "actual", X: days(1), Y: floats(1)},
				{Name: "today", X: []float64{1, 1}, Y: []float64{0, 40}},
			},
		},
		{
			// 31 × 31 ÷ 31 = 31 exactly on the last day. Y: 34.1 → step 5.7 → 10, top 40.
			name:  "month over on the line",
			in:    filled(WaterfallData{Agreement: "Beta", Month: dec2026, Goal: 31, Days: 31, Today: 31, Actual: seqInts(31)}),
			title: "on the line on day 31",
			series: []Series{
				{Name: "goal", X: days(31), Y: goalLine(31, 31)},
				{Name: "actual", X: days(31), Y: days(31)},
				{Name: "today", X: []float64{31, 31}, Y: []float64{0, 40}},
			},
		},
		{
			// No leads at all: 10 × 100 ÷ 30 = 33.3 behind.
			name:  "no leads this month",
			in:    filled(WaterfallData{Agreement: "Acme SLA", Month: nov2026, Goal: 100, Days: 30, Today: 10, Actual: make([]int, 10)}),
			title: "behind by 33.3 leads on day 10",
			series: []Series{
				{Name: "goal", X: days(30), Y: goalLine(100, 30)},
				{Name: "actual", X: days(10), Y: make([]float64, 10)},
				{Name: "today", X: []float64{10, 10}, Y: []float64{0, 120}},
			},
		},
		{
			// Nothing above zero: the axis falls back to 0..5 × 1.1 = 5.5 in steps of 1, top 6.
			name:  "goal of zero and no leads",
			in:    filled(WaterfallData{Agreement: "Acme SLA", Month: nov2026, Goal: 0, Days: 30, Today: 5, Actual: make([]int, 5)}),
			title: "no goal set, 0 MQLs by day 5",
			series: []Series{
				{Name: "goal", X: days(30), Y: make([]float64, 30)},
				{Name: "actual", X: days(5), Y: make([]float64, 5)},
				{Name: "today", X: []float64{5, 5}, Y: []float64{0, 6}},
			},
		},
		{
			name:   "month not started",
			in:     filled(WaterfallData{Agreement: "Acme SLA", Month: dec2026, Goal: 100, Days: 31, Today: 0, Actual: nil}),
			title:  "Acme SLA · December 2026 · MQLs vs goal of 100: month not started",
			series: []Series{{Name: "goal", X: days(31), Y: goalLine(100, 31)}},
		},
		{
			// A one-day span: the goal line is the single point (1, 5); 0 − 5 = −5.
			// Y: 5.5 → step 1, top 6.
			name:  "single day",
			in:    filled(WaterfallData{Agreement: "Acme SLA", Month: dec2026, Goal: 5, Days: 1, Today: 1, Actual: []int{0}}),
			title: "behind by 5 leads on day 1",
			series: []Series{
				{Name: "goal", X: []float64{1}, Y: []float64{5}},
				{Name: "actual", X: []float64{1}, Y: []float64{0}},
				{Name: "today", X: []float64{1, 1}, Y: []float64{0, 6}},
			},
		},
		{
			// The actual can run above the goal: top is max(8, 12) = 12 → 13.2 → step 2.2 → 5, top 15.
			name:  "actual above the whole goal",
			in:    filled(WaterfallData{Agreement: "Acme SLA", Month: nov2026, Goal: 8, Days: 30, Today: 3, Actual: []int{4, 9, 12}}),
			title: "ahead by 11.2 leads on day 3", // 3 × 8 ÷ 30 = 0.8; 12 − 0.8 = 11.2
			series: []Series{
				{Name: "goal", X: days(30), Y: goalLine(8, 30)},
				{Name: "actual", X: days(3), Y: floats(4, 9, 12)},
				{Name: "today", X: []float64{3, 3}, Y: []float64{0, 15}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Waterfall(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, c)
			checkTitle(t, c.Title, tt.in.Agreement, tt.in.Month.Label(), tt.title)
			checkSeries(t, c.Series, tt.series)
			if want := "waterfall-" + tt.in.Month.String() + ".png"; c.Name != want {
				t.Errorf("name %q, want %q", c.Name, want)
			}
		})
	}
}

func seqInts(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// The goal line of the spec's example: 100 leads over 30 days is 40 on day 12.
func TestWaterfallGoalLineDay12(t *testing.T) {
	c, err := Waterfall(filled(WaterfallData{Agreement: "A", Month: nov2026, Goal: 100, Days: 30, Today: 0}))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Series[0].Y[11]; got != 40 {
		t.Errorf("goal line on day 12 = %v, want 40", got)
	}
}

func TestWaterfallRejects(t *testing.T) {
	tests := []struct {
		name string
		in   WaterfallData
	}{
		{"no days", WaterfallData{Goal: 10, Days: 0}},
		{"more days than a year", WaterfallData{Goal: 10, Days: 367}},
		{"negative goal", WaterfallData{Goal: -1, Days: 30}},
		{"today past the month", WaterfallData{Goal: 10, Days: 30, Today: 31, Actual: make([]int, 31)}},
		{"negative today", WaterfallData{Goal: 10, Days: 30, Today: -1}},
		{"too few actuals", WaterfallData{Goal: 10, Days: 30, Today: 3, Actual: []int{1, 2}}},
		{"negative actual", WaterfallData{Goal: 10, Days: 30, Today: 2, Actual: []int{1, -2}}},
		{"goal line of another length", WaterfallData{Goal: 10, Days: 30, Line: make([]float64, 29)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Waterfall(tt.in); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestSpeed(t *testing.T) {
	decWeeks := []WeekBar{
		{Label: "Dec 1–6", Value: 42, Has: true, N: 18},
		{Label: "Dec 7–13", Value: 75, Has: true, N: 21},
		{Label: "Dec 14–20", Value: 38.5, Has: true, N: 14},
		{Label: "Dec 21–27"},
		{Label: "Dec 28–31"},
	}
	tests := []struct {
		name   string
		in     SpeedData
		title  string
		series []Series
	}{
		{
			// Bars at x = 1..3 with the input minutes; weeks 4 and 5 are empty slots,
			// so the target spans 0.5..5.5.
			name:  "three weeks of five",
			in:    SpeedData{Agreement: "Acme SLA", Month: dec2026, Weeks: decWeeks, Target: 60},
			title: "Acme SLA · December 2026 · Speed: average first follow-up per week (target 1h)",
			series: []Series{
				{Name: "average first follow-up", X: []float64{1, 2, 3}, Y: []float64{42, 75, 38.5}},
				{Name: "target", X: []float64{0.5, 5.5}, Y: []float64{60, 60}},
			},
		},
		{
			name:  "no week has data",
			in:    SpeedData{Agreement: "Acme SLA", Month: dec2026, Weeks: []WeekBar{{Label: "Dec 1–6"}, {Label: "Dec 7–13"}}, Target: 90},
			title: "(target 1h 30m)",
			series: []Series{
				{Name: "average first follow-up"},
				{Name: "target", X: []float64{0.5, 2.5}, Y: []float64{90, 90}},
			},
		},
		{
			name:  "single week",
			in:    SpeedData{Agreement: "Acme SLA", Month: dec2026, Weeks: []WeekBar{{Label: "Dec 1–6", Value: 12, Has: true, N: 3}}, Target: 5},
			title: "(target 5m)",
			series: []Series{
				{Name: "average first follow-up", X: []float64{1}, Y: []float64{12}},
				{Name: "target", X: []float64{0.5, 1.5}, Y: []float64{5, 5}},
			},
		},
		{
			// No weeks at all still draws one empty slot.
			name:  "no weeks",
			in:    SpeedData{Agreement: "Acme SLA", Month: dec2026, Target: 60},
			title: "(target 1h)",
			series: []Series{
				{Name: "average first follow-up"},
				{Name: "target", X: []float64{0.5, 1.5}, Y: []float64{60, 60}},
			},
		},
		{
			name:   "no target and a zero average",
			in:     SpeedData{Agreement: "Acme SLA", Month: dec2026, Weeks: []WeekBar{{Label: "Dec 1–6", Value: 0, Has: true, N: 1}}},
			title:  "(no target set)",
			series: []Series{{Name: "average first follow-up", X: []float64{1}, Y: []float64{0}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Speed(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, c)
			checkTitle(t, c.Title, tt.in.Agreement, tt.in.Month.Label(), tt.title)
			checkSeries(t, c.Series, tt.series)
			if c.Name != "speed-2026-12.png" {
				t.Errorf("name %q", c.Name)
			}
		})
	}
}

func TestDepth(t *testing.T) {
	tests := []struct {
		name   string
		in     DepthData
		title  string
		series []Series
	}{
		{
			name: "weeks with and without data",
			in: DepthData{Agreement: "Acme SLA", Month: dec2026, Target: 6, Worked: []int{17, 19, 0}, Weeks: []WeekBar{
				{Label: "Dec 1–6", Value: 6.4, Has: true, N: 9},
				{Label: "Dec 7–13", Value: 4.25, Has: true, N: 12},
				{Label: "Dec 14–20"},
			}},
			title: "Acme SLA · December 2026 · Depth: average attempts on uncontacted leads per week (target 6)",
			series: []Series{
				{Name: "average attempts", X: []float64{1, 2}, Y: []float64{6.4, 4.25}},
				{Name: "target", X: []float64{0.5, 3.5}, Y: []float64{6, 6}},
				{Name: "leads worked", X: []float64{1, 2, 3}, Y: []float64{17, 19, 0}},
			},
		},
		{
			name:  "no week has data",
			in:    DepthData{Agreement: "Acme SLA", Month: dec2026, Target: 5, Worked: []int{0}, Weeks: []WeekBar{{Label: "Dec 1–6"}}},
			title: "(target 5)",
			series: []Series{
				{Name: "average attempts"},
				{Name: "target", X: []float64{0.5, 1.5}, Y: []float64{5, 5}},
				{Name: "leads worked", X: []float64{1}, Y: []float64{0}},
			},
		},
		{
			name:  "no weeks and no target",
			in:    DepthData{Agreement: "Acme SLA", Month: dec2026},
			title: "(no target set)",
			series: []Series{
				{Name: "average attempts"},
				{Name: "leads worked"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Depth(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, c)
			checkTitle(t, c.Title, tt.in.Agreement, tt.in.Month.Label(), tt.title)
			checkSeries(t, c.Series, tt.series)
			if c.Name != "depth-2026-12.png" {
				t.Errorf("name %q", c.Name)
			}
		})
	}
}

func TestBarsReject(t *testing.T) {
	week := func(v float64) []WeekBar { return []WeekBar{{Label: "w", Value: v, Has: true}} }
	if _, err := Speed(SpeedData{Weeks: week(-1), Target: 60}); err == nil {
		t.Error("speed: negative minutes accepted")
	}
	if _, err := Speed(SpeedData{Weeks: week(math.NaN()), Target: 60}); err == nil {
		t.Error("speed: NaN accepted")
	}
	if _, err := Speed(SpeedData{Weeks: week(1), Target: math.Inf(1)}); err == nil {
		t.Error("speed: infinite target accepted")
	}
	if _, err := Depth(DepthData{Weeks: week(1), Worked: nil, Target: 6}); err == nil {
		t.Error("depth: worked counts of the wrong length accepted")
	}
	if _, err := Depth(DepthData{Weeks: week(1), Worked: []int{1}, Target: -6}); err == nil {
		t.Error("depth: negative target accepted")
	}
}

// TestWriteExamples writes a realistic set of charts for a person to look at:
// SLABOT_CHART_DIR=/tmp/slabot-charts go test ./render -run WriteExamples
func TestWriteExamples(t *testing.T) {
	dir := os.Getenv("SLABOT_CHART_DIR")
	if dir == "" {
		t.Skip("SLABOT_CHART_DIR not set")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	weeks := func(values []float64, n []int) []WeekBar {
		labels := []string{"Dec 1–6", "Dec 7–13", "Dec 14–20", "Dec 21–27", "Dec 28–31"}
		out := make([]WeekBar, len(labels))
		for i := range labels {
			out[i] = WeekBar{Label: labels[i]}
			if i < len(values) {
				out[i] = WeekBar{Label: labels[i], Value: values[i], Has: true, N: n[i]}
			}
		}
		return out
	}
	var charts []Chart
	c, err := Waterfall(WaterfallData{
		Agreement: "Acme Sales & Marketing SLA", Month: dec2026, Goal: 100, Days: 31, Today: 19,
		Actual: []int{3, 7, 9, 12, 15, 15, 15, 19, 24, 28, 31, 35, 35, 35, 39, 44, 48, 52, 55},
	})
	if err != nil {
		t.Fatal(err)
	}
	charts = append(charts, c)
	c, err = Speed(SpeedData{
		Agreement: "Acme Sales & Marketing SLA", Month: dec2026, Target: 60,
		Weeks: weeks([]float64{42, 75, 38.5}, []int{18, 21, 14}),
	})
	if err != nil {
		t.Fatal(err)
	}
	charts = append(charts, c)
	c, err = Depth(DepthData{
		Agreement: "Acme Sales & Marketing SLA", Month: dec2026, Target: 6,
		Weeks:  weeks([]float64{6.4, 4.2, 2.1}, []int{9, 12, 10}),
		Worked: []int{17, 19, 12, 0, 0},
	})
	if err != nil {
		t.Fatal(err)
	}
	charts = append(charts, c)
	for _, c := range charts {
		if err := os.WriteFile(filepath.Join(dir, c.Name), c.PNG, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// filled gives test data the goal line a whole month has, read at the end
// of its Today (the day-end point, d × goal ÷ days).
func filled(d WaterfallData) WaterfallData {
	g := sla.GoalLine{Goal: d.Goal, Days: d.Days}
	d.Line = g.Cumulative()
	d.LineNow = g.LineAt(d.Today)
	return d
}
