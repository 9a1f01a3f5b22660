package main

import (
	"context"
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

// webhookSecret is `slabot webhook-secret --team … [--rotate]`.
func webhookSecret(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return ingest.RunWebhookSecretCLI(ctx, args, server.OpenCRM(getenv), stdout, stderr)
}
