package main

import (
	"context"
	"io"

	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/storage"
)

// serve is `slabot run`.
func serve(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	c, err := loadConfig(getenv, need{bot: true, app: true})
	if err != nil {
		return err
	}
	log := newLogger(stderr, c.LogLevel)
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	return bot.Serve(ctx, serveConfig(c), st, log)
}

func serveConfig(c Config) bot.ServeConfig {
	return bot.ServeConfig{
		BotToken: c.BotToken, AppToken: c.AppToken, APIURL: c.APIURL, HTTPAddr: c.HTTPAddr,
		Database: storage.Redact(c.DatabaseURL), Version: versionString(), Webhook: webhookHandler(c),
	}
}
