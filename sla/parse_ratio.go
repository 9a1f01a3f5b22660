package sla

import (
	"math/big"
	"strings"
)

const hintPercent = "use 50% or a fraction like 0.5"

// ParseRatio reads a percentage: 50%, 12.5%, 0%, 100%, or a bare number — a
// fraction when below 1 (0.5 is 50%), a percentage when above 1 (50 is 50%).
// A bare 1 is ambiguous (100% or 1%?) and refused. Negative values, values
// above 100% and anything finer than a Ratio holds (0.0001%) are refused.
func ParseRatio(s string) (Ratio, error) {
	r, p := readRatio(s)
	if p != "" {
		return 0, invalid(s, p)
	}
	return r, nil
}

func readRatio(s string) (Ratio, string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") {
		return 0, "is negative: " + hintPercent
	}
	num, pct := strings.CutSuffix(s, "%")
	r, ok := readDecimal(num)
	if !ok {
		return 0, "is not a percentage: " + hintPercent
	}
	if !pct {
		switch r.Cmp(big.NewRat(1, 1)) {
		case 0:
			return 0, "is ambiguous as a percentage: write 100% or 1%"
		case 1:
			pct = true
		}
	}
	scale := int64(RatioOne) // a fraction: 0.5 → 500000 ppm
	if pct {
		scale = int64(RatioOne) / 100 // 50% → 500000 ppm
	}
	ppm := r.Mul(r, new(big.Rat).SetInt64(scale))
	if ppm.Cmp(new(big.Rat).SetInt64(int64(RatioOne))) > 0 {
		return 0, "is more than 100%"
	}
	if !ppm.IsInt() {
		return 0, "is more precise than 0.0001%"
	}
	return Ratio(ppm.Num().Int64()), ""
}
