package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Sign-off (docs/design.md, Sign-off): a change one party's owner makes to
// the document or the targets waits for the other owner's approval; the
// approval DM goes out once through the outbox.

// SignoffStore keeps the agreement's changes.
type SignoffStore interface {
	// AddChange records c; a pending change's DM parts (dm) are recorded in
	// the same transaction, an applied change takes the next version.
	AddChange(ctx context.Context, c *sla.Change, dm func(sla.Change) []sla.Part) error
	// DecideChange moves a pending change on; ok is false when it was
	// no longer pending, and nothing was written.
	DecideChange(ctx context.Context, team string, id int64, status sla.ChangeStatus, who string, at time.Time) (sla.Change, bool, error)
	ChangeByID(ctx context.Context, team string, id int64) (sla.Change, error)
	Changes(ctx context.Context, team string, agreementID int64) ([]sla.Change, error)
	// AddException records an agreed exception period, once.
	AddException(ctx context.Context, team string, agreementID int64, e sla.Exception) error
	// RemoveException deletes the exception of exactly that period, if any.
	RemoveException(ctx context.Context, team string, agreementID int64, from, to sla.Date) error
}

// KindSignoff is the outbox kind of an approval DM; its period is the change id.
const KindSignoff = "signoff"

// Held is a change that waits for approval instead of applying.
type Held struct {
	Change sla.Change
}

// Propose decides whether items by who apply at once or wait for the other
// party's owner (sla.Approver). Held: the change is recorded pending with its
// DM, and nothing else is written. Not held: the caller writes the change
// and then calls Applied to version it.
func (s *Service) Propose(ctx context.Context, a sla.Agreement, who Actor, items []sla.ChangeItem, now time.Time) (*Held, error) {
	changes, err := s.Store.Changes(ctx, a.TeamID, a.ID)
	if err != nil {
		return nil, err
	}
	approver := sla.Approver(a, who.User, sla.ApprovalOff(changes))
	if approver == "" || approver == who.User {
		return nil, nil
	}
	c, err := s.ProposeTo(ctx, a, who.User, approver, items, now)
	if err != nil {
		return nil, err
	}
	return &Held{Change: c}, nil
}

// signoffParts is the approval DM of a pending change.
func signoffParts(c sla.Change) []sla.Part {
	return []sla.Part{{
		Key:     sla.PartKey{PostKey: sla.PostKey{TeamID: c.TeamID, AgreementID: c.AgreementID, Kind: KindSignoff, Period: strconv.FormatInt(c.ID, 10)}, Part: PartMessage},
		Channel: c.WaitFor,
	}}
}

// Applied versions a change the caller has just written.
func (s *Service) Applied(ctx context.Context, a sla.Agreement, by string, items []sla.ChangeItem, now time.Time) (sla.Change, error) {
	c := &sla.Change{TeamID: a.TeamID, AgreementID: a.ID, Status: sla.ChangeApplied, By: by, At: now, Items: items}
	err := s.Store.AddChange(ctx, c, nil)
	return *c, err
}

// Approve applies a pending change approved by who, the owner it waits
// for. The writes are idempotent (a section set to its text, a target to
// its value), so a run that dies between applying and marking leaves the
// change pending and a second approval applies it again harmlessly; the
// mark itself happens once.
func (s *Service) Approve(ctx context.Context, a sla.Agreement, id int64, who Actor, now time.Time) (sla.Change, error) {
	c, err := s.pendingChange(ctx, a, id)
	if err != nil {
		return c, err
	}
	if who.User != c.WaitFor {
		return c, sla.Errorf(sla.Forbidden, "Change #%d waits for %s's approval: only they can approve it.", c.ID, render.User(c.WaitFor))
	}
	if err := s.applyItems(ctx, a, c.Items, c.By, now); err != nil {
		return c, err
	}
	out, ok, err := s.Store.DecideChange(ctx, a.TeamID, c.ID, sla.ChangeApplied, who.User, now)
	if err != nil {
		return c, err
	}
	if !ok {
		return out, decidedErr(out)
	}
	return out, nil
}

// Withdraw takes back a pending change: by whoever proposed it, or by the
// owner it waits for.
func (s *Service) Withdraw(ctx context.Context, a sla.Agreement, id int64, who Actor, now time.Time) (sla.Change, error) {
	c, err := s.pendingChange(ctx, a, id)
	if err != nil {
		return c, err
	}
	if who.User != c.By && who.User != c.WaitFor {
		return c, sla.Errorf(sla.Forbidden, "Change #%d is %s's: only they, or %s whose approval it waits for, can withdraw it.", c.ID, render.User(c.By), render.User(c.WaitFor))
	}
	out, ok, err := s.Store.DecideChange(ctx, a.TeamID, c.ID, sla.ChangeWithdrawn, who.User, now)
	if err == nil && !ok {
		err = decidedErr(out)
	}
	return out, err
}

func (s *Service) pendingChange(ctx context.Context, a sla.Agreement, id int64) (sla.Change, error) {
	c, err := s.Store.ChangeByID(ctx, a.TeamID, id)
	if sla.ErrorCode(err) == sla.NotFound || err == nil && c.AgreementID != a.ID {
		return c, sla.Errorf(sla.NotFound, "No change #%d in the %s agreement. `/sla agreement changes` lists them.", id, render.Escape(a.Name))
	}
	if err != nil {
		return c, err
	}
	if c.Status != sla.ChangePending {
		return c, decidedErr(c)
	}
	return c, nil
}

func decidedErr(c sla.Change) error {
	if c.Status == sla.ChangeApplied {
		return sla.Errorf(sla.Conflict, "Change #%d was already approved by %s: it made version %d.", c.ID, render.User(c.DecidedBy), c.Version)
	}
	return sla.Errorf(sla.Conflict, "Change #%d was withdrawn by %s.", c.ID, render.User(c.DecidedBy))
}

// applyItems writes a change's items, each through the use case that
// writes it directly.
func (s *Service) applyItems(ctx context.Context, a sla.Agreement, items []sla.ChangeItem, by string, now time.Time) error {
	var patch sla.TargetPatch
	sales := false
	for _, it := range items {
		switch it.Kind {
		case sla.ChangeSection:
			_, err := s.Store.UpdateAgreement(ctx, a.TeamID, a.ID, func(x *sla.Agreement) error {
				if x.Text == nil {
					x.Text = map[sla.Section]string{}
				}
				if it.After == "" {
					delete(x.Text, sla.Section(it.Key))
				} else {
					x.Text[sla.Section(it.Key)] = it.After
				}
				return nil
			})
			if err != nil {
				return err
			}
		case sla.ChangeMQL:
			m, err := sla.ParseMonth(it.Key)
			if err != nil {
				return err
			}
			goal, err := strconv.Atoi(it.After)
			if err != nil {
				return fmt.Errorf("change mql %q: %w", it.After, err)
			}
			if _, _, err := s.SetTargets(ctx, a, m, sla.TargetPatch{MQLGoal: &goal}, by, now); err != nil {
				return err
			}
		case sla.ChangePlan:
			m, err := sla.ParseMonth(it.Key)
			if err != nil {
				return err
			}
			in, err := sla.DecodePlanInput(it.After)
			if err != nil {
				return err
			}
			res, err := sla.ComputePlan(in)
			if err != nil {
				return err
			}
			if err := s.SavePlan(ctx, a, sla.SavedPlan{Month: m, Input: in, Result: res, Applied: true, CreatedBy: by, CreatedAt: now}); err != nil {
				return err
			}
		case sla.ChangeSpeed, sla.ChangeWithin:
			n, err := strconv.ParseInt(it.After, 10, 64)
			if err != nil {
				return fmt.Errorf("change %s %q: %w", it.Kind, it.After, err)
			}
			d := time.Duration(n) * time.Second
			if it.Kind == sla.ChangeSpeed {
				patch.Speed = &d
			} else {
				patch.Within = &d
			}
			sales = true
		case sla.ChangeDepth:
			n, err := strconv.Atoi(it.After)
			if err != nil {
				return fmt.Errorf("change depth %q: %w", it.After, err)
			}
			patch.Depth, sales = &n, true
		case sla.ChangeWarn:
			n, err := strconv.ParseInt(it.After, 10, 64)
			if err != nil {
				return fmt.Errorf("change warn %q: %w", it.After, err)
			}
			r := sla.Ratio(n)
			patch.Warn, sales = &r, true
		case sla.ChangeApproval:
			// The setting is the change itself (sla.ApprovalOff).
		default:
			if err := s.applyOther(ctx, a, it, by, now); err != nil {
				return err
			}
		}
	}
	if sales {
		if _, _, err := s.SetTargets(ctx, a, sla.MonthOf(now, a.Location()), patch, by, now); err != nil {
			return err
		}
	}
	return nil
}

// errUnknownItem: a kind this build cannot apply (written by a newer one).
var errUnknownItem = errors.New("unknown change kind")

// applyOther applies the kinds that live beside the document and targets.
func (s *Service) applyOther(ctx context.Context, a sla.Agreement, it sla.ChangeItem, by string, now time.Time) error {
	switch it.Kind {
	case sla.ChangeService:
		_, err := s.Store.UpdateAgreement(ctx, a.TeamID, a.ID, func(x *sla.Agreement) error {
			x.Service, x.Kind = it.After, sla.KindMultiLevel
			return nil
		})
		return err
	case sla.ChangeException, sla.ChangeExceptionRemove:
		from, to, err := sla.ParseExceptionKey(it.Key)
		if err != nil {
			return err
		}
		if it.Kind == sla.ChangeException {
			err = s.Store.AddException(ctx, a.TeamID, a.ID, sla.Exception{From: from, To: to, Reason: it.After, By: by, At: now})
		} else {
			err = s.Store.RemoveException(ctx, a.TeamID, a.ID, from, to)
		}
		if err != nil {
			return err
		}
		// The exception's days close the calendar: the open leads' clocks move.
		fresh, err := s.Store.AgreementByID(ctx, a.TeamID, a.ID)
		if err != nil {
			return err
		}
		_, err = s.RecomputeClocks(ctx, fresh)
		return err
	}
	return s.applySegmentItem(ctx, a, it, by, now)
}

// applySegmentItem applies the kinds of the plan by segment: a segment, its
// removal, the value goal and an applied plan by segment.
func (s *Service) applySegmentItem(ctx context.Context, a sla.Agreement, it sla.ChangeItem, by string, now time.Time) error {
	switch it.Kind {
	case sla.ChangeSegment:
		seg, err := sla.DecodeSegment(it.Key, it.After)
		if err != nil {
			return err
		}
		return s.SetSegment(ctx, a, seg, by, now)
	case sla.ChangeSegmentRemove:
		// Gone already is what the change wants: applying stays idempotent.
		_, err := s.Store.RemoveSegment(ctx, a.TeamID, a.ID, it.Key)
		return err
	case sla.ChangeValue:
		m, err := sla.ParseMonth(it.Key)
		if err != nil {
			return err
		}
		n, err := strconv.ParseInt(it.After, 10, 64)
		if err != nil {
			return fmt.Errorf("change value %q: %w", it.After, err)
		}
		v := sla.Money(n)
		_, _, err = s.SetTargets(ctx, a, m, sla.TargetPatch{ValueGoal: &v}, by, now)
		return err
	case sla.ChangeSegmentedPlan:
		m, err := sla.ParseMonth(it.Key)
		if err != nil {
			return err
		}
		quota, share, segs, err := sla.DecodeSegmentedPlan(it.After)
		if err != nil {
			return err
		}
		// The segments as proposed, not as they are now: the approver
		// approves the plan the change shows.
		p, err := sla.ComputeSegmentedPlan(quota, share, segs)
		if err != nil {
			return err
		}
		return s.SaveSegmentedPlan(ctx, a, quota, share, p, m, true, by, now)
	}
	return fmt.Errorf("%w %q", errUnknownItem, it.Kind)
}

// Signoff is what status and the document say about the sign-off: the
// version in force, the change that made it, and who pending changes wait for.
type Signoff struct {
	Version     int
	Made        sla.Change // zero while the agreement is as set up
	HasMade     bool
	WaitOrder   []string
	Waiting     map[string]int
	ApprovalOff bool
	Changes     []sla.Change
}

// SignoffState loads the agreement's sign-off.
func (s *Service) SignoffState(ctx context.Context, a sla.Agreement) (Signoff, error) {
	changes, err := s.Store.Changes(ctx, a.TeamID, a.ID)
	if err != nil {
		return Signoff{}, err
	}
	st := Signoff{Changes: changes, ApprovalOff: sla.ApprovalOff(changes)}
	st.Version, st.Made, st.HasMade = sla.InForce(changes)
	st.WaitOrder, st.Waiting = sla.Waiting(changes)
	return st, nil
}

// Line is status's line about the sign-off: the version in force and who
// pending changes wait for.
func (st Signoff) Line() string {
	line := fmt.Sprintf("Agreement version %d", st.Version)
	for _, u := range st.WaitOrder {
		line += fmt.Sprintf(" · %s waiting for %s", render.Plural(st.Waiting[u], "change", "changes"), render.User(u))
	}
	return line
}

// SignoffDMs sends the approval DMs still in the outbox (the command's
// follow-up, and the sweep for any a failed send left).
func (j *Jobs) SignoffDMs(ctx context.Context, now time.Time) error {
	parts, err := j.Store.PendingParts(ctx, []string{KindSignoff}, j.clock(), 200)
	if err != nil {
		return err
	}
	missing := &Missing{}
	for _, p := range parts {
		if err := j.signoffDM(ctx, p); err != nil {
			missing.add(fmt.Sprintf("%s (DM to %s)", p.Key, p.Channel), err)
		}
	}
	if len(missing.Parts) > 0 {
		return missing
	}
	return nil
}

func (j *Jobs) signoffDM(ctx context.Context, p sla.Part) error {
	c, err := j.claim(ctx, p)
	if err != nil || c.State != sla.Claimed {
		if errors.Is(err, errHeld) {
			return nil
		}
		return err
	}
	err = j.send(ctx, c, true, piece{name: p.Key.Part, message: func() (render.Message, error) {
		id, err := strconv.ParseInt(p.Key.Period, 10, 64)
		if err != nil {
			return render.Message{}, fmt.Errorf("signoff period %q: %w", p.Key.Period, err)
		}
		ch, err := j.Store.ChangeByID(ctx, p.Key.TeamID, id)
		if err != nil {
			return render.Message{}, err
		}
		if ch.Status != sla.ChangePending {
			return render.Message{}, errNothingLeft // decided by command before the DM went
		}
		a, err := j.Store.AgreementByID(ctx, p.Key.TeamID, p.Key.AgreementID)
		if err != nil {
			return render.Message{}, err
		}
		return render.SignoffRequest(a, ch), nil
	}})
	if errors.Is(err, errLost) || errors.Is(err, errHeld) {
		return nil
	}
	return err
}

// pressChange handles the Approve and Discuss buttons of an approval DM.
func (j *Jobs) pressChange(ctx context.Context, c Click, now time.Time) (*render.Message, error) {
	id, err := strconv.ParseInt(c.Value, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("button value %q: %w", c.Value, err)
	}
	ch, err := j.Store.ChangeByID(ctx, c.TeamID, id)
	if err != nil {
		return nil, err
	}
	a, err := j.Store.AgreementByID(ctx, c.TeamID, ch.AgreementID)
	if err != nil {
		return nil, err
	}
	svc := j.service()
	refused := func(err error) (*render.Message, error) {
		if code := sla.ErrorCode(err); code == sla.Forbidden || code == sla.Conflict || code == sla.NotFound || code == sla.Invalid {
			m := render.Text("%s", sla.ErrorMessage(err))
			return &m, nil
		}
		return nil, err
	}
	switch c.ActionID {
	case render.ActionApproveChange:
		out, err := svc.Approve(ctx, a, id, Actor{User: c.UserID}, now)
		if err != nil {
			return refused(err)
		}
		if _, err := j.Slack.Post(ctx, a.ChannelID, render.ChangeApproved(a, out)); err != nil {
			j.Log.Error("approval not posted in channel", "agreement", a.ID, "change", id, "err", err)
		}
		if err := j.CheckGoal(ctx, a.TeamID, a.ID, now); err != nil { // a new goal may be met already
			j.Log.Error("goal check after approval", "agreement", a.ID, "err", err)
		}
		return nil, j.Slack.Update(ctx, c.ChannelID, c.MessageTS, render.SignoffDecided(a, out))
	case render.ActionDiscussChange:
		if ch.Status != sla.ChangePending {
			return refused(decidedErr(ch))
		}
		if c.UserID != ch.WaitFor {
			return refused(sla.Errorf(sla.Forbidden, "Change #%d waits for %s's approval.", ch.ID, render.User(ch.WaitFor)))
		}
		if _, err := j.Slack.Post(ctx, a.ChannelID, render.ChangeDiscuss(a, ch, c.UserID)); err != nil {
			return nil, err
		}
		if err := j.Slack.Update(ctx, c.ChannelID, c.MessageTS, render.SignoffDiscussed(a, ch)); err != nil {
			return nil, err
		}
		m := render.Text("I asked %s in %s to talk it over; change #%d keeps waiting for you (`/sla agreement approve %d`, or withdraw it with `/sla agreement withdraw %d`).", render.User(ch.By), render.Channel(a.ChannelID), ch.ID, ch.ID, ch.ID)
		return &m, nil
	}
	return nil, fmt.Errorf("unknown action %q", c.ActionID)
}

// CheckGoal refuses, before anything is proposed, a goal the write would
// refuse: one for a month before the agreement, or a plan too large to track.
func (s *Service) CheckGoal(a sla.Agreement, month sla.Month, leads int64) error {
	if err := beforeAgreement(a, month); err != nil {
		return err
	}
	if leads > 1_000_000_000 {
		return sla.Errorf(sla.Invalid, "That plan needs %d leads a month, more than slabot can track as a goal; check the inputs.", leads)
	}
	return nil
}

// ProposeTo records a change by user that waits for approver whatever the
// approval setting (turning approval off needs both owners).
func (s *Service) ProposeTo(ctx context.Context, a sla.Agreement, user, approver string, items []sla.ChangeItem, now time.Time) (sla.Change, error) {
	c := &sla.Change{TeamID: a.TeamID, AgreementID: a.ID, Status: sla.ChangePending, By: user, At: now, WaitFor: approver, Items: items}
	err := s.Store.AddChange(ctx, c, signoffParts)
	return *c, err
}

// Apply writes items that need no approval and versions them.
func (s *Service) Apply(ctx context.Context, a sla.Agreement, by string, items []sla.ChangeItem, now time.Time) (sla.Change, error) {
	if err := s.applyItems(ctx, a, items, by, now); err != nil {
		return sla.Change{}, err
	}
	return s.Applied(ctx, a, by, items, now)
}
