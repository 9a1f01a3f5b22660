package commands

import (
	"context"
	"fmt"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

func (cmd Plan) run(ctx context.Context, c *call) (Response, error) {
	res, err := sla.ComputePlan(cmd.Input)
	if err != nil {
		return Response{}, err
	}
	month := c.month(cmd.Month, cmd.MonthGiven)
	p := sla.SavedPlan{Month: month, Input: cmd.Input, Result: res, Applied: cmd.Apply, CreatedBy: c.req.UserID, CreatedAt: c.now}
	if err := c.h.App.SavePlan(ctx, c.a, p); err != nil {
		return Response{}, err
	}
	msg := render.Plan(render.PlanView{Agreement: c.a, Month: month, Input: cmd.Input, Result: res, Applied: cmd.Apply})
	if cmd.Apply {
		msg.Text = fmt.Sprintf("%s set the %s MQL goal to %d from the plan. ", render.User(c.req.UserID), month.Label(), res.Leads) + msg.Text
		return Response{Message: msg, InChannel: true, Followups: []Followup{{Kind: FollowGoalCheck, TeamID: c.a.TeamID, AgreementID: c.a.ID}}}, nil
	}
	return reply(msg)
}

func (cmd TargetMQL) run(ctx context.Context, c *call) (Response, error) {
	month := c.month(cmd.Month, cmd.MonthGiven)
	if cmd.Goal < 0 {
		return Response{}, sla.Errorf(sla.Invalid, "A goal cannot be negative.")
	}
	goal := cmd.Goal
	if _, _, err := c.h.App.SetTargets(ctx, c.a, month, sla.TargetPatch{MQLGoal: &goal}, c.req.UserID, c.now); err != nil {
		return Response{}, err
	}
	return Response{
		Message:   render.Text(":dart: %s set the MQL goal for %s to *%d* (later months keep it until it is set again).", render.User(c.req.UserID), month.Label(), goal),
		InChannel: true,
		Followups: []Followup{{Kind: FollowGoalCheck, TeamID: c.a.TeamID, AgreementID: c.a.ID}},
	}, nil
}

func (cmd TargetSales) run(ctx context.Context, c *call) (Response, error) {
	month := sla.MonthOf(c.now, c.a.Location())
	if cmd.Depth != nil && (*cmd.Depth < 0 || *cmd.Depth > 100) {
		return Response{}, sla.Errorf(sla.Invalid, "`depth=%d`: the depth target is a number of attempts from 0 to 100.", *cmd.Depth)
	}
	if cmd.Warn != nil && (*cmd.Warn <= 0 || *cmd.Warn >= sla.RatioOne) {
		return Response{}, sla.Errorf(sla.Invalid, "`warn=%s`: the warning comes at a share of the speed target between 1%% and 99%%.", *cmd.Warn)
	}
	p := sla.TargetPatch{Speed: cmd.Speed, Depth: cmd.Depth, Within: cmd.Within, Warn: cmd.Warn}
	t, n, err := c.h.App.SetTargets(ctx, c.a, month, p, c.req.UserID, c.now)
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":dart: %s set the sales targets from %s: %s%s.", render.User(c.req.UserID), month.Label(), render.SalesTargets(t), movedNote(n)), InChannel: true}, nil
}

func (cmd Nines) run(_ context.Context, c *call) (Response, error) {
	d, err := sla.DowntimeFor(cmd.Percent)
	if err != nil {
		return Response{}, err
	}
	return reply(render.Nines(cmd.Percent, d))
}
