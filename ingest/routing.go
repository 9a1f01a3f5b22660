package ingest

import (
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/sla"
)

// routing is what the CRM paths need of an agreement's routing inside
// their transaction (docs/design.md, Routing): the reps' away periods, for
// the pool and for each rep's clocks, and the reps strike routing skips.
type routing struct {
	aways  []sla.Away
	struck map[string]bool
}

// loadRouting reads a's away periods and this month's strikes in tx.
func loadRouting(tx Tx, a sla.Agreement, now time.Time) (*routing, error) {
	// app.AwayLookback: no clock looks further back than that.
	aways, err := tx.Aways(a.ID, now.Add(-app.AwayLookback))
	if err != nil {
		return nil, err
	}
	rt := &routing{aways: aways}
	if a.StrikeRoute {
		strikes, err := tx.StrikesByRep(a.ID, sla.MonthOf(now, a.Location()))
		if err != nil {
			return nil, err
		}
		rt.struck = sla.StruckReps(a, strikes)
	}
	return rt, nil
}

// calendar is a's calendar as it runs for rep: less rep's away time, as
// app sets the clocks (sla.RepCalendar).
func (rt *routing) calendar(cal sla.Calendar, rep string) sla.Calendar {
	return sla.RepCalendar(cal, rt.aways, rep)
}

// poolHandOff gives the unowned MQL l to the pool's next rep, handed off at
// now or at its creation or qualification when later (sla.PoolTakes says
// when); nobody free leaves it unowned. The pick is claimed in tx.
func (rt *routing) poolHandOff(tx Tx, a sla.Agreement, l *sla.Lead, now time.Time) error {
	loc := a.Location()
	rep, err := tx.PickFromPool(a.ID, now, loc, sla.PoolEligible(rt.aways, now, loc, "", rt.struck))
	if err != nil || rep == "" {
		return err
	}
	at := now
	for _, t := range []time.Time{l.CreatedAt, l.QualifiedAt} {
		if t.After(at) {
			at = t
		}
	}
	l.Owner, l.HandedOffAt = rep, at
	return nil
}
