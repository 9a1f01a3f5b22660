package commands

import (
	"context"
	"strings"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Exceptions (docs/design.md, Exceptions): agreed periods of breathing
// room, during which the goal line pauses and the follow-up clocks stop.

var specExceptionAdd = command(&Spec{
	Name:    "exception add",
	Group:   GroupAgreement,
	Usage:   `/sla exception add from=<YYYY-MM-DD> to=<YYYY-MM-DD> reason="…"`,
	Summary: "Agrees an exception (weather, staffing, an outage), first to last day: the goal line pauses (the goal is spread over the other days), the follow-up clocks stop, no strike or missed month counts.",
	Examples: []string{
		`/sla exception add from=2026-12-21 to=2026-12-23 reason="CRM outage"`,
		`/sla exception add from=2027-01-04 to=2027-01-04 reason="Snow: office closed"`,
	},
	Change: true,
	cmd:    ExceptionAdd{},
})

// ExceptionAdd is `/sla exception add from=… to=… reason="…"`.
type ExceptionAdd struct {
	From, To sla.Date
	Reason   string
}

func (ExceptionAdd) Spec() *Spec { return specExceptionAdd }

func (ExceptionAdd) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("from", "to", "reason"); err != nil {
		return nil, err
	}
	var c ExceptionAdd
	var missing []string
	for _, k := range []struct {
		key string
		d   *sla.Date
	}{{"from", &c.From}, {"to", &c.To}} {
		t, ok := a.opts[k.key]
		if !ok {
			missing = append(missing, "`"+k.key+"=<YYYY-MM-DD>`")
			continue
		}
		d, problem := parsed(sla.ParseDate(t.val))
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		*k.d = d
	}
	t, ok := a.opts["reason"]
	if !ok {
		missing = append(missing, "`reason=\"…\"`")
	}
	if len(missing) > 0 {
		return nil, a.fail("missing %s", strings.Join(missing, ", "))
	}
	var err error
	if c.Reason, err = a.text(t, sla.MaxReasonText); err != nil {
		return nil, err
	}
	if err := sla.ValidException(c.From, c.To, c.Reason); err != nil {
		return nil, a.fail("%s", sla.ErrorMessage(err))
	}
	return c, a.done()
}

func (cmd ExceptionAdd) run(ctx context.Context, c *call) (Response, error) {
	if err := sla.ValidException(cmd.From, cmd.To, cmd.Reason); err != nil {
		return Response{}, err
	}
	e := sla.Exception{From: cmd.From, To: cmd.To, Reason: cmd.Reason}
	for _, x := range c.a.Exceptions {
		if x.From == e.From && x.To == e.To {
			return reply(render.Text("%s is already an exception of this agreement (%s).", e, render.Escape(x.Reason)))
		}
	}
	item := sla.ChangeItem{Kind: sla.ChangeException, Key: sla.ExceptionKey(cmd.From, cmd.To), After: cmd.Reason}
	if r, held, err := c.held(ctx, item); held || err != nil {
		return r, err
	}
	ch, err := c.h.App.Apply(ctx, c.a, c.req.UserID, []sla.ChangeItem{item}, c.now)
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":umbrella: %s added the exception *%s* — %s (version %d): the goal line pauses and the follow-up clocks stop on those days; nothing in it counts as a strike or a missed month.",
		render.User(c.req.UserID), e, render.Escape(e.Reason), ch.Version), InChannel: true}, nil
}

// withExceptions lists exceptions in a message: the document always (so
// the owners see there are none), the report when its month has any.
func withExceptions(m render.Message, exs []sla.Exception, document bool) render.Message {
	if !document && len(exs) == 0 {
		return m
	}
	text := "*Exceptions* — the goal line pauses and the clocks stop\n" + render.ExceptionLines(exs)
	return m.With(render.Section(text), text)
}

var specExceptionRemove = command(&Spec{
	Name:     "exception remove",
	Group:    GroupAgreement,
	Usage:    "/sla exception remove from=<YYYY-MM-DD> to=<YYYY-MM-DD>",
	Summary:  "Removes an exception (`/sla agreement` lists them): its days count again.",
	Examples: []string{"/sla exception remove from=2026-12-21 to=2026-12-23"},
	Change:   true,
	cmd:      ExceptionRemove{},
})

// ExceptionRemove is `/sla exception remove from=… to=…`.
type ExceptionRemove struct {
	From, To sla.Date
}

func (ExceptionRemove) Spec() *Spec { return specExceptionRemove }

func (ExceptionRemove) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("from", "to"); err != nil {
		return nil, err
	}
	var c ExceptionRemove
	for _, k := range []struct {
		key string
		d   *sla.Date
	}{{"from", &c.From}, {"to", &c.To}} {
		t, ok := a.opts[k.key]
		if !ok {
			return nil, a.fail("missing `%s=<YYYY-MM-DD>`: the exception's first and last days, as `/sla agreement` lists them", k.key)
		}
		d, problem := parsed(sla.ParseDate(t.val))
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		*k.d = d
	}
	return c, a.done()
}

func (cmd ExceptionRemove) run(ctx context.Context, c *call) (Response, error) {
	var found *sla.Exception
	for i, x := range c.a.Exceptions {
		if x.From == cmd.From && x.To == cmd.To {
			found = &c.a.Exceptions[i]
		}
	}
	if found == nil {
		return Response{}, sla.Errorf(sla.NotFound, "No exception from %s to %s. The agreement's exceptions:\n%s", cmd.From, cmd.To, render.ExceptionLines(c.a.Exceptions))
	}
	item := sla.ChangeItem{Kind: sla.ChangeExceptionRemove, Key: sla.ExceptionKey(cmd.From, cmd.To), Before: found.Reason}
	if r, held, err := c.held(ctx, item); held || err != nil {
		return r, err
	}
	ch, err := c.h.App.Apply(ctx, c.a, c.req.UserID, []sla.ChangeItem{item}, c.now)
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":wastebasket: %s removed the exception *%s* — %s (version %d): its days count again.",
		render.User(c.req.UserID), *found, render.Escape(found.Reason), ch.Version), InChannel: true}, nil
}
