package slackemu

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestAuthErrors(t *testing.T) {
	s := start(t, nil)
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"no token", func() error {
			_, err := slack.New("", slack.OptionAPIURL(s.APIURL())).AuthTestContext(ctxT(t))
			return err
		}, "not_authed"},
		{"wrong bot token", func() error {
			_, err := slack.New("xoxb-wrong", slack.OptionAPIURL(s.APIURL())).AuthTestContext(ctxT(t))
			return err
		}, "invalid_auth"},
		{"app token on a bot method", func() error {
			_, _, err := slack.New(appTok, slack.OptionAPIURL(s.APIURL())).PostMessageContext(ctxT(t), chSLA, slack.MsgOptionText("hi", false))
			return err
		}, "not_allowed_token_type"},
		{"bot token on apps.connections.open", func() error {
			_, _, err := slack.New(botTok, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(botTok)).StartSocketModeContext(ctxT(t))
			return err
		}, "not_allowed_token_type"},
		{"wrong app token", func() error {
			_, _, err := slack.New(botTok, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken("xapp-wrong")).StartSocketModeContext(ctxT(t))
			return err
		}, "invalid_auth"},
		{"no app token", func() error {
			_, _, err := slack.New(botTok, slack.OptionAPIURL(s.APIURL())).StartSocketModeContext(ctxT(t))
			return err
		}, "not_authed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slackErr(tt.call()); got != tt.want {
				t.Errorf("error = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAuthTestAndConnectionsOpen(t *testing.T) {
	s := start(t, nil)
	res, err := botAPI(s).AuthTestContext(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.TeamID != "T0TEST" || res.UserID != "U0BOT" || res.BotID != "B0BOT" || res.Team != "Test Co" {
		t.Errorf("auth.test = %+v", res)
	}
	api := slack.New(botTok, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(appTok))
	_, wsURL, err := api.StartSocketModeContext(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := "ws://" + strings.TrimPrefix(s.URL(), "http://") + "/link/?ticket="; !strings.HasPrefix(wsURL, want) || !strings.HasSuffix(wsURL, "&app_id=A0APP") {
		t.Errorf("url = %q, want %s…&app_id=A0APP", wsURL, want)
	}
	if got := s.Calls("auth.test"); got != 1 {
		t.Errorf("Calls(auth.test) = %d, want 1", got)
	}
}

func TestPostMessage(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	im, _ := s.IMChannel(grace)
	tests := []struct {
		name      string
		channel   string
		opts      []slack.MsgOption
		wantErr   string
		wantChan  string
		wantDM    string
		wantBlock bool
	}{
		{"channel id", chSLA, []slack.MsgOption{slack.MsgOptionText("hello", false)}, "", chSLA, "", false},
		{"channel name", "#sla", []slack.MsgOption{slack.MsgOptionText("hello", false)}, "", chSLA, "", false},
		{"user id posts in the DM", grace, []slack.MsgOption{slack.MsgOptionText("psst", false)}, "", im, grace, false},
		{"IM id", im, []slack.MsgOption{slack.MsgOptionText("psst", false)}, "", im, grace, false},
		{"private channel the bot is in", chMine, []slack.MsgOption{slack.MsgOptionText("hi", false)}, "", chMine, "", false},
		{"blocks only", chSLA, []slack.MsgOption{slack.MsgOptionBlocks(slack.NewDividerBlock())}, "", chSLA, "", true},
		{"unknown channel", "C0NOPE", []slack.MsgOption{slack.MsgOptionText("hi", false)}, "channel_not_found", "", "", false},
		{"public channel without the bot", chOut, []slack.MsgOption{slack.MsgOptionText("hi", false)}, "not_in_channel", "", "", false},
		{"private channel without the bot", chPriv, []slack.MsgOption{slack.MsgOptionText("hi", false)}, "channel_not_found", "", "", false},
		{"nothing to say", chSLA, nil, "no_text", "", "", false},
		{"40001 characters", chSLA, []slack.MsgOption{slack.MsgOptionText(strings.Repeat("x", 40001), false)}, "msg_too_long", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(s.Messages())
			ch, ts, err := api.PostMessageContext(ctxT(t), tt.channel, tt.opts...)
			if got := slackErr(err); got != tt.wantErr {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
			msgs := s.Messages()
			if tt.wantErr != "" {
				if len(msgs) != before {
					t.Errorf("a failed post was recorded: %+v", msgs[before:])
				}
				return
			}
			if ch != tt.wantChan {
				t.Errorf("channel = %q, want %q", ch, tt.wantChan)
			}
			m := msgs[len(msgs)-1]
			if m.Kind != Post || m.Channel != tt.wantChan || m.TS != ts || m.Via != ViaAPI || m.DMUser != tt.wantDM || m.IsDM != (tt.wantDM != "") {
				t.Errorf("recorded %+v", m)
			}
			if tt.wantBlock {
				if len(m.Decoded.BlockSet) != 1 || m.Decoded.BlockSet[0].ID() == "" {
					t.Errorf("blocks = %s, want one block with a block_id filled in", m.Blocks)
				}
			}
		})
	}
}

func TestPostMessageReturnsTheMessage(t *testing.T) {
	s := start(t, nil)
	_, ts, msg, err := botAPI(s).PostMessageWithResponseContext(ctxT(t), chSLA,
		slack.MsgOptionText("fallback", false),
		slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*hi*", false, false), nil, nil)),
		slack.MsgOptionTS("1700000000.000100"))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Timestamp != ts || msg.User != "U0BOT" || msg.BotID != "B0BOT" || msg.ThreadTimestamp != "1700000000.000100" || len(msg.Blocks.BlockSet) != 1 {
		t.Errorf("message = %+v", msg.Msg)
	}
	if m := s.Messages()[0]; m.ThreadTS != "1700000000.000100" || m.AllText() != "fallback\n*hi*" {
		t.Errorf("recorded thread %q text %q", m.ThreadTS, m.AllText())
	}
}

func TestTimestampsIncrease(t *testing.T) {
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	s := start(t, func(cfg *Config) { cfg.Now = c.Now })
	api := botAPI(s)
	var got []string
	for i := 0; i < 3; i++ {
		_, ts, err := api.PostMessageContext(ctxT(t), chSLA, slack.MsgOptionText("x", false))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ts)
	}
	// 2026-12-01T09:00:00Z is 1796115600 s; the clock stands still, so each ts is one
	// microsecond after the last.
	want := []string{"1796115600.000000", "1796115600.000001", "1796115600.000002"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ts %d = %s, want %s", i, got[i], want[i])
		}
	}
}

func TestPostEphemeral(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	tests := []struct {
		name, channel, user, want string
	}{
		{"member", chSLA, grace, ""},
		{"not a member", chSLA, linus, "user_not_in_channel"},
		{"unknown user", chSLA, "U0NOPE", "user_not_found"},
		{"channel without the bot", chOut, ada, "not_in_channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := api.PostEphemeralContext(ctxT(t), tt.channel, tt.user, slack.MsgOptionText("only you", false))
			if got := slackErr(err); got != tt.want {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if tt.want != "" {
				return
			}
			m := s.Messages()[len(s.Messages())-1]
			if m.Kind != Ephemeral || m.User != tt.user || m.Channel != tt.channel || m.TS != ts || ts == "" {
				t.Errorf("recorded %+v (ts %q)", m, ts)
			}
		})
	}
}

func TestUpdateAndDelete(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	ctx := ctxT(t)
	_, ts, err := api.PostMessageContext(ctx, chSLA, slack.MsgOptionText("v1", false),
		slack.MsgOptionBlocks(slack.NewDividerBlock()))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, chSLA, ts, slack.MsgOptionText("v2", false)); err != nil {
		t.Fatal(err)
	}
	cur, ok := s.Current(chSLA, ts)
	// chat.update without blocks keeps the old ones.
	if !ok || cur.Text != "v2" || len(cur.Decoded.BlockSet) != 1 || cur.Kind != Post {
		t.Errorf("after update: %+v", cur)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, chSLA, "1.000001", slack.MsgOptionText("x", false)); slackErr(err) != "message_not_found" {
		t.Errorf("update of an unknown ts: %v, want message_not_found", err)
	}
	eph, err := api.PostEphemeralContext(ctx, chSLA, ada, slack.MsgOptionText("mine", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, chSLA, eph, slack.MsgOptionText("x", false)); slackErr(err) != "message_not_found" {
		t.Errorf("update of an ephemeral message: %v, want message_not_found", err)
	}
	if _, _, err := api.DeleteMessageContext(ctx, chSLA, ts); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Current(chSLA, ts); ok {
		t.Error("deleted message still current")
	}
	if _, _, err := api.DeleteMessageContext(ctx, chSLA, ts); slackErr(err) != "message_not_found" {
		t.Errorf("second delete: %v, want message_not_found", err)
	}
	var kinds []Kind
	for _, m := range s.Messages() {
		kinds = append(kinds, m.Kind)
	}
	want := []Kind{Post, Update, Ephemeral, Delete}
	if len(kinds) != len(want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("kinds = %v, want %v", kinds, want)
		}
	}
}

func TestConversationsOpenAndInfo(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	ctx := ctxT(t)
	ch, noOp, already, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{ada}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ch.ID, "D") || noOp || already {
		t.Errorf("first open: id %q no_op %v already_open %v", ch.ID, noOp, already)
	}
	again, _, already, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{ada}})
	if err != nil || again.ID != ch.ID || !already {
		t.Errorf("second open: %v %v %v, want the same %s, already open", again, already, err, ch.ID)
	}
	if _, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U0NOPE"}}); slackErr(err) != "user_not_found" {
		t.Errorf("open with unknown user: %v", err)
	}
	if _, _, err := api.PostMessageContext(ctx, ch.ID, slack.MsgOptionText("hi", false)); err != nil {
		t.Fatal(err)
	}
	if m := s.Messages()[0]; !m.IsDM || m.DMUser != ada {
		t.Errorf("DM recorded as %+v", m)
	}
	info, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: ch.ID})
	if err != nil || !info.IsIM || info.User != ada {
		t.Errorf("IM info = %+v, %v", info, err)
	}
	info, err = api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: chSLA})
	if err != nil || info.Name != "sla" || !info.IsChannel || !info.IsMember {
		t.Errorf("channel info = %+v, %v", info, err)
	}
	if _, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: chPriv}); slackErr(err) != "channel_not_found" {
		t.Errorf("private channel without the bot: %v, want channel_not_found", err)
	}
}

func TestUsers(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	ctx := ctxT(t)
	u, err := api.GetUserInfoContext(ctx, ada)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "ada" || u.RealName != "Ada Lovelace" || u.Profile.Email != "ada@example.com" || !u.IsAdmin || u.TZ != "UTC" {
		t.Errorf("users.info = %+v", u)
	}
	if _, err := api.GetUserInfoContext(ctx, "U0NOPE"); slackErr(err) != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
	u, err = api.GetUserByEmailContext(ctx, "GRACE@example.com")
	if err != nil || u.ID != grace {
		t.Errorf("lookupByEmail = %+v, %v", u, err)
	}
	if _, err := api.GetUserByEmailContext(ctx, "nobody@example.com"); slackErr(err) != "users_not_found" {
		t.Errorf("unknown email: %v", err)
	}
	s.AddUser(User{ID: "U0NEW", Name: "newbie", Email: "new@example.com"})
	if u, err := api.GetUserByEmailContext(ctx, "new@example.com"); err != nil || u.ID != "U0NEW" {
		t.Errorf("added user: %+v, %v", u, err)
	}
	bot, err := api.GetUserInfoContext(ctx, "U0BOT")
	if err != nil || !bot.IsBot || bot.Profile.BotID != "B0BOT" {
		t.Errorf("bot user = %+v, %v", bot, err)
	}
}

func TestBlockValidation(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	section := func(text string) slack.Block {
		return slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", text, false, false), nil, nil)
	}
	n := func(count int, b func(int) slack.Block) []slack.Block {
		out := make([]slack.Block, count)
		for i := range out {
			out[i] = b(i)
		}
		return out
	}
	field := func(text string) *slack.TextBlockObject {
		return slack.NewTextBlockObject("mrkdwn", text, false, false)
	}
	button := func(label, actionID string) *slack.ButtonBlockElement {
		return slack.NewButtonBlockElement(actionID, "v", slack.NewTextBlockObject("plain_text", label, false, false))
	}
	ctxElem := func(int) slack.MixedElement { return field("c") }
	tests := []struct {
		name   string
		blocks []slack.Block
		want   string // the response_metadata message; "" when the post is accepted
	}{
		{"50 blocks", n(50, func(int) slack.Block { return slack.NewDividerBlock() }), ""},
		{"51 blocks", n(51, func(int) slack.Block { return slack.NewDividerBlock() }),
			"[ERROR] no more than 50 items allowed [json-pointer:/blocks]"},
		{"section text of 3000", []slack.Block{section(strings.Repeat("a", 3000))}, ""},
		{"section text of 3001", []slack.Block{section(strings.Repeat("a", 3001))},
			"[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"},
		{"empty section text", []slack.Block{divider(), section("")},
			"[ERROR] must be more than 0 characters [json-pointer:/blocks/1/text/text]"},
		{"10 fields", []slack.Block{slack.NewSectionBlock(nil, fields(10, field), nil)}, ""},
		{"11 fields", []slack.Block{slack.NewSectionBlock(nil, fields(11, field), nil)},
			"[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]"},
		{"field of 2001", []slack.Block{slack.NewSectionBlock(nil, []*slack.TextBlockObject{field("a"), field(strings.Repeat("b", 2001))}, nil)},
			"[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/1/text]"},
		{"header of 150", []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", strings.Repeat("h", 150), false, false))}, ""},
		{"header of 151", []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", strings.Repeat("h", 151), false, false))},
			"[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"},
		{"mrkdwn header", []slack.Block{slack.NewHeaderBlock(field("h"))},
			"[ERROR] must be a valid enum value [json-pointer:/blocks/0/text/type]"},
		{"button text of 76", []slack.Block{slack.NewActionBlock("", button(strings.Repeat("b", 76), "go"))},
			"[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"},
		{"action_id of 256", []slack.Block{slack.NewActionBlock("", button("Go", strings.Repeat("a", 256)))},
			"[ERROR] must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]"},
		{"accessory button text of 76", []slack.Block{slack.NewSectionBlock(field("x"), nil, slack.NewAccessory(button(strings.Repeat("b", 76), "go")))},
			"[ERROR] must be less than 76 characters [json-pointer:/blocks/0/accessory/text/text]"},
		{"10 context elements", []slack.Block{slack.NewContextBlock("", mixed(10, ctxElem)...)}, ""},
		{"11 context elements", []slack.Block{slack.NewContextBlock("", mixed(11, ctxElem)...)},
			"[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements]"},
		{"two dividers without block_id", []slack.Block{slack.NewDividerBlock(), slack.NewDividerBlock()}, ""},
	}
	// Two dividers without ids are fine; with the same id they are not.
	dup := []slack.Block{&slack.DividerBlock{Type: slack.MBTDivider, BlockID: "same"}, &slack.DividerBlock{Type: slack.MBTDivider, BlockID: "same"}}
	tests = append(tests, struct {
		name   string
		blocks []slack.Block
		want   string
	}{"same block_id twice", dup, `[ERROR] duplicate block_id "same" [json-pointer:/blocks/1/block_id]`})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := api.PostMessageContext(ctxT(t), chSLA, slack.MsgOptionText("fallback", false), slack.MsgOptionBlocks(tt.blocks...))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("rejected: %v %+v", err, err)
				}
				return
			}
			var e slack.SlackErrorResponse
			if !errors.As(err, &e) || e.Err != "invalid_blocks" {
				t.Fatalf("error = %v, want invalid_blocks", err)
			}
			if len(e.ResponseMetadata.Messages) != 1 || e.ResponseMetadata.Messages[0] != tt.want {
				t.Errorf("messages = %q, want [%q]", e.ResponseMetadata.Messages, tt.want)
			}
			if len(e.Errors) != 1 || e.Errors[0].Message == nil || "[ERROR] "+*e.Errors[0].Message != tt.want {
				t.Errorf("errors = %+v, want the same text without [ERROR]", e.Errors)
			}
		})
	}
}

func divider() slack.Block { return slack.NewDividerBlock() }

func fields(n int, f func(string) *slack.TextBlockObject) []*slack.TextBlockObject {
	out := make([]*slack.TextBlockObject, n)
	for i := range out {
		out[i] = f("f")
	}
	return out
}

func mixed(n int, f func(int) slack.MixedElement) []slack.MixedElement {
	out := make([]slack.MixedElement, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

func TestUnknownBlockTypeAndBadJSON(t *testing.T) {
	s := start(t, nil)
	post := func(blocks string) map[string]any {
		req, _ := http.NewRequest(http.MethodPost, s.APIURL()+"chat.postMessage",
			strings.NewReader(`{"channel":"`+chSLA+`","blocks":`+blocks+`}`))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("Authorization", "Bearer "+botTok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	// A JSON body with blocks as a real array (not a string) is what Slack accepts too.
	if got := post(`[{"type":"section","text":{"type":"mrkdwn","text":"hi"}}]`); got["ok"] != true {
		t.Errorf("JSON body: %v", got)
	}
	if got := post(`[{"type":"sparkles"}]`); got["error"] != "invalid_blocks" {
		t.Errorf("unknown block type: %v", got)
	}
	if got := post(`"[{"`); got["error"] != "invalid_blocks_format" {
		t.Errorf("malformed blocks: %v", got)
	}
}

func TestUnknownMethod(t *testing.T) {
	s := start(t, nil)
	resp, err := http.Post(s.APIURL()+"chat.frobnicate", "application/x-www-form-urlencoded", strings.NewReader("token="+botTok))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out struct {
		Ok    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Ok || out.Error != "unknown_method" {
		t.Errorf("body = %s", body)
	}
}

func TestRateLimit(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter time.Duration
		want       time.Duration
	}{
		{"whole seconds", 2 * time.Second, 2 * time.Second},
		// Retry-After carries whole seconds: 1.5 s is rounded up to 2.
		{"rounded up", 1500 * time.Millisecond, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, nil)
			api := botAPI(s)
			s.RateLimit("chat.postMessage", 1, tt.retryAfter)
			_, _, err := api.PostMessageContext(ctxT(t), chSLA, slack.MsgOptionText("hi", false))
			var rl *slack.RateLimitedError
			if !errors.As(err, &rl) || rl.RetryAfter != tt.want {
				t.Fatalf("error = %#v, want RateLimitedError after %v", err, tt.want)
			}
			if _, _, err := api.PostMessageContext(ctxT(t), chSLA, slack.MsgOptionText("hi", false)); err != nil {
				t.Errorf("second call: %v", err)
			}
			if got := s.Calls("chat.postMessage"); got != 2 {
				t.Errorf("Calls = %d, want 2", got)
			}
			if got := len(s.Messages()); got != 1 {
				t.Errorf("%d messages recorded, want 1", got)
			}
		})
	}
}

func TestFailNext(t *testing.T) {
	s := start(t, nil)
	s.FailNext("users.info", 1, "internal_error")
	api := botAPI(s)
	if _, err := api.GetUserInfoContext(ctxT(t), ada); slackErr(err) != "internal_error" {
		t.Errorf("first call: %v, want internal_error", err)
	}
	if _, err := api.GetUserInfoContext(ctxT(t), ada); err != nil {
		t.Errorf("second call: %v", err)
	}
}

func TestUploadFile(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	ctx := ctxT(t)
	png := "\x89PNG\r\n\x1a\nnot really a png"
	sum, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: "waterfall.png", FileSize: len(png), Reader: strings.NewReader(png),
		Title: "Waterfall", Channel: chSLA, InitialComment: "December so far",
	})
	if err != nil {
		t.Fatal(err)
	}
	files := s.Files()
	if len(files) != 1 {
		t.Fatalf("files = %+v", files)
	}
	f := files[0]
	if f.ID != sum.ID || sum.Title != "Waterfall" || f.Name != "waterfall.png" || f.Title != "Waterfall" ||
		f.Channel != chSLA || f.Comment != "December so far" || string(f.Content) != png || f.Length != len(png) {
		t.Errorf("file = %+v (summary %+v)", f, sum)
	}
	got, err := s.WaitForFile(ctx, func(f File) bool { return f.Name == "waterfall.png" })
	if err != nil || got.ID != sum.ID {
		t.Errorf("WaitForFile = %+v, %v", got, err)
	}

	_, err = api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
		Files: []slack.FileSummary{{ID: "F0NOPE"}}, Channel: chSLA})
	if slackErr(err) != "file_not_found" {
		t.Errorf("unknown file: %v, want file_not_found", err)
	}
	_, err = api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: "a.txt", FileSize: 1, Content: "a", Channel: chOut})
	if slackErr(err) != "not_in_channel" {
		t.Errorf("channel without the bot: %v, want not_in_channel", err)
	}
	if _, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "a.txt", FileSize: -1}); slackErr(err) != "invalid_arguments" {
		t.Errorf("negative length: %v, want invalid_arguments", err)
	}
}

func TestUploadRawBytes(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	ctx := ctxT(t)
	u, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "r.csv", FileSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(u.UploadURL, "application/octet-stream", strings.NewReader("a,b"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "OK - 3" {
		t.Errorf("upload answered %d %q", resp.StatusCode, body)
	}
	if _, err := api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
		Files: []slack.FileSummary{{ID: u.FileID}}}); err != nil {
		t.Fatal(err)
	}
	if f := s.Files()[0]; string(f.Content) != "a,b" || f.Channel != "" || f.Title != "r.csv" {
		t.Errorf("file = %+v", f)
	}
}

func TestViewsPublish(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	ctx := ctxT(t)
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*Your leads*", false, false), nil, nil),
	}}, PrivateMetadata: "m"}
	resp, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ada, View: view})
	if err != nil {
		t.Fatal(err)
	}
	v, ok := s.HomeView(ada)
	if !ok || v.ID != resp.View.ID || v.Hash != resp.View.Hash || v.PrivateMetadata != "m" || len(v.Decoded.BlockSet) != 1 || resp.View.Type != slack.VTHomeTab {
		t.Errorf("view = %+v, response %+v", v, resp.View)
	}
	// An old hash is a conflict, like Slack's hash check.
	stale := "stale"
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ada, View: view, Hash: &stale}); slackErr(err) != "hash_conflict" {
		t.Errorf("stale hash: %v, want hash_conflict", err)
	}
	modal := view
	modal.Type = slack.VTModal
	_, err = api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ada, View: modal})
	var e slack.SlackErrorResponse
	if !errors.As(err, &e) || e.Err != "invalid_arguments" || len(e.ResponseMetadata.Messages) != 1 ||
		e.ResponseMetadata.Messages[0] != "[ERROR] must be a valid enum value [json-pointer:/view/type]" {
		t.Errorf("modal: %v %+v", err, e.ResponseMetadata)
	}
	long := view
	long.Blocks = slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", strings.Repeat("x", 3001), false, false), nil, nil)}}
	_, err = api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ada, View: long})
	if !errors.As(err, &e) || e.Err != "invalid_arguments" || len(e.ResponseMetadata.Messages) != 1 ||
		e.ResponseMetadata.Messages[0] != "[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]" {
		t.Errorf("long section: %v %+v", err, e.ResponseMetadata)
	}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U0NOPE", View: view}); slackErr(err) != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
}

func TestWaitForAndOnEvent(t *testing.T) {
	s := start(t, nil)
	seen := make(chan Event, 10)
	stop := s.OnEvent(func(e Event) { seen <- e })
	api := botAPI(s)
	ctx := ctxT(t)
	go func() {
		_, _, _ = api.PostMessageContext(ctx, chSLA, slack.MsgOptionText("goal reached on day 24", false))
	}()
	m, err := s.WaitFor(ctx, func(m Message) bool { return strings.Contains(m.Text, "goal reached") })
	if err != nil || m.Seq != 1 || m.Channel != chSLA {
		t.Fatalf("WaitFor = %+v, %v", m, err)
	}
	select {
	case e := <-seen:
		if e.Kind != EventMessage || e.Message.TS != m.TS {
			t.Errorf("event = %+v", e)
		}
	case <-ctx.Done():
		t.Fatal("no event")
	}
	stop()
	if _, _, err := api.PostMessageContext(ctx, chSLA, slack.MsgOptionText("again", false)); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 0 {
		t.Error("event after unsubscribing")
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := s.WaitFor(short, func(m Message) bool { return m.Text == "never" }); err == nil {
		t.Error("WaitFor found a message that was never posted")
	}
}

func TestJSONBodyTokenIsNotAccepted(t *testing.T) {
	s := start(t, nil)
	req, _ := http.NewRequest(http.MethodPost, s.APIURL()+"chat.postMessage",
		strings.NewReader(`{"token":"`+botTok+`","channel":"`+chSLA+`","text":"hi"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Error string }
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if out.Error != "not_authed" {
		t.Errorf("error = %q, want not_authed", out.Error)
	}
}

func TestMissingIDsAreFilledIn(t *testing.T) {
	s := start(t, nil)
	btn := slack.NewButtonBlockElement("", "v", slack.NewTextBlockObject("plain_text", "Go", false, false))
	_, ts, err := botAPI(s).PostMessageContext(ctxT(t), chSLA, slack.MsgOptionBlocks(
		slack.NewActionBlock("", btn),
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "x", false, false), nil, slack.NewAccessory(btn))))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Current(chSLA, ts)
	buttons := m.Buttons()
	if len(buttons) != 2 {
		t.Fatalf("buttons = %+v", buttons)
	}
	for _, b := range buttons {
		if b.BlockID == "" || b.ActionID == "" || b.Text != "Go" || b.Value != "v" {
			t.Errorf("button = %+v, want block_id and action_id filled in", b)
		}
	}
	if buttons[0].BlockID == buttons[1].BlockID {
		t.Errorf("both blocks got block_id %q", buttons[0].BlockID)
	}
}

func TestAllTextReadsInLayoutOrder(t *testing.T) {
	s := start(t, nil)
	mk := func(text string) *slack.TextBlockObject {
		return slack.NewTextBlockObject("mrkdwn", text, false, false)
	}
	_, ts, err := botAPI(s).PostMessageContext(ctxT(t), chSLA, slack.MsgOptionText("fallback", false), slack.MsgOptionBlocks(
		slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", "December", false, false)),
		slack.NewSectionBlock(mk("MQLs"), []*slack.TextBlockObject{mk("*Goal* 100"), mk("*So far* 42")},
			slack.NewAccessory(slack.NewButtonBlockElement("more", "", slack.NewTextBlockObject("plain_text", "More", false, false)))),
		slack.NewContextBlock("", mk("updated 09:00")),
	))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Current(chSLA, ts)
	want := "fallback\nDecember\nMQLs\n*Goal* 100\n*So far* 42\nMore\nupdated 09:00"
	if got := m.AllText(); got != want {
		t.Errorf("AllText =\n%s\nwant\n%s", got, want)
	}
}
