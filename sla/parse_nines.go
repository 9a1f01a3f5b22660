package sla

import (
	"math/big"
	"strings"
)

// ParseNines reads an uptime percentage for DowntimeFor, 99.9 or 99.9%,
// strictly between 0 and 100. A bare number is always a percentage here
// (99.9, not 0.999): nobody writes an uptime as a fraction.
//
// Like every percentage (ParseRatio), a bare number up to 1 is a fraction:
// 0.999 is 99.9 %, and a bare 1 is ambiguous.
func ParseNines(s string) (float64, error) {
	trimmed := strings.TrimSpace(s)
	num := strings.TrimSuffix(trimmed, "%")
	percent := num != trimmed
	if strings.HasPrefix(num, "-") {
		return 0, invalid(s, "is negative: an uptime is between 0% and 100%, like 99.9%")
	}
	r, ok := readDecimal(num)
	if !ok {
		return 0, invalid(s, "is not a percentage: write an uptime like 99.9%")
	}
	if !percent && r.Cmp(big.NewRat(1, 1)) == 0 {
		return 0, invalid(s, "is ambiguous: write 100% or 1%; an uptime is below 100%, like 99.9%")
	}
	if !percent && r.Cmp(big.NewRat(1, 1)) < 0 {
		r.Mul(r, big.NewRat(100, 1)) // a fraction
	}
	if r.Sign() <= 0 || r.Cmp(big.NewRat(100, 1)) >= 0 {
		return 0, invalid(s, "is not between 0% and 100%: write an uptime like 99.9%")
	}
	f, _ := r.Float64()
	return f, nil
}
