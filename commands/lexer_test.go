package commands

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones of the tests must load on any machine
)

// mustLoad loads a zone for a test table.
func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestTokenize(t *testing.T) {
	type tok struct {
		key, val string
		quoted   bool
	}
	for _, tc := range []struct {
		in   string
		want []tok
	}{
		{"a b  c", []tok{{"", "a", false}, {"", "b", false}, {"", "c", false}}},
		{"key=value", []tok{{"key", "value", false}}},
		{"KEY=Value", []tok{{"key", "Value", false}}}, // keys are case-insensitive, values kept
		{`name="Ada Lovelace" x`, []tok{{"name", "Ada Lovelace", true}, {"", "x", false}}},
		{`name=“Ada Lovelace”`, []tok{{"name", "Ada Lovelace", true}}},
		{`“Ada Lovelace”`, []tok{{"", "Ada Lovelace", true}}},
		{`"Ada Lovelace”`, []tok{{"", "Ada Lovelace", true}}}, // mixed quotes
		{`'Tim O’Brien' x`, []tok{{"", "Tim O’Brien", true}, {"", "x", false}}},
		{`‘Ada’`, []tok{{"", "Ada", true}}},
		{`O'Brien`, []tok{{"", "O'Brien", false}}},
		{`5" x`, []tok{{"", `5"`, false}, {"", "x", false}}},
		{`<@U1|Maria Garcia> x`, []tok{{"", "<@U1|Maria Garcia>", false}, {"", "x", false}}},
		{`owner=<@U1|Maria Garcia>`, []tok{{"owner", "<@U1|Maria Garcia>", false}}},
		{`a=b=c`, []tok{{"a", "b=c", false}}},
		{`"a=b"`, []tok{{"", "a=b", true}}},
		{`""`, []tok{{"", "", true}}},
		{`reason=""`, []tok{{"reason", "", true}}},
		{"a\u00a0b\tc\nd", []tok{{"", "a", false}, {"", "b", false}, {"", "c", false}, {"", "d", false}}},
		{"=x", []tok{{"", "=x", false}}},
		{"Ada &amp; Co", []tok{{"", "Ada", false}, {"", "&amp;", false}, {"", "Co", false}}}, // unescaped later, per use
		{"a < b", []tok{{"", "a", false}, {"", "<", false}, {"", "b", false}}},               // a lone < (cannot come from Slack) is a character
		{"", nil},
	} {
		sc := &argScanner{text: tc.in}
		toks, err := sc.all()
		if err != nil {
			t.Errorf("tokenize %q: %v", tc.in, err)
			continue
		}
		var got []tok
		for _, x := range toks {
			got = append(got, tok{x.key, x.val, x.quoted})
		}
		if len(got) != len(tc.want) {
			t.Errorf("tokenize %q = %+v, want %+v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("tokenize %q = %+v, want %+v", tc.in, got, tc.want)
				break
			}
		}
	}
	for _, tc := range []struct{ in, msg string }{
		{`"Ada Lovelace`, "the quote in `\"Ada Lovelace` is never closed: add the closing quote"},
		{`x name="Ada`, "the quote in `name=\"Ada` is never closed: add the closing quote"},
		{`“Ada`, "the quote in `“Ada` is never closed: add the closing quote"},
		{`'Ada`, "the quote in `'Ada` is never closed: add the closing quote"},
		{`'O’Brien`, "the quote in `'O’Brien` is never closed: add the closing quote"},
		{`"Ada"Lovelace x`, "put a space after the closing quote in `\"Ada\"Lovelace`"},
		{`name= x`, "`name=` has no value: write name=… without a space after the ="},
		{`name=`, "`name=` has no value: write name=… without a space after the ="},
	} {
		_, err := (&argScanner{text: tc.in}).all()
		var ue *UsageError
		if !errors.As(err, &ue) || ue.Msg != tc.msg {
			t.Errorf("tokenize %q: error %v, want %q", tc.in, err, tc.msg)
		}
	}
}

func TestUnlinkAndUnescape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<http://acme.com|acme.com>", "acme.com"},
		{"<mailto:ada@example.com|ada@example.com>", "ada@example.com"},
		{"<mailto:ada@example.com>", "ada@example.com"},
		{"<https://acme.com>", "https://acme.com"},
		{"Ada &amp; Co", "Ada & Co"},
		{"&amp;lt;", "&lt;"}, // one pass: an escaped & stays what was typed
		{"&lt;b&gt;", "<b>"},
		{"<@U1|maria>", "<@U1|maria>"}, // mentions are not links
		{"<>", "<>"},
	} {
		if got := unlink(tc.in); got != tc.want {
			t.Errorf("unlink(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestQuoteInput(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"abc", "`abc`"},
		{"a`b", "`a'b`"},
		{"Ada &amp; Co", "`Ada & Co`"},
		{"", "an empty value"},
		{strings.Repeat("x", 70), "`" + strings.Repeat("x", 59) + "…`"},
	} {
		if got := quoteInput(tc.in); got != tc.want {
			t.Errorf("quoteInput(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
