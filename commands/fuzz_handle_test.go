package commands_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/storage/storagetest"
)

// FuzzHandle drives the whole dispatcher (parser, authorization, handlers,
// storage) with arbitrary text from arbitrary users: it must never panic,
// always answer something that fits Slack's limits, and a failed command
// must leave the database exactly as it was.
func FuzzHandle(f *testing.F) {
	for _, s := range commands.Specs {
		for _, ex := range s.Examples {
			f.Add(strings.TrimPrefix(ex, "/sla "), uint8(0))
			f.Add(strings.TrimPrefix(ex, "/sla "), uint8(2))
		}
	}
	for _, s := range []string{"", "lead won L-1 revenue=abc", "lead handoff L-1 <@UREP>", "lead attempt L-1",
		`agreement set summary "“smart” &amp; <b>"`, "lead add \x00\xff", "status 1999-13", "target speed=0s"} {
		f.Add(s, uint8(1))
	}
	st := storagetest.SQLite(f)
	now := time.Date(2026, 12, 11, 15, 0, 0, 0, berlin)
	h := &commands.Handler{App: &app.Service{Store: st}, Now: func() time.Time { return now }, Charts: app.Charts{Store: st}}
	users := []string{"UMKT", "USALES", "UREP", "UADM"}
	for _, text := range []string{`setup marketing=<@UMKT> sales=<@USALES> tz=Europe/Berlin name=S`, "admin add <@UADM>",
		`lead add "Ada" at="2026-12-11 09:00"`, `lead handoff L-1 <@UREP> at="2026-12-11 10:00"`, "plan quota=5k share=50% deal=100 close=25% apply"} {
		if r := h.Handle(ctx, commands.Request{TeamID: "T1", UserID: "UMKT", ChannelID: "C1", Text: text}); r.Failed {
			f.Fatalf("fixture %q: %s", text, r.Text)
		}
	}
	f.Fuzz(func(t *testing.T, text string, who uint8) {
		before, err := st.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r := h.Handle(ctx, commands.Request{TeamID: "T1", UserID: users[int(who)%len(users)], ChannelID: "C1", ChannelName: "s", Text: text})
		if strings.TrimSpace(r.Text) == "" && len(r.Blocks) == 0 {
			t.Fatalf("%q: empty reply", text)
		}
		if strings.Contains(r.Text, "Something went wrong on our side") {
			t.Fatalf("%q: internal error", text)
		}
		if len(r.Blocks) > render.MaxBlocks || utf8.RuneCountInString(r.Text) > render.MaxMessageText {
			t.Fatalf("%q: %d blocks, %d characters", text, len(r.Blocks), len(r.Text))
		}
		if _, err := json.Marshal(r.Blocks); err != nil {
			t.Fatalf("%q: blocks do not encode: %v", text, err)
		}
		if r.Failed {
			after, err := st.Fingerprint(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if after != before {
				t.Fatalf("%q failed (%s) but wrote:\n%s\n%s", text, r.Text, before, after)
			}
		}
	})
}
