package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/internal/hubspotemu"
	"github.com/slabot/slabot/server"
)

// benchSync times a first sync of n contacts from the HubSpot emulator,
// which answers 429 past the search rate as HubSpot does, against the time
// that rate allows: one search per page of 200, at rate pages a second.
func benchSync(ctx context.Context, db, pgURL string, n int, rate float64) error {
	st, cleanup, err := open(ctx, db, pgURL)
	if err != nil {
		return err
	}
	defer cleanup()
	st.SetTimeout(10 * time.Minute)
	a, err := seedAgreement(ctx, st)
	if err != nil {
		return err
	}
	clk := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	hub := hubspotemu.New(hubspotemu.Config{SearchRate: rate, Now: func() time.Time { return clk }})
	if err := hub.Start(); err != nil {
		return err
	}
	defer hub.Close()
	hub.SetOwners([]hubspotemu.Owner{{ID: "1", Email: "rep1@example.com"}, {ID: "2", Email: "rep2@example.com"}})
	stages := []string{"subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "customer"}
	for i := range n {
		clk = clk.Add(time.Second)
		props := map[string]string{"email": fmt.Sprintf("c%d@example.com", i), "firstname": "Contact", "lastname": fmt.Sprint(i),
			"createdate": hubspotemu.FormatDate(clk), "lifecyclestage": stages[i%len(stages)], "hs_analytics_source": "ORGANIC_SEARCH"}
		if i%len(stages) >= 2 {
			props["hs_lifecyclestage_marketingqualifiedlead_date"] = hubspotemu.FormatDate(clk.Add(time.Hour))
			props["hubspot_owner_id"] = fmt.Sprint(1 + i%2)
		}
		if i%len(stages) == 4 {
			props["hs_lifecyclestage_customer_date"] = hubspotemu.FormatDate(clk.Add(48 * time.Hour))
		}
		hub.Put(hubspotemu.Contact{Props: props})
	}
	crm := server.CRM(st)
	s := &ingest.HubSpotSync{Store: crm, Log: slog.New(slog.DiscardHandler),
		API: &ingest.HubSpot{Token: hub.Token(), BaseURL: hub.URL(), SearchRate: rate}}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	c, _, err := s.Connect(ctx, benchTeam, a.ChannelID, now)
	if err != nil {
		return err
	}
	stats, err := s.SyncOne(ctx, c, now)
	if err != nil {
		return err
	}
	if stats.Result.Inserted != n {
		return fmt.Errorf("sync inserted %d of %d", stats.Result.Inserted, n)
	}
	allowed := time.Duration(float64(stats.Pages) / rate * float64(time.Second))
	record(result{what: fmt.Sprintf("first HubSpot sync, %s contacts", human(n)), db: db, n: n, samples: []time.Duration{stats.Took},
		note: fmt.Sprintf("%d pages of 200 (%d restarts past 10,000 results); %.0f searches/s allow %s: %.2f× that; %d 429s; %s",
			stats.Pages, stats.Restarts, rate, allowed.Round(100*time.Millisecond), stats.Took.Seconds()/allowed.Seconds(),
			hub.Calls("search")-stats.Pages, stats.Result.Summary())})
	return nil
}
