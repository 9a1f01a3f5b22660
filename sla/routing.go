package sla

import (
	"sort"
	"time"
)

// Routing: out of office, the round-robin pool and reassignment on breach
// (docs/design.md, Routing).

// Span is the real-time interval [From, To).
type Span struct{ From, To time.Time }

// Contains reports whether t is in the span.
func (s Span) Contains(t time.Time) bool { return !t.Before(s.From) && t.Before(s.To) }

// Away is one rep's out-of-office period in an agreement. Cover, when set,
// takes the rep's open leads and new hand-offs while it lasts.
type Away struct {
	Rep   string
	Span  Span
	Cover string
	By    string
}

// AwaySpan is the span of an away period typed as two civil dates, both
// included: from the start of from to the end of to, in loc.
func AwaySpan(from, to Date, loc *time.Location) (Span, error) {
	if to.before(from) {
		return Span{}, Errorf(Invalid, "The away period ends (%s) before it starts (%s).", to, from)
	}
	start := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, loc)
	end := time.Date(to.Year, to.Month, to.Day+1, 0, 0, 0, 0, loc)
	if end.Sub(start) > 366*24*time.Hour {
		return Span{}, Errorf(Invalid, "An away period is at most a year; set a longer one in two steps.")
	}
	return Span{From: start, To: end}, nil
}

// AwayAt is the away period of rep in force at t, if any.
func AwayAt(aways []Away, rep string, t time.Time) (Away, bool) {
	for _, w := range aways {
		if w.Rep == rep && w.Span.Contains(t) {
			return w, true
		}
	}
	return Away{}, false
}

// RepCalendar is cal with rep's away periods taken out of business time: the
// clocks of rep's leads do not run while rep is away.
func RepCalendar(cal Calendar, aways []Away, rep string) Calendar {
	var spans []Span
	for _, w := range aways {
		if w.Rep == rep && rep != "" && w.Span.To.After(w.Span.From) {
			spans = append(spans, w.Span)
		}
	}
	if len(spans) == 0 {
		return cal
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].From.Before(spans[j].From) })
	merged := spans[:1]
	for _, s := range spans[1:] {
		last := &merged[len(merged)-1]
		if !s.From.After(last.To) {
			last.To = later(last.To, s.To)
			continue
		}
		merged = append(merged, s)
	}
	cal.Away = merged
	return cal
}

// MayMarkAway reports whether user may set or clear rep's away period: the
// rep themself, the sales owner and admins (the party owners among them).
func MayMarkAway(a Agreement, rep, user string, admin bool) bool {
	return user != "" && (user == rep || user == a.Sales) || admin
}

// MayForceHandOff reports whether user may hand a lead to a rep that
// strike routing holds new leads from: the sales owner and admins.
func MayForceHandOff(a Agreement, user string, admin bool) bool {
	return user != "" && user == a.Sales || admin
}

// PoolMember is one rep in an agreement's round-robin pool. Current is
// nginx's smooth weighted round-robin state; Today and Count are how many
// leads the pool gave the rep on the local date Today (for Cap; 0: none).
type PoolMember struct {
	Rep     string
	Weight  int
	Cap     int
	Current int
	Today   Date
	Count   int
}

// Pool limits.
const (
	DefaultPoolWeight = 1
	MaxPoolWeight     = 100
	MaxPoolCap        = 10000
)

// PickSmooth is nginx's smooth weighted round-robin over the eligible
// members (ngx_http_upstream_get_peer): each adds its weight to its current
// weight, the largest current wins (the first on a tie) and gives back the
// total. Weights 1 and 2 pick b a b, b a b, …: 3 and 6 of 9, interleaved.
// It changes ms in place and returns the winner's index, or -1 when nobody
// is eligible (then ms is unchanged).
func PickSmooth(ms []PoolMember, eligible func(PoolMember) bool) int {
	best, total := -1, 0
	for i := range ms {
		if !eligible(ms[i]) {
			continue
		}
		ms[i].Current += ms[i].Weight
		total += ms[i].Weight
		if best < 0 || ms[i].Current > ms[best].Current {
			best = i
		}
	}
	if best >= 0 {
		ms[best].Current -= total
	}
	return best
}

// PoolEligible is who the pool may give a lead to at now: not away, not at
// the daily cap (counted on the agreement's local date), not excluded (the
// rep the lead is taken from), not struck (StruckReps).
func PoolEligible(aways []Away, now time.Time, loc *time.Location, exclude string, struck map[string]bool) func(PoolMember) bool {
	today := DateOf(now, loc)
	return func(m PoolMember) bool {
		if m.Rep == exclude || m.Weight <= 0 || struck[m.Rep] {
			return false
		}
		if _, away := AwayAt(aways, m.Rep, now); away {
			return false
		}
		return m.Cap <= 0 || m.Today != today || m.Count < m.Cap
	}
}

// StrikeRouted reports whether a rep with n strikes in the current month
// gets no new leads: strike routing is on and n is at or over the strike
// limit. A hand-off to them goes to the pool's next rep unless forced.
func StrikeRouted(a Agreement, n int) bool {
	return a.StrikeRoute && a.StrikeLimit > 0 && n >= a.StrikeLimit
}

// StruckReps are the reps StrikeRouted keeps new leads from, given each
// rep's strikes in the current month; nil when none.
func StruckReps(a Agreement, strikes map[string]int) map[string]bool {
	var out map[string]bool
	for rep, n := range strikes {
		if StrikeRouted(a, n) {
			if out == nil {
				out = map[string]bool{}
			}
			out[rep] = true
		}
	}
	return out
}

// Counted records one more pool lead for m on today's date.
func (m *PoolMember) Counted(now time.Time, loc *time.Location) {
	today := DateOf(now, loc)
	if m.Today != today {
		m.Today, m.Count = today, 0
	}
	m.Count++
}

// ReassignDue reports whether the lead, still without a first attempt, is
// reassign of business time past its speed breach at now, with clocks
// computed on cal (its owner's calendar). reassign 0 turns it off.
func ReassignDue(l Lead, t Targets, cal Calendar, reassign time.Duration, now time.Time) bool {
	if reassign <= 0 || l.Owner == "" {
		return false
	}
	k := LeadClocks(l, t, cal)
	// A breach past the nudge horizon (imported history) is not rerouted either.
	return !k.SpeedAt.IsZero() && now.Sub(k.SpeedAt) <= NudgeHorizon && !now.Before(cal.Due(k.SpeedAt, reassign))
}

// PoolTakes reports whether the CRM paths hand l to the pool at now: an
// open MQL with no owner and no hand-off, qualified within the nudge
// horizon (an import of old history does not fill reps' queues).
func PoolTakes(a Agreement, l Lead, now time.Time) bool {
	return a.PoolUnowned && l.Qualified() && l.Owner == "" && l.HandedOffAt.IsZero() && !l.Stopped() &&
		now.Sub(l.QualifiedAt) <= NudgeHorizon
}

// MoveReason says why a lead moved to another rep.
type MoveReason string

const (
	MoveCover    MoveReason = "cover"    // its rep is away and named a cover
	MoveReassign MoveReason = "reassign" // no first attempt long after the speed breach
	MovePool     MoveReason = "pool"     // handed off through the pool
)

// Move gives an open, handed-off lead to rep at at: its clocks start again
// at the move (AssignedAt), the hand-off itself stays. Nobody is told of
// it yet (ToldOwner), so the breach scan's hand-off notice tells the new
// rep, in their nudge DM with the grouping and the cap (docs/design.md,
// Nudges without spam), not in a DM of its own.
func Move(l *Lead, rep string, at time.Time) {
	l.Owner, l.AssignedAt, l.ToldOwner = rep, at, ""
}

// LeadMove is one move of a lead to another rep, decided outside the
// transaction: To is the rep, or "" to take the pool's next (Eligible says
// who may have it). Clocks recomputes the moved lead's clocks (pure); Parts
// makes the DMs that tell both reps (outbox parts, sent after commit).
type LeadMove struct {
	LeadID    int64
	FromOwner string // the move happens only if the lead is still this rep's and open
	To        string
	Reason    MoveReason
	Loc       *time.Location
	Eligible  func(PoolMember) bool
	Clocks    func(*Lead)
	Parts     func(moved Lead, from string) []Part
}
