package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// ChartStore is what chart assembly reads.
type ChartStore interface {
	TargetsFor(ctx context.Context, team string, agreementID int64, month sla.Month) (sla.Targets, sla.TargetSource, error)
	CountByBuckets(ctx context.Context, team string, agreementID int64, bounds []time.Time) ([]int, error)
	HandoffBuckets(ctx context.Context, team string, agreementID int64, bounds []time.Time, matureBefore time.Time) ([]sla.Bucket, error)
}

// Charts renders an agreement's charts for a month; `/sla chart` and the
// digest both use it.
type Charts struct {
	Store ChartStore
}

// ChartKinds are the charts in digest order.
var ChartKinds = []string{"waterfall", "speed", "depth"}

// Charts renders the named charts (all three when none is named) as PNG files.
func (c Charts) Charts(ctx context.Context, a sla.Agreement, month sla.Month, now time.Time, kinds ...string) ([]render.File, error) {
	if len(kinds) == 0 {
		kinds = ChartKinds
	}
	t, _, err := c.Store.TargetsFor(ctx, a.TeamID, a.ID, month)
	if err != nil {
		return nil, err
	}
	loc := a.Location()
	var files []render.File
	var weeks []sla.Bucket
	for _, k := range kinds {
		var f render.File
		switch k {
		case "waterfall":
			f, err = c.waterfall(ctx, a, month, now, t)
		case "speed", "depth":
			if weeks == nil {
				if weeks, err = c.Store.HandoffBuckets(ctx, a.TeamID, a.ID, month.WeekBounds(loc), sla.MatureBefore(now, t.Within)); err != nil {
					return nil, err
				}
			}
			if k == "speed" {
				f, err = speedChart(a, month, t, weeks)
			} else {
				f, err = depthChart(a, month, t, weeks)
			}
		default:
			return nil, sla.Errorf(sla.Invalid, "There is no %q chart: waterfall, speed or depth.", k)
		}
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// WaterfallData builds the waterfall's series from the month's daily counts.
func WaterfallData(a sla.Agreement, month sla.Month, now time.Time, goal int, daily []int) render.WaterfallData {
	g := sla.NewGoalLineFrom(goal, month, a.CreatedAt, now, a.Location(), 0)
	d := render.WaterfallData{Agreement: a.Name, Month: month, Goal: g.Judged(), Line: g.Cumulative(), LineNow: g.LineNow(), ProRata: g.ProRata(), Days: month.Days(), Today: g.Day}
	sum := 0
	for i := 0; i < g.Day && i < len(daily); i++ {
		sum += daily[i]
		d.Actual = append(d.Actual, sum)
	}
	for len(d.Actual) < d.Today {
		d.Actual = append(d.Actual, sum)
	}
	return d
}

func (c Charts) waterfall(ctx context.Context, a sla.Agreement, month sla.Month, now time.Time, t sla.Targets) (render.File, error) {
	daily, err := c.Store.CountByBuckets(ctx, a.TeamID, a.ID, month.DayBounds(a.Location()))
	if err != nil {
		return render.File{}, err
	}
	goal := 0
	if t.MQLSet {
		goal = t.MQLGoal
	}
	d := WaterfallData(a, month, now, goal, daily)
	ch, err := render.Waterfall(d)
	if err != nil {
		return render.File{}, fmt.Errorf("waterfall chart: %w", err)
	}
	actual := 0
	if len(d.Actual) > 0 {
		actual = d.Actual[len(d.Actual)-1]
	}
	var comment string
	switch {
	case d.Today == 0:
		comment = fmt.Sprintf("%s has not started yet.", month.Label())
	case !t.MQLSet:
		comment = fmt.Sprintf("%s: %d MQLs by day %d; no MQL goal is set.", month.Label(), actual, d.Today)
	default:
		in := sla.StatusInput{Agreement: a, Month: month, Now: now, Targets: t, Figures: sla.Figures{Actuals: sla.Actuals{MQLs: actual}}}
		comment = fmt.Sprintf("%s: %d of %d MQLs by day %d — %s.", month.Label(), actual, d.Goal, d.Today, render.GoalSummary(in)[len(fmt.Sprintf("%d of %d MQLs — ", actual, d.Goal)):])
	}
	if src, ok := c.Store.(SegmentStatusSource); ok && d.Today > 0 {
		st, err := src.SegmentStatus(ctx, a, month, t.ValueGoal)
		if err != nil {
			return render.File{}, err
		}
		if s := render.SegmentBrief(st); s != "" {
			comment += " " + s
		}
	}
	return render.File{Name: ch.Name, Title: ch.Title, Comment: comment, AltText: comment, Content: ch.PNG}, nil
}

// SegmentStatusSource gives the waterfall's comment the per-segment counts
// and the lead value; the line stays the total (docs/design.md, Segments
// and lead value).
type SegmentStatusSource interface {
	SegmentStatus(ctx context.Context, a sla.Agreement, month sla.Month, valueGoal sla.Money) (sla.SegmentStatus, error)
}

func speedChart(a sla.Agreement, month sla.Month, t sla.Targets, weeks []sla.Bucket) (render.File, error) {
	d := render.SpeedData{Agreement: a.Name, Month: month, Target: t.Speed.Minutes()}
	var words []string
	for i, w := range weeks {
		bar := render.WeekBar{Label: month.WeekLabel(i), N: w.SpeedN, Has: w.SpeedN > 0}
		if bar.Has {
			bar.Value = w.SpeedAvg.Minutes()
			words = append(words, a.Calendar().FormatBusiness(w.SpeedAvg))
		} else {
			words = append(words, sla.NA)
		}
		d.Weeks = append(d.Weeks, bar)
	}
	ch, err := render.Speed(d)
	if err != nil {
		return render.File{}, fmt.Errorf("speed chart: %w", err)
	}
	target := "no target"
	if t.Speed > 0 {
		target = "target " + a.Calendar().FormatBusiness(t.Speed)
	}
	comment := fmt.Sprintf("Average first follow-up by week of hand-off, %s: %s (%s).", month.Label(), strings.Join(words, ", "), target)
	return render.File{Name: ch.Name, Title: ch.Title, Comment: comment, AltText: comment, Content: ch.PNG}, nil
}

// depthBar fills a depth chart's bar from a period's depth figures and says
// them in words.
func depthBar(bar *render.WeekBar, d sla.DepthStats) string {
	bar.N = d.Uncontacted
	if avg, ok := d.AvgAttempts(); ok {
		bar.Value, bar.Has = avg, true
		return sla.FormatCount(avg)
	}
	if d.InWindow > 0 {
		// Its leads are still in their depth window: nothing to judge yet.
		bar.Empty = "in window"
		return "in window"
	}
	return sla.NA
}

func depthChart(a sla.Agreement, month sla.Month, t sla.Targets, weeks []sla.Bucket) (render.File, error) {
	d := render.DepthData{Agreement: a.Name, Month: month, Target: float64(t.Depth)}
	var words, worked []string
	for i, w := range weeks {
		bar := render.WeekBar{Label: month.WeekLabel(i)}
		words = append(words, depthBar(&bar, w.Depth))
		d.Weeks = append(d.Weeks, bar)
		d.Worked = append(d.Worked, w.Depth.Worked)
		worked = append(worked, fmt.Sprint(w.Depth.Worked))
	}
	ch, err := render.Depth(d)
	if err != nil {
		return render.File{}, fmt.Errorf("depth chart: %w", err)
	}
	comment := fmt.Sprintf("Average attempts on uncontacted leads by week of hand-off, %s: %s (target %d); leads worked: %s.",
		month.Label(), strings.Join(words, ", "), t.Depth, strings.Join(worked, ", "))
	return render.File{Name: ch.Name, Title: ch.Title, Comment: comment, AltText: comment, Content: ch.PNG}, nil
}
