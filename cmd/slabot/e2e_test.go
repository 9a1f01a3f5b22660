package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/storage/storagetest"
)

// transcript prints what was typed and answered when -v is given, so a run
// doubles as the end-to-end transcript.
type transcript struct {
	t *testing.T
	w *demo.World
}

func (tr transcript) do(user, channel, text string) (slackemu.Message, []slackemu.Message) {
	tr.t.Helper()
	ms, _, err := tr.w.Command(context.Background(), user, channel, text)
	if err != nil {
		tr.t.Fatalf("/sla %s: %v", text, err)
	}
	if len(ms) == 0 {
		tr.t.Fatalf("/sla %s: no reply", text)
	}
	tr.t.Logf("\n%s> /sla %s\n%s", user, text, indent(describe(ms)))
	return ms[0], ms
}

func describe(ms []slackemu.Message) string {
	var b strings.Builder
	for _, m := range ms {
		who := "in channel"
		switch {
		case m.Kind == slackemu.Ephemeral || m.ResponseType == "ephemeral":
			who = "only to " + m.User
		case m.IsDM:
			who = "DM to " + m.DMUser
		case m.Kind == slackemu.Update:
			who = "updated"
		}
		fmt.Fprintf(&b, "[%s] %s\n", who, m.AllText())
	}
	return b.String()
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

func testLogger(t *testing.T) *slog.Logger {
	if testing.Verbose() && os.Getenv("SLABOT_TEST_LOGS") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func startTestWorld(t *testing.T, dsn string, now time.Time) *demo.World {
	t.Helper()
	clk := &demo.Clock{}
	clk.Set(now)
	w, err := demo.Start(context.Background(), dsn, clk, testLogger(t))
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

func mustContain(t *testing.T, what string, m slackemu.Message, wants ...string) {
	t.Helper()
	text := m.AllText()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s: reply lacks %q:\n%s", what, w, text)
		}
	}
}

func isEphemeral(m slackemu.Message) bool {
	return m.Kind == slackemu.Ephemeral || m.ResponseType == "ephemeral"
}

// berlin is the demo agreement's zone.
var berlin, _ = time.LoadLocation("Europe/Berlin")

// TestEndToEndCore walks setup → plan apply → leads → status on both
// databases, against the emulator, and checks every figure by hand.
func TestEndToEndCore(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		// Thursday 10 December 2026, 14:00 in Berlin: day 10 of 31.
		now := time.Date(2026, 12, 10, 14, 0, 0, 0, berlin)
		w := startTestWorld(t, dsn, now)
		tr := transcript{t, w}
		const ch = "C0SMARKETING"

		m, _ := tr.do("U0RILEY", ch, "status")
		if !isEphemeral(m) {
			t.Error("the no-agreement answer must be ephemeral")
		}
		mustContain(t, "status before setup", m, "no agreement", "/sla setup")

		// Set up at the first instant of December, so the month is judged whole.
		w.Clock.Set(time.Date(2026, 12, 1, 0, 0, 0, 0, berlin))
		m, _ = tr.do("U0KENDRA", ch, `setup marketing=<@U0KENDRA> sales=<@U0SAM|sam> tz=Europe/Berlin name="Smarketing"`)
		w.Clock.Set(now)
		if isEphemeral(m) {
			t.Error("setup must be announced in the channel")
		}
		mustContain(t, "setup", m, "Smarketing", "<@U0KENDRA>", "<@U0SAM>", "Mon–Fri 09:00–17:00")

		// A rep may not change the agreement; nothing is written.
		m, _ = tr.do("U0RILEY", ch, "plan quota=$5,000 share=100% deal=$100 close=50% apply")
		mustContain(t, "rep applies a plan", m, "Only the party owners")
		if !isEphemeral(m) {
			t.Error("a refusal must be ephemeral")
		}

		// The worked example of docs/design.md, Plan; marketing's change
		// waits for the sales owner (docs/design.md, Sign-off), who gets a DM.
		m, _ = tr.do("U0KENDRA", ch, "plan quota=$5,000 share=100% deal=$100 close=50% apply")
		mustContain(t, "plan", m, "$5,000", "= *50*", "= *100 MQLs*", "takes effect when <@U0SAM> approves it")
		m, _ = tr.do("U0SAM", ch, "agreement approve")
		mustContain(t, "approve", m, "<@U0SAM> approved change #1 by <@U0KENDRA>; version 2 of the agreement is in force")

		// Three MQLs; three hand-offs; two attempts; one contact and a win.
		for _, who := range []string{`"Ada Lovelace" segment=exec`, `grace@navy.mil`, `"Alan Turing" id=hs-3`} {
			m, _ = tr.do("U0KENDRA", ch, "lead add "+who+` at="2026-12-10 08:00"`)
			mustContain(t, "lead add", m, "Recorded")
		}
		tr.do("U0SAM", ch, `lead handoff L-1 <@U0RILEY> at="2026-12-10 09:00"`)
		tr.do("U0SAM", ch, `lead handoff grace@navy.mil <@U0RILEY> at="2026-12-10 10:00"`)
		m, _ = tr.do("U0SAM", ch, `lead handoff hs-3 <@U0JO> at="2026-12-10 12:00"`)
		mustContain(t, "handoff", m, "handed to <@U0JO>", "due Thu 10 Dec 13:00 CET")
		m, _ = tr.do("U0RILEY", ch, `lead attempt L-1 call at="2026-12-10 09:30"`)
		mustContain(t, "attempt", m, "Attempt 1 on L-1", "30m of business time after hand-off")
		m, _ = tr.do("U0RILEY", ch, `lead attempt L-2 email at="2026-12-10 11:30"`)
		mustContain(t, "attempt", m, "1h 30m of business time after hand-off")

		// Bad input: a clear ephemeral message with the usage, nothing written.
		m, _ = tr.do("U0RILEY", ch, "lead won L-1 revenue=abc")
		mustContain(t, "bad revenue", m, "abc", "Usage:", "/sla lead won")
		m, _ = tr.do("U0RILEY", ch, "statsu")
		mustContain(t, "typo", m, "status")
		m, _ = tr.do("U0RILEY", ch, "lead attempt L-99")
		mustContain(t, "unknown lead", m, "No lead L-99")
		m, _ = tr.do("U0RILEY", ch, `lead attempt L-1 at="2026-12-31 09:00"`)
		mustContain(t, "future", m, "in the future")

		tr.do("U0RILEY", ch, `lead contacted L-1 at="2026-12-10 13:00"`)
		// Someone else's lead: refused, naming who may.
		m, _ = tr.do("U0JO", ch, `lead won L-1 revenue=$1,200 at="2026-12-10 13:30"`)
		mustContain(t, "not Jo's lead", m, "L-1 is <@U0RILEY>'s lead", "the sales owner (<@U0SAM>)")
		// $1,200 is 12 × the plan's $100 deal: asked to confirm, nothing recorded.
		m, _ = tr.do("U0RILEY", ch, `lead won L-1 revenue=$1,200 at="2026-12-10 13:30"`)
		mustContain(t, "won unconfirmed", m, "$1,200 for L-1 is more than ten times the plan's deal size of $100", "Nothing is recorded yet", "Yes, record $1,200")
		if !isEphemeral(m) {
			t.Error("the confirmation question must be ephemeral")
		}
		m, _ = tr.do("U0RILEY", ch, `lead won L-1 revenue=$1,200 at="2026-12-10 13:30" confirm`)
		mustContain(t, "won", m, "$1,200")

		m, _ = tr.do("U0SAM", ch, "status")
		if !isEphemeral(m) {
			t.Error("status without post must be ephemeral")
		}
		mustContain(t, "status", m,
			"MQL goal*\n100 _(from the plan)_",
			"MQLs so far*\n3",
			// 14:00 on day 10 is 9 days 14 h of 31: 100 × 9.5833 ÷ 31 = 30.91
			"Goal line now*\n30.9",
			"behind by 27.9",
			// 3 × 31 ÷ 9.5833 = 9.70
			"Projected month end*\n9.7",
			// (100 − 3) ÷ (31 − 9.5833) = 4.53
			"4.5 a day",
			// speeds 30m and 90m (business time, Thursday working hours)
			"avg 1h · median 1h · p90 1h 30m",
			// uncontacted: L-2 (1 attempt), L-3 (0): 1 ÷ 2
			"2 leads in their window, 0.5 attempts so far",
			"2 of 3 handed off",
			// L-3 handed off 12:00, target 1h, no attempt at 14:00
			"1 speed breach",
			// close 1/3, deal $1,200, share 100%
			"plan 50% · actual 33.3%",
			"plan $100 · actual $1,200",
			"plan 100% · actual 100.0%",
		)

		m, _ = tr.do("U0SAM", ch, "leads overdue")
		mustContain(t, "overdue", m, "L-3", "Alan Turing")
		if strings.Contains(m.AllText(), "L-2 ") {
			t.Errorf("L-2 was attempted: not overdue\n%s", m.AllText())
		}

		m, _ = tr.do("U0SAM", ch, "status post")
		if isEphemeral(m) {
			t.Error("status post must be in channel")
		}

		m, _ = tr.do("U0RILEY", ch, "report")
		mustContain(t, "report", m, "MQLs created*\n3", "became customers*\n1", "$1,200", "close=33.3%")

		m, _ = tr.do("U0RILEY", ch, "nines 99.9")
		mustContain(t, "nines", m, "8h 45m 58s")
	})
}

// TestEndToEndRedelivery: a redelivered envelope records nothing twice.
func TestEndToEndRedelivery(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		w := startTestWorld(t, dsn, time.Date(2026, 12, 10, 14, 0, 0, 0, berlin))
		ctx := context.Background()
		tr := transcript{t, w}
		tr.do("U0KENDRA", "C0SMARKETING", "setup marketing=<@U0KENDRA> sales=<@U0SAM> name=S")
		env, err := w.Emu.SlashCommand(ctx, "U0KENDRA", "C0SMARKETING", "lead add Ada")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Wait(ctx, env); err != nil {
			t.Fatal(err)
		}
		if err := w.Emu.Redeliver(env); err != nil {
			t.Fatal(err)
		}
		if err := w.Emu.WaitAcks(ctx, env, 2); err != nil {
			t.Fatal(err)
		}
		m, _ := tr.do("U0KENDRA", "C0SMARKETING", "leads")
		if n := strings.Count(m.AllText(), "Ada"); n != 1 {
			t.Fatalf("Ada listed %d times after a redelivery:\n%s", n, m.AllText())
		}
	})
}
