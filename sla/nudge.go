package sla

import "time"

// NudgeState is what was already sent for one (lead, breach kind).
type NudgeState struct {
	LastAt time.Time
	Count  int
}

// NudgeHorizon bounds how old a breach may be and still be nudged: a lead
// whose breach fell due longer ago (imported history, say) shows in status
// and `/sla leads overdue` but does not fill its owner's DMs.
const NudgeHorizon = 30 * 24 * time.Hour

// NudgeDecision is what the breach scan does with one due lead.
type NudgeDecision struct {
	Send      []Breach     // nudge these now (one DM per owner groups them)
	Strikes   []BreachKind // breaches counted against the owner for the first time
	NextCheck time.Time    // when to look at the lead again; zero: never
}

// DecideNudges applies Alertmanager-like semantics to a due lead: each
// (lead, kind) is nudged once, then again at most every repeat of business
// time while it lasts; nothing is sent while the lead is snoozed or outside
// business hours (it waits for the next business hour); a speed or depth
// breach is a strike the first time it is nudged, a warning never is.
func DecideNudges(l Lead, t Targets, cal Calendar, repeat time.Duration, sent map[BreachKind]NudgeState, now time.Time) NudgeDecision {
	var d NudgeDecision
	var breaches []Breach
	for _, b := range Evaluate(l, t, cal, now) {
		if now.Sub(b.Since) <= NudgeHorizon {
			breaches = append(breaches, b)
		}
	}
	next := NextCheck(l, t, cal, now)
	earliest := func(at time.Time) {
		if !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	switch {
	case len(breaches) == 0:
	case now.Before(l.SnoozedUntil):
		earliest(l.SnoozedUntil)
	case !cal.Open(now):
		earliest(cal.NextOpen(now))
	default:
		for _, b := range breaches {
			st, seen := sent[b.Kind]
			last := st.LastAt
			if !seen || st.Count == 0 || (repeat > 0 && !now.Before(cal.Due(st.LastAt, repeat))) {
				d.Send = append(d.Send, b)
				if (!seen || st.Count == 0) && b.Kind != SpeedWarning {
					d.Strikes = append(d.Strikes, b.Kind)
				}
				last = now
			}
			if repeat > 0 {
				earliest(cal.Due(last, repeat))
			}
		}
	}
	if !next.IsZero() && next.Before(l.SnoozedUntil) {
		next = l.SnoozedUntil
	}
	d.NextCheck = next
	return d
}
