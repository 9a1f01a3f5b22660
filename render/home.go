package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// HomeAgreement is one agreement on a user's App Home.
type HomeAgreement struct {
	Status     sla.StatusInput
	NextDigest time.Time // zero when the digest is off
	Leads      []NudgeItem
	MoreLeads  int64      // open leads not listed
	Aways      []sla.Away // the agreement's reps away now or to come
	// Owner: the user may change the agreement (a party owner or an
	// admin), so the Home offers the plan and targets forms.
	Owner bool
}

// MaxHomeBlocks is Slack's limit for a home tab.
const MaxHomeBlocks = 100

// Home is the App Home tab: each agreement at a glance, the user's own open
// leads with the nudge buttons, and when the next digest comes.
func Home(user string, ags []HomeAgreement, now time.Time) Message {
	blocks := []slack.Block{Header("slabot — your SLAs")}
	if len(ags) == 0 {
		blocks = append(blocks, Section("No agreement in this workspace yet. In the channel where marketing and sales talk, run `/sla setup marketing=@… sales=@…`, then `/sla help`."))
		return Message{Text: "slabot home", Blocks: blocks}
	}
	for _, h := range ags {
		a := h.Status.Agreement
		loc := a.Location()
		digest := "weekly digest off"
		if !h.NextDigest.IsZero() {
			digest = "next digest " + When(h.NextDigest, loc)
		}
		about := []string{fmt.Sprintf("%s · %s", digest, When(now, loc))}
		if h.Owner {
			// The nudge rules are the owner's to change; a second element of
			// the same context block, so the Home spends no block of its 100 on it.
			about = append(about, ":bell: Nudges: "+NudgeRules(a))
		}
		blocks = append(blocks, Divider(),
			Section(fmt.Sprintf("*%s* · %s\n%s", Escape(a.Name), Channel(a.ChannelID), GoalSummary(h.Status))),
			Context(about...))
		if t := AwayText(h.Aways, now, loc); t != "" {
			blocks = append(blocks, Context(":palm_tree: "+strings.ReplaceAll(t, "\n", " · ")))
		}
		// The forms' buttons carry the agreement's channel, where the
		// form's command runs (docs/design.md, Forms).
		forms := []*slack.ButtonBlockElement{Button(ActionFormPrefix+FormLead, a.ChannelID, "Record a lead", "primary")}
		if h.Owner {
			forms = append(forms,
				Button(ActionFormPrefix+FormPlan, a.ChannelID, "Plan the month", ""),
				Button(ActionFormPrefix+FormTarget, a.ChannelID, "Targets", ""))
		}
		blocks = append(blocks, Actions(fmt.Sprintf("forms-%d", a.ID), forms...))
		if len(h.Leads) == 0 {
			blocks = append(blocks, Context("You have no open leads here. :tada:"))
			continue
		}
		blocks = append(blocks, Section("*My open leads*"))
		for _, it := range h.Leads {
			l := it.Lead
			text := LeadLine(l, loc)
			for _, b := range it.Breaches {
				text += "\n" + BreachText(b, it.Cal)
			}
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID(LeadBlockID(l.ID))))
			id := strconv.FormatInt(l.ID, 10)
			buttons := []*slack.ButtonBlockElement{
				Button(ActionAttempt, id, "Log attempt", "primary"),
				Button(ActionContacted, id, "Mark contacted", ""),
			}
			if len(it.Breaches) > 0 {
				buttons = append(buttons, Button(ActionSnooze, id, "Snooze 1 h", ""))
			}
			blocks = append(blocks, Actions(LeadBlockID(l.ID)+"-actions", buttons...))
		}
		if h.MoreLeads > 0 {
			blocks = append(blocks, Context(fmt.Sprintf("…and %d more: `/sla leads mine` in %s", h.MoreLeads, Channel(a.ChannelID))))
		}
	}
	if len(blocks) > MaxHomeBlocks {
		blocks = append(blocks[:MaxHomeBlocks-1], Context("_More not shown._"))
	}
	return Message{Text: "slabot home", Blocks: blocks}
}
