package sla

import (
	"math"
	"testing"
	"time"
)

func TestFraction(t *testing.T) {
	tests := []struct {
		f       Fraction
		value   float64
		ok      bool
		percent string
	}{
		{Fraction{7, 30}, 7.0 / 30, true, "23.3%"}, // 23.333…
		{Fraction{1, 2}, 0.5, true, "50.0%"},
		{Fraction{0, 5}, 0, true, "0.0%"},
		{Fraction{5, 5}, 1, true, "100.0%"},
		{Fraction{2, 3}, 2.0 / 3, true, "66.7%"}, // 66.666… rounds up
		{Fraction{1, 8}, 0.125, true, "12.5%"},
		{Fraction{3, 2}, 1.5, true, "150.0%"},
		{Fraction{0, 0}, 0, false, "n/a"},
		{Fraction{5, 0}, 0, false, "n/a"},
		{Fraction{math.Inf(1), 1}, 0, false, "n/a"},
		{Fraction{math.NaN(), 1}, 0, false, "n/a"},
		{Fraction{math.Inf(1), math.Inf(1)}, 0, false, "n/a"},
	}
	for _, tt := range tests {
		v, ok := tt.f.Value()
		if ok != tt.ok || (ok && !near(v, tt.value)) || (!ok && v != 0) {
			t.Errorf("%v.Value() = %v, %v; want %v, %v", tt.f, v, ok, tt.value, tt.ok)
		}
		if got := tt.f.Percent(); got != tt.percent {
			t.Errorf("%v.Percent() = %q, want %q", tt.f, got, tt.percent)
		}
	}
}

func TestMoneyAvg(t *testing.T) {
	tests := []struct {
		a     MoneyAvg
		value Money
		ok    bool
		str   string
	}{
		{MoneyAvg{Dollars(3000), 3}, Dollars(1000), true, "$1,000"},
		{MoneyAvg{Dollars(1000), 3}, 33333, true, "$333.33"},                            // 333.333… down
		{MoneyAvg{Dollars(2000), 3}, 66667, true, "$666.67"},                            // 666.666… up
		{MoneyAvg{1, 2}, 1, true, "$0.01"},                                              // half a cent, half up
		{MoneyAvg{246900, 2}, 123450, true, "$1,234.50"},                                // exact
		{MoneyAvg{5, 4}, 1, true, "$0.01"},                                              // 1.25 cents → 1
		{MoneyAvg{7, 4}, 2, true, "$0.02"},                                              // 1.75 cents → 2
		{MoneyAvg{0, 4}, 0, true, "$0"},                                                 //
		{MoneyAvg{Dollars(100), 0}, 0, false, "n/a"},                                    // no deals
		{MoneyAvg{0, 0}, 0, false, "n/a"},                                               //
		{MoneyAvg{Dollars(100), -1}, 0, false, "n/a"},                                   // nonsense count
		{MoneyAvg{math.MaxInt64, 1}, math.MaxInt64, true, "$92,233,720,368,547,758.07"}, // no overflow
	}
	for _, tt := range tests {
		v, ok := tt.a.Value()
		if v != tt.value || ok != tt.ok {
			t.Errorf("%+v.Value() = %d, %v; want %d, %v", tt.a, v, ok, tt.value, tt.ok)
		}
		if got := tt.a.String(); got != tt.str {
			t.Errorf("%+v.String() = %q, want %q", tt.a, got, tt.str)
		}
	}
}

func TestActualsRates(t *testing.T) {
	tests := []struct {
		name  string
		a     Actuals
		close string
		deal  string
		share string
	}{
		{
			// close 7/30 = 23.3%; deal $8,400/7 = $1,200; share $8,400/$20,000 = 42.0%.
			"typical",
			Actuals{MQLs: 30, MQLsWon: 7, MQLWonRevenue: Dollars(8400), MarketingRevenue: Dollars(8400), TotalRevenue: Dollars(20000)},
			"23.3%", "$1,200", "42.0%",
		},
		{
			// deal $1,000/3 = $333.333… → $333.33; share $2,500/$7,500 = 33.3%.
			"thirds",
			Actuals{MQLs: 9, MQLsWon: 3, MQLWonRevenue: Dollars(1000), MarketingRevenue: Dollars(2500), TotalRevenue: Dollars(7500)},
			"33.3%", "$333.33", "33.3%",
		},
		{"zeros everywhere", Actuals{}, "n/a", "n/a", "n/a"},
		{
			// MQLs but none won: close 0.0%, deal undefined; sales-only revenue: share 0.0%.
			"none won",
			Actuals{MQLs: 12, TotalRevenue: Dollars(500)},
			"0.0%", "n/a", "0.0%",
		},
		{
			// revenue recorded against no MQLs (leads from an earlier month won now).
			"revenue without MQLs",
			Actuals{MarketingRevenue: Dollars(100)},
			"n/a", "n/a", "n/a",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.a.Rates()
			if got := r.Close.Percent(); got != tt.close {
				t.Errorf("close %q, want %q", got, tt.close)
			}
			if got := r.Deal.String(); got != tt.deal {
				t.Errorf("deal %q, want %q", got, tt.deal)
			}
			if got := r.Share.Percent(); got != tt.share {
				t.Errorf("share %q, want %q", got, tt.share)
			}
		})
	}
}

func TestAvgCycle(t *testing.T) {
	tests := []struct {
		a    Actuals
		want time.Duration
		ok   bool
	}{
		{Actuals{CycleN: 3, CycleTotal: 45 * 24 * time.Hour}, 15 * 24 * time.Hour, true}, // 45d/3
		{Actuals{CycleN: 2, CycleTotal: 3 * time.Hour}, 90 * time.Minute, true},          // 3h/2
		{Actuals{CycleN: 3, CycleTotal: 10}, 3, true},                                    // 10ns/3 truncated
		{Actuals{}, 0, false},
		{Actuals{CycleTotal: time.Hour}, 0, false},
	}
	for _, tt := range tests {
		got, ok := tt.a.AvgCycle()
		if got != tt.want || ok != tt.ok {
			t.Errorf("%+v.AvgCycle() = %v, %v; want %v, %v", tt.a, got, ok, tt.want, tt.ok)
		}
	}
}

// A customer whose revenue is not known counts in the close rate, not in
// the deal size.
func TestRatesUnknownRevenue(t *testing.T) {
	a := Actuals{MQLs: 4, MQLsWon: 2, MQLsWonUnknown: 1, MQLWonRevenue: 120000}
	r := a.Rates()
	if r.Close.Percent() != "50.0%" || r.Deal.String() != "$1,200" {
		t.Fatalf("close %s, deal %s; want 50.0%%, $1,200", r.Close.Percent(), r.Deal.String())
	}
	a.MQLsWonUnknown = 2
	if d := a.Rates().Deal.String(); d != "n/a" {
		t.Fatalf("deal with no known revenue = %s, want n/a", d)
	}
}
