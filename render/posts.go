package render

import (
	"fmt"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// Digest is the weekly digest's message: the status with its own header;
// the three charts follow as files.
func Digest(in sla.StatusInput) Message {
	m := Status(in)
	m.Blocks[0] = Header(fmt.Sprintf("Weekly digest — %s — %s", in.Agreement.Name, in.Month.Label()))
	m.Text = "Weekly digest: " + m.Text
	return Fit(m)
}

// GoalCelebration is posted once when the month's MQL goal is reached on day.
func GoalCelebration(in sla.StatusInput, day int) Message {
	a := in.Agreement
	g, _ := in.Line()
	early := ""
	if left := g.Days - day; left > 0 {
		early = fmt.Sprintf(", %s before the month ends", Plural(left, "day", "days"))
	}
	text := fmt.Sprintf(":tada: *%s reached its %s MQL goal!* %d of %d leads, goal reached on day %d%s. Thank you, %s and team!",
		Escape(a.Name), in.Month.Label(), g.Actual, g.Judged(), day, early, User(a.Marketing))
	ctx := "Sales: no first follow-ups measured yet this month."
	if in.Figures.Speed.N > 0 {
		ctx = fmt.Sprintf("Sales: median first follow-up %s, %d of %d handed-off leads worked.",
			a.Calendar().FormatBusiness(in.Figures.Speed.Median), in.Figures.Depth.Worked, in.Figures.Depth.HandedOff)
	}
	return Message{Text: text, Blocks: []slack.Block{Section(text), Context(ctx)}}
}

// SalesCelebration is posted at month close when speed and depth were met.
func SalesCelebration(in sla.StatusInput) Message {
	a := in.Agreement
	f := in.Figures
	avg, _ := f.Depth.AvgAttempts()
	text := fmt.Sprintf(":trophy: *Sales met the follow-up SLA for %s!* Median first follow-up %s (target %s), %s attempts on leads not yet reached (target %d). Well done, %s and team!",
		in.Month.Label(), a.Calendar().FormatBusiness(f.Speed.Median), a.Calendar().FormatBusiness(in.Targets.Speed), sla.FormatCount(avg), in.Targets.Depth, User(a.Sales))
	return Message{Text: text, Blocks: []slack.Block{Section(text)}}
}

// ReviewPrompt asks the owners to review the agreement when its
// cancellation terms are met (slabot never cancels anything itself).
func ReviewPrompt(a sla.Agreement, misses int) Message {
	terms := ""
	if t := a.Text[sla.SectionCancellation]; t != "" {
		terms = "\n>" + Escape(t)
	}
	text := fmt.Sprintf(":scales: *Time to review the %s agreement.* The MQL goal was missed %s in a row, which meets its cancellation terms.%s\n%s and %s: keep it, change the goals (`/sla plan …`), or end it. slabot changes nothing by itself.",
		Escape(a.Name), Plural(misses, "month", "months"), terms, User(a.Marketing), User(a.Sales))
	return Message{Text: text, Blocks: []slack.Block{Section(text)}}
}

// Midpoint is the mid-month review reminder.
func Midpoint(in sla.StatusInput) Message {
	a := in.Agreement
	head := fmt.Sprintf(":hourglass_flowing_sand: *Mid-month review for %s, %s.* Halfway through: do the numbers still hold?", Escape(a.Name), in.Month.Label())
	lines := []string{head, "• Marketing: " + GoalSummary(in)}
	speed := "no first follow-ups yet"
	if in.Figures.Speed.N > 0 {
		speed = fmt.Sprintf("average first follow-up %s (target %s)", a.Calendar().FormatBusiness(in.Figures.Speed.Avg), a.Calendar().FormatBusiness(in.Targets.Speed))
	}
	lines = append(lines, "• Sales: "+speed)
	if b := in.Breaches.Total(); b > 0 {
		lines = append(lines, fmt.Sprintf("• %s open — `/sla leads overdue`", Plural(b, "breach", "breaches")))
	}
	text := ""
	for i, l := range lines {
		if i > 0 {
			text += "\n"
		}
		text += l
	}
	return Message{Text: head, Blocks: []slack.Block{Section(text), Context(fmt.Sprintf("%s and %s: `/sla status` for the details.", User(a.Marketing), User(a.Sales)))}}
}
