// Package app holds slabot's use cases, once each: record a lead, hand it
// off, log an attempt, mark it contacted, won or lost; set targets, apply a
// plan; press a nudge button; and the scheduled jobs' cores (digest, month
// close, midpoint, celebrations, breach scan, App Home). Slash commands,
// buttons, the webhook, the importer and the cron loop all come through
// here. It loads what a use case needs (the targets in force, the
// calendar), applies the rules of package sla, and saves through the Store
// it declares; storage implements Store and only cmd wires it in.
// docs/architecture.md draws the arrows.
package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Store is what the use cases read and write.
type Store interface {
	CreateAgreement(ctx context.Context, a *sla.Agreement, month sla.Month, t sla.Targets) error
	AgreementByChannel(ctx context.Context, team, channel string) (sla.Agreement, error)
	AgreementByID(ctx context.Context, team string, id int64) (sla.Agreement, error)
	Agreements(ctx context.Context, team string) ([]sla.Agreement, error)
	ActiveAgreements(ctx context.Context) ([]sla.Agreement, error)
	UpdateAgreement(ctx context.Context, team string, id int64, fn func(*sla.Agreement) error) (sla.Agreement, error)
	AddAdmin(ctx context.Context, team string, agreementID int64, user, by string, at time.Time) error
	RemoveAdmin(ctx context.Context, team string, agreementID int64, user string) (bool, error)
	Admins(ctx context.Context, team string, agreementID int64) ([]string, error)
	IsAdmin(ctx context.Context, team string, agreementID int64, user string) (bool, error)

	SetTargets(ctx context.Context, team string, agreementID int64, month sla.Month, p sla.TargetPatch, by string, at time.Time) error
	TargetsFor(ctx context.Context, team string, agreementID int64, month sla.Month) (sla.Targets, sla.TargetSource, error)
	SavePlan(ctx context.Context, team string, agreementID int64, p sla.SavedPlan) error
	PlanFor(ctx context.Context, team string, agreementID int64, month sla.Month) (sla.SavedPlan, bool, error)

	AddLead(ctx context.Context, l sla.Lead, key, by string) (sla.Lead, error)
	UpdateLead(ctx context.Context, team string, id int64, key, by string, at time.Time, fn func(*sla.Lead) (*sla.Attempt, error)) (sla.Lead, error)
	DeleteLead(ctx context.Context, team string, id int64, by, reason string, at time.Time) (sla.Lead, error)
	LeadHistory(ctx context.Context, team string, leadID int64) ([]sla.LeadChange, error)
	LeadByID(ctx context.Context, team string, id int64) (sla.Lead, error)
	LeadBySeq(ctx context.Context, team string, seq int64) (sla.Lead, error)
	LeadByExternalID(ctx context.Context, team, ext string) (sla.Lead, error)
	LeadsByEmail(ctx context.Context, team, email string) ([]sla.Lead, error)
	Attempts(ctx context.Context, team string, leadID int64) ([]sla.Attempt, error)
	ListLeads(ctx context.Context, team string, agreementID int64, f sla.LeadFilter) ([]sla.Lead, int64, error)
	RecomputeOpenLeads(ctx context.Context, team string, agreementID int64, fn func(*sla.Lead) bool) (int, error)

	StatusInput(ctx context.Context, a sla.Agreement, month sla.Month, now time.Time) (sla.StatusInput, error)
	ChartStore
	BreachStore
	RoutingStore
	Outbox
	SegmentStore
	SignoffStore
	FrictionStore
}

// Service runs the use cases against a Store.
type Service struct {
	Store Store
}

// Actor is who asks for a change.
type Actor struct {
	User string
	// WorkspaceAdmin reports whether User is a Slack workspace admin (who may
	// change any agreement); asked only when the cheaper checks fail, since
	// it costs a Slack call. Nil means no.
	WorkspaceAdmin func(ctx context.Context) bool
}

// isAdmin: an admin of the agreement or of the workspace.
func (s *Service) isAdmin(ctx context.Context, a sla.Agreement, who Actor) (bool, error) {
	ok, err := s.Store.IsAdmin(ctx, a.TeamID, a.ID, who.User)
	if err != nil || ok {
		return ok, err
	}
	return who.WorkspaceAdmin != nil && who.WorkspaceAdmin(ctx), nil
}

// MayChange refuses, with a polite Forbidden error, anyone who may not change
// the agreement (sla.MayChange).
func (s *Service) MayChange(ctx context.Context, a sla.Agreement, who Actor) error {
	if sla.MayChange(a, who.User, false) {
		return nil
	}
	admin, err := s.isAdmin(ctx, a, who)
	if err != nil {
		return err
	}
	if sla.MayChange(a, who.User, admin) {
		return nil
	}
	return sla.Errorf(sla.Forbidden, "Only the party owners (%s, %s) and the agreement's admins can change the %s agreement. Ask one of them, or ask them to run `/sla admin add @you`.",
		render.User(a.Marketing), render.User(a.Sales), a.Name)
}

// MayWorkLead refuses, once the lead is handed off, anyone but its rep, the
// sales owner and the admins (sla.MayWorkLead).
func (s *Service) MayWorkLead(ctx context.Context, a sla.Agreement, l sla.Lead, who Actor) error {
	if sla.MayWorkLead(a, l, who.User, false) {
		return nil
	}
	admin, err := s.isAdmin(ctx, a, who)
	if err != nil {
		return err
	}
	if sla.MayWorkLead(a, l, who.User, admin) {
		return nil
	}
	return sla.Errorf(sla.Forbidden, "%s is %s's lead: only they, the sales owner (%s) and the agreement's admins record its attempts, contact and outcome.",
		l.ShortID(), render.User(l.Owner), render.User(a.Sales))
}

// MayCorrectLead refuses anyone but the party owners and admins, and the
// lead's rep for its own outcome (sla.MayCorrectLead).
func (s *Service) MayCorrectLead(ctx context.Context, a sla.Agreement, l sla.Lead, who Actor, outcomeOnly bool) error {
	if sla.MayCorrectLead(a, l, who.User, false, outcomeOnly) {
		return nil
	}
	admin, err := s.isAdmin(ctx, a, who)
	if err != nil {
		return err
	}
	if sla.MayCorrectLead(a, l, who.User, admin, outcomeOnly) {
		return nil
	}
	rep := ""
	if outcomeOnly && l.Owner != "" {
		rep = fmt.Sprintf(", and its rep %s for its outcome", render.User(l.Owner))
	}
	return sla.Errorf(sla.Forbidden, "Only the party owners (%s, %s) and the agreement's admins correct %s%s.",
		render.User(a.Marketing), render.User(a.Sales), l.ShortID(), rep)
}

// LeadTargets are the targets that measure the lead (sla.TargetMonth,
// sla.TargetsInForce).
func (s *Service) LeadTargets(ctx context.Context, a sla.Agreement, l sla.Lead, now time.Time) (sla.Targets, error) {
	t, _, err := s.Store.TargetsFor(ctx, a.TeamID, a.ID, sla.TargetMonth(l, now, a))
	return t, err
}

// LeadRef is a lead as a person names it: short id, email or external id.
type LeadRef struct {
	Raw      string // as typed, for messages
	Seq      int64  // L-42 → 42
	Email    string
	External string
}

func (r LeadRef) String() string { return r.Raw }

// FindLead resolves ref to a lead of the agreement. A deleted lead is not
// found; the error says so.
func (s *Service) FindLead(ctx context.Context, a sla.Agreement, ref LeadRef) (sla.Lead, error) {
	return s.findLead(ctx, a, ref, false)
}

func (s *Service) findLead(ctx context.Context, a sla.Agreement, ref LeadRef, deleted bool) (sla.Lead, error) {
	var (
		l   sla.Lead
		err error
	)
	switch {
	case ref.Seq > 0:
		l, err = s.Store.LeadBySeq(ctx, a.TeamID, ref.Seq)
	case ref.Email != "":
		var ls []sla.Lead
		ls, err = s.Store.LeadsByEmail(ctx, a.TeamID, ref.Email)
		if err == nil {
			var mine []sla.Lead
			for _, x := range ls {
				if x.AgreementID == a.ID || deleted && x.AgreementID == -a.ID {
					mine = append(mine, x)
				}
			}
			switch len(mine) {
			case 0:
				err = sla.Errorf(sla.NotFound, "No lead with the email %s in this agreement.", ref.Email)
			case 1:
				l = mine[0]
			default:
				var ids []string
				for _, x := range mine {
					ids = append(ids, x.ShortID())
				}
				return l, sla.Errorf(sla.Conflict, "%d leads have the email %s (%s); use the short id.", len(mine), ref.Email, strings.Join(ids, ", "))
			}
		}
	default:
		l, err = s.Store.LeadByExternalID(ctx, a.TeamID, ref.External)
	}
	if err == nil && l.AgreementID == -a.ID && a.ID != 0 {
		if deleted {
			return l, nil
		}
		return sla.Lead{}, sla.Errorf(sla.NotFound, "%s was deleted from the %s agreement; `/sla lead history %s` says when, by whom and why.", l.ShortID(), render.Escape(a.Name), l.ShortID())
	}
	if err == nil && l.AgreementID > 0 && l.AgreementID != a.ID {
		// Typed in the wrong channel: say where the lead is.
		if other, oerr := s.Store.AgreementByID(ctx, a.TeamID, l.AgreementID); oerr == nil {
			return sla.Lead{}, sla.Errorf(sla.NotFound, "%s is a lead of the %s agreement, in %s; run the command there.", l.ShortID(), render.Escape(other.Name), render.Channel(other.ChannelID))
		}
	}
	if sla.ErrorCode(err) == sla.NotFound || (err == nil && l.AgreementID != a.ID) {
		return sla.Lead{}, sla.Errorf(sla.NotFound, "No lead %s in the %s agreement. `/sla leads` lists the recent ones.", render.Escape(ref.Raw), render.Escape(a.Name))
	}
	return l, err
}

// RecordLead stores a new lead (AddLead) for a caller that needs only the
// lead.
func (s *Service) RecordLead(ctx context.Context, a sla.Agreement, l sla.Lead, key, by string, now time.Time) (sla.Lead, error) {
	h, err := s.AddLead(ctx, a, l, key, by, now)
	return h.Lead, err
}

// AddLead stores a new lead. An owner named at creation owns it from that
// moment: the hand-off, with its clocks, routed as HandOff routes one (a
// rep at the strike limit's lead goes to the pool, an away rep's to their
// cover; docs/design.md, Routing). With a key, a repeat returns the first
// lead and sla.ErrDuplicate.
func (s *Service) AddLead(ctx context.Context, a sla.Agreement, l sla.Lead, key, by string, now time.Time) (Handoff, error) {
	l.TeamID, l.AgreementID = a.TeamID, a.ID
	if err := l.Validate(); err != nil {
		return Handoff{Lead: l}, err // the callers check first; this guards the store
	}
	if err := s.unique(ctx, a, l); err != nil {
		return Handoff{Lead: l}, err
	}
	if l.Source == "" {
		l.Source = sla.SourceMarketing
	}
	if l.QualifiedAt.IsZero() {
		l.QualifiedAt = l.CreatedAt // a lead recorded in Slack is an MQL from the start
	}
	if l.SpeedSecs == 0 && l.FirstAttemptAt.IsZero() {
		l.SpeedSecs = -1
	}
	var h Handoff
	if l.Owner != "" && l.HandedOffAt.IsZero() {
		rep := l.Owner
		l.Owner = ""
		var err error
		if h, rep, err = s.route(ctx, a, l, rep, false, l.CreatedAt, now); err != nil {
			return Handoff{Lead: l}, err
		}
		if _, err := sla.HandOff(&l, rep, l.CreatedAt, a.Location()); err != nil {
			return Handoff{Lead: l}, err
		}
	}
	if l.Owner != "" {
		t, err := s.LeadTargets(ctx, a, l, now)
		if err != nil {
			return Handoff{Lead: l}, err
		}
		aways, err := s.Aways(ctx, a, now)
		if err != nil {
			return Handoff{Lead: l}, err
		}
		sla.SetClocks(&l, t, sla.RepCalendar(a.Calendar(), aways, l.Owner))
	}
	var err error
	h.Lead, err = s.Store.AddLead(ctx, l, key, by)
	return h, err
}

// Change applies fn to the lead in one transaction and recomputes its
// clocks against the targets of its hand-off month. Targets are loaded
// before the transaction (a store call inside it would wait for the
// connection the transaction holds, on SQLite); handoff is the instant a
// hand-off is about to set, else zero. A repeated key changes nothing and
// returns the lead as it is, with sla.ErrDuplicate.
func (s *Service) Change(ctx context.Context, a sla.Agreement, l sla.Lead, key, by string, handoff, now time.Time, fn func(l *sla.Lead) (*sla.Attempt, error)) (sla.Lead, error) {
	probe := l
	if probe.HandedOffAt.IsZero() && !handoff.IsZero() {
		probe.HandedOffAt = handoff
	}
	t, err := s.LeadTargets(ctx, a, probe, now)
	if err != nil {
		return l, err
	}
	cal := a.Calendar()
	aways, err := s.Aways(ctx, a, now) // the owner's away time pauses the clocks
	if err != nil {
		return l, err
	}
	return s.Store.UpdateLead(ctx, a.TeamID, l.ID, key, by, now, func(l *sla.Lead) (*sla.Attempt, error) {
		att, err := fn(l)
		if err != nil {
			return nil, err
		}
		sla.SetClocks(l, t, sla.RepCalendar(cal, aways, l.Owner))
		return att, nil
	})
}

// Handoff is what a hand-off did.
type Handoff struct {
	Lead       sla.Lead
	Reassigned bool   // the lead had an owner already; the clock keeps running
	PrevOwner  string // that owner
	CoverFor   string // the rep asked for, away: the lead went to their cover
	Pool       bool   // the pool picked the rep
	Struck     string // the rep asked for, at the strike limit: the pool picked instead
	Strikes    int    // Struck's strikes this month
}

// HandOff gives the lead to rep at at; the speed clock starts (sla.HandOff).
// Unless forced, a rep at the strike limit with strike routing on gets it
// not: the pool's next rep does (docs/design.md, Routing).
func (s *Service) HandOff(ctx context.Context, a sla.Agreement, l sla.Lead, rep, by string, force bool, at, now time.Time, key string) (Handoff, error) {
	h, rep, err := s.route(ctx, a, l, rep, force, at, now)
	if err != nil {
		return Handoff{Lead: l}, err
	}
	out, err := s.Change(ctx, a, l, key, by, at, now, func(l *sla.Lead) (*sla.Attempt, error) {
		h.PrevOwner = l.Owner
		var err error
		h.Reassigned, err = sla.HandOff(l, rep, at, a.Location())
		return nil, err
	})
	h.Lead = out
	return h, err
}

// Attempt logs a follow-up attempt by who.
func (s *Service) Attempt(ctx context.Context, a sla.Agreement, l sla.Lead, via sla.Via, who Actor, at, now time.Time, key string) (sla.Lead, error) {
	if err := s.MayWorkLead(ctx, a, l, who); err != nil {
		return l, err
	}
	by := who.User
	return s.Change(ctx, a, l, key, by, time.Time{}, now, func(l *sla.Lead) (*sla.Attempt, error) {
		return sla.RecordAttempt(l, via, at, by, a.Calendar())
	})
}

// Contacted records a real conversation: every clock stops.
func (s *Service) Contacted(ctx context.Context, a sla.Agreement, l sla.Lead, who Actor, at, now time.Time, key string) (sla.Lead, error) {
	if err := s.MayWorkLead(ctx, a, l, who); err != nil {
		return l, err
	}
	return s.Change(ctx, a, l, key, who.User, time.Time{}, now, func(l *sla.Lead) (*sla.Attempt, error) {
		return nil, sla.MarkContacted(l, at, a.Location())
	})
}

// RevenueToConfirm is returned by Won, with nothing written, for a revenue
// above sla.RevenueCeiling that was not confirmed.
type RevenueToConfirm struct {
	Lead             sla.Lead
	Revenue, Ceiling sla.Money
	PlanDeal         sla.Money // 0 without a plan
}

func (e *RevenueToConfirm) Error() string {
	return fmt.Sprintf("revenue %s above %s needs confirming", e.Revenue, e.Ceiling)
}

// Won records the outcome with its revenue. A revenue far above what the
// plan expects is recorded only when confirmed (a typed 1M for 1k).
func (s *Service) Won(ctx context.Context, a sla.Agreement, l sla.Lead, revenue sla.Money, who Actor, confirmed bool, at, now time.Time, key string) (sla.Lead, error) {
	if err := s.MayWorkLead(ctx, a, l, who); err != nil {
		return l, err
	}
	if !confirmed {
		plan, ok, err := s.Store.PlanFor(ctx, a.TeamID, a.ID, sla.MonthOf(at, a.Location()))
		if err != nil {
			return l, err
		}
		var in *sla.PlanInput
		if ok {
			in = &plan.Input
		}
		if ceiling := sla.RevenueCeiling(in); revenue > ceiling {
			rc := &RevenueToConfirm{Lead: l, Revenue: revenue, Ceiling: ceiling}
			if in != nil {
				rc.PlanDeal = in.Deal
			}
			return l, rc
		}
	}
	return s.Change(ctx, a, l, key, who.User, time.Time{}, now, func(l *sla.Lead) (*sla.Attempt, error) {
		return nil, sla.MarkWon(l, revenue, at, a.Location())
	})
}

// Lost records the outcome with its reason.
func (s *Service) Lost(ctx context.Context, a sla.Agreement, l sla.Lead, reason string, who Actor, at, now time.Time, key string) (sla.Lead, error) {
	if err := s.MayWorkLead(ctx, a, l, who); err != nil {
		return l, err
	}
	return s.Change(ctx, a, l, key, who.User, time.Time{}, now, func(l *sla.Lead) (*sla.Attempt, error) {
		return nil, sla.MarkLost(l, reason, at, a.Location())
	})
}

// Snooze holds the lead's nudges for d.
func (s *Service) Snooze(ctx context.Context, a sla.Agreement, l sla.Lead, d time.Duration, by string, now time.Time, key string) (sla.Lead, error) {
	return s.Change(ctx, a, l, key, by, time.Time{}, now, func(l *sla.Lead) (*sla.Attempt, error) {
		l.SnoozedUntil = now.Add(d)
		return nil, nil
	})
}

// SetTargets records targets from month on and moves the clocks of the open
// leads they measure. It returns the targets now in force for month and how
// many open leads' clocks moved.
func (s *Service) SetTargets(ctx context.Context, a sla.Agreement, month sla.Month, p sla.TargetPatch, by string, now time.Time) (sla.Targets, int, error) {
	if p.MQLGoal != nil || p.ValueGoal != nil {
		if err := beforeAgreement(a, month); err != nil {
			return sla.Targets{}, 0, err
		}
	}
	if err := s.Store.SetTargets(ctx, a.TeamID, a.ID, month, p, by, now); err != nil {
		return sla.Targets{}, 0, err
	}
	t, _, err := s.Store.TargetsFor(ctx, a.TeamID, a.ID, month)
	if err != nil {
		return t, 0, err
	}
	if p.Speed == nil && p.Depth == nil && p.Within == nil && p.Warn == nil {
		return t, 0, nil // a goal moves no clock
	}
	n, err := s.RecomputeClocks(ctx, a)
	return t, n, err
}

// beforeAgreement refuses a goal for a month that ended before the
// agreement was set up (sla.Agreement.Covers).
func beforeAgreement(a sla.Agreement, m sla.Month) error {
	if a.Covers(m) {
		return nil
	}
	loc := a.Location()
	return sla.Errorf(sla.Invalid, "The %s agreement was set up on %s; %s was before it, so it has no goal to set. Set this month's or a later one.",
		a.Name, a.CreatedAt.In(loc).Format("Mon 2 Jan 2006"), m.Label())
}

// SavePlan records a plan; an applied plan's lead count becomes the month's
// MQL goal in the same transaction.
func (s *Service) SavePlan(ctx context.Context, a sla.Agreement, p sla.SavedPlan) error {
	if p.Applied {
		if err := beforeAgreement(a, p.Month); err != nil {
			return err
		}
	}
	if p.Applied && p.Result.Leads > 1_000_000_000 {
		return sla.Errorf(sla.Invalid, "That plan needs %d leads a month, more than slabot can track as a goal; check the inputs.", p.Result.Leads)
	}
	return s.Store.SavePlan(ctx, a.TeamID, a.ID, p)
}

// RecomputeClocks moves the clocks of every open lead of a to its current
// calendar and targets; it reports how many moved.
func (s *Service) RecomputeClocks(ctx context.Context, a sla.Agreement) (int, error) {
	cal := a.Calendar()
	aways, err := s.Store.Aways(ctx, a.TeamID, a.ID, time.Time{})
	if err != nil {
		return 0, err
	}
	cache := map[sla.Month]sla.Targets{}
	var ferr error
	n, err := s.Store.RecomputeOpenLeads(ctx, a.TeamID, a.ID, func(l *sla.Lead) bool {
		m := sla.TargetMonth(*l, l.HandedOffAt, a)
		t, ok := cache[m]
		if !ok {
			var err error
			t, _, err = s.Store.TargetsFor(ctx, a.TeamID, a.ID, m)
			if err != nil {
				ferr = err
				return false
			}
			cache[m] = t
		}
		before := *l
		sla.SetClocks(l, t, sla.RepCalendar(cal, aways, l.Owner))
		return !l.WarnAt.Equal(before.WarnAt) || !l.SpeedDueAt.Equal(before.SpeedDueAt) ||
			!l.DepthDueAt.Equal(before.DepthDueAt) || !l.NextCheckAt.Equal(before.NextCheckAt)
	})
	return n, errors.Join(ferr, err)
}

// Setup creates an agreement with the default sales targets from its first
// month (sla.TargetsInForce carries them back to earlier hand-offs).
func (s *Service) Setup(ctx context.Context, a *sla.Agreement) error {
	return s.Store.CreateAgreement(ctx, a, sla.MonthOf(a.CreatedAt, a.Location()), sla.DefaultTargets)
}

// SetCalendar changes the agreement's business hours, timezone or holidays
// with fn and moves the open leads' clocks to the new calendar. It returns
// the agreement as saved and how many leads' clocks moved.
func (s *Service) SetCalendar(ctx context.Context, a sla.Agreement, fn func(*sla.Agreement) error) (sla.Agreement, int, error) {
	a, err := s.Store.UpdateAgreement(ctx, a.TeamID, a.ID, fn)
	if err != nil {
		return a, 0, err
	}
	n, err := s.RecomputeClocks(ctx, a)
	return a, n, err
}

// SetNudgeRules changes how often and how many nudge DMs the agreement's
// reps get (repeat, group, cap); the next scan applies them.
func (s *Service) SetNudgeRules(ctx context.Context, a sla.Agreement, repeat, group *time.Duration, limit *int) (sla.Agreement, error) {
	return s.Store.UpdateAgreement(ctx, a.TeamID, a.ID, func(a *sla.Agreement) error {
		if repeat != nil {
			a.Repeat = *repeat
		}
		if group != nil {
			a.Group = *group
		}
		if limit != nil {
			a.Cap = *limit
		}
		return nil
	})
}

// unique refuses a second lead with the same email or external id in the
// agreement, naming the one that exists.
func (s *Service) unique(ctx context.Context, a sla.Agreement, l sla.Lead) error {
	dup := func(x sla.Lead, what string) error {
		return sla.Errorf(sla.Conflict, "%s is already %s (%s) in this agreement: `/sla lead show %s`, or correct it with `/sla lead edit %s …`.",
			what, x.ShortID(), render.Escape(x.Label()), x.ShortID(), x.ShortID())
	}
	if l.ExternalID != "" {
		x, err := s.Store.LeadByExternalID(ctx, a.TeamID, l.ExternalID)
		switch {
		case err == nil && x.AgreementID == a.ID:
			return dup(x, "The id "+render.Escape(l.ExternalID))
		case err != nil && sla.ErrorCode(err) != sla.NotFound:
			return err
		}
	}
	if l.Email != "" {
		xs, err := s.Store.LeadsByEmail(ctx, a.TeamID, l.Email)
		if err != nil {
			return err
		}
		for _, x := range xs {
			if x.AgreementID == a.ID {
				return dup(x, l.Email)
			}
		}
	}
	return nil
}
