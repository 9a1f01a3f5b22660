package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// maxFrictionLines bounds each list so each of its sections stays within
// Slack's 3,000-character section text (Block Kit reference, section block).
const maxFrictionLines = 12

// FrictionText lists the month's new customers (name, revenue, rep) and the
// friction notes, for the service owner's DM and the report.
func FrictionText(a sla.Agreement, m sla.Month, customers []sla.Lead, notes []sla.FrictionNote) string {
	c, n := frictionParts(a, m, customers, notes)
	return c + "\n" + n
}

func frictionParts(a sla.Agreement, m sla.Month, customers []sla.Lead, notes []sla.FrictionNote) (string, string) {
	var b strings.Builder
	total := sla.Money(0)
	for _, l := range customers {
		total += l.Revenue
	}
	fmt.Fprintf(&b, "*New customers in %s*: %d, %s\n", m.Label(), len(customers), total)
	for i, l := range customers {
		if i == maxFrictionLines {
			fmt.Fprintf(&b, "_…and %d more: `/sla report %s` in %s_\n", len(customers)-i, m, Channel(a.ChannelID))
			break
		}
		fmt.Fprintf(&b, "• %s %s — %s · rep %s\n", l.ShortID(), Escape(clip(l.Label(), 80)), l.Revenue, User(l.Owner))
	}
	first := strings.TrimRight(b.String(), "\n")
	b.Reset()
	fmt.Fprintf(&b, "*Customer friction*: %s\n", Plural(len(notes), "note", "notes"))
	if len(notes) == 0 {
		b.WriteString("_none noted — `/sla friction add <lead> \"…\"`_")
	}
	for i, n := range notes {
		if i == maxFrictionLines {
			fmt.Fprintf(&b, "_…and %d more_", len(notes)-i)
			break
		}
		fmt.Fprintf(&b, "• %s %s: “%s” (%s)\n", n.Lead.ShortID(), Escape(clip(n.Lead.Label(), 60)), Escape(clip(n.Note, 150)), User(n.By))
	}
	return first, strings.TrimRight(b.String(), "\n")
}

// FrictionReport is the service owner's monthly DM.
func FrictionReport(a sla.Agreement, m sla.Month, customers []sla.Lead, notes []sla.FrictionNote) Message {
	head := fmt.Sprintf("Customer friction report, %s — %s (%s), from sales %s", m.Label(), Escape(a.Name), Channel(a.ChannelID), User(a.Sales))
	c, n := frictionParts(a, m, customers, notes)
	return Message{Text: head + "\n" + c + "\n" + n, Blocks: []slack.Block{Section("*" + head + "*"), Section(c), Section(n)}}
}

// WithFriction appends the month's customers and friction notes to m, one
// section each.
func WithFriction(m Message, a sla.Agreement, month sla.Month, customers []sla.Lead, notes []sla.FrictionNote) Message {
	c, n := frictionParts(a, month, customers, notes)
	return m.With(Section(c), c).With(Section(n), n)
}
