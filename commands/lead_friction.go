package commands

import (
	"context"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Customer friction (docs/design.md, Customer friction): what a new customer
// struggles with, noted by sales for customer service.

var specFrictionAdd = command(&Spec{
	Name:    "friction add",
	Group:   GroupLeads,
	Usage:   `/sla friction add <lead> "<note>"`,
	Summary: "Notes what a new customer (a won lead) struggles with, for customer service: by its rep, the sales owner or admins. At month close the service owner gets the month's new customers and these notes in a DM; `/sla report` shows them.",
	Examples: []string{
		`/sla friction add L-42 "Needs SSO before the team can roll it out"`,
		`/sla friction add ada@example.com "Confused by the invoice: billed per seat, expected per team"`,
	},
	cmd: FrictionAdd{},
})

// FrictionAdd is `/sla friction add <lead> "<note>"`.
type FrictionAdd struct {
	Lead LeadRef
	Note string
}

func (FrictionAdd) Spec() *Spec { return specFrictionAdd }

func (FrictionAdd) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	ref, err := a.lead()
	if err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing the note: `/sla friction add %s \"what the customer struggles with\"`", ref.Raw)
	}
	if len(a.pos) > 0 {
		return nil, a.fail("put the whole note in quotes: `/sla friction add %s \"…\"`", ref.Raw)
	}
	note, err := a.text(t, sla.MaxFrictionNote)
	if err != nil {
		return nil, err
	}
	if note == "" {
		return nil, a.fail("the note is empty: say what the customer struggles with")
	}
	return FrictionAdd{Lead: ref, Note: note}, nil
}

func (cmd FrictionAdd) run(ctx context.Context, c *call) (Response, error) {
	l, err := c.findLead(ctx, cmd.Lead)
	if err != nil {
		return Response{}, err
	}
	if _, err := c.h.App.AddFriction(ctx, c.a, l, c.actor(), cmd.Note, c.now); err != nil {
		return Response{}, err
	}
	to := "the month's report"
	if c.a.Service != "" {
		to = render.User(c.a.Service) + "'s friction report at month close and in `/sla report`"
	}
	return Response{Message: render.Text(":memo: %s noted friction for %s (%s): “%s” — it goes into %s.",
		render.User(c.req.UserID), l.ShortID(), render.Escape(l.Label()), render.Escape(cmd.Note), to), InChannel: true}, nil
}

// withFriction adds the month's new customers and friction notes to the
// report of a multi-level agreement, or of any month with notes.
func withFriction(ctx context.Context, c *call, m render.Message, month sla.Month) (render.Message, error) {
	customers, notes, err := c.h.App.MonthFriction(ctx, c.a, month)
	if err != nil || c.a.Service == "" && len(notes) == 0 {
		return m, err
	}
	return render.WithFriction(m, c.a, month, customers, notes), nil
}
