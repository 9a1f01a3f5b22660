package commands

import (
	"fmt"
	"regexp"
	"strings"
)

// HelpSection is one group of commands for the help message; each section
// fits one Block Kit text object (3,000 characters).
type HelpSection struct {
	Title string
	Lines []string // Slack mrkdwn, one command per line
}

// Text is the section as one mrkdwn text: the title in bold, then the lines.
func (s HelpSection) Text() string {
	return "*" + s.Title + "*\n" + strings.Join(s.Lines, "\n")
}

const helpOwnersOnly = " _(owners and admins)_"

// escapeMrkdwn escapes what Slack would otherwise read as markup: `<name or email>`
// would become a broken link.
var helpEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escapeMrkdwn(s string) string { return helpEscaper.Replace(s) }

var escapedMention = regexp.MustCompile(`&lt;@([UW][A-Z0-9]{1,31})&gt;`)

// withMentions turns the escaped mentions of an escaped message back into
// mentions, outside code spans, so a reply names people as Slack shows them.
func withMentions(s string) string {
	parts := strings.Split(s, "`")
	for i := 0; i < len(parts); i += 2 {
		parts[i] = escapedMention.ReplaceAllString(parts[i], "<@$1>")
	}
	return strings.Join(parts, "`")
}

// HelpSections lists every command's usage and summary, by group, in Slack mrkdwn.
func HelpSections() []HelpSection {
	var out []HelpSection
	for _, g := range Groups {
		sec := HelpSection{Title: g}
		for _, s := range Specs {
			if s.Group == g {
				sec.Lines = append(sec.Lines, helpLine(s))
			}
		}
		out = append(out, sec)
	}
	return out
}

func helpLine(s *Spec) string {
	line := "`" + escapeMrkdwn(s.Usage) + "` — " + escapeMrkdwn(s.Summary)
	if s.Change {
		line += helpOwnersOnly
	}
	return line
}

// HelpText is the help message in Slack mrkdwn. Without a topic it lists
// every command (the sections of HelpSections, joined); with one ("lead",
// "lead add", "plan", "/sla target") it shows the matching commands with
// their examples. An unknown topic is a *UsageError.
func HelpText(topic string) (string, error) {
	topic = normalizeTopic(topic)
	if topic == "" {
		var parts []string
		for _, sec := range HelpSections() {
			parts = append(parts, sec.Text())
		}
		parts = append(parts, "Type `/sla help &lt;command&gt;` for examples, like `/sla help lead add`.")
		return joinParagraphs(parts), nil
	}
	specs := matchTopic(topic)
	if len(specs) == 0 {
		return "", unknownTopic(topic)
	}
	var parts []string
	for _, s := range specs {
		var b strings.Builder
		b.WriteString("`" + escapeMrkdwn(s.Usage) + "`\n" + escapeMrkdwn(s.Summary))
		if s.Change {
			b.WriteString(helpOwnersOnly)
		}
		b.WriteString("\n_Examples:_")
		for _, ex := range s.Examples {
			b.WriteString("\n`" + escapeMrkdwn(ex) + "`")
		}
		parts = append(parts, b.String())
	}
	return joinParagraphs(parts), nil
}

func joinParagraphs(parts []string) string { return strings.Join(parts, "\n\n") }

// normalizeTopic lower-cases a topic and drops a leading "/sla".
func normalizeTopic(s string) string {
	words := strings.Fields(strings.ToLower(s))
	if len(words) > 0 && (words[0] == "/sla" || words[0] == "sla") {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// matchTopic returns the commands a help topic names: the command itself and
// every command under it ("lead" → lead add, lead handoff, …; "target" →
// target mql and target sales), or a whole help section ("reports").
func matchTopic(topic string) []*Spec {
	var out []*Spec
	for _, s := range Specs {
		if s.Name == topic || strings.HasPrefix(s.Name, topic+" ") {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		for _, s := range Specs {
			if strings.EqualFold(s.Group, topic) {
				out = append(out, s)
			}
		}
	}
	return out
}

func unknownTopic(topic string) error {
	var names []string
	for _, s := range Specs {
		names = append(names, s.Name)
	}
	names = append(names, commandFirstWords()...)
	return &UsageError{Spec: Lookup("help"), Msg: fmt.Sprintf("there is no command %s%s", quoteInput(topic), didYouMean(topic, names, ""))}
}

// Reply is the ephemeral answer to a usage error, in Slack mrkdwn: what was
// wrong, then how the command is used.
func (e *UsageError) Reply() string {
	var b strings.Builder
	b.WriteString(withMentions(escapeMrkdwn(e.Msg)))
	switch {
	case e.Spec != nil:
		b.WriteString("\nUsage: `" + escapeMrkdwn(e.Spec.Usage) + "`")
		if len(e.Spec.Examples) > 0 {
			b.WriteString("\nExample: `" + escapeMrkdwn(e.Spec.Examples[len(e.Spec.Examples)-1]) + "`")
		}
	case e.group != "":
		b.WriteString("\nUsage:")
		for _, s := range matchTopic(e.group) {
			b.WriteString("\n`" + escapeMrkdwn(s.Usage) + "`")
		}
	default:
		b.WriteString("\nType `/sla help` to see every command.")
	}
	return b.String()
}

// MarkdownReference is the command reference for the README, generated from
// the same table as the parser and the help message.
func MarkdownReference() string {
	var b strings.Builder
	b.WriteString("## Commands\n\n")
	b.WriteString("One slash command, `/sla`, with subcommands. Arguments are words and `key=value`; " +
		"quote values with spaces (`name=\"Ada Lovelace\"`, smart quotes work too). " +
		"People are mentions picked from Slack's list (`@sam`). " +
		"Money: `5000`, `$5,000`, `5k`, `1.2M`. Percentages: `50%` or a fraction `0.5` (a bare `1` is ambiguous). " +
		"Durations: `90m`, `1h`, `1h30m`, `2d`, `1w`. " +
		"Months: `2026-12`, `dec`, `december` (a name means the one from 8 months back to 3 months ahead; default: the current month). " +
		"Times: `2026-12-01 09:30` or `09:30` (today) in the agreement's timezone, or RFC 3339. " +
		"Leads: the short id `L-42`, the external id, or the email.\n\n" +
		"Commands marked *(owners and admins)* can be run only by a party owner of the agreement or an admin.\n")
	for _, g := range Groups {
		b.WriteString("\n### " + g + "\n\n")
		for _, s := range Specs {
			if s.Group != g {
				continue
			}
			b.WriteString("- `" + s.Usage + "` — " + s.Summary)
			if s.Change {
				b.WriteString(" *(owners and admins)*")
			}
			b.WriteString("\n")
			for _, ex := range s.Examples {
				b.WriteString("  - `" + ex + "`\n")
			}
		}
	}
	return b.String()
}
