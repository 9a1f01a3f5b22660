package commands

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Request is one `/sla` command as the transport received it.
type Request struct {
	TeamID      string
	UserID      string
	ChannelID   string
	ChannelName string
	Text        string // after "/sla"
	// WorkspaceAdmin reports whether the user is a Slack workspace admin, who
	// may change any agreement; asked only when needed (it costs a Slack call).
	WorkspaceAdmin func(ctx context.Context) bool
	Key            string // idempotency key of the delivery (envelope id)
}

// Followup asks the transport to run a job after replying.
type Followup struct {
	Kind        string // FollowGoalCheck or FollowDigest
	TeamID      string
	AgreementID int64
}

const (
	FollowGoalCheck = "goal-check" // a lead was recorded: maybe the MQL goal is met
	FollowNotify    = "notify"     // a lead was handed to a rep: tell them now, not at the next scan
	FollowDigest    = "digest"     // /sla digest now
	FollowSignoff   = "signoff"    // a change waits for approval: send its DM
)

// Response is what a command answers; the transport sends it.
type Response struct {
	render.Message
	InChannel bool          // visible to the channel, not only to the caller
	Files     []render.File // uploaded to the channel after the message
	Followups []Followup
	Failed    bool // the command was refused or failed (nothing was written)
	// Modal is a form to open with the command's trigger_id; Message is
	// then what to show where no modal can open (commands/forms.go).
	Modal *render.Modal
}

// Handler runs commands against the store.
type Handler struct {
	App    *app.Service
	Users  Directory // resolves a plain @name that arrives unescaped; nil: none
	Now    func() time.Time
	Log    *slog.Logger
	Charts ChartSource // nil: charts unavailable
	CRM    CRMSource   // nil: /sla crm says the CRM paths are not wired
}

// CRMSource reads an agreement's HubSpot connection (storage implements it).
type CRMSource interface {
	HubSpotConnection(ctx context.Context, team string, agreementID int64) (sla.CRMConnection, error)
}

// ChartSource renders an agreement's charts (the scheduler's digest uses the
// same code).
type ChartSource interface {
	Charts(ctx context.Context, a sla.Agreement, month sla.Month, now time.Time, kinds ...string) ([]render.File, error)
}

// call carries one request through a handler.
type call struct {
	h   *Handler
	req Request
	now time.Time
	a   sla.Agreement // zero when the channel has none
	has bool
	log *slog.Logger
}

// Handle parses and runs one command. It never panics: a panic in a handler
// is logged and answered with a generic line.
func (h *Handler) Handle(ctx context.Context, req Request) (resp Response) {
	now := h.Now()
	log := h.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("team", req.TeamID, "user", req.UserID, "channel", req.ChannelID)
	defer func() {
		if r := recover(); r != nil {
			log.Error("command panicked", "panic", r, "text", req.Text)
			resp = failure(render.Problem(sla.ErrorMessage(errors.New("panic")), ""))
		}
	}()
	c := &call{h: h, req: req, now: now, log: log}
	a, err := h.App.Store.AgreementByChannel(ctx, req.TeamID, req.ChannelID)
	switch {
	case err == nil:
		c.a, c.has = a, true
	case sla.ErrorCode(err) != sla.NotFound:
		return c.fail(err, nil)
	}
	loc := time.UTC
	if c.has {
		loc = a.Location()
	}
	text, err := resolveMentions(ctx, h.Users, req.Text)
	if err != nil {
		var ue, pe *UsageError
		if errors.As(err, &ue) {
			// The usage shown is the command's, as the parser names it.
			if _, perr := Parse(req.Text, now, loc); errors.As(perr, &pe) {
				ue.Spec, ue.group = pe.Spec, pe.group
			}
		}
		return c.fail(err, nil)
	}
	if form, ok := formFor(text); ok {
		return c.openForm(ctx, form)
	}
	cmd, err := Parse(text, now, loc)
	if err != nil {
		var ue *UsageError
		if errors.As(err, &ue) {
			return c.fail(err, ue.Spec)
		}
		return c.fail(err, nil)
	}
	c.log = log.With("command", cmd.Spec().Name)
	resp, err = c.run(ctx, cmd)
	if err != nil {
		return c.fail(err, cmd.Spec())
	}
	return resp
}

func failure(m render.Message) Response { return Response{Message: m, Failed: true} }

// fail turns an error into an ephemeral reply: the user-safe message and,
// for bad input, the usage that works. Internal errors are logged in full.
func (c *call) fail(err error, spec *Spec) Response {
	var ue *UsageError
	if errors.As(err, &ue) {
		c.log.Info("command refused", "code", "invalid", "reason", ue.Msg)
		return failure(render.Message{Text: ":warning: " + ue.Reply()})
	}
	code := sla.ErrorCode(err)
	usage := ""
	if spec != nil && code == sla.Invalid {
		usage = "`" + escapeMrkdwn(spec.Usage) + "`"
		if len(spec.Examples) > 0 {
			usage += " — e.g. `" + escapeMrkdwn(spec.Examples[0]) + "`"
		}
	}
	msg := sla.ErrorMessage(err)
	switch code {
	case sla.Internal, sla.Unavailable:
		c.log.Error("command failed", "err", err, "text", c.req.Text)
	default:
		c.log.Info("command refused", "code", string(code), "reason", msg)
	}
	return failure(render.Problem(msg, usage))
}

func (c *call) run(ctx context.Context, cmd Command) (Response, error) {
	spec := cmd.Spec()
	if !c.has && !spec.Anywhere {
		return Response{}, sla.Errorf(sla.NotFound, "This channel has no agreement yet. Set one up here with `/sla setup marketing=@… sales=@…`, or run the command in the agreement's channel.")
	}
	if !spec.Anywhere && Changes(cmd) {
		if err := c.h.App.MayChange(ctx, c.a, c.actor()); err != nil {
			return Response{}, err
		}
	}
	return cmd.run(ctx, c)
}

// actor is the caller, for the permission rules.
func (c *call) actor() app.Actor {
	return app.Actor{User: c.req.UserID, WorkspaceAdmin: c.req.WorkspaceAdmin}
}

// reply is an ephemeral answer.
func reply(m render.Message) (Response, error) { return Response{Message: m}, nil }

// month resolves the month of a command: as typed, or the current one.
func (c *call) month(m sla.Month, given bool) sla.Month {
	if given {
		return m
	}
	return sla.MonthOf(c.now, c.a.Location())
}

// when resolves an optional at= time: now when absent; the future is refused.
func (c *call) when(at time.Time) (time.Time, error) {
	if at.IsZero() {
		return c.now, nil
	}
	if at.After(c.now.Add(5 * time.Minute)) {
		return time.Time{}, sla.Errorf(sla.Invalid, "`at=%s` is in the future; slabot records what has happened.", render.When(at, c.a.Location()))
	}
	return at, nil
}
