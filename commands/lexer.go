package commands

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/slabot/slabot/sla"
)

// Slack escapes only these three in message text.
var slackUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

func slackUnescape(s string) string { return slackUnescaper.Replace(s) }

// unlink turns Slack's auto-links back into what was typed: a lead named
// acme.com arrives as <http://acme.com|acme.com>, an email as
// <mailto:ada@example.com|ada@example.com>. Entities are unescaped after.
func unlink(s string) string {
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") && len(s) > 2 {
		inner := s[1 : len(s)-1]
		if !strings.HasPrefix(inner, "@") && !strings.HasPrefix(inner, "#") && !strings.HasPrefix(inner, "!") {
			if i := strings.IndexByte(inner, '|'); i >= 0 {
				label := inner[i+1:]
				if strings.HasPrefix(inner, "mailto:") {
					label = inner[len("mailto:"):i]
				}
				return slackUnescape(label)
			}
			return slackUnescape(strings.TrimPrefix(inner, "mailto:"))
		}
	}
	return slackUnescape(s)
}

// argToken is one word of the command text: a positional word or key=value.
type argToken struct {
	key    string // lower-cased key of key=value; "" for a positional word
	val    string // the value without its quotes, Slack entities still escaped
	quoted bool   // the value was quoted
	raw    string // the token as typed, for messages
	end    int    // byte offset just past the token
	// afterKey is the raw key=value token right before this positional word
	// when that value was unquoted: `name=Ada Lovelace` lost its quotes.
	afterKey string
}

// argScanner splits the text lazily, so `/sla agreement set` can take the raw
// rest of the line as free text without tokenizing it.
type argScanner struct {
	text string
	pos  int
}

func isDoubleOpen(r rune) bool  { return r == '"' || r == '“' || r == '”' || r == '„' }
func isDoubleClose(r rune) bool { return r == '"' || r == '”' || r == '“' }
func isSingleOpen(r rune) bool  { return r == '\'' || r == '‘' }
func isSingleClose(r rune) bool { return r == '\'' || r == '’' }

func (sc *argScanner) skipSpace() {
	for sc.pos < len(sc.text) {
		r, n := utf8.DecodeRuneInString(sc.text[sc.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		sc.pos += n
	}
}

// atSpace reports whether i is the end of the text or a space.
func (sc *argScanner) atSpace(i int) bool {
	if i >= len(sc.text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(sc.text[i:])
	return unicode.IsSpace(r)
}

// rest is the untokenized remainder of the text.
func (sc *argScanner) rest() string { return strings.TrimSpace(sc.text[sc.pos:]) }

// keyPrefixLen is the length of a key (a letter, then letters, digits, _ or -) at
// the start of s when it is followed by '=', otherwise 0.
func keyPrefixLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-'):
		case i > 0 && c == '=':
			return i
		default:
			return 0
		}
	}
	return 0
}

// next returns the next token; ok is false at the end of the text. The error
// is a problem description (Msg of a UsageError without a Spec yet).
func (sc *argScanner) next() (t argToken, ok bool, err error) {
	sc.skipSpace()
	if sc.pos >= len(sc.text) {
		return argToken{}, false, nil
	}
	start := sc.pos
	if n := keyPrefixLen(sc.text[sc.pos:]); n > 0 {
		t.key = strings.ToLower(sc.text[sc.pos : sc.pos+n])
		sc.pos += n + 1
	}
	r, _ := utf8.DecodeRuneInString(sc.text[sc.pos:])
	if sc.pos < len(sc.text) && (isDoubleOpen(r) || isSingleOpen(r)) {
		v, err := sc.quoted(start)
		if err != nil {
			return argToken{}, false, err
		}
		t.val, t.quoted = v, true
	} else {
		t.val = sc.word()
		if t.key != "" && t.val == "" {
			return argToken{}, false, &UsageError{Msg: fmt.Sprintf("%s has no value: write %s=… without a space after the =", quoteInput(t.key+"="), t.key)}
		}
	}
	t.end = sc.pos
	t.raw = sc.text[start:sc.pos]
	return t, true, nil
}

// word reads an unquoted word. A Slack entity <…> is kept whole even when
// its label has spaces (a literal < always arrives escaped as &lt;).
func (sc *argScanner) word() string {
	start := sc.pos
	for sc.pos < len(sc.text) {
		r, n := utf8.DecodeRuneInString(sc.text[sc.pos:])
		if unicode.IsSpace(r) {
			break
		}
		if r == '<' {
			if j := strings.IndexByte(sc.text[sc.pos:], '>'); j > 0 {
				sc.pos += j + 1
				continue
			}
		}
		sc.pos += n
	}
	return sc.text[start:sc.pos]
}

// quoted reads a quoted value starting at sc.pos. A double quote ends at the
// next double quote; a single quote only at one followed by a space or the
// end, so an apostrophe inside ('Tim O’Brien') does not end it.
func (sc *argScanner) quoted(tokenStart int) (string, error) {
	open, n := utf8.DecodeRuneInString(sc.text[sc.pos:])
	from := sc.pos + n
	double := isDoubleOpen(open)
	for i := from; i < len(sc.text); {
		r, w := utf8.DecodeRuneInString(sc.text[i:])
		switch {
		case double && isDoubleClose(r):
			if !sc.atSpace(i + w) {
				return "", &UsageError{Msg: fmt.Sprintf("put a space after the closing quote in %s", quoteInput(sc.text[tokenStart:sc.wordEnd(i+w)]))}
			}
			sc.pos = i + w
			return sc.text[from:i], nil
		case !double && isSingleClose(r) && sc.atSpace(i+w):
			sc.pos = i + w
			return sc.text[from:i], nil
		}
		i += w
	}
	return "", &UsageError{Msg: fmt.Sprintf("the quote in %s is never closed: add the closing quote", quoteInput(sc.text[tokenStart:]))}
}

// wordEnd is the offset of the first space at or after i.
func (sc *argScanner) wordEnd(i int) int {
	for i < len(sc.text) {
		r, n := utf8.DecodeRuneInString(sc.text[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// all tokenizes the rest of the text.
func (sc *argScanner) all() ([]argToken, error) {
	var toks []argToken
	for {
		t, ok, err := sc.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return toks, nil
		}
		toks = append(toks, t)
	}
}

// looksLikeClock reports whether s looks like HH:MM (the second word of
// `at=2026-12-01 09:30`).
func looksLikeClock(s string) bool {
	_, err := sla.ParseClock(s)
	return err == nil && strings.Contains(s, ":")
}

// looksLikeDate is a date's shape whatever its year, so that
// `at=1999-12-01 09:30` is still one value, refused for its year.
func looksLikeDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}
