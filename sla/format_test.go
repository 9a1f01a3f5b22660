package sla

import (
	"math"
	"testing"
	"time"
)

func TestFormatDuration(t *testing.T) {
	const (
		ms = time.Millisecond
		s  = time.Second
		m  = time.Minute
		h  = time.Hour
		d  = 24 * time.Hour
	)
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{400 * ms, "0s"},
		{500 * ms, "1s"}, // half up
		{45 * s, "45s"},
		{59*s + 499*ms, "59s"},
		{59*s + 500*ms, "1m"}, // rounds to 60s, shown in minutes
		{m, "1m"},
		{89 * s, "1m"},
		{90 * s, "2m"}, // 1.5m half up
		{12 * m, "12m"},
		{12*m + 29*s, "12m"},
		{59*m + 29*s, "59m"},
		{59*m + 30*s, "1h"},
		{h, "1h"},
		{h + 5*m, "1h 05m"},
		{h + 5*m + 31*s, "1h 06m"},
		{10*h + 30*m, "10h 30m"},
		{23*h + 59*m, "23h 59m"},
		{23*h + 59*m + 30*s, "1d"}, // rounds to 24h
		{d, "1d"},
		{2*d + 3*h, "2d 3h"},
		{2*d + 3*h + 29*m, "2d 3h"},
		{2*d + 3*h + 30*m, "2d 4h"},
		{14 * d, "14d"},
		{-45 * s, "-45s"},
		{-(h + 5*m), "-1h 05m"},
		{math.MinInt64, "-106751d 23h"},
		{math.MaxInt64, "106751d 23h"}, // 2562047h 47m 16.85s
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.in); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatDowntime(t *testing.T) {
	const (
		ns = time.Nanosecond
		us = time.Microsecond
		ms = time.Millisecond
		s  = time.Second
		m  = time.Minute
		h  = time.Hour
	)
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{8*h + 45*m + 57*s + 600*ms, "8h 45m 58s"}, // 99.9 % a year
		{5*m + 15*s + 576*ms, "5m 16s"},            // 99.999 % a year
		{31*s + 557*ms + 600*us, "31.6s"},          // 99.9999 % a year
		{86*ms + 400*us, "86.4ms"},                 // 99.9999 % a day
		{864 * ms, "864ms"},
		{604*ms + 800*us, "604.8ms"},
		{2*s + 592*ms, "2.6s"},
		{6*s + 48*ms, "6s"}, // 6.048 → 6.0, ".0" dropped
		{25*s + 920*ms, "25.9s"},
		{43*m + 12*s, "43m 12s"},
		{m + 26*s + 400*ms, "1m 26s"},
		{87*h + 39*m + 36*s, "3d 15h 39m 36s"},
		{12 * h, "12h"},
		{7*h + 12*m, "7h 12m"},
		{h + 5*s, "1h 0m 5s"},
		{m, "1m"},
		{59*s + 940*ms, "59.9s"},
		{59*s + 950*ms, "1m"}, // 59.95 would show as 60.0s
		{999*ms + 940*us, "999.9ms"},
		{999*ms + 950*us, "1s"}, // promoted to seconds
		{960 * ms, "960ms"},
		{999*us + 940*ns, "999.9µs"},
		{999*us + 950*ns, "1ms"},
		{1500 * us, "1.5ms"},
		{8*us + 640*ns, "8.6µs"},
		{999 * ns, "999ns"},
		{1, "1ns"},
		{-(5*m + 16*s), "-5m 16s"},
		{-(86*ms + 400*us), "-86.4ms"},
	}
	for _, tt := range tests {
		if got := FormatDowntime(tt.in); got != tt.want {
			t.Errorf("FormatDowntime(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatCount(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{32.333, "32.3"},
		{30, "30"},
		{0, "0"},
		{2.96, "3"}, // rounds to 3.0, ".0" dropped
		{2.94, "2.9"},
		{0.05, "0.1"}, // 0.05000000000000000277 is just above the half
		{100.0 / 3, "33.3"},
		{-5.25, "-5.2"}, // -5.25 is exact: ties to even
		{-0.01, "0"},    // not "-0"
		{1e6, "1000000"},
		{math.NaN(), "n/a"},
		{math.Inf(1), "n/a"},
		{math.Inf(-1), "n/a"},
	}
	for _, tt := range tests {
		if got := FormatCount(tt.in); got != tt.want {
			t.Errorf("FormatCount(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
