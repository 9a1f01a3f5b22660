package commands

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// The Agreement group: setting up an agreement, its document and its
// business-hours calendar.

var specSetup = command(&Spec{
	Anywhere: true,
	Name:     "setup",
	Group:    GroupAgreement,
	Usage:    `/sla setup marketing=@user sales=@user [service=@user] [tz=Area/City] [name="…"] [kind=internal|multi-level|customer]`,
	Summary:  "Creates the agreement for this channel, with the owner of each party. `service=` makes it multi-level. Anyone may set up a channel that has none; once it exists, only its owners and admins change it. Typed alone, `/sla setup` opens a form.",
	Examples: []string{
		`/sla setup marketing=@maria sales=@sam`,
		`/sla setup marketing=@maria sales=@sam tz=Europe/Paris name="EMEA pipeline"`,
		`/sla setup marketing=@maria sales=@sam service=@cora kind=multi-level`,
	},
	cmd: Setup{},
})

// Setup is `/sla setup`. Service, TZ and Name are "" when not given (the
// handler defaults TZ to UTC and Name to the channel). Kind is always set:
// multi-level when service= is given without kind=, internal otherwise.
type Setup struct {
	Marketing, Sales, Service string // Slack user ids
	TZ                        string // IANA name, already validated
	Name                      string
	Kind                      sla.Kind
}

func (Setup) Spec() *Spec { return specSetup }

func (Setup) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("marketing", "sales", "service", "tz", "name", "kind"); err != nil {
		return nil, err
	}
	var c Setup
	var err error
	if c.Marketing, _, err = a.user("marketing"); err != nil {
		return nil, err
	}
	if c.Sales, _, err = a.user("sales"); err != nil {
		return nil, err
	}
	if c.Service, _, err = a.user("service"); err != nil {
		return nil, err
	}
	switch {
	case c.Marketing == "" && c.Sales == "":
		return nil, a.fail("missing the party owners: add marketing=@user sales=@user")
	case c.Marketing == "":
		return nil, a.fail("missing the marketing owner: add marketing=@user")
	case c.Sales == "":
		return nil, a.fail("missing the sales owner: add sales=@user")
	}
	if c.TZ, err = a.tz(); err != nil {
		return nil, err
	}
	if t, ok := a.opts["name"]; ok {
		if c.Name, err = a.text(t, maxTitleLen); err != nil {
			return nil, err
		}
		if c.Name == "" {
			return nil, a.fail("`name=` is empty: leave it out to name the agreement after the channel")
		}
	}
	c.Kind = sla.KindInternal
	if c.Service != "" {
		c.Kind = sla.KindMultiLevel
	}
	if t, ok := a.opts["kind"]; ok {
		kinds := []string{string(sla.KindInternal), string(sla.KindMultiLevel), string(sla.KindCustomer)}
		k := strings.ReplaceAll(strings.ToLower(t.val), "_", "-")
		if k == "multilevel" {
			k = string(sla.KindMultiLevel)
		}
		if !containsWord(kinds, k) {
			return nil, a.bad(t, "is not a kind"+oneOf(k, kinds))
		}
		c.Kind = sla.Kind(k)
	}
	switch {
	case c.Kind == sla.KindMultiLevel && c.Service == "":
		return nil, a.fail("`kind=multi-level` needs a customer-service owner: add service=@user")
	case c.Kind != sla.KindMultiLevel && c.Service != "":
		return nil, a.fail("`service=` is only for `kind=multi-level`")
	}
	return c, a.done()
}

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
		Group: sla.DefaultGroup, Cap: sla.DefaultCap,
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
		"Next: derive the lead goal with `/sla plan quota=… share=… deal=… close=… apply`, and write the document one section at a time; after each I ask for the next.\n%s",
		render.User(c.req.UserID), render.Escape(a.Name), parties, render.HoursText(a), render.SalesTargets(sla.DefaultTargets, a.Calendar()), render.DigestText(a.Digest), render.NextSection(a))
	return Response{Message: render.Message{Text: text, Blocks: nil}, InChannel: true}, nil
}

var specAgreement = command(&Spec{
	Name:     "agreement",
	Group:    GroupAgreement,
	Usage:    "/sla agreement",
	Summary:  "Shows the SLA document: marketing and sales side by side.",
	Examples: []string{"/sla agreement"},
	cmd:      AgreementShow{},
})

// AgreementShow is `/sla agreement`.
type AgreementShow struct{}

func (AgreementShow) Spec() *Spec { return specAgreement }

func (AgreementShow) parse(a *cmdArgs) (Command, error) { return AgreementShow{}, a.none() }

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
	aways, err := c.h.App.Aways(ctx, c.a, c.now)
	if err != nil {
		return Response{}, err
	}
	m := render.Agreement(render.AgreementView{Agreement: c.a, Month: month, Targets: t, Admins: admins, Aways: aways, Now: c.now})
	st, err := c.h.App.SignoffState(ctx, c.a)
	if err != nil {
		return Response{}, err
	}
	return reply(withSignoff(withExceptions(m, c.a.Exceptions, true), c.a, st, true))
}

var specAgreementSet = command(&Spec{
	Name:    "agreement set",
	Group:   GroupAgreement,
	Usage:   `/sla agreement set <section> "<text>"`,
	Summary: "Writes a section: summary, marketing-goal, shared-goal, sales-goal, marketing-needs, sales-needs, qualification, handoff, nurturing, touchpoints, consequences, cancellation (multi-level: service-goal, service-needs). `\"\"` clears it; the reply asks for the next empty one.",
	Examples: []string{
		`/sla agreement set summary "Marketing sends sales 100 qualified leads a month; sales calls each one within 1 business hour."`,
		`/sla agreement set marketing-needs "A weekly pipeline report from sales, every Monday."`,
		`/sla agreement set consequences "Each missed month is a strike; at 3 strikes the VP of sales is told."`,
	},
	Change: true,
	cmd:    AgreementSet{},
})

// AgreementSet is `/sla agreement set <section> "<text>"`; Text "" (typed as
// "") clears the section.
type AgreementSet struct {
	Section sla.Section
	Text    string
}

func (AgreementSet) Spec() *Spec { return specAgreementSet }

// parse is never called: agreement set reads its text itself (parseRaw).
func (AgreementSet) parse(a *cmdArgs) (Command, error) {
	return nil, a.fail("agreement set reads its own text")
}

func (AgreementSet) parseRaw(p *cmdParser, spec *Spec) (Command, error) {
	names := make([]string, len(sla.Sections))
	for i, s := range sla.Sections {
		names[i] = string(s)
	}
	t, ok, err := p.sc.next()
	if err != nil {
		err.(*UsageError).Spec = spec
		return nil, err
	}
	if !ok {
		return nil, &UsageError{Spec: spec, Msg: "missing the section: " + listWithOr(names)}
	}
	word, inline := t.val, false
	if t.key != "" { // summary="…" written as one option
		word, inline = t.key, true
	}
	section := strings.ReplaceAll(strings.ToLower(word), "_", "-")
	if t.quoted && !inline || !containsWord(names, section) {
		return nil, &UsageError{Spec: spec, Msg: fmt.Sprintf("%s is not a section%s", quoteInput(word), oneOf(section, names))}
	}
	var text string
	rest := p.sc.rest()
	switch {
	case inline && rest != "":
		return nil, &UsageError{Spec: spec, Msg: fmt.Sprintf("put the whole text in quotes: `/sla agreement set %s \"…\"`", section)}
	case inline:
		text = t.val
	case rest == "":
		return nil, &UsageError{Spec: spec, Msg: fmt.Sprintf("missing the text: `/sla agreement set %s \"…\"` (\"\" clears the section)", section)}
	default:
		// One quoted value is taken without its quotes; anything else is the
		// text as typed, so quotes and = inside unquoted text survive.
		text = rest
		sub := &argScanner{text: rest}
		q, ok, err := sub.next()
		if err != nil {
			if ue, isUE := err.(*UsageError); isUE {
				ue.Spec = spec
			}
			return nil, err
		}
		if ok && q.quoted && q.key == "" && sub.rest() == "" {
			text = q.val
		}
	}
	text = strings.TrimSpace(slackUnescape(text))
	if n := utf8.RuneCountInString(text); n > sla.MaxSectionText {
		return nil, &UsageError{Spec: spec, Msg: fmt.Sprintf("the text is too long: %d characters, a section holds at most %d", n, sla.MaxSectionText)}
	}
	return AgreementSet{Section: sla.Section(section), Text: text}, nil
}

func (cmd AgreementSet) run(ctx context.Context, c *call) (Response, error) {
	text := strings.TrimSpace(cmd.Text)
	if n := len([]rune(text)); n > sla.MaxSectionText {
		return Response{}, sla.Errorf(sla.Invalid, "That text is %d characters; a section holds at most %d so it fits one Slack block.", n, sla.MaxSectionText)
	}
	if (cmd.Section == sla.SectionServiceGoal || cmd.Section == sla.SectionServiceNeeds) && c.a.Service == "" {
		return Response{}, sla.Errorf(sla.Invalid, "The *%s* section is the customer-service party's: name its owner first with `/sla agreement service=@…`.", cmd.Section)
	}
	item := sla.ChangeItem{Kind: sla.ChangeSection, Key: string(cmd.Section), Before: c.a.Text[cmd.Section], After: text}
	if r, held, err := c.held(ctx, item); held || err != nil {
		if held && text != "" { // the walk-through goes on while the section waits
			next := c.a
			next.Text = map[sla.Section]string{cmd.Section: text}
			for s, t := range c.a.Text {
				if s != cmd.Section {
					next.Text[s] = t
				}
			}
			r.Message.Text += "\n" + render.NextSection(next)
		}
		return r, err
	}
	saved, err := c.h.App.Store.UpdateAgreement(ctx, c.a.TeamID, c.a.ID, func(a *sla.Agreement) error {
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
	if err == nil {
		err = c.versioned(ctx, item)
	}
	if err != nil {
		return Response{}, err
	}
	if text == "" {
		return Response{Message: render.Text(":wastebasket: %s cleared the *%s* section of the agreement.", render.User(c.req.UserID), cmd.Section), InChannel: true}, nil
	}
	return Response{Message: render.Text(":memo: %s updated the *%s* section of the agreement:\n>%s\n%s", render.User(c.req.UserID), cmd.Section,
		strings.ReplaceAll(render.Escape(text), "\n", "\n>"), render.NextSection(saved)), InChannel: true}, nil
}

var specHours = command(&Spec{
	Name:    "hours",
	Group:   GroupAgreement,
	Usage:   "/sla hours <days> <from>-<to> [tz=Area/City] · /sla hours 24x7",
	Summary: "Sets the business hours the speed clock counts (new agreements: mon-fri 09:00-17:00).",
	Examples: []string{
		"/sla hours mon-fri 09:00-17:00",
		"/sla hours mon-fri 08:30-18:00 tz=America/New_York",
		"/sla hours mon,wed,fri 9-17",
		"/sla hours 24x7",
	},
	Change: true,
	cmd:    Hours{},
})

// Hours is `/sla hours …`; TZ is "" when not given (keep the agreement's).
type Hours struct {
	Hours sla.Hours
	TZ    string
}

func (Hours) Spec() *Spec { return specHours }

func (Hours) parse(a *cmdArgs) (Command, error) {
	if err := a.collect("tz"); err != nil {
		return nil, err
	}
	if len(a.pos) == 0 {
		return nil, a.fail("missing the hours: `/sla hours mon-fri 09:00-17:00` or `/sla hours 24x7`")
	}
	var words []string
	for _, t := range a.pos {
		words = append(words, t.val)
	}
	h, bad, problem := parsedPart(sla.ParseHours(strings.Join(words, " ")))
	if problem != "" {
		return nil, &UsageError{Spec: a.spec, Msg: quoteInput(bad) + " " + problem}
	}
	tz, err := a.tz()
	if err != nil {
		return nil, err
	}
	return Hours{Hours: h, TZ: tz}, nil
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

var specHolidayAdd = command(&Spec{
	Name:     "holiday add",
	Group:    GroupAgreement,
	Usage:    "/sla holiday add <YYYY-MM-DD>",
	Summary:  "Adds a holiday: the speed clock does not run that day.",
	Examples: []string{"/sla holiday add 2026-12-25"},
	Change:   true,
	cmd:      Holiday{},
})

var specHolidayRemove = command(&Spec{
	Name:     "holiday remove",
	Group:    GroupAgreement,
	Usage:    "/sla holiday remove <YYYY-MM-DD>",
	Summary:  "Removes a holiday.",
	Examples: []string{"/sla holiday remove 2026-12-25"},
	Change:   true,
	cmd:      Holiday{Remove: true},
})

// Holiday is `/sla holiday add|remove <date>`.
type Holiday struct {
	Remove bool
	Date   sla.Date
}

func (c Holiday) Spec() *Spec {
	if c.Remove {
		return specHolidayRemove
	}
	return specHolidayAdd
}

func (c Holiday) parse(a *cmdArgs) (Command, error) { return a.holiday(c.Remove) }

func (a *cmdArgs) holiday(remove bool) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing the date: `/sla %s 2026-12-25`", a.spec.Name)
	}
	d, problem := parsed(sla.ParseDate(t.val))
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	return Holiday{Remove: remove, Date: d}, a.done()
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
