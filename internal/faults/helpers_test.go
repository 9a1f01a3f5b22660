package faults

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
)

var ctx = context.Background()

var berlin, _ = time.LoadLocation("Europe/Berlin")

func logger() *slog.Logger {
	if os.Getenv("SLABOT_TEST_LOGS") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// world starts the emulator and the real bot on dsn, its clock at now.
func world(t *testing.T, dsn string, now time.Time) *demo.World {
	t.Helper()
	clk := &demo.Clock{}
	clk.Set(now)
	w, err := demo.Start(ctx, dsn, clk, logger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return w
}

// command types /sla text and returns the bot's first reply.
func command(t *testing.T, w *demo.World, user, text string) slackemu.Message {
	t.Helper()
	ms, _, err := w.Command(ctx, user, "C0SMARKETING", text)
	if err != nil {
		t.Fatalf("/sla %s: %v", text, err)
	}
	if len(ms) == 0 {
		t.Fatalf("/sla %s: no reply", text)
	}
	return ms[0]
}

// setup makes the #smarketing agreement in Berlin with an MQL goal.
func setup(t *testing.T, w *demo.World) {
	t.Helper()
	for _, c := range []string{`setup marketing=<@U0KENDRA> sales=<@U0SAM> tz=Europe/Berlin name="Smarketing"`, "target mql=20"} {
		if m := command(t, w, "U0KENDRA", c); strings.Contains(m.AllText(), ":warning:") {
			t.Fatalf("/sla %s: %s", c, m.AllText())
		}
	}
}
