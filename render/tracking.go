package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// HistoryView is `/sla history`: the month-by-month tracking document
// (docs/design.md, History).
type HistoryView struct {
	Agreement sla.Agreement
	Period    sla.Period
	Months    []sla.MonthRecord
}

func verdictWord(r sla.MonthRecord) string {
	switch {
	case !r.HasGoal:
		return "—"
	case r.Verdict == sla.Met:
		return "met"
	case r.Verdict == sla.Missed:
		return "missed"
	}
	return "open"
}

func goalCell(r sla.MonthRecord) string {
	if !r.HasGoal {
		return "—"
	}
	return strconv.Itoa(r.Goal)
}

func cycleCell(a sla.Actuals) string {
	if d, ok := a.AvgCycle(); ok {
		return sla.FormatDuration(d)
	}
	return sla.NA
}

// HistoryTable is the months as monospaced text, then the period's total.
func HistoryTable(v HistoryView) string {
	var b strings.Builder
	row := func(label string, r sla.MonthRecord) {
		a := r.Actuals
		rt := a.Rates()
		fmt.Fprintf(&b, "%-7s %5d %4d %10s %10s %10s %7s %6s %9s %6s %5s %s\n", label, a.MQLs, a.MQLsWon, a.MQLWonRevenue, a.MarketingRevenue, a.TotalRevenue,
			cycleCell(a), rt.Close.Percent(), rt.Deal.String(), rt.Share.Percent(), goalCell(r), verdictWord(r))
	}
	fmt.Fprintf(&b, "%-7s %5s %4s %10s %10s %10s %7s %6s %9s %6s %5s %s\n", "month", "MQLs", "won", "their rev", "mkt rev", "all rev", "cycle", "close", "deal", "share", "goal", "result")
	for _, r := range v.Months {
		row(r.Month.String(), r)
	}
	if len(v.Months) > 1 {
		row("total", sla.TotalRecord(v.Months))
	}
	return strings.TrimRight(b.String(), "\n")
}

// Tracking renders the tracking table; the CSV carries the same rows.
func Tracking(v HistoryView) Message {
	t := sla.TotalRecord(v.Months)
	met, missed := 0, 0
	for _, r := range v.Months {
		switch r.Verdict {
		case sla.Met:
			met++
		case sla.Missed:
			missed++
		}
	}
	title := fmt.Sprintf("History — %s — %s", v.Agreement.Name, v.Period.Label())
	blocks := append([]slack.Block{Header(title)}, tableSections("", HistoryTable(v))...)
	blocks = append(blocks,
		Context(fmt.Sprintf("won: MQLs of the month that became customers · their rev: revenue from them · mkt rev, all rev: revenue closed in the month from marketing leads, from all · close = won ÷ MQLs, deal = their rev ÷ won, share = mkt rev ÷ all rev; the total recomputes them from its sums. Goals met %d, missed %d. `csv` posts it as a file.", met, missed)))
	text := fmt.Sprintf("%s: %s, %d customers, close rate %s, deal size %s, share %s", title, Plural(t.Actuals.MQLs, "MQL", "MQLs"),
		t.Actuals.MQLsWon, t.Actuals.Rates().Close.Percent(), t.Actuals.Rates().Deal.String(), t.Actuals.Rates().Share.Percent())
	return Fit(Message{Text: text, Blocks: blocks})
}

// HistoryCSV is the tracking table as a CSV file: amounts in dollars with
// cents, rates in percent, "n/a" where undefined. It goes up like a chart:
// files.getUploadURLExternal takes any file by its name and length
// (https://api.slack.com/methods/files.getUploadURLExternal).
func HistoryCSV(v HistoryView) File {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"month", "mqls", "customers", "customer_revenue", "marketing_revenue_closed", "total_revenue_closed",
		"avg_sales_cycle_days", "close_rate_pct", "deal_size", "share_pct", "goal", "result"})
	row := func(label string, r sla.MonthRecord) {
		a := r.Actuals
		rt := a.Rates()
		cycle := sla.NA
		if d, ok := a.AvgCycle(); ok {
			cycle = strconv.FormatFloat(d.Hours()/24, 'f', 1, 64)
		}
		deal := sla.NA
		if m, ok := rt.Deal.Value(); ok {
			deal = dollars(m)
		}
		goal := ""
		if r.HasGoal {
			goal = strconv.Itoa(r.Goal)
		}
		_ = w.Write([]string{label, strconv.Itoa(a.MQLs), strconv.Itoa(a.MQLsWon), dollars(a.MQLWonRevenue), dollars(a.MarketingRevenue),
			dollars(a.TotalRevenue), cycle, strings.TrimSuffix(rt.Close.Percent(), "%"), deal, strings.TrimSuffix(rt.Share.Percent(), "%"), goal, verdictWord(r)})
	}
	for _, r := range v.Months {
		row(r.Month.String(), r)
	}
	if len(v.Months) > 1 {
		row("total", sla.TotalRecord(v.Months))
	}
	w.Flush()
	name := fmt.Sprintf("history-%s.csv", strings.ReplaceAll(v.Period.String(), "..", "-to-"))
	return File{Name: name, Title: fmt.Sprintf("History — %s — %s", v.Agreement.Name, v.Period.Label()),
		Comment: fmt.Sprintf("The month-by-month tracking of %s, %s.", v.Agreement.Name, v.Period.Label()),
		AltText: "CSV table of monthly SLA figures", Content: buf.Bytes()}
}

// dollars is 1234.50: no sign, no grouping, always cents (a spreadsheet reads it).
func dollars(m sla.Money) string {
	neg := ""
	if m < 0 {
		neg, m = "-", -m
	}
	return fmt.Sprintf("%s%d.%02d", neg, int64(m)/100, int64(m)%100)
}

// PeriodView is the status or report of a quarter or a year: the months'
// counts summed and the rates recomputed from the sums (docs/design.md,
// Periods).
type PeriodView struct {
	HistoryView
	Now      time.Time
	Segments sla.SegmentStatus
}

// PeriodReport renders a period's figures, then its months.
func PeriodReport(v PeriodView) Message {
	a := v.Agreement
	t := sla.TotalRecord(v.Months)
	act := t.Actuals
	rates := act.Rates()
	goal := "no goal set"
	if t.HasGoal {
		goal = fmt.Sprintf("goal %d%s", t.Goal, verdictMark(t.Verdict))
	}
	title := fmt.Sprintf("Report — %s — %s", a.Name, v.Period.Label())
	when := fmt.Sprintf("summed over its %s, as of %s", Plural(len(v.Months), "month", "months"), When(v.Now, a.Location()))
	if t.Over {
		when = fmt.Sprintf("final figures, summed over its %s", Plural(len(v.Months), "month", "months"))
	}
	blocks := []slack.Block{Header(title), Context(when)}
	blocks = append(blocks, leadFields(act, goal, "in the period")...)
	if s := SegmentLines(v.Segments); s != "" {
		blocks = append(blocks, Section(s))
	}
	blocks = append(blocks, Fields("*Recalculated rates* · from the period's sums",
		fmt.Sprintf("*Close rate*\n%s", rates.Close.Percent()),
		fmt.Sprintf("*Deal size*\n%s", rates.Deal.String()),
		fmt.Sprintf("*Marketing share of revenue*\n%s", rates.Share.Percent()),
	)...)
	blocks = append(blocks, tableSections("*By month*\n", HistoryTable(v.HistoryView))...)
	text := fmt.Sprintf("%s: %s, %d became customers, close rate %s, deal size %s, share %s",
		title, Plural(act.MQLs, "MQL", "MQLs"), act.MQLsWon, rates.Close.Percent(), rates.Deal.String(), rates.Share.Percent())
	return Fit(Message{Text: text, Blocks: blocks})
}

// tableSections cuts a monospaced table into sections under Slack's 3,000
// characters a section text (https://api.slack.com/reference/block-kit/blocks),
// whole lines each, the first led by title.
func tableSections(title, table string) []slack.Block {
	var out []slack.Block
	var cur []string
	size := len(title)
	flush := func() {
		if len(cur) > 0 {
			out = append(out, Section(title+"```"+strings.Join(cur, "\n")+"```"))
			title, cur, size = "", nil, 0
		}
	}
	for _, line := range strings.Split(table, "\n") {
		if size+len(line)+1 > MaxSectionText-10 {
			flush()
		}
		cur = append(cur, line)
		size += len(line) + 1
	}
	flush()
	return out
}
