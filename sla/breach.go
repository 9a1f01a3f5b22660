package sla

import "time"

// BreachKind names a per-lead breach (docs/design.md, Speed and depth).
type BreachKind string

const (
	SpeedWarning BreachKind = "speed-warning"
	SpeedBreach  BreachKind = "speed"
	DepthBreach  BreachKind = "depth"
)

// Clocks are the instants at which a lead's warning and breaches fall due;
// a zero time means that clock does not run.
type Clocks struct {
	WarnAt  time.Time // hand-off + Speed × Warn of business time
	SpeedAt time.Time // hand-off + Speed of business time
	DepthAt time.Time // hand-off + Within of calendar time
}

// LeadClocks computes the running clocks of a lead. Only a lead that is handed
// off (an MQL: HandOff refuses any other) and not stopped (contacted, won, lost) has any. The first attempt stops
// the speed clocks; reaching Depth attempts stops the depth clock.
func LeadClocks(l Lead, t Targets, c Calendar) Clocks {
	var k Clocks
	if l.HandedOffAt.IsZero() || l.Stopped() {
		return k
	}
	attempted := l.Attempts > 0 || !l.FirstAttemptAt.IsZero()
	start := later(l.HandedOffAt, l.AssignedAt) // a moved lead's clocks start at the move
	if !attempted && t.Speed > 0 {
		k.SpeedAt = c.Due(start, t.Speed)
		// A threshold of 100 % or more would never be seen before the breach.
		if t.Warn > 0 && t.Warn < RatioOne {
			k.WarnAt = c.Due(start, scaleDuration(t.Speed, t.Warn))
		}
	}
	if t.Depth > 0 && t.Within > 0 && l.Attempts < t.Depth {
		// The depth window is calendar time, less the rep's away spans and
		// the agreement's exception days.
		k.DepthAt = c.pausedAfter(start, t.Within+awayWithin(c.Away, start, start.Add(t.Within)))
	}
	return k
}

// awayWithin extends a calendar-time window [from, to) by the away spans
// that fall in it, so the window does not run while the rep is away.
func awayWithin(spans []Span, from, to time.Time) time.Duration {
	var extra time.Duration
	for _, s := range spans {
		if !s.To.After(from) {
			continue
		}
		if !s.From.Before(to) {
			break
		}
		lo := later(s.From, from)
		extra += s.To.Sub(lo)
		to = to.Add(s.To.Sub(lo))
	}
	return extra
}

// scaleDuration is d × r truncated to the nanosecond, for 0 <= r < 1, split
// so d × 10⁶ cannot overflow.
func scaleDuration(d time.Duration, r Ratio) time.Duration {
	q, rem := d/time.Duration(RatioOne), d%time.Duration(RatioOne)
	return q*time.Duration(r) + rem*time.Duration(r)/time.Duration(RatioOne)
}

// Breach is one warning or breach in force.
type Breach struct {
	Kind  BreachKind
	Since time.Time // when it fell due
	// Late is, for a speed breach, the business time past SpeedAt; for a
	// warning, the business time left until SpeedAt; for a depth breach, the
	// calendar time past DepthAt.
	Late    time.Duration
	Missing int // depth: attempts short of the target
}

// Evaluate lists the breaches in force at now. A clock counts as breached at
// or after its due instant (the boundary minute is a breach). A speed breach
// replaces the warning; the depth breach is independent and listed last.
func Evaluate(l Lead, t Targets, c Calendar, now time.Time) []Breach {
	k := LeadClocks(l, t, c)
	var out []Breach
	switch {
	case due(k.SpeedAt, now):
		out = append(out, Breach{Kind: SpeedBreach, Since: k.SpeedAt, Late: c.Elapsed(k.SpeedAt, now)})
	case due(k.WarnAt, now):
		out = append(out, Breach{Kind: SpeedWarning, Since: k.WarnAt, Late: c.Elapsed(now, k.SpeedAt)})
	}
	if due(k.DepthAt, now) {
		out = append(out, Breach{Kind: DepthBreach, Since: k.DepthAt, Late: now.Sub(k.DepthAt), Missing: t.Depth - l.Attempts})
	}
	return out
}

// due reports whether a running clock at has fallen due by now.
func due(at, now time.Time) bool { return !at.IsZero() && !now.Before(at) }

// NextCheck is the next instant strictly after now at which Evaluate's answer
// can change (the earliest running clock after now); zero when there is none.
func NextCheck(l Lead, t Targets, c Calendar, now time.Time) time.Time {
	k := LeadClocks(l, t, c)
	var next time.Time
	for _, at := range []time.Time{k.WarnAt, k.SpeedAt, k.DepthAt} {
		if !at.IsZero() && at.After(now) && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	return next
}
