package commands

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Sign-off (docs/design.md, Sign-off): the agreement's versions, the changes
// waiting for approval, approving them, and turning approval off.

var specAgreementChanges = command(&Spec{
	Name:     "agreement changes",
	Group:    GroupAgreement,
	Usage:    "/sla agreement changes",
	Summary:  "Lists the changes waiting for approval, then the past ones: the version each made, who approved it.",
	Examples: []string{"/sla agreement changes"},
	cmd:      AgreementChanges{},
})

// AgreementChanges is `/sla agreement changes`.
type AgreementChanges struct{}

func (AgreementChanges) Spec() *Spec { return specAgreementChanges }

func (AgreementChanges) parse(a *cmdArgs) (Command, error) { return AgreementChanges{}, a.none() }

// pastChangesShown bounds the list so it fits one message.
const pastChangesShown = 20

func (AgreementChanges) run(ctx context.Context, c *call) (Response, error) {
	st, err := c.h.App.SignoffState(ctx, c.a)
	if err != nil {
		return Response{}, err
	}
	m := render.Changes(c.a, st.Changes, pastChangesShown)
	m.Text = render.SignoffLine(c.a, st.Version, st.Made, st.HasMade, st.ApprovalOff) + "\n" + m.Text
	return reply(m)
}

var specAgreementApprove = command(&Spec{
	Name:    "agreement approve",
	Group:   GroupAgreement,
	Usage:   "/sla agreement approve [<change #>]",
	Summary: "Approves a change waiting for you: it takes effect as a new version. Without a number, every one waiting for you, oldest first. (An owner's change waits for the other owner; an admin's applies at once.)",
	Examples: []string{
		"/sla agreement approve",
		"/sla agreement approve 3",
	},
	cmd: AgreementApprove{},
})

var specAgreementWithdraw = command(&Spec{
	Name:     "agreement withdraw",
	Group:    GroupAgreement,
	Usage:    "/sla agreement withdraw <change #>",
	Summary:  "Withdraws a waiting change (its proposer or approver): it never takes effect.",
	Examples: []string{"/sla agreement withdraw 3"},
	cmd:      AgreementApprove{Withdraw: true},
})

// AgreementApprove is `/sla agreement approve [id]` and, with Withdraw,
// `/sla agreement withdraw <id>`. ID 0: every change waiting for the caller.
type AgreementApprove struct {
	Withdraw bool
	ID       int64
}

func (c AgreementApprove) Spec() *Spec {
	if c.Withdraw {
		return specAgreementWithdraw
	}
	return specAgreementApprove
}

func (c AgreementApprove) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		if c.Withdraw {
			return nil, a.fail("missing the change: `/sla agreement withdraw 3` (`/sla agreement changes` lists them)")
		}
		return c, nil
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(t.val, "#"), 10, 64)
	if err != nil || id <= 0 {
		return nil, a.bad(t, "is not a change number: use the number `/sla agreement changes` shows, like 3")
	}
	c.ID = id
	return c, a.done()
}

func (cmd AgreementApprove) run(ctx context.Context, c *call) (Response, error) {
	if cmd.Withdraw {
		ch, err := c.h.App.Withdraw(ctx, c.a, cmd.ID, c.actor(), c.now)
		if err != nil {
			return Response{}, err
		}
		return Response{Message: render.Text(":wastebasket: %s withdrew change #%d by %s; it never took effect.", render.User(c.req.UserID), ch.ID, render.User(ch.By)), InChannel: true}, nil
	}
	ids := []int64{cmd.ID}
	if cmd.ID == 0 {
		st, err := c.h.App.SignoffState(ctx, c.a)
		if err != nil {
			return Response{}, err
		}
		ids = nil
		for _, ch := range st.Changes {
			if ch.Status == sla.ChangePending && ch.WaitFor == c.req.UserID {
				ids = append(ids, ch.ID)
			}
		}
		if len(ids) == 0 {
			return reply(render.Text("No change waits for your approval. `/sla agreement changes` lists them all."))
		}
	}
	var lines []string
	for _, id := range ids {
		ch, err := c.h.App.Approve(ctx, c.a, id, c.actor(), c.now)
		if err != nil {
			if len(lines) == 0 {
				return Response{}, err
			}
			lines = append(lines, ":warning: "+sla.ErrorMessage(err))
			break
		}
		lines = append(lines, render.ChangeApproved(c.a, ch).Text)
	}
	return Response{Message: render.Text("%s", strings.Join(lines, "\n")), InChannel: true,
		Followups: []Followup{{Kind: FollowGoalCheck, TeamID: c.a.TeamID, AgreementID: c.a.ID}}}, nil
}

var specAgreementApproval = command(&Spec{
	Name:    "agreement approval",
	Group:   GroupAgreement,
	Usage:   "/sla agreement approval on|off",
	Summary: "Turns sign-off off (an owner's change applies at once; needs both owners) or back on.",
	Examples: []string{
		"/sla agreement approval off",
		"/sla agreement approval on",
	},
	Change: true,
	cmd:    AgreementApproval{},
})

// AgreementApproval is `/sla agreement approval on|off`.
type AgreementApproval struct {
	Off bool
}

func (AgreementApproval) Spec() *Spec { return specAgreementApproval }

func (AgreementApproval) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing on or off: `/sla agreement approval off`")
	}
	switch strings.ToLower(t.val) {
	case "on":
		return AgreementApproval{}, a.done()
	case "off":
		return AgreementApproval{Off: true}, a.done()
	}
	return nil, a.bad(t, "is not on or off")
}

func (cmd AgreementApproval) run(ctx context.Context, c *call) (Response, error) {
	st, err := c.h.App.SignoffState(ctx, c.a)
	if err != nil {
		return Response{}, err
	}
	if st.ApprovalOff == cmd.Off {
		if cmd.Off {
			return reply(render.Text("Approval is already off: an owner's change applies at once."))
		}
		return reply(render.Text("Approval is already on: an owner's change waits for the other owner."))
	}
	item := sla.ChangeItem{Kind: sla.ChangeApproval, Before: onOff(st.ApprovalOff), After: onOff(cmd.Off)}
	if !cmd.Off {
		ch, err := c.h.App.Applied(ctx, c.a, c.req.UserID, []sla.ChangeItem{item}, c.now)
		if err != nil {
			return Response{}, err
		}
		return Response{Message: render.Text(":lock: %s turned approval back on (version %d): a change by one owner waits for the other's approval.", render.User(c.req.UserID), ch.Version), InChannel: true}, nil
	}
	approver, ok := sla.ApprovalApprover(c.a, c.req.UserID)
	if !ok {
		return Response{}, sla.Errorf(sla.Forbidden, "Turning approval off needs both owners: %s or %s asks, and the other approves.", render.User(c.a.Marketing), render.User(c.a.Sales))
	}
	ch, err := c.h.App.ProposeTo(ctx, c.a, c.req.UserID, approver, []sla.ChangeItem{item}, c.now)
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.ChangeHeld(c.a, ch), InChannel: true, Followups: []Followup{{Kind: FollowSignoff, TeamID: c.a.TeamID, AgreementID: c.a.ID}}}, nil
}

func onOff(off bool) string {
	if off {
		return "off"
	}
	return "on"
}

// held proposes items for the caller's change: held means it waits for the
// other owner's approval (the Response says so) and nothing else was written.
func (c *call) held(ctx context.Context, items ...sla.ChangeItem) (Response, bool, error) {
	h, err := c.h.App.Propose(ctx, c.a, c.actor(), items, c.now)
	if err != nil || h == nil {
		return Response{}, false, err
	}
	return Response{Message: render.ChangeHeld(c.a, h.Change), InChannel: true,
		Followups: []Followup{{Kind: FollowSignoff, TeamID: c.a.TeamID, AgreementID: c.a.ID}}}, true, nil
}

// versioned records a change the caller has just written as a new version.
func (c *call) versioned(ctx context.Context, items ...sla.ChangeItem) error {
	_, err := c.h.App.Applied(ctx, c.a, c.req.UserID, items, c.now)
	return err
}

// goalText is the MQL goal in force as a change's before value.
func goalText(t sla.Targets) string {
	if !t.MQLSet {
		return ""
	}
	return strconv.Itoa(t.MQLGoal)
}

// salesItems are the change items of a sales-target patch, with the values
// in force before.
func salesItems(old sla.Targets, p sla.TargetPatch) []sla.ChangeItem {
	secs := func(d time.Duration) string { return strconv.FormatInt(int64(d/time.Second), 10) }
	var items []sla.ChangeItem
	if p.Speed != nil {
		items = append(items, sla.ChangeItem{Kind: sla.ChangeSpeed, Before: secs(old.Speed), After: secs(*p.Speed)})
	}
	if p.Depth != nil {
		items = append(items, sla.ChangeItem{Kind: sla.ChangeDepth, Before: strconv.Itoa(old.Depth), After: strconv.Itoa(*p.Depth)})
	}
	if p.Within != nil {
		items = append(items, sla.ChangeItem{Kind: sla.ChangeWithin, Before: secs(old.Within), After: secs(*p.Within)})
	}
	if p.Warn != nil {
		items = append(items, sla.ChangeItem{Kind: sla.ChangeWarn, Before: strconv.FormatInt(int64(old.Warn), 10), After: strconv.FormatInt(int64(*p.Warn), 10)})
	}
	return items
}

// withSignoff adds the sign-off to a message: the document always says its
// version and who approved it; status only once there are changes, with
// the ones waiting ("1 change waiting for @sam").
func withSignoff(m render.Message, a sla.Agreement, st app.Signoff, document bool) render.Message {
	if !document && len(st.Changes) == 0 {
		return m
	}
	line := render.SignoffLine(a, st.Version, st.Made, st.HasMade, st.ApprovalOff)
	if document {
		line = render.EmptySections(a) + "\n" + line
	}
	if !document {
		line = st.Line()
	} else {
		for _, u := range st.WaitOrder {
			line += " · " + render.Plural(st.Waiting[u], "change", "changes") + " waiting for " + render.User(u)
		}
		if len(st.WaitOrder) > 0 {
			line += " (`/sla agreement changes`)"
		}
	}
	return m.With(render.Context(line), line)
}

var specAgreementService = command(&Spec{
	Name:    "agreement service",
	Group:   GroupAgreement,
	Usage:   "/sla agreement service=@user",
	Summary: "Names the customer-service owner (multi-level): the document gains its goal and needs; the owner gets the monthly friction report.",
	Examples: []string{
		"/sla agreement service=@cora",
	},
	Change: true,
	cmd:    AgreementService{},
})

// AgreementService is `/sla agreement service=@user`.
type AgreementService struct {
	User string
}

func (AgreementService) Spec() *Spec { return specAgreementService }

func (AgreementService) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("service"); err != nil {
		return nil, err
	}
	u, _, err := a.user("service")
	if err != nil {
		return nil, err
	}
	if u == "" {
		return nil, a.fail("missing the owner: `/sla agreement service=@user`")
	}
	return AgreementService{User: u}, a.done()
}

func (cmd AgreementService) run(ctx context.Context, c *call) (Response, error) {
	switch cmd.User {
	case c.a.Service:
		return reply(render.Text("%s already owns the customer-service party.", render.User(cmd.User)))
	case c.a.Marketing, c.a.Sales:
		return Response{}, sla.Errorf(sla.Invalid, "%s already owns a party: customer service needs its own owner, who answers for keeping the customers.", render.User(cmd.User))
	}
	if c.a.Kind == sla.KindCustomer {
		return Response{}, sla.Errorf(sla.Invalid, "A customer agreement has no customer-service party.")
	}
	item := sla.ChangeItem{Kind: sla.ChangeService, Before: c.a.Service, After: cmd.User}
	if r, held, err := c.held(ctx, item); held || err != nil {
		return r, err
	}
	ch, err := c.h.App.Apply(ctx, c.a, c.req.UserID, []sla.ChangeItem{item}, c.now)
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":busts_in_silhouette: %s named %s owner of the customer-service party (version %d): the agreement is multi-level; `/sla agreement set service-goal \"…\"` writes its goal.",
		render.User(c.req.UserID), render.User(cmd.User), ch.Version), InChannel: true}, nil
}
