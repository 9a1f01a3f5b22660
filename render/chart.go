package render

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/slabot/slabot/sla"
)

// Chart sizes; Slack previews downscale, so render large enough to stay legible.
const (
	chartWidth  = 1200
	chartHeight = 600
)

// WaterfallData is the input of the waterfall chart (docs/design.md, Goal line).
type WaterfallData struct {
	Agreement string
	Month     sla.Month
	Goal      int       // the goal the month is judged on (pro rata for a month the agreement began in)
	Line      []float64 // the cumulative goal at the end of each day 1..Days
	LineNow   float64   // the goal line at the chart's instant (it rises through the day)
	ProRata   bool      // the agreement began during the month
	Days      int
	Today     int   // day of month of today; 0 = month not started, Days = month over
	Actual    []int // cumulative actual MQLs at the end of each day 1..Today; len == Today
	// Period, when set, is the quarter or year the chart spans instead of
	// Month: days are counted from its first (docs/design.md, Periods).
	Period sla.Period
}

// spanOf names what a chart covers: the period when set, else the month.
func spanOf(m sla.Month, p sla.Period) (label, slug string) {
	if !p.From.IsZero() {
		return p.Label(), p.String()
	}
	return m.Label(), m.String()
}

// WeekBar is one week of a speed or depth chart.
type WeekBar struct {
	Label string // e.g. "Dec 1–7"
	Value float64
	Has   bool   // false = no data that week, drawn as an empty slot
	N     int    // sample size, shown in the label
	Empty string // what an empty slot says; default "no data"
}

// SpeedData is the input of the speed chart (docs/design.md, Speed and depth).
type SpeedData struct {
	Agreement string
	Month     sla.Month
	Weeks     []WeekBar  // Value = average first follow-up in minutes
	Target    float64    // minutes; 0 = no target set
	Period    sla.Period // when set, the bars are its months, not weeks
}

// DepthData is the input of the depth chart (docs/design.md, Speed and depth).
type DepthData struct {
	Agreement string
	Month     sla.Month
	Weeks     []WeekBar  // Value = average attempts on uncontacted leads
	Worked    []int      // leads worked per week, same length as Weeks
	Target    float64    // attempts; 0 = no target set
	Period    sla.Period // when set, the bars are its months, not weeks
}

// Chart is a rendered PNG with the data it was drawn from.
type Chart struct {
	Name          string // file name, e.g. "waterfall-2026-12.png"
	Title         string
	PNG           []byte
	Width, Height int
	Series        []Series
}

// Series is exactly the values drawn, so tests can check them without decoding pixels.
type Series struct {
	Name string
	X    []float64
	Y    []float64
}

var (
	colorActual = drawing.ColorFromHex("1f77b4")
	colorGoal   = drawing.ColorFromHex("7f7f7f")
	colorToday  = drawing.ColorFromHex("9467bd")
	colorTarget = drawing.ColorFromHex("d62728")
	colorMet    = drawing.ColorFromHex("2ca02c")
	colorMissed = drawing.ColorFromHex("ff7f0e")
	colorText   = drawing.ColorFromHex("333333")
	colorMuted  = drawing.ColorFromHex("999999")
	colorGrid   = drawing.ColorFromHex("e5e5e5")
	colorAxis   = drawing.ColorFromHex("888888")
)

var (
	fontOnce sync.Once
	fontVal  *truetype.Font
	fontErr  error
)

// chartFont loads the embedded Roboto once; go-chart's own lazy load is not
// safe for concurrent first use.
func chartFont() (*truetype.Font, error) {
	fontOnce.Do(func() { fontVal, fontErr = chart.GetDefaultFont() })
	return fontVal, fontErr
}

// Waterfall draws the cumulative goal line against cumulative actual MQLs.
func Waterfall(d WaterfallData) (Chart, error) {
	switch {
	case d.Days < 1 || d.Days > 366:
		return Chart{}, fmt.Errorf("waterfall chart: month of %d days", d.Days)
	case d.Goal < 0:
		return Chart{}, fmt.Errorf("waterfall chart: negative goal %d", d.Goal)
	case d.Today < 0 || d.Today > d.Days:
		return Chart{}, fmt.Errorf("waterfall chart: day %d outside 0..%d", d.Today, d.Days)
	case len(d.Actual) != d.Today:
		return Chart{}, fmt.Errorf("waterfall chart: %d actual values for day %d", len(d.Actual), d.Today)
	}
	top := float64(d.Goal)
	for i, a := range d.Actual {
		if a < 0 {
			return Chart{}, fmt.Errorf("waterfall chart: negative actual %d on day %d", a, i+1)
		}
		top = math.Max(top, float64(a))
	}

	goal := Series{Name: "goal", Y: d.Line}
	if len(goal.Y) != d.Days {
		return Chart{}, fmt.Errorf("waterfall chart: %d goal points for %d days", len(goal.Y), d.Days)
	}
	for day := 1; day <= d.Days; day++ {
		goal.X = append(goal.X, float64(day))
	}
	yTicks := valueTicks(top, 1)
	yTop := yTicks[len(yTicks)-1].Value

	goalStyle := chart.Style{StrokeColor: colorGoal, StrokeWidth: 2, StrokeDashArray: []float64{8, 5}}
	if d.Days == 1 {
		// A one-point line draws nothing; a dot keeps it visible.
		goalStyle.DotColor, goalStyle.DotWidth = colorGoal, 4
	}
	out := []Series{goal}
	drawn := []chart.Series{chart.ContinuousSeries{Name: "goal", Style: goalStyle, XValues: goal.X, YValues: goal.Y}}
	legend := []legendItem{{label: fmt.Sprintf("cumulative goal (%d by day %d)", d.Goal, d.Days), style: goalStyle}}
	if d.ProRata {
		legend[0].label = fmt.Sprintf("cumulative goal, pro rata from set-up (%d by day %d)", d.Goal, d.Days)
	}

	if d.Today > 0 {
		actual := Series{Name: "actual"}
		for i, a := range d.Actual {
			actual.X = append(actual.X, float64(i+1))
			actual.Y = append(actual.Y, float64(a))
		}
		today := Series{Name: "today", X: []float64{float64(d.Today), float64(d.Today)}, Y: []float64{0, yTop}}
		actualStyle := chart.Style{StrokeColor: colorActual, StrokeWidth: 3, DotColor: colorActual, DotWidth: 3}
		todayStyle := chart.Style{StrokeColor: colorToday, StrokeWidth: 1.5, StrokeDashArray: []float64{3, 3}}
		now := d.Actual[d.Today-1]
		label := fmt.Sprintf("day %d: %d MQLs, goal line %s", d.Today, now, sla.FormatCount(goal.Y[d.Today-1]))
		out = append(out, actual, today)
		drawn = append(drawn,
			chart.ContinuousSeries{Name: "actual", Style: actualStyle, XValues: actual.X, YValues: actual.Y},
			vline{name: "today", x: float64(d.Today), label: label, style: todayStyle},
		)
		legend = append(legend,
			legendItem{label: fmt.Sprintf("actual MQLs (%d by day %d)", now, d.Today), style: actualStyle},
			legendItem{label: todayLabel(d.Today, d.Days), style: todayStyle},
		)
	}

	span, slug := spanOf(d.Month, d.Period)
	title := fmt.Sprintf("%s · %s · MQLs vs goal of %d: %s", d.Agreement, span, d.Goal, waterfallStatus(d))
	xTicks := []chart.Tick{{Value: 0}}
	every := (d.Days + 30) / 31 // label every day of a real month; thin out longer spans
	for day := 1; day <= d.Days; day++ {
		t := chart.Tick{Value: float64(day)}
		if day%every == 0 || day == 1 {
			t.Label = strconv.Itoa(day)
		}
		xTicks = append(xTicks, t)
	}
	c := baseChart(drawn, 10)
	c.XAxis = chart.XAxis{
		Name:      "day of " + span,
		NameStyle: chart.Style{FontSize: 12, FontColor: colorText},
		Style:     axisStyle(),
		Ticks:     xTicks,
	}
	c.YAxis = yAxis("cumulative MQLs", yTicks)
	png, err := draw(c, title, legend)
	if err != nil {
		return Chart{}, fmt.Errorf("waterfall chart: %w", err)
	}
	return Chart{
		Name: "waterfall-" + slug + ".png", Title: title, PNG: png,
		Width: chartWidth, Height: chartHeight, Series: out,
	}, nil
}

// waterfallStatus says where the actual stands against the goal line today,
// to one decimal, with the same figures and rounding as the status message.
func waterfallStatus(d WaterfallData) string {
	if d.Today == 0 {
		return "month not started"
	}
	if d.Goal == 0 {
		return fmt.Sprintf("no goal set, %d MQLs by day %d", d.Actual[d.Today-1], d.Today)
	}
	delta := float64(d.Actual[d.Today-1]) - d.LineNow
	by := sla.FormatCount(math.Abs(delta))
	switch {
	case by == "0":
		return fmt.Sprintf("on the line on day %d", d.Today)
	case delta > 0:
		return fmt.Sprintf("ahead by %s on day %d", leads(by), d.Today)
	default:
		return fmt.Sprintf("behind by %s on day %d", leads(by), d.Today)
	}
}

func leads(n string) string {
	if n == "1" {
		return "1 lead"
	}
	return n + " leads"
}

func todayLabel(today, days int) string {
	if today == days {
		// Today == Days is both the last day and a closed month; "month end" fits either.
		return fmt.Sprintf("day %d (month end)", today)
	}
	return fmt.Sprintf("today (day %d)", today)
}

// Speed draws the weekly average first follow-up against the speed target.
func Speed(d SpeedData) (Chart, error) {
	if err := checkWeeks(d.Weeks, d.Target); err != nil {
		return Chart{}, fmt.Errorf("speed chart: %w", err)
	}
	subtitle := "no target set"
	if d.Target > 0 {
		subtitle = "target " + formatMinutes(d.Target)
	}
	span, slug := spanOf(d.Month, d.Period)
	per := "week"
	if !d.Period.From.IsZero() {
		per = "month"
	}
	title := fmt.Sprintf("%s · %s · Speed: average first follow-up per %s (%s)", d.Agreement, span, per, subtitle)
	b := barChart{
		weeks:    d.Weeks,
		target:   d.Target,
		met:      func(v float64) bool { return v <= d.Target },
		value:    formatMinutes,
		barName:  "average first follow-up",
		metName:  "average within target",
		missName: "average over target",
		yName:    "time to first follow-up (business time)",
		minStep:  1,
		ticks:    minuteTicks,
	}
	for _, w := range d.Weeks {
		b.extra = append(b.extra, []string{fmt.Sprintf("n = %d", w.N)})
	}
	c, err := b.render(title)
	if err != nil {
		return Chart{}, fmt.Errorf("speed chart: %w", err)
	}
	c.Name = "speed-" + slug + ".png"
	return c, nil
}

// Depth draws the weekly average attempts on uncontacted leads against the depth target.
func Depth(d DepthData) (Chart, error) {
	if len(d.Worked) != len(d.Weeks) {
		return Chart{}, fmt.Errorf("depth chart: %d worked counts for %d weeks", len(d.Worked), len(d.Weeks))
	}
	if err := checkWeeks(d.Weeks, d.Target); err != nil {
		return Chart{}, fmt.Errorf("depth chart: %w", err)
	}
	subtitle := "no target set"
	if d.Target > 0 {
		subtitle = "target " + sla.FormatCount(d.Target)
	}
	span, slug := spanOf(d.Month, d.Period)
	per := "week"
	if !d.Period.From.IsZero() {
		per = "month"
	}
	title := fmt.Sprintf("%s · %s · Depth: average attempts on uncontacted leads per %s (%s)", d.Agreement, span, per, subtitle)
	b := barChart{
		weeks:    d.Weeks,
		target:   d.Target,
		met:      func(v float64) bool { return v >= d.Target },
		value:    sla.FormatCount,
		barName:  "average attempts",
		metName:  "average meets target",
		missName: "average below target",
		yName:    "attempts per uncontacted lead",
		minStep:  1,
	}
	worked := Series{Name: "leads worked"}
	for i, w := range d.Weeks {
		b.extra = append(b.extra, []string{fmt.Sprintf("leads worked %d", d.Worked[i]), fmt.Sprintf("n = %d", w.N)})
		worked.X = append(worked.X, float64(i+1))
		worked.Y = append(worked.Y, float64(d.Worked[i]))
	}
	c, err := b.render(title)
	if err != nil {
		return Chart{}, fmt.Errorf("depth chart: %w", err)
	}
	c.Name = "depth-" + slug + ".png"
	c.Series = append(c.Series, worked)
	return c, nil
}

func checkWeeks(weeks []WeekBar, target float64) error {
	if target < 0 || math.IsNaN(target) || math.IsInf(target, 0) {
		return fmt.Errorf("target %v", target)
	}
	for _, w := range weeks {
		if w.Has && (w.Value < 0 || math.IsNaN(w.Value) || math.IsInf(w.Value, 0)) {
			return fmt.Errorf("week %q: value %v", w.Label, w.Value)
		}
	}
	return nil
}

// barChart is what the speed and depth charts share: one slot per week at x = 1..n,
// bars coloured by whether they meet the target, and a dashed target line.
type barChart struct {
	weeks    []WeekBar
	extra    [][]string // label lines under each week's name
	target   float64    // 0 = none
	met      func(float64) bool
	value    func(float64) string
	barName  string
	metName  string
	missName string
	yName    string
	minStep  float64
	ticks    func(top float64) []chart.Tick // nil: valueTicks
}

func (b barChart) render(title string) (Chart, error) {
	slots := max(len(b.weeks), 1) // an empty month still gets one "no data" slot
	top := b.target
	drawnBars := Series{Name: b.barName}
	for i, w := range b.weeks {
		if w.Has {
			drawnBars.X = append(drawnBars.X, float64(i+1))
			drawnBars.Y = append(drawnBars.Y, w.Value)
			top = math.Max(top, w.Value)
		}
	}
	out := []Series{drawnBars}
	yTicks := valueTicks(top, b.minStep)
	if b.ticks != nil {
		yTicks = b.ticks(top)
	}

	bs := bars{weeks: b.weeks, extra: b.extra, value: b.value}
	for _, w := range b.weeks {
		c := colorActual
		if b.target > 0 {
			c = colorMissed
			if b.met(w.Value) {
				c = colorMet
			}
		}
		bs.colors = append(bs.colors, c)
	}
	drawn := []chart.Series{bs}
	var legend []legendItem
	if b.target > 0 {
		legend = append(legend,
			legendItem{label: b.metName, style: chart.Style{FillColor: colorMet}, box: true},
			legendItem{label: b.missName, style: chart.Style{FillColor: colorMissed}, box: true},
		)
		targetStyle := chart.Style{StrokeColor: colorTarget, StrokeWidth: 2, StrokeDashArray: []float64{8, 5}}
		label := "target " + b.value(b.target)
		drawn = append(drawn, hline{name: "target", y: b.target, label: label, style: targetStyle})
		legend = append(legend, legendItem{label: label, style: targetStyle})
		out = append(out, Series{
			Name: "target",
			X:    []float64{0.5, float64(slots) + 0.5},
			Y:    []float64{b.target, b.target},
		})
	} else {
		legend = append(legend, legendItem{label: b.barName, style: chart.Style{FillColor: colorActual}, box: true})
	}

	// Ticks on the slot boundaries draw separators and pin the range to [0.5, n+0.5];
	// the week names are drawn by the bars series, which knows how many lines they take.
	var xTicks []chart.Tick
	for i := 0; i <= slots; i++ {
		xTicks = append(xTicks, chart.Tick{Value: float64(i) + 0.5})
	}
	c := baseChart(drawn, 90)
	c.XAxis = chart.XAxis{Style: axisStyle(), Ticks: xTicks}
	c.YAxis = yAxis(b.yName, yTicks)
	png, err := draw(c, title, legend)
	if err != nil {
		return Chart{}, err
	}
	return Chart{Title: title, PNG: png, Width: chartWidth, Height: chartHeight, Series: out}, nil
}

func baseChart(series []chart.Series, bottom int) chart.Chart {
	return chart.Chart{
		Width:  chartWidth,
		Height: chartHeight,
		Background: chart.Style{
			FillColor: drawing.ColorWhite,
			Padding:   chart.Box{Top: 80, Left: 30, Right: 20, Bottom: bottom, IsSet: true},
		},
		Series: series,
	}
}

func axisStyle() chart.Style {
	return chart.Style{FontSize: 11, FontColor: colorText, StrokeColor: colorAxis, StrokeWidth: 1}
}

func yAxis(name string, ticks []chart.Tick) chart.YAxis {
	grid := chart.Style{StrokeColor: colorGrid, StrokeWidth: 1}
	return chart.YAxis{
		Name:           name,
		NameStyle:      chart.Style{FontSize: 12, FontColor: colorText},
		Style:          axisStyle(),
		Ticks:          ticks,
		GridMajorStyle: grid,
		GridMinorStyle: grid,
	}
}

// draw renders c to PNG with the title and a one-row legend above the plot.
func draw(c chart.Chart, title string, legend []legendItem) ([]byte, error) {
	font, err := chartFont()
	if err != nil {
		return nil, err
	}
	c.Font = font
	c.Elements = append(c.Elements, header(title, legend, font))
	var buf bytes.Buffer
	if err := c.Render(chart.PNG, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// valueTicks runs from 0 to a round number about 10% above top (room for the labels
// drawn over bars and lines), in steps of 1, 2 or 5 × 10^k, never below minStep.
// A zero max still gets a range, since go-chart cannot draw an empty one.
func valueTicks(top, minStep float64) []chart.Tick {
	if top <= 0 {
		top = 5 * minStep
	}
	want := top * 1.1
	step := math.Max(niceStep(want/6), minStep)
	n := int(math.Ceil(want/step - 1e-9))
	ticks := make([]chart.Tick, 0, n+1)
	for i := 0; i <= n; i++ {
		v := float64(i) * step
		ticks = append(ticks, chart.Tick{Value: v, Label: sla.FormatCount(v)})
	}
	return ticks
}

// minuteTicks are ticks for an axis of minutes at steps a person reads as
// times (5m, 15m, 30m, 1h, 2h, 4h…), labelled like the bars: "1h 30m".
func minuteTicks(top float64) []chart.Tick {
	if top <= 0 {
		top = 60
	}
	want := top * 1.1
	step := 5.0
	for _, s := range []float64{5, 10, 15, 30, 60, 120, 240, 480, 960, 1440, 2880} {
		step = s
		if want/s <= 6 {
			break
		}
	}
	for want/step > 6 {
		step *= 2
	}
	n := int(math.Ceil(want/step - 1e-9))
	ticks := make([]chart.Tick, 0, n+1)
	for i := 0; i <= n; i++ {
		v := float64(i) * step
		label := formatMinutes(v)
		if v == 0 {
			label = "0"
		}
		ticks = append(ticks, chart.Tick{Value: v, Label: label})
	}
	return ticks
}

func niceStep(rough float64) float64 {
	base := math.Pow(10, math.Floor(math.Log10(rough)))
	switch f := rough / base; {
	case f <= 1:
		return base
	case f <= 2:
		return 2 * base
	case f <= 5:
		return 5 * base
	default:
		return 10 * base
	}
}

// formatMinutes prints minutes as the status message prints durations: "42m", "1h 05m".
func formatMinutes(m float64) string {
	return sla.FormatDuration(time.Duration(math.Round(m * float64(time.Minute))))
}

type legendItem struct {
	label string
	style chart.Style
	box   bool // a filled swatch (bars) rather than a line
}

// header draws the title, shrunk to fit the width, and the legend centred below it.
func header(title string, items []legendItem, font *truetype.Font) chart.Renderable {
	return func(r chart.Renderer, _ chart.Box, _ chart.Style) {
		r.SetFont(font)
		r.SetFontColor(colorText)
		size := 17.0
		r.SetFontSize(size)
		for size > 9 && r.MeasureText(title).Width() > chartWidth-40 {
			size--
			r.SetFontSize(size)
		}
		tb := r.MeasureText(title)
		r.Text(title, (chartWidth-tb.Width())/2, 12+tb.Height())

		const swatch, gap, spacing = 26, 6, 28
		r.SetFontSize(12)
		width := 0
		for i, it := range items {
			if i > 0 {
				width += spacing
			}
			width += swatch + gap + r.MeasureText(it.label).Width()
		}
		x, y := (chartWidth-width)/2, 62
		for _, it := range items {
			if it.box {
				chart.Draw.Box(r, chart.Box{Left: x + 4, Top: y - 11, Right: x + swatch - 4, Bottom: y - 1}, it.style)
			} else {
				it.style.GetStrokeOptions().WriteToRenderer(r)
				r.MoveTo(x, y-6)
				r.LineTo(x+swatch, y-6)
				r.Stroke()
			}
			r.ResetStyle()
			r.SetFont(font)
			r.SetFontSize(12)
			r.SetFontColor(colorText)
			x += swatch + gap
			r.Text(it.label, x, y)
			x += r.MeasureText(it.label).Width() + spacing
		}
		r.ResetStyle()
	}
}

// vline marks one x value across the whole plot, labelled at the top.
type vline struct {
	name  string
	x     float64
	label string
	style chart.Style
}

func (v vline) GetName() string           { return v.name }
func (v vline) GetYAxis() chart.YAxisType { return chart.YAxisPrimary }
func (v vline) GetStyle() chart.Style     { return v.style }
func (v vline) Validate() error           { return nil }

func (v vline) Render(r chart.Renderer, cb chart.Box, xr, _ chart.Range, defaults chart.Style) {
	x := cb.Left + xr.Translate(v.x)
	v.style.GetStrokeOptions().WriteToRenderer(r)
	r.MoveTo(x, cb.Bottom)
	r.LineTo(x, cb.Top)
	r.Stroke()
	r.ResetStyle()

	ts := chart.Style{Font: defaults.Font, FontSize: 11, FontColor: colorToday}
	tb := chart.Draw.MeasureText(r, v.label, ts)
	tx := x + 6
	if tx+tb.Width() > cb.Right {
		tx = x - 6 - tb.Width()
	}
	chart.Draw.Text(r, v.label, tx, cb.Top+6+tb.Height(), ts)
}

// hline is a horizontal reference line across the plot, labelled at its right end.
type hline struct {
	name  string
	y     float64
	label string
	style chart.Style
}

func (h hline) GetName() string           { return h.name }
func (h hline) GetYAxis() chart.YAxisType { return chart.YAxisPrimary }
func (h hline) GetStyle() chart.Style     { return h.style }
func (h hline) Validate() error           { return nil }

func (h hline) Render(r chart.Renderer, cb chart.Box, _, yr chart.Range, defaults chart.Style) {
	y := cb.Bottom - yr.Translate(h.y)
	h.style.GetStrokeOptions().WriteToRenderer(r)
	r.MoveTo(cb.Left, y)
	r.LineTo(cb.Right, y)
	r.Stroke()
	r.ResetStyle()

	ts := chart.Style{Font: defaults.Font, FontSize: 11, FontColor: colorTarget}
	tb := chart.Draw.MeasureText(r, h.label, ts)
	chart.Draw.Text(r, h.label, cb.Right-tb.Width()-4, y-5, ts)
}

// bars draws one bar per week at x = 1..n with its value on top, and each week's
// label lines under the x axis; a week without data is an empty slot saying so.
type bars struct {
	weeks  []WeekBar
	extra  [][]string
	colors []drawing.Color
	value  func(float64) string
}

func (b bars) GetName() string           { return "bars" }
func (b bars) GetYAxis() chart.YAxisType { return chart.YAxisPrimary }
func (b bars) GetStyle() chart.Style     { return chart.Style{} }
func (b bars) Validate() error           { return nil }

func (b bars) Render(r chart.Renderer, cb chart.Box, xr, yr chart.Range, defaults chart.Style) {
	valueStyle := chart.Style{Font: defaults.Font, FontSize: 12, FontColor: colorText}
	labelStyle := chart.Style{Font: defaults.Font, FontSize: 11, FontColor: colorText}
	mutedStyle := chart.Style{Font: defaults.Font, FontSize: 11, FontColor: colorMuted}
	slot := xr.Translate(1.5) - xr.Translate(0.5)
	half := min(max(slot*3/10, 2), 70) // a lone week should not fill the chart
	centred := func(text string, x, y int, s chart.Style) {
		tb := chart.Draw.MeasureText(r, text, s)
		chart.Draw.Text(r, text, x-tb.Width()/2, y, s)
	}

	if len(b.weeks) == 0 {
		centred("no data", cb.Left+cb.Width()/2, cb.Bottom-10, mutedStyle)
	}
	lineCount := 1
	for i, w := range b.weeks {
		x := cb.Left + xr.Translate(float64(i+1))
		if w.Has {
			y := cb.Bottom - yr.Translate(w.Value)
			chart.Draw.Box(r, chart.Box{Left: x - half, Right: x + half, Top: y, Bottom: cb.Bottom},
				chart.Style{FillColor: b.colors[i], StrokeColor: b.colors[i], StrokeWidth: 1})
			centred(b.value(w.Value), x, y-6, valueStyle)
		} else {
			centred(cmp.Or(w.Empty, "no data"), x, cb.Bottom-10, mutedStyle)
		}
		lines := append([]string{w.Label}, b.extra[i]...)
		lineCount = max(lineCount, len(lines))
		for j, line := range lines {
			s := labelStyle
			if j > 0 {
				s = mutedStyle
			}
			centred(line, x, cb.Bottom+24+16*j, s)
		}
	}
	axis := chart.Style{Font: defaults.Font, FontSize: 12, FontColor: colorText}
	centred("week of hand-off", cb.Left+cb.Width()/2, cb.Bottom+24+16*(lineCount-1)+28, axis)
}
