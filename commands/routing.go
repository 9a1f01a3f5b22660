package commands

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Routing commands (docs/design.md, Routing): out of office and the pool.
// They sit in the Leads group, beside the hand-off they change.

var specAway = command(&Spec{
	Name:    "away",
	Group:   GroupRouting,
	Usage:   "/sla away @rep from=<YYYY-MM-DD> to=<YYYY-MM-DD> [cover=@rep] · /sla away @rep off",
	Summary: "Marks a rep out of office, both days included: their clocks pause and they get no nudges; with `cover=`, their open leads and new hand-offs go to the cover rep, whose clocks start at the move. The rep themself, the sales owner and admins may set it.",
	Examples: []string{
		"/sla away @sam from=2026-12-24 to=2026-12-31",
		"/sla away @sam from=2026-12-24 to=2026-12-31 cover=@rita",
		"/sla away @sam off",
	},
	cmd: Away{},
})

// Away is `/sla away @rep from=… to=… [cover=@rep]` or `/sla away @rep off`.
type Away struct {
	Rep      string
	Off      bool
	From, To sla.Date
	Cover    string
}

func (Away) Spec() *Spec { return specAway }

func (Away) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("from", "to", "cover"); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing the rep: `/sla away @rep from=2026-12-24 to=2026-12-31`")
	}
	rep, problem := readUser(t.val)
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	c := Away{Rep: rep}
	if w, ok := a.take(); ok {
		if !strings.EqualFold(w.val, "off") || w.quoted {
			return nil, a.unexpected(w)
		}
		if len(a.opts) > 0 {
			return nil, a.fail("`off` ends the time away and takes no options")
		}
		c.Off = true
		return c, a.done()
	}
	for _, k := range []struct {
		key string
		d   *sla.Date
	}{{"from", &c.From}, {"to", &c.To}} {
		t, ok := a.opts[k.key]
		if !ok {
			return nil, a.fail("missing `%s=<YYYY-MM-DD>`: the first and the last day away, both included", k.key)
		}
		var problem string
		if *k.d, problem = parsed(sla.ParseDate(t.val)); problem != "" {
			return nil, a.bad(t, problem)
		}
	}
	if _, err := sla.AwaySpan(c.From, c.To, time.UTC); err != nil {
		return nil, a.fail("%s", strings.TrimSuffix(sla.ErrorMessage(err), "."))
	}
	var err error
	if c.Cover, _, err = a.user("cover"); err != nil {
		return nil, err
	}
	if c.Cover == c.Rep {
		return nil, a.fail("a rep cannot cover for themself: name someone else with `cover=@…`, or leave it out")
	}
	return c, a.done()
}

func (cmd Away) run(ctx context.Context, c *call) (Response, error) {
	loc := c.a.Location()
	if cmd.Off {
		ok, err := c.h.App.EndAway(ctx, c.a, cmd.Rep, c.actor(), c.now)
		if err != nil {
			return Response{}, err
		}
		if !ok {
			return Response{}, sla.Errorf(sla.NotFound, "%s is not marked away in the %s agreement.", render.User(cmd.Rep), render.Escape(c.a.Name))
		}
		return Response{Message: render.Text(":wave: %s is back (set by %s): their clocks run again and nudges reach them.", render.User(cmd.Rep), render.User(c.req.UserID)), InChannel: true}, nil
	}
	span, err := sla.AwaySpan(cmd.From, cmd.To, loc)
	if err != nil {
		return Response{}, err
	}
	moved, err := c.h.App.SetAway(ctx, c.a, sla.Away{Rep: cmd.Rep, Span: span, Cover: cmd.Cover}, c.actor(), c.now)
	if err != nil {
		return Response{}, err
	}
	what := "their speed and depth clocks pause and no nudges go to them"
	if cmd.Cover != "" {
		what = fmt.Sprintf("%s covers: open leads and new hand-offs go to them, clocks starting at the move", render.User(cmd.Cover))
		if moved > 0 {
			what += fmt.Sprintf(" (%s moved now; both are told by DM)", render.Plural(moved, "lead", "leads"))
		}
	}
	return Response{Message: render.Text(":palm_tree: %s is away %s to %s (set by %s): %s.",
		render.User(cmd.Rep), cmd.From, cmd.To, render.User(c.req.UserID), what), InChannel: true}, nil
}

var specPool = command(&Spec{
	Name:     "pool",
	Group:    GroupRouting,
	Usage:    "/sla pool",
	Summary:  "Shows the round-robin pool: each rep's weight, daily cap and leads from the pool today, and who is away.",
	Examples: []string{"/sla pool"},
	cmd:      PoolShow{},
})

var specPoolAdd = command(&Spec{
	Name:    "pool add",
	Group:   GroupRouting,
	Usage:   "/sla pool add @rep [weight=<1-100>] [cap=<leads a day>]",
	Summary: "Adds a rep to the pool, or changes their weight and cap. `/sla lead handoff <lead> pool` picks by smooth weighted round-robin (weights 1 and 2 share 1:2, interleaved), skipping reps away or at their cap.",
	Examples: []string{
		"/sla pool add @sam",
		"/sla pool add @rita weight=2 cap=20",
	},
	Change: true,
	cmd:    PoolAdd{},
})

var specPoolRemove = command(&Spec{
	Name:     "pool remove",
	Group:    GroupRouting,
	Usage:    "/sla pool remove @rep",
	Summary:  "Takes a rep out of the pool; their leads stay theirs.",
	Examples: []string{"/sla pool remove @sam"},
	Change:   true,
	cmd:      PoolRemove{},
})

// PoolShow is `/sla pool`.
type PoolShow struct{}

func (PoolShow) Spec() *Spec { return specPool }

func (PoolShow) parse(a *cmdArgs) (Command, error) { return PoolShow{}, a.none() }

// PoolAdd is `/sla pool add @rep [weight=] [cap=]`; Cap 0 is no cap.
type PoolAdd struct {
	Rep    string
	Weight int
	Cap    int
}

func (PoolAdd) Spec() *Spec { return specPoolAdd }

func (PoolAdd) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("weight", "cap"); err != nil {
		return nil, err
	}
	rep, err := a.rep()
	if err != nil {
		return nil, err
	}
	c := PoolAdd{Rep: rep, Weight: sla.DefaultPoolWeight}
	if t, ok := a.opts["weight"]; ok {
		n, problem := parsed(sla.ParseCount(t.val, sla.MaxPoolWeight))
		if problem == "" && n == 0 {
			problem = "must be at least 1"
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		c.Weight = n
	}
	if t, ok := a.opts["cap"]; ok {
		n, problem := parsed(sla.ParseCount(t.val, sla.MaxPoolCap))
		if problem == "" && n == 0 {
			problem = "must be at least 1 lead a day (leave it out for no cap)"
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		c.Cap = n
	}
	return c, a.done()
}

// PoolRemove is `/sla pool remove @rep`.
type PoolRemove struct{ Rep string }

func (PoolRemove) Spec() *Spec { return specPoolRemove }

func (PoolRemove) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	rep, err := a.rep()
	if err != nil {
		return nil, err
	}
	return PoolRemove{Rep: rep}, a.done()
}

// rep takes the first word as a Slack user.
func (a *cmdArgs) rep() (string, error) {
	t, ok := a.take()
	if !ok {
		return "", a.fail("missing the rep: `/sla %s @rep`", a.spec.Name)
	}
	rep, problem := readUser(t.val)
	if problem != "" {
		return "", a.bad(t, problem)
	}
	return rep, nil
}

func (cmd PoolAdd) run(ctx context.Context, c *call) (Response, error) {
	if err := c.h.App.PoolAdd(ctx, c.a, sla.PoolMember{Rep: cmd.Rep, Weight: cmd.Weight, Cap: cmd.Cap}, c.req.UserID, c.now); err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":busts_in_silhouette: %s set %s in the pool: %s.", render.User(c.req.UserID), render.User(cmd.Rep), poolTerms(cmd.Weight, cmd.Cap)), InChannel: true}, nil
}

func poolTerms(weight, limit int) string {
	s := fmt.Sprintf("weight %d", weight)
	if limit > 0 {
		return s + fmt.Sprintf(", at most %d a day", limit)
	}
	return s + ", no daily cap"
}

func (cmd PoolRemove) run(ctx context.Context, c *call) (Response, error) {
	ok, err := c.h.App.Store.RemovePoolMember(ctx, c.a.TeamID, c.a.ID, cmd.Rep)
	if err != nil {
		return Response{}, err
	}
	if !ok {
		return Response{}, sla.Errorf(sla.NotFound, "%s is not in the pool. `/sla pool` shows who is.", render.User(cmd.Rep))
	}
	return Response{Message: render.Text(":busts_in_silhouette: %s took %s out of the pool; their leads stay theirs.", render.User(c.req.UserID), render.User(cmd.Rep)), InChannel: true}, nil
}

func (PoolShow) run(ctx context.Context, c *call) (Response, error) {
	ms, err := c.h.App.Store.PoolMembers(ctx, c.a.TeamID, c.a.ID)
	if err != nil {
		return Response{}, err
	}
	aways, err := c.h.App.Aways(ctx, c.a, c.now)
	if err != nil {
		return Response{}, err
	}
	return reply(render.Text("%s", render.PoolText(c.a, ms, aways, c.now)))
}

var specTargetRouting = command(&Spec{
	Name:    "target reassign",
	Group:   GroupTargets,
	Usage:   "/sla target [reassign=<duration>|off] [pool-unowned=on|off] [strike-route=on|off]",
	Summary: "Routing on breach: a lead with no first attempt `reassign` business time after its speed breach moves to the pool's next rep (the first rep keeps the strike). `pool-unowned=on` lets the CRM import, sync and webhook hand MQLs without an owner to the pool. `strike-route=on`: a rep at the strike limit this month gets no new leads; a hand-off to them goes to the pool's next rep.",
	Examples: []string{
		"/sla target reassign=2h",
		"/sla target reassign=off",
		"/sla target pool-unowned=on",
		"/sla target strike-route=on",
	},
	Change: true,
	cmd:    TargetRouting{},
})

// TargetRouting is `/sla target reassign=… pool-unowned=… strike-route=…`;
// nil fields stay.
type TargetRouting struct {
	// Reassign is business time as typed ("1d", "2h"), read against the
	// calendar when run; "off" turns it off.
	Reassign    string
	PoolUnowned *bool
	StrikeRoute *bool
}

func (TargetRouting) Spec() *Spec { return specTargetRouting }

func (TargetRouting) parse(a *cmdArgs) (Command, error) { return a.target() }

// targetRouting reads the routing form of `/sla target`; ok is false when
// neither of its options is there.
func (a *cmdArgs) targetRouting() (Command, bool, error) {
	re, hasRe := a.opts["reassign"]
	pu, hasPU := a.opts["pool-unowned"]
	sr, hasSR := a.opts["strike-route"]
	if !hasRe && !hasPU && !hasSR {
		return nil, false, nil
	}
	a.spec, a.group = specTargetRouting, ""
	if len(a.opts) > btoi(hasRe)+btoi(hasPU)+btoi(hasSR) {
		return nil, true, a.fail("set routing apart from the other targets: `/sla target reassign=…` alone")
	}
	var c TargetRouting
	if hasRe {
		if strings.EqualFold(re.val, "off") {
			c.Reassign = "off"
		} else {
			d, problem := parsed(sla.ParseDuration(re.val))
			if problem == "" && d <= 0 {
				problem = "must be more than 0 (or `off`)"
			}
			if problem != "" {
				return nil, true, a.bad(re, problem)
			}
			c.Reassign = re.val
		}
	}
	for _, o := range []struct {
		has bool
		t   argToken
		v   **bool
	}{{hasPU, pu, &c.PoolUnowned}, {hasSR, sr, &c.StrikeRoute}} {
		if !o.has {
			continue
		}
		switch strings.ToLower(o.t.val) {
		case "on", "yes", "true":
			v := true
			*o.v = &v
		case "off", "no", "false":
			v := false
			*o.v = &v
		default:
			return nil, true, a.bad(o.t, "is not `on` or `off`")
		}
	}
	return c, true, a.done()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (cmd TargetRouting) run(ctx context.Context, c *call) (Response, error) {
	var reassign *time.Duration
	if cmd.Reassign == "off" {
		var zero time.Duration
		reassign = &zero
	} else if cmd.Reassign != "" {
		d, err := sla.ParseBusinessDuration(cmd.Reassign, c.a.Calendar())
		if err != nil {
			return Response{}, err
		}
		reassign = &d
	}
	a, err := c.h.App.Store.UpdateAgreement(ctx, c.a.TeamID, c.a.ID, func(a *sla.Agreement) error {
		if reassign != nil {
			a.Reassign = *reassign
		}
		if cmd.PoolUnowned != nil {
			a.PoolUnowned = *cmd.PoolUnowned
		}
		if cmd.StrikeRoute != nil {
			a.StrikeRoute = *cmd.StrikeRoute
		}
		return nil
	})
	if err != nil {
		return Response{}, err
	}
	c.a = a
	return Response{Message: render.Text(":twisted_rightwards_arrows: %s set routing: %s.", render.User(c.req.UserID), render.RoutingText(a)), InChannel: true}, nil
}

var specStatusReps = command(&Spec{
	Name:     "status reps",
	Group:    GroupReports,
	Usage:    "/sla status reps [month] [post]",
	Summary:  "Rep scorecards: per rep, leads handed off, % followed up within the speed target, median speed, depth on mature leads, strikes, best and worst week. Names in plain text, no @-mentions. Only you see it, unless `post`.",
	Examples: []string{"/sla status reps", "/sla status reps nov post"},
	cmd:      StatusReps{},
})

// StatusReps is `/sla status reps [month] [post]`.
type StatusReps struct {
	Month      sla.Month
	MonthGiven bool
	Post       bool
}

func (StatusReps) Spec() *Spec { return specStatusReps }

// parse is reached through status, which reads `reps`.
func (StatusReps) parse(a *cmdArgs) (Command, error) { return Status{}.parse(a) }

func (cmd StatusReps) run(ctx context.Context, c *call) (Response, error) {
	month := c.month(cmd.Month, cmd.MonthGiven)
	cards, err := c.h.App.Scorecards(ctx, c.a, month, c.now)
	if err != nil {
		return Response{}, err
	}
	t, _, err := c.h.App.Store.TargetsFor(ctx, c.a.TeamID, c.a.ID, month)
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Scorecards(c.a, month, t, cards, c.names(ctx)), InChannel: cmd.Post}, nil
}

// names are the workspace's display names from the members directory; nil
// when there is none (the reps are then named by their ids, as plain text).
func (c *call) names(ctx context.Context) map[string]string {
	if c.h.Users == nil {
		return nil
	}
	ms, err := c.h.Users.Members(ctx)
	if err != nil {
		c.log.Warn("members for scorecards", "err", err)
		return nil
	}
	out := make(map[string]string, len(ms))
	for _, m := range ms {
		out[m.ID] = cmp.Or(strings.TrimSpace(m.DisplayName), strings.TrimSpace(m.RealName), m.Handle)
	}
	return out
}
