package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Segments of the plan, the plan by segment, the value goal, rep capacity
// and the month-by-month history (docs/design.md, Segments and lead value;
// Rep capacity; History).

var specTargetValue = command(&Spec{
	Name:    "target value",
	Group:   GroupTargets,
	Usage:   "/sla target value=<money> [month=…]",
	Summary: "Sets the month's goal in lead value: each MQL is worth its segment's value per lead.",
	Examples: []string{
		"/sla target value=$12,000",
		"/sla target value=15k month=2026-12",
	},
	Change: true,
	cmd:    TargetValue{},
})

var specSegmentSet = command(&Spec{
	Name:    "segment set",
	Group:   GroupTargets,
	Usage:   "/sla segment set <name> mix=<pct> deal=<money> close=<pct> [value=<money>]",
	Summary: "Adds or changes a segment of the plan: its share of marketing revenue (the mixes add up to 100%), deal size, close rate and value per lead.",
	Examples: []string{
		"/sla segment set exec mix=50% deal=$5,000 close=25% value=$100",
		"/sla segment set manager mix=50% deal=1k close=10% value=40",
	},
	Change: true,
	cmd:    SegmentSet{},
})

var specSegmentRemove = command(&Spec{
	Name:     "segment remove",
	Group:    GroupTargets,
	Usage:    "/sla segment remove <name>",
	Summary:  "Removes a segment; its leads count as unsegmented from then.",
	Examples: []string{"/sla segment remove manager"},
	Change:   true,
	cmd:      SegmentRemove{},
})

var specSegments = command(&Spec{
	Name:     "segments",
	Group:    GroupTargets,
	Usage:    "/sla segments",
	Summary:  "Lists the segments of the plan with their mix, deal size, close rate and value per lead.",
	Examples: []string{"/sla segments"},
	cmd:      SegmentList{},
})

// SegmentSet is `/sla segment set <name> mix=… deal=… close=… [value=…]`.
type SegmentSet struct{ Segment sla.Segment }

func (SegmentSet) Spec() *Spec { return specSegmentSet }

func (SegmentSet) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("mix", "deal", "close", "value"); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing the segment's name: `/sla segment set exec mix=50%% deal=$5,000 close=25%%`")
	}
	name, problem := parsed(sla.SegmentName(t.val))
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	c := SegmentSet{Segment: sla.Segment{Name: name}}
	var missing []string
	for _, k := range []struct {
		key, hint string
		money     *sla.Money
		ratio     *sla.Ratio
		optional  bool
	}{
		{"mix", "mix=<pct>", nil, &c.Segment.Mix, false},
		{"deal", "deal=<money>", &c.Segment.Deal, nil, false},
		{"close", "close=<pct>", nil, &c.Segment.Close, false},
		{"value", "", &c.Segment.Value, nil, true},
	} {
		t, ok := a.opts[k.key]
		if !ok {
			if !k.optional {
				missing = append(missing, "`"+k.hint+"`")
			}
			continue
		}
		var problem string
		if k.money != nil {
			*k.money, problem = parsed(sla.ParseMoney(t.val))
			if problem == "" && *k.money == 0 && k.key == "deal" {
				problem = "must be more than $0"
			}
		} else {
			*k.ratio, problem = parsed(sla.ParseRatio(t.val))
			if problem == "" && *k.ratio == 0 {
				problem = "must be more than 0%"
			}
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
	}
	if len(missing) > 0 {
		return nil, a.fail("missing %s", strings.Join(missing, ", "))
	}
	return c, a.done()
}

func (cmd SegmentSet) run(ctx context.Context, c *call) (Response, error) {
	seg := cmd.Segment
	if err := seg.Validate(); err != nil {
		return Response{}, err
	}
	segs, err := c.h.App.Store.Segments(ctx, c.a.TeamID, c.a.ID)
	if err != nil {
		return Response{}, err
	}
	// A segment is versioned (docs/design.md, Sign-off): an owner's change
	// waits for the other owner, so its refusals come before it is proposed.
	item := sla.ChangeItem{Kind: sla.ChangeSegment, Key: seg.Name, After: sla.EncodeSegment(seg)}
	for _, s := range segs {
		if s.Name == seg.Name {
			item.Before = sla.EncodeSegment(s)
		}
	}
	if item.Before == "" && len(segs) >= sla.MaxSegments {
		return Response{}, sla.Errorf(sla.Invalid, "An agreement has at most %d segments; remove one first with `/sla segment remove <name>`.", sla.MaxSegments)
	}
	if r, held, err := c.held(ctx, item); held || err != nil {
		return r, err
	}
	if err := c.h.App.SetSegment(ctx, c.a, seg, c.req.UserID, c.now); err != nil {
		return Response{}, err
	}
	if err := c.versioned(ctx, item); err != nil {
		return Response{}, err
	}
	if segs, err = c.h.App.Store.Segments(ctx, c.a.TeamID, c.a.ID); err != nil {
		return Response{}, err
	}
	note := ""
	if t := sla.MixTotal(segs); t != sla.RatioOne {
		note = fmt.Sprintf(" The mixes now add up to %s (%s); a plan by segment needs 100%%.", t, sla.MixList(segs))
	}
	return Response{Message: render.Text(":bar_chart: %s set the segment %s.%s", render.User(c.req.UserID), render.SegmentLine(seg), note), InChannel: true}, nil
}

// SegmentRemove is `/sla segment remove <name>`.
type SegmentRemove struct{ Name string }

func (SegmentRemove) Spec() *Spec { return specSegmentRemove }

func (SegmentRemove) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing the segment's name: `/sla segment remove manager`")
	}
	name, problem := parsed(sla.SegmentName(t.val))
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	return SegmentRemove{Name: name}, a.done()
}

func (cmd SegmentRemove) run(ctx context.Context, c *call) (Response, error) {
	segs, err := c.h.App.Store.Segments(ctx, c.a.TeamID, c.a.ID)
	if err != nil {
		return Response{}, err
	}
	item := sla.ChangeItem{Kind: sla.ChangeSegmentRemove, Key: cmd.Name}
	for _, s := range segs {
		if s.Name == cmd.Name {
			item.Before = sla.EncodeSegment(s)
		}
	}
	if item.Before == "" { // refused before it is proposed
		return Response{}, sla.Errorf(sla.NotFound, "The %s agreement has no segment %s. `/sla segments` lists them.", c.a.Name, cmd.Name)
	}
	if r, held, err := c.held(ctx, item); held || err != nil {
		return r, err
	}
	if err := c.h.App.RemoveSegment(ctx, c.a, cmd.Name); err != nil {
		return Response{}, err
	}
	if err := c.versioned(ctx, item); err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":wastebasket: %s removed the segment *%s*; its leads count as unsegmented from now on.", render.User(c.req.UserID), render.Escape(cmd.Name)), InChannel: true}, nil
}

// SegmentList is `/sla segments`.
type SegmentList struct{}

func (SegmentList) Spec() *Spec { return specSegments }

func (SegmentList) parse(a *cmdArgs) (Command, error) { return SegmentList{}, a.none() }

func (SegmentList) run(ctx context.Context, c *call) (Response, error) {
	segs, err := c.h.App.Store.Segments(ctx, c.a.TeamID, c.a.ID)
	if err != nil {
		return Response{}, err
	}
	return reply(render.Segments(c.a.Name, segs))
}

// runSegmented is `/sla plan quota=… share=…` without deal and close: the
// plan by segment.
func (cmd Plan) runSegmented(ctx context.Context, c *call) (Response, error) {
	month := c.month(cmd.Month, cmd.MonthGiven)
	quota, share := cmd.Input.Quota, cmd.Input.Share
	p, segs, err := c.h.App.PlanBySegment(ctx, c.a, quota, share)
	if err != nil {
		return Response{}, err
	}
	v := render.SegmentedPlanView{Month: month, Quota: quota, Share: share, Plan: p}
	if capa, ok, err := c.h.App.PlanCapacity(ctx, c.a, month, p.Leads, c.now); err != nil {
		return Response{}, err
	} else if ok {
		v.Capacity = &capa
	}
	var item sla.ChangeItem
	if cmd.Apply {
		if err := c.h.App.CheckGoal(c.a, month, p.Leads); err != nil {
			return Response{}, err
		}
		old, _, err := c.h.App.Store.TargetsFor(ctx, c.a.TeamID, c.a.ID, month)
		if err != nil {
			return Response{}, err
		}
		item = sla.ChangeItem{Kind: sla.ChangeSegmentedPlan, Key: month.String(), Before: goalText(old), After: sla.EncodeSegmentedPlan(quota, share, segs)}
		if r, held, err := c.held(ctx, item); held || err != nil {
			if held { // the working stays in view while the change waits
				plan := render.SegmentedPlan(v)
				plan.Blocks[len(plan.Blocks)-1] = render.Section(r.Text)
				r.Message = render.Message{Text: r.Text + "\n" + plan.Text, Blocks: plan.Blocks}
			}
			return r, err
		}
	}
	if err := c.h.App.SaveSegmentedPlan(ctx, c.a, quota, share, p, month, cmd.Apply, c.req.UserID, c.now); err != nil {
		return Response{}, err
	}
	if cmd.Apply {
		if err := c.versioned(ctx, item); err != nil {
			return Response{}, err
		}
	}
	v.Applied = cmd.Apply
	msg := render.SegmentedPlan(v)
	if cmd.Apply {
		msg.Text = fmt.Sprintf("%s set the %s goals from the plan by segment. ", render.User(c.req.UserID), month.Label()) + msg.Text
		return Response{Message: msg, InChannel: true, Followups: []Followup{{Kind: FollowGoalCheck, TeamID: c.a.TeamID, AgreementID: c.a.ID}}}, nil
	}
	return reply(msg)
}

// capacityNote warns, on a plan's reply, when its goal would put the reps
// with recent hand-offs over their hours (docs/design.md, Rep capacity).
func capacityNote(ctx context.Context, c *call, month sla.Month, leads int64, msg render.Message) (render.Message, error) {
	capa, ok, err := c.h.App.PlanCapacity(ctx, c.a, month, leads, c.now)
	if err != nil || !ok || !capa.Over() {
		return msg, err
	}
	note := ":warning: " + render.CapacitySummary(capa) + " See `/sla capacity`."
	msg.Blocks = append(msg.Blocks, render.Section(note))
	msg.Text += " — over the reps' capacity"
	return msg, nil
}

// TargetValue is `/sla target value=<money> [month=…]`.
type TargetValue struct {
	Value      sla.Money
	Month      sla.Month
	MonthGiven bool
}

func (TargetValue) Spec() *Spec { return specTargetValue }

// Read by cmdArgs.target with the other target forms.
func (TargetValue) parse(a *cmdArgs) (Command, error) { return a.target() }

// targetValue reads value= [month=], once target has told the form apart.
func (a *cmdArgs) targetValue() (Command, error) {
	a.spec, a.group = specTargetValue, ""
	for _, k := range []string{"mql", "speed", "depth", "within", "warn", "repeat", "group", "cap"} {
		if _, ok := a.opts[k]; ok {
			return nil, a.fail("set the value goal on its own: `/sla target value=…` (and `/sla target %s=…` apart)", k)
		}
	}
	t := a.opts["value"]
	v, problem := parsed(sla.ParseMoney(t.val))
	if problem == "" && v == 0 {
		problem = "must be more than $0"
	}
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	m, given, err := a.month()
	if err != nil {
		return nil, err
	}
	return TargetValue{Value: v, Month: m, MonthGiven: given}, a.done()
}

func (cmd TargetValue) run(ctx context.Context, c *call) (Response, error) {
	month := c.month(cmd.Month, cmd.MonthGiven)
	v := cmd.Value
	if err := c.h.App.CheckGoal(c.a, month, 0); err != nil {
		return Response{}, err
	}
	old, _, err := c.h.App.Store.TargetsFor(ctx, c.a.TeamID, c.a.ID, month)
	if err != nil {
		return Response{}, err
	}
	item := sla.ChangeItem{Kind: sla.ChangeValue, Key: month.String(), After: strconv.FormatInt(int64(v), 10)}
	if old.ValueGoal > 0 {
		item.Before = strconv.FormatInt(int64(old.ValueGoal), 10)
	}
	if r, held, err := c.held(ctx, item); held || err != nil {
		return r, err
	}
	if _, _, err := c.h.App.SetTargets(ctx, c.a, month, sla.TargetPatch{ValueGoal: &v}, c.req.UserID, c.now); err != nil {
		return Response{}, err
	}
	if err := c.versioned(ctx, item); err != nil {
		return Response{}, err
	}
	return Response{
		Message:   render.Text(":dart: %s set the lead-value goal for %s to *%s* (later months keep it until it is set again). Each MQL is worth its segment's value per lead: `/sla segments`.", render.User(c.req.UserID), month.Label(), v),
		InChannel: true,
	}, nil
}

var specCapacity = command(&Spec{
	Name:    "capacity",
	Group:   GroupReports,
	Usage:   "/sla capacity [reps=<n>] [minutes=<per attempt>] [hours=<per rep per month>] [month=…]",
	Summary: "Whether the reps have the hours to follow up the month's MQL goal at the depth target: leads and attempts per rep, hours needed against hours available, and the deepest follow-up those hours allow. `reps` defaults to the reps with hand-offs in the last 30 days, minutes to 10, hours to 40.",
	Examples: []string{
		"/sla capacity",
		"/sla capacity reps=5 minutes=10 hours=40",
	},
	cmd: CapacityCmd{},
})

// CapacityCmd is `/sla capacity`; Reps 0 means the reps with recent hand-offs.
type CapacityCmd struct {
	Reps, Minutes, Hours int
	Month                sla.Month
	MonthGiven           bool
}

func (CapacityCmd) Spec() *Spec { return specCapacity }

func (CapacityCmd) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("reps", "minutes", "hours", "month"); err != nil {
		return nil, err
	}
	c := CapacityCmd{Minutes: sla.DefaultAttemptMinutes, Hours: sla.DefaultRepHours}
	for _, k := range []struct {
		key  string
		max  int
		into *int
	}{{"reps", 10_000, &c.Reps}, {"minutes", 480, &c.Minutes}, {"hours", 744, &c.Hours}} {
		t, ok := a.opts[k.key]
		if !ok {
			continue
		}
		n, problem := parsed(sla.ParseCount(t.val, k.max))
		if problem == "" && n == 0 {
			problem = "must be at least 1"
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		*k.into = n
	}
	var err error
	if c.Month, c.MonthGiven, err = a.month(); err != nil {
		return nil, err
	}
	return c, a.done()
}

func (cmd CapacityCmd) run(ctx context.Context, c *call) (Response, error) {
	month := c.month(cmd.Month, cmd.MonthGiven)
	capa, _, err := c.h.App.Capacity(ctx, c.a, month, cmd.Reps, cmd.Minutes, cmd.Hours, c.now)
	if err != nil {
		return Response{}, err
	}
	return reply(render.Capacity(render.CapacityView{Month: month, Capacity: capa, RepsCounted: cmd.Reps == 0}))
}
