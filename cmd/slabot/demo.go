package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/slabot/slabot/internal/demo"
)

const demoUsage = `usage: slabot demo [--seed] [--seed-value N] [--db file] [--out dir]
                   [--now <RFC 3339>] [--user @kendra] [--channel #smarketing]

Runs the real bot against an emulated Slack workspace, with a console:
type /sla … as the current user, or :help for the console's commands.
With standard input not a terminal, reads the lines from it (a script),
echoes each, and exits 0 at its end, non-zero on an internal error.
`

// demoCmd is `slabot demo`: flags → demo.Options.
func demoCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, demoUsage+"\n")
		fs.PrintDefaults()
	}
	seed := fs.Bool("seed", false, "fill a realistic agreement in #smarketing and two months of leads")
	seedValue := fs.Uint64("seed-value", 1, "the generator's seed (implies --seed)")
	db := fs.String("db", "", "SQLite file to keep the demo's data in (default: a temporary file)")
	out := fs.String("out", "demo-out", "folder for the charts the bot uploads")
	now := fs.String("now", "", "start the demo clock at this RFC 3339 time (default: now)")
	user := fs.String("user", "@kendra", "who types: @kendra, @sam, @riley, @jo or @alex")
	channel := fs.String("channel", "#smarketing", "where: #smarketing or #random")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "slabot demo: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	o := demo.Options{DB: *db, Out: *out, Seed: *seed, SeedValue: *seedValue, User: *user, Channel: *channel}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed-value" {
			o.Seed = true
		}
	})
	if *now != "" {
		t, err := time.Parse(time.RFC3339, *now)
		if err != nil {
			fmt.Fprintf(stderr, "slabot demo: --now %q is not an RFC 3339 time like 2026-12-11T14:00:00+01:00\n", *now)
			return 2
		}
		o.Now = t
	}
	if _, ok := demo.LookupUser(*user); !ok {
		fmt.Fprintf(stderr, "slabot demo: --user %q is not in the demo workspace (@kendra, @sam, @riley, @jo, @alex)\n", *user)
		return 2
	}
	if _, ok := demo.LookupChannel(*channel); !ok {
		fmt.Fprintf(stderr, "slabot demo: --channel %q is not in the demo workspace (#smarketing, #random)\n", *channel)
		return 2
	}
	o.Interactive = isTerminal(stdin)
	o.Color = o.Interactive && isTerminal(stdout) && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
	if o.Interactive {
		if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n >= 40 {
			o.Width = min(n, 120)
		}
	}
	// The bot's log goes to stderr, warnings and errors only unless
	// SLABOT_LOG_LEVEL asks for more; errors fail the run.
	level := slog.LevelWarn
	switch strings.ToLower(getenv("SLABOT_LOG_LEVEL")) {
	case "debug":
		level = slog.LevelDebug
	case "info":
		level = slog.LevelInfo
	case "error":
		level = slog.LevelError
	}
	o.Log = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})
	if err := demo.Run(ctx, o, stdin, stdout); err != nil {
		fmt.Fprintln(stderr, "slabot demo:", err)
		return 1
	}
	return 0
}

// isTerminal reports whether v is an interactive terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
