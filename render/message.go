// Package render turns sla values into Slack messages (Block Kit) and PNG
// charts. It is pure: no network, no database, no clock.
package render

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// Slack's limits (https://api.slack.com/reference/block-kit/blocks).
const (
	MaxBlocks       = 50
	MaxSectionText  = 3000
	MaxFields       = 10
	MaxFieldText    = 2000
	MaxHeaderText   = 150
	MaxContextElems = 10
	MaxButtonText   = 75
	MaxMessageText  = 40000
)

// Message is a Slack message: Text is the notification fallback (and the whole
// message when Blocks is empty).
type Message struct {
	Text   string
	Blocks []slack.Block
	// Metadata, when set, marks the message for the app itself: people do
	// not see it; conversations.history returns it when asked.
	Metadata *Metadata
}

// With appends a part to m: the block, when m has blocks (a text-only
// message stays one: blocks would hide its text), and its text to the
// fallback.
func (m Message) With(b slack.Block, text string) Message {
	if len(m.Blocks) > 0 {
		m.Blocks = append(m.Blocks, b)
	}
	m.Text += "\n" + text
	return m
}

// Metadata is Slack's message metadata: an event type and a flat payload
// (https://docs.slack.dev/messaging/message-metadata).
type Metadata struct {
	EventType string
	Payload   map[string]string
}

// File is a file to upload to a channel.
type File struct {
	Name    string // waterfall-2026-12.png
	Title   string
	Comment string // posted with the file, says the same in words
	AltText string
	Content []byte
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes user text safe inside mrkdwn: Slack reads &, < and > as markup.
func Escape(s string) string { return escaper.Replace(s) }

// User renders a Slack user mention, or a dash for nobody.
func User(id string) string {
	if id == "" {
		return "—"
	}
	return "<@" + id + ">"
}

// Channel renders a channel mention.
func Channel(id string) string { return "<#" + id + ">" }

// When renders an instant in the agreement's zone: "Mon 30 Nov 09:30 CET".
func When(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("Mon 2 Jan 15:04 MST")
}

// Day renders a date in the agreement's zone: "Mon 30 Nov".
func Day(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(loc).Format("Mon 2 Jan")
}

// truncate cuts s to n characters (runes), marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, truncate(s, MaxSectionText), false, false)
}

func plain(s string, n int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, truncate(s, n), true, false)
}

// Header is a header block (plain text, 150 characters).
func Header(s string) slack.Block { return slack.NewHeaderBlock(plain(s, MaxHeaderText)) }

// Section is a mrkdwn section.
func Section(s string) slack.Block { return slack.NewSectionBlock(mrkdwn(s), nil, nil) }

// Fields is a section of two-column fields; more than ten are split over
// several sections by Fit.
func Fields(title string, fields ...string) []slack.Block {
	var out []slack.Block
	for len(fields) > 0 || title != "" {
		n := min(len(fields), MaxFields)
		objs := make([]*slack.TextBlockObject, n)
		for i := range n {
			objs[i] = slack.NewTextBlockObject(slack.MarkdownType, truncate(fields[i], MaxFieldText), false, false)
		}
		var text *slack.TextBlockObject
		if title != "" {
			text = mrkdwn(title)
		}
		if len(objs) == 0 {
			objs = nil
		}
		out = append(out, slack.NewSectionBlock(text, objs, nil))
		fields = fields[n:]
		title = ""
	}
	return out
}

// Context is a context block of mrkdwn elements (at most ten).
func Context(parts ...string) slack.Block {
	var elems []slack.MixedElement
	for i, p := range parts {
		if i == MaxContextElems {
			break
		}
		if p == "" {
			continue
		}
		elems = append(elems, mrkdwn(p))
	}
	if len(elems) == 0 {
		elems = append(elems, mrkdwn(" "))
	}
	return slack.NewContextBlock("", elems...)
}

// Divider is a divider block.
func Divider() slack.Block { return slack.NewDividerBlock() }

// Button is a button; style is "", "primary" or "danger".
func Button(actionID, value, text, style string) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, plain(text, MaxButtonText))
	if style != "" {
		b.Style = slack.Style(style)
	}
	return b
}

// Actions is an actions block.
func Actions(blockID string, buttons ...*slack.ButtonBlockElement) slack.Block {
	elems := make([]slack.BlockElement, len(buttons))
	for i, b := range buttons {
		elems[i] = b
	}
	return slack.NewActionBlock(blockID, elems...)
}

// Fit keeps a message within Slack's limits: at most 50 blocks (the last one
// says how many were left out) and a bounded fallback text.
func Fit(m Message) Message {
	if len(m.Blocks) > MaxBlocks {
		left := len(m.Blocks) - (MaxBlocks - 1)
		m.Blocks = append(m.Blocks[:MaxBlocks-1:MaxBlocks-1], Context(fmt.Sprintf("_…and %d more not shown._", left)))
	}
	m.Text = truncate(m.Text, 3000)
	return m
}

// Text is a plain mrkdwn message with no blocks.
func Text(format string, args ...any) Message {
	return Message{Text: fmt.Sprintf(format, args...)}
}

// verdictMark renders a target comparison.
func verdictMark(v sla.Verdict) string {
	switch v {
	case sla.Met:
		return " :white_check_mark:"
	case sla.Missed:
		return " :warning:"
	}
	return ""
}

// Plural is "1 lead" / "2 leads".
func Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ButtonIDs lists the action ids of the message's buttons, in order.
func ButtonIDs(m Message) []string {
	var out []string
	for _, b := range m.Blocks {
		if ab, ok := b.(*slack.ActionBlock); ok && ab.Elements != nil {
			for _, e := range ab.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					out = append(out, btn.ActionID)
				}
			}
		}
	}
	return out
}

// Blocks2Text is every mrkdwn or plain text in the message, one per line
// (for tests and logs).
func (m Message) Blocks2Text() string {
	parts := []string{m.Text}
	for _, b := range m.Blocks {
		switch x := b.(type) {
		case *slack.SectionBlock:
			if x.Text != nil {
				parts = append(parts, x.Text.Text)
			}
			for _, f := range x.Fields {
				parts = append(parts, f.Text)
			}
		case *slack.HeaderBlock:
			parts = append(parts, x.Text.Text)
		case *slack.ContextBlock:
			for _, e := range x.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					parts = append(parts, t.Text)
				}
			}
		}
	}
	return strings.Join(parts, "\n")
}
