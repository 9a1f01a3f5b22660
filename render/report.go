package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// WeekRow is one week of hand-offs in the report's table.
type WeekRow struct {
	Label    string
	Handoffs int
	Speed    sla.DurationStats // N and Avg
	Depth    sla.DepthStats
}

// WeekRows labels a month's weekly buckets for the report's table.
func WeekRows(month sla.Month, bs []sla.Bucket) []WeekRow {
	rows := make([]WeekRow, len(bs))
	for i, b := range bs {
		rows[i] = WeekRow{Label: month.WeekLabel(i), Handoffs: b.Depth.HandedOff,
			Speed: sla.DurationStats{N: b.SpeedN, Avg: b.SpeedAvg}, Depth: b.Depth}
	}
	return rows
}

// ReportView is `/sla report` and the month close.
type ReportView struct {
	Status sla.StatusInput
	Weeks  []WeekRow
	Closed bool // the month is over (the month-close post)
}

// WeekTable is the weekly follow-up table as monospaced text.
func WeekTable(rows []WeekRow, cal sla.Calendar) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %9s %11s %9s %7s\n", "week", "hand-offs", "1st follow", "attempts*", "worked")
	for _, r := range rows {
		speed := sla.NA
		if r.Speed.N > 0 {
			speed = cal.FormatBusiness(r.Speed.Avg)
		}
		depth := sla.NA
		if avg, ok := r.Depth.AvgAttempts(); ok {
			depth = sla.FormatCount(avg)
		} else if r.Depth.InWindow > 0 {
			depth = "in window"
		}
		fmt.Fprintf(&b, "%-10s %9d %11s %9s %7d\n", r.Label, r.Handoffs, speed, depth, r.Depth.Worked)
	}
	return strings.TrimRight(b.String(), "\n")
}

// Report renders a month's figures and the rates recalculated from them (docs/design.md, Recalculation from actuals).
func Report(v ReportView) Message {
	in := v.Status
	a := in.Agreement
	act := in.Figures.Actuals
	rates := act.Rates()
	title := fmt.Sprintf("Report — %s — %s", a.Name, in.Month.Label())
	when := "month to date, as of " + When(in.Now, a.Location())
	if v.Closed {
		title = fmt.Sprintf("Month closed — %s — %s", a.Name, in.Month.Label())
		when = "final figures for the month"
	}
	goal := "no goal set"
	if g, ok := in.Line(); ok {
		goal = fmt.Sprintf("goal %d%s", g.Judged(), verdictMark(in.GoalVerdict()))
		if g.ProRata() {
			goal = fmt.Sprintf("goal %d pro rata of %d%s", g.Judged(), g.Goal, verdictMark(in.GoalVerdict()))
		}
	}
	blocks := []slack.Block{Header(title), Context(when)}
	blocks = append(blocks, leadFields(act, goal, "this month")...)
	if s := SegmentLines(in.Segments); s != "" {
		blocks = append(blocks, Section(s))
	}
	blocks = append(blocks, Fields("*Recalculated rates* · plan vs actual", RatesFields(in)...)...)
	close, okC := rates.Close.Value()
	deal, okD := rates.Deal.Value()
	share, okS := rates.Share.Value()
	if okC && okD && okS && close > 0 && deal > 0 {
		blocks = append(blocks, Context(fmt.Sprintf("Plan next month with these rates: `/sla plan quota=<quota> share=%s deal=%s close=%s`",
			pct(share), strings.ReplaceAll(deal.String(), ",", ""), pct(close))))
	} else {
		blocks = append(blocks, Context("Some rates are n/a: nothing was won, or no revenue closed, in this month yet."))
	}
	t := in.Targets
	speed := sla.NA
	if in.Figures.Speed.N > 0 {
		cal := in.Agreement.Calendar()
		speed = fmt.Sprintf("avg %s, median %s, p90 %s", cal.FormatBusiness(in.Figures.Speed.Avg), cal.FormatBusiness(in.Figures.Speed.Median), cal.FormatBusiness(in.Figures.Speed.P90))
	}
	depth := sla.NA
	if avg, ok := in.Figures.Depth.AvgAttempts(); ok {
		depth = sla.FormatCount(avg) + " attempts"
	}
	if n := in.Figures.Depth.InWindow; n > 0 {
		depth += fmt.Sprintf(" (%s still in their window)", Plural(n, "lead", "leads"))
	}
	blocks = append(blocks, Divider())
	blocks = append(blocks, Fields("*Sales follow-up*",
		fmt.Sprintf("*First follow-up* (target %s)\n%s%s", durOr(t.Speed), speed, verdictMark(in.SpeedVerdict())),
		fmt.Sprintf("*Depth on uncontacted leads* (target %d)\n%s%s", t.Depth, depth, verdictMark(in.DepthVerdict())),
	)...)
	if len(v.Weeks) > 0 {
		blocks = append(blocks, Section("*By week of hand-off*\n```"+WeekTable(v.Weeks, v.Status.Agreement.Calendar())+"```"),
			Context("* average attempts on leads not yet contacted"))
	}
	if len(in.Strikes) > 0 {
		var s []string
		for _, k := range in.Strikes {
			s = append(s, fmt.Sprintf("%s %d", User(k.User), k.N))
		}
		blocks = append(blocks, Context("Strikes: "+strings.Join(s, ", ")))
	}
	text := fmt.Sprintf("%s: %s, %d became customers, close rate %s, deal size %s, share %s",
		title, Plural(act.MQLs, "MQL", "MQLs"), act.MQLsWon, rates.Close.Percent(), rates.Deal.String(), rates.Share.Percent())
	return Fit(Message{Text: text, Blocks: blocks})
}

// unknownRevenue says how many customers came from a CRM without a revenue:
// they count in the close rate, not in the deal size.
func unknownRevenue(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s without a known revenue: in the close rate, not the deal size)", Plural(n, "customer", "customers"))
}

func durOr(d time.Duration) string {
	if d <= 0 {
		return "not set"
	}
	return sla.FormatDuration(d)
}

// pct renders a fraction for a command line: 0.233 → "23.3%".
func pct(f float64) string {
	return sla.FormatCount(f*100) + "%"
}

// leadFields are a report's leads and customers: the MQLs against goal, the
// customers among them and their revenue, the sales cycle of the deals won
// in when, and the revenue closed.
func leadFields(act sla.Actuals, goal, when string) []slack.Block {
	return Fields("*Leads and customers*",
		fmt.Sprintf("*MQLs created*\n%d (%s)", act.MQLs, goal),
		fmt.Sprintf("*Of those, became customers*\n%d%s", act.MQLsWon, unknownRevenue(act.MQLsWonUnknown)),
		fmt.Sprintf("*Revenue from those customers*\n%s", act.MQLWonRevenue),
		fmt.Sprintf("*Average sales cycle* (deals won %s)\n%s", when, cycleCell(act)),
		fmt.Sprintf("*Revenue closed from marketing leads*\n%s", act.MarketingRevenue),
		fmt.Sprintf("*Revenue closed, all sources*\n%s", act.TotalRevenue),
	)
}
