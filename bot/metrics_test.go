package bot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/slack-go/slack"

	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/scheduler"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/sla"
)

type families map[string]*dto.MetricFamily

func parse(t *testing.T, r io.Reader) families {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(r)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// scrape reads /metrics from h over HTTP, as Prometheus does.
func scrape(t *testing.T, h http.Handler) families {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics: %s", resp.Status)
	}
	return parse(t, resp.Body)
}

// find returns the sample of family name whose labels include labels
// (name, value pairs); nil when there is none.
func (f families) find(name string, labels ...string) *dto.Metric {
	fam := f[name]
	if fam == nil {
		return nil
	}
next:
	for _, m := range fam.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, lp := range m.GetLabel() {
				if lp.GetName() == labels[i] && lp.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		return m
	}
	return nil
}

// value is a counter's or gauge's value, or a histogram's sample count; -1
// when the series is missing.
func (f families) value(name string, labels ...string) float64 {
	m := f.find(name, labels...)
	switch {
	case m == nil:
		return -1
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Histogram != nil:
		return float64(m.Histogram.GetSampleCount())
	}
	return -1
}

var families7 = []string{
	"slabot_commands_total", "slabot_ack_seconds", "slabot_job_runs_total", "slabot_job_duration_seconds",
	"slabot_slack_calls_total", "slabot_nudges_total", "slabot_database_up",
}

// TestMetricsCountWhatTheBotDid runs commands through the emulator and reads
// them back from /metrics.
func TestMetricsCountWhatTheBotDid(t *testing.T) {
	w := world(t)
	reply(t, w, "U0KENDRA", "setup marketing=<@U0KENDRA> sales=<@U0SAM> name=S")
	reply(t, w, "U0RILEY", "status")
	reply(t, w, "U0RILEY", "frobnicate the widgets")
	reply(t, w, "U0RILEY", "lead add segment=exec") // typed alone, it opens a form

	fams := scrape(t, server.HTTPHandler(w.Store, w.Bot, w.Bot.Metrics(), nil))
	for _, name := range families7 {
		if fams[name].GetHelp() == "" {
			t.Errorf("%s has no HELP", name)
		}
	}
	for _, c := range []struct {
		command, outcome string
		want             float64
	}{
		{"setup", "ok", 1},
		{"status", "ok", 1},
		{"status", "failed", 0},
		{"unknown", "failed", 1},
		{"lead add", "failed", 1},
	} {
		if got := fams.value("slabot_commands_total", "command", c.command, "outcome", c.outcome); got != c.want {
			t.Errorf("commands_total{command=%q,outcome=%q} = %v, want %v", c.command, c.outcome, got, c.want)
		}
	}
	for _, m := range fams["slabot_commands_total"].GetMetric() {
		for _, lp := range m.GetLabel() {
			if strings.Contains(lp.GetValue(), "frobnicate") {
				t.Errorf("the user's text became a label: %v", m)
			}
		}
	}
	if got := fams.value("slabot_ack_seconds"); got != 4 {
		t.Errorf("%v acks observed, want 4", got)
	}
	if got := fams.value("slabot_slack_calls_total", "method", "auth.test", "outcome", "ok"); got != 1 {
		t.Errorf("auth.test counted %v times, want 1", got)
	}
	if got := fams.value("slabot_slack_calls_total", "method", "apps.connections.open", "outcome", "ok"); got < 1 {
		t.Errorf("apps.connections.open counted %v times", got)
	}
	if got := fams.value("slabot_slack_calls_total", "method", "response_url", "outcome", "ok"); got != 4 {
		t.Errorf("response_url counted %v times, want 4 (one reply each)", got)
	}
	if got := fams.value("slabot_database_up"); got != 1 {
		t.Errorf("database_up = %v with the database open", got)
	}
	if got := fams.value("slabot_nudges_total"); got != 0 {
		t.Errorf("nudges_total = %v before any scan", got)
	}
}

// TestNudgeCount: the runner the cron loop is given counts the nudges its
// breach scans send.
func TestNudgeCount(t *testing.T) {
	ctx := context.Background()
	// A Friday afternoon in Berlin; the seed leaves a nudge due at 14:04.
	w := worldAt(t, time.Date(2026, 12, 11, 13, 0, 0, 0, time.UTC))
	now := w.Clock.Now()
	if _, err := demo.Seed(ctx, w.Store, now, 1, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	m := w.Bot.Metrics()
	run := server.Runner(w.Jobs, m)
	later := now.Add(5 * time.Minute)
	w.Clock.Set(later)
	before := len(w.Emu.Messages())
	if err := run.Scan(ctx, later); err != nil {
		t.Fatal(err)
	}
	// Each nudged lead is one block set in a DM; a lead that is only
	// announced to its new owner (a hand-off notice) is no nudge.
	nudged := map[string]bool{}
	for _, msg := range w.Emu.Messages()[before:] {
		if !msg.IsDM {
			continue
		}
		announced := map[int64]bool{}
		for _, b := range msg.Decoded.BlockSet {
			sec, isSection := b.(*slack.SectionBlock)
			if id, ok := render.ParseLeadBlockID(b.ID()); ok && isSection && sec.Text != nil && strings.Contains(sec.Text.Text, "New lead, handed to you") {
				announced[id] = true
			}
		}
		for _, b := range msg.Decoded.BlockSet {
			if id, ok := render.ParseLeadBlockID(b.ID()); ok && !announced[id] {
				nudged[fmt.Sprint(msg.Channel, "/", id)] = true
			}
		}
	}
	got := scrape(t, m.Handler()).value("slabot_nudges_total")
	if got < 1 || got != float64(len(nudged)) {
		t.Fatalf("nudges_total = %v; %d leads nudged in DMs", got, len(nudged))
	}
}

// fakeRunner stands in for the jobs under the cron loop; its sweep fails
// once and its third scan panics.
type fakeRunner struct {
	mu     sync.Mutex
	scans  int
	sweeps int
}

func (f *fakeRunner) ActiveAgreements(context.Context) ([]sla.Agreement, error) { return nil, nil }
func (f *fakeRunner) RunFor(context.Context, string, sla.Agreement, time.Time) error {
	return nil
}

func (f *fakeRunner) Sweep(context.Context, time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sweeps++
	if f.sweeps == 1 {
		return errors.New("database gone")
	}
	return nil
}

func (f *fakeRunner) Scan(context.Context, time.Time) error {
	f.mu.Lock()
	f.scans++
	n := f.scans
	f.mu.Unlock()
	if n == 3 {
		panic("scan blew up")
	}
	return nil
}

// TestJobMetrics: the cron loop reports each run to the metrics through
// its Observe hook, failures and panics as failed.
func TestJobMetrics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := bot.NewMetrics()
		m.KnownJobs(scheduler.CronJobs)
		c := &scheduler.Cron{Run: &fakeRunner{}, Observe: m.ObserveJob, Log: slog.New(slog.DiscardHandler)}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10*time.Minute + 30*time.Second)
		synctest.Wait()
		c.Stop()

		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		fams := parse(t, rec.Body)
		for _, c := range []struct {
			job, outcome string
			want         float64
		}{
			{"breach-scan", "ok", 4}, // every 2 minutes; the third panicked
			{"breach-scan", "failed", 1},
			{"sweep", "ok", 1}, // every 5 minutes; the first failed
			{"sweep", "failed", 1},
			{"sync", "ok", 10},
			{"digest", "ok", 0},
		} {
			if got := fams.value("slabot_job_runs_total", "job", c.job, "outcome", c.outcome); got != c.want {
				t.Errorf("job_runs_total{job=%q,outcome=%q} = %v, want %v", c.job, c.outcome, got, c.want)
			}
		}
		if got := fams.value("slabot_job_duration_seconds", "job", "breach-scan"); got != 5 {
			t.Errorf("%v breach-scan durations, want 5", got)
		}
	})
}
