package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// Scorecards (docs/design.md, Routing): per rep, in plain text names (a
// channel post must not @-mention anyone), "% within target" first.

// RepName is the rep's display name from names, or the bare user id as
// plain text: never a mention. Slack's "Formatting text for app surfaces"
// makes <@U…> a mention and &, <, > control characters, so the name is
// escaped: a display name typed as "<@U1>" cannot ping anyone.
func RepName(names map[string]string, rep string) string {
	if n := strings.TrimSpace(names[rep]); n != "" {
		return Escape(n)
	}
	return Escape(rep)
}

// ScorecardLines is one line per rep, sorted by name.
func ScorecardLines(a sla.Agreement, month sla.Month, t sla.Targets, cards []sla.Scorecard, names map[string]string) []string {
	cal := a.Calendar()
	cards = append([]sla.Scorecard(nil), cards...)
	sort.SliceStable(cards, func(i, j int) bool {
		return strings.ToLower(RepName(names, cards[i].Rep)) < strings.ToLower(RepName(names, cards[j].Rep))
	})
	var lines []string
	for _, c := range cards {
		within := "n/a within target (none settled yet)"
		if r, ok := c.WithinShare(); ok {
			within = fmt.Sprintf("*%s* within %s (%d of %d)", r, cal.FormatBusiness(t.Speed), c.WithinTarget, c.Judged)
		}
		median := "median speed n/a"
		if c.Speed.N > 0 {
			median = "median speed " + cal.FormatBusiness(c.Speed.Median)
		}
		depth := "depth n/a (no mature lead yet)"
		if avg, ok := c.Depth.AvgAttempts(); ok {
			depth = fmt.Sprintf("depth %.1f attempts on %s", avg, Plural(c.Depth.Uncontacted, "mature lead", "mature leads"))
		}
		if avg, ok := c.Depth.InWindowAvg(); ok {
			depth += fmt.Sprintf("; %d in their window, %.1f attempts so far", c.Depth.InWindow, avg)
		}
		line := fmt.Sprintf("• *%s* — %d handed off · %s · %s · %s · %s",
			RepName(names, c.Rep), c.HandedOff, within, median, depth, Plural(c.Strikes, "strike", "strikes"))
		if best, worst, ok := c.BestWorst(); ok && best.Week != worst.Week {
			line += fmt.Sprintf(" · best week %s (%s), worst %s (%s)",
				month.WeekLabel(best.Week), weekShare(best), month.WeekLabel(worst.Week), weekShare(worst))
		}
		lines = append(lines, line)
	}
	return lines
}

func weekShare(w sla.RepWeek) string {
	return sla.Ratio(int64(w.WithinTarget) * int64(sla.RatioOne) / int64(w.Judged)).String()
}

// Scorecards is `/sla status reps`.
func Scorecards(a sla.Agreement, month sla.Month, t sla.Targets, cards []sla.Scorecard, names map[string]string) Message {
	title := fmt.Sprintf("Rep scorecards — %s — %s", a.Name, month.Label())
	if len(cards) == 0 {
		return Message{Text: title + ": no lead handed off yet.", Blocks: []slack.Block{Header(title), Section("No lead handed off to a rep yet this month.")}}
	}
	lines := ScorecardLines(a, month, t, cards, names)
	blocks := []slack.Block{Header(title)}
	blocks = append(blocks, chunkSections(lines)...)
	blocks = append(blocks, Context(fmt.Sprintf("%% within target: share of settled leads (followed up, or past the %s target) first followed up within it. Depth counts only leads whose %s window has ended.",
		a.Calendar().FormatBusiness(t.Speed), sla.FormatDuration(t.Within))))
	return Fit(Message{Text: title, Blocks: blocks})
}

// ScorecardBlocks is the digest's section: a title and the lines.
func ScorecardBlocks(a sla.Agreement, month sla.Month, t sla.Targets, cards []sla.Scorecard, names map[string]string) []slack.Block {
	if len(cards) == 0 {
		return nil
	}
	lines := ScorecardLines(a, month, t, cards, names)
	lines[0] = "*Reps*\n" + lines[0]
	return chunkSections(lines)
}

// chunkSections packs lines into sections under Slack's 3,000-character
// limit for a section's text.
func chunkSections(lines []string) []slack.Block {
	var out []slack.Block
	var cur strings.Builder
	for _, l := range lines {
		if cur.Len() > 0 && cur.Len()+len(l)+1 > 2900 {
			out = append(out, Section(cur.String()))
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteString("\n")
		}
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		out = append(out, Section(cur.String()))
	}
	return out
}
