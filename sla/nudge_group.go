package sla

import "time"

// The rules that keep an owner's nudge DMs few (docs/design.md, Nudges
// without spam): a nudge joins the owner's latest nudge message while that
// message is younger than the agreement's group, or once the owner has had
// cap new messages in the business day; otherwise it opens a new message.
// Either way every breach is listed in a message the owner has.

// NudgeRef is one lead of a nudge message: which lead, and what it says
// about it (its breaches, or the hand-off notice).
type NudgeRef struct {
	Lead      int64    `json:"lead"`
	Agreement int64    `json:"agreement"`
	Breaches  []Breach `json:"breaches"`
}

// NudgeMessage is one DM to an owner that nudges accumulate in.
type NudgeMessage struct {
	Key      string // names the message's outbox part
	OpenedAt time.Time
	Refs     []NudgeRef // newest first
}

// OwnerNudges is what an owner (a rep, in one workspace) was sent lately.
type OwnerNudges struct {
	TeamID, Owner string
	RemindedAt    time.Time    // the owner's last folded reminder (DecideNudges)
	Latest        NudgeMessage // zero Key: none yet
	Day           Date         // the business day Today counts
	Today         int          // new messages opened on Day
}

// PlaceNudges puts refs into the owner's messages at now, on business day
// day: it reports the message they now belong to (with every ref it lists)
// and whether it is a new one (key names it then), and updates o.
func PlaceNudges(o *OwnerNudges, refs []NudgeRef, day Date, key string, now time.Time, group time.Duration, limit int) (NudgeMessage, bool) {
	if o.Day != day {
		o.Day, o.Today = day, 0
	}
	recent := group > 0 && now.Sub(o.Latest.OpenedAt) < group
	capped := limit > 0 && o.Today >= limit
	if o.Latest.Key != "" && (recent || capped) {
		o.Latest.Refs = mergeRefs(o.Latest.Refs, refs)
		return o.Latest, false
	}
	o.Latest = NudgeMessage{Key: key, OpenedAt: now, Refs: mergeRefs(nil, refs)}
	o.Today++
	return o.Latest, true
}

// mergeRefs puts the new refs first, each lead once: a lead already listed
// moves up, keeping the breaches it had that the new ref does not replace.
func mergeRefs(old, fresh []NudgeRef) []NudgeRef {
	out := make([]NudgeRef, 0, len(old)+len(fresh))
	seen := map[int64]int{}
	for _, r := range fresh {
		if i, ok := seen[r.Lead]; ok {
			out[i].Breaches = mergeBreaches(out[i].Breaches, r.Breaches)
			continue
		}
		seen[r.Lead] = len(out)
		out = append(out, r)
	}
	for _, r := range old {
		if i, ok := seen[r.Lead]; ok {
			out[i].Breaches = mergeBreaches(r.Breaches, out[i].Breaches)
			continue
		}
		seen[r.Lead] = len(out)
		out = append(out, r)
	}
	return out
}

// mergeBreaches keeps one breach per kind, the newer one, in the newer
// list's order; a speed breach replaces the warning and the notice before it.
func mergeBreaches(older, newer []Breach) []Breach {
	has := map[BreachKind]bool{}
	for _, b := range newer {
		has[b.Kind] = true
	}
	out := append([]Breach(nil), newer...)
	for _, b := range older {
		superseded := has[SpeedBreach] && (b.Kind == SpeedWarning || b.Kind == HandoffNotice) ||
			has[SpeedWarning] && b.Kind == HandoffNotice
		if !has[b.Kind] && !superseded {
			out = append(out, b)
		}
	}
	return out
}

// OwnerKey names an owner of leads in one workspace.
type OwnerKey struct{ TeamID, Owner string }

// OwnerMessage is a nudge message a scan opened or added to, to record.
type OwnerMessage struct {
	OwnerKey
	Message NudgeMessage
}
