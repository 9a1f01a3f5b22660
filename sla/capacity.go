package sla

import (
	"math/big"
)

// Capacity defaults: a follow-up attempt takes about 10 minutes and a rep
// has about 40 hours a month for marketing leads (docs/design.md, Rep capacity).
const (
	DefaultAttemptMinutes = 10
	DefaultRepHours       = 40
)

// CapacityInput is what rep capacity is computed from.
type CapacityInput struct {
	Goal    int // the month's MQL goal
	Reps    int
	Depth   int // attempts per lead, the depth target
	Minutes int // per attempt
	Hours   int // each rep has for marketing leads a month
}

// Capacity is the guide's capacity check (docs/design.md, Rep capacity):
// leads per rep = L ÷ reps, attempts = leads × depth, hours needed =
// attempts × minutes ÷ 60 against the hours available, and the deepest
// follow-up those hours allow = ⌊hours × 60 ÷ (leads per rep × minutes)⌋.
type Capacity struct {
	CapacityInput
	LeadsPerRep    Fraction
	AttemptsPerRep Fraction
	HoursNeeded    Fraction // per rep
	Load           Fraction // hours needed ÷ hours available
	DeepestOK      bool     // false when there are no leads to share (n/a)
	Deepest        int64    // attempts per lead the hours allow
}

// Over reports whether the reps would need more than the hours they have.
func (c Capacity) Over() bool {
	v, ok := c.Load.Value()
	return ok && v > 1
}

// ComputeCapacity applies the capacity formulas; reps, minutes and hours
// must be positive.
func ComputeCapacity(in CapacityInput) (Capacity, error) {
	switch {
	case in.Reps <= 0:
		return Capacity{}, Errorf(Invalid, "There are no reps to share the leads: give `reps=<n>`.")
	case in.Minutes <= 0:
		return Capacity{}, Errorf(Invalid, "An attempt takes at least 1 minute.")
	case in.Hours <= 0:
		return Capacity{}, Errorf(Invalid, "A rep needs at least 1 hour a month for marketing leads.")
	case in.Goal < 0 || in.Depth < 0:
		return Capacity{}, Errorf(Invalid, "The goal and the depth cannot be negative.")
	}
	c := Capacity{CapacityInput: in}
	reps := float64(in.Reps)
	c.LeadsPerRep = Fraction{Num: float64(in.Goal), Den: reps}
	c.AttemptsPerRep = Fraction{Num: float64(in.Goal * in.Depth), Den: reps}
	c.HoursNeeded = Fraction{Num: float64(in.Goal*in.Depth*in.Minutes) / 60, Den: reps}
	c.Load = Fraction{Num: float64(in.Goal * in.Depth * in.Minutes), Den: float64(in.Reps * in.Hours * 60)}
	if in.Goal > 0 {
		// hours × 60 ÷ (L ÷ reps × minutes) = hours × 60 × reps ÷ (L × minutes), exact
		r := big.NewRat(int64(in.Hours)*60*int64(in.Reps), int64(in.Goal)*int64(in.Minutes))
		q, _ := new(big.Int).DivMod(r.Num(), r.Denom(), new(big.Int))
		c.Deepest, c.DeepestOK = q.Int64(), true
	}
	return c, nil
}
