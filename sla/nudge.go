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

// HandoffNotice is the line of a nudge DM that tells a rep of a lead just
// handed to them; it is never a strike and never repeated.
const HandoffNotice BreachKind = "handoff"

// NudgeDecision is what the breach scan does with one due lead.
type NudgeDecision struct {
	Send      []Breach     // nudge these now (one DM per owner groups them)
	Strikes   []BreachKind // breaches counted against the owner for the first time
	NextCheck time.Time    // when to look at the lead again; zero: never
	// Told: the owner's hand-off notice is settled (in Send, or too old
	// to send), so ToldOwner becomes Owner.
	Told bool
}

// Repeats reports whether the decision repeats a breach nudged before: the
// owner's folded reminder (docs/design.md, Nudges without spam).
func (d NudgeDecision) Repeats(prev map[BreachKind]NudgeState) bool {
	for _, b := range d.Send {
		if prev[b.Kind].Count > 0 {
			return true
		}
	}
	return false
}

// NoticePending reports whether the lead's owner has not yet been told of
// its hand-off and still has something to do about it.
func NoticePending(l Lead) bool {
	return l.ToldOwner != l.Owner && AwaitsFirstFollowUp(l)
}

// AwaitsFirstFollowUp reports whether a lead handed to its owner is still
// open and not yet attempted: what a hand-off notice is about, so a nudge
// DM redrawn after a click keeps the notice's line and buttons for it.
func AwaitsFirstFollowUp(l Lead) bool {
	return l.Owner != "" && !l.HandedOffAt.IsZero() && !l.Stopped() && l.Attempts == 0 && l.FirstAttemptAt.IsZero()
}

// DecideNudges applies Alertmanager-like semantics to a due lead: each
// (lead, kind) is nudged once, then again while it lasts at the owner's
// reminder, which comes every repeat of business time and folds all the
// owner's open breaches into one (remindedAt is the owner's last one); a
// hand-off notice goes once to each new owner; nothing is sent while the
// lead is snoozed or outside business hours (it waits for the next
// business hour); a speed or depth breach is a strike the first time it is
// nudged, a warning never is.
func DecideNudges(l Lead, t Targets, cal Calendar, repeat time.Duration, sent map[BreachKind]NudgeState, remindedAt, now time.Time) NudgeDecision {
	var d NudgeDecision
	var breaches []Breach
	for _, b := range Evaluate(l, t, cal, now) {
		if now.Sub(b.Since) <= NudgeHorizon {
			breaches = append(breaches, b)
		}
	}
	notice := NoticePending(l)
	if notice && now.Sub(later(l.HandedOffAt, l.AssignedAt)) > NudgeHorizon {
		notice, d.Told = false, true // an old hand-off (imported history) is not news
	}
	next := NextCheck(l, t, cal, now)
	earliest := func(at time.Time) {
		if !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	switch {
	case len(breaches) == 0 && !notice:
	case now.Before(l.SnoozedUntil):
		earliest(l.SnoozedUntil)
	case !cal.Open(now):
		earliest(cal.NextOpen(now))
	default:
		if notice {
			d.Told = true
			// The notice says when the first follow-up is due; a lead already
			// past it says so in its breach line instead.
			if len(breaches) == 0 || breaches[0].Kind == DepthBreach {
				d.Send = append(d.Send, Breach{Kind: HandoffNotice, Since: l.SpeedDueAt})
			}
		}
		for _, b := range breaches {
			st, seen := sent[b.Kind]
			first := !seen || st.Count == 0
			if first || notice {
				// A new owner hears of every open breach at once.
				d.Send = append(d.Send, b)
				if first && b.Kind != SpeedWarning {
					d.Strikes = append(d.Strikes, b.Kind)
				}
				st.LastAt = now
			} else if repeat > 0 && !now.Before(RepeatDue(cal, st.LastAt, remindedAt, repeat)) {
				d.Send = append(d.Send, b)
				st.LastAt = now
			}
			if repeat > 0 {
				earliest(RepeatDue(cal, st.LastAt, remindedAt, repeat))
			}
		}
	}
	if !next.IsZero() && next.Before(l.SnoozedUntil) {
		next = l.SnoozedUntil
	}
	d.NextCheck = next
	return d
}

// RepeatDue is when a breach last nudged at last is repeated: at the
// owner's next reminder (remindedAt + repeat) when that cycle is still
// running, so all the owner's repeats fall due together; otherwise repeat
// after its own last nudge.
func RepeatDue(cal Calendar, last, remindedAt time.Time, repeat time.Duration) time.Time {
	if !remindedAt.IsZero() {
		if next := cal.Due(remindedAt, repeat); last.Before(next) {
			return next
		}
	}
	return cal.Due(last, repeat)
}

// NextReminder is the owner's reminder clock after a scan that sent them
// nudges at now: a repeat starts a new cycle, and so does a first nudge
// when no cycle is running, so later breaches join it.
func NextReminder(cal Calendar, remindedAt time.Time, repeated bool, repeat time.Duration, now time.Time) time.Time {
	if repeated || remindedAt.IsZero() || !cal.Due(remindedAt, repeat).After(now) {
		return now
	}
	return remindedAt
}
