package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// The Reports group: status, charts, the month's report, the uptime
// calculator and the weekly digest.

// monthPost reads the positional words left as `[month] [post]`, in any
// order, after collect("month").
func (a *cmdArgs) monthPost(allowPost bool) (sla.Month, bool, bool, error) {
	m, given, err := a.month()
	if err != nil {
		return sla.Month{}, false, false, err
	}
	post := false
	for _, t := range a.pos {
		w := strings.ToLower(t.val)
		switch {
		case allowPost && w == "post" && !post:
			post = true
		case allowPost && w == "post":
			return sla.Month{}, false, false, a.fail("`post` is given twice")
		case !given:
			mm, problem := parsed(sla.ParseMonthNear(t.val, a.p.now, a.p.loc))
			if problem != "" {
				if allowPost && closestWord(w, []string{"post"}) != "" {
					return sla.Month{}, false, false, a.fail("%s is not a month — did you mean `post`?", quoteInput(t.raw))
				}
				return sla.Month{}, false, false, a.bad(t, problem)
			}
			m, given = mm, true
		default:
			return sla.Month{}, false, false, a.fail("%s is not expected here", quoteInput(t.raw))
		}
	}
	a.pos = nil
	return m, given, post, nil
}

var specStatus = command(&Spec{
	Name:     "status",
	Group:    GroupReports,
	Usage:    "/sla status [month] [post]",
	Summary:  "Where the agreement stands: MQLs against the goal line, speed, depth, breaches. Only you see it, unless `post`. A past quarter (2026-Q4) or year (2026) shows its figures summed.",
	Examples: []string{"/sla status", "/sla status post", "/sla status nov", "/sla status 2026-Q4"},
	cmd:      Status{},
})

// Status is `/sla status [month] [post]`.
type Status struct {
	Month      sla.Month
	MonthGiven bool
	Post       bool
	Period     sla.Period // a quarter or a year; zero for a month
}

func (Status) Spec() *Spec { return specStatus }

func (Status) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("month"); err != nil {
		return nil, err
	}
	if len(a.pos) > 0 && strings.EqualFold(a.pos[0].val, "reps") && !a.pos[0].quoted {
		a.pos = a.pos[1:]
		a.spec = specStatusReps
		m, given, post, err := a.monthPost(true)
		return StatusReps{Month: m, MonthGiven: given, Post: post}, err
	}
	m, given, per, post, err := a.periodPost(true)
	return Status{Month: m, MonthGiven: given, Post: post, Period: per}, err
}

func (cmd Status) run(ctx context.Context, c *call) (Response, error) {
	if !cmd.Period.From.IsZero() {
		return c.periodReport(ctx, cmd.Period, cmd.Post)
	}
	month := c.month(cmd.Month, cmd.MonthGiven)
	in, err := c.h.App.Store.StatusInput(ctx, c.a, month, c.now)
	if err != nil {
		return Response{}, err
	}
	st, err := c.h.App.SignoffState(ctx, c.a)
	if err != nil {
		return Response{}, err
	}
	return Response{Message: withSignoff(render.Status(in), c.a, st, false), InChannel: cmd.Post}, nil
}

var specChart = command(&Spec{
	Name:     "chart",
	Group:    GroupReports,
	Usage:    "/sla chart waterfall|speed|depth [month]",
	Summary:  "Posts a chart to the channel: MQLs against the goal line, follow-up speed, or depth.",
	Examples: []string{"/sla chart waterfall", "/sla chart speed 2026-11", "/sla chart waterfall 2026-Q4"},
	cmd:      Chart{},
})

// Chart is `/sla chart waterfall|speed|depth [month]`.
type Chart struct {
	Kind       string
	Month      sla.Month
	MonthGiven bool
	Period     sla.Period // a quarter or a year; zero for a month
}

func (Chart) Spec() *Spec { return specChart }

var chartKindWords = []string{"waterfall", "speed", "depth"}

func (Chart) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("month"); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing the chart: %s", listWithOr(chartKindWords))
	}
	k := strings.ToLower(t.val)
	if !containsWord(chartKindWords, k) {
		return nil, a.bad(t, "is not a chart"+oneOf(k, chartKindWords))
	}
	m, given, per, _, err := a.periodPost(false)
	if err != nil {
		return nil, err
	}
	return Chart{Kind: k, Month: m, MonthGiven: given, Period: per}, nil
}

func (cmd Chart) run(ctx context.Context, c *call) (Response, error) {
	if c.h.Charts == nil {
		return Response{}, sla.Errorf(sla.Unavailable, "Charts are not available in this build.")
	}
	month := c.month(cmd.Month, cmd.MonthGiven)
	label := month.Label()
	var files []render.File
	var err error
	if pc, ok := c.h.Charts.(PeriodChartSource); ok && !cmd.Period.From.IsZero() {
		label = cmd.Period.Label()
		files, err = pc.PeriodCharts(ctx, c.a, cmd.Period, c.now, cmd.Kind)
	} else if !cmd.Period.From.IsZero() {
		return Response{}, sla.Errorf(sla.Unavailable, "Charts over a quarter or a year are not available in this build.")
	} else {
		files, err = c.h.Charts.Charts(ctx, c.a, month, c.now, cmd.Kind)
	}
	if err != nil {
		return Response{}, err
	}
	if len(files) == 0 {
		return Response{}, fmt.Errorf("chart %s: nothing rendered", cmd.Kind)
	}
	return Response{
		Message:   render.Text("Uploading the %s chart for %s to this channel.", cmd.Kind, label),
		Files:     files,
		InChannel: false,
	}, nil
}

var specReport = command(&Spec{
	Name:     "report",
	Group:    GroupReports,
	Usage:    "/sla report [month] [post]",
	Summary:  "A month's figures and the close rate, deal size and share they imply for the next plan. A quarter (2026-Q4) or a year (2026) sums its months and recomputes the rates.",
	Examples: []string{"/sla report", "/sla report october post", "/sla report 2026-Q4"},
	cmd:      Report{},
})

// Report is `/sla report [month] [post]`.
type Report struct {
	Month      sla.Month
	MonthGiven bool
	Post       bool
	Period     sla.Period // a quarter or a year; zero for a month
}

func (Report) Spec() *Spec { return specReport }

func (Report) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("month"); err != nil {
		return nil, err
	}
	m, given, per, post, err := a.periodPost(true)
	return Report{Month: m, MonthGiven: given, Post: post, Period: per}, err
}

func (cmd Report) run(ctx context.Context, c *call) (Response, error) {
	if !cmd.Period.From.IsZero() {
		return c.periodReport(ctx, cmd.Period, cmd.Post)
	}
	month := c.month(cmd.Month, cmd.MonthGiven)
	in, err := c.h.App.Store.StatusInput(ctx, c.a, month, c.now)
	if err != nil {
		return Response{}, err
	}
	weeks, err := app.Weeks(ctx, c.h.App.Store, c.a, month, sla.MatureBefore(c.now, in.Targets.Within))
	if err != nil {
		return Response{}, err
	}
	closed := !c.now.Before(month.End(c.a.Location()))
	m := render.Report(render.ReportView{Status: in, Weeks: weeks, Closed: closed})
	if m, err = withFriction(ctx, c, m, month); err != nil {
		return Response{}, err
	}
	return Response{Message: withExceptions(m, c.a.ExceptionsIn(month), false), InChannel: cmd.Post}, nil
}

var specCRM = command(&Spec{
	Name:     "crm",
	Group:    GroupReports,
	Usage:    "/sla crm",
	Summary:  "The HubSpot connection: the portal, the last sync, the leads taken and the last error.",
	Examples: []string{"/sla crm"},
	cmd:      CRM{},
})

// CRM is `/sla crm`.
type CRM struct{}

func (CRM) Spec() *Spec { return specCRM }

func (CRM) parse(a *cmdArgs) (Command, error) { return CRM{}, a.none() }

func (CRM) run(ctx context.Context, c *call) (Response, error) {
	if c.h.CRM == nil {
		return Response{}, sla.Errorf(sla.Unavailable, "The CRM connection is not available in this build.")
	}
	conn, err := c.h.CRM.HubSpotConnection(ctx, c.a.TeamID, c.a.ID)
	switch {
	case sla.ErrorCode(err) == sla.NotFound:
		return reply(render.CRM(sla.CRMConnection{}, false, c.a.Name, c.a.Location()))
	case err != nil:
		return Response{}, err
	}
	return reply(render.CRM(conn, true, c.a.Name, c.a.Location()))
}

var specNines = command(&Spec{
	Anywhere: true,
	Name:     "nines",
	Group:    GroupReports,
	Usage:    "/sla nines <percent>",
	Summary:  "The downtime an uptime promise allows per year, month, week and day.",
	Examples: []string{"/sla nines 99.9", "/sla nines 99.999%"},
	cmd:      Nines{},
})

// Nines is `/sla nines <pct>`; Percent is in (0, 100).
type Nines struct{ Percent float64 }

func (Nines) Spec() *Spec { return specNines }

func (Nines) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing the uptime: `/sla nines 99.9`")
	}
	f, problem := parsed(sla.ParseNines(t.val))
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	return Nines{Percent: f}, a.done()
}

func (cmd Nines) run(_ context.Context, c *call) (Response, error) {
	d, err := sla.DowntimeFor(cmd.Percent)
	if err != nil {
		return Response{}, err
	}
	return reply(render.Nines(cmd.Percent, d))
}

var specDigestAt = command(&Spec{
	Name:     "digest at",
	Group:    GroupReports,
	Usage:    `/sla digest at "<weekday> HH:MM"`,
	Summary:  "Schedules this channel's weekly digest, in the agreement's timezone (default Monday 09:00).",
	Examples: []string{`/sla digest at "monday 09:00"`, "/sla digest at fri 16:30"},
	Change:   true,
	cmd:      DigestAt{},
})

// DigestAt is `/sla digest at "<weekday> HH:MM"`, in the agreement's timezone.
type DigestAt struct {
	Weekday      time.Weekday
	Hour, Minute int
}

func (DigestAt) Spec() *Spec { return specDigestAt }

func (DigestAt) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	var fields []string
	for _, t := range a.pos {
		fields = append(fields, strings.Fields(t.val)...)
	}
	a.pos = nil
	const help = "use a weekday and a time, like `/sla digest at \"monday 09:00\"`"
	if len(fields) == 0 {
		return nil, a.fail("missing the day and time: " + help)
	}
	if len(fields) != 2 {
		return nil, a.fail("%s is not a day and time: %s", quoteInput(strings.Join(fields, " ")), help)
	}
	day, err := sla.ParseWeekday(fields[0])
	if err != nil {
		return nil, a.fail("%s is not a weekday: %s", quoteInput(fields[0]), help)
	}
	mins, err := sla.ParseClock(fields[1])
	if err != nil {
		return nil, a.fail("%s is not a time of day: %s", quoteInput(fields[1]), help)
	}
	return DigestAt{Weekday: day, Hour: mins / 60, Minute: mins % 60}, nil
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

var specDigestOff = command(&Spec{
	Name:     "digest off",
	Group:    GroupReports,
	Usage:    "/sla digest off",
	Summary:  "Stops the weekly digest.",
	Examples: []string{"/sla digest off"},
	Change:   true,
	cmd:      DigestOff{},
})

// DigestOff is `/sla digest off`.
type DigestOff struct{}

func (DigestOff) Spec() *Spec { return specDigestOff }

func (DigestOff) parse(a *cmdArgs) (Command, error) { return DigestOff{}, a.none() }

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

var specDigestNow = command(&Spec{
	Name:     "digest now",
	Group:    GroupReports,
	Usage:    "/sla digest now",
	Summary:  "Posts the digest to the channel now.",
	Examples: []string{"/sla digest now"},
	cmd:      DigestNow{},
})

// DigestNow is `/sla digest now`.
type DigestNow struct{}

func (DigestNow) Spec() *Spec { return specDigestNow }

func (DigestNow) parse(a *cmdArgs) (Command, error) { return DigestNow{}, a.none() }

func (DigestNow) run(ctx context.Context, c *call) (Response, error) {
	return Response{
		Message:   render.Text("Posting the digest to this channel now."),
		Followups: []Followup{{Kind: FollowDigest, TeamID: c.a.TeamID, AgreementID: c.a.ID}},
	}, nil
}
