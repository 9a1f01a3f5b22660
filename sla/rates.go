package sla

import (
	"math"
	"math/big"
	"strconv"
	"time"
)

// Actuals are what was recorded for a closed period (docs/design.md, Recalculation from actuals).
type Actuals struct {
	MQLs          int   // marketing-sourced leads qualified in the period
	MQLsWon       int   // of those, became customers
	MQLWonRevenue Money // revenue from those customers
	// MQLsWonUnknown are the customers among MQLsWon whose revenue is not
	// known (a CRM file without one): they count in the close rate, not in
	// the deal size.
	MQLsWonUnknown   int
	MarketingRevenue Money // revenue closed in the period from marketing-sourced leads
	TotalRevenue     Money // revenue closed in the period, all sources
	CycleN           int   // won leads with a measured sales cycle
	CycleTotal       time.Duration
}

// Rates are the recalculated plan inputs; each may be undefined ("n/a").
type Rates struct {
	Close Fraction
	Deal  MoneyAvg
	Share Fraction
}

// Fraction keeps numerator and denominator so an empty period shows "n/a"
// instead of NaN.
type Fraction struct{ Num, Den float64 }

// Value is Num ÷ Den; false when the quotient is undefined (Den 0, or any
// NaN or infinity).
func (f Fraction) Value() (float64, bool) {
	if f.Den == 0 {
		return 0, false
	}
	v := f.Num / f.Den
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// Percent renders the value as a percentage with always one decimal
// ("23.3%", "50.0%", "0.0%") so columns line up; "n/a" when undefined.
func (f Fraction) Percent() string {
	v, ok := f.Value()
	if !ok {
		return NA
	}
	s := strconv.FormatFloat(v*100, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return s + "%"
}

// MoneyAvg is an average amount kept as sum and count.
type MoneyAvg struct {
	Sum Money
	N   int
}

// Value is Sum ÷ N rounded half up to the cent; false when N is not positive.
func (a MoneyAvg) Value() (Money, bool) {
	if a.N <= 0 {
		return 0, false
	}
	return Money(roundHalfUp(big.NewRat(int64(a.Sum), int64(a.N))).Int64()), true
}

// String renders the average as "$1,234.50", or "n/a".
func (a MoneyAvg) String() string {
	v, ok := a.Value()
	if !ok {
		return NA
	}
	return v.String()
}

// Rates are the figures the next plan should use:
// close = won ÷ MQLs, deal = won revenue ÷ won with a known revenue,
// share = marketing ÷ total revenue.
func (a Actuals) Rates() Rates {
	return Rates{
		Close: Fraction{Num: float64(a.MQLsWon), Den: float64(a.MQLs)},
		Deal:  MoneyAvg{Sum: a.MQLWonRevenue, N: a.MQLsWon - a.MQLsWonUnknown},
		Share: Fraction{Num: float64(a.MarketingRevenue), Den: float64(a.TotalRevenue)},
	}
}

// AvgCycle is the mean sales cycle (truncated to the nanosecond); false when
// no lead was won.
func (a Actuals) AvgCycle() (time.Duration, bool) {
	if a.CycleN <= 0 {
		return 0, false
	}
	return a.CycleTotal / time.Duration(a.CycleN), true
}
