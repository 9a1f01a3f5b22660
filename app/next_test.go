package app_test

import (
	"testing"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/sla"
)

func TestNextRun(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	in := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, berlin) }
	a := sla.Agreement{TZ: "Europe/Berlin", Digest: sla.DefaultDigest}
	off := a
	off.Digest.Enabled = false
	fri := a
	fri.Digest = sla.Digest{Enabled: true, Weekday: time.Friday, Hour: 16, Minute: 30}
	tests := []struct {
		name  string
		kind  string
		a     sla.Agreement
		after time.Time
		want  time.Time // zero: none
	}{
		// Friday 11 Dec 2026 → Monday 14 Dec 09:00.
		{"digest next Monday", app.KindDigest, a, in(2026, 12, 11, 14, 0), in(2026, 12, 14, 9, 0)},
		// Strictly after: at Monday 09:00 itself the next is a week later.
		{"digest strictly after", app.KindDigest, a, in(2026, 12, 14, 9, 0), in(2026, 12, 21, 9, 0)},
		{"digest a minute before", app.KindDigest, a, in(2026, 12, 14, 8, 59), in(2026, 12, 14, 9, 0)},
		{"digest on Friday 16:30", app.KindDigest, fri, in(2026, 12, 11, 16, 31), in(2026, 12, 18, 16, 30)},
		{"digest off", app.KindDigest, off, in(2026, 12, 11, 14, 0), time.Time{}},
		// Month close: 1st at 09:00 in the agreement's zone.
		{"month close", app.KindMonthClose, a, in(2026, 12, 11, 14, 0), in(2027, 1, 1, 9, 0)},
		{"midpoint this month", app.KindMidpoint, a, in(2026, 12, 11, 14, 0), in(2026, 12, 15, 9, 0)},
		{"midpoint next month", app.KindMidpoint, a, in(2026, 12, 15, 9, 0), in(2027, 1, 15, 9, 0)},
		// 29 March 2026 is the spring-forward Sunday in Berlin; Monday 30 March
		// 09:00 CEST is 07:00 UTC, not 08:00.
		{"digest across DST", app.KindDigest, a, in(2026, 3, 27, 12, 0), time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC)},
		{"no schedule for breach scan", app.KindBreachScan, a, in(2026, 12, 11, 14, 0), time.Time{}},
	}
	for _, tt := range tests {
		got, ok := app.NextRun(tt.kind, tt.a, tt.after)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("%s: NextRun = %s, %v; want %s", tt.name, got, ok, tt.want)
		}
	}
}
