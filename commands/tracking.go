package commands

import (
	"context"
	"strings"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

var specHistory = command(&Spec{
	Name:    "history",
	Group:   GroupReports,
	Usage:   "/sla history [from=<month>] [to=<month>] [period] [csv]",
	Summary: "The month-by-month tracking document: MQLs, customers, their revenue, revenue closed, sales cycle, the recalculated rates, the goal and whether it was met — the last 12 months unless given. Quarters (2026-Q4) and years (2026) are periods too. `csv` uploads it as a file.",
	Examples: []string{
		"/sla history",
		"/sla history from=2026-01 to=2026-06 csv",
		"/sla history 2026-Q4",
	},
	cmd: History{},
})

// History is `/sla history`; a zero Period is the last 12 months.
type History struct {
	Period sla.Period
	CSV    bool
}

func (History) Spec() *Spec { return specHistory }

func (History) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("from", "to"); err != nil {
		return nil, err
	}
	var c History
	var from, to *sla.Period
	for _, k := range []struct {
		key  string
		into **sla.Period
	}{{"from", &from}, {"to", &to}} {
		t, ok := a.opts[k.key]
		if !ok {
			continue
		}
		p, problem := parsed(sla.ParsePeriodNear(t.val, a.p.now, a.p.loc))
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		*k.into = &p
	}
	var whole *sla.Period
	for _, t := range a.pos {
		w := strings.ToLower(t.val)
		switch {
		case w == "csv" && !t.quoted && !c.CSV:
			c.CSV = true
		case whole == nil && from == nil && to == nil:
			p, problem := parsed(sla.ParsePeriodNear(t.val, a.p.now, a.p.loc))
			if problem != "" {
				if closestWord(w, []string{"csv"}) != "" {
					return nil, a.fail("%s is not expected here — did you mean `csv`?", quoteInput(t.raw))
				}
				return nil, a.bad(t, problem)
			}
			whole = &p
		default:
			return nil, a.fail("%s is not expected here: give a period, or `from=` and `to=`", quoteInput(t.raw))
		}
	}
	a.pos = nil
	cur := sla.MonthOf(a.p.now, a.p.loc)
	switch {
	case whole != nil:
		c.Period = *whole
	case from != nil || to != nil:
		c.Period = sla.Period{Kind: sla.PeriodRange, From: cur, To: cur}
		if to != nil {
			c.Period.To = to.To
			c.Period.From = to.To
			for range 11 {
				c.Period.From = c.Period.From.Prev()
			}
		}
		if from != nil {
			c.Period.From = from.From
			if to == nil && cur.Before(from.From) {
				c.Period.To = from.To
			}
		}
		if c.Period.To.Before(c.Period.From) {
			return nil, a.fail("`to=` (%s) is before `from=` (%s)", c.Period.To, c.Period.From)
		}
	}
	return c, nil
}

func (cmd History) run(ctx context.Context, c *call) (Response, error) {
	p := cmd.Period
	if p.From.IsZero() {
		p = app.DefaultTracking(c.now, c.a.Location())
	}
	months, err := c.h.App.Tracking(ctx, c.a, p, c.now)
	if err != nil {
		return Response{}, err
	}
	v := render.HistoryView{Agreement: c.a, Period: p, Months: months}
	// The tracking document names the breathing room it gave (docs/design.md, Exceptions).
	resp := Response{Message: withExceptions(render.Tracking(v), c.a.ExceptionsDuring(p), false)}
	if cmd.CSV {
		resp.Files = []render.File{render.HistoryCSV(v)}
	}
	return resp, nil
}

// periodPost is monthPost that also reads a quarter (2026-Q4) or a year
// (2026), for the commands that read a past period (docs/design.md,
// Periods). A month comes back as the month; a longer period as period,
// with the month left at the current one.
func (a *cmdArgs) periodPost(allowPost bool) (sla.Month, bool, sla.Period, bool, error) {
	var per sla.Period
	if t, ok := a.opts["month"]; ok {
		p, problem := parsed(sla.ParsePeriodNear(t.val, a.p.now, a.p.loc))
		if problem != "" {
			return sla.Month{}, false, per, false, a.bad(t, problem)
		}
		if !p.IsMonth() {
			per = p
			delete(a.opts, "month")
		}
	}
	if per.From.IsZero() {
		for i, t := range a.pos {
			w := strings.ToLower(t.val)
			if w == "post" || t.quoted {
				continue
			}
			if _, err := sla.ParseMonthNear(t.val, a.p.now, a.p.loc); err == nil {
				break
			}
			p, err := sla.ParsePeriodNear(t.val, a.p.now, a.p.loc)
			if err == nil && !p.IsMonth() {
				per = p
				a.pos = append(a.pos[:i:i], a.pos[i+1:]...)
				break
			}
		}
	}
	if !per.From.IsZero() {
		post := false
		for _, t := range a.pos {
			switch w := strings.ToLower(t.val); {
			case allowPost && w == "post" && !post:
				post = true
			default:
				return sla.Month{}, false, per, false, a.fail("%s is not expected here", quoteInput(t.raw))
			}
		}
		a.pos = nil
		return sla.MonthOf(a.p.now, a.p.loc), false, per, post, nil
	}
	m, given, post, err := a.monthPost(allowPost)
	return m, given, per, post, err
}

// periodReport is the status or report of a quarter or a year.
func (c *call) periodReport(ctx context.Context, p sla.Period, post bool) (Response, error) {
	months, err := c.h.App.Tracking(ctx, c.a, p, c.now)
	if err != nil {
		return Response{}, err
	}
	segs, err := c.h.App.SegmentStatus(ctx, c.a, p)
	if err != nil {
		return Response{}, err
	}
	v := render.PeriodView{HistoryView: render.HistoryView{Agreement: c.a, Period: p, Months: months}, Now: c.now, Segments: segs}
	return Response{Message: render.PeriodReport(v), InChannel: post}, nil
}

// PeriodChartSource renders a chart over a quarter or a year (app.Charts).
type PeriodChartSource interface {
	PeriodCharts(ctx context.Context, a sla.Agreement, p sla.Period, now time.Time, kind string) ([]render.File, error)
}
