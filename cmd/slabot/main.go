// Command slabot runs the sales & marketing SLA bot for Slack.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/storage"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: slabot [command]

  run (default)         connect to Slack in socket mode and serve
  migrate [status]      apply the database schema and exit, or list the
                        migrations, applied and pending
  backup <file>         copy the SQLite database, safe beside a running bot
  healthcheck           GET /healthz on SLABOT_HTTP_ADDR's port: exit 0 or 1
  job run <job> [--at <RFC 3339>]
                        run one scheduled job once (digest, breach-scan,
                        month-close, midpoint, celebrate, hubspot-sync)
  demo [--seed]         try slabot without Slack: an emulator and a console
  import leads <file.csv> --team <id> --agreement <channel or name>
  hubspot connect --team <id> --agreement <channel or name>
                        bind the agreement to HUBSPOT_TOKEN's HubSpot portal
  webhook-secret --team <id> [--rotate]
  version

Settings come from the environment: SLACK_BOT_TOKEN, SLACK_APP_TOKEN,
SLACK_API_URL, DATABASE_URL (default slabot.db), SLABOT_HTTP_ADDR
(default 127.0.0.1:8080), SLABOT_LOG_LEVEL (default info),
SLABOT_CLAIM_LEASE (default 30s); for HubSpot, HUBSPOT_TOKEN,
HUBSPOT_API_URL, HUBSPOT_CLIENT_SECRET, SLABOT_PUBLIC_URL.
`

// run is the whole program; it returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "run", "serve":
		err = serve(ctx, getenv, stderr)
	case "migrate":
		err = migrateCmd(ctx, args, getenv, stdout, stderr)
	case "backup":
		err = backupCmd(ctx, args, getenv, stdout)
	case "healthcheck":
		if err := healthcheck(ctx, getenv, stdout); err != nil {
			fmt.Fprintln(stderr, "slabot:", err)
			return 1
		}
	case "version", "--version":
		fmt.Fprintln(stdout, "slabot", versionString())
	case "job":
		err = jobRun(ctx, args, getenv, stdout, stderr)
	case "demo":
		return demoCmd(ctx, args, getenv, stdin, stdout, stderr)
	case "import":
		return importCmd(ctx, args, getenv, stdin, stdout, stderr)
	case "webhook-secret":
		return webhookSecret(ctx, args, getenv, stdout, stderr)
	case "hubspot":
		return hubspotCmd(ctx, args, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "slabot: unknown command %q\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "slabot:", err)
		var se settingError
		if errors.As(err, &se) || errors.Is(err, flag.ErrHelp) {
			return 2
		}
		return 1
	}
	return 0
}

// hubspotSyncRun is `slabot job run hubspot-sync`: the job the cron loop
// runs every 5 minutes, once, with each connection's outcome on stdout.
// Slack is optional: without SLACK_BOT_TOKEN owners are left unmatched.
func hubspotSyncRun(ctx context.Context, getenv func(string) string, now time.Time, stdout, stderr io.Writer) error {
	c, log, st, err := open(ctx, getenv, need{hubspot: true}, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	var users ingest.Users
	if c.BotToken != "" {
		users = bot.NewSender(c.BotToken, c.APIURL, nil, log, nil)
	}
	start := time.Now()
	runErr := hubspotSync(c, server.CRM(st), users, log).Run(ctx, now)
	conns, err := st.HubSpotConnections(ctx)
	if err != nil {
		return err
	}
	if len(conns) == 0 {
		fmt.Fprintln(stdout, "hubspot-sync: no agreement is connected; run slabot hubspot connect --team <id> --agreement <channel> first")
	}
	for _, k := range conns {
		line := k.LastRun
		if k.LastError != "" {
			line += " — error: " + k.LastError
		}
		fmt.Fprintf(stdout, "hubspot-sync at %s: agreement %d of %s (portal %d): %s\n", now.Format(time.RFC3339), k.AgreementID, k.TeamID, k.Portal, line)
	}
	fmt.Fprintf(stdout, "hubspot-sync: done (%s)\n", time.Since(start).Round(time.Millisecond))
	return runErr
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openStore opens and migrates the database.
func openStore(ctx context.Context, c Config) (*storage.Store, error) {
	st, err := storage.Open(ctx, c.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// open reads the settings a subcommand needs, builds its logger and opens
// the migrated database.
func open(ctx context.Context, getenv func(string) string, n need, stderr io.Writer) (Config, *slog.Logger, *storage.Store, error) {
	c, err := loadConfig(getenv, n)
	if err != nil {
		return c, nil, nil, err
	}
	log := newLogger(stderr, c.LogLevel)
	st, err := openStore(ctx, c)
	return c, log, st, err
}

// jobRun runs one scheduled job, as if the clock read --at, with the same
// database and Slack settings; no socket, no HTTP listener.
func jobRun(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 || args[0] != "run" {
		return settingError{"job", "needs: job run <digest|breach-scan|month-close|midpoint|celebrate|hubspot-sync> [--at <RFC 3339>]"}
	}
	name := args[1]
	fs := flag.NewFlagSet("job run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	at := fs.String("at", "", "run as if the clock read this RFC 3339 time")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	now := time.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return settingError{"--at", fmt.Sprintf("is malformed: %q is not an RFC 3339 time like 2026-12-07T09:00:00Z", *at)}
		}
		now = t
	}
	if name == ingest.JobHubSpotSync {
		return hubspotSyncRun(ctx, getenv, now, stdout, stderr)
	}
	c, log, st, err := open(ctx, getenv, need{bot: true}, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	send := bot.NewSender(c.BotToken, c.APIURL, nil, log, nil)
	jobs := app.NewJobs(st, send, log)
	jobs.Lease = c.ClaimLease
	// Wait out a run that holds a part (and may have died): the exit
	// status then says whether the posts are out.
	jobs.WaitHeld = 2*c.ClaimLease + 5*time.Second
	start := time.Now()
	if name == app.KindBreachScan {
		stats, err := jobs.BreachScan(ctx, now)
		fmt.Fprintf(stdout, "breach-scan at %s: %d leads due, %d nudges and %d hand-off notices in %d DMs (new or redrawn), %d strikes, %d failed (%s)\n",
			now.Format(time.RFC3339), stats.Leads, stats.Nudges, stats.Notices, stats.DMs, stats.Strikes, stats.Failed, time.Since(start).Round(time.Millisecond))
		return err
	}
	if err := jobs.Run(ctx, name, now); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s at %s: done (%s)\n", name, now.Format(time.RFC3339), time.Since(start).Round(time.Millisecond))
	return nil
}
