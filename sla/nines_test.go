package sla

import (
	"math"
	"testing"
	"time"
)

func TestDowntimeFor(t *testing.T) {
	const (
		ms = time.Millisecond
		us = time.Microsecond
		s  = time.Second
		m  = time.Minute
		h  = time.Hour
	)
	// Periods: year 365.25 d = 31,557,600 s; month 30 d = 2,592,000 s;
	// week 604,800 s; day 86,400 s.
	tests := []struct {
		p    float64
		want Downtime
	}{
		{
			// 1 % of each period.
			// year 315,576 s = 3d 15h 39m 36s = 87h 39m 36s; month 25,920 s = 7h 12m;
			// week 6,048 s = 1h 40m 48s; day 864 s = 14m 24s.
			99, Downtime{Year: 87*h + 39*m + 36*s, Month: 7*h + 12*m, Week: h + 40*m + 48*s, Day: 14*m + 24*s},
		},
		{
			// 0.1 %: year 31,557.6 s = 8h 45m 57.6s; month 2,592 s = 43m 12s;
			// week 604.8 s = 10m 4.8s; day 86.4 s = 1m 26.4s.
			99.9, Downtime{Year: 8*h + 45*m + 57*s + 600*ms, Month: 43*m + 12*s, Week: 10*m + 4*s + 800*ms, Day: m + 26*s + 400*ms},
		},
		{
			// 0.05 %: year 15,778.8 s = 4h 22m 58.8s; month 1,296 s = 21m 36s;
			// week 302.4 s = 5m 2.4s; day 43.2 s.
			99.95, Downtime{Year: 4*h + 22*m + 58*s + 800*ms, Month: 21*m + 36*s, Week: 5*m + 2*s + 400*ms, Day: 43*s + 200*ms},
		},
		{
			// 0.01 %: year 3,155.76 s = 52m 35.76s; month 259.2 s; week 60.48 s; day 8.64 s.
			99.99, Downtime{Year: 52*m + 35*s + 760*ms, Month: 4*m + 19*s + 200*ms, Week: m + 480*ms, Day: 8*s + 640*ms},
		},
		{
			// 0.001 %: year 315.576 s = 5m 15.576s; month 25.92 s; week 6.048 s; day 0.864 s.
			99.999, Downtime{Year: 5*m + 15*s + 576*ms, Month: 25*s + 920*ms, Week: 6*s + 48*ms, Day: 864 * ms},
		},
		{
			// 0.0001 %: year 31.5576 s; month 2.592 s; week 0.6048 s; day 0.0864 s.
			99.9999, Downtime{Year: 31*s + 557*ms + 600*us, Month: 2*s + 592*ms, Week: 604*ms + 800*us, Day: 86*ms + 400*us},
		},
		{
			// 50 %: half of each period.
			50, Downtime{Year: 4383 * h, Month: 360 * h, Week: 84 * h, Day: 12 * h},
		},
		{
			// 0.5 % up, 99.5 % down.
			0.5, Downtime{Year: 31557600 * 995 * ms, Month: 2592000 * 995 * ms, Week: 604800 * 995 * ms, Day: 86400 * 995 * ms},
		},
	}
	for _, tt := range tests {
		got, err := DowntimeFor(tt.p)
		if err != nil {
			t.Errorf("DowntimeFor(%v) error %v", tt.p, err)
			continue
		}
		if got != tt.want {
			t.Errorf("DowntimeFor(%v) = %+v, want %+v", tt.p, got, tt.want)
		}
	}
}

func TestDowntimeForRejects(t *testing.T) {
	for _, p := range []float64{0, 100, -1, 100.0001, 250, math.NaN(), math.Inf(1), math.Inf(-1)} {
		got, err := DowntimeFor(p)
		if err == nil {
			t.Errorf("DowntimeFor(%v) = %+v, want an error", p, got)
			continue
		}
		if ErrorCode(err) != Invalid {
			t.Errorf("DowntimeFor(%v) code %q, want invalid", p, ErrorCode(err))
		}
		if got != (Downtime{}) {
			t.Errorf("DowntimeFor(%v) = %+v alongside an error", p, got)
		}
	}
}

func TestDowntimeDisplay(t *testing.T) {
	// The documented figures (docs/design.md, Uptime nines), through the display format.
	tests := []struct {
		p    float64
		year string
	}{
		{99.9, "8h 45m 58s"},
		{99.999, "5m 16s"},
		{99.9999, "31.6s"},
	}
	for _, tt := range tests {
		d, err := DowntimeFor(tt.p)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatDowntime(d.Year); got != tt.year {
			t.Errorf("%v%%: year %q, want %q", tt.p, got, tt.year)
		}
	}
}
