package sla

import (
	"math/big"
	"strings"
)

// MaxMoney is the largest amount accepted, $1 trillion: larger is a typo,
// and the bound keeps every sum of amounts far from int64 overflow.
const MaxMoney = Money(100 * 1_000_000_000_000)

const hintMoney = "use 5000, $5,000, 5k or 1.2M"

// ParseMoney reads an amount: 5000, $5,000, 5k, 1.2M, $1.5k, 2,500.50, and
// the 1200.0 of a CRM export. k is thousands, M (or m) millions. The
// arithmetic is exact decimal; an amount finer than a cent, negative, with
// misplaced commas or above MaxMoney is refused, not rounded.
func ParseMoney(s string) (Money, error) {
	m, p := readMoney(s)
	if p != "" {
		return 0, invalid(s, p)
	}
	return m, nil
}

func readMoney(s string) (Money, string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "$-") {
		return 0, "is negative: amounts are $0 or more"
	}
	s = strings.TrimPrefix(s, "$")
	mult := int64(1)
	if s != "" {
		switch s[len(s)-1] {
		case 'k', 'K':
			mult, s = 1_000, s[:len(s)-1]
		case 'm', 'M':
			mult, s = 1_000_000, s[:len(s)-1]
		}
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	whole, ok := ungroup(whole)
	if !ok {
		if allDigits(strings.ReplaceAll(s, ",", "")) || allDigits(strings.ReplaceAll(strings.Replace(s, ".", "", 1), ",", "")) {
			return 0, "has misplaced commas: group thousands like $5,000 or $1,250,000"
		}
		return 0, "is not an amount: " + hintMoney
	}
	num := whole
	if hasPoint {
		num += "." + frac
	}
	r, ok := readDecimal(num)
	if !ok {
		return 0, "is not an amount: " + hintMoney
	}
	cents := r.Mul(r, new(big.Rat).SetInt64(100*mult))
	if !cents.IsInt() {
		return 0, "is more precise than a cent"
	}
	if cents.Cmp(new(big.Rat).SetInt64(int64(MaxMoney))) > 0 {
		return 0, "is too large: the most is " + MaxMoney.String()
	}
	return Money(cents.Num().Int64()), ""
}
