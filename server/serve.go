// Package server is the composition root of a running slabot: it wires
// the store into the use cases, the Slack transport, the cron loop and the
// HTTP listener. `slabot run`, the demo and the end-to-end tests all start
// the bot through Serve, so they run the same code.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/scheduler"
	"github.com/slabot/slabot/storage"
)

// ServeConfig is what Serve needs beyond the store.
type ServeConfig struct {
	BotToken string
	AppToken string
	APIURL   string
	HTTPAddr string
	Database string // for the start-up log line, already redacted
	Version  string
	Webhook  http.Handler // POST /v1/events; nil: not served
	Metrics  *bot.Metrics // nil: a new registry
	// ClaimLease is how long a post's part stays claimed by a replica that
	// stopped renewing it; 0 is app.DefaultLease.
	ClaimLease time.Duration
	// HubSpot is the HubSpot sync: the cron loop runs it every 5 minutes and
	// its event loop applies stored webhook events. Nil: no HubSpot.
	HubSpot *ingest.HubSpotSync
	// HubSpotWebhook is POST /v1/hubspot/events; nil: not served.
	HubSpotWebhook http.Handler

	Now    func() time.Time          // default time.Now
	Ready  func(*bot.Bot, *app.Jobs) // called once the bot is built and connected once
	Done   func(envelope string)     // called after each envelope is handled
	NoCron bool                      // jobs are driven by hand (the demo clock, tests)
}

// Serve runs the bot, the scheduler and the HTTP listener until ctx is done.
// `slabot run`, the demo and the end-to-end tests all run this.
func Serve(ctx context.Context, c ServeConfig, st *storage.Store, log *slog.Logger) error {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	metrics := c.Metrics
	if metrics == nil {
		metrics = bot.NewMetrics()
	}
	metrics.KnownJobs(scheduler.CronJobs)
	send := bot.NewSender(c.BotToken, c.APIURL, nil, log, metrics)
	jobs := app.NewJobs(st, send, log)
	jobs.Lease = c.ClaimLease
	b := bot.New(bot.Options{
		BotToken: c.BotToken, AppToken: c.AppToken, APIURL: c.APIURL,
		Store: st, Jobs: jobs, Sender: send, Log: log, Now: now, Metrics: metrics, Done: c.Done,
		Commands: &commands.Handler{App: &app.Service{Store: st}, Users: send, Now: now, Log: log, Charts: app.Charts{Store: st}, CRM: st},
	})
	team, err := b.CheckTokens(ctx)
	if err != nil {
		return err
	}
	log.Info("slabot starting", "version", c.Version, "team", team, "database", c.Database, "http", c.HTTPAddr)

	ln, err := net.Listen("tcp", c.HTTPAddr)
	if err != nil {
		return fmt.Errorf("SLABOT_HTTP_ADDR: cannot listen on %s: %w", c.HTTPAddr, err)
	}
	hooks := map[string]http.Handler{}
	if c.Webhook != nil {
		hooks["POST /v1/events"] = c.Webhook
	}
	if c.HubSpotWebhook != nil {
		hooks["POST /v1/hubspot/events"] = c.HubSpotWebhook
	}
	srv := &http.Server{Handler: HTTPHandler(st, b, metrics, hooks), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server stopped", "err", err)
		}
	}()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	if c.HubSpot != nil {
		go c.HubSpot.Serve(ctx, now)
	}
	if !c.NoCron {
		cr := &scheduler.Cron{Run: Runner(jobs, metrics), Log: log, Now: now, Observe: metrics.ObserveJob}
		if c.HubSpot != nil {
			cr.CRMSync = c.HubSpot.Run
		}
		if err := cr.Start(ctx); err != nil {
			return err
		}
		defer cr.Stop()
	}
	if c.Ready != nil {
		c.Ready(b, jobs)
	}
	err = b.Run(ctx)
	log.Info("shutting down")
	return err
}

// HTTPHandler serves /healthz (200 only while the database answers and the
// socket is up), /metrics (whose database_up pings st) and the CRM webhooks,
// by route pattern.
func HTTPHandler(st *storage.Store, b *bot.Bot, m *bot.Metrics, webhooks map[string]http.Handler) http.Handler {
	m.WatchDatabase(st.Ping)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := st.Ping(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		if !b.Connected() {
			http.Error(w, "slack socket not connected", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /metrics", m.Handler())
	for pattern, h := range webhooks {
		mux.Handle(pattern, h)
	}
	return mux
}

var (
	_ app.Store           = (*storage.Store)(nil)
	_ bot.Store           = (*storage.Store)(nil)
	_ commands.CRMSource  = (*storage.Store)(nil)
	_ ingest.HubSpotStore = (*storage.Store)(nil)
)

// Runner is the jobs as the cron loop runs them, counting the nudges of each
// breach scan: the scan reports them, the cron loop only sees its error.
func Runner(jobs *app.Jobs, m *bot.Metrics) scheduler.Runner { return nudgeCounter{jobs, m} }

type nudgeCounter struct {
	*app.Jobs
	m *bot.Metrics
}

func (r nudgeCounter) Scan(ctx context.Context, now time.Time) error {
	stats, err := r.BreachScan(ctx, now)
	r.m.Nudged(stats.Nudges)
	return err
}
