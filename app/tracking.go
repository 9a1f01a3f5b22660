package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// MaxHistoryMonths bounds one history table (ten years), so a typo like
// from=2000 does not read a century of months.
const MaxHistoryMonths = 120

// Tracking is the month-by-month tracking document (docs/design.md,
// History): one record per month of period, oldest first, each judged
// against the goal in force that month.
func (s *Service) Tracking(ctx context.Context, a sla.Agreement, period sla.Period, now time.Time) ([]sla.MonthRecord, error) {
	months := period.Months()
	if len(months) > MaxHistoryMonths {
		return nil, sla.Errorf(sla.Invalid, "That is %d months; the history shows at most %d at once. Narrow `from=` and `to=`.", len(months), MaxHistoryMonths)
	}
	loc := a.Location()
	out := make([]sla.MonthRecord, 0, len(months))
	for _, m := range months {
		t, _, err := s.Store.TargetsFor(ctx, a.TeamID, a.ID, m)
		if err != nil {
			return nil, err
		}
		f, err := s.Store.Figures(ctx, a.TeamID, a.ID, m.Start(loc), m.End(loc), sla.MatureBefore(now, t.Within))
		if err != nil {
			return nil, err
		}
		out = append(out, sla.JudgeMonth(a, m, t, f.Actuals, now))
	}
	return out, nil
}

// DefaultTracking is the period history shows without from= and to=: the
// last 12 months through the current one.
func DefaultTracking(now time.Time, loc *time.Location) sla.Period {
	cur := sla.MonthOf(now, loc)
	from := cur
	for range 11 {
		from = from.Prev()
	}
	return sla.Period{From: from, To: cur, Kind: sla.PeriodRange}
}

// PeriodCharts renders a chart over a quarter or a year (docs/design.md,
// Periods): the waterfall runs day by day through the period, each month's
// goal line stacked on the months before; speed and depth have one bar a month.
func (c Charts) PeriodCharts(ctx context.Context, a sla.Agreement, p sla.Period, now time.Time, kind string) ([]render.File, error) {
	loc := a.Location()
	months := p.Months()
	if len(months) > 12 {
		return nil, sla.Errorf(sla.Invalid, "A chart spans at most a year; %s is %d months.", p.Label(), len(months))
	}
	var f render.File
	var err error
	switch kind {
	case "waterfall":
		f, err = c.periodWaterfall(ctx, a, p, now)
	case "speed", "depth":
		bounds := make([]time.Time, 0, len(months)+1)
		for _, m := range months {
			bounds = append(bounds, m.Start(loc))
		}
		bounds = append(bounds, p.End(loc))
		t, _, terr := c.Store.TargetsFor(ctx, a.TeamID, a.ID, p.To)
		if terr != nil {
			return nil, terr
		}
		buckets, berr := c.Store.HandoffBuckets(ctx, a.TeamID, a.ID, bounds, sla.MatureBefore(now, t.Within))
		if berr != nil {
			return nil, berr
		}
		f, err = periodFollowChart(a, p, t, buckets, kind)
	default:
		return nil, sla.Errorf(sla.Invalid, "There is no %q chart: waterfall, speed or depth.", kind)
	}
	if err != nil {
		return nil, err
	}
	return []render.File{f}, nil
}

func (c Charts) periodWaterfall(ctx context.Context, a sla.Agreement, p sla.Period, now time.Time) (render.File, error) {
	d := render.WaterfallData{Agreement: a.Name, Month: p.From, Period: p}
	goalBase, actualBase := 0.0, 0
	started := true
	for _, m := range p.Months() {
		t, _, err := c.Store.TargetsFor(ctx, a.TeamID, a.ID, m)
		if err != nil {
			return render.File{}, err
		}
		goal := 0
		if t.MQLSet && a.Covers(m) {
			goal = t.MQLGoal
		}
		daily, err := c.Store.CountByBuckets(ctx, a.TeamID, a.ID, m.DayBounds(a.Location()))
		if err != nil {
			return render.File{}, err
		}
		md := WaterfallData(a, m, now, goal, daily)
		for _, v := range md.Line {
			d.Line = append(d.Line, goalBase+v)
		}
		if started {
			for _, v := range md.Actual {
				d.Actual = append(d.Actual, actualBase+v)
			}
			d.Today += md.Today
			if md.Today < md.Days {
				started = false // the period's today is in this month
			}
		}
		if len(md.Actual) > 0 {
			actualBase += md.Actual[len(md.Actual)-1]
		}
		goalBase += float64(md.Goal)
		d.Goal += md.Goal
		d.Days += md.Days
	}
	if d.Today > 0 {
		d.LineNow = d.Line[d.Today-1]
	}
	ch, err := render.Waterfall(d)
	if err != nil {
		return render.File{}, fmt.Errorf("waterfall chart: %w", err)
	}
	comment := fmt.Sprintf("%s: %d MQLs by day %d of %d, against a goal of %d summed over its months.", p.Label(), actualBase, d.Today, d.Days, d.Goal)
	if d.Today == 0 {
		comment = fmt.Sprintf("%s has not started yet.", p.Label())
	}
	return render.File{Name: ch.Name, Title: ch.Title, Comment: comment, AltText: comment, Content: ch.PNG}, nil
}

func periodFollowChart(a sla.Agreement, p sla.Period, t sla.Targets, buckets []sla.Bucket, kind string) (render.File, error) {
	months := p.Months()
	var bars []render.WeekBar
	var worked []int
	var words []string
	for i, b := range buckets {
		label := months[i].Month.String()[:3]
		bar := render.WeekBar{Label: label}
		if kind == "speed" {
			bar.N, bar.Has = b.SpeedN, b.SpeedN > 0
			if bar.Has {
				bar.Value = b.SpeedAvg.Minutes()
				words = append(words, a.Calendar().FormatBusiness(b.SpeedAvg))
			} else {
				words = append(words, sla.NA)
			}
		} else {
			words = append(words, depthBar(&bar, b.Depth))
			worked = append(worked, b.Depth.Worked)
		}
		bars = append(bars, bar)
	}
	var ch render.Chart
	var err error
	var comment string
	if kind == "speed" {
		ch, err = render.Speed(render.SpeedData{Agreement: a.Name, Month: p.From, Period: p, Weeks: bars, Target: t.Speed.Minutes()})
		comment = fmt.Sprintf("Average first follow-up by month of hand-off, %s: %s.", p.Label(), strings.Join(words, ", "))
	} else {
		ch, err = render.Depth(render.DepthData{Agreement: a.Name, Month: p.From, Period: p, Weeks: bars, Worked: worked, Target: float64(t.Depth)})
		comment = fmt.Sprintf("Average attempts on uncontacted leads by month of hand-off, %s: %s (target %d).", p.Label(), strings.Join(words, ", "), t.Depth)
	}
	if err != nil {
		return render.File{}, fmt.Errorf("%s chart: %w", kind, err)
	}
	return render.File{Name: ch.Name, Title: ch.Title, Comment: comment, AltText: comment, Content: ch.PNG}, nil
}
