package bot_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/render"
)

func emulator(t *testing.T) *slackemu.Server {
	t.Helper()
	emu := slackemu.New(slackemu.Config{
		Users:    []slackemu.User{{ID: "U1", Name: "ada", Email: "ada@example.com"}},
		Channels: []slackemu.Channel{{ID: "C1", Name: "general"}, {ID: "C2", Name: "closed", BotNotMember: true}},
	})
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	return emu
}

// TestSenderWaitsOutRateLimits: on 429 the sender sleeps Retry-After and tries again.
func TestSenderWaitsOutRateLimits(t *testing.T) {
	t.Parallel()
	emu := emulator(t)
	var logs bytes.Buffer
	m := bot.NewMetrics()
	s := bot.NewSender(emu.Config().BotToken, emu.APIURL(), nil, slog.New(slog.NewTextHandler(&logs, nil)), m)
	emu.RateLimit("chat.postMessage", 1, time.Second)
	start := time.Now()
	if _, err := s.Post(context.Background(), "C1", render.Text("hello")); err != nil {
		t.Fatal(err)
	}
	// a lower bound only: the 429's one second was waited out
	if took := time.Since(start); took < time.Second {
		t.Fatalf("took %v: the Retry-After was not honoured", took)
	}
	if n := emu.Calls("chat.postMessage"); n != 2 {
		t.Fatalf("%d calls, want 2", n)
	}
	fams := scrape(t, m.Handler())
	for outcome, want := range map[string]float64{"ratelimited": 1, "ok": 1} {
		if got := fams.value("slabot_slack_calls_total", "method", "chat.postMessage", "outcome", outcome); got != want {
			t.Errorf("chat.postMessage %s counted %v times, want %v", outcome, got, want)
		}
	}
	if !strings.Contains(logs.String(), "retry_after=1s") {
		t.Fatalf("the wait is logged: %s", logs.String())
	}
	// a rate limit that outlasts the retries is an error, not a silent drop
	emu.RateLimit("chat.postMessage", 5, time.Second)
	_, err := s.Post(context.Background(), "C1", render.Text("hi"))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("gave up with %v, want the rate limit", err)
	}
	if n := emu.Calls("chat.postMessage"); n != 2+4 {
		t.Fatalf("%d calls, want 2 and 1+3 more", n)
	}
}

// faults answers 503 to the first n requests whose path ends in method and
// passes the rest on, as a Slack having a bad minute.
type faults struct {
	method string
	mu     sync.Mutex
	n      int
	seen   int
}

func (f *faults) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	fail := strings.HasSuffix(req.URL.Path, "/"+f.method) && f.n > 0
	if fail {
		f.n--
		f.seen++
	}
	f.mu.Unlock()
	if !fail {
		return http.DefaultTransport.RoundTrip(req)
	}
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/html"}}, Body: io.NopCloser(strings.NewReader("<html>busy</html>")), Request: req,
	}, nil
}

// TestSenderRetriesServerErrors: a 5xx is tried again with backoff, up to
// three more times.
func TestSenderRetriesServerErrors(t *testing.T) {
	t.Parallel()
	emu := emulator(t)
	f := &faults{method: "chat.postMessage", n: 2}
	m := bot.NewMetrics()
	s := bot.NewSender(emu.Config().BotToken, emu.APIURL(), &http.Client{Transport: f}, nil, m)
	if _, err := s.Post(context.Background(), "C1", render.Text("hello")); err != nil {
		t.Fatal(err)
	}
	if f.seen != 2 || emu.Calls("chat.postMessage") != 1 || len(emu.Messages()) != 1 {
		t.Fatalf("%d failed tries, %d reached Slack, %d messages; want 2, 1, 1", f.seen, emu.Calls("chat.postMessage"), len(emu.Messages()))
	}
	if got := scrape(t, m.Handler()).value("slabot_slack_calls_total", "method", "chat.postMessage", "outcome", "server_error"); got != 2 {
		t.Errorf("server errors counted %v times, want 2", got)
	}
	// past the retries, the error is returned
	f.mu.Lock()
	f.n, f.seen = 10, 0
	f.mu.Unlock()
	_, err := s.Post(context.Background(), "C1", render.Text("again"))
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != 503 {
		t.Fatalf("got %v, want the 503", err)
	}
	if f.seen != 4 {
		t.Fatalf("%d tries, want 1+3", f.seen)
	}
}

// TestSenderRetriesInternalError: Slack's internal_error (HTTP 200) is
// transient and tried again; fatal_error is not.
func TestSenderRetriesInternalError(t *testing.T) {
	t.Parallel()
	emu := emulator(t)
	m := bot.NewMetrics()
	s := bot.NewSender(emu.Config().BotToken, emu.APIURL(), nil, nil, m)
	s.Backoff = time.Millisecond
	emu.FailNext("chat.postMessage", 2, "internal_error")
	if _, err := s.Post(context.Background(), "C1", render.Text("hello")); err != nil {
		t.Fatal(err)
	}
	if n := emu.Calls("chat.postMessage"); n != 3 {
		t.Fatalf("%d calls, want 3", n)
	}
	if got := scrape(t, m.Handler()).value("slabot_slack_calls_total", "method", "chat.postMessage", "outcome", "internal_error"); got != 2 {
		t.Errorf("internal_error counted %v times, want 2", got)
	}
	emu.FailNext("chat.postMessage", 1, "fatal_error")
	if _, err := s.Post(context.Background(), "C1", render.Text("hi")); err == nil || !strings.Contains(err.Error(), "fatal_error") {
		t.Fatalf("fatal_error: %v", err)
	}
	if n := emu.Calls("chat.postMessage"); n != 4 {
		t.Fatalf("%d calls: fatal_error was retried", n)
	}
}

// TestSenderLogsFailures: a post Slack refuses is logged with the channel and reason.
func TestSenderLogsFailures(t *testing.T) {
	emu := emulator(t)
	var logs bytes.Buffer
	s := bot.NewSender(emu.Config().BotToken, emu.APIURL(), nil, slog.New(slog.NewTextHandler(&logs, nil)), nil)
	_, err := s.Post(context.Background(), "C2", render.Text("hello"))
	if err == nil {
		t.Fatal("posting where the bot is not a member must fail")
	}
	if l := logs.String(); !strings.Contains(l, "channel=C2") || !strings.Contains(l, "not_in_channel") {
		t.Fatalf("log lacks channel and reason: %s", l)
	}
	if n := emu.Calls("chat.postMessage"); n != 1 {
		t.Fatalf("a refusal was tried %d times", n)
	}
	if strings.Contains(logs.String(), emu.Config().BotToken) {
		t.Fatal("the token was logged")
	}
}

func TestSenderDMAndUpload(t *testing.T) {
	emu := emulator(t)
	s := bot.NewSender(emu.Config().BotToken, emu.APIURL(), nil, slog.New(slog.DiscardHandler), nil)
	ctx := context.Background()
	ch, ts, err := s.DM(ctx, "U1", render.Text("psst"))
	if err != nil || ch == "" || ts == "" {
		t.Fatalf("DM: %q %q %v", ch, ts, err)
	}
	if _, _, err := s.DM(ctx, "U1", render.Text("again")); err != nil {
		t.Fatal(err)
	}
	if n := emu.Calls("conversations.open"); n != 1 {
		t.Fatalf("conversations.open called %d times; the IM channel is cached", n)
	}
	if err := s.Update(ctx, ch, ts, render.Text("edited")); err != nil {
		t.Fatal(err)
	}
	if m, ok := emu.Current(ch, ts); !ok || m.Text != "edited" {
		t.Fatalf("update: %+v", m)
	}
	png := []byte("\x89PNG fake")
	if err := s.Upload(ctx, "C1", render.File{Name: "a.png", Title: "A", Comment: "a chart", Content: png}); err != nil {
		t.Fatal(err)
	}
	fs := emu.Files()
	if len(fs) != 1 || fs[0].Channel != "C1" || fs[0].Comment != "a chart" || !bytes.Equal(fs[0].Content, png) {
		t.Fatalf("files %+v", fs)
	}
	if id, err := s.LookupEmail(ctx, "ada@example.com"); err != nil || id != "U1" {
		t.Fatalf("lookup: %q %v", id, err)
	}
	if id, err := s.LookupEmail(ctx, "nobody@example.com"); err != nil || id != "" {
		t.Fatalf("lookup of nobody: %q %v", id, err)
	}
}
