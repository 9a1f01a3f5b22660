package sla

import (
	"math"
	"testing"
)

func TestComputePlan(t *testing.T) {
	tests := []struct {
		name string
		in   PlanInput
		want PlanResult
	}{
		{
			// The worked example of docs/design.md, Plan: R = 5000 × 1 = $5,000; C = 5000 ÷ 100 = 50; L = 50 ÷ 0.5 = 100.
			name: "spec example",
			in:   PlanInput{Quota: Dollars(5000), Share: Percent(100), Deal: Dollars(100), Close: Percent(50)},
			want: PlanResult{Revenue: Dollars(5000), Customers: 50, Leads: 100},
		},
		{
			// C = 6200 ÷ 100 = 62; L = 62 ÷ 0.625 = 99.2 → 100.
			name: "leads ceiling 99.2",
			in:   PlanInput{Quota: Dollars(6200), Share: Percent(100), Deal: Dollars(100), Close: 625000},
			want: PlanResult{Revenue: Dollars(6200), Customers: 62, Leads: 100},
		},
		{
			// R = 5000 × 0.5 = 2500; C = 2500 ÷ 300 = 8.33 → 9; L = 9 ÷ 0.2 = 45.
			name: "customers ceiling",
			in:   PlanInput{Quota: Dollars(5000), Share: Percent(50), Deal: Dollars(300), Close: Percent(20)},
			want: PlanResult{Revenue: Dollars(2500), Customers: 9, Leads: 45},
		},
		{
			// R = 3000 × 0.7 = 2100; C = 21 exactly; L = 21 ÷ 0.7 = 30 exactly
			// (float64: 21 / 0.7 = 30.000000000000004 → 31).
			name: "exact 70 percent",
			in:   PlanInput{Quota: Dollars(3000), Share: Percent(70), Deal: Dollars(100), Close: Percent(70)},
			want: PlanResult{Revenue: Dollars(2100), Customers: 21, Leads: 30},
		},
		{
			// R = 3000 × 0.07 = 210; C = 210 ÷ 10 = 21 exactly
			// (float64: 3000 × 0.07 ÷ 10 = 21.000000000000004 → 22).
			name: "exact 7 percent",
			in:   PlanInput{Quota: Dollars(3000), Share: Percent(7), Deal: Dollars(10), Close: Percent(35)},
			// L = 21 ÷ 0.35 = 60 exactly (float64: 60.00000000000001 → 61).
			want: PlanResult{Revenue: Dollars(210), Customers: 21, Leads: 60},
		},
		{
			// R = 10000 × 0.333 = 3330; C = 3330 ÷ 250 = 13.32 → 14; L = 14 ÷ 0.2 = 70.
			name: "33.3 percent share",
			in:   PlanInput{Quota: Dollars(10000), Share: 333000, Deal: Dollars(250), Close: Percent(20)},
			want: PlanResult{Revenue: Dollars(3330), Customers: 14, Leads: 70},
		},
		{
			// R = 1000 × 0.333 = 333; C = 333 ÷ 100 = 3.33 → 4; L = 4 ÷ 0.333 = 12.012 → 13.
			name: "33.3 percent share and close",
			in:   PlanInput{Quota: Dollars(1000), Share: 333000, Deal: Dollars(100), Close: 333000},
			want: PlanResult{Revenue: Dollars(333), Customers: 4, Leads: 13},
		},
		{
			// R = 101 cents × 0.5 = 50.5 cents → 51 cents (half up); C = 50.5 ÷ 51 → 1; L = 1.
			name: "revenue rounds half up",
			in:   PlanInput{Quota: 101, Share: Percent(50), Deal: 51, Close: Percent(100)},
			want: PlanResult{Revenue: 51, Customers: 1, Leads: 1},
		},
		{
			// R exact = 251 cents × 0.4 = 100.4 cents, shown $1.00; C uses the
			// exact 100.4 ÷ 100 = 1.004 → 2, not the rounded 100 ÷ 100 = 1.
			name: "customers from unrounded revenue",
			in:   PlanInput{Quota: 251, Share: Percent(40), Deal: 100, Close: Percent(100)},
			want: PlanResult{Revenue: 100, Customers: 2, Leads: 2},
		},
		{
			// R = 5000 × 0.333 = $1,665; C = 1665 ÷ 100 = 16.65 → 17; L = 17 ÷ 1 = 17.
			name: "close 100 percent",
			in:   PlanInput{Quota: Dollars(5000), Share: 333000, Deal: Dollars(100), Close: RatioOne},
			want: PlanResult{Revenue: Dollars(1665), Customers: 17, Leads: 17},
		},
		{
			name: "share zero",
			in:   PlanInput{Quota: Dollars(5000), Share: 0, Deal: Dollars(100), Close: Percent(50)},
			want: PlanResult{},
		},
		{
			// C = 1 ÷ 100000 → 1; L = 1 ÷ 0.000001 = 1,000,000.
			name: "tiny close rate",
			in:   PlanInput{Quota: Dollars(1), Share: RatioOne, Deal: Dollars(1000), Close: 1},
			want: PlanResult{Revenue: Dollars(1), Customers: 1, Leads: 1_000_000},
		},
		{
			// The largest quota still fits: R = C = MaxInt64 cents at a 1-cent deal, L = C.
			name: "max quota at 100 percent",
			in:   PlanInput{Quota: math.MaxInt64, Share: RatioOne, Deal: 1, Close: RatioOne},
			want: PlanResult{Revenue: math.MaxInt64, Customers: math.MaxInt64, Leads: math.MaxInt64},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ComputePlan(tt.in)
			if err != nil {
				t.Fatalf("ComputePlan(%+v) error %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ComputePlan(%+v) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestComputePlanRejects(t *testing.T) {
	ok := PlanInput{Quota: Dollars(5000), Share: Percent(100), Deal: Dollars(100), Close: Percent(50)}
	tests := []struct {
		name   string
		modify func(*PlanInput)
		msg    string
	}{
		{"quota zero", func(p *PlanInput) { p.Quota = 0 }, "The quota must be more than $0."},
		{"quota negative", func(p *PlanInput) { p.Quota = -100 }, "The quota must be more than $0."},
		{"deal zero", func(p *PlanInput) { p.Deal = 0 }, "The deal size must be more than $0."},
		{"deal negative", func(p *PlanInput) { p.Deal = -1 }, "The deal size must be more than $0."},
		{"close zero", func(p *PlanInput) { p.Close = 0 }, "The close rate must be more than 0% and at most 100%."},
		{"close negative", func(p *PlanInput) { p.Close = -1 }, "The close rate must be more than 0% and at most 100%."},
		{"close over 100", func(p *PlanInput) { p.Close = RatioOne + 1 }, "The close rate must be more than 0% and at most 100%."},
		{"share negative", func(p *PlanInput) { p.Share = -1 }, "The share must be between 0% and 100%."},
		{"share over 100", func(p *PlanInput) { p.Share = Percent(101) }, "The share must be between 0% and 100%."},
		{
			// C = MaxInt64 cents ÷ 1 cent, L = C ÷ 0.5 = 2 × MaxInt64: too large.
			"leads overflow",
			func(p *PlanInput) { p.Quota, p.Share, p.Deal, p.Close = math.MaxInt64, RatioOne, 1, Percent(50) },
			"Those figures give a goal too large to track; check the quota and rates.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.modify(&in)
			got, err := ComputePlan(in)
			if err == nil {
				t.Fatalf("ComputePlan(%+v) = %+v, want an error", in, got)
			}
			if ErrorCode(err) != Invalid {
				t.Errorf("code %q, want %q", ErrorCode(err), Invalid)
			}
			if ErrorMessage(err) != tt.msg {
				t.Errorf("message %q, want %q", ErrorMessage(err), tt.msg)
			}
		})
	}
}
