package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/app"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// TestSettingErrors: a missing or malformed setting stops the program with
// one line naming it, exit status 2, and never the token's value.
func TestSettingErrors(t *testing.T) {
	good := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1-secret", "SLACK_APP_TOKEN": "xapp-1-secret"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range good {
			m[a] = b
		}
		m[k] = v
		return m
	}
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "SLACK_BOT_TOKEN is not set"},
		{with("SLACK_BOT_TOKEN", "xoxp-user-secret"), "SLACK_BOT_TOKEN is malformed"},
		{with("SLACK_APP_TOKEN", ""), "SLACK_APP_TOKEN is not set"},
		{with("SLACK_APP_TOKEN", "xoxb-oops-secret"), "SLACK_APP_TOKEN is malformed"},
		{with("SLACK_API_URL", "ftp://x"), "SLACK_API_URL is malformed"},
		{with("DATABASE_URL", "mysql://x"), "DATABASE_URL is malformed"},
		{with("SLABOT_HTTP_ADDR", "8080"), "SLABOT_HTTP_ADDR is malformed"},
		{with("SLABOT_LOG_LEVEL", "loud"), "SLABOT_LOG_LEVEL is malformed"},
		{with("HUBSPOT_API_URL", "api.hubapi.com"), "HUBSPOT_API_URL is malformed"},
		{with("SLABOT_PUBLIC_URL", "slabot.example.com"), "SLABOT_PUBLIC_URL is malformed"},
		{with("HUBSPOT_CLIENT_SECRET", "client-secret"), "SLABOT_PUBLIC_URL is not set"},
		{with("SLABOT_CLAIM_LEASE", "forever"), "SLABOT_CLAIM_LEASE is malformed"},
		{with("SLABOT_CLAIM_LEASE", "100ms"), "SLABOT_CLAIM_LEASE is malformed"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"run"}, envOf(c.env), nil, &out, &errb)
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], c.want) {
			t.Errorf("%v: exit %d, stderr %q; want one line with %q", c.env, code, errb.String(), c.want)
		}
		if strings.Contains(errb.String(), "secret") {
			t.Errorf("a token value was printed: %s", errb.String())
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{"SLACK_API_URL": "http://127.0.0.1:9/api"}), need{})
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "slabot.db" || c.HTTPAddr != "127.0.0.1:8080" || c.APIURL != "http://127.0.0.1:9/api/" || c.LogLevel.String() != "INFO" ||
		c.HubSpotAPIURL != "https://api.hubapi.com" || c.PublicURL != "" || c.ClaimLease != app.DefaultLease {
		t.Fatalf("%+v", c)
	}
	if c, err := loadConfig(envOf(map[string]string{"SLABOT_CLAIM_LEASE": "5s"}), need{}); err != nil || c.ClaimLease != 5*time.Second {
		t.Fatalf("SLABOT_CLAIM_LEASE=5s: %v %v", c.ClaimLease, err)
	}
}

func TestMigrateAndVersion(t *testing.T) {
	var out, errb bytes.Buffer
	dsn := filepath.Join(t.TempDir(), "m.db")
	if code := run(context.Background(), []string{"migrate"}, envOf(map[string]string{"DATABASE_URL": dsn}), nil, &out, &errb); code != 0 {
		t.Fatalf("migrate: %d %s", code, errb.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"version"}, envOf(nil), nil, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "slabot ") {
		t.Fatalf("version: %d %q", code, out.String())
	}
	if code := run(context.Background(), []string{"bogus"}, envOf(nil), nil, &out, &errb); code != 2 {
		t.Fatalf("unknown command exit %d", code)
	}
	errb.Reset()
	code := run(context.Background(), []string{"job", "run", "digest", "--at", "yesterday"}, envOf(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}), nil, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "--at is malformed") {
		t.Fatalf("bad --at: %d %s", code, errb.String())
	}
	errb.Reset()
	code = run(context.Background(), []string{"job", "run", "nap"}, envOf(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "DATABASE_URL": dsn}), nil, &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "unknown job") {
		t.Fatalf("unknown job: %d %s", code, errb.String())
	}
}
