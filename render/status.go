package render

import (
	"fmt"
	"math"
	"strings"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// GoalSummary is one line on the MQL goal: "30 of 100 MQLs — behind the
// line by 2.5 (line today 32.5)".
func GoalSummary(in sla.StatusInput) string {
	g, ok := in.Line()
	if !ok {
		return fmt.Sprintf("%s so far; no MQL goal set", Plural(in.Figures.Actuals.MQLs, "MQL", "MQLs"))
	}
	return fmt.Sprintf("%d of %d MQLs — %s", g.Actual, g.Judged(), aheadBehind(g))
}

// GoalText is the MQL goal, where it came from, and the pro-rata goal of a
// month the agreement began in: "160 _(from the plan)_", "120 _(set by hand
// in November 2026)_", "160 · judged on 109 from set-up on 11 Dec".
func GoalText(in sla.StatusInput, g sla.GoalLine) string {
	src := "set by hand"
	if in.GoalFromPlan() {
		src = "from the plan"
	}
	if in.MQLFrom != in.Month && !in.MQLFrom.IsZero() {
		src += " in " + in.MQLFrom.Label()
	}
	out := fmt.Sprintf("%d _(%s)_", g.Goal, src)
	if g.ProRata() && !g.Unjudged() {
		loc := in.Agreement.Location()
		out += fmt.Sprintf("\n%d pro rata: set up %s", g.Judged(), in.Agreement.CreatedAt.In(loc).Format("Mon 2 Jan"))
	}
	if len(g.Paused) > 0 {
		out += "\n" + PausedText(in.Agreement, in.Month, g)
	}
	return out
}

// aheadBehind says where the count stands against the line today.
func aheadBehind(g sla.GoalLine) string {
	d := g.Delta()
	line := sla.FormatCount(g.LineNow())
	switch {
	case g.Day == 0:
		return "the month has not started"
	case math.Abs(d) < 0.05:
		return fmt.Sprintf("on the line (%s)", line)
	case d > 0:
		return fmt.Sprintf("ahead of the line by %s (line %s)", sla.FormatCount(d), line)
	}
	return fmt.Sprintf("behind the line by %s (line %s)", sla.FormatCount(-d), line)
}

// Status is `/sla status` and the top of the digest.
func Status(in sla.StatusInput) Message {
	a := in.Agreement
	loc := a.Location()
	f := in.Figures
	var blocks []slack.Block
	blocks = append(blocks, Header(fmt.Sprintf("%s — %s", a.Name, in.Month.Label())))

	// The day note only needs the calendar position, goal or not.
	day := sla.NewGoalLine(0, in.Month, in.Now, loc, 0)
	dayNote := fmt.Sprintf("day %d of %d", day.Day, day.Days)
	switch {
	case day.Day == 0:
		dayNote = "month not started"
	case day.Over:
		dayNote = "month closed"
	}
	blocks = append(blocks, Context(fmt.Sprintf("As of %s · %s · %s", When(in.Now, loc), dayNote, Channel(a.ChannelID))))

	// Marketing
	var mkt []string
	if g, ok := in.Line(); ok {
		mkt = append(mkt,
			fmt.Sprintf("*MQL goal*\n%s", GoalText(in, g)),
			fmt.Sprintf("*MQLs so far*\n%d%s", g.Actual, verdictMark(in.GoalVerdict())),
			fmt.Sprintf("*Goal line now*\n%s", sla.FormatCount(g.LineNow())),
			fmt.Sprintf("*Ahead / behind*\n%s", signed(g)),
		)
		proj := sla.NA
		if p, ok := g.Projected(); ok {
			proj = sla.FormatCount(p)
		}
		need := sla.NA
		if n, ok := g.NeededPerDay(); ok {
			need = sla.FormatCount(n) + " a day"
			if n == 0 {
				need = "goal met"
			}
		}
		mkt = append(mkt, fmt.Sprintf("*Projected month end*\n%s", proj), fmt.Sprintf("*Still needed*\n%s", need))
	} else {
		mkt = append(mkt,
			"*MQL goal*\nnot set — `/sla plan …` or `/sla target mql=<n>`",
			fmt.Sprintf("*MQLs so far*\n%d", f.Actuals.MQLs))
	}
	blocks = append(blocks, Fields(fmt.Sprintf("*Marketing* · owner %s", User(a.Marketing)), mkt...)...)
	if s := SegmentLines(in.Segments); s != "" {
		blocks = append(blocks, Section(s))
	}
	blocks = append(blocks, Divider())

	// Sales
	t := in.Targets
	speedTarget, depthTarget := "no target", "no target"
	if t.Speed > 0 {
		speedTarget = "target " + a.Calendar().FormatBusiness(t.Speed)
	}
	if t.Depth > 0 {
		depthTarget = fmt.Sprintf("target %d within %s", t.Depth, sla.FormatDuration(t.Within))
	}
	speed := sla.NA
	if f.Speed.N > 0 {
		cal := a.Calendar()
		speed = fmt.Sprintf("avg %s · median %s · p90 %s", cal.FormatBusiness(f.Speed.Avg), cal.FormatBusiness(f.Speed.Median), cal.FormatBusiness(f.Speed.P90))
	}
	depth := sla.NA
	if avg, ok := f.Depth.AvgAttempts(); ok {
		depth = fmt.Sprintf("%s attempts on %s past their window", sla.FormatCount(avg), Plural(f.Depth.Uncontacted, "uncontacted lead", "uncontacted leads"))
	}
	if avg, ok := f.Depth.InWindowAvg(); ok {
		// Still in their window: shown apart, never judged.
		inWindow := fmt.Sprintf("%s in their window, %s attempts so far", Plural(f.Depth.InWindow, "lead", "leads"), sla.FormatCount(avg))
		if depth == sla.NA {
			depth = inWindow
		} else {
			depth += "\n" + inWindow
		}
	}
	toLead := sla.NA
	if f.ToHandoff.N > 0 {
		toLead = "avg " + sla.FormatDuration(f.ToHandoff.Avg)
	}
	sales := []string{
		fmt.Sprintf("*First follow-up* (%s, business hours)\n%s%s", speedTarget, speed, verdictMark(in.SpeedVerdict())),
		fmt.Sprintf("*Depth* (%s)\n%s%s", depthTarget, depth, verdictMark(in.DepthVerdict())),
		fmt.Sprintf("*Leads worked*\n%d of %d handed off", f.Depth.Worked, f.Depth.HandedOff),
		fmt.Sprintf("*Speed to lead* (created → hand-off)\n%s", toLead),
	}
	b := in.Breaches
	breaches := "none :tada:"
	if b.Total() > 0 || b.Warnings > 0 {
		var parts []string
		if b.Speed > 0 {
			parts = append(parts, Plural(b.Speed, "speed breach", "speed breaches"))
		}
		if b.Depth > 0 {
			parts = append(parts, Plural(b.Depth, "depth breach", "depth breaches"))
		}
		if b.Warnings > 0 {
			parts = append(parts, Plural(b.Warnings, "warning", "warnings"))
		}
		breaches = strings.Join(parts, ", ") + " — `/sla leads overdue`"
	}
	sales = append(sales,
		fmt.Sprintf("*Waiting for a first attempt*\n%d", f.Waiting),
		fmt.Sprintf("*Open breaches* (now, all leads)\n%s", breaches))
	blocks = append(blocks, Fields(fmt.Sprintf("*Sales* · owner %s", User(a.Sales)), sales...)...)
	blocks = append(blocks, Divider())

	// Rates: plan vs recalculated
	blocks = append(blocks, Fields("*Rates* · plan vs this month's actuals", RatesFields(in)...)...)

	var foot []string
	if len(in.Strikes) > 0 {
		var s []string
		for _, k := range in.Strikes {
			s = append(s, fmt.Sprintf("%s %d", User(k.User), k.N))
		}
		limit := ""
		if a.StrikeLimit > 0 {
			limit = fmt.Sprintf(" (limit %d)", a.StrikeLimit)
		}
		foot = append(foot, "Strikes this month"+limit+": "+strings.Join(s, ", "))
	}
	foot = append(foot, "`/sla report` for the month's figures · `/sla chart waterfall` for the chart")
	blocks = append(blocks, Context(foot...))

	return Fit(Message{Text: fmt.Sprintf("%s, %s: %s", a.Name, in.Month.Label(), GoalSummary(in)), Blocks: blocks})
}

func signed(g sla.GoalLine) string {
	d := g.Delta()
	switch {
	case g.Day == 0:
		return sla.NA
	case math.Abs(d) < 0.05:
		return "on the line"
	case d > 0:
		return "ahead by " + sla.FormatCount(d)
	}
	return "behind by " + sla.FormatCount(-d)
}

// RatesFields compares the plan's rates with those recalculated from actuals.
func RatesFields(in sla.StatusInput) []string {
	r := in.Figures.Actuals.Rates()
	pc, pd, ps := sla.NA, sla.NA, sla.NA
	if in.Plan != nil {
		pc, pd, ps = in.Plan.Close.String(), in.Plan.Deal.String(), in.Plan.Share.String()
	}
	return []string{
		fmt.Sprintf("*Close rate*\nplan %s · actual %s", pc, r.Close.Percent()),
		fmt.Sprintf("*Deal size*\nplan %s · actual %s", pd, r.Deal.String()),
		fmt.Sprintf("*Marketing share of revenue*\nplan %s · actual %s", ps, r.Share.Percent()),
	}
}
