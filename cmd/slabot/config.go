package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/slabot/slabot/app"
)

// Config is the runtime settings (README, "Configuration"), read from the environment.
type Config struct {
	BotToken    string
	AppToken    string
	APIURL      string
	DatabaseURL string
	HTTPAddr    string
	LogLevel    slog.Level
	// ClaimLease is how long a scheduled post's part stays claimed by a run
	// that stopped renewing it (SLABOT_CLAIM_LEASE, default app.DefaultLease).
	ClaimLease time.Duration

	// HubSpot (docs/install.md): the private app's token for the sync, the
	// app's client secret for webhooks, and the public URL HubSpot calls.
	HubSpotToken  string
	HubSpotAPIURL string
	HubSpotSecret string
	PublicURL     string
}

// need says which settings a subcommand requires.
type need struct{ bot, app, hubspot bool }

// settingError names the setting that stopped the program; its text is the
// one line printed (never the value of a token).
type settingError struct{ name, why string }

func (e settingError) Error() string { return e.name + " " + e.why }

func loadConfig(getenv func(string) string, n need) (Config, error) {
	c := Config{
		BotToken:    strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		AppToken:    strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		APIURL:      strings.TrimSpace(getenv("SLACK_API_URL")),
		DatabaseURL: strings.TrimSpace(getenv("DATABASE_URL")),
		HTTPAddr:    strings.TrimSpace(getenv("SLABOT_HTTP_ADDR")),
	}
	if n.bot {
		switch {
		case c.BotToken == "":
			return c, settingError{"SLACK_BOT_TOKEN", "is not set: the bot token (xoxb-…) from your Slack app's OAuth & Permissions page"}
		case !strings.HasPrefix(c.BotToken, "xoxb-"):
			return c, settingError{"SLACK_BOT_TOKEN", "is malformed: a bot token starts with xoxb-"}
		}
	}
	if n.app {
		switch {
		case c.AppToken == "":
			return c, settingError{"SLACK_APP_TOKEN", "is not set: the app-level token (xapp-…) with connections:write, from your Slack app's Basic Information page"}
		case !strings.HasPrefix(c.AppToken, "xapp-"):
			return c, settingError{"SLACK_APP_TOKEN", "is malformed: an app-level token starts with xapp-"}
		}
	}
	if c.APIURL == "" {
		c.APIURL = "https://slack.com/api/"
	} else {
		u, err := url.Parse(c.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c, settingError{"SLACK_API_URL", fmt.Sprintf("is malformed: %q is not an http(s) URL like https://slack.com/api/", c.APIURL)}
		}
		if !strings.HasSuffix(c.APIURL, "/") {
			c.APIURL += "/"
		}
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = "slabot.db"
	} else if strings.Contains(c.DatabaseURL, "://") {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return c, settingError{"DATABASE_URL", "is malformed: use postgres://user:pass@host:5432/db, or a SQLite file path"}
		}
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = "127.0.0.1:8080"
	} else if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil || port == "" {
		return c, settingError{"SLABOT_HTTP_ADDR", fmt.Sprintf("is malformed: %q is not host:port like 127.0.0.1:8080", c.HTTPAddr)}
	}
	c.ClaimLease = app.DefaultLease
	if v := strings.TrimSpace(getenv("SLABOT_CLAIM_LEASE")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > 10*time.Minute {
			return c, settingError{"SLABOT_CLAIM_LEASE", fmt.Sprintf("is malformed: %q is not a duration from 1s to 10m like 30s", v)}
		}
		c.ClaimLease = d
	}
	c.HubSpotToken = strings.TrimSpace(getenv("HUBSPOT_TOKEN"))
	c.HubSpotSecret = strings.TrimSpace(getenv("HUBSPOT_CLIENT_SECRET"))
	if n.hubspot && c.HubSpotToken == "" {
		return c, settingError{"HUBSPOT_TOKEN", "is not set: the access token of your HubSpot private app (Settings → Integrations → Private Apps)"}
	}
	c.HubSpotAPIURL = strings.TrimRight(strings.TrimSpace(getenv("HUBSPOT_API_URL")), "/")
	if c.HubSpotAPIURL == "" {
		c.HubSpotAPIURL = "https://api.hubapi.com"
	} else if u, err := url.Parse(c.HubSpotAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, settingError{"HUBSPOT_API_URL", fmt.Sprintf("is malformed: %q is not an http(s) URL like https://api.hubapi.com", c.HubSpotAPIURL)}
	}
	if v := strings.TrimRight(strings.TrimSpace(getenv("SLABOT_PUBLIC_URL")), "/"); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			return c, settingError{"SLABOT_PUBLIC_URL", fmt.Sprintf("is malformed: %q is not a URL like https://slabot.example.com", v)}
		}
		c.PublicURL = v
	}
	if c.HubSpotSecret != "" && c.PublicURL == "" {
		return c, settingError{"SLABOT_PUBLIC_URL", "is not set: HubSpot webhooks (HUBSPOT_CLIENT_SECRET) are signed over the URL HubSpot calls, like https://slabot.example.com"}
	}
	c.LogLevel = slog.LevelInfo
	if lvl := strings.TrimSpace(getenv("SLABOT_LOG_LEVEL")); lvl != "" {
		if err := c.LogLevel.UnmarshalText([]byte(lvl)); err != nil {
			return c, settingError{"SLABOT_LOG_LEVEL", fmt.Sprintf("is malformed: %q is not one of debug, info, warn, error", lvl)}
		}
	}
	return c, nil
}
