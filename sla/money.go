package sla

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Money is an amount in cents. Integer cents keep every sum exact.
type Money int64

// Dollars builds a Money from whole dollars.
func Dollars(d int64) Money { return Money(d * 100) }

// String renders $5,000 or $5,000.50 (cents only when there are any).
func (m Money) String() string {
	neg := m < 0
	if neg {
		m = -m
	}
	whole := int64(m) / 100
	cents := int64(m) % 100
	s := "$" + groupThousands(whole)
	if cents != 0 {
		s += fmt.Sprintf(".%02d", cents)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Rat returns the amount in dollars as an exact rational.
func (m Money) Rat() *big.Rat { return big.NewRat(int64(m), 100) }

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Ratio is a fraction in parts per million: 50 % is 500000. Fixed point keeps
// percentages typed by people (33.3 %, 12.5 %) exact in the plan arithmetic.
type Ratio int64

// RatioOne is 100 %.
const RatioOne Ratio = 1_000_000

// Percent builds a Ratio from a whole percentage.
func Percent(p int64) Ratio { return Ratio(p * 10_000) }

// Rat returns the ratio as an exact fraction (0.5 for 50 %).
func (r Ratio) Rat() *big.Rat { return big.NewRat(int64(r), int64(RatioOne)) }

// String renders the percentage with up to two decimals, trailing zeros cut: 50%, 33.3%, 12.25%.
func (r Ratio) String() string {
	// hundredths of a percent, rounded half up
	h := (int64(r) + 50) / 100
	if r < 0 {
		h = (int64(r) - 50) / 100
	}
	s := strconv.FormatFloat(float64(h)/100, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}
