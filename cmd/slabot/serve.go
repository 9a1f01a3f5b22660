package main

import (
	"context"
	"io"

	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/storage"
)

// serve is `slabot run`.
func serve(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	c, log, st, err := open(ctx, getenv, need{bot: true, app: true}, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	metrics := bot.NewMetrics() // the webhook's Slack look-ups are counted too
	users := bot.NewSender(c.BotToken, c.APIURL, nil, log, metrics)
	sync := hubspotSync(c, server.CRM(st), users, log)
	cfg := server.ServeConfig{
		BotToken: c.BotToken, AppToken: c.AppToken, APIURL: c.APIURL, HTTPAddr: c.HTTPAddr,
		Database: storage.Redact(c.DatabaseURL), Version: versionString(), Metrics: metrics, ClaimLease: c.ClaimLease,
		Webhook: &ingest.Webhook{Store: server.CRM(st), Users: users, Log: log},
		HubSpot: sync,
	}
	if c.HubSpotSecret != "" {
		cfg.HubSpotWebhook = &ingest.HubSpotWebhook{Store: server.CRM(st), Secret: c.HubSpotSecret, PublicURL: c.PublicURL, Sync: sync, Log: log}
	}
	return server.Serve(ctx, cfg, st, log)
}
