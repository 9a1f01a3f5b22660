package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/bot/slackemu"
	"github.com/slabot/slabot/scheduler"
	"github.com/slabot/slabot/storage"
)

// clock is a settable clock shared by the bot, its jobs and the emulator,
// for the demo (":time +2h") and the end-to-end tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// world is an emulated Slack workspace with the real bot serving it through
// the same code path as `slabot run`.
type world struct {
	emu   *slackemu.Server
	store *storage.Store
	clock *clock
	cfg   Config
	jobs  *scheduler.Jobs
	bot   *bot.Bot

	cancel context.CancelFunc
	done   chan error

	mu      sync.Mutex
	handled map[string]chan struct{}
}

// demoUsers and demoChannels are the emulated workspace.
var demoUsers = []slackemu.User{
	{ID: "U0KENDRA", Name: "kendra", RealName: "Kendra Marsh (marketing director)", Email: "kendra@example.com", TZ: "Europe/Berlin"},
	{ID: "U0SAM", Name: "sam", RealName: "Sam Ortiz (sales director)", Email: "sam@example.com", TZ: "Europe/Berlin"},
	{ID: "U0RILEY", Name: "riley", RealName: "Riley Chen (sales rep)", Email: "riley@example.com", TZ: "Europe/Berlin"},
	{ID: "U0JO", Name: "jo", RealName: "Jo Park (sales rep)", Email: "jo@example.com", TZ: "Europe/Berlin"},
	{ID: "U0ALEX", Name: "alex", RealName: "Alex Rivera (workspace admin)", Email: "alex@example.com", TZ: "Europe/Berlin", IsAdmin: true},
}

var demoChannels = []slackemu.Channel{
	{ID: "C0SMARKETING", Name: "smarketing"},
	{ID: "C0RANDOM", Name: "random"},
}

// startWorld starts the emulator and the bot on dsn, and waits until the
// bot's socket is connected.
func startWorld(ctx context.Context, dsn string, clk *clock, log *slog.Logger) (*world, error) {
	emu := slackemu.New(slackemu.Config{TeamID: "T0DEMO", TeamName: "Demo Co", Users: demoUsers, Channels: demoChannels, Now: clk.Now})
	if err := emu.Start(); err != nil {
		return nil, err
	}
	ec := emu.Config()
	c := Config{BotToken: ec.BotToken, AppToken: ec.AppToken, APIURL: emu.APIURL(), DatabaseURL: dsn, HTTPAddr: "127.0.0.1:0", LogLevel: slog.LevelInfo}
	st, err := openStore(ctx, c)
	if err != nil {
		emu.Close()
		return nil, err
	}
	w := &world{emu: emu, store: st, clock: clk, cfg: c, done: make(chan error, 1), handled: map[string]chan struct{}{}}
	ready := make(chan struct{})
	rctx, cancel := context.WithCancel(ctx)
	w.cancel = cancel
	go func() {
		w.done <- serveWith(rctx, c, st, log, serveOpts{now: clk.Now, noCron: true, done: w.envelopeDone,
			ready: func(b *bot.Bot, j *scheduler.Jobs) {
				w.bot, w.jobs = b, j
				close(ready)
			}})
	}()
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

func (w *world) waiter(envelope string) chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch, ok := w.handled[envelope]
	if !ok {
		ch = make(chan struct{})
		w.handled[envelope] = ch
	}
	return ch
}

func (w *world) envelopeDone(envelope string) {
	ch := w.waiter(envelope)
	select {
	case <-ch:
	default:
		close(ch)
	}
}

// Command types /sla text as user in channel and waits until the bot has
// finished with it; it returns what the bot did in Slack meanwhile.
func (w *world) Command(ctx context.Context, user, channel, text string) ([]slackemu.Message, []slackemu.File, error) {
	before, beforeFiles := len(w.emu.Messages()), len(w.emu.Files())
	env, err := w.emu.SlashCommand(ctx, user, channel, text)
	if err != nil {
		return nil, nil, err
	}
	if err := w.wait(ctx, env); err != nil {
		return nil, nil, err
	}
	return w.emu.Messages()[before:], w.emu.Files()[beforeFiles:], nil
}

// Click presses a button and waits until the bot has finished with it.
func (w *world) Click(ctx context.Context, user string, msg slackemu.Message, actionID string) ([]slackemu.Message, error) {
	before := len(w.emu.Messages())
	env, err := w.emu.ClickButton(ctx, user, msg, actionID)
	if err != nil {
		return nil, err
	}
	if err := w.wait(ctx, env); err != nil {
		return nil, err
	}
	return w.emu.Messages()[before:], nil
}

// Home opens user's App Home and waits for it to be published.
func (w *world) Home(ctx context.Context, user string) (slackemu.View, error) {
	env, err := w.emu.OpenAppHome(ctx, user)
	if err != nil {
		return slackemu.View{}, err
	}
	if err := w.wait(ctx, env); err != nil {
		return slackemu.View{}, err
	}
	v, ok := w.emu.HomeView(user)
	if !ok {
		return v, errors.New("no home view published")
	}
	return v, nil
}

func (w *world) wait(ctx context.Context, envelope string) error {
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
func (w *world) Close() error {
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

func (w *world) close() {
	w.store.Close()
	w.emu.Close()
}
