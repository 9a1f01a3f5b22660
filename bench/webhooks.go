package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/internal/faults"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/sla"
)

// benchWebhooks sends rounds of twenty webhook batches at once, beside
// twenty leads recorded at once through app (what `/sla lead add` runs),
// and measures each batch from request to answer. The batches of a round
// share their leads and idempotency keys, as a CRM that retries and
// overlaps does; every batch must be answered 200 on its first try and
// every event applied once (checked after the rounds).
func benchWebhooks(ctx context.Context, db, pgURL string, rounds int) error {
	st, cleanup, err := open(ctx, db, pgURL)
	if err != nil {
		return err
	}
	defer cleanup()
	a, err := seedAgreement(ctx, st)
	if err != nil {
		return err
	}
	secret, err := st.SetWebhookSecret(ctx, benchTeam, strings.Repeat("5ec7", 16), false)
	if err != nil {
		return err
	}
	now := time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC)
	hook := httptest.NewServer(&ingest.Webhook{Store: server.CRM(st), Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)})
	defer hook.Close()
	svc := &app.Service{Store: st}
	const batches, leads = faults.Batches, faults.BatchLeads
	var took []time.Duration
	for r := range rounds {
		times := make([]time.Duration, batches)
		errs := make([]error, 2*batches)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range batches {
			wg.Add(2)
			go func() {
				defer wg.Done()
				b := faults.WebhookBatch(fmt.Sprintf("r%d-", r), i, "CBENCH", "UREP")
				// equal batches are separate requests: their stamps differ
				req := faults.WebhookRequest(hook.URL, benchTeam, secret, now.Add(-time.Duration(i)*time.Second), b)
				<-start
				code, answer, took, err := faults.Post(req.WithContext(ctx))
				times[i] = took
				if err == nil && code != http.StatusOK {
					err = fmt.Errorf("batch %d of round %d: HTTP %d: %s", i, r, code, answer)
				}
				errs[i] = err
			}()
			go func() {
				defer wg.Done()
				<-start
				_, err := svc.RecordLead(ctx, a, sla.Lead{Name: fmt.Sprintf("Command %d.%d", r, i), CreatedAt: now}, "", "UMKT", now)
				errs[batches+i] = err
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		took = append(took, times...)
	}
	// Each event once: every round's seven leads, each handed off with one
	// attempt (twenty batches attempt each of the seven), and the rounds'
	// recorded leads.
	all, total, err := st.ListLeads(ctx, benchTeam, a.ID, sla.LeadFilter{Limit: 10000})
	if err != nil {
		return err
	}
	if want := int64(rounds * (leads + batches)); total != want {
		return fmt.Errorf("%d leads after %d rounds, want %d", total, rounds, want)
	}
	for _, l := range all {
		if l.ExternalID == "" {
			continue
		}
		if l.Owner != "UREP" || l.Attempts != 1 {
			return fmt.Errorf("lead %s: owner %q, %d attempts, want UREP and 1", l.ExternalID, l.Owner, l.Attempts)
		}
	}
	record(result{what: "20 concurrent webhook batches, shared keys", db: db, n: len(took), samples: took,
		note: fmt.Sprintf("%d rounds of 20 batches (5 events each, 7 leads) beside 20 leads recorded at once; each batch request → answer; all 200 on the first try, every event applied once; slowest %s", rounds, round(slices.Max(took)))})
	return nil
}
