package scheduler_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slabot/slabot/scheduler"
	"github.com/slabot/slabot/sla"
)

// fakeRunner records what the cron loop triggers.
type fakeRunner struct {
	mu    sync.Mutex
	ags   []sla.Agreement
	runs  []string // kind@time (UTC)
	scans int
	sweep int
}

func (f *fakeRunner) ActiveAgreements(context.Context) ([]sla.Agreement, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sla.Agreement(nil), f.ags...), nil
}

func (f *fakeRunner) RunFor(_ context.Context, kind string, a sla.Agreement, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs = append(f.runs, kind+"/"+a.Name+"@"+now.UTC().Format("2006-01-02 15:04"))
	return nil
}

func (f *fakeRunner) Sweep(context.Context, time.Time) error {
	f.mu.Lock()
	f.sweep++
	f.mu.Unlock()
	return nil
}

func (f *fakeRunner) Scan(context.Context, time.Time) error {
	f.mu.Lock()
	f.scans++
	f.mu.Unlock()
	return nil
}

func (f *fakeRunner) snapshot() ([]string, int, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.runs...), f.scans, f.sweep
}

// TestCronTriggers runs the real cron loop in a synctest bubble, whose fake
// clock starts at 2000-01-01 00:00 UTC (a Saturday).
func TestCronTriggers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		berlinDigest := sla.Agreement{ID: 1, TeamID: "T1", Name: "berlin", TZ: "Europe/Berlin", Digest: sla.DefaultDigest}
		nyDigest := sla.Agreement{ID: 2, TeamID: "T1", Name: "ny", TZ: "America/New_York",
			Digest: sla.Digest{Enabled: true, Weekday: time.Monday, Hour: 9}}
		r := &fakeRunner{ags: []sla.Agreement{berlinDigest}}
		var crm []time.Time
		var mu sync.Mutex
		c := &scheduler.Cron{Run: r, CRMSync: func(_ context.Context, now time.Time) error {
			mu.Lock()
			crm = append(crm, now)
			mu.Unlock()
			return nil
		}}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		// digest, month close and midpoint for one agreement
		if n := c.Entries(); n != 3 {
			t.Fatalf("%d entries, want 3", n)
		}
		// a second agreement appears; the next sync (every minute) schedules it
		r.mu.Lock()
		r.ags = append(r.ags, nyDigest)
		r.mu.Unlock()

		// Run until Monday 3 January 2000, 15:00 UTC.
		time.Sleep(2*24*time.Hour + 15*time.Hour)
		synctest.Wait()
		c.Stop()

		runs, scans, sweeps := r.snapshot()
		want := []string{
			// 1 January is a 1st: the month close, at 09:00 local
			"month-close/berlin@2000-01-01 08:00",
			"month-close/ny@2000-01-01 14:00",
			"digest/berlin@2000-01-03 08:00", // 09:00 in Berlin (CET, UTC+1)
			"digest/ny@2000-01-03 14:00",     // 09:00 in New York (EST, UTC−5)
		}
		if len(runs) != len(want) {
			t.Fatalf("runs %v, want %v", runs, want)
		}
		for i := range want {
			if runs[i] != want[i] {
				t.Fatalf("runs %v, want %v", runs, want)
			}
		}
		// 63 hours: a breach scan every 2 minutes and a sweep every 5
		if scans != 63*30 || sweeps != 63*12 {
			t.Fatalf("%d scans and %d sweeps in 63h, want %d and %d", scans, sweeps, 63*30, 63*12)
		}
		if n := c.Entries(); n != 6 {
			t.Fatalf("%d entries after the sync, want 6", n)
		}
		// and the HubSpot sync every 5 minutes, with the clock of its run
		mu.Lock()
		defer mu.Unlock()
		if len(crm) != 63*12 || !crm[0].Equal(time.Date(2000, 1, 1, 0, 5, 0, 0, time.UTC)) {
			t.Fatalf("%d HubSpot syncs in 63h (first %v), want %d from 00:05", len(crm), crm[0], 63*12)
		}
	})
}

func TestCronRejectsBadSchedule(t *testing.T) {
	c := &scheduler.Cron{Run: &fakeRunner{}, Scan: "every now and then"}
	if err := c.Start(context.Background()); err == nil {
		c.Stop()
		t.Fatal("a bad schedule must fail at start")
	}
}
