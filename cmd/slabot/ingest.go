package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/server"
)

// users resolves lead owners' emails through Slack when a bot token is set.
func users(getenv func(string) string, log *slog.Logger) ingest.Users {
	c, err := loadConfig(getenv, need{bot: true})
	if err != nil {
		return nil // no Slack: owners given by email stay unmatched, with a warning
	}
	return bot.NewSender(c.BotToken, c.APIURL, nil, log, nil)
}

// importCmd is `slabot import leads …`.
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	return ingest.RunImportCLI(ctx, args, server.OpenCRM(getenv), stdin, stdout, stderr, users(getenv, newLogger(stderr, slog.LevelWarn)))
}

// hubspotSync is the HubSpot sync with the settings' token (none: the job
// records on each connection that HUBSPOT_TOKEN is missing).
func hubspotSync(c Config, st ingest.Store, users ingest.Users, log *slog.Logger) *ingest.HubSpotSync {
	s := &ingest.HubSpotSync{Store: st, Users: users, Log: log}
	if c.HubSpotToken != "" {
		s.API = &ingest.HubSpot{Token: c.HubSpotToken, BaseURL: c.HubSpotAPIURL, Log: log}
	}
	return s
}

// hubspotCmd is `slabot hubspot connect --team … --agreement …`.
func hubspotCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	c, err := loadConfig(getenv, need{hubspot: true})
	if err != nil {
		fmt.Fprintln(stderr, "slabot hubspot:", err)
		return ingest.ExitUsage
	}
	api := &ingest.HubSpot{Token: c.HubSpotToken, BaseURL: c.HubSpotAPIURL, Log: newLogger(stderr, c.LogLevel)}
	return ingest.RunHubSpotCLI(ctx, args, server.OpenCRM(getenv), api, stdout, stderr)
}

// webhookSecret is `slabot webhook-secret --team … [--rotate]`.
func webhookSecret(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return ingest.RunWebhookSecretCLI(ctx, args, server.OpenCRM(getenv), stdout, stderr)
}
