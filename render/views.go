package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// AgreementView is what `/sla agreement` shows.
type AgreementView struct {
	Agreement sla.Agreement
	Month     sla.Month
	Targets   sla.Targets
	Admins    []string
	Aways     []sla.Away // in force or to come
	Now       time.Time
}

func sectionText(a sla.Agreement, s sla.Section) string {
	if t := strings.TrimSpace(a.Text[s]); t != "" {
		return Escape(t)
	}
	return fmt.Sprintf("_not written yet_ — `/sla agreement set %s \"…\"`", s)
}

// SalesTargets describes the sales targets in words.
func SalesTargets(t sla.Targets, cal sla.Calendar) string {
	var parts []string
	if t.Speed > 0 {
		parts = append(parts, fmt.Sprintf("first follow-up within %s after hand-off", Business(t.Speed, cal)))
	}
	if t.Depth > 0 {
		parts = append(parts, fmt.Sprintf("%d attempts within %s on a lead not yet reached", t.Depth, sla.FormatDuration(t.Within)))
	}
	if t.Warn > 0 && t.Speed > 0 {
		parts = append(parts, fmt.Sprintf("warning at %s of the speed target", t.Warn))
	}
	if len(parts) == 0 {
		return "no sales targets set — `/sla target speed=1h depth=6 within=14d`"
	}
	return strings.Join(parts, "; ")
}

// DigestText describes the digest schedule.
func DigestText(d sla.Digest) string {
	if !d.Enabled {
		return "off"
	}
	return fmt.Sprintf("%ss at %02d:%02d", d.Weekday, d.Hour, d.Minute)
}

// HoursText is the calendar in words, with the zone and holidays.
func HoursText(a sla.Agreement) string {
	s := fmt.Sprintf("%s (%s)", a.Hours.String(), a.Location())
	if len(a.Holidays) > 0 {
		var ds []string
		for _, d := range a.Holidays {
			ds = append(ds, d.String())
		}
		if len(ds) > 12 {
			ds = append(ds[:12], fmt.Sprintf("and %d more", len(ds)-12))
		}
		s += " · holidays " + strings.Join(ds, ", ")
	}
	return s
}

// Agreement renders the SLA document: parties side by side.
func Agreement(v AgreementView) Message {
	a := v.Agreement
	goal := "MQL goal: not set"
	if v.Targets.MQLSet {
		goal = fmt.Sprintf("MQL goal for %s: *%d*", v.Month.Label(), v.Targets.MQLGoal)
	}
	status := string(a.Status)
	if a.Status == sla.StatusActive {
		status = "active"
	}
	var blocks []slack.Block
	blocks = append(blocks,
		Header(fmt.Sprintf("%s — service-level agreement", a.Name)),
		Context(fmt.Sprintf("%s agreement · %s · home %s · %s", a.Kind, a.Location(), Channel(a.ChannelID), status)),
		Section("*1. Summary*\n"+sectionText(a, sla.SectionSummary)),
	)
	parties := []string{
		fmt.Sprintf("*Marketing*\nowner %s", User(a.Marketing)),
		fmt.Sprintf("*Sales*\nowner %s", User(a.Sales)),
	}
	if a.Service != "" {
		parties = append(parties, fmt.Sprintf("*Customer service*\nowner %s", User(a.Service)))
	}
	blocks = append(blocks, Fields("*Parties*", parties...)...)
	goals := []string{
		fmt.Sprintf("*Marketing*\n%s\n%s", sectionText(a, sla.SectionMarketingGoal), goal),
		fmt.Sprintf("*Sales*\n%s\n%s", sectionText(a, sla.SectionSalesGoal), SalesTargets(v.Targets, a.Calendar())),
	}
	needs := []string{
		fmt.Sprintf("*Marketing needs*\n%s", sectionText(a, sla.SectionMarketingNeeds)),
		fmt.Sprintf("*Sales needs*\n%s", sectionText(a, sla.SectionSalesNeeds)),
	}
	// Lucidchart's layout: the goals both parties share beside their own.
	goals = append(goals, fmt.Sprintf("*Shared goals*\n%s", sectionText(a, sla.SectionSharedGoal)))
	if a.Service != "" { // a multi-level agreement's third party
		goals = append(goals, fmt.Sprintf("*Customer service*\n%s", sectionText(a, sla.SectionServiceGoal)))
		needs = append(needs, fmt.Sprintf("*Customer service needs*\n%s", sectionText(a, sla.SectionServiceNeeds)))
	}
	blocks = append(blocks, Fields("*2. Goals*", goals...)...)
	blocks = append(blocks, Fields("*3. Requirements* — what each party needs from the other", needs...)...)
	// The process-ordered template's sections: a lead's way through the SLA.
	blocks = append(blocks, Fields("*The process* — from qualification to nurturing",
		"*Lead qualification*\n"+sectionText(a, sla.SectionQualification),
		"*Hand-off rules*\n"+sectionText(a, sla.SectionHandoff),
		"*Nurturing*\n"+sectionText(a, sla.SectionNurturing),
	)...)
	strikes := "no strike limit"
	if a.StrikeLimit > 0 {
		strikes = fmt.Sprintf("Each breach is a strike against the lead's owner; at %d strikes in a month the sales owner is told.", a.StrikeLimit)
	}
	cancel := ""
	if a.CancelAfterMisses > 0 {
		cancel = fmt.Sprintf("\nslabot posts a review prompt after the MQL goal is missed %d months in a row.", a.CancelAfterMisses)
	}
	blocks = append(blocks,
		Section("*4. Touchpoints*\n"+sectionText(a, sla.SectionTouchpoints)),
		Section("*5. Plan when goals are missed*\n"+sectionText(a, sla.SectionConsequences)+"\n"+strikes),
		Section("*6. Cancellation terms*\n"+sectionText(a, sla.SectionCancellation)+cancel),
		Divider(),
		Fields("",
			"*Business hours*\n"+HoursText(a),
			"*Weekly digest*\n"+DigestText(a.Digest),
			"*Mid-period review*\nreminder on day 15 of each month",
			"*Admins*\n"+userList(v.Admins, "party owners only"),
			"*Nudges*\n"+NudgeRules(a),
		)[0],
		Section("*Routing*\n"+RoutingText(a)+awayLines(v.Aways, v.Now, a.Location())),
	)
	return Fit(Message{Text: fmt.Sprintf("The %s agreement", a.Name), Blocks: blocks})
}

func awayLines(aways []sla.Away, now time.Time, loc *time.Location) string {
	if t := AwayText(aways, now, loc); t != "" {
		return "\n" + t
	}
	return ""
}

func userList(ids []string, none string) string {
	if len(ids) == 0 {
		return none
	}
	var s []string
	for _, id := range ids {
		s = append(s, User(id))
	}
	return strings.Join(s, ", ")
}

// PlanView is the result of `/sla plan`.
type PlanView struct {
	Agreement sla.Agreement
	Month     sla.Month
	Input     sla.PlanInput
	Result    sla.PlanResult
	Applied   bool
}

// Plan shows the derivation R → C → L with the arithmetic.
func Plan(v PlanView) Message {
	in, r := v.Input, v.Result
	lines := []string{
		fmt.Sprintf("*Marketing revenue target* R = quota × share = %s × %s = *%s*", in.Quota, in.Share, r.Revenue),
		fmt.Sprintf("*Customers needed* C = ⌈R ÷ deal size⌉ = ⌈%s ÷ %s⌉ = *%d*", r.Revenue, in.Deal, r.Customers),
		fmt.Sprintf("*Leads needed* L = ⌈C ÷ close rate⌉ = ⌈%d ÷ %s⌉ = *%d MQLs*", r.Customers, in.Close, r.Leads),
	}
	var foot string
	if v.Applied {
		foot = fmt.Sprintf(":white_check_mark: %d MQLs is now the goal for %s.", r.Leads, v.Month.Label())
	} else {
		foot = "Add `apply` to make it the month's MQL goal."
	}
	blocks := []slack.Block{
		Header(fmt.Sprintf("Plan for %s", v.Month.Label())),
		Section(strings.Join(lines, "\n")),
		Context(foot),
	}
	return Message{Text: fmt.Sprintf("Plan for %s: %d MQLs (%d customers, %s)", v.Month.Label(), r.Leads, r.Customers, r.Revenue), Blocks: blocks}
}

// LeadView is one lead in detail.
type LeadView struct {
	Lead     sla.Lead
	Attempts []sla.Attempt
	Breaches []sla.Breach
	Loc      *time.Location
	Cal      sla.Calendar // business time is written in its working days
}

// LeadLine is a one-line summary for lists.
func LeadLine(l sla.Lead, loc *time.Location) string {
	s := fmt.Sprintf("*%s* %s · %s", l.ShortID(), Escape(l.Label()), l.State())
	if l.Owner != "" {
		s += " · " + User(l.Owner)
	}
	if l.Attempts > 0 {
		s += " · " + Plural(l.Attempts, "attempt", "attempts")
	}
	if !l.SpeedDueAt.IsZero() && l.FirstAttemptAt.IsZero() {
		s += " · first follow-up due " + When(l.SpeedDueAt, loc)
	} else if !l.DepthDueAt.IsZero() {
		s += " · depth window ends " + When(l.DepthDueAt, loc)
	}
	return s
}

// Lead renders `/sla lead show`.
func Lead(v LeadView) Message {
	l, loc := v.Lead, v.Loc
	fields := []string{
		fmt.Sprintf("*State*\n%s", l.State()),
		fmt.Sprintf("*Owner*\n%s", User(l.Owner)),
		fmt.Sprintf("*Source · segment*\n%s · %s", l.Source, orDash(Escape(l.Segment))),
		fmt.Sprintf("*Created*\n%s", When(l.CreatedAt, loc)),
		fmt.Sprintf("*Handed off*\n%s", When(l.HandedOffAt, loc)),
		fmt.Sprintf("*First attempt*\n%s%s", When(l.FirstAttemptAt, loc), speedNote(l, v.Cal)),
		fmt.Sprintf("*Attempts*\n%d", l.Attempts),
	}
	switch {
	case !l.WonAt.IsZero():
		fields = append(fields, fmt.Sprintf("*Won*\n%s · %s", When(l.WonAt, loc), l.Revenue))
	case !l.LostAt.IsZero():
		fields = append(fields, fmt.Sprintf("*Lost*\n%s · %s", When(l.LostAt, loc), orDash(Escape(l.LostReason))))
	case !l.ContactedAt.IsZero():
		fields = append(fields, fmt.Sprintf("*Contacted*\n%s", When(l.ContactedAt, loc)))
	}
	if l.ExternalID != "" {
		fields = append(fields, fmt.Sprintf("*External id*\n%s", Escape(l.ExternalID)))
	}
	blocks := []slack.Block{Header(truncate(fmt.Sprintf("%s · %s", l.ShortID(), l.Label()), MaxHeaderText))}
	blocks = append(blocks, Fields("", fields...)...)
	if len(v.Breaches) > 0 {
		var bs []string
		for _, b := range v.Breaches {
			bs = append(bs, BreachText(b, v.Cal))
		}
		blocks = append(blocks, Section(":rotating_light: "+strings.Join(bs, "\n")))
	}
	if len(v.Attempts) > 0 {
		var as []string
		start := max(0, len(v.Attempts)-10)
		for _, a := range v.Attempts[start:] {
			as = append(as, fmt.Sprintf("%s · %s · %s", When(a.At, loc), a.Via, User(a.By)))
		}
		if start > 0 {
			as = append([]string{fmt.Sprintf("_%d earlier attempts not shown_", start)}, as...)
		}
		blocks = append(blocks, Context("*Attempts*\n"+strings.Join(as, "\n")))
	}
	return Fit(Message{Text: fmt.Sprintf("%s %s: %s", l.ShortID(), l.Label(), l.State()), Blocks: blocks})
}

func speedNote(l sla.Lead, cal sla.Calendar) string {
	if l.SpeedSecs < 0 || l.FirstAttemptAt.IsZero() {
		return ""
	}
	return fmt.Sprintf(" (%s after hand-off)", Business(time.Duration(l.SpeedSecs)*time.Second, cal))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Business is business time in words: "2 business days 3h", or under a
// day "45m of business time", so it is never read as clock time.
func Business(d time.Duration, cal sla.Calendar) string {
	if d < 0 {
		d = -d
	}
	if d < cal.BusinessDay() {
		return cal.FormatBusiness(d) + " of business time"
	}
	return cal.FormatBusiness(d)
}

// NudgeRules says how the agreement keeps reps' nudge DMs few.
func NudgeRules(a sla.Agreement) string {
	cal := a.Calendar()
	repeat := "not repeated"
	if a.Repeat > 0 {
		repeat = "repeated every " + Business(a.Repeat, cal) + ", one reminder a rep"
	}
	group := "each nudge its own DM"
	if a.Group > 0 {
		group = "those within " + sla.FormatDuration(a.Group) + " share one DM"
	}
	limit := "no daily cap"
	if a.Cap > 0 {
		limit = fmt.Sprintf("at most %s a rep a business day, then the latest is updated", Plural(a.Cap, "new DM", "new DMs"))
	}
	return fmt.Sprintf("%s; %s; %s (`/sla target repeat= group= cap=`)", repeat, group, limit)
}

// MovedText is the hand-off notice of a lead moved to the rep from another
// (a cover, a reassignment on breach): its clocks started at the move.
func MovedText(b sla.Breach, cal sla.Calendar) string {
	if b.Since.IsZero() {
		return "Moved to you from another rep."
	}
	return fmt.Sprintf("Moved to you from another rep — your first follow-up is due %s.", When(b.Since, cal.Loc))
}

// BreachText says what is late and by how much.
func BreachText(b sla.Breach, cal sla.Calendar) string {
	switch b.Kind {
	case sla.SpeedWarning:
		return fmt.Sprintf("No follow-up yet — the speed target is reached in %s.", Business(b.Late, cal))
	case sla.SpeedBreach:
		if b.Late < time.Minute {
			return "No follow-up yet — the speed target was just missed."
		}
		return fmt.Sprintf("No follow-up yet — %s past the speed target.", Business(b.Late, cal))
	case sla.HandoffNotice:
		if b.Since.IsZero() {
			return "New lead, handed to you."
		}
		return fmt.Sprintf("New lead, handed to you — first follow-up due %s.", When(b.Since, cal.Loc))
	case sla.DepthBreach:
		return fmt.Sprintf("Depth window passed %s ago with %s still missing and no contact.", sla.FormatDuration(b.Late), Plural(b.Missing, "attempt", "attempts"))
	}
	return string(b.Kind)
}

// LeadList renders `/sla leads …`.
func LeadList(title string, leads []sla.Lead, total int64, loc *time.Location, empty string) Message {
	if len(leads) == 0 {
		return Message{Text: empty}
	}
	blocks := []slack.Block{Header(title)}
	var lines []string
	for _, l := range leads {
		lines = append(lines, LeadLine(l, loc))
	}
	// group lines into sections under the text limit
	var cur []string
	size := 0
	for _, ln := range lines {
		if size+len(ln)+1 > MaxSectionText-100 && len(cur) > 0 {
			blocks = append(blocks, Section(strings.Join(cur, "\n")))
			cur, size = nil, 0
		}
		cur = append(cur, ln)
		size += len(ln) + 1
	}
	if len(cur) > 0 {
		blocks = append(blocks, Section(strings.Join(cur, "\n")))
	}
	if total > int64(len(leads)) {
		blocks = append(blocks, Context(fmt.Sprintf("Showing %d of %d. `/sla lead show <lead>` for one lead.", len(leads), total)))
	}
	return Fit(Message{Text: fmt.Sprintf("%s: %d", title, total), Blocks: blocks})
}

// Nines renders the downtime budget of an uptime promise.
func Nines(percent float64, d sla.Downtime) Message {
	p := fmt.Sprintf("%g%%", percent)
	fields := []string{
		"*Per year* (365.25 days)\n" + sla.FormatDowntime(d.Year),
		"*Per month* (30 days)\n" + sla.FormatDowntime(d.Month),
		"*Per week*\n" + sla.FormatDowntime(d.Week),
		"*Per day*\n" + sla.FormatDowntime(d.Day),
	}
	blocks := []slack.Block{Header("Downtime budget at " + p + " uptime")}
	blocks = append(blocks, Fields("", fields...)...)
	return Message{Text: fmt.Sprintf("%s uptime allows %s of downtime a year", p, sla.FormatDowntime(d.Year)), Blocks: blocks}
}

// Problem is the reply to a command that could not run: what was wrong,
// and the usage that would work.
func Problem(msg, usage string) Message {
	text := ":warning: " + msg
	blocks := []slack.Block{Section(text)}
	if usage != "" {
		blocks = append(blocks, Context("Usage: "+usage))
		text += "\nUsage: " + usage
	}
	return Message{Text: text, Blocks: blocks}
}

// Help is the help message: an optional header, one section per group of
// commands (each under Slack's 3,000-character limit), an optional footer.
func Help(title string, sections []string, foot string) Message {
	var blocks []slack.Block
	if title != "" {
		blocks = append(blocks, Header(title))
	}
	for _, s := range sections {
		blocks = append(blocks, Section(s))
	}
	if foot != "" {
		blocks = append(blocks, Context(foot))
	}
	text := "slabot commands — `/sla help <command>` for examples"
	if title == "" && len(sections) == 1 {
		text = sections[0]
	}
	return Fit(Message{Text: text, Blocks: blocks})
}

// ChangeList says what changed, in one line: "revenue $1,000,000 → $1,000, segment — → exec".
func ChangeList(changes []sla.LeadChange, loc *time.Location) string {
	parts := make([]string, 0, len(changes))
	for _, c := range changes {
		parts = append(parts, fmt.Sprintf("%s %s → %s", c.Field, changeValue(c.Field, c.Before, loc), changeValue(c.Field, c.After, loc)))
	}
	return strings.Join(parts, ", ")
}

// changeValue shows a stored value: times in the agreement's zone, people
// as mentions, nothing as a dash.
func changeValue(field, v string, loc *time.Location) string {
	if v == "" {
		return "—"
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return When(t, loc)
	}
	if field == "owner" {
		return User(v)
	}
	return Escape(v)
}

// History lists every change to a lead, oldest first.
func History(l sla.Lead, changes []sla.LeadChange, loc *time.Location) Message {
	head := fmt.Sprintf("*History of %s* — %s", l.ShortID(), Escape(l.Label()))
	if len(changes) == 0 {
		return Text("%s\nNo changes recorded.", head)
	}
	lines := []string{head}
	for _, c := range changes {
		by := "the CRM or slabot"
		if c.By != "" {
			by = User(c.By)
		}
		what := fmt.Sprintf("%s %s → %s", c.Field, changeValue(c.Field, c.Before, loc), changeValue(c.Field, c.After, loc))
		switch c.Field {
		case "created":
			what = "recorded"
		case "deleted":
			what = "deleted"
		}
		if c.Note != "" {
			what += " (" + Escape(c.Note) + ")"
		}
		lines = append(lines, fmt.Sprintf("• %s · %s · %s", When(c.At, loc), by, what))
	}
	return Fit(Message{Text: strings.Join(lines, "\n")})
}
