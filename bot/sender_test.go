package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

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
	emu := emulator(t)
	var logs bytes.Buffer
	m := bot.NewMetrics()
	s := bot.NewSender(emu.Config().BotToken, emu.APIURL(), nil, slog.New(slog.NewTextHandler(&logs, nil)), m)
	emu.RateLimit("chat.postMessage", 2, time.Second)
	start := time.Now()
	if _, err := s.Post(context.Background(), "C1", render.Text("hello")); err != nil {
		t.Fatal(err)
	}
	// two 429s of one second each were waited out
	if took := time.Since(start); took < 2*time.Second {
		t.Fatalf("took %v: the Retry-After was not honoured", took)
	}
	if n := emu.Calls("chat.postMessage"); n != 3 {
		t.Fatalf("%d calls, want 3", n)
	}
	fams := scrape(t, m.Handler())
	for outcome, want := range map[string]float64{"ratelimited": 2, "ok": 1} {
		if got := fams.value("slabot_slack_calls_total", "method", "chat.postMessage", "outcome", outcome); got != want {
			t.Errorf("chat.postMessage %s counted %v times, want %v", outcome, got, want)
		}
	}
	if !strings.Contains(logs.String(), "retry_after=1s") {
		t.Fatalf("the wait is logged: %s", logs.String())
	}
}

// TestSenderLogsFailures: a post Slack refuses is logged with the channel and reason.
func TestSenderLogsFailures(t *testing.T) {
	emu := emulator(t)
	var logs bytes.Buffer
	s := bot.NewSender(emu.Config().BotToken, emu.APIURL(), nil, slog.New(slog.NewTextHandler(&logs, nil)), nil)
	s.Retries = 1
	_, err := s.Post(context.Background(), "C2", render.Text("hello"))
	if err == nil {
		t.Fatal("posting where the bot is not a member must fail")
	}
	if l := logs.String(); !strings.Contains(l, "channel=C2") || !strings.Contains(l, "not_in_channel") {
		t.Fatalf("log lacks channel and reason: %s", l)
	}
	if strings.Contains(logs.String(), emu.Config().BotToken) {
		t.Fatal("the token was logged")
	}
	// a rate limit that outlasts the retries is an error, not a silent drop
	emu.RateLimit("chat.postMessage", 5, time.Second)
	if _, err := s.Post(context.Background(), "C1", render.Text("hi")); err == nil {
		t.Fatal("gave up silently")
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
