package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

func (cmd Setup) run(ctx context.Context, c *call) (Response, error) {
	if c.has {
		return Response{}, sla.Errorf(sla.Conflict, "This channel already has the %s agreement. `/sla agreement` shows it; owners can change it with `/sla agreement set …`, `/sla target …` and `/sla hours …`.", c.a.Name)
	}
	if cmd.Marketing == cmd.Sales {
		return Response{}, sla.Errorf(sla.Invalid, "Marketing and sales need different owners: each party answers for its own goal.")
	}
	if cmd.Kind == sla.KindMultiLevel && cmd.Service == "" {
		return Response{}, sla.Errorf(sla.Invalid, "A multi-level agreement needs a customer-service owner: add `service=@…`.")
	}
	name := strings.TrimSpace(cmd.Name)
	if name == "" {
		name = c.req.ChannelName
	}
	if name == "" || name == "directmessage" || name == "privategroup" {
		name = "SLA " + c.req.ChannelID
	}
	tz := cmd.TZ
	if tz == "" {
		tz = "UTC"
	}
	a := sla.Agreement{
		TeamID: c.req.TeamID, ChannelID: c.req.ChannelID, Name: name, Kind: cmd.Kind, Status: sla.StatusActive, TZ: tz,
		Marketing: cmd.Marketing, Sales: cmd.Sales, Service: cmd.Service,
		Hours: sla.DefaultHours, StrikeLimit: sla.DefaultStrikeLimit, Repeat: sla.DefaultRepeat,
		CancelAfterMisses: sla.DefaultCancelAfterMisses,
		Digest:            sla.DefaultDigest, CreatedBy: c.req.UserID, CreatedAt: c.now,
	}
	if err := c.h.App.Setup(ctx, &a); err != nil {
		return Response{}, err
	}
	c.a, c.has = a, true
	parties := fmt.Sprintf("marketing %s, sales %s", render.User(a.Marketing), render.User(a.Sales))
	if a.Service != "" {
		parties += ", customer service " + render.User(a.Service)
	}
	text := fmt.Sprintf(":handshake: %s set up the *%s* agreement in this channel: %s.\n"+
		"Business hours %s; sales targets: %s; weekly digest %s.\n"+
		"Next: derive the lead goal with `/sla plan quota=… share=… deal=… close=… apply`, and write the document with `/sla agreement set summary \"…\"`.",
		render.User(c.req.UserID), render.Escape(a.Name), parties, render.HoursText(a), render.SalesTargets(sla.DefaultTargets), render.DigestText(a.Digest))
	return Response{Message: render.Message{Text: text, Blocks: nil}, InChannel: true}, nil
}

func (AgreementShow) run(ctx context.Context, c *call) (Response, error) {
	month := sla.MonthOf(c.now, c.a.Location())
	t, _, err := c.h.App.Store.TargetsFor(ctx, c.a.TeamID, c.a.ID, month)
	if err != nil {
		return Response{}, err
	}
	admins, err := c.h.App.Store.Admins(ctx, c.a.TeamID, c.a.ID)
	if err != nil {
		return Response{}, err
	}
	return reply(render.Agreement(render.AgreementView{Agreement: c.a, Month: month, Targets: t, Admins: admins}))
}

func (cmd AgreementSet) run(ctx context.Context, c *call) (Response, error) {
	text := strings.TrimSpace(cmd.Text)
	if n := len([]rune(text)); n > sla.MaxSectionText {
		return Response{}, sla.Errorf(sla.Invalid, "That text is %d characters; a section holds at most %d so it fits one Slack block.", n, sla.MaxSectionText)
	}
	_, err := c.h.App.Store.UpdateAgreement(ctx, c.a.TeamID, c.a.ID, func(a *sla.Agreement) error {
		if a.Text == nil {
			a.Text = map[sla.Section]string{}
		}
		if text == "" {
			delete(a.Text, cmd.Section)
		} else {
			a.Text[cmd.Section] = text
		}
		return nil
	})
	if err != nil {
		return Response{}, err
	}
	if text == "" {
		return Response{Message: render.Text(":wastebasket: %s cleared the *%s* section of the agreement.", render.User(c.req.UserID), cmd.Section), InChannel: true}, nil
	}
	return Response{Message: render.Text(":memo: %s updated the *%s* section of the agreement:\n>%s", render.User(c.req.UserID), cmd.Section,
		strings.ReplaceAll(render.Escape(text), "\n", "\n>")), InChannel: true}, nil
}

func (cmd Hours) run(ctx context.Context, c *call) (Response, error) {
	if err := cmd.Hours.Valid(); err != nil {
		return Response{}, err
	}
	a, n, err := c.h.App.SetCalendar(ctx, c.a, func(a *sla.Agreement) error {
		a.Hours = cmd.Hours
		if cmd.TZ != "" {
			a.TZ = cmd.TZ
		}
		return nil
	})
	if err != nil {
		return Response{}, err
	}
	c.a = a
	return Response{Message: render.Text(":clock9: %s set business hours to %s. Speed is measured in these hours from now on%s.",
		render.User(c.req.UserID), render.HoursText(a), movedNote(n)), InChannel: true}, nil
}

func movedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; the clocks of %s moved", render.Plural(n, "open lead", "open leads"))
}

var errNoChange = sla.Errorf(sla.Conflict, "no change")

func (cmd Holiday) run(ctx context.Context, c *call) (Response, error) {
	a, n, err := c.h.App.SetCalendar(ctx, c.a, func(a *sla.Agreement) error {
		var out []sla.Date
		found := false
		for _, d := range a.Holidays {
			if d == cmd.Date {
				found = true
				continue
			}
			out = append(out, d)
		}
		if found != cmd.Remove {
			return errNoChange // abort: nothing to write
		}
		if !cmd.Remove {
			out = append(out, cmd.Date)
		}
		a.Holidays = out
		return nil
	})
	if err == errNoChange {
		if cmd.Remove {
			return Response{}, sla.Errorf(sla.NotFound, "%s is not a holiday of this agreement. Business hours: %s", cmd.Date, render.HoursText(c.a))
		}
		return reply(render.Text("%s is already a holiday.", cmd.Date))
	}
	if err != nil {
		return Response{}, err
	}
	c.a = a
	verb := "added"
	if cmd.Remove {
		verb = "removed"
	}
	return Response{Message: render.Text(":calendar: %s %s the holiday %s. Business hours: %s%s.", render.User(c.req.UserID), verb, cmd.Date, render.HoursText(a), movedNote(n)), InChannel: true}, nil
}

func (cmd AdminAdd) run(ctx context.Context, c *call) (Response, error) {
	if err := c.h.App.Store.AddAdmin(ctx, c.a.TeamID, c.a.ID, cmd.User, c.req.UserID, c.now); err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":key: %s can now change the %s agreement (added by %s).", render.User(cmd.User), render.Escape(c.a.Name), render.User(c.req.UserID)), InChannel: true}, nil
}

func (cmd AdminRemove) run(ctx context.Context, c *call) (Response, error) {
	ok, err := c.h.App.Store.RemoveAdmin(ctx, c.a.TeamID, c.a.ID, cmd.User)
	if err != nil {
		return Response{}, err
	}
	if !ok {
		note := ""
		if c.a.IsOwner(cmd.User) {
			note = " Party owners can always change the agreement."
		}
		return Response{}, sla.Errorf(sla.NotFound, "%s is not an admin of this agreement.%s", render.User(cmd.User), note)
	}
	return Response{Message: render.Text(":lock: %s is no longer an admin of the %s agreement (removed by %s).", render.User(cmd.User), render.Escape(c.a.Name), render.User(c.req.UserID)), InChannel: true}, nil
}

func (cmd DigestAt) run(ctx context.Context, c *call) (Response, error) {
	a, err := c.h.App.Store.UpdateAgreement(ctx, c.a.TeamID, c.a.ID, func(a *sla.Agreement) error {
		a.Digest = sla.Digest{Enabled: true, Weekday: cmd.Weekday, Hour: cmd.Hour, Minute: cmd.Minute}
		return nil
	})
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":calendar: The weekly digest now comes %s (%s).", render.DigestText(a.Digest), a.Location()), InChannel: true}, nil
}

func (DigestOff) run(ctx context.Context, c *call) (Response, error) {
	_, err := c.h.App.Store.UpdateAgreement(ctx, c.a.TeamID, c.a.ID, func(a *sla.Agreement) error {
		a.Digest.Enabled = false
		return nil
	})
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":no_bell: %s turned the weekly digest off. `/sla digest at \"monday 09:00\"` turns it back on.", render.User(c.req.UserID)), InChannel: true}, nil
}

func (DigestNow) run(ctx context.Context, c *call) (Response, error) {
	return Response{
		Message:   render.Text("Posting the digest to this channel now."),
		Followups: []Followup{{Kind: FollowDigest, TeamID: c.a.TeamID, AgreementID: c.a.ID}},
	}, nil
}
