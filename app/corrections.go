package app

import (
	"context"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// LeadEdit is a correction of a lead; nil fields stay as they are.
type LeadEdit struct {
	Name, Email, Segment *string
	Source               *sla.Source
	Revenue              *sla.Money // a won lead's revenue
	// At moves the outcome: when the lead was won or lost, or, while it has
	// none, when it was created.
	At *time.Time
}

// outcomeOnly: the edit touches only the outcome, which the lead's rep may
// correct too.
func (e LeadEdit) outcomeOnly() bool {
	return e.Name == nil && e.Email == nil && e.Segment == nil && e.Source == nil
}

// Edit corrects a lead (sla.MayCorrectLead). Every changed field goes into
// its history.
func (s *Service) Edit(ctx context.Context, a sla.Agreement, l sla.Lead, e LeadEdit, who Actor, now time.Time) (sla.Lead, error) {
	if err := s.MayCorrectLead(ctx, a, l, who, e.outcomeOnly()); err != nil {
		return l, err
	}
	if e.Revenue != nil && l.WonAt.IsZero() {
		return l, sla.Errorf(sla.Invalid, "%s is not won: `revenue=` corrects a won lead's revenue (`/sla lead won %s revenue=…` records a win).", l.ShortID(), l.ShortID())
	}
	if e.Email != nil && *e.Email != l.Email && *e.Email != "" {
		if err := s.unique(ctx, a, sla.Lead{Email: *e.Email}); err != nil {
			return l, err
		}
	}
	loc := a.Location()
	return s.Change(ctx, a, l, "", who.User, time.Time{}, now, func(l *sla.Lead) (*sla.Attempt, error) {
		if e.Name != nil {
			l.Name = *e.Name
		}
		if e.Email != nil {
			l.Email = *e.Email
		}
		if e.Segment != nil {
			l.Segment = *e.Segment
		}
		if e.Source != nil {
			l.Source = *e.Source
		}
		if e.Revenue != nil {
			if *e.Revenue <= 0 {
				return nil, sla.Errorf(sla.Invalid, "A won lead's revenue is above zero.")
			}
			l.Revenue = *e.Revenue
		}
		if e.At != nil {
			if err := moveOutcome(l, *e.At, loc); err != nil {
				return nil, err
			}
		}
		if l.Name == "" && l.Email == "" {
			return nil, sla.Errorf(sla.Invalid, "A lead needs a name or an email.")
		}
		return nil, l.Validate()
	})
}

// moveOutcome moves the lead's outcome, or its creation while it has none,
// to at, keeping the order of its life (created ≤ handed off ≤ outcome).
func moveOutcome(l *sla.Lead, at time.Time, loc *time.Location) error {
	switch {
	case !l.WonAt.IsZero():
		if at.Before(l.CreatedAt) {
			return sla.Errorf(sla.Invalid, "%s was created %s; it cannot be won before that.", l.ShortID(), render.When(l.CreatedAt, loc))
		}
		if l.ContactedAt.Equal(l.WonAt) { // the win was its contact
			l.ContactedAt = at
		}
		l.WonAt = at
	case !l.LostAt.IsZero():
		if at.Before(l.CreatedAt) {
			return sla.Errorf(sla.Invalid, "%s was created %s; it cannot be lost before that.", l.ShortID(), render.When(l.CreatedAt, loc))
		}
		l.LostAt = at
	default:
		if !l.HandedOffAt.IsZero() && at.After(l.HandedOffAt) {
			return sla.Errorf(sla.Invalid, "%s was handed off %s; it cannot be created after that.", l.ShortID(), render.When(l.HandedOffAt, loc))
		}
		l.CreatedAt = at
	}
	return nil
}

// Reopen undoes a win or a loss (owners and admins): the lead is open again
// and its clocks run from its hand-off.
func (s *Service) Reopen(ctx context.Context, a sla.Agreement, l sla.Lead, who Actor, now time.Time) (sla.Lead, error) {
	if err := s.MayCorrectLead(ctx, a, l, who, false); err != nil {
		return l, err
	}
	if l.WonAt.IsZero() && l.LostAt.IsZero() {
		return l, sla.Errorf(sla.Conflict, "%s is neither won nor lost: there is nothing to reopen.", l.ShortID())
	}
	return s.Change(ctx, a, l, "", who.User, time.Time{}, now, func(l *sla.Lead) (*sla.Attempt, error) {
		if !l.WonAt.IsZero() && l.ContactedAt.Equal(l.WonAt) {
			l.ContactedAt = time.Time{} // the win was its only contact
		}
		l.WonAt, l.Revenue, l.LostAt, l.LostReason = time.Time{}, 0, time.Time{}, ""
		return nil, nil
	})
}

// Delete removes a mistaken lead (owners and admins): it stops counting
// everywhere; its history is kept.
func (s *Service) Delete(ctx context.Context, a sla.Agreement, l sla.Lead, reason string, who Actor, now time.Time) (sla.Lead, error) {
	if err := s.MayCorrectLead(ctx, a, l, who, false); err != nil {
		return l, err
	}
	return s.Store.DeleteLead(ctx, a.TeamID, l.ID, who.User, reason, now)
}

// History is every change to a lead, deleted ones included.
func (s *Service) History(ctx context.Context, a sla.Agreement, ref LeadRef) (sla.Lead, []sla.LeadChange, error) {
	l, err := s.findLead(ctx, a, ref, true)
	if err != nil {
		return l, nil, err
	}
	ch, err := s.Store.LeadHistory(ctx, a.TeamID, l.ID)
	return l, ch, err
}
