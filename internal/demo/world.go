// Package demo runs slabot without a Slack workspace: the project's Slack
// emulator and the real bot in one process, with a console to type into.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/storage"
)

// Clock is a settable clock shared by the bot, its jobs and the emulator,
// for the demo (":time +2h") and the end-to-end tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// World is an emulated Slack workspace with the real bot serving it through
// the same code path as `slabot run` (bot.Serve).
type World struct {
	Emu   *slackemu.Server
	Store *storage.Store
	Clock *Clock
	Jobs  *app.Jobs
	Bot   *bot.Bot

	cancel context.CancelFunc
	done   chan error

	mu      sync.Mutex
	handled map[string]chan struct{}
}

// TeamID is the emulated workspace.
const TeamID = "T0DEMO"

// Users and Channels are the emulated workspace: a marketing director, a
// sales director, two reps and a workspace admin, in #smarketing.
var Users = []slackemu.User{
	{ID: "U0KENDRA", Name: "kendra", RealName: "Kendra Marsh (marketing director)", Email: "kendra@example.com", TZ: "Europe/Berlin"},
	{ID: "U0SAM", Name: "sam", RealName: "Sam Ortiz (sales director)", Email: "sam@example.com", TZ: "Europe/Berlin"},
	{ID: "U0RILEY", Name: "riley", RealName: "Riley Chen (sales rep)", Email: "riley@example.com", TZ: "Europe/Berlin"},
	{ID: "U0JO", Name: "jo", RealName: "Jo Park (sales rep)", Email: "jo@example.com", TZ: "Europe/Berlin"},
	{ID: "U0ALEX", Name: "alex", RealName: "Alex Rivera (workspace admin)", Email: "alex@example.com", TZ: "Europe/Berlin", IsAdmin: true},
}

var Channels = []slackemu.Channel{
	{ID: "C0SMARKETING", Name: "smarketing"},
	{ID: "C0RANDOM", Name: "random"},
}

// ManifestEscapes is manifest.yml's should_escape for /sla, which the demo's
// workspace follows (a test checks the two agree).
const ManifestEscapes = true

// Start starts the emulator and the bot on dsn (migrated here), and waits
// until the bot's socket is connected. Scheduled jobs do not run by
// themselves: the caller runs them as it moves the clock (the console's
// :time steps through the due instants; tests call Jobs directly).
//
// The workspace's /sla escapes mentions, as manifest.yml sets it; options
// change the emulated workspace (a test of an install without escaping).
func Start(ctx context.Context, dsn string, clk *Clock, log *slog.Logger, options ...func(*slackemu.Config)) (*World, error) {
	ecfg := slackemu.Config{TeamID: TeamID, TeamName: "Demo Co", Users: Users, Channels: Channels, Now: clk.Now, ShouldEscape: ManifestEscapes}
	for _, o := range options {
		o(&ecfg)
	}
	emu := slackemu.New(ecfg)
	if err := emu.Start(); err != nil {
		return nil, err
	}
	ec := emu.Config()
	st, err := storage.Open(ctx, dsn)
	if err == nil {
		err = st.Migrate(ctx)
	}
	if err != nil {
		emu.Close()
		return nil, err
	}
	w := &World{Emu: emu, Store: st, Clock: clk, done: make(chan error, 1), handled: map[string]chan struct{}{}}
	ready := make(chan struct{})
	rctx, cancel := context.WithCancel(ctx)
	w.cancel = cancel
	cfg := server.ServeConfig{
		BotToken: ec.BotToken, AppToken: ec.AppToken, APIURL: emu.APIURL(), HTTPAddr: "127.0.0.1:0",
		Database: storage.Redact(dsn), Version: "demo", Now: clk.Now, NoCron: true, Done: w.envelopeDone,
		Ready: func(b *bot.Bot, j *app.Jobs) {
			w.Bot, w.Jobs = b, j
			close(ready)
		},
	}
	go func() { w.done <- server.Serve(rctx, cfg, st, log) }()
	select {
	case <-ready:
	case err := <-w.done:
		w.close()
		return nil, fmt.Errorf("bot did not start: %w", err)
	case <-time.After(20 * time.Second):
		w.Close()
		return nil, errors.New("bot did not start in 20s")
	}
	wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
	defer wcancel()
	if err := emu.WaitConnected(wctx, 1); err != nil {
		w.Close()
		return nil, fmt.Errorf("bot did not connect: %w", err)
	}
	return w, nil
}

func (w *World) waiter(envelope string) chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch, ok := w.handled[envelope]
	if !ok {
		ch = make(chan struct{})
		w.handled[envelope] = ch
	}
	return ch
}

func (w *World) envelopeDone(envelope string) {
	ch := w.waiter(envelope)
	select {
	case <-ch:
	default:
		close(ch)
	}
}

// Command types /sla text as user in channel and waits until the bot has
// finished with it; it returns what the bot did in Slack meanwhile.
func (w *World) Command(ctx context.Context, user, channel, text string) ([]slackemu.Message, []slackemu.File, error) {
	before, beforeFiles := len(w.Emu.Messages()), len(w.Emu.Files())
	env, err := w.Emu.SlashCommand(ctx, user, channel, text)
	if err != nil {
		return nil, nil, err
	}
	if err := w.Wait(ctx, env); err != nil {
		return nil, nil, err
	}
	return w.Emu.Messages()[before:], w.Emu.Files()[beforeFiles:], nil
}

// Click presses a button and waits until the bot has finished with it.
func (w *World) Click(ctx context.Context, user string, msg slackemu.Message, actionID string) ([]slackemu.Message, error) {
	before := len(w.Emu.Messages())
	env, err := w.Emu.ClickButton(ctx, user, msg, actionID)
	if err != nil {
		return nil, err
	}
	if err := w.Wait(ctx, env); err != nil {
		return nil, err
	}
	return w.Emu.Messages()[before:], nil
}

// Home opens user's App Home and waits for it to be published.
func (w *World) Home(ctx context.Context, user string) (slackemu.View, error) {
	env, err := w.Emu.OpenAppHome(ctx, user)
	if err != nil {
		return slackemu.View{}, err
	}
	if err := w.Wait(ctx, env); err != nil {
		return slackemu.View{}, err
	}
	v, ok := w.Emu.HomeView(user)
	if !ok {
		return v, errors.New("no home view published")
	}
	return v, nil
}

// Submit fills and submits user's open modal (block_id → value) and waits
// until the bot has finished with it; it returns the submission's outcome
// and what the bot did in Slack meanwhile.
func (w *World) Submit(ctx context.Context, user string, values map[string]string) (slackemu.SubmitResult, []slackemu.Message, error) {
	before := len(w.Emu.Messages())
	res, err := w.Emu.SubmitView(ctx, user, values)
	if err != nil {
		return res, nil, err
	}
	if err := w.Wait(ctx, res.EnvelopeID); err != nil {
		return res, nil, err
	}
	return res, w.Emu.Messages()[before:], nil
}

// Type types value into an input of user's open modal and, when the input
// dispatches actions, waits until the bot has finished with them.
func (w *World) Type(ctx context.Context, user, blockID, value string) error {
	env, err := w.Emu.ChangeInput(ctx, user, blockID, value)
	if err != nil || env == "" {
		return err
	}
	return w.Wait(ctx, env)
}

// ClickHome presses a button on user's App Home and waits until the bot
// has finished with it.
func (w *World) ClickHome(ctx context.Context, user, actionID, value string) ([]slackemu.Message, error) {
	before := len(w.Emu.Messages())
	env, err := w.Emu.ClickHomeButton(ctx, user, actionID, value)
	if err != nil {
		return nil, err
	}
	if err := w.Wait(ctx, env); err != nil {
		return nil, err
	}
	return w.Emu.Messages()[before:], nil
}

// Wait blocks until the bot has finished with an envelope.
func (w *World) Wait(ctx context.Context, envelope string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	select {
	case <-w.waiter(envelope):
		return nil
	case <-ctx.Done():
		return fmt.Errorf("envelope %s not handled: %w", envelope, ctx.Err())
	}
}

// Close stops the bot and the emulator.
func (w *World) Close() error {
	w.cancel()
	var err error
	select {
	case err = <-w.done:
	case <-time.After(15 * time.Second):
		err = errors.New("bot did not stop in 15s")
	}
	w.close()
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}

func (w *World) close() {
	w.Store.Close()
	w.Emu.Close()
}
