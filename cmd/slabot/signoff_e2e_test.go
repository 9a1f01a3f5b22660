package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestEndToEndSignoff: marketing's goal change sends the sales owner one DM
// with Approve and Discuss; his click on Approve, through a socket-mode
// interactive envelope, applies it (the DM is redrawn without buttons, the
// channel is told) and status shows the new version.
func TestEndToEndSignoff(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		w := startTestWorld(t, dsn, time.Date(2026, 12, 7, 9, 0, 0, 0, berlin))
		tr := transcript{t, w}
		const ch = "C0SMARKETING"
		tr.do("U0KENDRA", ch, `setup marketing=<@U0KENDRA> sales=<@U0SAM> tz=Europe/Berlin name="Smarketing"`)
		m, _ := tr.do("U0KENDRA", ch, "target mql=20")
		mustContain(t, "held", m, "takes effect when <@U0SAM> approves it")
		m, _ = tr.do("U0RILEY", ch, "status")
		mustContain(t, "status", m, "1 change waiting for <@U0SAM>")

		var dms []slackemu.Message
		for _, x := range w.Emu.Messages() {
			if x.IsDM && x.Kind == slackemu.Post {
				dms = append(dms, x)
			}
		}
		if len(dms) != 1 || dms[0].DMUser != "U0SAM" {
			t.Fatalf("DMs: %s", describe(dms))
		}
		dm := dms[0]
		mustContain(t, "sign-off DM", dm, "<@U0KENDRA> proposes change #1", "MQL goal for December 2026: not set → *20*")
		var labels []string
		for _, b := range dm.Buttons() {
			labels = append(labels, b.Text)
		}
		if strings.Join(labels, "|") != "Approve|Discuss" {
			t.Fatalf("buttons %v", labels)
		}
		ms, err := w.Click(context.Background(), "U0SAM", dm, "change_approve")
		if err != nil {
			t.Fatal(err)
		}
		var updated, told *slackemu.Message
		for i := range ms {
			switch {
			case ms[i].Kind == slackemu.Update && ms[i].TS == dm.TS:
				updated = &ms[i]
			case ms[i].Kind == slackemu.Post && ms[i].Channel == ch:
				told = &ms[i]
			}
		}
		if updated == nil || told == nil {
			t.Fatalf("after the click: %s", describe(ms))
		}
		mustContain(t, "redrawn DM", *updated, "Approved by <@U0SAM>", "version 2 is in force")
		if len(updated.Buttons()) != 0 {
			t.Errorf("buttons left after approval: %v", updated.Buttons())
		}
		mustContain(t, "channel", *told, "<@U0SAM> approved change #1 by <@U0KENDRA>; version 2")
		m, _ = tr.do("U0RILEY", ch, "status")
		mustContain(t, "status after", m, "Agreement version 2", "20")
	})
}
