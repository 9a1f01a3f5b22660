package commands

import (
	"context"
	"fmt"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

func (cmd Status) run(ctx context.Context, c *call) (Response, error) {
	month := c.month(cmd.Month, cmd.MonthGiven)
	in, err := c.h.App.Store.StatusInput(ctx, c.a, month, c.now)
	if err != nil {
		return Response{}, err
	}
	return Response{Message: render.Status(in), InChannel: cmd.Post}, nil
}

func (cmd Report) run(ctx context.Context, c *call) (Response, error) {
	month := c.month(cmd.Month, cmd.MonthGiven)
	in, err := c.h.App.Store.StatusInput(ctx, c.a, month, c.now)
	if err != nil {
		return Response{}, err
	}
	weeks, err := app.Weeks(ctx, c.h.App.Store, c.a, month)
	if err != nil {
		return Response{}, err
	}
	closed := !c.now.Before(month.End(c.a.Location()))
	return Response{Message: render.Report(render.ReportView{Status: in, Weeks: weeks, Closed: closed}), InChannel: cmd.Post}, nil
}

func (cmd Chart) run(ctx context.Context, c *call) (Response, error) {
	if c.h.Charts == nil {
		return Response{}, sla.Errorf(sla.Unavailable, "Charts are not available in this build.")
	}
	month := c.month(cmd.Month, cmd.MonthGiven)
	files, err := c.h.Charts.Charts(ctx, c.a, month, c.now, cmd.Kind)
	if err != nil {
		return Response{}, err
	}
	if len(files) == 0 {
		return Response{}, fmt.Errorf("chart %s: nothing rendered", cmd.Kind)
	}
	return Response{
		Message:   render.Text("Uploading the %s chart for %s to this channel.", cmd.Kind, month.Label()),
		Files:     files,
		InChannel: false,
	}, nil
}

func (cmd Help) run(_ context.Context, c *call) (Response, error) {
	text, err := HelpText(cmd.Topic)
	if err != nil {
		return Response{}, err
	}
	if normalizeTopic(cmd.Topic) != "" {
		return reply(render.Help("", []string{text}, ""))
	}
	// The whole list is longer than one Block Kit text: one section per group.
	var secs []string
	for _, sec := range HelpSections() {
		secs = append(secs, sec.Text())
	}
	return reply(render.Help("slabot — /sla commands", secs, "Type `/sla help &lt;command&gt;` for examples, like `/sla help lead add`."))
}
