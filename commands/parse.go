package commands

import (
	"context"
	"fmt"
	"github.com/slabot/slabot/app"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slabot/slabot/sla"
)

// Command is one parsed `/sla` command: one of the structs below.
type Command interface {
	run(ctx context.Context, c *call) (Response, error)
	Spec() *Spec
}

// Optional fields: a zero time.Time means "now" (the handler reads the clock),
// "" means "not given", a nil pointer means "leave as it is".

// Help is `/sla help [topic]`; Topic "" lists every command. Bare `/sla` is Help{}.
type Help struct{ Topic string }

// Setup is `/sla setup`. Service, TZ and Name are "" when not given (the
// handler defaults TZ to UTC and Name to the channel). Kind is always set:
// multi-level when service= is given without kind=, internal otherwise.
type Setup struct {
	Marketing, Sales, Service string // Slack user ids
	TZ                        string // IANA name, already validated
	Name                      string
	Kind                      sla.Kind
}

// AgreementShow is `/sla agreement`.
type AgreementShow struct{}

// AgreementSet is `/sla agreement set <section> "<text>"`; Text "" (typed as
// "") clears the section.
type AgreementSet struct {
	Section sla.Section
	Text    string
}

// Plan is `/sla plan`. Month is the current month in the agreement's
// timezone unless MonthGiven.
type Plan struct {
	Input      sla.PlanInput
	Month      sla.Month
	MonthGiven bool
	Apply      bool
}

// TargetMQL is `/sla target mql=<n> [month=…]`.
type TargetMQL struct {
	Goal       int
	Month      sla.Month
	MonthGiven bool
}

// TargetSales is `/sla target speed=… depth=… within=… warn=…`; at least one
// field is non-nil, nil ones stay as they are.
type TargetSales struct {
	Speed, Within *time.Duration
	Depth         *int
	Warn          *sla.Ratio
}

// Hours is `/sla hours …`; TZ is "" when not given (keep the agreement's).
type Hours struct {
	Hours sla.Hours
	TZ    string
}

// Holiday is `/sla holiday add|remove <date>`.
type Holiday struct {
	Remove bool
	Date   sla.Date
}

// LeadRef names a lead the way people do: its short id, email or external id.
// Exactly one of Seq, Email and External is set; Email is lower-cased.
type LeadRef = app.LeadRef

// LeadAdd is `/sla lead add`. At least one of Name and Email is set; Email is
// lower-cased. Source defaults to marketing; Segment is lower-cased, "" when
// not given; Owner is a user id or "".
type LeadAdd struct {
	Name, Email string
	Segment     string
	Source      sla.Source
	Owner       string
	At          time.Time
	ExternalID  string
}

// LeadHandoff is `/sla lead handoff <lead> @rep [at=…]`.
type LeadHandoff struct {
	Lead LeadRef
	Rep  string
	At   time.Time
}

// LeadAttempt is `/sla lead attempt <lead> [via] [at=…]`; Via defaults to call.
type LeadAttempt struct {
	Lead LeadRef
	Via  sla.Via
	At   time.Time
}

// LeadContacted is `/sla lead contacted <lead> [at=…]`.
type LeadContacted struct {
	Lead LeadRef
	At   time.Time
}

// LeadWon is `/sla lead won <lead> revenue=<money> [at=…]`.
type LeadWon struct {
	Lead    LeadRef
	Revenue sla.Money
	At      time.Time
}

// LeadLost is `/sla lead lost <lead> [reason="…"] [at=…]`; Reason may be "".
type LeadLost struct {
	Lead   LeadRef
	Reason string
	At     time.Time
}

// LeadShow is `/sla lead show <lead>`.
type LeadShow struct{ Lead LeadRef }

// Leads is `/sla leads [mine|open|overdue]`; Filter "" lists the recent leads.
type Leads struct{ Filter string }

// Status is `/sla status [month] [post]`.
type Status struct {
	Month      sla.Month
	MonthGiven bool
	Post       bool
}

// Chart is `/sla chart waterfall|speed|depth [month]`.
type Chart struct {
	Kind       string
	Month      sla.Month
	MonthGiven bool
}

// Report is `/sla report [month] [post]`.
type Report struct {
	Month      sla.Month
	MonthGiven bool
	Post       bool
}

// Nines is `/sla nines <pct>`; Percent is in (0, 100).
type Nines struct{ Percent float64 }

// DigestAt is `/sla digest at "<weekday> HH:MM"`, in the agreement's timezone.
type DigestAt struct {
	Weekday      time.Weekday
	Hour, Minute int
}

// DigestOff is `/sla digest off`.
type DigestOff struct{}

// DigestNow is `/sla digest now`.
type DigestNow struct{}

// AdminAdd is `/sla admin add @user`.
type AdminAdd struct{ User string }

// AdminRemove is `/sla admin remove @user`.
type AdminRemove struct{ User string }

func (Help) Spec() *Spec          { return specHelp }
func (Setup) Spec() *Spec         { return specSetup }
func (AgreementShow) Spec() *Spec { return specAgreement }
func (AgreementSet) Spec() *Spec  { return specAgreementSet }
func (Plan) Spec() *Spec          { return specPlan }
func (TargetMQL) Spec() *Spec     { return specTargetMQL }
func (TargetSales) Spec() *Spec   { return specTargetSales }
func (Hours) Spec() *Spec         { return specHours }
func (c Holiday) Spec() *Spec {
	if c.Remove {
		return specHolidayRemove
	}
	return specHolidayAdd
}
func (LeadAdd) Spec() *Spec       { return specLeadAdd }
func (LeadHandoff) Spec() *Spec   { return specLeadHandoff }
func (LeadAttempt) Spec() *Spec   { return specLeadAttempt }
func (LeadContacted) Spec() *Spec { return specLeadContacted }
func (LeadWon) Spec() *Spec       { return specLeadWon }
func (LeadLost) Spec() *Spec      { return specLeadLost }
func (LeadShow) Spec() *Spec      { return specLeadShow }
func (Leads) Spec() *Spec         { return specLeads }
func (Status) Spec() *Spec        { return specStatus }
func (Chart) Spec() *Spec         { return specChart }
func (Report) Spec() *Spec        { return specReport }
func (Nines) Spec() *Spec         { return specNines }
func (DigestAt) Spec() *Spec      { return specDigestAt }
func (DigestOff) Spec() *Spec     { return specDigestOff }
func (DigestNow) Spec() *Spec     { return specDigestNow }
func (AdminAdd) Spec() *Spec      { return specAdminAdd }
func (AdminRemove) Spec() *Spec   { return specAdminRemove }

// Changes reports whether c changes the agreement, so that only a party
// owner or an admin may run it: its Spec says so, or it is a plan with apply.
func Changes(c Command) bool {
	if p, ok := c.(Plan); ok && p.Apply {
		return true
	}
	return c.Spec().Change
}

// Limits on free text, so a name or reason always fits a Block Kit field. A
// lead's are sla's (Lead.Validate), shared with the import and the webhook.
const (
	maxTitleLen = 80 // agreement name
)

// Parse reads the text after "/sla". now and loc (the agreement's timezone;
// nil means UTC) resolve the default month, month names and times written
// without an offset. Every error is a *UsageError.
func Parse(text string, now time.Time, loc *time.Location) (Command, error) {
	if loc == nil {
		loc = time.UTC
	}
	sc := &argScanner{text: text}
	first, ok, err := sc.next()
	if err != nil {
		return nil, err
	}
	if !ok {
		return Help{}, nil
	}
	if first.key != "" || first.quoted {
		return nil, &UsageError{Msg: fmt.Sprintf("%s is not a command: start with one, like `/sla status`", quoteInput(first.raw))}
	}
	p := &cmdParser{sc: sc, now: now, loc: loc}
	name := strings.ToLower(first.val)
	if _, grouped := twoWordCommands[name]; grouped {
		return p.group(name)
	}
	if name == "target" { // target mql=… and target speed=… are told apart by their options
		return p.run(nil)
	}
	spec := Lookup(name)
	if spec == nil {
		return nil, &UsageError{Msg: fmt.Sprintf("unknown subcommand %s%s", quoteInput(first.raw), didYouMean(name, commandFirstWords(), ""))}
	}
	return p.run(spec)
}

// twoWordCommands are the commands typed as two words, with their second words.
var twoWordCommands = map[string][]string{
	"agreement": {"set"}, // bare `agreement` shows the document
	"holiday":   {"add", "remove"},
	"lead":      {"add", "handoff", "attempt", "contacted", "won", "lost", "show"},
	"digest":    {"at", "off", "now"},
	"admin":     {"add", "remove"},
}

// commandFirstWords are the words a command can start with, for suggestions.
func commandFirstWords() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range Specs {
		w, _, _ := strings.Cut(s.Name, " ")
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

type cmdParser struct {
	sc  *argScanner
	now time.Time
	loc *time.Location
}

func (p *cmdParser) group(name string) (Command, error) {
	second, ok, err := p.sc.next()
	if err != nil {
		if ue, ok := err.(*UsageError); ok {
			ue.group = name
		}
		return nil, err
	}
	words := twoWordCommands[name]
	if !ok {
		if name == "agreement" {
			return p.run(specAgreement)
		}
		return nil, &UsageError{group: name, Msg: fmt.Sprintf("missing the `%s` subcommand: %s", name, listWithOr(words))}
	}
	sub := strings.ToLower(second.val)
	if name == "agreement" && sub == "show" && second.key == "" {
		return p.run(specAgreement)
	}
	if name == "lead" && sub == "hand-off" {
		sub = "handoff"
	}
	if second.key == "" && !second.quoted {
		for _, w := range words {
			if w == sub {
				return p.run(Lookup(name + " " + sub))
			}
		}
	}
	return nil, &UsageError{group: name, Msg: fmt.Sprintf("unknown `%s` subcommand %s%s", name, quoteInput(second.raw), oneOf(sub, words))}
}

// oneOf ends a message about a word that is not one of choices: the closest
// choice when one is close, otherwise the list.
func oneOf(word string, choices []string) string {
	if d := didYouMean(word, choices, ""); d != "" {
		return d
	}
	return ": use " + listWithOr(choices)
}

func listWithOr(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "`" + w + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// run parses the arguments of one command; a nil spec is `target`, whose
// two forms are told apart by their options.
func (p *cmdParser) run(spec *Spec) (Command, error) {
	var cmd Command
	var err error
	if spec == specAgreementSet {
		cmd, err = p.agreementSet()
	} else {
		var toks []argToken
		if toks, err = p.sc.all(); err != nil {
			if ue, ok := err.(*UsageError); ok {
				ue.Spec = spec
				if spec == nil {
					ue.group = "target"
				}
			}
			return nil, err
		}
		a := &cmdArgs{spec: spec, toks: toks, p: p}
		if spec == nil {
			a.group = "target"
		}
		cmd, err = a.dispatch()
	}
	if err != nil {
		return nil, err
	}
	return cmd, nil
}

func (a *cmdArgs) dispatch() (Command, error) {
	switch a.spec {
	case specHelp:
		return a.help()
	case specSetup:
		return a.setup()
	case specAgreement:
		return AgreementShow{}, a.none()
	case specPlan:
		return a.plan()
	case nil:
		return a.target()
	case specHours:
		return a.hours()
	case specHolidayAdd, specHolidayRemove:
		return a.holiday(a.spec == specHolidayRemove)
	case specLeadAdd:
		return a.leadAdd()
	case specLeadHandoff:
		return a.leadHandoff()
	case specLeadAttempt:
		return a.leadAttempt()
	case specLeadContacted:
		ref, at, err := a.leadAt()
		return LeadContacted{Lead: ref, At: at}, err
	case specLeadWon:
		return a.leadWon()
	case specLeadLost:
		return a.leadLost()
	case specLeadShow:
		if err := a.collect(); err != nil {
			return nil, err
		}
		ref, err := a.lead()
		if err != nil {
			return nil, err
		}
		return LeadShow{Lead: ref}, a.done()
	case specLeads:
		return a.leads()
	case specStatus, specReport:
		if err := a.collect("month"); err != nil {
			return nil, err
		}
		m, given, post, err := a.monthPost(true)
		if a.spec == specReport {
			return Report{Month: m, MonthGiven: given, Post: post}, err
		}
		return Status{Month: m, MonthGiven: given, Post: post}, err
	case specChart:
		return a.chart()
	case specNines:
		return a.nines()
	case specDigestAt:
		return a.digestAt()
	case specDigestOff:
		return DigestOff{}, a.none()
	case specDigestNow:
		return DigestNow{}, a.none()
	case specAdminAdd, specAdminRemove:
		return a.admin(a.spec == specAdminRemove)
	}
	return nil, a.fail("`%s` is not available yet", a.name())
}

// cmdArgs are the tokens of one command, sorted into options and positional words.
type cmdArgs struct {
	spec  *Spec
	group string // "target" while its form is unknown (spec nil)
	toks  []argToken
	p     *cmdParser
	pos   []argToken
	opts  map[string]argToken
}

func (a *cmdArgs) name() string {
	if a.spec == nil {
		return a.group
	}
	return a.spec.Name
}

func (a *cmdArgs) fail(format string, v ...any) error {
	return &UsageError{Spec: a.spec, group: a.group, Msg: fmt.Sprintf(format, v...)}
}

// bad reports a malformed value: "`revenue=abc` is not an amount: …".
func (a *cmdArgs) bad(t argToken, problem string) error {
	return &UsageError{Spec: a.spec, group: a.group, Msg: quoteInput(t.raw) + " " + problem}
}

// none is for commands that take no arguments.
func (a *cmdArgs) none() error {
	if err := a.collect(); err != nil {
		return err
	}
	return a.done()
}

// collect sorts the tokens, accepting only the given keys. `at=2026-12-01
// 09:30` arrives as two words; the time is joined back to the date.
func (a *cmdArgs) collect(keys ...string) error {
	a.opts = map[string]argToken{}
	for i := 0; i < len(a.toks); i++ {
		t := a.toks[i]
		if t.key == "" {
			if i > 0 && a.toks[i-1].key != "" && !a.toks[i-1].quoted {
				t.afterKey = a.toks[i-1].raw
			}
			a.pos = append(a.pos, t)
			continue
		}
		if !containsWord(keys, t.key) {
			if len(keys) == 0 {
				return a.fail("`%s` takes no options like %s", a.name(), quoteInput(t.key+"="))
			}
			return a.fail("unknown option %s for `%s`%s", quoteInput(t.key+"="), a.name(), didYouMean(t.key, keys, "="))
		}
		if _, dup := a.opts[t.key]; dup {
			return a.fail("%s is given twice", quoteInput(t.key+"="))
		}
		if t.key == "at" && !t.quoted && looksLikeDate(t.val) && i+1 < len(a.toks) {
			if n := a.toks[i+1]; n.key == "" && !n.quoted && looksLikeClock(n.val) {
				t.val += " " + n.val
				t.raw += " " + n.raw
				i++
			}
		}
		a.opts[t.key] = t
	}
	return nil
}

func containsWord(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// take removes and returns the first positional word.
func (a *cmdArgs) take() (argToken, bool) {
	if len(a.pos) == 0 {
		return argToken{}, false
	}
	t := a.pos[0]
	a.pos = a.pos[1:]
	return t, true
}

// done fails on positional words nobody took.
func (a *cmdArgs) done() error {
	if len(a.pos) == 0 {
		return nil
	}
	return a.unexpected(a.pos[0])
}

// unexpected reports a stray word, guessing that it lost its quotes when it
// follows an unquoted key=value: `name=Ada Lovelace`.
func (a *cmdArgs) unexpected(t argToken) error {
	if t.afterKey != "" {
		k, v, _ := strings.Cut(t.afterKey, "=")
		return a.fail("%s is not expected here; if it belongs to %s, put the value in quotes: %s=\"%s %s\"", quoteInput(t.raw), quoteInput(k+"="), k, slackUnescape(v), slackUnescape(t.val))
	}
	return a.fail("%s is not expected here", quoteInput(t.raw))
}

// text is a free-text option value: unescaped, trimmed, at most max characters.
func (a *cmdArgs) text(t argToken, max int) (string, error) {
	s := strings.TrimSpace(slackUnescape(t.val))
	if n := utf8.RuneCountInString(s); n > max {
		return "", a.fail("%s is too long: %d characters, at most %d", quoteInput(t.key+"="), n, max)
	}
	return s, nil
}

func (a *cmdArgs) user(key string) (string, bool, error) {
	t, ok := a.opts[key]
	if !ok {
		return "", false, nil
	}
	id, problem := readUser(t.val)
	if problem != "" {
		return "", false, a.bad(t, problem)
	}
	return id, true, nil
}

func (a *cmdArgs) at() (time.Time, error) {
	t, ok := a.opts["at"]
	if !ok {
		return time.Time{}, nil
	}
	v, problem := parsed(sla.ParseTime(t.val, a.p.now, a.p.loc))
	if problem != "" {
		return time.Time{}, a.bad(t, problem)
	}
	return v, nil
}

// month reads month= and otherwise defaults to the current month.
func (a *cmdArgs) month() (sla.Month, bool, error) {
	t, ok := a.opts["month"]
	if !ok {
		return sla.MonthOf(a.p.now, a.p.loc), false, nil
	}
	m, problem := parsed(sla.ParseMonthNear(t.val, a.p.now, a.p.loc))
	if problem != "" {
		return sla.Month{}, false, a.bad(t, problem)
	}
	return m, true, nil
}

func readTZ(s string) (string, string) {
	const problem = "is not a timezone: use an IANA name like Europe/Paris, America/New_York or UTC"
	if s == "" || len(s) > 64 || strings.EqualFold(s, "local") {
		return "", problem
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/_+-", c) >= 0) {
			return "", problem
		}
	}
	// Zone names are case-sensitive on disk; try europe/paris as Europe/Paris.
	for _, name := range []string{s, strings.ToUpper(s), titleCaseZone(s)} {
		if _, err := time.LoadLocation(name); err == nil {
			return name, ""
		}
	}
	return "", problem
}

func titleCaseZone(s string) string {
	b := []byte(strings.ToLower(s))
	for i := range b {
		if (i == 0 || strings.IndexByte("/_-", b[i-1]) >= 0) && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

func (a *cmdArgs) tz() (string, error) {
	t, ok := a.opts["tz"]
	if !ok {
		return "", nil
	}
	name, problem := readTZ(t.val)
	if problem != "" {
		return "", a.bad(t, problem)
	}
	return name, nil
}

// ---------------------------------------------------------------------------
// Commands

func (a *cmdArgs) help() (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	words := make([]string, len(a.pos))
	for i, t := range a.pos {
		words[i] = strings.ToLower(t.val)
	}
	topic := normalizeTopic(strings.Join(words, " "))
	if topic != "" && len(matchTopic(topic)) == 0 {
		return nil, unknownTopic(topic)
	}
	return Help{Topic: topic}, nil
}

func (a *cmdArgs) setup() (Command, error) {
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

func (p *cmdParser) agreementSet() (Command, error) {
	spec := specAgreementSet
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

func (a *cmdArgs) plan() (Command, error) {
	if err := a.collect("quota", "share", "deal", "close", "month"); err != nil {
		return nil, err
	}
	var c Plan
	var missing []string
	for _, k := range []struct {
		key, hint string
		money     *sla.Money
		ratio     *sla.Ratio
	}{
		{"quota", "quota=<money>", &c.Input.Quota, nil},
		{"share", "share=<pct>", nil, &c.Input.Share},
		{"deal", "deal=<money>", &c.Input.Deal, nil},
		{"close", "close=<pct>", nil, &c.Input.Close},
	} {
		t, ok := a.opts[k.key]
		if !ok {
			missing = append(missing, "`"+k.hint+"`")
			continue
		}
		var problem string
		if k.money != nil {
			*k.money, problem = parsed(sla.ParseMoney(t.val))
			if problem == "" && *k.money == 0 {
				problem = "must be more than $0"
			}
		} else {
			*k.ratio, problem = parsed(sla.ParseRatio(t.val))
			if problem == "" && k.key == "close" && *k.ratio == 0 {
				problem = "must be more than 0%: no lead would ever close"
			}
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
	}
	if len(missing) > 0 {
		return nil, a.fail("missing %s", strings.Join(missing, ", "))
	}
	var err error
	if c.Month, c.MonthGiven, err = a.month(); err != nil {
		return nil, err
	}
	for _, t := range a.pos {
		switch {
		case strings.EqualFold(t.val, "apply") && !t.quoted && !c.Apply:
			c.Apply = true
		case closestWord(t.val, []string{"apply"}) != "" && !c.Apply:
			return nil, a.fail("%s is not expected here — did you mean `apply`?", quoteInput(t.raw))
		default:
			return nil, a.fail("%s is not expected here", quoteInput(t.raw))
		}
	}
	a.pos = nil
	return c, nil
}

func (a *cmdArgs) target() (Command, error) {
	if err := a.collect("mql", "month", "speed", "depth", "within", "warn"); err != nil {
		return nil, err
	}
	_, mql := a.opts["mql"]
	var sales []string
	for _, k := range []string{"speed", "depth", "within", "warn"} {
		if _, ok := a.opts[k]; ok {
			sales = append(sales, k)
		}
	}
	switch {
	case mql && len(sales) > 0:
		return nil, a.fail("set the MQL goal and the sales targets in two commands: `/sla target mql=…` and `/sla target speed=… depth=…`")
	case mql:
		a.spec, a.group = specTargetMQL, ""
		t := a.opts["mql"]
		goal, problem := parsed(sla.ParseCount(t.val, 1_000_000))
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		m, given, err := a.month()
		if err != nil {
			return nil, err
		}
		return TargetMQL{Goal: goal, Month: m, MonthGiven: given}, a.done()
	case len(sales) == 0:
		if _, ok := a.opts["month"]; ok {
			return nil, &UsageError{Spec: specTargetMQL, Msg: "missing the goal: add mql=<number of leads>"}
		}
		return nil, a.fail("missing a target: `mql=<n>` for the MQL goal, or `speed=`, `depth=`, `within=`, `warn=` for the sales targets")
	}
	a.spec, a.group = specTargetSales, ""
	if _, ok := a.opts["month"]; ok {
		return nil, a.fail("`month=` is only for `mql=`: the sales targets hold until they are changed")
	}
	var c TargetSales
	for _, k := range []struct {
		key string
		dst **time.Duration
	}{{"speed", &c.Speed}, {"within", &c.Within}} {
		if t, ok := a.opts[k.key]; ok {
			d, problem := parsed(sla.ParseDuration(t.val))
			if problem != "" {
				return nil, a.bad(t, problem)
			}
			*k.dst = &d
		}
	}
	if t, ok := a.opts["depth"]; ok {
		n, problem := parsed(sla.ParseCount(t.val, 1000))
		if problem == "" && n == 0 {
			problem = "must be at least 1 attempt"
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		c.Depth = &n
	}
	if t, ok := a.opts["warn"]; ok {
		r, problem := parsed(sla.ParseRatio(t.val))
		if problem == "" && (r == 0 || r == sla.RatioOne) {
			problem = "must be between 0% and 100%: the share of the speed target after which the rep is warned, like 75%"
		}
		if problem != "" {
			return nil, a.bad(t, problem)
		}
		c.Warn = &r
	}
	return c, a.done()
}

func (a *cmdArgs) hours() (Command, error) {
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

// isEmailLike is deliberately loose: one @, something before it and a
// dotted domain after it.
func isEmailLike(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.ContainsAny(s, " \t<>|") && !strings.Contains(domain, "@") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

func (a *cmdArgs) leadAdd() (Command, error) {
	if err := a.collect("segment", "source", "owner", "at", "id", "email", "name"); err != nil {
		return nil, err
	}
	c := LeadAdd{Source: sla.SourceMarketing}
	var nameWords []string
	var emailTok argToken
	for _, t := range a.pos {
		if t.afterKey != "" { // the name comes first: this word lost its quotes
			return nil, a.unexpected(t)
		}
		if strings.HasPrefix(t.val, "<@") || strings.HasPrefix(t.val, "<!") {
			return nil, a.fail("%s is a person: to set the lead's owner write owner=%s", quoteInput(t.raw), slackUnescape(t.val))
		}
		v := unlink(t.val)
		if !t.quoted && isEmailLike(v) {
			if c.Email != "" {
				return nil, a.fail("two emails, %s and %s: a lead has one", quoteInput(emailTok.raw), quoteInput(t.raw))
			}
			c.Email, emailTok = strings.ToLower(v), t
			continue
		}
		if t.quoted && isEmailLike(strings.TrimSpace(v)) && len(a.pos) == 1 {
			c.Email = strings.ToLower(strings.TrimSpace(v))
			continue
		}
		nameWords = append(nameWords, strings.TrimSpace(v))
	}
	a.pos = nil
	c.Name = strings.TrimSpace(strings.Join(nameWords, " "))
	if t, ok := a.opts["name"]; ok {
		if c.Name != "" {
			return nil, a.fail("the name is given twice: %s and %s", quoteInput(c.Name), quoteInput(t.raw))
		}
		c.Name = strings.TrimSpace(unlink(t.val))
	}
	if problem := problemOf(sla.Lead{Name: c.Name}.Validate()); problem != "" {
		return nil, a.fail("the name %s", problem)
	}
	if t, ok := a.opts["email"]; ok {
		if c.Email != "" {
			return nil, a.fail("the email is given twice: %s and %s", quoteInput(c.Email), quoteInput(t.raw))
		}
		e := strings.TrimSpace(unlink(t.val))
		if !isEmailLike(e) || (sla.Lead{Email: e}).Validate() != nil {
			return nil, a.bad(t, "is not an email address like ada@example.com")
		}
		c.Email = strings.ToLower(e)
	}
	if problem := problemOf(sla.Lead{Email: c.Email}.Validate()); problem != "" {
		return nil, a.fail("the email %s %s", quoteInput(c.Email), problem)
	}
	if c.Name == "" && c.Email == "" {
		return nil, a.fail("missing the lead: `/sla lead add \"<name or email>\"`")
	}
	if t, ok := a.opts["segment"]; ok {
		s, err := a.text(t, sla.MaxSegmentLen)
		if err != nil {
			return nil, err
		}
		if s = strings.ToLower(unlink(s)); s == "" {
			return nil, a.fail("`segment=` is empty")
		}
		c.Segment = s
	}
	if t, ok := a.opts["source"]; ok {
		sources := []string{string(sla.SourceMarketing), string(sla.SourceSales)}
		s := strings.ToLower(t.val)
		if !containsWord(sources, s) {
			return nil, a.bad(t, "is not a source"+oneOf(s, sources))
		}
		c.Source = sla.Source(s)
	}
	var err error
	if c.Owner, _, err = a.user("owner"); err != nil {
		return nil, err
	}
	if c.At, err = a.at(); err != nil {
		return nil, err
	}
	if t, ok := a.opts["id"]; ok {
		id := strings.TrimSpace(unlink(t.val))
		if id == "" || (sla.Lead{ExternalID: id}).Validate() != nil {
			return nil, a.bad(t, fmt.Sprintf("is not an external id: 1 to %d characters", sla.MaxExternalIDLen))
		}
		c.ExternalID = id
	}
	return c, nil
}

// lead takes the first positional word as a lead reference.
func (a *cmdArgs) lead() (LeadRef, error) {
	t, ok := a.take()
	if !ok {
		return LeadRef{}, a.fail("missing the lead: its id like L-42, its external id or its email")
	}
	switch {
	case strings.HasPrefix(t.val, "<@"), strings.HasPrefix(t.val, "<!"):
		return LeadRef{}, a.bad(t, "is a person: name the lead first, by its id like L-42, its external id or its email")
	case strings.HasPrefix(t.val, "<#"):
		return LeadRef{}, a.bad(t, "is a channel: name the lead by its id like L-42, its external id or its email")
	}
	raw := strings.TrimSpace(unlink(t.val))
	ref := LeadRef{Raw: raw}
	switch seq, ok := sla.ParseShortID(raw); {
	case raw == "" || len(raw) > sla.MaxEmailLen: // an email is the longest reference
		return LeadRef{}, a.bad(t, "is not a lead: use its id like L-42, its external id or its email")
	case ok:
		ref.Seq = seq
	case strings.Contains(raw, "@"):
		ref.Email = strings.ToLower(raw)
	default:
		ref.External = raw
	}
	return ref, nil
}

// leadAt is `<lead> [at=…]`.
func (a *cmdArgs) leadAt(keys ...string) (LeadRef, time.Time, error) {
	if err := a.collect(append(keys, "at")...); err != nil {
		return LeadRef{}, time.Time{}, err
	}
	ref, err := a.lead()
	if err != nil {
		return LeadRef{}, time.Time{}, err
	}
	at, err := a.at()
	if err != nil {
		return LeadRef{}, time.Time{}, err
	}
	return ref, at, nil
}

func (a *cmdArgs) leadHandoff() (Command, error) {
	ref, at, err := a.leadAt()
	if err != nil {
		return nil, err
	}
	t, ok := a.take()
	if ok && strings.EqualFold(t.val, "to") && len(a.pos) > 0 {
		t, _ = a.take()
	}
	if !ok {
		return nil, a.fail("missing the rep: `/sla lead handoff <lead> @rep`")
	}
	rep, problem := readUser(t.val)
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	return LeadHandoff{Lead: ref, Rep: rep, At: at}, a.done()
}

func (a *cmdArgs) leadAttempt() (Command, error) {
	ref, at, err := a.leadAt("via")
	if err != nil {
		return nil, err
	}
	vias := []string{string(sla.ViaCall), string(sla.ViaEmail), string(sla.ViaSocial), string(sla.ViaMeeting)}
	c := LeadAttempt{Lead: ref, Via: sla.ViaCall, At: at}
	t, positional := a.take()
	if o, ok := a.opts["via"]; ok {
		if positional {
			return nil, a.fail("the way is given twice: %s and %s", quoteInput(t.raw), quoteInput(o.raw))
		}
		t, positional = o, true
	}
	if positional {
		v := strings.ToLower(t.val)
		if !containsWord(vias, v) {
			return nil, a.bad(t, "is not a way to follow up"+oneOf(v, vias))
		}
		c.Via = sla.Via(v)
	}
	return c, a.done()
}

func (a *cmdArgs) leadWon() (Command, error) {
	ref, at, err := a.leadAt("revenue")
	if err != nil {
		return nil, err
	}
	t, ok := a.opts["revenue"]
	if !ok {
		if len(a.pos) > 0 {
			if _, err := sla.ParseMoney(a.pos[0].val); err == nil {
				return nil, a.fail("write the amount as revenue=%s", slackUnescape(a.pos[0].val))
			}
		}
		return nil, a.fail("missing the revenue: add revenue=<money>, like revenue=$12,500")
	}
	rev, problem := parsed(sla.ParseMoney(t.val))
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	return LeadWon{Lead: ref, Revenue: rev, At: at}, a.done()
}

func (a *cmdArgs) leadLost() (Command, error) {
	ref, at, err := a.leadAt("reason")
	if err != nil {
		return nil, err
	}
	c := LeadLost{Lead: ref, At: at}
	if t, ok := a.opts["reason"]; ok {
		if len(a.pos) > 0 {
			return nil, a.done()
		}
		if c.Reason, err = a.text(t, sla.MaxReasonLen); err != nil {
			return nil, err
		}
		return c, nil
	}
	// `/sla lead lost L-42 went with a competitor`: the words are the reason.
	var words []string
	for _, t := range a.pos {
		words = append(words, t.val)
	}
	a.pos = nil
	if c.Reason, err = a.text(argToken{key: "reason", val: strings.Join(words, " ")}, sla.MaxReasonLen); err != nil {
		return nil, err
	}
	return c, nil
}

var leadFilterWords = []string{"mine", "open", "overdue"}

func (a *cmdArgs) leads() (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return Leads{}, nil
	}
	f := strings.ToLower(t.val)
	if !containsWord(leadFilterWords, f) {
		return nil, a.bad(t, "is not a filter"+oneOf(f, leadFilterWords))
	}
	return Leads{Filter: f}, a.done()
}

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

var chartKindWords = []string{"waterfall", "speed", "depth"}

func (a *cmdArgs) chart() (Command, error) {
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
	m, given, _, err := a.monthPost(false)
	if err != nil {
		return nil, err
	}
	return Chart{Kind: k, Month: m, MonthGiven: given}, nil
}

func (a *cmdArgs) nines() (Command, error) {
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

func (a *cmdArgs) digestAt() (Command, error) {
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

func (a *cmdArgs) admin(remove bool) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing the person: `/sla %s @user`", a.spec.Name)
	}
	id, problem := readUser(t.val)
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	if err := a.done(); err != nil {
		return nil, err
	}
	if remove {
		return AdminRemove{User: id}, nil
	}
	return AdminAdd{User: id}, nil
}
