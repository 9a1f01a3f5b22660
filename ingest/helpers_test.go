package ingest_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
)

var ctx = context.Background()

const (
	team    = "T1"
	channel = "C0123ABCD"
)

// utc builds a literal instant.
func utc(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
}

// env is one workspace with one agreement in Europe/Berlin, Mon–Fri
// 09:00–17:00, the default targets (speed 1 h, warn 75 %, depth 6 within
// 14 days) from September 2026, and a Slack emulator with two reps.
type env struct {
	store *storage.Store
	a     sla.Agreement
	emu   *slackemu.Server
	users *bot.Sender
}

func newEnv(t *testing.T, s *storage.Store) *env {
	t.Helper()
	a := sla.Agreement{
		TeamID: team, ChannelID: channel, Name: "Smarketing", Kind: sla.KindInternal, Status: sla.StatusActive,
		TZ: "Europe/Berlin", Marketing: "UMKT", Sales: "USALES",
		Hours: sla.DefaultHours, StrikeLimit: 3, Repeat: 4 * time.Hour, Digest: sla.DefaultDigest,
		CreatedBy: "UMKT", CreatedAt: utc(2026, 9, 1, 0, 0),
	}
	if err := s.CreateAgreement(ctx, &a, sla.Month{Year: 2026, Month: time.September}, sla.DefaultTargets); err != nil {
		t.Fatal(err)
	}
	emu := slackemu.New(slackemu.Config{
		BotToken: "xoxb-test",
		Users: []slackemu.User{
			{ID: "U0REP1", Name: "rep1", Email: "rep1@example.com"},
			{ID: "U0REP2", Name: "rep2", Email: "rep2@example.com"},
		},
	})
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	users := bot.NewSender("xoxb-test", emu.APIURL(), nil, slog.New(slog.DiscardHandler), nil)
	return &env{store: s, a: a, emu: emu, users: users}
}

type rejection struct {
	Line   int
	Reason string
}

type outcome struct {
	res      ingest.Result
	rejected []rejection
	warnings []string
}

// importText imports csv text with a fixed clock (2026-11-27 12:00 UTC).
func (e *env) importText(t *testing.T, text string, opt ingest.Options, batch int) outcome {
	t.Helper()
	var out outcome
	im := &ingest.Importer{
		Store: server.CRM(e.store), Users: e.users, BatchSize: batch,
		Now:    func() time.Time { return utc(2026, 11, 27, 12, 0) },
		Reject: func(line int, reason string) { out.rejected = append(out.rejected, rejection{line, reason}) },
		Warn:   func(msg string) { out.warnings = append(out.warnings, msg) },
	}
	if opt.Team == "" {
		opt.Team, opt.Agreement = team, channel
	}
	res, err := im.Import(ctx, strings.NewReader(text), opt)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	out.res = res
	return out
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (e *env) lead(t *testing.T, ext string) sla.Lead {
	t.Helper()
	l, err := e.store.LeadByExternalID(ctx, team, ext)
	if err != nil {
		t.Fatalf("lead %s: %v", ext, err)
	}
	return l
}

// checkLead compares everything but the row ids, times as instants.
func checkLead(t *testing.T, got, want sla.Lead) {
	t.Helper()
	if g, w := describe(got), describe(want); g != w {
		t.Errorf("lead %s:\n got %s\nwant %s", want.ExternalID, g, w)
	}
}

func describe(l sla.Lead) string {
	ts := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("%s ext=%s name=%q email=%s seg=%s src=%s owner=%s created=%s qualified=%s handoff=%s first=%s attempts=%d speed=%d contacted=%s won=%s rev=%d lost=%s reason=%q warn=%s speedDue=%s depthDue=%s next=%s snooze=%s",
		l.ShortID(), l.ExternalID, l.Name, l.Email, l.Segment, l.Source, l.Owner, ts(l.CreatedAt), ts(l.QualifiedAt), ts(l.HandedOffAt), ts(l.FirstAttemptAt),
		l.Attempts, l.SpeedSecs, ts(l.ContactedAt), ts(l.WonAt), l.Revenue, ts(l.LostAt), l.LostReason,
		ts(l.WarnAt), ts(l.SpeedDueAt), ts(l.DepthDueAt), ts(l.NextCheckAt), ts(l.SnoozedUntil))
}

func ctxWithCancel() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
