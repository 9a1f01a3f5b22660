package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/scheduler"
	"github.com/slabot/slabot/storage"
)

// serve is `slabot run`.
func serve(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	c, err := loadConfig(getenv, need{bot: true, app: true})
	if err != nil {
		return err
	}
	log := newLogger(stderr, c.LogLevel)
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	return serveWith(ctx, c, st, log, serveOpts{})
}

// serveOpts are the demo's and the tests' hooks into serveWith.
type serveOpts struct {
	now    func() time.Time                // default time.Now
	ready  func(*bot.Bot, *scheduler.Jobs) // called once the bot is built
	done   func(envelope string)           // called after each envelope is handled
	noCron bool                            // jobs are driven by hand (demo clock, tests)
}

// serveWith runs the bot, the scheduler and the HTTP listener until ctx is
// done; the demo and the end-to-end tests run the same code against the
// emulator.
func serveWith(ctx context.Context, c Config, st *storage.Store, slog *slog.Logger, o serveOpts) error {
	now := o.now
	if now == nil {
		now = time.Now
	}
	metrics := bot.NewMetrics()
	send := bot.NewSender(c.BotToken, c.APIURL, nil, slog, metrics)
	jobs := scheduler.NewJobs(st, send, slog)
	b := bot.New(bot.Options{
		BotToken: c.BotToken, AppToken: c.AppToken, APIURL: c.APIURL,
		Store: st, Commands: handler(st, slog, now), Jobs: jobs, Sender: send,
		Log: slog, Now: now, Metrics: metrics, Done: o.done,
	})
	team, err := b.CheckTokens(ctx)
	if err != nil {
		return err
	}
	slog.Info("slabot starting", "version", versionString(), "team", team, "database", storage.Redact(c.DatabaseURL), "http", c.HTTPAddr)

	ln, err := net.Listen("tcp", c.HTTPAddr)
	if err != nil {
		return fmt.Errorf("SLABOT_HTTP_ADDR: cannot listen on %s: %w", c.HTTPAddr, err)
	}
	srv := &http.Server{Handler: httpHandler(st, b, metrics, nil), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("http server stopped", "err", err)
		}
	}()

	cr := &scheduler.Cron{Run: jobs, Log: slog, Now: now}
	if !o.noCron {
		if err := cr.Start(ctx); err != nil {
			srv.Close()
			return err
		}
		defer cr.Stop()
	}
	if o.ready != nil {
		o.ready(b, jobs)
	}
	runErr := b.Run(ctx)
	slog.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return runErr
}

// httpHandler serves /healthz, /metrics and the CRM webhook.
func httpHandler(st *storage.Store, b *bot.Bot, m *bot.Metrics, webhook http.Handler) http.Handler {
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
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		m.Write(w)
	})
	if webhook != nil {
		mux.Handle("POST /v1/events", webhook)
	}
	return mux
}
