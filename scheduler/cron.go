package scheduler

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/sla"
)

// Runner is what the cron loop triggers; *Jobs implements it.
type Runner interface {
	ActiveAgreements(ctx context.Context) ([]sla.Agreement, error)
	RunFor(ctx context.Context, kind string, a sla.Agreement, now time.Time) error
	Sweep(ctx context.Context, now time.Time) error
	Scan(ctx context.Context, now time.Time) error
}

// Cron triggers the jobs: one entry per agreement and kind at its scheduled
// minute in the agreement's timezone, a catch-up sweep for posts missed while
// no replica ran, and the breach scan every few minutes. Cron only triggers;
// the outbox decides what is actually sent.
type Cron struct {
	Run  Runner
	Log  *slog.Logger
	Now  func() time.Time
	Scan string // breach scan schedule; default every 2 minutes
	Swp  string // catch-up sweep; default every 5 minutes
	Sync string // re-read agreements' schedules; default every minute
	// CRMSync, when set, is the hubspot-sync job's core, run every CRMSpec
	// (default every 5 minutes); a run still going when the next is due is
	// skipped, as every job's.
	CRMSync func(ctx context.Context, now time.Time) error
	CRMSpec string
	// Observe, when set, hears of every job run: its name (one of
	// CronJobs), how long it took and its error. It feeds /metrics without
	// this package knowing of Prometheus.
	Observe func(job string, took time.Duration, err error)

	mu      sync.Mutex
	c       *cron.Cron
	entries map[string]cron.EntryID
	ctx     context.Context
}

// Jobs only the cron loop runs, besides the kinds.
const (
	JobSweep = "sweep"
	JobSync  = "sync"
	// JobCRMSync is the HubSpot sync (ingest's job; its name, for /metrics).
	JobCRMSync = "hubspot-sync"
)

// CronJobs are the job names the loop runs and Observe is told of.
var CronJobs = []string{app.KindBreachScan, JobSweep, JobSync, app.KindDigest, app.KindMonthClose, app.KindMidpoint, JobCRMSync}

var errPanicked = errors.New("job panicked")

func (c *Cron) logger() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}

// Start parses the fixed schedules (a bad one fails here, not later), loads
// the agreements' entries and starts the loop. Jobs run with ctx.
func (c *Cron) Start(ctx context.Context) error {
	if c.Now == nil {
		c.Now = time.Now
	}
	scan, swp, sync := cmp.Or(c.Scan, "@every 2m"), cmp.Or(c.Swp, "@every 5m"), cmp.Or(c.Sync, "@every 1m")
	// Recover inside the skip: cron's SkipIfStillRunning holds its token
	// across a panic, so a job that panicked once would never run again.
	wrap := cron.NewChain(cron.SkipIfStillRunning(cronLog{c.logger()}), cron.Recover(cronLog{c.logger()}))
	c.c = cron.New(cron.WithParser(parser), cron.WithLocation(time.UTC), cron.WithChain(wrap.Then))
	c.entries = map[string]cron.EntryID{}
	c.ctx = ctx
	fixed := []struct {
		spec string
		fn   func()
	}{
		{scan, func() { c.run(app.KindBreachScan, func() error { return c.Run.Scan(ctx, c.Now()) }) }},
		{swp, func() { c.run(JobSweep, func() error { return c.Run.Sweep(ctx, c.Now()) }) }},
		{sync, func() { c.run(JobSync, func() error { return c.SyncEntries(ctx) }) }},
	}
	if c.CRMSync != nil {
		fixed = append(fixed, struct {
			spec string
			fn   func()
		}{cmp.Or(c.CRMSpec, "@every 5m"), func() { c.run(JobCRMSync, func() error { return c.CRMSync(ctx, c.Now()) }) }})
	}
	for _, e := range fixed {
		if _, err := c.c.AddFunc(e.spec, e.fn); err != nil {
			return fmt.Errorf("schedule %q: %w", e.spec, err)
		}
	}
	if err := c.SyncEntries(ctx); err != nil {
		return err
	}
	c.c.Start()
	return nil
}

// Stop stops triggering and waits for running jobs.
func (c *Cron) Stop() {
	if c.c != nil {
		<-c.c.Stop().Done()
	}
}

// run runs one job, telling Observe how it went (a panic too, on its way
// to cron's Recover) and logging a failure.
func (c *Cron) run(job string, fn func() error) {
	start := time.Now() // c.Now may be a demo clock; this measures real time
	err := errPanicked
	defer func() {
		if c.Observe != nil {
			c.Observe(job, time.Since(start), err)
		}
	}()
	err = fn()
	if err != nil {
		c.logger().Error("scheduled job failed", "job", job, "err", err)
	}
}

// SyncEntries makes the per-agreement entries match the agreements' current
// schedules (a new agreement, `/sla digest at …`).
func (c *Cron) SyncEntries(ctx context.Context) error {
	as, err := c.Run.ActiveAgreements(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	want := map[string]bool{}
	for _, a := range as {
		for _, kind := range app.ScheduledKinds {
			spec, ok := Spec(kind, a)
			if !ok {
				continue
			}
			key := fmt.Sprintf("%s/%d/%s", kind, a.ID, spec)
			want[key] = true
			if _, ok := c.entries[key]; ok {
				continue
			}
			team, id, kind := a.TeamID, a.ID, kind
			eid, err := c.c.AddFunc(spec, func() {
				c.run(kind, func() error { return c.runOne(ctx, kind, team, id) })
			})
			if err != nil {
				c.logger().Error("bad agreement schedule", "agreement", a.ID, "spec", spec, "err", err)
				continue
			}
			c.entries[key] = eid
		}
	}
	for key, eid := range c.entries {
		if !want[key] {
			c.c.Remove(eid)
			delete(c.entries, key)
		}
	}
	return nil
}

// Entries is the number of per-agreement entries (for tests and /metrics).
func (c *Cron) Entries() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

func (c *Cron) runOne(ctx context.Context, kind, team string, id int64) error {
	as, err := c.Run.ActiveAgreements(ctx)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.ID == id && a.TeamID == team {
			return c.Run.RunFor(ctx, kind, a, c.Now())
		}
	}
	return nil
}

// cronLog adapts slog to cron's logger for the recover and skip wrappers.
type cronLog struct{ l *slog.Logger }

func (c cronLog) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLog) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}

// Spec is the cron spec of app.Schedule's instants for an agreement.
func Spec(kind string, a sla.Agreement) (string, bool) {
	rec, ok := app.Schedule(kind, a)
	if !ok {
		return "", false
	}
	tz := "CRON_TZ=" + a.Location().String() + " "
	if rec.Weekly {
		return fmt.Sprintf("%s%d %d * * %d", tz, rec.Minute, rec.Hour, int(rec.Weekday)), true
	}
	return fmt.Sprintf("%s%d %d %d * *", tz, rec.Minute, rec.Hour, rec.Day), true
}

var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
