package app

import (
	"context"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// HomeStore is what the App Home reads.
type HomeStore interface {
	Agreements(ctx context.Context, team string) ([]sla.Agreement, error)
	ListLeads(ctx context.Context, team string, agreementID int64, f sla.LeadFilter) ([]sla.Lead, int64, error)
}

// HomeSlack publishes a home tab (bot.Sender implements it).
type HomeSlack interface {
	PublishHome(ctx context.Context, user string, m render.Message) error
}

// HomeLeads is how many of a user's open leads each agreement lists.
const HomeLeads = 10

// Home publishes user's App Home: every active agreement of the workspace at
// a glance, the user's open leads (overdue first) with the nudge buttons, and
// the next digest.
func (j *Jobs) Home(ctx context.Context, team, user string, now time.Time) error {
	hs, ok := j.Store.(HomeStore)
	pub, ok2 := j.Slack.(HomeSlack)
	if !ok || !ok2 {
		return nil
	}
	as, err := hs.Agreements(ctx, team)
	if err != nil {
		return err
	}
	var out []render.HomeAgreement
	for _, a := range as {
		if a.Status != sla.StatusActive {
			continue
		}
		loc := a.Location()
		in, err := j.Store.StatusInput(ctx, a, sla.MonthOf(now, loc), now)
		if err != nil {
			return err
		}
		h := render.HomeAgreement{Status: in}
		switch err := j.service().MayChange(ctx, a, Actor{User: user}); {
		case err == nil:
			h.Owner = true
		case sla.ErrorCode(err) != sla.Forbidden:
			return err
		}
		if rec, ok := Schedule(KindDigest, a); ok {
			h.NextDigest = rec.Next(now, loc)
		}
		leads, total, err := hs.ListLeads(ctx, team, a.ID, sla.LeadFilter{Owner: user, Open: true, Limit: HomeLeads})
		if err != nil {
			return err
		}
		if h.Aways, err = j.service().Aways(ctx, a, now); err != nil {
			return err
		}
		cal := sla.RepCalendar(a.Calendar(), h.Aways, user) // away time pauses the user's clocks
		for _, l := range leads {
			t, err := j.service().LeadTargets(ctx, a, l, now)
			if err != nil {
				return err
			}
			h.Leads = append(h.Leads, render.NudgeItem{Lead: l, Agreement: a.Name, Cal: a.Calendar(), Breaches: sla.Evaluate(l, t, cal, now)})
		}
		h.MoreLeads = total - int64(len(leads))
		out = append(out, h)
	}
	return pub.PublishHome(ctx, user, render.Home(user, out, now))
}
