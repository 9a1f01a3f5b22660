package sla

import "math/big"

// PlanInput are the figures a plan is derived from (docs/design.md, Plan).
type PlanInput struct {
	Quota Money // Q, the sales revenue quota for the period
	Share Ratio // s, share of revenue from marketing-sourced leads
	Deal  Money // D, average deal size
	Close Ratio // c, lead-to-customer close rate
}

// PlanResult is the marketing goal derived from the quota.
type PlanResult struct {
	Revenue   Money // R = Q × s, rounded half up to the cent
	Customers int64 // C = ceil(R ÷ D), from the unrounded R
	Leads     int64 // L = ceil(C ÷ c), the MQL goal
}

// ComputePlan derives R, C and L with exact rational arithmetic: a float64
// gets ceilings wrong (Q=$3,000, s=7 %, D=$10 gives 22 customers instead of 21).
func ComputePlan(in PlanInput) (PlanResult, error) {
	switch {
	case in.Quota <= 0:
		return PlanResult{}, Errorf(Invalid, "The quota must be more than $0.")
	case in.Deal <= 0:
		return PlanResult{}, Errorf(Invalid, "The deal size must be more than $0.")
	case in.Close <= 0 || in.Close > RatioOne:
		return PlanResult{}, Errorf(Invalid, "The close rate must be more than 0%% and at most 100%%.")
	case in.Share < 0 || in.Share > RatioOne:
		return PlanResult{}, Errorf(Invalid, "The share must be between 0%% and 100%%.")
	}
	if in.Share == 0 {
		return PlanResult{}, nil
	}

	// R in cents, exact: Q cents × share ppm ÷ 10⁶.
	rExact := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(in.Quota)), in.Share.Rat())
	revenue := roundHalfUp(rExact)
	customers := ceilRat(new(big.Rat).Quo(rExact, new(big.Rat).SetInt64(int64(in.Deal))))
	leads := ceilRat(new(big.Rat).Quo(new(big.Rat).SetInt(customers), in.Close.Rat()))

	if !revenue.IsInt64() || !customers.IsInt64() || !leads.IsInt64() {
		return PlanResult{}, Errorf(Invalid, "Those figures give a goal too large to track; check the quota and rates.")
	}
	return PlanResult{
		Revenue:   Money(revenue.Int64()),
		Customers: customers.Int64(),
		Leads:     leads.Int64(),
	}, nil
}

// ceilRat is the smallest integer >= r.
func ceilRat(r *big.Rat) *big.Int {
	q, m := new(big.Int).DivMod(r.Num(), r.Denom(), new(big.Int)) // Euclidean: floor for a positive denominator
	if m.Sign() != 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// roundHalfUp is floor(r + ½).
func roundHalfUp(r *big.Rat) *big.Int {
	half := new(big.Rat).Add(r, big.NewRat(1, 2))
	q, _ := new(big.Int).DivMod(half.Num(), half.Denom(), new(big.Int))
	return q
}
