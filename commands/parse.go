package commands

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slabot/slabot/sla"
)

// Command is one parsed `/sla` command: one of the structs below.
type Command interface {
	parse(a *cmdArgs) (Command, error)
	run(ctx context.Context, c *call) (Response, error)
	Spec() *Spec
}

// Optional fields: a zero time.Time means "now" (the handler reads the clock),
// "" means "not given", a nil pointer means "leave as it is".

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
	if _, grouped := twoWordCommands()[name]; grouped {
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

// twoWordCommands are the commands typed as two words: first word → second
// words, from the command table. `target mql` and `target sales` are typed
// as one word, `target`; `status reps` is status's own word.
func twoWordCommands() map[string][]string {
	out := map[string][]string{}
	for _, s := range Specs {
		first, second, ok := strings.Cut(s.Name, " ")
		if ok && first != "target" && first != "status" { // `status reps` is read by status itself
			out[first] = append(out[first], second)
		}
	}
	return out
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
	saved := p.sc.pos
	second, ok, err := p.sc.next()
	if err != nil {
		if ue, ok := err.(*UsageError); ok {
			ue.group = name
		}
		return nil, err
	}
	words := twoWordCommands()[name]
	if !ok {
		if name == "agreement" || name == "pool" {
			return p.run(Lookup(name))
		}
		return nil, &UsageError{group: name, Msg: fmt.Sprintf("missing the `%s` subcommand: %s", name, listWithOr(words))}
	}
	sub := strings.ToLower(second.val)
	if name == "agreement" && strings.EqualFold(second.key, "service") {
		p.sc.pos = saved // `agreement service=@cora`: the option is the command's argument
		return p.run(Lookup("agreement service"))
	}
	if name == "agreement" && sub == "show" && second.key == "" {
		return p.run(Lookup("agreement"))
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
	if raw, ok := spec.cmdOrNil().(rawParser); ok {
		cmd, err = raw.parseRaw(p, spec)
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
		if spec == nil {
			cmd, err = a.target()
		} else {
			cmd, err = spec.cmd.parse(a)
		}
	}
	if err != nil {
		return nil, err
	}
	return cmd, nil
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
	// A city alone (Berlin, new_york): suggest its zone.
	if !strings.Contains(s, "/") {
		for _, region := range []string{"Europe", "America", "Asia", "Africa", "Australia", "Pacific", "Atlantic", "Indian"} {
			name := titleCaseZone(region + "/" + s)
			if _, err := time.LoadLocation(name); err == nil {
				return "", "is not a timezone — did you mean `" + name + "`?"
			}
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
