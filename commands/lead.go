package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// findLead resolves a reference typed by a person to a lead of this agreement.
func (c *call) findLead(ctx context.Context, ref LeadRef) (sla.Lead, error) {
	return c.h.App.FindLead(ctx, c.a, ref)
}

// change finds the lead and applies a use case to it; a repeated delivery
// (sla.ErrDuplicate) answers with the lead as it is.
func (c *call) change(ctx context.Context, ref LeadRef, fn func(l sla.Lead) (sla.Lead, error)) (sla.Lead, error) {
	l, err := c.findLead(ctx, ref)
	if err != nil {
		return l, err
	}
	out, err := fn(l)
	if errors.Is(err, sla.ErrDuplicate) {
		return out, nil
	}
	return out, err
}

func (cmd LeadAdd) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	l := sla.Lead{
		ExternalID: cmd.ExternalID, Name: cmd.Name, Email: cmd.Email, Segment: cmd.Segment, Source: cmd.Source,
		Owner: cmd.Owner, CreatedAt: at,
	}
	l, err = c.h.App.RecordLead(ctx, c.a, l, "", c.now)
	if err != nil {
		return Response{}, err
	}
	next := fmt.Sprintf("Hand it to a rep: `/sla lead handoff %s @rep`", l.ShortID())
	if l.Owner != "" {
		next = fmt.Sprintf("Owned by %s; first follow-up due %s.", render.User(l.Owner), render.When(l.SpeedDueAt, c.a.Location()))
	}
	seg := ""
	if l.Segment != "" {
		seg = ", " + render.Escape(l.Segment)
	}
	return Response{
		Message:   render.Text(":inbox_tray: Recorded *%s* — %s (%s%s). %s", l.ShortID(), render.Escape(l.Label()), l.Source, seg, next),
		Followups: []Followup{{Kind: FollowGoalCheck, TeamID: c.a.TeamID, AgreementID: c.a.ID}},
	}, nil
}

func (cmd LeadHandoff) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	loc := c.a.Location()
	var h app.Handoff
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		var err error
		h, err = c.h.App.HandOff(ctx, c.a, l, cmd.Rep, at, c.now, "")
		return h.Lead, err
	})
	if err != nil {
		return Response{}, err
	}
	reassigned, prevOwner := h.Reassigned, h.PrevOwner
	if reassigned {
		return reply(render.Text(":arrows_counterclockwise: %s moved from %s to %s. The SLA clock keeps running from the hand-off on %s.",
			l.ShortID(), render.User(prevOwner), render.User(l.Owner), render.When(l.HandedOffAt, loc)))
	}
	due := "no speed target set"
	if !l.SpeedDueAt.IsZero() {
		due = "first follow-up due " + render.When(l.SpeedDueAt, loc) + " (business hours)"
	}
	return reply(render.Text(":handshake: %s handed to %s — %s.", l.ShortID(), render.User(l.Owner), due))
}

func (cmd LeadAttempt) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	loc := c.a.Location()
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		return c.h.App.Attempt(ctx, c.a, l, cmd.Via, c.req.UserID, at, c.now, "")
	})
	if err != nil {
		return Response{}, err
	}
	msg := fmt.Sprintf(":telephone_receiver: Attempt %d on %s (%s) logged.", l.Attempts, l.ShortID(), cmd.Via)
	if l.Attempts == 1 || l.FirstAttemptAt.Equal(at) {
		msg += fmt.Sprintf(" First follow-up %s after hand-off (business time).", sla.FormatDuration(time.Duration(l.SpeedSecs)*time.Second))
	}
	if !l.DepthDueAt.IsZero() {
		msg += fmt.Sprintf(" Depth window ends %s.", render.When(l.DepthDueAt, loc))
	}
	return reply(render.Text("%s", msg))
}

func (cmd LeadContacted) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		return c.h.App.Contacted(ctx, c.a, l, at, c.now, "")
	})
	if err != nil {
		return Response{}, err
	}
	return reply(render.Text(":speech_balloon: %s marked contacted — the SLA clocks stop.", l.ShortID()))
}

func (cmd LeadWon) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		return c.h.App.Won(ctx, c.a, l, cmd.Revenue, at, c.now, "")
	})
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":trophy: %s won by %s — %s. Sales cycle %s.", l.ShortID(), render.User(orUser(l.Owner, c.req.UserID)), l.Revenue,
		sla.FormatDuration(l.WonAt.Sub(l.CreatedAt))), InChannel: true}, nil
}

func orUser(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (cmd LeadLost) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		return c.h.App.Lost(ctx, c.a, l, cmd.Reason, at, c.now, "")
	})
	if err != nil {
		return Response{}, err
	}
	reason := ""
	if l.LostReason != "" {
		reason = " (" + render.Escape(l.LostReason) + ")"
	}
	return reply(render.Text(":file_folder: %s marked lost%s — the SLA clocks stop.", l.ShortID(), reason))
}

func (cmd LeadShow) run(ctx context.Context, c *call) (Response, error) {
	l, err := c.findLead(ctx, cmd.Lead)
	if err != nil {
		return Response{}, err
	}
	atts, err := c.h.App.Store.Attempts(ctx, c.a.TeamID, l.ID)
	if err != nil {
		return Response{}, err
	}
	t, err := c.h.App.LeadTargets(ctx, c.a, l, c.now)
	if err != nil {
		return Response{}, err
	}
	return reply(render.Lead(render.LeadView{Lead: l, Attempts: atts, Breaches: sla.Evaluate(l, t, c.a.Calendar(), c.now), Loc: c.a.Location()}))
}

func (cmd Leads) run(ctx context.Context, c *call) (Response, error) {
	f := sla.LeadFilter{Limit: 25}
	title, empty := "Recent leads", "No leads yet. Record one with `/sla lead add \"Ada Lovelace\"`."
	switch cmd.Filter {
	case "mine":
		f.Owner, f.Open = c.req.UserID, true
		title, empty = "Your open leads", "You have no open leads. :tada:"
	case "open":
		f.Open = true
		title, empty = "Open leads", "No open leads."
	case "overdue":
		f.Overdue = c.now
		title, empty = "Overdue leads", "No lead is overdue. :tada:"
	}
	ls, total, err := c.h.App.Store.ListLeads(ctx, c.a.TeamID, c.a.ID, f)
	if err != nil {
		return Response{}, err
	}
	return reply(render.LeadList(title, ls, total, c.a.Location(), empty))
}
