package sla

import (
	"math/big"
	"testing"
)

func TestMoneyString(t *testing.T) {
	tests := []struct {
		m    Money
		want string
	}{
		{0, "$0"},
		{5, "$0.05"},
		{99, "$0.99"},
		{100, "$1"},
		{Dollars(1000), "$1,000"},
		{500050, "$5,000.50"},
		{99999, "$999.99"},
		{Dollars(100000), "$100,000"},
		{123456789, "$1,234,567.89"},
		{Dollars(1_000_000), "$1,000,000"},
		{-12345, "-$123.45"},
		{-Dollars(2500), "-$2,500"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("Money(%d).String() = %q, want %q", int64(tt.m), got, tt.want)
		}
	}
}

func TestDollars(t *testing.T) {
	if got := Dollars(5000); got != 500000 {
		t.Errorf("Dollars(5000) = %d cents, want 500000", got)
	}
	if got := Dollars(-3); got != -300 {
		t.Errorf("Dollars(-3) = %d cents, want -300", got)
	}
}

func TestMoneyRat(t *testing.T) {
	tests := []struct {
		m    Money
		want *big.Rat
	}{
		{12345, big.NewRat(2469, 20)}, // 123.45 = 2469/20
		{Dollars(5000), big.NewRat(5000, 1)},
		{1, big.NewRat(1, 100)},
		{0, new(big.Rat)},
	}
	for _, tt := range tests {
		if got := tt.m.Rat(); got.Cmp(tt.want) != 0 {
			t.Errorf("Money(%d).Rat() = %s, want %s", int64(tt.m), got, tt.want)
		}
	}
}

func TestRatio(t *testing.T) {
	if Percent(50) != 500000 || Percent(100) != RatioOne || Percent(0) != 0 {
		t.Errorf("Percent: 50 → %d, 100 → %d, 0 → %d", Percent(50), Percent(100), Percent(0))
	}
	tests := []struct {
		r    Ratio
		want string
	}{
		{Percent(50), "50%"},
		{RatioOne, "100%"},
		{0, "0%"},
		{333000, "33.3%"},
		{122500, "12.25%"},
		{333333, "33.33%"}, // 33.3333 → two decimals
		{123456, "12.35%"}, // 12.3456 half up
		{125, "0.01%"},     // 0.0125 half up
		{49, "0%"},         // 0.0049 down
		{-Percent(50), "-50%"},
		{Percent(150), "150%"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("Ratio(%d).String() = %q, want %q", int64(tt.r), got, tt.want)
		}
	}
	if got := Percent(50).Rat(); got.Cmp(big.NewRat(1, 2)) != 0 {
		t.Errorf("50%%.Rat() = %s, want 1/2", got)
	}
	if got := Ratio(333000).Rat(); got.Cmp(big.NewRat(333, 1000)) != 0 {
		t.Errorf("33.3%%.Rat() = %s, want 333/1000", got)
	}
}
