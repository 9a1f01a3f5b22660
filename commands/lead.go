package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
)

// findLead resolves a reference typed by a person to a lead of this agreement.
func (c *call) findLead(ctx context.Context, ref LeadRef) (sla.Lead, error) {
	var (
		l   sla.Lead
		err error
	)
	st := c.h.Store
	switch {
	case ref.Seq > 0:
		l, err = st.LeadBySeq(ctx, c.req.TeamID, ref.Seq)
	case ref.Email != "":
		var ls []sla.Lead
		ls, err = st.LeadsByEmail(ctx, c.req.TeamID, ref.Email)
		if err == nil {
			var mine []sla.Lead
			for _, x := range ls {
				if x.AgreementID == c.a.ID {
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
		l, err = st.LeadByExternalID(ctx, c.req.TeamID, ref.External)
	}
	if sla.ErrorCode(err) == sla.NotFound || (err == nil && l.AgreementID != c.a.ID) {
		return sla.Lead{}, sla.Errorf(sla.NotFound, "No lead %s in the %s agreement. `/sla leads` lists the recent ones.", render.Escape(ref.Raw), render.Escape(c.a.Name))
	}
	return l, err
}

// targetsFor returns the targets a lead is measured against: those of the
// month it was handed off (or now, if it was not).
func (c *call) targetsFor(ctx context.Context, l sla.Lead) (sla.Targets, error) {
	at := l.HandedOffAt
	if at.IsZero() {
		at = c.now
	}
	t, _, err := c.h.Store.TargetsFor(ctx, c.a.TeamID, c.a.ID, sla.MonthOf(at, c.a.Location()))
	return t, err
}

func (c *call) recomputeClocks(ctx context.Context) (int, error) {
	cal := c.a.Calendar()
	cache := map[sla.Month]sla.Targets{}
	var ferr error
	n, err := c.h.Store.RecomputeOpenLeads(ctx, c.a.TeamID, c.a.ID, func(l *sla.Lead) bool {
		m := sla.MonthOf(l.HandedOffAt, c.a.Location())
		t, ok := cache[m]
		if !ok {
			var err error
			t, _, err = c.h.Store.TargetsFor(ctx, c.a.TeamID, c.a.ID, m)
			if err != nil {
				ferr = err
				return false
			}
			cache[m] = t
		}
		before := *l
		sla.SetClocks(l, t, cal)
		return !l.WarnAt.Equal(before.WarnAt) || !l.SpeedDueAt.Equal(before.SpeedDueAt) ||
			!l.DepthDueAt.Equal(before.DepthDueAt) || !l.NextCheckAt.Equal(before.NextCheckAt)
	})
	if ferr != nil {
		return n, ferr
	}
	return n, err
}

func (c *call) leadAdd(ctx context.Context, cmd LeadAdd) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	l := sla.Lead{
		TeamID: c.a.TeamID, AgreementID: c.a.ID, ExternalID: cmd.ExternalID,
		Name: cmd.Name, Email: cmd.Email, Segment: cmd.Segment, Source: cmd.Source,
		CreatedAt: at, SpeedSecs: -1,
	}
	if l.Source == "" {
		l.Source = sla.SourceMarketing
	}
	// An owner named at creation owns the lead from that moment: the hand-off.
	if cmd.Owner != "" {
		l.Owner, l.HandedOffAt = cmd.Owner, at
		t, err := c.targetsFor(ctx, l)
		if err != nil {
			return Response{}, err
		}
		sla.SetClocks(&l, t, c.a.Calendar())
	}
	l, err = c.h.Store.AddLead(ctx, l, "")
	if err != nil {
		return Response{}, err
	}
	next := fmt.Sprintf("Hand it to a rep: `/sla lead handoff %s @rep`", l.ShortID())
	if l.Owner != "" {
		next = fmt.Sprintf("Owned by %s; first follow-up due %s.", render.User(l.Owner), render.When(l.SpeedDueAt, c.a.Location()))
	}
	seg := ""
	if l.Segment != "" {
		seg = ", " + render.Escape(l.Segment)
	}
	return Response{
		Message:   render.Text(":inbox_tray: Recorded *%s* — %s (%s%s). %s", l.ShortID(), render.Escape(l.Label()), l.Source, seg, next),
		Followups: []Followup{{Kind: FollowGoalCheck, TeamID: c.a.TeamID, AgreementID: c.a.ID}},
	}, nil
}

// mutate applies fn to the lead in one transaction and recomputes its
// clocks. Targets are loaded before the transaction (a store call inside it
// would wait for the connection the transaction holds, on SQLite); handoff
// is the hand-off instant a hand-off command is about to set, else zero.
func (c *call) mutate(ctx context.Context, ref LeadRef, handoff time.Time, fn func(l *sla.Lead) (*sla.Attempt, error)) (sla.Lead, error) {
	l, err := c.findLead(ctx, ref)
	if err != nil {
		return l, err
	}
	if l.HandedOffAt.IsZero() && !handoff.IsZero() {
		l.HandedOffAt = handoff
	}
	t, err := c.targetsFor(ctx, l)
	if err != nil {
		return l, err
	}
	cal := c.a.Calendar()
	out, err := c.h.Store.UpdateLead(ctx, c.a.TeamID, l.ID, "", c.now, func(l *sla.Lead) (*sla.Attempt, error) {
		att, err := fn(l)
		if err != nil {
			return nil, err
		}
		sla.SetClocks(l, t, cal)
		return att, nil
	})
	if errors.Is(err, storage.ErrDuplicate) {
		return out, nil
	}
	return out, err
}

func (c *call) leadHandoff(ctx context.Context, cmd LeadHandoff) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	loc := c.a.Location()
	var reassigned bool
	var prevOwner string
	l, err := c.mutate(ctx, cmd.Lead, at, func(l *sla.Lead) (*sla.Attempt, error) {
		prevOwner = l.Owner
		var err error
		reassigned, err = sla.HandOff(l, cmd.Rep, at, loc)
		return nil, err
	})
	if err != nil {
		return Response{}, err
	}
	if reassigned {
		return reply(render.Text(":arrows_counterclockwise: %s moved from %s to %s. The SLA clock keeps running from the hand-off on %s.",
			l.ShortID(), render.User(prevOwner), render.User(l.Owner), render.When(l.HandedOffAt, loc)))
	}
	due := "no speed target set"
	if !l.SpeedDueAt.IsZero() {
		due = "first follow-up due " + render.When(l.SpeedDueAt, loc) + " (business hours)"
	}
	return reply(render.Text(":handshake: %s handed to %s — %s.", l.ShortID(), render.User(l.Owner), due))
}

func (c *call) leadAttempt(ctx context.Context, cmd LeadAttempt) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	loc := c.a.Location()
	l, err := c.mutate(ctx, cmd.Lead, time.Time{}, func(l *sla.Lead) (*sla.Attempt, error) {
		return sla.RecordAttempt(l, cmd.Via, at, c.req.UserID, c.a.Calendar())
	})
	if err != nil {
		return Response{}, err
	}
	msg := fmt.Sprintf(":telephone_receiver: Attempt %d on %s (%s) logged.", l.Attempts, l.ShortID(), cmd.Via)
	if l.Attempts == 1 || l.FirstAttemptAt.Equal(at) {
		msg += fmt.Sprintf(" First follow-up %s after hand-off (business time).", sla.FormatDuration(time.Duration(l.SpeedSecs)*time.Second))
	}
	if !l.DepthDueAt.IsZero() {
		msg += fmt.Sprintf(" Depth window ends %s.", render.When(l.DepthDueAt, loc))
	}
	return reply(render.Text("%s", msg))
}

func (c *call) leadContacted(ctx context.Context, cmd LeadContacted) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	l, err := c.mutate(ctx, cmd.Lead, time.Time{}, func(l *sla.Lead) (*sla.Attempt, error) {
		return nil, sla.MarkContacted(l, at, c.a.Location())
	})
	if err != nil {
		return Response{}, err
	}
	return reply(render.Text(":speech_balloon: %s marked contacted — the SLA clocks stop.", l.ShortID()))
}

func (c *call) leadWon(ctx context.Context, cmd LeadWon) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	loc := c.a.Location()
	l, err := c.mutate(ctx, cmd.Lead, time.Time{}, func(l *sla.Lead) (*sla.Attempt, error) {
		return nil, sla.MarkWon(l, cmd.Revenue, at, loc)
	})
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":trophy: %s won by %s — %s. Sales cycle %s.", l.ShortID(), render.User(orUser(l.Owner, c.req.UserID)), l.Revenue,
		sla.FormatDuration(l.WonAt.Sub(l.CreatedAt))), InChannel: true}, nil
}

func orUser(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (c *call) leadLost(ctx context.Context, cmd LeadLost) (Response, error) {
	at, err := c.when(cmd.At)
	if err != nil {
		return Response{}, err
	}
	loc := c.a.Location()
	l, err := c.mutate(ctx, cmd.Lead, time.Time{}, func(l *sla.Lead) (*sla.Attempt, error) {
		return nil, sla.MarkLost(l, cmd.Reason, at, loc)
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

func (c *call) leadShow(ctx context.Context, cmd LeadShow) (Response, error) {
	l, err := c.findLead(ctx, cmd.Lead)
	if err != nil {
		return Response{}, err
	}
	atts, err := c.h.Store.Attempts(ctx, c.a.TeamID, l.ID)
	if err != nil {
		return Response{}, err
	}
	t, err := c.targetsFor(ctx, l)
	if err != nil {
		return Response{}, err
	}
	return reply(render.Lead(render.LeadView{Lead: l, Attempts: atts, Breaches: sla.Evaluate(l, t, c.a.Calendar(), c.now), Loc: c.a.Location()}))
}

func (c *call) leads(ctx context.Context, cmd Leads) (Response, error) {
	f := storage.LeadFilter{Limit: 25}
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
	ls, total, err := c.h.Store.ListLeads(ctx, c.a.TeamID, c.a.ID, f)
	if err != nil {
		return Response{}, err
	}
	return reply(render.LeadList(title, ls, total, c.a.Location(), empty))
}
