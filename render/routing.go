package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/slabot/slabot/sla"
)

// Routing as people read it (docs/design.md, Routing).

// AwayText lists the away periods in force or to come at now, one line
// each: "<@U1> away 2026-12-24 – 2026-12-31, covered by <@U2>". "" when none.
func AwayText(aways []sla.Away, now time.Time, loc *time.Location) string {
	var lines []string
	for _, w := range aways {
		if !w.Span.To.After(now) {
			continue
		}
		last := w.Span.To.Add(-time.Nanosecond) // the span ends at the start of the day after
		line := fmt.Sprintf("%s away %s – %s", User(w.Rep), sla.DateOf(w.Span.From, loc), sla.DateOf(last, loc))
		if w.Cover != "" {
			line += ", covered by " + User(w.Cover)
		} else {
			line += ", clocks paused"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// RoutingText is the agreement's routing settings in a line or two.
func RoutingText(a sla.Agreement) string {
	reassign := "no reassignment on breach"
	if a.Reassign > 0 {
		reassign = fmt.Sprintf("a lead with no follow-up %s after its speed breach moves to the pool's next rep", a.Calendar().FormatBusiness(a.Reassign))
	}
	unowned := "unowned CRM leads wait for a hand-off"
	if a.PoolUnowned {
		unowned = "unowned CRM leads go to the pool"
	}
	struck := "a rep at the strike limit still gets new leads"
	if a.StrikeRoute && a.StrikeLimit > 0 {
		struck = fmt.Sprintf("a rep at the strike limit (%d this month) gets no new leads: they go to the pool", a.StrikeLimit)
	} else if a.StrikeRoute {
		struck = "strike routing is on but the agreement has no strike limit"
	}
	return reassign + "; " + unowned + "; " + struck
}

// PoolText is `/sla pool`: each rep's weight, cap and pool leads today, in
// the pool's order, with who is away.
func PoolText(a sla.Agreement, ms []sla.PoolMember, aways []sla.Away, now time.Time) string {
	loc := a.Location()
	if len(ms) == 0 {
		return fmt.Sprintf("The %s agreement has no pool yet: `/sla pool add @rep [weight=2] [cap=20]`, then `/sla lead handoff <lead> pool`.\n%s.", Escape(a.Name), RoutingText(a))
	}
	today := sla.DateOf(now, loc)
	var b strings.Builder
	fmt.Fprintf(&b, "*Round-robin pool of %s* (smooth weighted round-robin)\n", Escape(a.Name))
	for _, m := range ms {
		n := 0
		if m.Today == today {
			n = m.Count
		}
		line := fmt.Sprintf("• %s — weight %d", User(m.Rep), m.Weight)
		if m.Cap > 0 {
			line += fmt.Sprintf(", %d of %d today", n, m.Cap)
		} else {
			line += fmt.Sprintf(", %d today, no cap", n)
		}
		if _, away := sla.AwayAt(aways, m.Rep, now); away {
			line += " — away, skipped"
		}
		b.WriteString(line + "\n")
	}
	b.WriteString(RoutingText(a) + ".")
	if t := AwayText(aways, now, loc); t != "" {
		b.WriteString("\n*Away*\n" + t)
	}
	return b.String()
}
