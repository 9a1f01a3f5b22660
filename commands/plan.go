package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// The Targets group: the plan that derives the MQL goal, and the targets.

var specPlan = command(&Spec{
	Name:    "plan",
	Group:   GroupTargets,
	Usage:   "/sla plan quota=<money> share=<pct> [deal=<money> close=<pct>] [month=…] [apply]",
	Summary: "Derives the MQL goal from the sales quota: revenue from marketing, customers needed, leads needed. Without `deal` and `close`, plans per segment (`/sla segments`) and derives the value goal too. With `apply` (owners and admins), sets it as the month's goal. Typed alone, `/sla plan` opens a form that shows R, C and L as you type.",
	Examples: []string{
		"/sla plan quota=5000 share=100% deal=100 close=50%",
		"/sla plan quota=$250k share=40% deal=$12.5k close=0.2 month=dec apply",
		"/sla plan quota=100k share=50% apply",
	},
	cmd: Plan{},
})

// Plan is `/sla plan`. Month is the current month in the agreement's
// timezone unless MonthGiven.
type Plan struct {
	Input      sla.PlanInput
	Month      sla.Month
	MonthGiven bool
	Apply      bool
	// Segmented: no deal= and close= were given, so the plan is computed
	// per segment (runSegmented).
	Segmented bool
}

func (Plan) Spec() *Spec { return specPlan }

func (Plan) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("quota", "share", "deal", "close", "month"); err != nil {
		return nil, err
	}
	var c Plan
	var missing []string
	for _, k := range []struct {
		key, hint string
		money     *sla.Money
		ratio     *sla.Ratio
	}{
		{"quota", "quota=<money>", &c.Input.Quota, nil},
		{"share", "share=<pct>", nil, &c.Input.Share},
		{"deal", "deal=<money>", &c.Input.Deal, nil},
		{"close", "close=<pct>", nil, &c.Input.Close},
	} {
		t, ok := a.opts[k.key]
		if !ok {
			missing = append(missing, "`"+k.hint+"`")
			continue
		}
		var problem string
		if k.money != nil {
			*k.money, problem = parsed(sla.ParseMoney(t.val))
			if problem == "" && *k.money == 0 {
				problem = "must be more than $0"
			}
		} else {
			*k.ratio, problem = parsed(sla.ParseRatio(t.val))
			if problem == "" && k.key == "close" && *k.ratio == 0 {
				problem = "must be more than 0%: no lead would ever close"
			}
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
	}
	_, hasDeal := a.opts["deal"]
	_, hasClose := a.opts["close"]
	if !hasDeal && !hasClose && len(missing) < 4 {
		missing, c.Segmented = missing[:len(missing)-2], true // a plan by segment
	} else if !hasDeal || !hasClose {
		if _, q := a.opts["quota"]; q {
			if _, sh := a.opts["share"]; sh {
				return nil, a.fail("missing %s: give both `deal=` and `close=`, or neither to plan by segment", strings.Join(missing, ", "))
			}
		}
	}
	if len(missing) > 0 {
		return nil, a.fail("missing %s", strings.Join(missing, ", "))
	}
	var err error
	if c.Month, c.MonthGiven, err = a.month(); err != nil {
		return nil, err
	}
	for _, t := range a.pos {
		switch {
		case strings.EqualFold(t.val, "apply") && !t.quoted && !c.Apply:
			c.Apply = true
		case closestWord(t.val, []string{"apply"}) != "" && !c.Apply:
			return nil, a.fail("%s is not expected here — did you mean `apply`?", quoteInput(t.raw))
		default:
			return nil, a.fail("%s is not expected here", quoteInput(t.raw))
		}
	}
	a.pos = nil
	return c, nil
}

func (cmd Plan) run(ctx context.Context, c *call) (Response, error) {
	if cmd.Segmented {
		return cmd.runSegmented(ctx, c)
	}
	res, err := sla.ComputePlan(cmd.Input)
	if err != nil {
		return Response{}, err
	}
	month := c.month(cmd.Month, cmd.MonthGiven)
	p := sla.SavedPlan{Month: month, Input: cmd.Input, Result: res, Applied: cmd.Apply, CreatedBy: c.req.UserID, CreatedAt: c.now}
	var item sla.ChangeItem
	if cmd.Apply {
		if err := c.h.App.CheckGoal(c.a, month, res.Leads); err != nil {
			return Response{}, err
		}
		old, _, err := c.h.App.Store.TargetsFor(ctx, c.a.TeamID, c.a.ID, month)
		if err != nil {
			return Response{}, err
		}
		item = sla.ChangeItem{Kind: sla.ChangePlan, Key: month.String(), Before: goalText(old), After: sla.EncodePlanInput(cmd.Input)}
		if r, held, err := c.held(ctx, item); held || err != nil {
			if held { // the working stays in view while the change waits
				plan := render.Plan(render.PlanView{Agreement: c.a, Month: month, Input: cmd.Input, Result: res})
				plan.Blocks[len(plan.Blocks)-1] = render.Section(r.Text)
				r.Message = render.Message{Text: r.Text + "\n" + plan.Text, Blocks: plan.Blocks}
			}
			return r, err
		}
	}
	if err := c.h.App.SavePlan(ctx, c.a, p); err != nil {
		return Response{}, err
	}
	if cmd.Apply {
		if err := c.versioned(ctx, item); err != nil {
			return Response{}, err
		}
	}
	msg := render.Plan(render.PlanView{Agreement: c.a, Month: month, Input: cmd.Input, Result: res, Applied: cmd.Apply})
	if msg, err = capacityNote(ctx, c, month, res.Leads, msg); err != nil {
		return Response{}, err
	}
	if cmd.Apply {
		msg.Text = fmt.Sprintf("%s set the %s MQL goal to %d from the plan. ", render.User(c.req.UserID), month.Label(), res.Leads) + msg.Text
		return Response{Message: msg, InChannel: true, Followups: []Followup{{Kind: FollowGoalCheck, TeamID: c.a.TeamID, AgreementID: c.a.ID}}}, nil
	}
	return reply(msg)
}

var specTargetMQL = command(&Spec{
	Name:    "target mql",
	Group:   GroupTargets,
	Usage:   "/sla target mql=<n> [month=…]",
	Summary: "Sets the month's MQL goal directly.",
	Examples: []string{
		"/sla target mql=120",
		"/sla target mql=150 month=2026-12",
	},
	Change: true,
	cmd:    TargetMQL{},
})

var specTargetSales = command(&Spec{
	Name:    "target sales",
	Group:   GroupTargets,
	Usage:   "/sla target [speed=<duration>] [depth=<n>] [within=<duration>] [warn=<pct>]",
	Summary: "Sets the sales follow-up targets: first attempt within `speed` business time, `depth` attempts within `within` of hand-off, a warning at `warn` of the speed target.",
	Examples: []string{
		"/sla target speed=1h depth=6 within=14d",
		"/sla target speed=30m warn=80%",
	},
	Change: true,
	cmd:    TargetSales{},
})

// TargetMQL is `/sla target mql=<n> [month=…]`.
type TargetMQL struct {
	Goal       int
	Month      sla.Month
	MonthGiven bool
}

func (TargetMQL) Spec() *Spec { return specTargetMQL }

// Both target forms are read by cmdArgs.target, which tells them apart.
func (TargetMQL) parse(a *cmdArgs) (Command, error) { return a.target() }

func (cmd TargetMQL) run(ctx context.Context, c *call) (Response, error) {
	month := c.month(cmd.Month, cmd.MonthGiven)
	if cmd.Goal < 0 {
		return Response{}, sla.Errorf(sla.Invalid, "A goal cannot be negative.")
	}
	goal := cmd.Goal
	if err := c.h.App.CheckGoal(c.a, month, 0); err != nil {
		return Response{}, err
	}
	old, _, err := c.h.App.Store.TargetsFor(ctx, c.a.TeamID, c.a.ID, month)
	if err != nil {
		return Response{}, err
	}
	item := sla.ChangeItem{Kind: sla.ChangeMQL, Key: month.String(), Before: goalText(old), After: strconv.Itoa(goal)}
	if r, held, err := c.held(ctx, item); held || err != nil {
		return r, err
	}
	if _, _, err := c.h.App.SetTargets(ctx, c.a, month, sla.TargetPatch{MQLGoal: &goal}, c.req.UserID, c.now); err != nil {
		return Response{}, err
	}
	if err := c.versioned(ctx, item); err != nil {
		return Response{}, err
	}
	return Response{
		Message:   render.Text(":dart: %s set the MQL goal for %s to *%d* (later months keep it until it is set again).", render.User(c.req.UserID), month.Label(), goal),
		InChannel: true,
		Followups: []Followup{{Kind: FollowGoalCheck, TeamID: c.a.TeamID, AgreementID: c.a.ID}},
	}, nil
}

// TargetSales is `/sla target speed=… depth=… within=… warn=…`; at least one
// field is non-nil, nil ones stay as they are.
type TargetSales struct {
	// Speed is business time as typed ("1d", "90m"): its days are the
	// agreement's working days, so it is read against the calendar when run.
	Speed  string
	Within *time.Duration // calendar time from hand-off
	Depth  *int
	Warn   *sla.Ratio
}

func (TargetSales) Spec() *Spec { return specTargetSales }

func (TargetSales) parse(a *cmdArgs) (Command, error) { return a.target() }

var specTargetNudges = command(&Spec{
	Name:    "target nudges",
	Group:   GroupTargets,
	Usage:   "/sla target [repeat=<duration>] [group=<duration>] [cap=<n>]",
	Summary: "Sets how reps are nudged: a still-open breach is repeated every `repeat` of business time (one reminder a rep listing them all), nudges within `group` of a rep's latest nudge share its DM, and past `cap` new DMs a business day the latest one is updated instead. 0 turns one off.",
	Examples: []string{
		"/sla target group=15m cap=6",
		"/sla target repeat=2h",
		"/sla target cap=0",
	},
	Change: true,
	cmd:    TargetNudges{},
})

// TargetNudges is `/sla target repeat=… group=… cap=…`; nil fields stay.
type TargetNudges struct {
	Repeat, Group *time.Duration
	Cap           *int
}

func (TargetNudges) Spec() *Spec { return specTargetNudges }

func (TargetNudges) parse(a *cmdArgs) (Command, error) { return a.target() }

func (cmd TargetNudges) run(ctx context.Context, c *call) (Response, error) {
	a, err := c.h.App.SetNudgeRules(ctx, c.a, cmd.Repeat, cmd.Group, cmd.Cap)
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":bell: %s set the nudge rules: %s.", render.User(c.req.UserID), render.NudgeRules(a)), InChannel: true}, nil
}

var specTargetShow = command(&Spec{
	Name:     "target",
	Group:    GroupTargets,
	Usage:    "/sla target",
	Summary:  "Shows the targets in force this month: the MQL goal (and where it came from) and the sales targets; to owners and admins, a form to change them.",
	Examples: []string{"/sla target"},
	cmd:      TargetShow{},
})

// TargetShow is `/sla target` alone.
type TargetShow struct{}

func (TargetShow) Spec() *Spec { return specTargetShow }

func (TargetShow) parse(a *cmdArgs) (Command, error) { return a.target() }

func (TargetShow) run(ctx context.Context, c *call) (Response, error) {
	month := sla.MonthOf(c.now, c.a.Location())
	in, err := c.h.App.Store.StatusInput(ctx, c.a, month, c.now)
	if err != nil {
		return Response{}, err
	}
	goal := "no MQL goal set — `/sla plan … apply` or `/sla target mql=<n>`"
	if g, ok := in.Line(); ok {
		goal = "MQL goal " + strings.ReplaceAll(render.GoalText(in, g), "\n", "; ")
	}
	if v := in.Targets.ValueGoal; v > 0 {
		goal += "\n• Lead-value goal " + v.String()
	}
	return reply(render.Text("*Targets for %s*\n• %s\n• Sales: %s", month.Label(), goal, render.SalesTargets(in.Targets, c.a.Calendar())))
}

func (cmd TargetSales) run(ctx context.Context, c *call) (Response, error) {
	month := sla.MonthOf(c.now, c.a.Location())
	if cmd.Depth != nil && (*cmd.Depth < 0 || *cmd.Depth > 100) {
		return Response{}, sla.Errorf(sla.Invalid, "`depth=%d`: the depth target is a number of attempts from 0 to 100.", *cmd.Depth)
	}
	if cmd.Warn != nil && (*cmd.Warn <= 0 || *cmd.Warn >= sla.RatioOne) {
		return Response{}, sla.Errorf(sla.Invalid, "`warn=%s`: the warning comes at a share of the speed target between 1%% and 99%%.", *cmd.Warn)
	}
	p := sla.TargetPatch{Depth: cmd.Depth, Within: cmd.Within, Warn: cmd.Warn}
	if cmd.Speed != "" {
		d, err := sla.ParseBusinessDuration(cmd.Speed, c.a.Calendar())
		if err != nil {
			return Response{}, err
		}
		p.Speed = &d
	}
	old, _, err := c.h.App.Store.TargetsFor(ctx, c.a.TeamID, c.a.ID, month)
	if err != nil {
		return Response{}, err
	}
	items := salesItems(old, p)
	if r, held, err := c.held(ctx, items...); held || err != nil {
		return r, err
	}
	t, n, err := c.h.App.SetTargets(ctx, c.a, month, p, c.req.UserID, c.now)
	if err == nil {
		err = c.versioned(ctx, items...)
	}
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":dart: %s set the sales targets from %s: %s%s.", render.User(c.req.UserID), month.Label(), render.SalesTargets(t, c.a.Calendar()), movedNote(n)), InChannel: true}, nil
}

func (a *cmdArgs) target() (Command, error) {
	if err := a.collect("mql", "value", "month", "speed", "depth", "within", "warn", "repeat", "group", "cap", "reassign", "pool-unowned", "strike-route"); err != nil {
		return nil, err
	}
	if c, ok, err := a.targetRouting(); ok || err != nil {
		return c, err
	}
	if _, ok := a.opts["value"]; ok {
		return a.targetValue()
	}
	_, mql := a.opts["mql"]
	var nudges []string
	for _, k := range []string{"repeat", "group", "cap"} {
		if _, ok := a.opts[k]; ok {
			nudges = append(nudges, k)
		}
	}
	var sales []string
	for _, k := range []string{"speed", "depth", "within", "warn"} {
		if _, ok := a.opts[k]; ok {
			sales = append(sales, k)
		}
	}
	switch {
	case len(nudges) > 0 && (mql || len(sales) > 0):
		return nil, a.fail("set the nudge rules (`repeat=`, `group=`, `cap=`) in a command of their own: `/sla target group=15m cap=6`")
	case len(nudges) > 0:
		a.spec, a.group = specTargetNudges, ""
		return a.targetNudges()
	case mql && len(sales) > 0:
		return nil, a.fail("set the MQL goal and the sales targets in two commands: `/sla target mql=…` and `/sla target speed=… depth=…`")
	case mql:
		a.spec, a.group = specTargetMQL, ""
		t := a.opts["mql"]
		goal, problem := parsed(sla.ParseCount(t.val, 1_000_000))
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		m, given, err := a.month()
		if err != nil {
			return nil, err
		}
		return TargetMQL{Goal: goal, Month: m, MonthGiven: given}, a.done()
	case len(sales) == 0:
		if _, ok := a.opts["month"]; ok {
			return nil, &UsageError{Spec: specTargetMQL, Msg: "missing the goal: add mql=<number of leads>"}
		}
		if len(a.opts) == 0 && len(a.pos) == 0 {
			return TargetShow{}, nil // `/sla target` alone: what is in force
		}
		return nil, a.fail("missing a target: `mql=<n>` for the MQL goal, `value=<money>` for the value goal, or `speed=`, `depth=`, `within=`, `warn=` for the sales targets, `repeat=`, `group=`, `cap=` for the nudge rules, `reassign=`, `pool-unowned=`, `strike-route=` for routing")
	}
	a.spec, a.group = specTargetSales, ""
	if _, ok := a.opts["month"]; ok {
		return nil, a.fail("`month=` is only for `mql=`: the sales targets hold until they are changed")
	}
	var c TargetSales
	if t, ok := a.opts["speed"]; ok {
		// The syntax is the same as a calendar duration's.
		if _, problem := parsed(sla.ParseDuration(t.val)); problem != "" {
			return nil, a.bad(t, problem)
		}
		c.Speed = t.val
	}
	if t, ok := a.opts["within"]; ok {
		d, problem := parsed(sla.ParseDuration(t.val))
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		c.Within = &d
	}
	if t, ok := a.opts["depth"]; ok {
		n, problem := parsed(sla.ParseCount(t.val, 1000))
		if problem == "" && n == 0 {
			problem = "must be at least 1 attempt"
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		c.Depth = &n
	}
	if t, ok := a.opts["warn"]; ok {
		r, problem := parsed(sla.ParseRatio(t.val))
		if problem == "" && (r == 0 || r == sla.RatioOne) {
			problem = "must be between 0% and 100%: the share of the speed target after which the rep is warned, like 75%"
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		c.Warn = &r
	}
	return c, a.done()
}

func (a *cmdArgs) targetNudges() (Command, error) {
	if _, ok := a.opts["month"]; ok {
		return nil, a.fail("`month=` is only for `mql=`: the nudge rules hold until they are changed")
	}
	var c TargetNudges
	for _, k := range []string{"repeat", "group"} {
		t, ok := a.opts[k]
		if !ok {
			continue
		}
		var d time.Duration
		problem := ""
		if t.val != "0" { // 0 turns the rule off
			d, problem = parsed(sla.ParseDuration(t.val))
		}
		if problem == "" && d > 0 && d < time.Minute {
			problem = "must be at least 1m, or 0 to turn it off"
		}
		if problem == "" && d > 30*24*time.Hour {
			problem = "must be at most 30d"
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		if k == "repeat" {
			c.Repeat = &d
		} else {
			c.Group = &d
		}
	}
	if t, ok := a.opts["cap"]; ok {
		n, problem := parsed(sla.ParseCount(t.val, 100))
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		c.Cap = &n
	}
	return c, a.done()
}
