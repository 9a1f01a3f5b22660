package term

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/internal/slackemu"
)

var testNames = Names{
	Users:    map[string]string{"U0SAM": "sam", "U0RILEY": "riley"},
	Channels: map[string]string{"C0SMARKETING": "smarketing"},
}

func TestMrkdwn(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width int
		want  string
	}{
		{"bold and italics dropped", "*MQL goal* is _not set_", 80, "MQL goal is not set\n"},
		{"mentions", "<@U0SAM> and <@U0RILEY|riley> in <#C0SMARKETING>", 80, "@sam and @riley in #smarketing\n"},
		{"unknown user with label", "<@U0ZED|zed> and <@U0ZOE>", 80, "@zed and @U0ZOE\n"},
		{"unknown channel with label", "<#C0X|general> and <#C0Y>", 80, "#general and #C0Y\n"},
		{"special mentions", "<!here> <!channel> <!date^1392734382^{date}|Feb 18, 2014>", 80, "@here @channel Feb 18, 2014\n"},
		{"escapes decoded once", "a &lt;b&gt; &amp;lt; &amp;", 80, "a <b> &lt; &\n"},
		// Known codes become glyphs; times and unknown codes stay as they are.
		{"emoji", ":tada: at 09:00:00 :unknown_code: :white_check_mark:", 80, "🎉 at 09:00:00 :unknown_code: ✅\n"},
		{"code keeps backticks", "run `/sla leads overdue` now", 80, "run `/sla leads overdue` now\n"},
		{"nothing parsed in code", "`*x* <@U0SAM> :tada:`", 80, "`*x* <@U0SAM> :tada:`\n"},
		{"literal stars", "5 * 3 * 2 and a*b*c", 80, "5 * 3 * 2 and a*b*c\n"},
		{"bold around a mention", "*Sales* · owner *<@U0SAM>*", 80, "Sales · owner @sam\n"},
		{"link with label", "see <https://api.slack.com|the docs>", 80, "see the docs (https://api.slack.com)\n"},
		{"bare link and mailto", "<https://x.example> <mailto:ada@x.example|ada@x.example>", 80, "https://x.example ada@x.example\n"},
		{"quote", "The agreement says:\n>Each miss is a strike.", 80, "The agreement says:\n│ Each miss is a strike.\n"},
		// "one two three four five" at 10 columns: "one two" (7), "three four" (10), "five".
		{"wrap", "one two three four five", 10, "one two\nthree four\nfive\n"},
		{"long word alone", "a abcdefghijklmnop b", 10, "a\nabcdefghijklmnop\nb\n"},
		{"newlines kept", "a\n\nb", 80, "a\n\nb\n"},
		{"quote wraps with its bar", ">aaa bbb ccc", 9, "│ aaa bbb\n│ ccc\n"},
		{"preformatted kept", "*By week*\n```week   n\nW1     2```\nend", 80, "By week\nweek   n\nW1     2\nend\n"},
		{"unclosed backtick literal", "it`s fine", 80, "it`s fine\n"},
		// A cut-off last span leaves its backtick literal; the pairs before it hold.
		{"unclosed after pairs", "a `x`.\n`y` b\n`z…", 80, "a `x`.\n`y` b\n`z…\n"},
		{"pair after a lone backtick", "it`s\n`code` ok", 80, "it`s\n`code` ok\n"},
		// Each line is drawn on its own, so each closes its own backticks.
		{"code split by wrap", "type `/sla leads overdue`", 16, "type `/sla leads`\n`overdue`\n"},
	}
	for _, tt := range tests {
		if got := Mrkdwn(tt.in, testNames, Style{Width: tt.width}); got != tt.want {
			t.Errorf("%s: Mrkdwn(%q) =\n%q\nwant\n%q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestMrkdwnColor(t *testing.T) {
	got := Mrkdwn("*bold* `code` <@U0SAM>", testNames, Style{Color: true})
	want := "\x1b[1mbold\x1b[0m \x1b[33mcode\x1b[0m \x1b[36m@sam\x1b[0m\n"
	if got != want {
		t.Errorf("colour: %q, want %q", got, want)
	}
	if v := visible(got); v != "bold code @sam\n" {
		t.Errorf("visible: %q", v)
	}
}

func TestWhere(t *testing.T) {
	tests := []struct {
		m    slackemu.Message
		want string
	}{
		{slackemu.Message{Kind: slackemu.Post, Channel: "C0SMARKETING"}, "#smarketing"},
		{slackemu.Message{Kind: slackemu.Ephemeral, Channel: "C0SMARKETING", User: "U0SAM"}, "only you (@sam) · #smarketing"},
		{slackemu.Message{Kind: slackemu.Ephemeral, Channel: "C0SMARKETING", User: "U0RILEY"}, "only @riley · #smarketing"},
		{slackemu.Message{Kind: slackemu.Post, Channel: "D0001", IsDM: true, DMUser: "U0RILEY"}, "DM to @riley"},
		{slackemu.Message{Kind: slackemu.Update, Channel: "D0001", IsDM: true, DMUser: "U0RILEY"}, "updated · DM to @riley"},
		{slackemu.Message{Kind: slackemu.Delete, Channel: "C0SMARKETING"}, "deleted · #smarketing"},
	}
	for _, tt := range tests {
		if got := Where(tt.m, "U0SAM", testNames); got != tt.want {
			t.Errorf("Where(%+v) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

func mrk(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func TestRenderBlocks(t *testing.T) {
	btn := func(id, text string, style slack.Style) *slack.ButtonBlockElement {
		b := slack.NewButtonBlockElement(id, "7", slack.NewTextBlockObject(slack.PlainTextType, text, true, false))
		b.Style = style
		return b
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Smarketing — December", true, false)),
		slack.NewContextBlock("", mrk("As of Fri 11 Dec"), mrk("<#C0SMARKETING>")),
		slack.NewSectionBlock(mrk("*Marketing* · owner <@U0SAM>"), []*slack.TextBlockObject{
			mrk("*MQL goal*\n160"), mrk("*MQLs so far*\n52 :white_check_mark:"), mrk("*Still needed*\n5.4 a day"),
		}, nil),
		slack.NewDividerBlock(),
		slack.NewSectionBlock(mrk("*L-7* Ada"), nil, slack.NewAccessory(btn("open", "Open", ""))),
		slack.NewActionBlock("a", btn("lead_attempt", "Log attempt", slack.StylePrimary), btn("lead_contacted", "Mark contacted", ""), btn("lead_snooze", "Snooze 1 h", "")),
	}
	// Width 40: columns of (40 − 3) ÷ 2 = 18; the right column starts at 21.
	want := strings.Join([]string{
		"SMARKETING — DECEMBER",
		"═════════════════════",
		"  As of Fri 11 Dec · #smarketing",
		"Marketing · owner @sam",
		"MQL goal             MQLs so far",
		"160                  52 ✅",
		"Still needed",
		"5.4 a day",
		"────────────────────────────────────────",
		"L-7 Ada",
		"[1 Open]",
		"[2 Log attempt] [3 Mark contacted]",
		"[4 Snooze 1 h]",
		"",
	}, "\n")
	got := RenderBlocks(blocks, testNames, Style{Width: 40}, true)
	if got != want {
		t.Errorf("RenderBlocks =\n%s\nwant\n%s", got, want)
	}
	// The numbers are the positions in Message.Buttons, which :click uses.
	m := slackemu.Message{Decoded: slack.Blocks{BlockSet: blocks}}
	if bs := m.Buttons(); len(bs) != 4 || bs[1].ActionID != "lead_attempt" || bs[3].ActionID != "lead_snooze" {
		t.Errorf("Buttons order: %+v", bs)
	}
	unnumbered := RenderBlocks(blocks[5:], testNames, Style{Width: 80}, false)
	if unnumbered != "[Log attempt] [Mark contacted] [Snooze 1 h]\n" {
		t.Errorf("unnumbered: %q", unnumbered)
	}
}

func TestRenderMessageWithoutBlocks(t *testing.T) {
	m := slackemu.Message{Kind: slackemu.Ephemeral, Channel: "C0SMARKETING", User: "U0SAM", Text: "No lead *L-99*."}
	want := "» only you (@sam) · #smarketing\nNo lead L-99.\n"
	if got := RenderMessage(m, "U0SAM", testNames, Style{}); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderFile(t *testing.T) {
	f := slackemu.File{Name: "waterfall-2026-12.png", Title: "Waterfall — December 2026", Channel: "C0SMARKETING", Comment: "52 of 160 MQLs, *behind* by 4.8"}
	want := "» file · #smarketing\nWaterfall — December 2026\n52 of 160 MQLs, behind by 4.8\n  saved out/01-waterfall-2026-12.png (800×400 PNG)\n"
	if got := RenderFile(f, "out/01-waterfall-2026-12.png", "800×400 PNG", testNames, Style{}); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTextWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"abc", 3},
		{"🎉", 2},
		{"✅ ok", 5},
		{"⚠", 1},
		{"é", 1},
		{"e\u0301", 1}, // e + combining acute
	}
	for _, tt := range tests {
		if got := textWidth(tt.s); got != tt.want {
			t.Errorf("textWidth(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}
