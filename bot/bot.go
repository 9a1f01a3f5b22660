// Package bot is slabot's Slack transport: the socket-mode loop, acks,
// dispatch to commands and actions, and sending what they answer.
package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Jobs are the scheduled jobs a command or a click can set off at once
// (*app.Jobs).
type Jobs interface {
	CheckGoal(ctx context.Context, team string, agreementID int64, now time.Time) error
	DigestNow(ctx context.Context, team string, agreementID int64, now time.Time) error
	// Scan runs the breach scan now, so a rep hears of a lead handed to
	// them at once (the scan sends whatever else is due too).
	Scan(ctx context.Context, now time.Time) error
	// Press applies a nudge button; a non-nil message is shown to the clicker alone.
	Press(ctx context.Context, c app.Click, now time.Time) (*render.Message, error)
	// SignoffDMs sends the approval DMs waiting in the outbox.
	SignoffDMs(ctx context.Context, now time.Time) error
	// Home publishes user's App Home tab.
	Home(ctx context.Context, team, user string, now time.Time) error
}

// Store is what the transport itself keeps: which envelopes it has handled
// (Slack redelivers unacknowledged ones) and whether the database answers.
type Store interface {
	ClaimKey(ctx context.Context, team, key string, at time.Time) (bool, error)
	Ping(ctx context.Context) error
}

// Options configure a Bot.
type Options struct {
	BotToken string
	AppToken string
	APIURL   string // Slack Web API base; "" is https://slack.com/api/
	Store    Store
	Commands *commands.Handler
	Jobs     Jobs    // may be nil: no follow-ups, buttons or home tab
	Sender   *Sender // built from the tokens when nil
	Log      *slog.Logger
	Now      func() time.Time
	Metrics  *Metrics
	Workers  int // envelopes handled at once; default DefaultWorkers()
	// Done, when set, is called after an envelope is fully handled (reply,
	// files and follow-ups sent): the demo console and tests wait on it.
	Done       func(envelopeID string)
	HTTPClient *http.Client
}

// Bot serves Slack in socket mode.
type Bot struct {
	opt       Options
	log       *slog.Logger
	send      *Sender
	api       *slack.Client // with the app-level token
	sock      *socket
	connected atomic.Bool
	queue     chan envelope
	wg        sync.WaitGroup
	// scans asks for a breach scan after a hand-off (buffered 1: requests
	// that come while one waits are the same request); one goroutine runs
	// them, so a slow scan never holds a worker.
	scans    chan struct{}
	scanMu   sync.Mutex
	scanDone []func() // the Done of each envelope waiting for the next scan

	adminMu sync.Mutex
	admins  map[string]adminEntry
}

type adminEntry struct {
	ok bool
	at time.Time
}

// New builds a bot; Run connects it.
func New(opt Options) *Bot {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Workers <= 0 {
		opt.Workers = DefaultWorkers()
	}
	if opt.Metrics == nil {
		opt.Metrics = NewMetrics()
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	send := opt.Sender
	if send == nil {
		send = NewSender(opt.BotToken, opt.APIURL, opt.HTTPClient, opt.Log, opt.Metrics)
	}
	apiOpts := []slack.Option{slack.OptionAppLevelToken(opt.AppToken), slack.OptionHTTPClient(opt.Metrics.client(opt.HTTPClient))}
	if opt.APIURL != "" {
		apiOpts = append(apiOpts, slack.OptionAPIURL(opt.APIURL))
	}
	b := &Bot{
		opt: opt, log: opt.Log, send: send,
		api:    slack.New(opt.BotToken, apiOpts...),
		queue:  make(chan envelope, queueSize),
		scans:  make(chan struct{}, 1),
		admins: map[string]adminEntry{},
	}
	b.sock = &socket{
		api: b.api, log: opt.Log, handle: b.dispatch, ackPayload: b.viewAck, pingTimeout: 30 * time.Second,
		acked: func(d time.Duration) { opt.Metrics.ack.Observe(d.Seconds()) },
		up: func(up bool) {
			if was := b.connected.Swap(up); up && !was {
				b.log.Info("connected to Slack")
			}
		},
	}
	return b
}

// Sender is the bot's Slack sender (the scheduler posts through it too).
func (b *Bot) Sender() *Sender { return b.send }

// Metrics are the bot's counters, served on /metrics.
func (b *Bot) Metrics() *Metrics { return b.opt.Metrics }

// Connected reports whether the socket is up (for /healthz).
func (b *Bot) Connected() bool { return b.connected.Load() }

// CheckTokens calls auth.test with the bot token and opens (without dialing)
// a socket-mode connection with the app token, so a rejected token is
// reported by name at start.
func (b *Bot) CheckTokens(ctx context.Context) (team string, err error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	resp, err := b.send.API.AuthTestContext(ctx)
	if err != nil {
		if !rejected(err) {
			return "", fmt.Errorf("cannot reach Slack at %s to check SLACK_BOT_TOKEN (auth.test: %v); check the network, a proxy, or SLACK_API_URL", b.apiURL(), err)
		}
		return "", fmt.Errorf("SLACK_BOT_TOKEN was rejected by Slack (auth.test: %s)", slackReason(err))
	}
	if _, _, err := b.api.StartSocketModeContext(ctx); err != nil {
		if !rejected(err) {
			return "", fmt.Errorf("cannot reach Slack at %s to open the socket with SLACK_APP_TOKEN (apps.connections.open: %v); check the network or a proxy", b.apiURL(), err)
		}
		return "", fmt.Errorf("SLACK_APP_TOKEN was rejected by Slack (apps.connections.open: %s); it must be an app-level token with connections:write", slackReason(err))
	}
	return resp.TeamID, nil
}

// rejected reports whether Slack answered with an error (a bad token, a
// missing scope), as opposed to not answering at all (DNS, refused
// connection, timeout, a proxy's HTML page).
func rejected(err error) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se)
}

func (b *Bot) apiURL() string {
	if b.opt.APIURL != "" {
		return b.opt.APIURL
	}
	return slack.APIURL
}

func slackReason(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return err.Error()
}

// DefaultWorkers is how many envelopes are handled at once by default: one
// fewer than the process has Ps (GOMAXPROCS), and at least one. The P left
// over is the socket reader's: with every P busy with a handler (SQLite's
// queries run on the bot's own CPU), Go's scheduler notices a readable
// socket only when a handler yields or is preempted, every 10 ms or so, and
// a burst's acks queued behind that (docs/architecture.md, Data flow).
// Handlers that wait on PostgreSQL or Slack free their P meanwhile, so the
// lost worker costs little there.
func DefaultWorkers() int { return max(1, runtime.GOMAXPROCS(0)-1) }

// queueSize bounds the envelopes acked and waiting for a worker; past it
// the socket's reader waits (and Slack, unacked, redelivers later).
const queueSize = 4096

// Run serves until ctx is done, reconnecting as Slack asks. Every envelope
// acked is handled before it returns: Slack does not deliver an acked
// envelope again.
func (b *Bot) Run(ctx context.Context) error {
	for range b.opt.Workers {
		b.wg.Add(1)
		go b.work()
	}
	scanned := make(chan struct{})
	go b.scanner(scanned)
	err := b.sock.run(ctx)
	b.connected.Store(false)
	close(b.queue)
	b.wg.Wait()
	close(b.scans) // the workers that ask are done: run what was asked, then stop
	<-scanned
	return err
}

// doneLater is an envelope's Done, called when the worker and any breach
// scan the envelope asked for are both over.
type doneLater struct {
	f    func()
	left atomic.Int32 // the worker, and each scan asked for
}

func (d *doneLater) release() {
	if d.left.Add(-1) == 0 && d.f != nil {
		d.f()
	}
}

type doneKey struct{}

// askScan asks the scanner for a breach scan; the envelope's Done waits for
// it. Requests made while one waits join it: it sees their hand-offs too.
func (b *Bot) askScan(ctx context.Context) {
	b.scanMu.Lock()
	if d, ok := ctx.Value(doneKey{}).(*doneLater); ok {
		d.left.Add(1)
		b.scanDone = append(b.scanDone, d.release)
	}
	b.scanMu.Unlock()
	select {
	case b.scans <- struct{}{}:
	default:
	}
}

// scanner runs the breach scans the workers ask for, one at a time.
func (b *Bot) scanner(done chan struct{}) {
	defer close(done)
	for range b.scans {
		b.scanMu.Lock()
		waiting := b.scanDone
		b.scanDone = nil
		b.scanMu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		if err := b.opt.Jobs.Scan(ctx, b.opt.Now()); err != nil {
			b.log.Error("follow-up failed", "kind", commands.FollowNotify, "err", err)
		}
		cancel()
		for _, f := range waiting {
			f()
		}
	}
}

// dispatch queues an acked envelope for the workers; one acked undecoded
// (env.raw) has its type read by its worker.
func (b *Bot) dispatch(env envelope) {
	switch env.Type {
	case "slash_commands", "interactive", "events_api":
		b.queue <- env
	case "":
		if env.raw != nil {
			b.queue <- env
		}
	}
}

// work handles queued envelopes one at a time.
func (b *Bot) work() {
	defer b.wg.Done()
	for env := range b.queue {
		id := env.ID
		if err := env.decode(); err != nil {
			b.log.Warn("socket mode: unreadable frame", "envelope", id, "err", err)
			continue
		}
		switch env.Type {
		case "slash_commands", "interactive", "events_api":
			b.handle(env)
		}
	}
}

func (b *Bot) handle(env envelope) {
	// Done is told once the envelope's work is over, including a breach
	// scan it asked for, which runs apart from the worker.
	done := &doneLater{}
	done.left.Store(1)
	if b.opt.Done != nil {
		id := env.ID
		done.f = func() { b.opt.Done(id) }
	}
	defer done.release()
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("envelope handler panicked", "panic", r, "type", env.Type)
		}
	}()
	// Not the socket's context: a shutdown lets acked work finish.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ctx = context.WithValue(ctx, doneKey{}, done)
	switch env.Type {
	case "slash_commands":
		var cmd slack.SlashCommand
		if err := json.Unmarshal(env.Payload, &cmd); err != nil {
			b.log.Warn("bad slash command envelope", "envelope", env.ID, "err", err)
			return
		}
		b.slash(ctx, env.ID, cmd)
	case "interactive":
		var cb slack.InteractionCallback
		if err := json.Unmarshal(env.Payload, &cb); err != nil {
			b.log.Warn("bad interactive envelope", "envelope", env.ID, "err", err)
			return
		}
		b.interactive(ctx, env.ID, cb)
	case "events_api":
		ev, err := slackevents.ParseEvent(env.Payload, slackevents.OptionNoVerifyToken())
		if err != nil {
			b.log.Warn("bad events envelope", "envelope", env.ID, "err", err)
			return
		}
		b.eventsAPI(ctx, ev)
	}
}

// firstDelivery claims an envelope id so a redelivered envelope runs nothing twice.
func (b *Bot) firstDelivery(ctx context.Context, team, envelope string) bool {
	if envelope == "" || b.opt.Store == nil {
		return true
	}
	first, err := b.opt.Store.ClaimKey(ctx, team, "envelope:"+envelope, b.opt.Now())
	if err != nil {
		// Better to risk a duplicate than to drop a command on a database blip.
		b.log.Error("claim envelope", "envelope", envelope, "err", err)
		return true
	}
	if !first {
		b.opt.Metrics.redelivered.Inc()
		b.log.Info("redelivered envelope ignored", "envelope", envelope)
	}
	return first
}

func (b *Bot) slash(ctx context.Context, envelope string, cmd slack.SlashCommand) {
	log := b.log.With("team", cmd.TeamID, "user", cmd.UserID, "channel", cmd.ChannelID)
	if !b.firstDelivery(ctx, cmd.TeamID, envelope) {
		return
	}
	start := time.Now()
	req := commands.Request{
		TeamID: cmd.TeamID, UserID: cmd.UserID, ChannelID: cmd.ChannelID, ChannelName: cmd.ChannelName,
		Text: cmd.Text, Key: envelope,
		WorkspaceAdmin: func(ctx context.Context) bool { return b.isWorkspaceAdmin(ctx, cmd.UserID) },
	}
	resp := b.opt.Commands.Handle(ctx, req)
	b.opt.Metrics.command(cmd.Text, b.opt.Now(), resp.Failed)
	if resp.Modal != nil && cmd.TriggerID != "" {
		err := b.send.OpenView(ctx, cmd.TriggerID, *resp.Modal)
		if err == nil {
			log.Debug("form opened", "took", time.Since(start))
			return
		}
		log.Error("form not opened, answering with its usage", "err", err)
	}
	b.deliver(ctx, cmd.ChannelID, cmd.UserID, cmd.ResponseURL, resp)
	log.Debug("command done", "took", time.Since(start), "failed", resp.Failed)
	for _, f := range resp.Followups {
		b.followup(ctx, f)
	}
}

// deliver sends a command's answer: through the response_url (which works in
// any channel, even one the bot is not in), then its files.
func (b *Bot) deliver(ctx context.Context, channel, user, responseURL string, resp commands.Response) {
	m := render.Fit(resp.Message)
	var err error
	if responseURL != "" {
		err = b.send.Respond(ctx, responseURL, m, resp.InChannel, false)
	} else if resp.InChannel {
		_, err = b.send.Post(ctx, channel, m)
	} else {
		err = b.send.Ephemeral(ctx, channel, user, m)
	}
	if err != nil {
		b.log.Error("reply not delivered", "channel", channel, "user", user, "err", err)
	}
	for _, f := range resp.Files {
		if err := b.send.Upload(ctx, channel, f); err != nil {
			msg := render.Text(":warning: I could not upload %s to this channel (%s). If this is a private channel, invite me with `/invite @slabot`.", f.Name, slackReason(errors.Unwrap(err)))
			if responseURL != "" {
				_ = b.send.Respond(ctx, responseURL, msg, false, false)
			}
		}
	}
}

func (b *Bot) followup(ctx context.Context, f commands.Followup) {
	if b.opt.Jobs == nil {
		return
	}
	var err error
	switch f.Kind {
	case commands.FollowGoalCheck:
		err = b.opt.Jobs.CheckGoal(ctx, f.TeamID, f.AgreementID, b.opt.Now())
	case commands.FollowDigest:
		err = b.opt.Jobs.DigestNow(ctx, f.TeamID, f.AgreementID, b.opt.Now())
	case commands.FollowNotify:
		b.askScan(ctx)
	case commands.FollowSignoff:
		err = b.opt.Jobs.SignoffDMs(ctx, b.opt.Now())
	}
	if err != nil {
		b.log.Error("follow-up failed", "kind", f.Kind, "agreement", f.AgreementID, "err", err)
	}
}

// isWorkspaceAdmin asks users.info, remembering answers for ten minutes.
func (b *Bot) isWorkspaceAdmin(ctx context.Context, user string) bool {
	b.adminMu.Lock()
	e, ok := b.admins[user]
	b.adminMu.Unlock()
	if ok && time.Since(e.at) < 10*time.Minute {
		return e.ok
	}
	isAdmin, err := b.send.UserIsAdmin(ctx, user)
	if err != nil {
		b.log.Warn("users.info failed", "user", user, "err", err)
		return false
	}
	b.adminMu.Lock()
	b.admins[user] = adminEntry{ok: isAdmin, at: time.Now()}
	b.adminMu.Unlock()
	return isAdmin
}

func (b *Bot) interactive(ctx context.Context, envelope string, cb slack.InteractionCallback) {
	if cb.Type == slack.InteractionTypeViewSubmission {
		b.viewSubmission(ctx, envelope, cb)
		return
	}
	if cb.Type == slack.InteractionTypeBlockActions && cb.View.Type == slack.VTModal {
		b.viewAction(ctx, cb)
		return
	}
	if cb.Type == slack.InteractionTypeBlockActions && len(cb.ActionCallback.BlockActions) > 0 &&
		strings.HasPrefix(cb.ActionCallback.BlockActions[0].ActionID, render.ActionFormPrefix) {
		b.homeForm(ctx, envelope, cb, cb.ActionCallback.BlockActions[0])
		return
	}
	if cb.Type != slack.InteractionTypeBlockActions || b.opt.Jobs == nil || len(cb.ActionCallback.BlockActions) == 0 {
		return
	}
	if !b.firstDelivery(ctx, cb.Team.ID, envelope) {
		return
	}
	b.opt.Metrics.actions.Inc()
	act := cb.ActionCallback.BlockActions[0]
	click := app.Click{
		TeamID: cb.Team.ID, UserID: cb.User.ID, ChannelID: cb.Container.ChannelID, MessageTS: cb.Container.MessageTs,
		ActionID: act.ActionID, Value: act.Value,
	}
	blocks := cb.Message.Blocks.BlockSet
	if cb.Container.Type == "view" {
		// A button on the App Home: the view's hash changes with every
		// publish, so it keys the click like a message's timestamp does.
		click.FromHome, click.ChannelID, click.MessageTS = true, "home", cb.View.Hash
		blocks = cb.View.Blocks.BlockSet
	} else if click.ChannelID == "" {
		click.ChannelID = cb.Channel.ID
	}
	seen := map[int64]bool{}
	for _, blk := range blocks {
		if id, ok := render.ParseLeadBlockID(blockID(blk)); ok && !seen[id] {
			seen[id] = true
			click.LeadIDs = append(click.LeadIDs, id)
		}
	}
	msg, err := b.opt.Jobs.Press(ctx, click, b.opt.Now())
	if err != nil {
		b.log.Error("button failed", "team", cb.Team.ID, "user", cb.User.ID, "action", act.ActionID, "err", err)
		m := render.Text("Sorry, that did not work; it has been logged. Please try again, or use `/sla lead …`.")
		if sla.ErrorCode(err) == sla.Unavailable {
			m = render.Text(":warning: %s", sla.ErrorMessage(err))
		}
		msg = &m
	}
	if msg != nil && cb.ResponseURL != "" {
		_ = b.send.Respond(ctx, cb.ResponseURL, *msg, false, false)
	}
}

// blockID reads the block_id of any block kind.
func blockID(b slack.Block) string {
	switch x := b.(type) {
	case *slack.SectionBlock:
		return x.BlockID
	case *slack.ActionBlock:
		return x.BlockID
	case *slack.ContextBlock:
		return x.BlockID
	}
	return ""
}

func (b *Bot) eventsAPI(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if b.opt.Jobs == nil || ev.Type != slackevents.CallbackEvent {
		return
	}
	if home, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok && home.Tab == "home" {
		if err := b.opt.Jobs.Home(ctx, ev.TeamID, home.User, b.opt.Now()); err != nil {
			b.log.Error("app home failed", "team", ev.TeamID, "user", home.User, "err", err)
		}
	}
}
