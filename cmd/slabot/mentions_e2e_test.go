package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestEndToEndEscapingOff: an install whose /sla does not escape mentions
// (Slack's default for a command) sends `@maria` as text. The bot finds the
// people by handle, display name or real name, and refuses an unknown or
// ambiguous name, writing nothing.
func TestEndToEndEscapingOff(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		clk := &demo.Clock{}
		clk.Set(time.Date(2026, 12, 10, 14, 0, 0, 0, berlin))
		users := append([]slackemu.User{
			{ID: "U0MARIA", Name: "maria", DisplayName: "Maria", RealName: "Maria Lopez", Email: "maria@example.com", TZ: "Europe/Berlin"},
			{ID: "U0MARIO", Name: "mario", DisplayName: "Mario", RealName: "Mario Rossi", Email: "mario@example.com", TZ: "Europe/Berlin"},
			{ID: "U0MARIO2", Name: "mario.b", DisplayName: "Mario", RealName: "Mario Bianchi", Email: "mariob@example.com", TZ: "Europe/Berlin"},
		}, demo.Users...)
		w, err := demo.Start(context.Background(), dsn, clk, testLogger(t), func(c *slackemu.Config) {
			c.ShouldEscape, c.Users = false, users
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = w.Close() })
		tr := transcript{t, w}
		const ch = "C0SMARKETING"

		// What the bot receives is the text as typed, not a mention.
		m, _ := tr.do("U0KENDRA", ch, "setup marketing=@marioo sales=@sam")
		mustContain(t, "unknown name", m, "no one in this workspace is called @marioo", "did you mean `@mario`", "Usage: `/sla setup")
		if !isEphemeral(m) {
			t.Error("a refusal must be ephemeral")
		}
		m, _ = tr.do("U0KENDRA", ch, "setup marketing=@Mario sales=@sam")
		mustContain(t, "ambiguous display name", m, "@Mario could be <@U0MARIO2> (Mario Bianchi) or <@U0MARIO> (Mario Rossi)")
		if _, err := w.Store.AgreementByChannel(context.Background(), demo.TeamID, ch); err == nil {
			t.Fatal("a refused setup wrote an agreement")
		}
		cmds := w.Emu.CommandTexts()
		if got := cmds[len(cmds)-1]; got != "setup marketing=@Mario sales=@sam" {
			t.Errorf("the emulator sent %q, not the text as typed", got)
		}

		m, _ = tr.do("U0KENDRA", ch, `setup marketing=@maria sales=@sam tz=Europe/Berlin name="Smarketing"`)
		mustContain(t, "setup by handle", m, "<@U0MARIA>", "<@U0SAM>", "Smarketing")
		a, err := w.Store.AgreementByChannel(context.Background(), demo.TeamID, ch)
		if err != nil || a.Marketing != "U0MARIA" || a.Sales != "U0SAM" {
			t.Fatalf("agreement %+v, %v", a, err)
		}
		// A real name works too, and a quoted @word stays text.
		m, _ = tr.do("U0MARIA", ch, `lead add "@home Ltd" owner=@riley`)
		mustContain(t, "owner by handle", m, "L-1", "@home Ltd", "<@U0RILEY>")
		if !strings.Contains(m.AllText(), "Owned by") {
			t.Errorf("owner= not resolved: %s", m.AllText())
		}
	})
}
