package app

import (
	"context"
	"strings"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Customer friction (docs/design.md, Customer friction): sales notes what a
// new customer struggles with; at month close the service owner gets the
// month's new customers and the notes in a DM, once, through the outbox.

// FrictionStore keeps the friction notes.
type FrictionStore interface {
	AddFriction(ctx context.Context, team string, agreementID int64, n sla.FrictionNote) (sla.FrictionNote, error)
	// Friction lists the customers won in [from, to) and the notes written then.
	Friction(ctx context.Context, team string, agreementID int64, from, to time.Time) ([]sla.Lead, []sla.FrictionNote, error)
}

// KindFriction is the outbox kind of the service owner's monthly DM.
const KindFriction = "friction-report"

// AddFriction records a note on customer l by who (sla.MayNoteFriction).
func (s *Service) AddFriction(ctx context.Context, a sla.Agreement, l sla.Lead, who Actor, note string, now time.Time) (sla.FrictionNote, error) {
	ok := sla.MayNoteFriction(a, l, who.User, false)
	if !ok {
		admin, err := s.isAdmin(ctx, a, who)
		if err != nil {
			return sla.FrictionNote{}, err
		}
		ok = sla.MayNoteFriction(a, l, who.User, admin)
	}
	if !ok {
		return sla.FrictionNote{}, sla.Errorf(sla.Forbidden, "Only %s's rep (%s), the sales owner (%s) and the agreement's admins note its friction.", l.ShortID(), render.User(l.Owner), render.User(a.Sales))
	}
	if l.WonAt.IsZero() {
		return sla.FrictionNote{}, sla.Errorf(sla.Invalid, "%s is not a customer yet: friction notes are about won customers, for customer service. Record the win first with `/sla lead won %s revenue=…`.", l.ShortID(), l.ShortID())
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return sla.FrictionNote{}, sla.Errorf(sla.Invalid, "The note is empty: say what the customer struggles with.")
	}
	return s.Store.AddFriction(ctx, a.TeamID, a.ID, sla.FrictionNote{LeadID: l.ID, Note: note, By: who.User, At: now})
}

// MonthFriction is the month's new customers and friction notes.
func (s *Service) MonthFriction(ctx context.Context, a sla.Agreement, m sla.Month) ([]sla.Lead, []sla.FrictionNote, error) {
	loc := a.Location()
	return s.Store.Friction(ctx, a.TeamID, a.ID, m.Start(loc), m.End(loc))
}

// frictionReport DMs the service owner the closed month's customers and
// friction notes, once (a multi-level agreement only).
func (j *Jobs) frictionReport(ctx context.Context, a sla.Agreement, m sla.Month, period string) error {
	if a.Service == "" {
		return nil
	}
	_, err := j.post(ctx, j.key(a, KindFriction, period), a.Service, true, message(func() (render.Message, error) {
		customers, notes, err := j.service().MonthFriction(ctx, a, m)
		if err != nil {
			return render.Message{}, err
		}
		return render.FrictionReport(a, m, customers, notes), nil
	}))
	return err
}
