package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// The Leads group: recording leads and what happens to them.

// LeadRef names a lead the way people do: its short id, email or external id.
// Exactly one of Seq, Email and External is set; Email is lower-cased.
type LeadRef = app.LeadRef

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

// source reads source=marketing|sales; ok is false when it is not given.
func (a *cmdArgs) source() (sla.Source, bool, error) {
	t, ok := a.opts["source"]
	if !ok {
		return "", false, nil
	}
	sources := []string{string(sla.SourceMarketing), string(sla.SourceSales)}
	s := strings.ToLower(t.val)
	if !containsWord(sources, s) {
		return "", false, a.bad(t, "is not a source"+oneOf(s, sources))
	}
	return sla.Source(s), true, nil
}

// lead takes the first positional word as a lead reference.
func (a *cmdArgs) lead() (LeadRef, error) {
	t, ok := a.take()
	if !ok {
		return LeadRef{}, a.fail("missing the lead: its id like L-42, its external id or its email")
	}
	switch {
	case strings.HasPrefix(t.val, "<@"), strings.HasPrefix(t.val, "<!"):
		return LeadRef{}, a.bad(t, "is a person: name the lead first, by its id like L-42, its external id or its email")
	case strings.HasPrefix(t.val, "<#"):
		return LeadRef{}, a.bad(t, "is a channel: name the lead by its id like L-42, its external id or its email")
	}
	raw := strings.TrimSpace(unlink(t.val))
	ref := LeadRef{Raw: raw}
	switch seq, ok := sla.ParseShortID(raw); {
	case raw == "" || len(raw) > sla.MaxEmailLen: // an email is the longest reference
		return LeadRef{}, a.bad(t, "is not a lead: use its id like L-42, its external id or its email")
	case ok:
		ref.Seq = seq
	case strings.Contains(raw, "@"):
		ref.Email = strings.ToLower(raw)
	default:
		ref.External = raw
	}
	return ref, nil
}

// leadAt is `<lead> [at=…]`.
func (a *cmdArgs) leadAt(keys ...string) (LeadRef, time.Time, error) {
	if err := a.collect(append(keys, "at")...); err != nil {
		return LeadRef{}, time.Time{}, err
	}
	ref, err := a.lead()
	if err != nil {
		return LeadRef{}, time.Time{}, err
	}
	at, err := a.at()
	if err != nil {
		return LeadRef{}, time.Time{}, err
	}
	return ref, at, nil
}

// isEmailLike is deliberately loose: one @, something before it and a
// dotted domain after it.
func isEmailLike(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.ContainsAny(s, " \t<>|") && !strings.Contains(domain, "@") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

var specLeadAdd = command(&Spec{
	Name:    "lead add",
	Group:   GroupLeads,
	Usage:   `/sla lead add "<name or email>" [email=…] [name="…"] [segment=…] [source=marketing|sales] [owner=@user] [at=<time>] [id=<external id>]`,
	Summary: "Records a lead (marketing-sourced unless `source=sales`) and replies with its id, like L-42. `owner=` hands it off at once, routed as `lead handoff` routes (an away rep's cover; the pool for a rep at the strike limit). Typed alone, `/sla lead add` opens a form.",
	Examples: []string{
		`/sla lead add "Ada Lovelace" email=ada@example.com segment=exec`,
		`/sla lead add grace@example.com source=sales owner=@sam id=hs-1042 at=2026-12-01 09:30`,
	},
	cmd: LeadAdd{},
})

// LeadAdd is `/sla lead add`. At least one of Name and Email is set; Email is
// lower-cased. Source defaults to marketing; Segment is lower-cased, "" when
// not given; Owner is a user id or "".
type LeadAdd struct {
	Name, Email string
	Segment     string
	Source      sla.Source
	Owner       string
	At          time.Time
	ExternalID  string
}

func (LeadAdd) Spec() *Spec { return specLeadAdd }

func (LeadAdd) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("segment", "source", "owner", "at", "id", "email", "name"); err != nil {
		return nil, err
	}
	c := LeadAdd{Source: sla.SourceMarketing}
	var nameWords []string
	var emailTok argToken
	for _, t := range a.pos {
		if t.afterKey != "" { // the name comes first: this word lost its quotes
			return nil, a.unexpected(t)
		}
		if strings.HasPrefix(t.val, "<@") || strings.HasPrefix(t.val, "<!") {
			return nil, a.fail("%s is a person: to set the lead's owner write owner=%s", quoteInput(t.raw), slackUnescape(t.val))
		}
		v := unlink(t.val)
		if !t.quoted && isEmailLike(v) {
			if c.Email != "" {
				return nil, a.fail("two emails, %s and %s: a lead has one", quoteInput(emailTok.raw), quoteInput(t.raw))
			}
			c.Email, emailTok = strings.ToLower(v), t
			continue
		}
		if t.quoted && isEmailLike(strings.TrimSpace(v)) && len(a.pos) == 1 {
			c.Email = strings.ToLower(strings.TrimSpace(v))
			continue
		}
		nameWords = append(nameWords, strings.TrimSpace(v))
	}
	a.pos = nil
	c.Name = strings.TrimSpace(strings.Join(nameWords, " "))
	if t, ok := a.opts["name"]; ok {
		if c.Name != "" {
			return nil, a.fail("the name is given twice: %s and %s", quoteInput(c.Name), quoteInput(t.raw))
		}
		c.Name = strings.TrimSpace(unlink(t.val))
	}
	if problem := problemOf(sla.Lead{Name: c.Name}.Validate()); problem != "" {
		return nil, a.fail("the name %s", problem)
	}
	if t, ok := a.opts["email"]; ok {
		if c.Email != "" {
			return nil, a.fail("the email is given twice: %s and %s", quoteInput(c.Email), quoteInput(t.raw))
		}
		e := strings.TrimSpace(unlink(t.val))
		if !isEmailLike(e) || (sla.Lead{Email: e}).Validate() != nil {
			return nil, a.bad(t, "is not an email address like ada@example.com")
		}
		c.Email = strings.ToLower(e)
	}
	if problem := problemOf(sla.Lead{Email: c.Email}.Validate()); problem != "" {
		return nil, a.fail("the email %s %s", quoteInput(c.Email), problem)
	}
	if c.Name == "" && c.Email == "" {
		return nil, a.fail("missing the lead: `/sla lead add \"<name or email>\"`")
	}
	if t, ok := a.opts["segment"]; ok {
		s, err := a.text(t, sla.MaxSegmentLen)
		if err != nil {
			return nil, err
		}
		if s = strings.ToLower(unlink(s)); s == "" {
			return nil, a.fail("`segment=` is empty")
		}
		c.Segment = s
	}
	if src, ok, err := a.source(); err != nil {
		return nil, err
	} else if ok {
		c.Source = src
	}
	var err error
	if c.Owner, _, err = a.user("owner"); err != nil {
		return nil, err
	}
	if c.At, err = a.at(); err != nil {
		return nil, err
	}
	if t, ok := a.opts["id"]; ok {
		id := strings.TrimSpace(unlink(t.val))
		if id == "" || (sla.Lead{ExternalID: id}).Validate() != nil {
			return nil, a.bad(t, fmt.Sprintf("is not an external id: 1 to %d characters", sla.MaxExternalIDLen))
		}
		c.ExternalID = id
	}
	return c, nil
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
	h, err := c.h.App.AddLead(ctx, c.a, l, "", c.req.UserID, c.now)
	if err != nil {
		return Response{}, err
	}
	l = h.Lead
	next := fmt.Sprintf("Hand it to a rep: `/sla lead handoff %s @rep`", l.ShortID())
	if l.Owner != "" {
		next = fmt.Sprintf("Owned by %s%s; first follow-up due %s.", render.User(l.Owner), routedVia(h), render.When(l.SpeedDueAt, c.a.Location()))
	}
	seg := ""
	if l.Segment != "" {
		seg = ", " + render.Escape(l.Segment)
	}
	follow := []Followup{{Kind: FollowGoalCheck, TeamID: c.a.TeamID, AgreementID: c.a.ID}}
	if l.Owner != "" {
		follow = append(follow, Followup{Kind: FollowNotify, TeamID: c.a.TeamID, AgreementID: c.a.ID})
	}
	return Response{
		Message:   render.Text(":inbox_tray: Recorded *%s* — %s (%s%s). %s", l.ShortID(), render.Escape(l.Label()), l.Source, seg, next),
		Followups: follow,
	}, nil
}

var specLeadHandoff = command(&Spec{
	Name:    "lead handoff",
	Group:   GroupLeads,
	Usage:   "/sla lead handoff <lead> @rep|pool [force] [at=<time>]",
	Summary: "Hands the lead to a sales rep: the speed clock starts. `pool`: the round-robin pool picks (`/sla pool`). A rep away with a cover: to the cover; `force`: even at the strike limit.",
	Examples: []string{
		"/sla lead handoff L-42 @sam",
		"/sla lead handoff ada@example.com @sam at=2026-12-01 14:00",
		"/sla lead handoff L-43 pool",
	},
	cmd: LeadHandoff{},
})

// LeadHandoff is `/sla lead handoff <lead> @rep [force] [at=…]`.
type LeadHandoff struct {
	Lead  LeadRef
	Rep   string // "" with Pool
	Pool  bool   // the pool picks the rep
	Force bool   // to Rep even at the strike limit (the sales owner)
	At    time.Time
}

func (LeadHandoff) Spec() *Spec { return specLeadHandoff }

func (LeadHandoff) parse(a *cmdArgs) (Command, error) {
	ref, at, err := a.leadAt()
	if err != nil {
		return nil, err
	}
	t, ok := a.take()
	if ok && strings.EqualFold(t.val, "to") && len(a.pos) > 0 {
		t, _ = a.take()
	}
	if !ok {
		return nil, a.fail("missing the rep: `/sla lead handoff <lead> @rep`, or `pool` for the round-robin pool")
	}
	if strings.EqualFold(t.val, "pool") && !t.quoted {
		return LeadHandoff{Lead: ref, Pool: true, At: at}, a.done()
	}
	rep, problem := readUser(t.val)
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	c := LeadHandoff{Lead: ref, Rep: rep, At: at}
	if len(a.pos) > 0 && strings.EqualFold(a.pos[0].val, "force") && !a.pos[0].quoted {
		a.take()
		c.Force = true
	}
	return c, a.done()
}

func (cmd LeadHandoff) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	loc := c.a.Location()
	if cmd.Force {
		if err := c.h.App.MayForceHandOff(ctx, c.a, c.actor()); err != nil {
			return Response{}, err
		}
	}
	var h app.Handoff
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		var err error
		if cmd.Pool {
			h, err = c.h.App.HandOffPool(ctx, c.a, l, c.req.UserID, at, c.now, "")
		} else {
			h, err = c.h.App.HandOff(ctx, c.a, l, cmd.Rep, c.req.UserID, cmd.Force, at, c.now, "")
		}
		return h.Lead, err
	})
	if err != nil {
		return Response{}, err
	}
	via := routedVia(h)
	notify := []Followup{{Kind: FollowNotify, TeamID: c.a.TeamID, AgreementID: c.a.ID}}
	if h.Reassigned {
		return Response{Message: render.Text(":arrows_counterclockwise: %s moved from %s to %s%s. The SLA clock keeps running from the hand-off on %s.",
			l.ShortID(), render.User(h.PrevOwner), render.User(l.Owner), via, render.When(l.HandedOffAt, loc)), Followups: notify}, nil
	}
	due := "no speed target set"
	if !l.SpeedDueAt.IsZero() {
		due = "first follow-up due " + render.When(l.SpeedDueAt, loc) + " (business hours)"
	}
	return Response{Message: render.Text(":handshake: %s handed to %s%s — %s.", l.ShortID(), render.User(l.Owner), via, due), Followups: notify}, nil
}

// routedVia says why a hand-off went to another rep than the one named.
func routedVia(h app.Handoff) string {
	switch {
	case h.Struck != "":
		return fmt.Sprintf(" (picked by the pool: %s is at the strike limit, %s this month)", render.User(h.Struck), render.Plural(h.Strikes, "strike", "strikes"))
	case h.Pool:
		return " (picked by the pool)"
	case h.CoverFor != "":
		return fmt.Sprintf(" (covering for %s, who is away)", render.User(h.CoverFor))
	}
	return ""
}

var specLeadAttempt = command(&Spec{
	Name:    "lead attempt",
	Group:   GroupLeads,
	Usage:   "/sla lead attempt <lead> [call|email|social|meeting] [at=<time>]",
	Summary: "Records a follow-up attempt (a call unless you say otherwise).",
	Examples: []string{
		"/sla lead attempt L-42",
		"/sla lead attempt L-42 email at=2026-12-01T15:10:00+01:00",
	},
	cmd: LeadAttempt{},
})

// LeadAttempt is `/sla lead attempt <lead> [via] [at=…]`; Via defaults to call.
type LeadAttempt struct {
	Lead LeadRef
	Via  sla.Via
	At   time.Time
}

func (LeadAttempt) Spec() *Spec { return specLeadAttempt }

func (LeadAttempt) parse(a *cmdArgs) (Command, error) {
	ref, at, err := a.leadAt("via")
	if err != nil {
		return nil, err
	}
	vias := []string{string(sla.ViaCall), string(sla.ViaEmail), string(sla.ViaSocial), string(sla.ViaMeeting)}
	c := LeadAttempt{Lead: ref, Via: sla.ViaCall, At: at}
	t, positional := a.take()
	if o, ok := a.opts["via"]; ok {
		if positional {
			return nil, a.fail("the way is given twice: %s and %s", quoteInput(t.raw), quoteInput(o.raw))
		}
		t, positional = o, true
	}
	if positional {
		v := strings.ToLower(t.val)
		if !containsWord(vias, v) {
			return nil, a.bad(t, "is not a way to follow up"+oneOf(v, vias))
		}
		c.Via = sla.Via(v)
	}
	return c, a.done()
}

func (cmd LeadAttempt) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	loc := c.a.Location()
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		return c.h.App.Attempt(ctx, c.a, l, cmd.Via, c.actor(), at, c.now, "")
	})
	if err != nil {
		return Response{}, err
	}
	msg := fmt.Sprintf(":telephone_receiver: Attempt %d on %s (%s) logged.", l.Attempts, l.ShortID(), cmd.Via)
	if l.Attempts == 1 || l.FirstAttemptAt.Equal(at) {
		msg += fmt.Sprintf(" First follow-up %s after hand-off.", render.Business(time.Duration(l.SpeedSecs)*time.Second, c.a.Calendar()))
	}
	if !l.DepthDueAt.IsZero() {
		msg += fmt.Sprintf(" Depth window ends %s.", render.When(l.DepthDueAt, loc))
	}
	return reply(render.Text("%s", msg))
}

var specLeadContacted = command(&Spec{
	Name:     "lead contacted",
	Group:    GroupLeads,
	Usage:    "/sla lead contacted <lead> [at=<time>]",
	Summary:  "A real conversation happened: the lead's clocks stop.",
	Examples: []string{"/sla lead contacted L-42", "/sla lead contacted hs-1042 at=16:20"},
	cmd:      LeadContacted{},
})

// LeadContacted is `/sla lead contacted <lead> [at=…]`.
type LeadContacted struct {
	Lead LeadRef
	At   time.Time
}

func (LeadContacted) Spec() *Spec { return specLeadContacted }

func (LeadContacted) parse(a *cmdArgs) (Command, error) {
	ref, at, err := a.leadAt()
	return LeadContacted{Lead: ref, At: at}, err
}

func (cmd LeadContacted) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		return c.h.App.Contacted(ctx, c.a, l, c.actor(), at, c.now, "")
	})
	if err != nil {
		return Response{}, err
	}
	return reply(render.Text(":speech_balloon: %s marked contacted — the SLA clocks stop.", l.ShortID()))
}

var specLeadWon = command(&Spec{
	Name:     "lead won",
	Group:    GroupLeads,
	Usage:    "/sla lead won <lead> revenue=<money> [at=<time>] [confirm]",
	Summary:  "The lead became a customer. A revenue over ten times the plan's deal size (or $10M without a plan) asks to confirm first; `confirm` records it at once. Once handed off: its rep, the sales owner and admins.",
	Examples: []string{"/sla lead won L-42 revenue=$12,500", "/sla lead won L-42 revenue=1.2k at=2026-12-18", "/sla lead won L-42 revenue=$2M confirm"},
	cmd:      LeadWon{},
})

// LeadWon is `/sla lead won <lead> revenue=<money> [at=…]`.
type LeadWon struct {
	Lead    LeadRef
	Revenue sla.Money
	At      time.Time
	Confirm bool // a revenue above sla.RevenueCeiling is meant
}

func (LeadWon) Spec() *Spec { return specLeadWon }

func (LeadWon) parse(a *cmdArgs) (Command, error) {
	ref, at, err := a.leadAt("revenue")
	if err != nil {
		return nil, err
	}
	t, ok := a.opts["revenue"]
	if !ok {
		if len(a.pos) > 0 {
			if _, err := sla.ParseMoney(a.pos[0].val); err == nil {
				return nil, a.fail("write the amount as revenue=%s", slackUnescape(a.pos[0].val))
			}
		}
		return nil, a.fail("missing the revenue: add revenue=<money>, like revenue=$12,500")
	}
	rev, problem := parsed(sla.ParseMoney(t.val))
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	confirm := false
	if len(a.pos) > 0 && strings.EqualFold(a.pos[0].val, "confirm") && !a.pos[0].quoted {
		a.take()
		confirm = true
	}
	return LeadWon{Lead: ref, Revenue: rev, At: at, Confirm: confirm}, a.done()
}

func (cmd LeadWon) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		return c.h.App.Won(ctx, c.a, l, cmd.Revenue, c.actor(), cmd.Confirm, at, c.now, "")
	})
	var rc *app.RevenueToConfirm
	if errors.As(err, &rc) {
		return confirmRevenue(rc, at), nil
	}
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":trophy: %s won by %s — %s. Sales cycle %s.", l.ShortID(), render.User(orUser(l.Owner, c.req.UserID)), l.Revenue,
		sla.FormatDuration(l.WonAt.Sub(l.CreatedAt))), InChannel: true}, nil
}

// confirmRevenue asks, with nothing written, whether a revenue far above
// the plan's deal size is meant: a button records it, as does `confirm`.
func confirmRevenue(rc *app.RevenueToConfirm, at time.Time) Response {
	return Response{Message: render.ConfirmRevenue(rc.Lead, rc.Revenue, rc.Ceiling, rc.PlanDeal, app.ConfirmWonValue(rc.Lead.ID, rc.Revenue, at)), Failed: true}
}

func orUser(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var specLeadLost = command(&Spec{
	Name:     "lead lost",
	Group:    GroupLeads,
	Usage:    `/sla lead lost <lead> [reason="…"] [at=<time>]`,
	Summary:  "The lead is lost.",
	Examples: []string{`/sla lead lost L-42 reason="went with a competitor"`, "/sla lead lost L-43"},
	cmd:      LeadLost{},
})

// LeadLost is `/sla lead lost <lead> [reason="…"] [at=…]`; Reason may be "".
type LeadLost struct {
	Lead   LeadRef
	Reason string
	At     time.Time
}

func (LeadLost) Spec() *Spec { return specLeadLost }

func (LeadLost) parse(a *cmdArgs) (Command, error) {
	ref, at, err := a.leadAt("reason")
	if err != nil {
		return nil, err
	}
	c := LeadLost{Lead: ref, At: at}
	if t, ok := a.opts["reason"]; ok {
		if len(a.pos) > 0 {
			return nil, a.done()
		}
		if c.Reason, err = a.text(t, sla.MaxReasonLen); err != nil {
			return nil, err
		}
		return c, nil
	}
	// `/sla lead lost L-42 went with a competitor`: the words are the reason.
	var words []string
	for _, t := range a.pos {
		words = append(words, t.val)
	}
	a.pos = nil
	if c.Reason, err = a.text(argToken{key: "reason", val: strings.Join(words, " ")}, sla.MaxReasonLen); err != nil {
		return nil, err
	}
	return c, nil
}

func (cmd LeadLost) run(ctx context.Context, c *call) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		return c.h.App.Lost(ctx, c.a, l, cmd.Reason, c.actor(), at, c.now, "")
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

var specLeadShow = command(&Spec{
	Name:     "lead show",
	Group:    GroupLeads,
	Usage:    "/sla lead show <lead>",
	Summary:  "Shows one lead: its state, owner, attempts and clocks. A lead is its id (L-42), external id or email.",
	Examples: []string{"/sla lead show L-42", "/sla lead show ada@example.com"},
	cmd:      LeadShow{},
})

// LeadShow is `/sla lead show <lead>`.
type LeadShow struct{ Lead LeadRef }

func (LeadShow) Spec() *Spec { return specLeadShow }

func (LeadShow) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	ref, err := a.lead()
	if err != nil {
		return nil, err
	}
	return LeadShow{Lead: ref}, a.done()
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
	cal, err := c.h.App.RepCalendar(ctx, c.a, l.Owner, c.now)
	if err != nil {
		return Response{}, err
	}
	return reply(render.Lead(render.LeadView{Lead: l, Attempts: atts, Breaches: sla.Evaluate(l, t, cal, c.now), Loc: c.a.Location(), Cal: c.a.Calendar()}))
}

var specLeads = command(&Spec{
	Name:     "leads",
	Group:    GroupLeads,
	Usage:    "/sla leads [mine|open|overdue]",
	Summary:  "Lists leads: yours, the open ones, or those past their speed or depth target.",
	Examples: []string{"/sla leads", "/sla leads overdue"},
	cmd:      Leads{},
})

// Leads is `/sla leads [mine|open|overdue]`; Filter "" lists the recent leads.
type Leads struct{ Filter string }

func (Leads) Spec() *Spec { return specLeads }

var leadFilterWords = []string{"mine", "open", "overdue"}

func (Leads) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return Leads{}, nil
	}
	f := strings.ToLower(t.val)
	if !containsWord(leadFilterWords, f) {
		return nil, a.bad(t, "is not a filter"+oneOf(f, leadFilterWords))
	}
	return Leads{Filter: f}, a.done()
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

// Corrections of leads, in the Leads group: edit, delete, reopen, history.

var specLeadEdit = command(&Spec{
	Name:    "lead edit",
	Group:   GroupLeads,
	Usage:   `/sla lead edit <lead> [name="…"] [email=…] [segment=…] [source=marketing|sales] [revenue=<money>] [at=<time>]`,
	Summary: "Corrects a lead. `at=` moves its outcome (won or lost), or its creation while it has none. Party owners and admins; the lead's rep may correct its own revenue and `at=`. Every change is kept in `/sla lead history`.",
	Examples: []string{
		"/sla lead edit L-42 revenue=$1,000",
		`/sla lead edit L-42 name="Ada King" segment=exec`,
		"/sla lead edit L-42 at=2026-12-03 16:00",
	},
	cmd: LeadEdit{},
})

// LeadEdit is `/sla lead edit`; at least one field is set.
type LeadEdit struct {
	Lead   LeadRef
	Fields app.LeadEdit
}

func (LeadEdit) Spec() *Spec { return specLeadEdit }

func (LeadEdit) parse(a *cmdArgs) (Command, error) {
	ref, at, err := a.leadAt("name", "email", "segment", "source", "revenue")
	if err != nil {
		return nil, err
	}
	c := LeadEdit{Lead: ref}
	f := &c.Fields
	if t, ok := a.opts["name"]; ok {
		v, err := a.text(t, sla.MaxNameLen)
		if err != nil {
			return nil, err
		}
		v = strings.TrimSpace(unlink(v))
		f.Name = &v
	}
	if t, ok := a.opts["email"]; ok {
		e := strings.ToLower(strings.TrimSpace(unlink(t.val)))
		if e != "" && (!isEmailLike(e) || (sla.Lead{Email: e}).Validate() != nil) {
			return nil, a.bad(t, "is not an email address like ada@example.com")
		}
		f.Email = &e
	}
	if t, ok := a.opts["segment"]; ok {
		v, err := a.text(t, sla.MaxSegmentLen)
		if err != nil {
			return nil, err
		}
		v = strings.ToLower(unlink(v))
		f.Segment = &v
	}
	if src, ok, err := a.source(); err != nil {
		return nil, err
	} else if ok {
		f.Source = &src
	}
	if t, ok := a.opts["revenue"]; ok {
		rev, problem := parsed(sla.ParseMoney(t.val))
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		f.Revenue = &rev
	}
	if !at.IsZero() {
		f.At = &at
	}
	if f.Name == nil && f.Email == nil && f.Segment == nil && f.Source == nil && f.Revenue == nil && f.At == nil {
		return nil, a.fail("nothing to change: add name=, email=, segment=, source=, revenue= or at=")
	}
	return c, a.done()
}

func (cmd LeadEdit) run(ctx context.Context, c *call) (Response, error) {
	if cmd.Fields.At != nil {
		at, err := c.when(*cmd.Fields.At)
		if err != nil {
			return Response{}, err
		}
		cmd.Fields.At = &at
	}
	var before sla.Lead
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		before = l
		return c.h.App.Edit(ctx, c.a, l, cmd.Fields, c.actor(), c.now)
	})
	if err != nil {
		return Response{}, err
	}
	changes := sla.DiffLead(before, l)
	if len(changes) == 0 {
		return reply(render.Text("%s already reads like that: nothing changed.", l.ShortID()))
	}
	return Response{Message: render.Text(":pencil2: %s corrected %s: %s.", render.User(c.req.UserID), l.ShortID(), render.ChangeList(changes, c.a.Location())), InChannel: true}, nil
}

var specLeadDelete = command(&Spec{
	Name:     "lead delete",
	Group:    GroupLeads,
	Usage:    `/sla lead delete <lead> [reason="…"]`,
	Summary:  "Removes a mistaken lead: it stops counting everywhere; its history is kept. Party owners and admins.",
	Examples: []string{`/sla lead delete L-42 reason="test lead"`},
	cmd:      LeadDelete{},
})

// LeadDelete is `/sla lead delete <lead> [reason=…]`.
type LeadDelete struct {
	Lead   LeadRef
	Reason string
}

func (LeadDelete) Spec() *Spec { return specLeadDelete }

func (LeadDelete) parse(a *cmdArgs) (Command, error) {
	ref, _, err := a.leadAt("reason")
	if err != nil {
		return nil, err
	}
	if _, ok := a.opts["at"]; ok {
		return nil, a.fail("`at=` is not for a deletion: it happens now")
	}
	c := LeadDelete{Lead: ref}
	if t, ok := a.opts["reason"]; ok {
		if c.Reason, err = a.text(t, sla.MaxReasonLen); err != nil {
			return nil, err
		}
	}
	return c, a.done()
}

func (cmd LeadDelete) run(ctx context.Context, c *call) (Response, error) {
	l, err := c.findLead(ctx, cmd.Lead)
	if err != nil {
		return Response{}, err
	}
	if _, err := c.h.App.Delete(ctx, c.a, l, cmd.Reason, c.actor(), c.now); err != nil {
		return Response{}, err
	}
	why := ""
	if cmd.Reason != "" {
		why = " (" + render.Escape(cmd.Reason) + ")"
	}
	return Response{Message: render.Text(":wastebasket: %s deleted %s — %s%s. It no longer counts; `/sla lead history %s` keeps what happened.",
		render.User(c.req.UserID), l.ShortID(), render.Escape(l.Label()), why, l.ShortID()), InChannel: true}, nil
}

var specLeadReopen = command(&Spec{
	Name:     "lead reopen",
	Group:    GroupLeads,
	Usage:    "/sla lead reopen <lead>",
	Summary:  "Undoes a win or a loss: the lead is open again. Party owners and admins.",
	Examples: []string{"/sla lead reopen L-42"},
	cmd:      LeadReopen{},
})

// LeadReopen is `/sla lead reopen <lead>`.
type LeadReopen struct{ Lead LeadRef }

func (LeadReopen) Spec() *Spec { return specLeadReopen }

func (LeadReopen) parse(a *cmdArgs) (Command, error) {
	ref, err := oneLead(a)
	return LeadReopen{Lead: ref}, err
}

func (cmd LeadReopen) run(ctx context.Context, c *call) (Response, error) {
	l, err := c.change(ctx, cmd.Lead, func(l sla.Lead) (sla.Lead, error) {
		return c.h.App.Reopen(ctx, c.a, l, c.actor(), c.now)
	})
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":leftwards_arrow_with_hook: %s reopened %s — %s: it is open again.", render.User(c.req.UserID), l.ShortID(), render.Escape(l.Label())), InChannel: true}, nil
}

var specLeadHistory = command(&Spec{
	Name:     "lead history",
	Group:    GroupLeads,
	Usage:    "/sla lead history <lead>",
	Summary:  "Every change to the lead: who, when, what it was before and after.",
	Examples: []string{"/sla lead history L-42"},
	cmd:      LeadHistory{},
})

// LeadHistory is `/sla lead history <lead>`.
type LeadHistory struct{ Lead LeadRef }

func (LeadHistory) Spec() *Spec { return specLeadHistory }

func (LeadHistory) parse(a *cmdArgs) (Command, error) {
	ref, err := oneLead(a)
	return LeadHistory{Lead: ref}, err
}

func (cmd LeadHistory) run(ctx context.Context, c *call) (Response, error) {
	l, changes, err := c.h.App.History(ctx, c.a, cmd.Lead)
	if err != nil {
		return Response{}, err
	}
	return reply(render.History(l, changes, c.a.Location()))
}

// oneLead reads a command whose only argument is the lead.
func oneLead(a *cmdArgs) (LeadRef, error) {
	if err := a.collect(); err != nil {
		return LeadRef{}, err
	}
	ref, err := a.lead()
	if err != nil {
		return LeadRef{}, err
	}
	return ref, a.done()
}
