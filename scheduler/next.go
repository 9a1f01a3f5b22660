package scheduler

import (
	"time"

	"github.com/slabot/slabot/sla"
)

// ScheduledKinds are the posts with a per-agreement schedule, in the order
// Sweep runs them.
var ScheduledKinds = []string{KindDigest, KindMonthClose, KindMidpoint}

// NextRun is the first scheduled instant of kind for a strictly after
// after; false when the job is off for a (a disabled digest) or has no
// schedule. The demo clock steps through these instants so the posts go out
// in the order a running bot would send them.
func NextRun(kind string, a sla.Agreement, after time.Time) (time.Time, bool) {
	spec, ok := Schedule(kind, a)
	if !ok {
		return time.Time{}, false
	}
	s, err := parser.Parse(spec)
	if err != nil {
		return time.Time{}, false
	}
	at := s.Next(after)
	return at, !at.IsZero()
}
