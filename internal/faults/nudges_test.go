package faults

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestBusyRepDay: one rep's Thursday through the real bot and the emulator.
// Twelve leads are handed to them every 30 minutes from 09:00, the breach
// scan runs every 10 minutes until 17:00, and chat.update fails now and
// then (HTTP 500, a 429, internal_error after it took effect). With the
// agreement's default rules (group 15m, cap 6) the rep gets at most 6 new
// DMs; the messages, as they read at the end of the day, name every lead;
// every lead's speed breach is a strike.
func TestBusyRepDay(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		t.Parallel()
		day := func(h, m int) time.Time { return time.Date(2026, 12, 17, h, m, 0, 0, berlin) }
		w := world(t, dsn, day(8, 0))
		setup(t, w)
		quick(w)
		a, err := w.Store.AgreementByChannel(ctx, demo.TeamID, "C0SMARKETING")
		if err != nil {
			t.Fatal(err)
		}
		if a.Group != sla.DefaultGroup || a.Cap != sla.DefaultCap {
			t.Fatalf("a new agreement's rules: group %v cap %d", a.Group, a.Cap)
		}
		rep := "U0BUSY"
		w.Emu.AddUser(slackemu.User{ID: rep, Name: "busy"})
		svc := &app.Service{Store: w.Store}
		updateFaults := map[int]slackemu.Fault{
			12: {Status: http.StatusInternalServerError},
			20: {Status: http.StatusTooManyRequests, RetryAfter: time.Second},
			30: {Code: "internal_error", After: true},
		}
		var leads []sla.Lead
		scanNo := 0
		for now := day(9, 0); !now.After(day(17, 0)); now = now.Add(10 * time.Minute) {
			w.Clock.Set(now)
			if len(leads) < 12 && !now.Before(day(9, 0).Add(time.Duration(len(leads))*30*time.Minute)) {
				l, err := svc.RecordLead(ctx, a, sla.Lead{Name: fmt.Sprintf("Busy lead %d", len(leads)+1), Owner: rep, CreatedAt: now}, "", "UTEST", now)
				if err != nil {
					t.Fatal(err)
				}
				leads = append(leads, l)
			}
			scanNo++
			if f, ok := updateFaults[scanNo]; ok {
				w.Emu.Inject("chat.update", f)
			}
			if _, err := w.Jobs.BreachScan(ctx, now); err != nil {
				t.Fatalf("scan at %s: %v", now.Format("15:04"), err)
			}
		}
		im, err := w.Emu.IMChannel(rep)
		if err != nil {
			t.Fatal(err)
		}
		var posts []string
		updates := 0
		for _, m := range w.Emu.Messages() {
			switch {
			case m.Channel != im:
			case m.Kind == slackemu.Post:
				posts = append(posts, m.TS)
			case m.Kind == slackemu.Update:
				updates++
			}
		}
		if len(posts) > 6 {
			t.Fatalf("%d new DMs to the rep, want at most 6", len(posts))
		}
		var now []string
		for _, ts := range posts {
			m, ok := w.Emu.Current(im, ts)
			if !ok {
				t.Fatalf("message %s is gone", ts)
			}
			now = append(now, m.AllText())
		}
		all := strings.Join(now, "\n")
		for _, l := range leads {
			if !strings.Contains(all, l.ShortID()) {
				t.Fatalf("%s is in none of the rep's messages:\n%s", l.ShortID(), all)
			}
		}
		n, err := w.Store.StrikeCount(ctx, demo.TeamID, a.ID, sla.Month{Year: 2026, Month: time.December}, rep)
		if err != nil || n != 12 {
			t.Fatalf("strikes %d (%v), want 12", n, err)
		}
		// Each fault cost one call more than the updates that went through
		// (the one after it took effect was made again: updates are idempotent).
		if calls := w.Emu.Calls("chat.update"); calls < updates+len(updateFaults)-1 {
			t.Fatalf("%d chat.update calls for %d updates: the faults were not hit", calls, updates)
		}
		t.Logf("%d new DMs, %d updates in place (%d chat.update calls), %d strikes", len(posts), updates, w.Emu.Calls("chat.update"), n)
	})
}
