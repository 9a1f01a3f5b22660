package demo

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slabot/slabot/storage/storagetest"
)

func TestParseTime(t *testing.T) {
	// Friday 11 December 2026, 14:00 in Berlin.
	now := time.Date(2026, 12, 11, 14, 0, 0, 0, berlin)
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, berlin) }
	tests := []struct {
		in   string
		want time.Time // zero: an error
	}{
		{"+2h", at(11, 16, 0)},
		{"+1h30m", at(11, 15, 30)},
		{"+1d", at(12, 14, 0)},
		{"+1w", at(18, 14, 0)},
		{"+45s", at(11, 14, 0).Add(45 * time.Second)},
		// The next such time strictly after now.
		{"mon 09:00", at(14, 9, 0)},
		{"Monday 9:00", at(14, 9, 0)},
		{"fri 14:00", at(18, 14, 0)},
		{"fri 14:01", at(11, 14, 1)},
		{"15:00", at(11, 15, 0)},
		{"13:00", at(12, 13, 0)},
		{"2026-12-14 09:00", at(14, 9, 0)},
		{"2026-12-14T09:00", at(14, 9, 0)},
		{"2026-12-24", at(24, 0, 0)},
		// 08:00 UTC is 09:00 in Berlin in winter.
		{"2026-12-14T08:00:00Z", at(14, 9, 0)},
		{"2026-12-14T09:00:00+01:00", at(14, 9, 0)},
		{"tomorrow", time.Time{}},
		{"+2x", time.Time{}},
		{"-1h", time.Time{}},
		{"25:00", time.Time{}},
		{"xyz 09:00", time.Time{}},
		{"mon", time.Time{}},
		// the forms are sla's: its durations, weekdays, clock and dates
		{"+1.5h", at(11, 15, 30)},
		{"+2days", at(13, 14, 0)},
		{"TUESDAY 9:30am", at(15, 9, 30)},
		{"2026-12-14 09:00:30", at(14, 9, 0).Add(30 * time.Second)},
		{"+0m", time.Time{}},
		{"+400d", time.Time{}}, // more than a year is no duration
		{"9", time.Time{}},     // an hour needs its minutes, 9:00
		{"1999-12-14 09:00", time.Time{}},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, now, berlin)
		if tt.want.IsZero() {
			if err == nil {
				t.Errorf("ParseTime(%q) = %s, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseTime(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestMentions(t *testing.T) {
	tests := []struct{ in, want string }{
		{"setup marketing=@kendra sales=@sam", "setup marketing=<@U0KENDRA> sales=<@U0SAM>"},
		{"lead handoff L-1 @riley", "lead handoff L-1 <@U0RILEY>"},
		{"admin add @Alex", "admin add <@U0ALEX>"},
		{`lead add "ada@sam.example" owner=@jo`, `lead add "ada@sam.example" owner=<@U0JO>`},
		{"lead handoff L-1 @zed", "lead handoff L-1 @zed"},
		{"status #smarketing #nowhere", "status <#C0SMARKETING|smarketing> #nowhere"},
		{"lead handoff L-1 <@U0JO>", "lead handoff L-1 <@U0JO>"},
	}
	for _, tt := range tests {
		if got := Mentions(tt.in); got != tt.want {
			t.Errorf("Mentions(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestConsoleNotes runs the console's own commands, right and wrong, on an
// empty workspace: each gets a note, none is an internal error.
func TestConsoleNotes(t *testing.T) {
	script := strings.Join([]string{
		":user @nobody",
		":channel #nowhere",
		":click 1",
		":time",
		":time -1h",
		":time 2026-12-01 09:00",
		":time +200d",
		":time +1h",
		":bogus",
		"status",
		"# a comment",
		"# and its second line",
		":user jo",
		":channel random",
		":quit",
		"/sla status",
	}, "\n")
	var out bytes.Buffer
	o := Options{Now: time.Date(2026, 12, 11, 14, 0, 0, 0, berlin), Out: t.TempDir()}
	if err := Run(context.Background(), o, strings.NewReader(script), &out); err != nil {
		t.Fatal(err)
	}
	want := `slabot demo — the real bot against an emulated Slack workspace (Demo Co).
The demo clock reads Fri 11 Dec 2026 14:00 CET and moves only with :time (--now starts it elsewhere).
You are @kendra in #smarketing.

> :user @nobody

No user "@nobody" here. Users: @kendra, @sam, @riley, @jo, @alex.

> :channel #nowhere

No channel "#nowhere" here. Channels: #smarketing, #random.

> :click 1

No message with buttons yet: nudge DMs have them (try :time +1h).

> :time

The demo clock reads Fri 11 Dec 2026 14:00 CET.

> :time -1h

"-1h" is not a time: try :time +2h, :time +1d, :time mon 09:00, :time 2026-12-14
09:00 or an RFC 3339 time

> :time 2026-12-01 09:00

The demo clock only moves forward; it reads Fri 11 Dec 2026 14:00 CET.

> :time +200d

That is more than 92 days ahead; move the clock in smaller steps.

> :time +1h

The demo clock reads Fri 11 Dec 2026 15:00 CET.

> :bogus

Unknown console command :bogus; :help lists them.

> status

Type a slash command like /sla help, or :help for the console's own commands.

# a comment
# and its second line

> :user jo

You are now @jo — Jo Park (sales rep).

> :channel random

You are now typing in #random.

> :quit
`
	if out.String() != want {
		t.Errorf("transcript:\n%s\nwant:\n%s\n%s", out.String(), want, firstDiff(want, out.String()))
	}
}

// startWorld starts the demo world on a fresh SQLite file at now.
func startWorld(t *testing.T, now time.Time, log *slog.Logger) *World {
	t.Helper()
	clk := &Clock{}
	clk.Set(now)
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w, err := Start(context.Background(), storagetest.SQLiteDSN(t), clk, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w
}

// TestClickSecondLead: one nudge lists two leads, each with the same three
// action ids; `:click 4` must act on the second lead, not the first.
func TestClickSecondLead(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 11, 14, 0, 0, 0, berlin)
	var errs atomic.Int64
	w := startWorld(t, now, slog.New(counting{slog.DiscardHandler, &errs}))
	var out bytes.Buffer
	c := newConsole(w, Options{Out: t.TempDir()}, &out)
	for _, line := range []string{
		`/sla setup marketing=@kendra sales=@sam tz=Europe/Berlin name=Smarketing`,
		`/sla lead add "Ada Lovelace" at="2026-12-11 12:50"`,
		`/sla lead add "Grace Hopper" at="2026-12-11 12:50"`,
		// Both handed to Riley at 13:00: both breach at 14:00, in one DM.
		`/sla lead handoff L-1 @riley at="2026-12-11 13:00"`,
		`/sla lead handoff L-2 <@U0RILEY> at="2026-12-11 13:00"`,
		":time +1m",
		":click 4",
	} {
		if _, err := c.do(ctx, line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	// L-1's hand-off opened the DM; L-2 joined it on top, so the second
	// lead in it, buttons 4–6, is L-1.
	for seq, want := range map[int64]int{1: 1, 2: 0} {
		l, err := w.Store.LeadBySeq(ctx, TeamID, seq)
		if err != nil {
			t.Fatal(err)
		}
		if l.Attempts != want {
			t.Errorf("L-%d has %d attempts, want %d\n%s", seq, l.Attempts, want, out.String())
		}
	}
	text := out.String()
	if !strings.Contains(text, "[4 Log attempt]") || !strings.Contains(text, "» updated · DM to @riley") {
		t.Errorf("transcript lacks the two-lead nudge or its redraw:\n%s", text)
	}
	if errs.Load() != 0 {
		t.Errorf("%d internal errors", errs.Load())
	}
}

// TestConsoleInternalErrors: a Slack call that fails is logged by the bot
// and counted; an emulator that is gone ends the console with an error.
func TestConsoleInternalErrors(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 11, 14, 0, 0, 0, berlin)
	var errs atomic.Int64
	log := slog.New(counting{slog.DiscardHandler, &errs})
	w := startWorld(t, now, log)
	if _, err := Seed(ctx, w.Store, now, 1, log); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c := newConsole(w, Options{Out: t.TempDir()}, &out)
	// The 14:04 nudge cannot be posted, whatever the retries.
	w.Jobs.Backoff = time.Millisecond
	w.Emu.FailNext("chat.postMessage", 4, "fatal_error")
	if _, err := c.do(ctx, ":time +5m"); err != nil {
		t.Fatal(err)
	}
	if errs.Load() == 0 {
		t.Errorf("a failed DM was not counted as an internal error:\n%s", out.String())
	}
	w.Emu.Close()
	if _, err := c.do(ctx, "/sla status"); err == nil {
		t.Error("a command with the emulator gone must be an internal error")
	}
}

func TestLivelyNow(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	first := time.Date(2026, 12, 1, 7, 13, 0, 0, time.UTC)
	if got, want := LivelyNow(first, true), time.Date(2026, 12, 11, 14, 0, 0, 0, berlin); !got.Equal(want) {
		t.Errorf("seeded on the 1st: %v, want %v", got, want)
	}
	if got := LivelyNow(first, false); !got.Equal(first) {
		t.Errorf("not seeded: %v", got)
	}
	mid := time.Date(2026, 12, 16, 10, 0, 0, 0, time.UTC)
	if got := LivelyNow(mid, true); !got.Equal(mid) {
		t.Errorf("mid-month: %v", got)
	}
}
