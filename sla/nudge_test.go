package sla

import (
	"testing"
	"time"
)

func TestDecideNudges(t *testing.T) {
	// Mon–Fri 09:00–17:00 UTC; hand-off Monday 2026-11-30 09:00.
	cal := Calendar{Hours: DefaultHours, Loc: time.UTC}
	tg := Targets{Speed: time.Hour, Depth: 6, Within: 14 * 24 * time.Hour, Warn: Percent(75)}
	mon := func(h, m int) time.Time { return time.Date(2026, 11, 30, h, m, 0, 0, time.UTC) }
	lead := Lead{Seq: 1, CreatedAt: mon(9, 0), HandedOffAt: mon(9, 0), SpeedSecs: -1}
	warnAt, speedAt := mon(9, 45), mon(10, 0)
	depthAt := mon(9, 0).Add(14 * 24 * time.Hour) // Monday 14 Dec 09:00

	kinds := func(bs []Breach) (out []BreachKind) {
		for _, b := range bs {
			out = append(out, b.Kind)
		}
		return
	}
	eq := func(a, b []BreachKind) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	cases := []struct {
		name     string
		lead     Lead
		sent     map[BreachKind]NudgeState
		reminded time.Time // the owner's last reminder
		now      time.Time
		send     []BreachKind
		strikes  []BreachKind
		next     time.Time
	}{
		{name: "before the warning: nothing, look again at the warning",
			lead: lead, now: mon(9, 30), next: warnAt},
		{name: "warning due: nudge, no strike, look again at the breach",
			lead: lead, now: warnAt, send: []BreachKind{SpeedWarning}, next: speedAt},
		{name: "warning already sent: nothing until the breach",
			lead: lead, now: mon(9, 50), sent: map[BreachKind]NudgeState{SpeedWarning: {LastAt: warnAt, Count: 1}}, next: speedAt},
		{name: "speed breach: nudge and strike; repeat after 4 business hours (14:00)",
			lead: lead, now: speedAt, sent: map[BreachKind]NudgeState{SpeedWarning: {LastAt: warnAt, Count: 1}},
			send: []BreachKind{SpeedBreach}, strikes: []BreachKind{SpeedBreach}, next: mon(14, 0)},
		{name: "breach nudged at 10:00, now 13:59: wait for the repeat",
			lead: lead, now: mon(13, 59), sent: map[BreachKind]NudgeState{SpeedBreach: {LastAt: speedAt, Count: 1}}, next: mon(14, 0)},
		{name: "repeat at 14:00: nudge again, no new strike; next repeat 4 business hours later = Tue 10:00",
			lead: lead, now: mon(14, 0), sent: map[BreachKind]NudgeState{SpeedBreach: {LastAt: speedAt, Count: 1}},
			send: []BreachKind{SpeedBreach}, next: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)},
		{name: "outside business hours: wait for the next business hour, send nothing",
			lead: lead, now: mon(20, 0), sent: map[BreachKind]NudgeState{SpeedBreach: {LastAt: speedAt, Count: 1}},
			next: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)},
		{name: "snoozed: nothing until the snooze ends",
			lead: func() Lead { l := lead; l.SnoozedUntil = mon(11, 30); return l }(), now: mon(10, 30),
			next: mon(11, 30)},
		{name: "attempted: the speed clock stopped; next look is the depth window",
			lead: func() Lead { l := lead; l.Attempts, l.FirstAttemptAt = 1, mon(10, 30); return l }(), now: mon(10, 31),
			sent: map[BreachKind]NudgeState{SpeedBreach: {LastAt: speedAt, Count: 1}}, next: depthAt},
		{name: "depth window passed with 2 of 6 attempts: nudge and strike",
			lead: func() Lead { l := lead; l.Attempts, l.FirstAttemptAt = 2, mon(9, 30); return l }(), now: depthAt,
			send: []BreachKind{DepthBreach}, strikes: []BreachKind{DepthBreach}, next: time.Date(2026, 12, 14, 13, 0, 0, 0, time.UTC)},
		{name: "a breach due more than 30 days ago (imported history) is not nudged",
			lead: func() Lead { l := lead; l.Attempts, l.FirstAttemptAt = 2, mon(9, 30); return l }(), now: depthAt.Add(31 * 24 * time.Hour),
			next: time.Time{}},
		{name: "contacted: every clock stopped, never look again",
			lead: func() Lead { l := lead; l.ContactedAt = mon(10, 5); return l }(), now: mon(14, 0),
			sent: map[BreachKind]NudgeState{SpeedBreach: {LastAt: speedAt, Count: 1}}, next: time.Time{}},
	}
	rep := func(l Lead) Lead { l.Owner = "UREP"; return l }
	cases = append(cases, []struct {
		name     string
		lead     Lead
		sent     map[BreachKind]NudgeState
		reminded time.Time
		now      time.Time
		send     []BreachKind
		strikes  []BreachKind
		next     time.Time
	}{
		{name: "just handed off to a rep: the notice goes at once, look again at the warning",
			lead: rep(lead), now: mon(9, 2), send: []BreachKind{HandoffNotice}, next: warnAt},
		{name: "the rep was told already: nothing until the warning",
			lead: func() Lead { l := rep(lead); l.ToldOwner = "UREP"; return l }(), now: mon(9, 2), next: warnAt},
		{name: "handed off at night: the notice waits for 09:00",
			lead: func() Lead { l := rep(lead); l.HandedOffAt = mon(7, 0); return l }(), now: mon(7, 0), next: mon(9, 0)},
		{name: "told of nothing yet and already late: the breach line says it, no separate notice",
			lead: rep(lead), now: speedAt, send: []BreachKind{SpeedBreach}, strikes: []BreachKind{SpeedBreach}, next: mon(14, 0)},
		{name: "handed to a new rep while late: the new rep hears of the breach now, the strike stays with the first",
			lead: func() Lead { l := rep(lead); l.ToldOwner = "UOLD"; return l }(), now: mon(11, 0),
			sent: map[BreachKind]NudgeState{SpeedBreach: {LastAt: speedAt, Count: 1}}, send: []BreachKind{SpeedBreach}, next: mon(15, 0)},
		{name: "first nudge inside the owner's running reminder cycle (10:30 + 4h = 14:30) joins it",
			lead: lead, now: speedAt, reminded: mon(10, 30), sent: map[BreachKind]NudgeState{SpeedWarning: {LastAt: warnAt, Count: 1}},
			send: []BreachKind{SpeedBreach}, strikes: []BreachKind{SpeedBreach}, next: mon(14, 30)},
		{name: "the owner's reminder came at 12:00 with this breach in it: repeat at 16:00, not 14:00",
			lead: lead, now: mon(14, 0), reminded: mon(12, 0), sent: map[BreachKind]NudgeState{SpeedBreach: {LastAt: mon(12, 0), Count: 2}},
			next: mon(16, 0)},
		{name: "another lead's reminder is due at 13:00 (09:00 + 4h): this breach, nudged 10:00, is folded in",
			lead: lead, now: mon(13, 0), reminded: mon(9, 0), sent: map[BreachKind]NudgeState{SpeedBreach: {LastAt: speedAt, Count: 1}},
			send: []BreachKind{SpeedBreach}, next: mon(17, 0)}, // 13:00 + 4 business hours
		{name: "a cycle that ended before the breach was nudged does not hold it: repeat after its own 4 hours",
			lead: lead, now: mon(13, 0), reminded: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), sent: map[BreachKind]NudgeState{SpeedBreach: {LastAt: speedAt, Count: 1}},
			next: mon(14, 0)},
	}...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := DecideNudges(c.lead, tg, cal, 4*time.Hour, c.sent, c.reminded, c.now)
			if !eq(kinds(d.Send), c.send) || !eq(d.Strikes, c.strikes) || !d.NextCheck.Equal(c.next) {
				t.Fatalf("send %v strikes %v next %v; want send %v strikes %v next %v",
					kinds(d.Send), d.Strikes, d.NextCheck, c.send, c.strikes, c.next)
			}
		})
	}
}
