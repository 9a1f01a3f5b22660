package term

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/internal/slackemu"
)

// Terminal rendering of what the bot sends: Block Kit and Slack mrkdwn made
// readable in a console. Everything here is pure so it is tested by tables.

// Names resolves Slack ids for display.
type Names struct {
	Users    map[string]string // U… → handle, "sam"
	Channels map[string]string // C… → name, "smarketing"
}

// User is "@sam", or the id itself when unknown.
func (n Names) User(id string) string {
	if h, ok := n.Users[id]; ok {
		return "@" + h
	}
	return "@" + id
}

// Channel is "#smarketing", or the id itself when unknown.
func (n Names) Channel(id string) string {
	if c, ok := n.Channels[id]; ok {
		return "#" + c
	}
	return "#" + id
}

// Style is how text is drawn.
type Style struct {
	Width int  // columns; 0 means 80
	Color bool // ANSI bold, dim and colours
}

func (st Style) width() int {
	if st.Width <= 0 {
		return 80
	}
	return st.Width
}

// Where says where a message went, as seen by viewer (the console's user):
// "#smarketing", "only you (@sam) · #smarketing", "DM to @riley",
// "updated · DM to @riley".
func Where(m slackemu.Message, viewer string, n Names) string {
	place := n.Channel(m.Channel)
	if m.IsDM {
		place = "DM to " + n.User(m.DMUser)
	}
	if m.Kind == slackemu.Ephemeral || (m.User != "" && m.ResponseType == "ephemeral") {
		who := "only " + n.User(m.User)
		if m.User == viewer {
			who = "only you (" + n.User(m.User) + ")"
		}
		place = who + " · " + place
	}
	switch m.Kind {
	case slackemu.Update:
		return "updated · " + place
	case slackemu.Delete:
		return "deleted · " + place
	}
	return place
}

// RenderMessage is the "where" line followed by the message drawn for a
// terminal; buttons are numbered from 1 in the order Message.Buttons lists
// them, which is what `:click <n>` presses.
func RenderMessage(m slackemu.Message, viewer string, n Names, st Style) string {
	head := paint("» "+Where(m, viewer, n), aWhere, st)
	if m.Kind == slackemu.Delete {
		return head + "\n"
	}
	var body string
	if len(m.Decoded.BlockSet) > 0 {
		body = RenderBlocks(m.Decoded.BlockSet, n, st, true)
	} else {
		body = Mrkdwn(m.Text, n, st)
	}
	return head + "\n" + body
}

// RenderView draws a published App Home tab. Its buttons are shown but not
// numbered: the console clicks buttons in messages only.
func RenderView(v slackemu.View, n Names, st Style) string {
	return paint("» App Home of "+n.User(v.User), aWhere, st) + "\n" + RenderBlocks(v.Decoded.BlockSet, n, st, false)
}

// RenderFile describes an uploaded file and where it was saved.
func RenderFile(f slackemu.File, path, detail string, n Names, st Style) string {
	place := "file"
	if f.Channel != "" {
		place = "file · " + n.Channel(f.Channel)
	}
	var b strings.Builder
	b.WriteString(paint("» "+place, aWhere, st) + "\n")
	title := f.Title
	if title == "" {
		title = f.Name
	}
	for _, l := range wrap([]span{{title, aBold}}, st.width()) {
		b.WriteString(draw(l, st) + "\n")
	}
	if f.Comment != "" {
		b.WriteString(Mrkdwn(f.Comment, n, st))
	}
	saved := "saved " + path
	if detail != "" {
		saved += " (" + detail + ")"
	}
	b.WriteString(paint("  "+saved, aDim, st) + "\n")
	return b.String()
}

// RenderBlocks draws Block Kit blocks, one after the other, each ending in
// a newline. numbered puts a number in front of every button label.
func RenderBlocks(blocks []slack.Block, n Names, st Style, numbered bool) string {
	var b strings.Builder
	w := st.width()
	btn := 0
	button := func(e *slack.ButtonBlockElement) []span {
		label := ""
		if e.Text != nil {
			label = emoji(e.Text.Text)
		}
		btn++
		if numbered {
			label = fmt.Sprintf("%d %s", btn, label)
		}
		a := aButton
		switch e.Style {
		case slack.StylePrimary:
			a |= aPrimary
		case slack.StyleDanger:
			a |= aDanger
		}
		return []span{{"[" + label + "]", a}}
	}
	for _, blk := range blocks {
		switch x := blk.(type) {
		case *slack.HeaderBlock:
			t := ""
			if x.Text != nil {
				t = strings.ToUpper(emoji(x.Text.Text))
			}
			for _, l := range wrap([]span{{t, aBold}}, w) {
				b.WriteString(draw(l, st) + "\n")
				b.WriteString(paint(strings.Repeat("═", min(lineWidth(l), w)), aBold, st) + "\n")
			}
		case *slack.SectionBlock:
			if x.Text != nil {
				b.WriteString(textObject(x.Text, n, st, w, ""))
			}
			b.WriteString(columns(x.Fields, n, st, w))
			if x.Accessory != nil && x.Accessory.ButtonElement != nil {
				b.WriteString(draw(button(x.Accessory.ButtonElement), st) + "\n")
			}
			if x.Accessory != nil && x.Accessory.ImageElement != nil {
				b.WriteString(paint("[image: "+x.Accessory.ImageElement.AltText+"]", aDim, st) + "\n")
			}
		case *slack.ContextBlock:
			var sp []span
			for i, e := range x.ContextElements.Elements {
				if i > 0 {
					sp = append(sp, span{" · ", 0})
				}
				switch e := e.(type) {
				case *slack.TextBlockObject:
					sp = append(sp, objectSpans(e, n)...)
				case *slack.ImageBlockElement:
					sp = append(sp, span{"[image: " + e.AltText + "]", 0})
				}
			}
			for i := range sp {
				sp[i].a |= aDim
			}
			for _, l := range wrap(sp, w-2) {
				b.WriteString("  " + draw(l, st) + "\n")
			}
		case *slack.DividerBlock:
			b.WriteString(paint(strings.Repeat("─", w), aDim, st) + "\n")
		case *slack.ActionBlock:
			var sp []span
			if x.Elements != nil {
				for _, e := range x.Elements.ElementSet {
					if e, ok := e.(*slack.ButtonBlockElement); ok {
						if len(sp) > 0 {
							sp = append(sp, span{" ", 0})
						}
						sp = append(sp, button(e)...)
					}
				}
			}
			for _, l := range wrap(sp, w) {
				b.WriteString(draw(l, st) + "\n")
			}
		case *slack.ImageBlock:
			label := x.AltText
			if x.Title != nil && x.Title.Text != "" {
				label = x.Title.Text
			}
			b.WriteString(paint("[image: "+label+"]", aDim, st) + "\n")
		case *slack.MarkdownBlock:
			b.WriteString(Mrkdwn(x.Text, n, st))
		default:
			b.WriteString(paint(fmt.Sprintf("[%s block]", blk.BlockType()), aDim, st) + "\n")
		}
	}
	return b.String()
}

// textObject draws one text object (mrkdwn or plain) wrapped to w, each
// line prefixed with indent.
func textObject(t *slack.TextBlockObject, n Names, st Style, w int, indent string) string {
	var b strings.Builder
	for _, l := range textLines(t, n, w-len(indent)) {
		b.WriteString(indent + draw(l, st) + "\n")
	}
	return b.String()
}

func textLines(t *slack.TextBlockObject, n Names, w int) [][]span {
	if t.Type == slack.PlainTextType {
		return wrap([]span{{emoji(t.Text), 0}}, w)
	}
	return mrkdwnLines(t.Text, n, w)
}

func objectSpans(t *slack.TextBlockObject, n Names) []span {
	if t.Type == slack.PlainTextType {
		return []span{{emoji(t.Text), 0}}
	}
	return spans(markup(t.Text, n))
}

// columns lays section fields out two by two, as Slack does.
func columns(fields []*slack.TextBlockObject, n Names, st Style, w int) string {
	if len(fields) == 0 {
		return ""
	}
	const gap = 3
	colW := (w - gap) / 2
	var b strings.Builder
	for i := 0; i < len(fields); i += 2 {
		left := textLines(fields[i], n, colW)
		var right [][]span
		if i+1 < len(fields) {
			right = textLines(fields[i+1], n, colW)
		}
		for j := range max(len(left), len(right)) {
			var l, r string
			pad := colW + gap
			if j < len(left) {
				l = draw(left[j], st)
				pad -= lineWidth(left[j])
			}
			if j < len(right) {
				r = draw(right[j], st)
				b.WriteString(l + strings.Repeat(" ", pad) + r + "\n")
			} else {
				b.WriteString(l + "\n")
			}
		}
	}
	return b.String()
}

// Mrkdwn draws one mrkdwn text wrapped to the style's width. Preformatted
// blocks (```) keep their lines as they are.
func Mrkdwn(s string, n Names, st Style) string {
	var b strings.Builder
	for _, l := range mrkdwnLines(s, n, st.width()) {
		b.WriteString(draw(l, st) + "\n")
	}
	return b.String()
}

func mrkdwnLines(s string, n Names, w int) [][]span {
	var out [][]span
	parts := strings.Split(s, "```")
	if len(parts)%2 == 0 { // an unclosed ``` is literal text
		parts[len(parts)-2] += "```" + parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	for i, p := range parts {
		if i%2 == 1 {
			for _, l := range strings.Split(strings.Trim(p, "\n"), "\n") {
				out = append(out, []span{{unescape(l), aPre}})
			}
			continue
		}
		if i > 0 {
			p = strings.TrimPrefix(p, "\n")
		}
		if i < len(parts)-1 {
			p = strings.TrimSuffix(p, "\n")
		}
		if p == "" && len(parts) > 1 {
			continue
		}
		out = append(out, wrap(spans(markup(p, n)), w)...)
	}
	return out
}

// attr is a set of text attributes.
type attr uint16

const (
	aBold attr = 1 << iota
	aItalic
	aStrike
	aCode
	aDim
	aMention
	aLink
	aButton
	aPrimary
	aDanger
	aWhere
	aQuote
	aPre // a line of a ``` block: never wrapped, no backticks
)

type span struct {
	text string
	a    attr
}

// Control runes that mark attributes inside a markup string; they cannot
// occur in Slack text (Slack strips control characters).
const (
	mBoldOn    = '\x01'
	mBoldOff   = '\x02'
	mItalicOn  = '\x03'
	mItalicOff = '\x04'
	mStrikeOn  = '\x05'
	mStrikeOff = '\x06'
	mCodeOn    = '\x0e'
	mCodeOff   = '\x0f'
	mMentionOn = '\x10'
	mMentOff   = '\x11'
	mLinkOn    = '\x12'
	mLinkOff   = '\x13'
	mQuote     = '\x14'
)

// markup turns mrkdwn into text with attribute marks: code spans first
// (nothing is parsed inside them), then <…> entities and :emoji:, then
// *bold*, _italic_ and ~strike~. Entities like &lt; are decoded last, by spans.
func markup(s string, n Names) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		// A quote is a literal '>' at the start of a line (user text has &gt;).
		if rest, ok := strings.CutPrefix(l, ">"); ok {
			lines[i] = string(mQuote) + strings.TrimPrefix(rest, " ")
		}
	}
	s = strings.Join(lines, "\n")
	var b strings.Builder
	for i, p := range splitCode(s) {
		if i%2 == 1 {
			b.WriteRune(mCodeOn)
			b.WriteString(p)
			b.WriteRune(mCodeOff)
			continue
		}
		b.WriteString(emoji(entities(p, n)))
	}
	return emphasis(b.String())
}

// splitCode splits s at `code` spans: even parts are text, odd parts code.
// A backtick without its pair on the same line, or an empty pair, is literal.
func splitCode(s string) []string {
	var out []string
	var text strings.Builder
	for {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			text.WriteString(s)
			return append(out, text.String())
		}
		rest := s[i+1:]
		j := strings.IndexByte(rest, '`')
		if j <= 0 || strings.Contains(rest[:j], "\n") {
			n := i + 1
			if j == 0 {
				n++
			}
			text.WriteString(s[:n])
			s = s[n:]
			continue
		}
		text.WriteString(s[:i])
		out = append(out, text.String(), rest[:j])
		text.Reset()
		s = rest[j+1:]
	}
}

// entities replaces Slack's <…> references: <@U1> and <@U1|name> → @handle,
// <#C1> → #name, <!here> → @here, <url|label> → label (url).
func entities(s string, n Names) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		ref, label, _ := strings.Cut(s[i+1:i+j], "|")
		s = s[i+j+1:]
		switch {
		case strings.HasPrefix(ref, "@"):
			name := n.User(ref[1:])
			if _, ok := n.Users[ref[1:]]; !ok && label != "" {
				name = "@" + strings.TrimPrefix(label, "@")
			}
			b.WriteString(string(mMentionOn) + name + string(mMentOff))
		case strings.HasPrefix(ref, "#"):
			name := n.Channel(ref[1:])
			if _, ok := n.Channels[ref[1:]]; !ok && label != "" {
				name = "#" + strings.TrimPrefix(label, "#")
			}
			b.WriteString(string(mMentionOn) + name + string(mMentOff))
		case strings.HasPrefix(ref, "!"):
			word := strings.TrimPrefix(ref, "!")
			switch {
			case label != "":
				word = label
			case word == "here" || word == "channel" || word == "everyone":
				word = "@" + word
			}
			b.WriteString(string(mMentionOn) + word + string(mMentOff))
		default:
			target := strings.TrimPrefix(ref, "mailto:")
			switch {
			case label == "" || label == ref || label == target:
				b.WriteString(string(mLinkOn) + target + string(mLinkOff))
			default:
				b.WriteString(string(mLinkOn) + label + string(mLinkOff) + " (" + target + ")")
			}
		}
	}
}

// emojiGlyphs maps the emoji codes slabot uses to glyphs a terminal shows
// two columns wide; other codes stay as text.
var emojiGlyphs = map[string]string{
	"tada": "🎉", "white_check_mark": "✅", "trophy": "🏆", "rotating_light": "🚨",
	"handshake": "🤝", "dart": "🎯", "calendar": "📅", "zzz": "💤", "hourglass": "⌛",
	"hourglass_flowing_sand": "⏳", "memo": "📝", "telephone_receiver": "📞",
	"speech_balloon": "💬", "no_bell": "🔕", "lock": "🔒", "key": "🔑", "inbox_tray": "📥",
	"file_folder": "📁", "clock9": "🕘", "arrows_counterclockwise": "🔄",
	"bar_chart": "📊", "chart_with_upwards_trend": "📈", "x": "❌", "bell": "🔔",
	"star": "⭐", "fire": "🔥", "rocket": "🚀", "wave": "👋", "eyes": "👀", "warning": "⚠", "scales": "⚖",
}

// emoji replaces :name: codes that have a glyph. A code starts with a
// letter, so times like 09:00:00 are left alone.
func emoji(s string) string {
	if !strings.Contains(s, ":") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i+1:], ':')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+1+j]
		if g, ok := emojiGlyphs[name]; ok {
			b.WriteString(s[:i] + g)
			s = s[i+j+2:]
			continue
		}
		// Not a known code: keep the first colon and look again from the second.
		b.WriteString(s[:i+1])
		s = s[i+1:]
	}
}

// emphasis marks *bold*, _italic_ and ~strike~ the way Slack reads them: the
// opening mark follows a non-word character, the closing one precedes one,
// both on one line, and neither touches a space on the inside.
func emphasis(s string) string {
	rs := []rune(s)
	marks := map[rune][2]rune{'*': {mBoldOn, mBoldOff}, '_': {mItalicOn, mItalicOff}, '~': {mStrikeOn, mStrikeOff}}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	var out []rune
	inCode := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case mCodeOn:
			inCode = true
		case mCodeOff:
			inCode = false
		}
		m, ok := marks[r]
		if !ok || inCode || (i > 0 && isWord(rs[i-1])) || i+1 >= len(rs) || unicode.IsSpace(rs[i+1]) {
			out = append(out, r)
			continue
		}
		end := -1
		for k := i + 1; k < len(rs); k++ {
			if rs[k] == '\n' || rs[k] == mCodeOn {
				break
			}
			if rs[k] == r && k > i+1 && !unicode.IsSpace(rs[k-1]) && (k+1 == len(rs) || !isWord(rs[k+1])) {
				end = k
				break
			}
		}
		if end < 0 {
			out = append(out, r)
			continue
		}
		out = append(out, m[0])
		out = append(out, []rune(emphasis(string(rs[i+1:end])))...)
		out = append(out, m[1])
		i = end
	}
	return string(out)
}

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

func unescape(s string) string { return unescaper.Replace(s) }

// spans reads a markup string into styled runs, decoding &lt; &gt; &amp;.
func spans(s string) []span {
	var out []span
	var cur attr
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, span{unescape(b.String()), cur})
			b.Reset()
		}
	}
	set := func(a attr, on bool) {
		flush()
		if on {
			cur |= a
		} else {
			cur &^= a
		}
	}
	for _, r := range s {
		switch r {
		case mBoldOn, mBoldOff:
			set(aBold, r == mBoldOn)
		case mItalicOn, mItalicOff:
			set(aItalic, r == mItalicOn)
		case mStrikeOn, mStrikeOff:
			set(aStrike, r == mStrikeOn)
		case mCodeOn, mCodeOff:
			set(aCode, r == mCodeOn)
		case mMentionOn, mMentOff:
			set(aMention, r == mMentionOn)
		case mLinkOn, mLinkOff:
			set(aLink, r == mLinkOn)
		case mQuote:
			flush()
			out = append(out, span{"│ ", aQuote})
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}

// wrap breaks styled text into lines of at most w columns at spaces; a
// newline always breaks. A word longer than w gets a line of its own.
// A quote bar at the start of a line is repeated on its continuations.
func wrap(sp []span, w int) [][]span {
	type word struct {
		parts []span
		width int
	}
	var lines [][]span
	var line []span
	lineW := 0
	var quote *span
	var cur word
	pendingSpace := false
	emit := func() {
		lines = append(lines, line)
		line, lineW = nil, 0
	}
	place := func() {
		if len(cur.parts) == 0 {
			return
		}
		need := cur.width
		if len(line) > 0 && pendingSpace {
			need++
		}
		if len(line) > 0 && lineW+need > w {
			emit()
			if quote != nil {
				line, lineW = append(line, *quote), lineWidth([]span{*quote})
			}
			pendingSpace = false
		}
		if len(line) > 0 && pendingSpace && !(quote != nil && len(line) == 1 && line[0] == *quote) {
			// The space between two words of one styled run (code, bold, a link) is part of it.
			shared := line[len(line)-1].a & cur.parts[0].a &^ (aButton | aQuote | aPre)
			line = append(line, span{" ", shared})
			lineW++
		}
		line = append(line, cur.parts...)
		lineW += cur.width
		cur = word{}
		pendingSpace = false
	}
	for _, s := range sp {
		if s.a&aButton != 0 { // a button is never split
			place()
			cur = word{parts: []span{s}, width: textWidth(s.text)}
			place()
			continue
		}
		if s.a&aQuote != 0 {
			place()
			q := s
			quote = &q
			line, lineW = append(line, s), lineW+lineWidth([]span{s})
			continue
		}
		var b strings.Builder
		flushPart := func() {
			if b.Len() > 0 {
				t := b.String()
				cur.parts = append(cur.parts, span{t, s.a})
				cur.width += textWidth(t)
				b.Reset()
			}
		}
		for _, r := range s.text {
			switch {
			case r == '\n':
				flushPart()
				place()
				emit()
				quote = nil
				pendingSpace = false
			case r == ' ' || r == '\t':
				flushPart()
				place()
				pendingSpace = true
			default:
				b.WriteRune(r)
			}
		}
		flushPart()
	}
	place()
	if len(line) > 0 || len(lines) == 0 {
		emit()
	}
	return lines
}

func lineWidth(l []span) int {
	n := 0
	for _, s := range l {
		n += textWidth(s.text)
	}
	return n
}

// textWidth counts terminal columns: emoji and wide East Asian characters
// take two, combining marks and variation selectors none.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r == '\u200d' || r == '\ufe0f' || unicode.Is(unicode.Mn, r):
		case r >= 0x1F300 && r <= 0x1FAFF, r == 0x2705, r == 0x231B, r == 0x23F3, r == 0x2B50, r == 0x274C,
			r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF, r >= 0xFF00 && r <= 0xFF60:
			n += 2
		default:
			n++
		}
	}
	return n
}

// draw writes a line, with ANSI attributes when the style has colour.
// Without colour, bold and italic marks are dropped and inline code keeps
// its backticks, so commands stand out as things to type.
func draw(l []span, st Style) string {
	var b strings.Builder
	inCode := false
	if st.Color {
		// One escape sequence per run of equal attributes, not per word.
		for i := 0; i < len(l); {
			j, text := i+1, l[i].text
			for ; j < len(l) && l[j].a == l[i].a; j++ {
				text += l[j].text
			}
			b.WriteString(paint(text, l[i].a, st))
			i = j
		}
		return b.String()
	}
	for _, s := range l {
		if code := s.a&aCode != 0; code != inCode {
			b.WriteByte('`')
			inCode = code
		}
		b.WriteString(s.text)
	}
	if inCode {
		b.WriteByte('`')
	}
	return b.String()
}

// paint wraps text in the ANSI codes for a; plain text without colour.
func paint(text string, a attr, st Style) string {
	if !st.Color || a == 0 || text == "" {
		return text
	}
	var codes []string
	if a&(aBold|aPrimary|aWhere) != 0 {
		codes = append(codes, "1")
	}
	if a&(aDim|aQuote) != 0 {
		codes = append(codes, "2")
	}
	if a&aItalic != 0 {
		codes = append(codes, "3")
	}
	if a&aLink != 0 {
		codes = append(codes, "4")
	}
	if a&aStrike != 0 {
		codes = append(codes, "9")
	}
	switch {
	case a&aDanger != 0:
		codes = append(codes, "31")
	case a&aPrimary != 0:
		codes = append(codes, "32")
	case a&(aCode|aPre) != 0:
		codes = append(codes, "33")
	case a&aWhere != 0, a&aMention != 0:
		codes = append(codes, "36")
	case a&aButton != 0:
		codes = append(codes, "34")
	}
	if len(codes) == 0 {
		return text
	}
	return "\x1b[" + strings.Join(codes, ";") + "m" + text + "\x1b[0m"
}

// visible strips ANSI codes (for tests and width checks).
func visible(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		if strings.HasPrefix(s, "\x1b[") {
			if k := strings.IndexByte(s, 'm'); k >= 0 {
				s = s[k+1:]
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s)
		b.WriteRune(r)
		s = s[size:]
	}
	return b.String()
}

// Bold is text in bold (plain without colour).
func Bold(text string, st Style) string { return paint(text, aBold, st) }

// Dim is text dimmed (plain without colour).
func Dim(text string, st Style) string { return paint(text, aDim, st) }

// DimLines wraps text to the style's width, each line dimmed: the console's
// own notes, told apart from what the bot sent.
func DimLines(text string, st Style) []string {
	var out []string
	for _, l := range wrap([]span{{text, aDim}}, st.width()) {
		out = append(out, draw(l, st))
	}
	return out
}
