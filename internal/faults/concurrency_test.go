package faults

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestConcurrentWebhooksAndCommands: twenty webhook batches that share
// idempotency keys and leads, and twenty `/sla lead add` commands, all at
// once: every batch is answered 2xx on its first try (a deadlock is an
// error, so a 500), every command is answered, and every event is applied
// exactly once. How long a batch takes is measured in `go run ./bench -only
// webhooks` (README, Performance), not here: a timed check fails on a
// loaded machine.
func TestConcurrentWebhooksAndCommands(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		now := time.Date(2026, 12, 10, 14, 0, 0, 0, berlin)
		w := world(t, dsn, now)
		setup(t, w)
		secret, err := w.Store.SetWebhookSecret(ctx, demo.TeamID, strings.Repeat("5ec7", 16), false)
		if err != nil {
			t.Fatal(err)
		}
		hook := httptest.NewServer(&ingest.Webhook{Store: server.CRM(w.Store), Now: w.Clock.Now, Log: logger()})
		defer hook.Close()

		const batches, leads = Batches, BatchLeads
		type answer struct {
			code int
			took time.Duration
			body string
		}
		answers := make([]answer, batches)
		replies := make([]string, batches)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range batches {
			wg.Add(2)
			go func() {
				defer wg.Done()
				// equal batches are separate requests: their stamps differ
				req := WebhookRequest(hook.URL, demo.TeamID, secret, now.Add(-time.Duration(i)*time.Second), WebhookBatch("", i, "C0SMARKETING", "U0RILEY"))
				<-start
				code, body, took, err := Post(req)
				if err != nil {
					t.Errorf("batch %d: %v", i, err)
					return
				}
				answers[i] = answer{code, took, body}
			}()
			go func() {
				defer wg.Done()
				<-start
				ms, _, err := w.Command(ctx, "U0KENDRA", "C0SMARKETING", fmt.Sprintf(`lead add "Command %d" id=cmd-%d`, i, i))
				if err != nil || len(ms) == 0 {
					t.Errorf("command %d: %v, %d replies", i, err, len(ms))
					return
				}
				replies[i] = ms[0].AllText()
			}()
		}
		close(start)
		wg.Wait()

		var slowest time.Duration
		for i, a := range answers {
			slowest = max(slowest, a.took)
			if a.code != http.StatusOK {
				t.Errorf("batch %d: HTTP %d after %v: %s", i, a.code, a.took, a.body)
			}
		}
		t.Logf("slowest webhook batch: %v", slowest)
		for i, r := range replies {
			if !strings.Contains(r, "Recorded") || strings.Contains(r, ":warning:") {
				t.Errorf("command %d answered %q", i, r)
			}
		}

		// Each event once: seven webhook leads, each handed off with the
		// attempts its batches logged (one per key), and the twenty commands'
		// leads, numbered 1–27 without a gap or a repeat.
		a, err := w.Store.AgreementByChannel(ctx, demo.TeamID, "C0SMARKETING")
		if err != nil {
			t.Fatal(err)
		}
		all, total, err := w.Store.ListLeads(ctx, demo.TeamID, a.ID, sla.LeadFilter{Limit: 100})
		if err != nil || total != leads+batches {
			t.Fatalf("%d leads, want %d (%v)", total, leads+batches, err)
		}
		attempted := map[int]bool{}
		for i := range batches {
			attempted[i%leads] = true
		}
		seqs := map[int64]bool{}
		for _, l := range all {
			seqs[l.Seq] = true
			var n int
			if _, err := fmt.Sscanf(l.ExternalID, "x%d", &n); err != nil {
				continue
			}
			want := 0
			if attempted[n] {
				want = 1
			}
			if l.HandedOffAt.IsZero() || l.Owner != "U0RILEY" || l.Attempts != want {
				t.Errorf("lead %s: handed off %v to %q, %d attempts, want %d", l.ExternalID, l.HandedOffAt, l.Owner, l.Attempts, want)
			}
			if atts, _ := w.Store.Attempts(ctx, demo.TeamID, l.ID); len(atts) != want {
				t.Errorf("lead %s: %d attempt rows, want %d", l.ExternalID, len(atts), want)
			}
		}
		for s := int64(1); s <= leads+batches; s++ {
			if !seqs[s] {
				t.Errorf("no lead L-%d: numbers %v", s, seqs)
			}
		}
	})
}
