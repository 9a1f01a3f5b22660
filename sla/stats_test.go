package sla

import (
	"slices"
	"testing"
	"time"
)

func TestSpeedStats(t *testing.T) {
	const (
		s = time.Second
		m = time.Minute
		h = time.Hour
	)
	tests := []struct {
		name string
		in   []time.Duration
		want DurationStats
	}{
		{"empty", nil, DurationStats{}},
		{"one", []time.Duration{5 * m}, DurationStats{N: 1, Avg: 5 * m, Median: 5 * m, P90: 5 * m}},
		{
			// sorted 10m 20m; avg 15m; median (10+20)/2 = 15m; p90 rank ceil(1.8) = 2 → 20m.
			"two", []time.Duration{20 * m, 10 * m},
			DurationStats{N: 2, Avg: 15 * m, Median: 15 * m, P90: 20 * m},
		},
		{
			// sorted 1m 2m 9m; avg 12m/3 = 4m; median 2m; rank ceil(2.7) = 3 → 9m.
			"three unsorted", []time.Duration{9 * m, 1 * m, 2 * m},
			DurationStats{N: 3, Avg: 4 * m, Median: 2 * m, P90: 9 * m},
		},
		{
			// sorted 1s 2s 2s 4s; sum 9s, avg 2.25s; median (2+2)/2 = 2s; rank ceil(3.6) = 4 → 4s.
			"four with ties", []time.Duration{4 * s, 2 * s, 1 * s, 2 * s},
			DurationStats{N: 4, Avg: 2250 * time.Millisecond, Median: 2 * s, P90: 4 * s},
		},
		{
			// 1..10 minutes: sum 55m, avg 5.5m = 5m30s; median (5+6)/2 = 5m30s; rank ceil(9) = 9 → 9m.
			"ten", []time.Duration{10 * m, 9 * m, 8 * m, 7 * m, 6 * m, 5 * m, 4 * m, 3 * m, 2 * m, 1 * m},
			DurationStats{N: 10, Avg: 5*m + 30*s, Median: 5*m + 30*s, P90: 9 * m},
		},
		{
			// 1..11 minutes: sum 66m, avg 6m; median 6m; rank ceil(9.9) = 10 → 10m.
			"eleven", []time.Duration{1 * m, 2 * m, 3 * m, 4 * m, 5 * m, 6 * m, 7 * m, 8 * m, 9 * m, 10 * m, 11 * m},
			DurationStats{N: 11, Avg: 6 * m, Median: 6 * m, P90: 10 * m},
		},
		{
			// exact nanoseconds, truncated: avg 4ns / 3 = 1ns; median (odd N) the
			// middle 1ns; rank ceil(2.7) = 3 → 2ns.
			"nanosecond truncation", []time.Duration{1, 1, 2},
			DurationStats{N: 3, Avg: 1, Median: 1, P90: 2},
		},
		{
			// even median truncates: (1ns + 2ns)/2 = 1ns; avg (1+2)/2 = 1ns.
			"even median truncates", []time.Duration{2, 1},
			DurationStats{N: 2, Avg: 1, Median: 1, P90: 2},
		},
		{
			// a 100-hour outlier moves the mean, not the median:
			// sum 30m+1h+100h = 101h30m, avg 33h50m; median 1h; rank 3 → 100h.
			"outlier", []time.Duration{1 * h, 100 * h, 30 * m},
			DurationStats{N: 3, Avg: 33*h + 50*m, Median: 1 * h, P90: 100 * h},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.in)
			got := SpeedStats(tt.in)
			if got != tt.want {
				t.Errorf("SpeedStats(%v) = %+v, want %+v", tt.in, got, tt.want)
			}
			if !slices.Equal(tt.in, before) {
				t.Errorf("input modified: %v, was %v", tt.in, before)
			}
		})
	}
}

func TestSpeedStatsNoOverflow(t *testing.T) {
	// 200 durations of 100 days sum to 1.7e21 ns, past int64 (9.2e18).
	ds := make([]time.Duration, 200)
	for i := range ds {
		ds[i] = 100 * 24 * time.Hour
	}
	got := SpeedStats(ds)
	want := DurationStats{N: 200, Avg: 2400 * time.Hour, Median: 2400 * time.Hour, P90: 2400 * time.Hour}
	if got != want {
		t.Errorf("SpeedStats = %+v, want %+v", got, want)
	}
}

func TestSpeedStatsP90Rank(t *testing.T) {
	// Values 1..n ns, so the p90 is the rank itself: ceil(0.9 n).
	tests := []struct{ n, rank int }{
		{1, 1}, {2, 2}, {5, 5}, {9, 9}, {10, 9}, {11, 10}, {19, 18}, {20, 18}, {21, 19}, {100, 90}, {101, 91},
	}
	for _, tt := range tests {
		ds := make([]time.Duration, tt.n)
		for i := range ds {
			ds[i] = time.Duration(tt.n - i)
		}
		if got := SpeedStats(ds).P90; got != time.Duration(tt.rank) {
			t.Errorf("n=%d: P90 = %d, want %d", tt.n, got, tt.rank)
		}
	}
}

func TestDepthStats(t *testing.T) {
	tests := []struct {
		name     string
		d        DepthStats
		avg      float64
		avgOK    bool
		worked   float64
		workedOK bool
	}{
		{"zero", DepthStats{}, 0, false, 0, false},
		// 7 attempts over 2 uncontacted = 3.5; 3 of 4 worked = 0.75.
		{"typical", DepthStats{HandedOff: 4, Uncontacted: 2, UncontactedAttempts: 7, Worked: 3}, 3.5, true, 0.75, true},
		// all contacted: no depth figure, but all worked.
		{"none uncontacted", DepthStats{HandedOff: 2, Worked: 2}, 0, false, 1, true},
		// uncontacted, never attempted: depth 0, worked 0.
		{"none attempted", DepthStats{HandedOff: 3, Uncontacted: 3}, 0, true, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := tt.d.AvgAttempts(); ok != tt.avgOK || got != tt.avg {
				t.Errorf("AvgAttempts = %v, %v; want %v, %v", got, ok, tt.avg, tt.avgOK)
			}
			if got, ok := tt.d.WorkedRate(); ok != tt.workedOK || got != tt.worked {
				t.Errorf("WorkedRate = %v, %v; want %v, %v", got, ok, tt.worked, tt.workedOK)
			}
		})
	}
}
