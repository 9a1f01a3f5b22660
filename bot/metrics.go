package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/slabot/slabot/commands"
)

// Metrics is what /metrics shows. It has a registry of its own rather than
// Prometheus' global one, so every bot (and every test) counts apart.
type Metrics struct {
	reg         *prometheus.Registry
	commands    *prometheus.CounterVec
	ack         prometheus.Histogram
	jobRuns     *prometheus.CounterVec
	jobSeconds  *prometheus.HistogramVec
	slackCalls  *prometheus.CounterVec
	nudges      prometheus.Counter
	actions     prometheus.Counter
	redelivered prometheus.Counter
	ping        atomic.Pointer[func(context.Context) error]
}

// Outcomes of a command or a job.
const (
	outcomeOK     = "ok"
	outcomeFailed = "failed"
)

// NewMetrics builds the registry with every family in it.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "slabot_commands_total",
			Help: "/sla commands handled, by command (the command table's name, or unknown) and outcome (ok, or failed: refused or not done, nothing recorded).",
		}, []string{"command", "outcome"}),
		ack: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "slabot_ack_seconds",
			Help: "Time from reading a socket-mode envelope to writing its ack; Slack redelivers what is not acked within 3 s.",
			// Acks are meant to be immediate; 3 is Slack's limit.
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 3},
		}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "slabot_job_runs_total",
			Help: "Scheduled job runs started by the cron loop, by job and outcome (ok or failed).",
		}, []string{"job", "outcome"}),
		jobSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "slabot_job_duration_seconds",
			Help:    "How long each scheduled job run took, by job.",
			Buckets: []float64{.01, .05, .1, .5, 1, 5, 10, 30, 60, 300},
		}, []string{"job"}),
		slackCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "slabot_slack_calls_total",
			Help: "HTTP requests to Slack (each retry counts), by Web API method (or response_url, file_upload) and outcome: ok, ratelimited, server_error, http_error, transport_error, or Slack's error code.",
		}, []string{"method", "outcome"}),
		nudges: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "slabot_nudges_total",
			Help: "Breach nudges sent by the breach scan.",
		}),
		actions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "slabot_actions_total",
			Help: "Button clicks handled.",
		}),
		redelivered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "slabot_envelopes_redelivered_total",
			Help: "Envelopes Slack delivered again that were already handled, and so ignored.",
		}),
	}
	dbUp := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "slabot_database_up",
		Help: "1 if the database answered a ping when /metrics was read, else 0.",
	}, m.databaseUp)
	m.reg.MustRegister(m.commands, m.ack, m.jobRuns, m.jobSeconds, m.slackCalls, m.nudges, m.actions, m.redelivered, dbUp,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Series that exist from the start, so a rate over them is 0 rather
	// than missing until the first event.
	for _, o := range []string{outcomeOK, outcomeFailed} {
		for _, s := range commands.Specs {
			m.commands.WithLabelValues(s.Name, o)
		}
		m.commands.WithLabelValues("unknown", o)
	}
	return m
}

// KnownJobs makes the series of each job exist at zero from the start, so a
// dashboard sees "never ran" rather than nothing.
func (m *Metrics) KnownJobs(names []string) {
	for _, j := range names {
		for _, o := range []string{outcomeOK, outcomeFailed} {
			m.jobRuns.WithLabelValues(j, o)
		}
		m.jobSeconds.WithLabelValues(j)
	}
}

// Handler serves the registry in Prometheus' exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// WatchDatabase makes slabot_database_up ping with ping at each scrape.
func (m *Metrics) WatchDatabase(ping func(context.Context) error) {
	m.ping.Store(&ping)
}

func (m *Metrics) databaseUp() float64 {
	p := m.ping.Load()
	if p == nil {
		return 0
	}
	// A scrape has no context; a short deadline keeps a hung database from
	// hanging /metrics with it.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if (*p)(ctx) != nil {
		return 0
	}
	return 1
}

// ObserveJob counts one job run; it is scheduler.Cron's Observe hook.
func (m *Metrics) ObserveJob(job string, took time.Duration, err error) {
	if m == nil {
		return
	}
	outcome := outcomeOK
	if err != nil {
		outcome = outcomeFailed
	}
	m.jobRuns.WithLabelValues(job, outcome).Inc()
	m.jobSeconds.WithLabelValues(job).Observe(took.Seconds())
}

// Nudged counts nudges a breach scan sent.
func (m *Metrics) Nudged(n int) {
	if m != nil {
		m.nudges.Add(float64(n))
	}
}

// command counts one /sla command, named by the command table so the label
// never carries what the user typed.
func (m *Metrics) command(text string, now time.Time, failed bool) {
	name := "unknown"
	cmd, err := commands.Parse(text, now, time.UTC)
	var ue *commands.UsageError
	switch {
	case err == nil:
		name = cmd.Spec().Name
	case errors.As(err, &ue) && ue.Spec != nil:
		name = ue.Spec.Name
	}
	outcome := outcomeOK
	if failed {
		outcome = outcomeFailed
	}
	m.commands.WithLabelValues(name, outcome).Inc()
}

// client returns c with its transport counting Slack calls; c itself is
// left as it was.
func (m *Metrics) client(c *http.Client) *http.Client {
	if m == nil {
		return c
	}
	cc := *c
	base := cc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cc.Transport = slackTransport{base: base, calls: m.slackCalls}
	return &cc
}

// slackTransport counts each request to Slack by method and outcome.
type slackTransport struct {
	base  http.RoundTripper
	calls *prometheus.CounterVec
}

func (t slackTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	method := slackMethod(req.URL.Path)
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		t.calls.WithLabelValues(method, "transport_error").Inc()
		return resp, err
	}
	t.calls.WithLabelValues(method, slackOutcome(resp)).Inc()
	return resp, nil
}

// slackMethod names a request by its URL path: /api/<method> for the Web
// API, /commands/… and /actions/… for a response_url, /upload/… for the
// upload URL files.getUploadURLExternal hands out.
func slackMethod(path string) string {
	if i := strings.LastIndex(path, "/api/"); i >= 0 {
		if name := path[i+len("/api/"):]; isWord(name, ".") {
			return name
		}
		return "other"
	}
	switch {
	case strings.HasPrefix(path, "/commands/"), strings.HasPrefix(path, "/actions/"):
		return "response_url"
	case strings.HasPrefix(path, "/upload/"):
		return "file_upload"
	}
	return "other"
}

// slackOutcome reads the outcome from the status and, for JSON, the
// Web API's "ok" and "error" fields. The body is buffered to be read again
// by slack-go; Slack's answers to the calls the bot makes are small.
func slackOutcome(resp *http.Response) string {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return "ratelimited"
	case resp.StatusCode >= 500:
		return "server_error"
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return "http_error"
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return outcomeOK
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	var rest io.Reader = bytes.NewReader(body)
	if err != nil {
		rest = io.MultiReader(rest, errReader{err})
	}
	resp.Body = io.NopCloser(rest)
	if err != nil {
		return "transport_error"
	}
	var r struct {
		OK    *bool  `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &r) != nil || r.OK == nil || *r.OK {
		return outcomeOK
	}
	if isWord(r.Error, "") {
		return r.Error
	}
	return "error"
}

// isWord reports whether s is a short snake_case name (Slack's error codes;
// with "." allowed, its method names), safe as a label value.
func isWord(s, extra string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_' || strings.ContainsRune(extra, r)) {
			return false
		}
	}
	return true
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
