package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// Buttons of an approval DM; their value is the change id, far inside the
// 2,000 characters Slack allows a button's value (Block Kit reference,
// button element), and the DM's text is clipped per item so its section
// stays under the 3,000-character section text limit.
const (
	ActionApproveChange = "change_approve"
	ActionDiscussChange = "change_discuss"
)

// ChangeItemText describes one item of a change: what it sets, from what.
func ChangeItemText(it sla.ChangeItem, cal sla.Calendar) string {
	dur := func(s string, business bool) string {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || s == "" {
			return "not set"
		}
		if business {
			return Business(time.Duration(n)*time.Second, cal)
		}
		return sla.FormatDuration(time.Duration(n) * time.Second)
	}
	or := func(s, none string) string {
		if s == "" {
			return none
		}
		return s
	}
	month := func() string {
		if m, err := sla.ParseMonth(it.Key); err == nil {
			return m.Label()
		}
		return it.Key
	}
	switch it.Kind {
	case sla.ChangeSection:
		if it.After == "" {
			return fmt.Sprintf("clear the *%s* section", it.Key)
		}
		return fmt.Sprintf("*%s*: “%s”", it.Key, Escape(clip(it.After, 300)))
	case sla.ChangeMQL:
		return fmt.Sprintf("MQL goal for %s: %s → *%s*", month(), or(it.Before, "not set"), it.After)
	case sla.ChangePlan:
		in, err := sla.DecodePlanInput(it.After)
		if err != nil {
			return "a plan"
		}
		res, err := sla.ComputePlan(in)
		if err != nil {
			return "a plan"
		}
		return fmt.Sprintf("apply the plan for %s (quota %s, share %s, deal %s, close %s): MQL goal %s → *%d*",
			month(), in.Quota, in.Share, in.Deal, in.Close, or(it.Before, "not set"), res.Leads)
	case sla.ChangeSpeed:
		return fmt.Sprintf("speed target: %s → *%s*", dur(it.Before, true), dur(it.After, true))
	case sla.ChangeWithin:
		return fmt.Sprintf("depth window: %s → *%s*", dur(it.Before, false), dur(it.After, false))
	case sla.ChangeDepth:
		return fmt.Sprintf("depth target: %s → *%s* attempts", or(it.Before, "not set"), it.After)
	case sla.ChangeWarn:
		ratio := func(s string) string {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return "not set"
			}
			return sla.Ratio(n).String()
		}
		return fmt.Sprintf("speed warning: %s → *%s* of the target", ratio(it.Before), ratio(it.After))
	case sla.ChangeException:
		from, to, err := sla.ParseExceptionKey(it.Key)
		if err != nil {
			return "an exception"
		}
		return fmt.Sprintf("add the exception *%s* — %s: the goal line pauses and the follow-up clocks stop", sla.Exception{From: from, To: to}, Escape(it.After))
	case sla.ChangeExceptionRemove:
		from, to, err := sla.ParseExceptionKey(it.Key)
		if err != nil {
			return "remove an exception"
		}
		return fmt.Sprintf("remove the exception *%s* — %s: its days count again", sla.Exception{From: from, To: to}, Escape(it.Before))
	case sla.ChangeService:
		return fmt.Sprintf("customer-service owner: %s → *%s* (a multi-level agreement)", User(it.Before), User(it.After))
	case sla.ChangeSegment, sla.ChangeSegmentRemove, sla.ChangeValue, sla.ChangeSegmentedPlan:
		return segmentItemText(it, month(), or(it.Before, "not set"))
	case sla.ChangeApproval:
		if it.After == "off" {
			return "turn approval *off*: a change by one owner applies at once"
		}
		return "turn approval *on*: a change by one owner waits for the other's approval"
	}
	return fmt.Sprintf("%s %s → %s", it.Kind, it.Key, it.After)
}

// segmentItemText describes the plan-by-segment kinds: a segment's
// mix/deal/close/value, the value goal in money, a plan's per-segment goals.
func segmentItemText(it sla.ChangeItem, month, goalBefore string) string {
	seg := func(s string) string {
		x, err := sla.DecodeSegment(it.Key, s)
		if err != nil {
			return "a segment"
		}
		return strings.TrimPrefix(SegmentLine(x), "*"+Escape(x.Name)+"* ")
	}
	money := func(s string) string {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return "not set"
		}
		return sla.Money(n).String()
	}
	switch it.Kind {
	case sla.ChangeSegment:
		before := "new"
		if it.Before != "" {
			before = seg(it.Before)
		}
		return fmt.Sprintf("segment *%s*: %s → *%s*", Escape(it.Key), before, seg(it.After))
	case sla.ChangeSegmentRemove:
		return fmt.Sprintf("remove the segment *%s* (%s): its leads count as unsegmented", Escape(it.Key), seg(it.Before))
	case sla.ChangeValue:
		return fmt.Sprintf("lead-value goal for %s: %s → *%s*", month, money(it.Before), money(it.After))
	}
	quota, share, segs, err := sla.DecodeSegmentedPlan(it.After)
	if err != nil {
		return "a plan by segment"
	}
	p, err := sla.ComputeSegmentedPlan(quota, share, segs)
	if err != nil {
		return "a plan by segment"
	}
	parts := make([]string, len(p.Lines))
	for i, l := range p.Lines {
		parts[i] = fmt.Sprintf("%s %d", Escape(l.Segment.Name), l.Leads)
	}
	value := ""
	if p.Value > 0 {
		value = fmt.Sprintf(", lead-value goal *%s*", p.Value)
	}
	return fmt.Sprintf("apply the plan by segment for %s (quota %s, share %s): %s = MQL goal %s → *%d*%s",
		month, quota, share, strings.Join(parts, " + "), goalBefore, p.Leads, value)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func changeItems(c sla.Change, cal sla.Calendar) string {
	var b strings.Builder
	for _, it := range c.Items {
		b.WriteString("\n• " + ChangeItemText(it, cal))
	}
	return b.String()
}

// ChangeHeld is the channel's note that a change waits for approval.
func ChangeHeld(a sla.Agreement, c sla.Change) Message {
	return Text(":hourglass_flowing_sand: %s proposed change #%d to the agreement; it takes effect when %s approves it (in the DM I sent, or `/sla agreement approve %d`):%s",
		User(c.By), c.ID, User(c.WaitFor), c.ID, changeItems(c, a.Calendar()))
}

// SignoffRequest is the approval DM to the owner a change waits for.
func SignoffRequest(a sla.Agreement, c sla.Change) Message {
	id := strconv.FormatInt(c.ID, 10)
	text := fmt.Sprintf("%s proposes change #%d to the *%s* agreement (%s); it takes effect when you approve it:%s",
		User(c.By), c.ID, Escape(a.Name), Channel(a.ChannelID), changeItems(c, a.Calendar()))
	return Message{Text: text, Blocks: []slack.Block{
		Section(text),
		Actions("change-"+id,
			Button(ActionApproveChange, id, "Approve", "primary"),
			Button(ActionDiscussChange, id, "Discuss", "")),
	}}
}

// SignoffDiscussed redraws the approval DM after Discuss: the Discuss
// button goes (so a second click cannot post again), Approve stays.
func SignoffDiscussed(a sla.Agreement, c sla.Change) Message {
	id := strconv.FormatInt(c.ID, 10)
	text := fmt.Sprintf("%s proposes change #%d to the *%s* agreement (%s):%s\n:speech_balloon: You asked to discuss it in %s; approve it once you agree.",
		User(c.By), c.ID, Escape(a.Name), Channel(a.ChannelID), changeItems(c, a.Calendar()), Channel(a.ChannelID))
	return Message{Text: text, Blocks: []slack.Block{
		Section(text),
		Actions("change-"+id, Button(ActionApproveChange, id, "Approve", "primary")),
	}}
}

// SignoffDecided redraws the approval DM once the change is decided.
func SignoffDecided(a sla.Agreement, c sla.Change) Message {
	text := fmt.Sprintf("Change #%d to the *%s* agreement, proposed by %s:%s\n%s", c.ID, Escape(a.Name), User(c.By), changeItems(c, a.Calendar()), decision(a, c))
	return Message{Text: text, Blocks: []slack.Block{Section(text)}}
}

func decision(a sla.Agreement, c sla.Change) string {
	switch c.Status {
	case sla.ChangeApplied:
		if c.DecidedBy == "" {
			return fmt.Sprintf(":white_check_mark: Applied at once, %s: version %d.", When(c.At, a.Location()), c.Version)
		}
		return fmt.Sprintf(":white_check_mark: Approved by %s, %s: version %d is in force.", User(c.DecidedBy), When(c.DecidedAt, a.Location()), c.Version)
	case sla.ChangeWithdrawn:
		return fmt.Sprintf(":wastebasket: Withdrawn by %s, %s.", User(c.DecidedBy), When(c.DecidedAt, a.Location()))
	}
	return fmt.Sprintf(":hourglass_flowing_sand: Waiting for %s.", User(c.WaitFor))
}

// ChangeApproved is the channel's note that a change took effect.
func ChangeApproved(a sla.Agreement, c sla.Change) Message {
	return Text(":handshake: %s approved change #%d by %s; version %d of the agreement is in force:%s",
		User(c.DecidedBy), c.ID, User(c.By), c.Version, changeItems(c, a.Calendar()))
}

// ChangeDiscuss is the channel's note that the approver wants to talk first.
func ChangeDiscuss(a sla.Agreement, c sla.Change, who string) Message {
	return Text(":speech_balloon: %s would like to discuss change #%d with %s before approving it; it keeps waiting:%s",
		User(who), c.ID, User(c.By), changeItems(c, a.Calendar()))
}

// SignoffLine is the document's line on its version: in force since, approved by.
func SignoffLine(a sla.Agreement, version int, made sla.Change, hasMade bool, approvalOff bool) string {
	loc := a.Location()
	line := fmt.Sprintf("Version %d", version)
	switch {
	case !hasMade:
		line += fmt.Sprintf(", as set up by %s on %s", User(a.CreatedBy), When(a.CreatedAt, loc))
	case made.DecidedBy != "":
		line += fmt.Sprintf(", change #%d by %s approved by %s on %s", made.ID, User(made.By), User(made.DecidedBy), When(made.DecidedAt, loc))
	default:
		line += fmt.Sprintf(", change #%d by %s applied at once on %s", made.ID, User(made.By), When(made.At, loc))
	}
	if approvalOff {
		line += " · approval off: an owner's change applies at once"
	}
	return line
}

// Changes lists an agreement's changes, pending first, then the past ones
// newest first (at most limit of those).
func Changes(a sla.Agreement, changes []sla.Change, limit int) Message {
	loc, cal := a.Location(), a.Calendar()
	var pending, past []string
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		line := fmt.Sprintf("*#%d* by %s, %s:%s\n%s", c.ID, User(c.By), When(c.At, loc), changeItems(c, cal), decision(a, c))
		if c.Status == sla.ChangePending {
			pending = append([]string{line}, pending...)
		} else if len(past) < limit {
			past = append(past, line)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*Changes to the %s agreement*\n", Escape(a.Name))
	if len(pending) == 0 {
		b.WriteString("_Nothing waiting for approval._\n")
	} else {
		fmt.Fprintf(&b, "*Waiting (%d)*\n%s\n", len(pending), strings.Join(pending, "\n"))
	}
	if len(past) == 0 {
		b.WriteString("_No change since it was set up._")
	} else {
		fmt.Fprintf(&b, "*Past*\n%s", strings.Join(past, "\n"))
	}
	return Message{Text: b.String()}
}

// PausedText says how exceptions pause the month's goal line: "paused 3
// days (2026-12-21 – 2026-12-23: IT outage); the goal is spread over the
// other 28".
func PausedText(a sla.Agreement, m sla.Month, g sla.GoalLine) string {
	var parts []string
	for _, e := range a.ExceptionsIn(m) {
		parts = append(parts, e.String()+": "+Escape(e.Reason))
	}
	if n := m.Days() - len(g.Paused); n > 0 {
		return fmt.Sprintf("paused %s (%s); the goal is spread over the other %d", Plural(len(g.Paused), "day", "days"), strings.Join(parts, "; "), n)
	}
	return fmt.Sprintf("paused all month (%s): no goal to meet or miss", strings.Join(parts, "; "))
}

// ExceptionLines lists exceptions for the document and the report.
func ExceptionLines(exs []sla.Exception) string {
	if len(exs) == 0 {
		return "_none_ — `/sla exception add from=… to=… reason=\"…\"`"
	}
	var lines []string
	for _, e := range exs {
		lines = append(lines, fmt.Sprintf("• %s — %s (%s)", e.String(), Escape(e.Reason), User(e.By)))
	}
	return strings.Join(lines, "\n")
}

// sectionPrompts are the walk-through's questions, one per section
// (Hivehouse's approach: a new agreement is written one section at a time).
var sectionPrompts = map[sla.Section]string{
	sla.SectionSummary:        "what service is promised, to whom, and how success is measured",
	sla.SectionMarketingGoal:  "what marketing promises: MQLs (or lead value) a month, and how the number is derived",
	sla.SectionSharedGoal:     "the goal both teams share, like the revenue closed from marketing's leads",
	sla.SectionSalesGoal:      "what sales promises: how fast and how persistently it follows up each lead",
	sla.SectionMarketingNeeds: "what marketing needs from sales, like a weekly pipeline report",
	sla.SectionSalesNeeds:     "what sales needs from marketing, like complete lead details",
	sla.SectionQualification:  "what makes a lead an MQL here",
	sla.SectionHandoff:        "how a lead is handed to a rep, and when the rep owns it",
	sla.SectionNurturing:      "what happens to the leads sales hands back",
	sla.SectionTouchpoints:    "who owns each goal, who reports to whom, and how often",
	sla.SectionConsequences:   "what happens when a goal is missed",
	sla.SectionCancellation:   "when the agreement is reviewed or ended",
	sla.SectionServiceGoal:    "what customer service promises the new customers",
	sla.SectionServiceNeeds:   "what customer service needs from sales, like the monthly friction report",
}

// NextSection is the walk-through's next step: the first empty section
// with its question, or that the document is complete.
func NextSection(a sla.Agreement) string {
	s, n, ok := a.NextEmpty()
	if !ok {
		return ":white_check_mark: Every section of the document is written. `/sla agreement` shows it."
	}
	return fmt.Sprintf("Next (%s still empty): *%s* — %s: `/sla agreement set %s \"…\"`", Plural(n, "section", "sections"), s, sectionPrompts[s], s)
}

// EmptySections is the document's line on what is still empty.
func EmptySections(a sla.Agreement) string {
	var empty []string
	for _, s := range a.DocumentSections() {
		if a.Text[s] == "" {
			empty = append(empty, string(s))
		}
	}
	if len(empty) == 0 {
		return "Every section is written."
	}
	return fmt.Sprintf("Still empty (%d of %d): %s — `/sla agreement set <section> \"…\"`", len(empty), len(a.DocumentSections()), strings.Join(empty, ", "))
}
