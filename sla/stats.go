package sla

import (
	"math/big"
	"slices"
	"time"
)

// DurationStats summarise follow-up speeds over a period (docs/design.md, Speed and depth). These are
// the reference definitions; storage computes the same figures in SQL.
type DurationStats struct {
	N      int
	Avg    time.Duration
	Median time.Duration
	P90    time.Duration
}

// SpeedStats computes the count, mean, median and p90 of ds without modifying it.
//   - Avg: the sum divided by N, truncated toward zero to the nanosecond.
//   - Median: the middle value; for an even N the mean of the two middle
//     values, truncated the same way.
//   - P90: nearest rank, the ceil(0.9 × N)-th smallest value.
//
// An empty input gives all zeros.
func SpeedStats(ds []time.Duration) DurationStats {
	n := len(ds)
	if n == 0 {
		return DurationStats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)

	st := DurationStats{N: n, Avg: meanDuration(s)}
	if n%2 == 1 {
		st.Median = s[n/2]
	} else {
		st.Median = meanDuration(s[n/2-1 : n/2+1])
	}
	rank := (9*n + 9) / 10 // ceil(9n/10) in integers
	st.P90 = s[rank-1]
	return st
}

// meanDuration sums in a big.Int: thousands of multi-day durations overflow
// int64 nanoseconds.
func meanDuration(ds []time.Duration) time.Duration {
	sum := new(big.Int)
	for _, d := range ds {
		sum.Add(sum, big.NewInt(int64(d)))
	}
	return time.Duration(sum.Quo(sum, big.NewInt(int64(len(ds)))).Int64())
}

// DepthStats count follow-up depth over the leads handed off in a period.
type DepthStats struct {
	HandedOff int // leads handed off in the period
	// Uncontacted are the mature ones not contacted and not won: their depth
	// window has ended, so their attempts are final. Depth is judged on them.
	Uncontacted         int
	UncontactedAttempts int // sum of attempts on them
	// InWindow are those not contacted and not won whose depth window is
	// still open: shown apart, never judged.
	InWindow         int
	InWindowAttempts int
	Worked           int // of the handed-off, attempted at least once
}

// InWindowAvg is the mean attempts so far on the leads still in their
// window; false when there are none.
func (d DepthStats) InWindowAvg() (float64, bool) {
	if d.InWindow <= 0 {
		return 0, false
	}
	return float64(d.InWindowAttempts) / float64(d.InWindow), true
}

// MatureBefore is the hand-off instant before which a lead's depth window
// (within of calendar time) has ended at now: the leads handed off earlier
// are mature. No window (0) makes every lead mature.
func MatureBefore(now time.Time, within time.Duration) time.Time {
	return now.Add(-within)
}

// AvgAttempts is the mean number of attempts on uncontacted leads; false when
// there are none.
func (d DepthStats) AvgAttempts() (float64, bool) {
	if d.Uncontacted <= 0 {
		return 0, false
	}
	return float64(d.UncontactedAttempts) / float64(d.Uncontacted), true
}

// WorkedRate is the fraction of handed-off leads attempted at least once;
// false when none were handed off.
func (d DepthStats) WorkedRate() (float64, bool) {
	if d.HandedOff <= 0 {
		return 0, false
	}
	return float64(d.Worked) / float64(d.HandedOff), true
}
