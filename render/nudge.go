package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// Button action ids of a nudge; the value is the lead's row id.
const (
	ActionAttempt   = "lead_attempt"
	ActionContacted = "lead_contacted"
	// ActionConfirmWon confirms a revenue far above the plan's deal size.
	ActionConfirmWon = "lead_won_confirm"
	ActionSnooze     = "lead_snooze"
)

// MaxNudgeLeads is how many leads one nudge DM shows with buttons (two
// blocks each, under Slack's 50-block limit); the rest are named in one
// line, so every lead is still in the message.
const MaxNudgeLeads = 20

// NudgeItem is one lead in a nudge DM.
type NudgeItem struct {
	Lead      sla.Lead
	Agreement string
	Breaches  []sla.Breach
	Cal       sla.Calendar // the agreement's: business time in its working days
	Done      string       // set after a button was used: what was done, shown instead of the buttons
	Note      string       // shown above the buttons, which stay (after Snooze)
}

// LeadBlockID names the blocks of a lead in a nudge so a click can find them.
func LeadBlockID(leadID int64) string { return "lead-" + strconv.FormatInt(leadID, 10) }

// ParseLeadBlockID reads a lead id back from a block id ("lead-42" or "lead-42-actions").
func ParseLeadBlockID(s string) (int64, bool) {
	rest, ok := strings.CutPrefix(s, "lead-")
	if !ok {
		return 0, false
	}
	rest, _, _ = strings.Cut(rest, "-")
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// Nudge is the direct message that tells an owner which leads are slipping,
// with buttons to act on each.
func Nudge(items []NudgeItem, loc *time.Location) Message {
	late, warn, fresh := 0, 0, 0
	for _, it := range items {
		for _, b := range it.Breaches {
			switch b.Kind {
			case sla.SpeedWarning:
				warn++
			case sla.HandoffNotice:
				fresh++
			default:
				late++
			}
		}
	}
	head := fmt.Sprintf(":rotating_light: %s need%s you", Plural(len(items), "lead", "leads"), map[bool]string{true: "s", false: ""}[len(items) == 1])
	switch {
	case late == 0 && warn > 0:
		head = fmt.Sprintf(":hourglass: %s about to miss the follow-up target", Plural(warn, "lead is", "leads are"))
		if fresh > 0 {
			head += fmt.Sprintf(", and %s for you", Plural(fresh, "new lead", "new leads"))
		}
	case late == 0 && fresh == 1:
		// One new lead (the others of a redrawn DM handled): name it.
		for _, it := range items {
			for _, b := range it.Breaches {
				if b.Kind == sla.HandoffNotice {
					head = fmt.Sprintf(":inbox_tray: New lead %s for you", it.Lead.ShortID())
				}
			}
		}
	case late == 0 && fresh > 0:
		head = fmt.Sprintf(":inbox_tray: %d new leads for you", fresh)
	case late == 0:
		// redrawn after the buttons were used: nothing in it is late any more
		head = ":white_check_mark: Handled — nothing here is overdue now"
	}
	blocks := []slack.Block{Section("*" + head + "*")}
	var fallback, rest []string
	for i, it := range items {
		l := it.Lead
		fallback = append(fallback, l.ShortID())
		if i >= MaxNudgeLeads {
			rest = append(rest, l.ShortID())
			continue
		}
		var lines []string
		for _, b := range it.Breaches {
			if b.Kind == sla.HandoffNotice && !l.AssignedAt.IsZero() {
				// a move's notice (sla.Move): the lead came from another rep
				lines = append(lines, MovedText(b, it.Cal))
				continue
			}
			lines = append(lines, BreachText(b, it.Cal))
		}
		if len(lines) == 0 && it.Done == "" {
			lines = append(lines, "No longer overdue.")
		}
		where := ""
		if it.Agreement != "" {
			where = " · " + Escape(it.Agreement)
		}
		text := fmt.Sprintf("*%s* %s%s\nHanded off %s · %s\n%s", l.ShortID(), Escape(l.Label()), where,
			When(l.HandedOffAt, loc), Plural(l.Attempts, "attempt", "attempts"), strings.Join(lines, "\n"))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID(LeadBlockID(l.ID))))
		id := strconv.FormatInt(l.ID, 10)
		switch {
		case it.Done != "":
			blocks = append(blocks, Context(it.Done))
		case it.Note != "":
			// Snoozed: the lead can still be worked from here.
			blocks = append(blocks, Context(it.Note), Actions(LeadBlockID(l.ID)+"-actions",
				Button(ActionAttempt, id, "Log attempt", "primary"),
				Button(ActionContacted, id, "Mark contacted", "")))
		case len(it.Breaches) > 0:
			blocks = append(blocks, Actions(LeadBlockID(l.ID)+"-actions",
				Button(ActionAttempt, id, "Log attempt", "primary"),
				Button(ActionContacted, id, "Mark contacted", ""),
				Button(ActionSnooze, id, "Snooze 1 h", "")))
		}
	}
	if len(rest) > 0 {
		blocks = append(blocks, Context(fmt.Sprintf("Also open: %s — `/sla leads overdue` lists them with what is late.", strings.Join(rest, ", "))))
	}
	return Fit(Message{Text: head + ": " + strings.Join(fallback, ", "), Blocks: blocks})
}

// Escalation tells the sales owner that a rep reached the strike limit.
func Escalation(a sla.Agreement, month sla.Month, owner string, strikes []string) Message {
	text := fmt.Sprintf(":warning: *%s has %s in %s* on the %s agreement (limit %d): %s.",
		User(owner), Plural(len(strikes), "strike", "strikes"), month.Label(), Escape(a.Name), a.StrikeLimit, strings.Join(strikes, ", "))
	if c := a.Text[sla.SectionConsequences]; c != "" {
		text += "\nThe agreement says:\n>" + strings.ReplaceAll(Escape(c), "\n", "\n>")
	}
	return Message{Text: text, Blocks: []slack.Block{Section(text), Context("`/sla leads overdue` in " + Channel(a.ChannelID) + " lists what is late now.")}}
}

// ConfirmRevenue asks whether a revenue far above the plan's deal size is
// meant; nothing is recorded until the button (its value names the lead,
// revenue and time) or `confirm` says so.
func ConfirmRevenue(l sla.Lead, revenue, ceiling, planDeal sla.Money, value string) Message {
	why := fmt.Sprintf("more than ten times the plan's deal size of %s", planDeal)
	if planDeal == 0 {
		why = fmt.Sprintf("more than %s, and there is no plan to compare it with", ceiling)
	}
	text := fmt.Sprintf(":raised_eyebrow: %s for %s is %s. Nothing is recorded yet: is it right?", revenue, l.ShortID(), why)
	return Message{Text: text, Blocks: []slack.Block{
		Section(text),
		Actions("confirm-revenue", Button(ActionConfirmWon, value, "Yes, record "+revenue.String(), "primary")),
		Context(fmt.Sprintf("Or fix the amount: `/sla lead won %s revenue=<money>`, or add `confirm` to the command.", l.ShortID())),
	}}
}
