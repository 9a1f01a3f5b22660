package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// Segments lists an agreement's segments (docs/design.md, Segments and lead value).
func Segments(name string, segs []sla.Segment) Message {
	if len(segs) == 0 {
		return Text("The %s agreement has no segments. Add one with `/sla segment set <name> mix=… deal=… close=… [value=…]`.", Escape(name))
	}
	lines := make([]string, 0, len(segs)+1)
	for _, s := range segs {
		lines = append(lines, "• "+SegmentLine(s))
	}
	foot := fmt.Sprintf("Mixes add up to %s.", sla.MixTotal(segs))
	if t := sla.MixTotal(segs); t != sla.RatioOne {
		foot = fmt.Sprintf(":warning: Mixes add up to %s, not 100%%: `/sla plan` by segment needs them to.", t)
	}
	return Message{
		Text: fmt.Sprintf("Segments of %s: %s", name, sla.MixList(segs)),
		Blocks: []slack.Block{
			Header("Segments — " + name),
			Section(strings.Join(lines, "\n")),
			Context(foot),
		},
	}
}

// SegmentLine is one segment's figures: "*exec* mix 50% · deal $5,000 · close 25% · $100 a lead".
func SegmentLine(s sla.Segment) string {
	v := "no lead value"
	if s.Value > 0 {
		v = s.Value.String() + " a lead"
	}
	return fmt.Sprintf("*%s* mix %s · deal %s · close %s · %s", Escape(s.Name), s.Mix, s.Deal, s.Close, v)
}

// SegmentedPlanView is `/sla plan` by segment.
type SegmentedPlanView struct {
	Month   sla.Month
	Quota   sla.Money
	Share   sla.Ratio
	Plan    sla.SegmentedPlan
	Applied bool
	// Capacity, when the reps are known, warns when the goal is over their hours.
	Capacity *sla.Capacity
}

// SegmentedPlan shows the working of a segmented plan, segment by segment.
func SegmentedPlan(v SegmentedPlanView) Message {
	p := v.Plan
	lines := segmentedPlanLines(v.Quota, v.Share, p)
	var foot string
	if v.Applied {
		foot = fmt.Sprintf(":white_check_mark: %d MQLs, one goal per segment", p.Leads)
		if p.Value > 0 {
			foot += " and " + p.Value.String() + " of lead value"
		}
		foot += " are now the goals for " + v.Month.Label() + "."
	} else {
		foot = "Add `apply` to make these the month's goals. Rounding up is per segment."
	}
	blocks := []slack.Block{
		Header(fmt.Sprintf("Plan by segment for %s", v.Month.Label())),
		Section(strings.Join(lines, "\n")),
	}
	if c := v.Capacity; c != nil && c.Over() {
		blocks = append(blocks, Section(":warning: "+CapacitySummary(*c)))
	}
	blocks = append(blocks, Context(foot))
	text := fmt.Sprintf("Plan by segment for %s: %d MQLs (%d customers, %s)", v.Month.Label(), p.Leads, p.Customers, p.Revenue)
	if p.Value > 0 {
		text += ", value goal " + p.Value.String()
	}
	return Fit(Message{Text: text, Blocks: blocks})
}

// segmentedPlanLines are a segmented plan's working, segment by segment:
// the command's reply and the plan form's live figures show the same lines.
func segmentedPlanLines(quota sla.Money, share sla.Ratio, p sla.SegmentedPlan) []string {
	lines := []string{fmt.Sprintf("*Marketing revenue target* R = quota × share = %s × %s = *%s*", quota, share, p.Revenue)}
	for _, l := range p.Lines {
		s := l.Segment
		line := fmt.Sprintf("*%s* R = %s × %s = %s · C = ⌈%s ÷ %s⌉ = %d · L = ⌈%d ÷ %s⌉ = *%d*",
			Escape(s.Name), p.Revenue, s.Mix, l.Revenue, l.Revenue, s.Deal, l.Customers, l.Customers, s.Close, l.Leads)
		if s.Value > 0 {
			line += fmt.Sprintf(" · value %d × %s = %s", l.Leads, s.Value, l.Value)
		}
		lines = append(lines, line)
	}
	sum := make([]string, len(p.Lines))
	for i, l := range p.Lines {
		sum[i] = fmt.Sprint(l.Leads)
	}
	lines = append(lines, fmt.Sprintf("*Leads needed* L = %s = *%d MQLs* (%d customers)", strings.Join(sum, " + "), p.Leads, p.Customers))
	if p.Value > 0 {
		lines = append(lines, fmt.Sprintf("*Value goal* V = Σ L × value = *%s* of lead value", p.Value))
	}
	return lines
}

// CapacitySummary is one line: "54 leads a rep need 54 h of 40 h (135%): over capacity; the hours allow 4 attempts a lead."
func CapacitySummary(c sla.Capacity) string {
	s := fmt.Sprintf("%s MQLs shared by %s is %s leads a rep needing %s h of their %d h (%s)",
		fmt.Sprint(c.Goal), Plural(c.Reps, "rep", "reps"), frac(c.LeadsPerRep), frac(c.HoursNeeded), c.Hours, c.Load.Percent())
	if c.Over() {
		s += ": *over capacity*"
	}
	if c.DeepestOK {
		s += fmt.Sprintf("; the hours allow %s a lead (depth target %d)", Plural(int(c.Deepest), "attempt", "attempts"), c.Depth)
	}
	return s + "."
}

func frac(f sla.Fraction) string {
	v, ok := f.Value()
	if !ok {
		return sla.NA
	}
	return sla.FormatCount(v)
}

// CapacityView is `/sla capacity`.
type CapacityView struct {
	Month       sla.Month
	Capacity    sla.Capacity
	RepsCounted bool // reps is the count of reps with hand-offs in the last 30 days
}

// Capacity shows the reps' capacity against the month's goal (docs/design.md, Rep capacity).
func Capacity(v CapacityView) Message {
	c := v.Capacity
	reps := Plural(c.Reps, "rep", "reps")
	if v.RepsCounted {
		reps += " (who had hand-offs in the last 30 days; `reps=` to say otherwise)"
	}
	deepest := sla.NA
	if c.DeepestOK {
		deepest = fmt.Sprintf("⌊%d h × 60 ÷ (%s × %d min)⌋ = *%s*", c.Hours, frac(c.LeadsPerRep), c.Minutes, Plural(int(c.Deepest), "attempt", "attempts"))
	}
	verdict := ":white_check_mark: within capacity"
	if c.Over() {
		verdict = ":warning: *over capacity*: fewer leads a rep, more reps, more hours, or a shallower depth target"
	}
	lines := []string{
		fmt.Sprintf("*Leads per rep* = %d MQLs ÷ %s = *%s*", c.Goal, reps, frac(c.LeadsPerRep)),
		fmt.Sprintf("*Attempts per rep* = %s × depth %d = *%s*", frac(c.LeadsPerRep), c.Depth, frac(c.AttemptsPerRep)),
		fmt.Sprintf("*Hours needed per rep* = %s × %d min ÷ 60 = *%s h* of %d h available", frac(c.AttemptsPerRep), c.Minutes, frac(c.HoursNeeded), c.Hours),
		fmt.Sprintf("*Load* = %s h ÷ %d h = *%s* — %s", frac(c.HoursNeeded), c.Hours, c.Load.Percent(), verdict),
		"*Deepest follow-up the hours allow* = " + deepest,
	}
	return Message{
		Text: fmt.Sprintf("Capacity for %s: %s leads a rep, %s h needed of %d h (%s)", v.Month.Label(), frac(c.LeadsPerRep), frac(c.HoursNeeded), c.Hours, c.Load.Percent()),
		Blocks: []slack.Block{
			Header("Rep capacity — " + v.Month.Label()),
			Section(strings.Join(lines, "\n")),
			Context(fmt.Sprintf("%d minutes an attempt, %d hours a rep a month for marketing leads: `minutes=` and `hours=` to change.", c.Minutes, c.Hours)),
		},
	}
}

// SegmentLines are the per-segment MQLs against their goals and the lead
// value against the value goal, one line each, for status, the digest and
// the report; "" when there is nothing to show. A line per segment reads
// better in a message than a second waterfall (docs/design.md, Segments and
// lead value).
func SegmentLines(st sla.SegmentStatus) string {
	if !st.Shown() {
		return ""
	}
	var lines []string
	for _, r := range st.Rows {
		line := fmt.Sprintf("• *%s* %s", Escape(r.Name), Plural(r.MQLs, "MQL", "MQLs"))
		switch {
		case r.Name == sla.Unsegmented:
			line = fmt.Sprintf("• _%s_ %s (no segment, or one not defined: they count toward the total only)", sla.Unsegmented, Plural(r.MQLs, "MQL", "MQLs"))
		case r.HasGoal:
			line = fmt.Sprintf("• *%s* %d of %d%s", Escape(r.Name), r.MQLs, r.Goal, goalPct(r.MQLs, r.Goal))
		}
		if r.Value > 0 {
			line += " · " + r.Value.String()
		}
		lines = append(lines, line)
	}
	v := fmt.Sprintf("*Lead value* %s", st.Value)
	if st.ValueGoal > 0 {
		v += fmt.Sprintf(" of %s%s", st.ValueGoal, goalPct(int(st.Value), int(st.ValueGoal)))
	}
	return "*By segment*\n" + strings.Join(lines, "\n") + "\n" + v
}

// goalPct is " (15%)" of a goal, "" when the goal is 0.
func goalPct(n, goal int) string {
	f := sla.Fraction{Num: float64(n), Den: float64(goal)}
	if _, ok := f.Value(); !ok {
		return ""
	}
	return " (" + f.Percent() + ")"
}

// SegmentBrief is the per-segment line in one sentence, for a chart's
// comment: "By segment: exec 5 of 16, manager 24 of 80, unsegmented 2; lead value $2,490 of $7,360."
func SegmentBrief(st sla.SegmentStatus) string {
	if !st.Shown() {
		return ""
	}
	var parts []string
	for _, r := range st.Rows {
		if r.HasGoal {
			parts = append(parts, fmt.Sprintf("%s %d of %d", r.Name, r.MQLs, r.Goal))
		} else {
			parts = append(parts, fmt.Sprintf("%s %d", r.Name, r.MQLs))
		}
	}
	v := "lead value " + st.Value.String()
	if st.ValueGoal > 0 {
		v += " of " + st.ValueGoal.String()
	}
	if len(parts) == 0 {
		return "By value: " + v + "."
	}
	return "By segment: " + strings.Join(parts, ", ") + "; " + v + "."
}
