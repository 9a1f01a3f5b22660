package slackemu

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestHelloAndSlashCommand(t *testing.T) {
	s := start(t, nil)
	b := startBot(t, s, ackAll)
	ctx := ctxT(t)

	hello := b.next(t, socketmode.EventTypeHello)
	if r := hello.Request; r.NumConnections != 1 || r.ConnectionInfo.AppID != "A0APP" || r.DebugInfo.Host == "" || r.DebugInfo.ApproximateConnectionTime != 18060 {
		t.Errorf("hello = %+v", r)
	}
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	id, err := s.SlashCommand(ctx, ada, chSLA, "status dec")
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t, socketmode.EventTypeSlashCommand)
	cmd, ok := evt.Data.(slack.SlashCommand)
	if !ok {
		t.Fatalf("data = %T", evt.Data)
	}
	if evt.Request.EnvelopeID != id || !evt.Request.AcceptsResponsePayload || evt.Request.RetryAttempt != 0 {
		t.Errorf("envelope = %+v, want id %s", evt.Request, id)
	}
	want := slack.SlashCommand{
		Token: "emulator-verification-token", TeamID: "T0TEST", TeamDomain: "testco",
		ChannelID: chSLA, ChannelName: "sla", UserID: ada, UserName: "ada",
		Command: "/sla", Text: "status dec", APIAppID: "A0APP",
		ResponseURL: cmd.ResponseURL, TriggerID: cmd.TriggerID,
	}
	if cmd != want {
		t.Errorf("command =\n%+v\nwant\n%+v", cmd, want)
	}
	if !strings.HasPrefix(cmd.ResponseURL, s.URL()+"/commands/T0TEST/") || cmd.TriggerID == "" {
		t.Errorf("response_url %q trigger_id %q", cmd.ResponseURL, cmd.TriggerID)
	}
	if got := s.AckCount(id); got != 1 {
		t.Errorf("AckCount = %d, want 1", got)
	}

	// The named variant and a command typed in the bot's DM.
	im, _ := s.IMChannel(grace)
	if _, err := s.SlashCommandNamed(ctx, "/sla-admin", grace, im, "help"); err != nil {
		t.Fatal(err)
	}
	cmd = b.next(t, socketmode.EventTypeSlashCommand).Data.(slack.SlashCommand)
	if cmd.Command != "/sla-admin" || cmd.ChannelID != im || cmd.ChannelName != "directmessage" {
		t.Errorf("DM command = %+v", cmd)
	}
	if _, err := s.SlashCommand(ctx, linus, chSLA, "help"); err == nil {
		t.Error("a user outside the channel ran a command in it")
	}
}

func TestSlashCommandWaitsForAConnection(t *testing.T) {
	s := start(t, nil)
	short, cancel := context.WithTimeout(ctxT(t), 30*time.Millisecond)
	defer cancel()
	if _, err := s.SlashCommand(short, ada, chSLA, "help"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("no bot: %v, want deadline exceeded", err)
	}
}

func TestAckPayloadIsTheReply(t *testing.T) {
	s := start(t, nil)
	startBot(t, s, func(_ *socketmode.Client, evt socketmode.Event) (bool, any) {
		if evt.Type == socketmode.EventTypeSlashCommand {
			return true, map[string]any{"text": "Working on it…"}
		}
		return true, nil
	})
	ctx := ctxT(t)
	if _, err := s.SlashCommand(ctx, ada, chSLA, "report"); err != nil {
		t.Fatal(err)
	}
	m, err := s.WaitFor(ctx, func(m Message) bool { return m.Via == ViaAck })
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != Ephemeral || m.User != ada || m.Channel != chSLA || m.Text != "Working on it…" || m.ResponseType != "ephemeral" {
		t.Errorf("reply = %+v", m)
	}
}

func TestRedeliveryWithoutAck(t *testing.T) {
	s := start(t, func(c *Config) { c.AckTimeout = 40 * time.Millisecond })
	var mu sync.Mutex
	var seen []socketmode.Request
	b := startBot(t, s, func(_ *socketmode.Client, evt socketmode.Event) (bool, any) {
		if evt.Type != socketmode.EventTypeSlashCommand {
			return true, nil
		}
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, *evt.Request)
		// Drop the first two deliveries on the floor.
		return len(seen) > 2, nil
	})
	b.next(t, socketmode.EventTypeHello)
	id, err := s.SlashCommand(ctxT(t), ada, chSLA, "lead add x")
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 3 {
		t.Fatalf("%d deliveries, want 3", len(seen))
	}
	for i, r := range seen {
		wantReason := "timeout"
		if i == 0 {
			wantReason = ""
		}
		if r.EnvelopeID != id || r.RetryAttempt != i || r.RetryReason != wantReason {
			t.Errorf("delivery %d = id %s attempt %d reason %q, want %s %d %q", i, r.EnvelopeID, r.RetryAttempt, r.RetryReason, id, i, wantReason)
		}
	}
}

func TestRedeliveryGivesUpAfterMaxRetries(t *testing.T) {
	s := start(t, func(c *Config) { c.AckTimeout = 20 * time.Millisecond; c.MaxRetries = 2 })
	deliveries := make(chan int, 10)
	b := startBot(t, s, func(_ *socketmode.Client, evt socketmode.Event) (bool, any) {
		if evt.Type == socketmode.EventTypeSlashCommand {
			deliveries <- evt.Request.RetryAttempt
			return false, nil
		}
		return true, nil
	})
	b.next(t, socketmode.EventTypeHello)
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	go func() { _, _ = s.SlashCommand(ctx, ada, chSLA, "help") }()
	// One delivery and MaxRetries = 2 retries.
	for want := 0; want <= 2; want++ {
		select {
		case got := <-deliveries:
			if got != want {
				t.Fatalf("retry_attempt = %d, want %d", got, want)
			}
		case <-ctx.Done():
			t.Fatalf("delivery %d never came", want)
		}
	}
	// Ten more ack timeouts bring nothing more.
	select {
	case got := <-deliveries:
		t.Errorf("delivery with retry_attempt %d after the last retry", got)
	case <-time.After(10 * 20 * time.Millisecond):
	}
}

func TestRedeliverAfterAck(t *testing.T) {
	s := start(t, nil)
	b := startBot(t, s, ackAll)
	ctx := ctxT(t)
	id, err := s.SlashCommand(ctx, ada, chSLA, "lead won L-1 revenue=5k")
	if err != nil {
		t.Fatal(err)
	}
	first := b.next(t, socketmode.EventTypeSlashCommand)
	if err := s.Redeliver(id); err != nil {
		t.Fatal(err)
	}
	dup := b.next(t, socketmode.EventTypeSlashCommand)
	if dup.Request.EnvelopeID != id || dup.Request.RetryAttempt != 1 || dup.Request.RetryReason != "timeout" {
		t.Errorf("duplicate = %+v", dup.Request)
	}
	if first.Data.(slack.SlashCommand).TriggerID != dup.Data.(slack.SlashCommand).TriggerID {
		t.Error("the duplicate is not the same payload")
	}
	if err := s.WaitAcks(ctx, id, 2); err != nil {
		t.Errorf("the bot did not ack the duplicate: %v", err)
	}
	if err := s.Redeliver("no-such-envelope"); err == nil {
		t.Error("redelivered an unknown envelope")
	}
}

func TestDisconnectAndReconnect(t *testing.T) {
	s := start(t, func(c *Config) { c.DisconnectDelay = 20 * time.Millisecond })
	b := startBot(t, s, ackAll)
	ctx := ctxT(t)
	b.next(t, socketmode.EventTypeHello)
	s.Disconnect("refresh_requested")
	if err := s.WaitConnects(ctx, 2); err != nil {
		t.Fatal(err)
	}
	b.next(t, socketmode.EventTypeHello)
	if got := s.Calls("apps.connections.open"); got != 2 {
		t.Errorf("apps.connections.open called %d times, want 2", got)
	}
	if _, err := s.SlashCommand(ctx, ada, chSLA, "status"); err != nil {
		t.Fatalf("after reconnecting: %v", err)
	}
	// The old connection closes after the delay.
	if err := s.waitUntil(ctx, func() bool { return len(s.conns) == 1 }); err != nil {
		t.Error(err)
	}
}

func TestEnvelopesSpreadOverConnections(t *testing.T) {
	s := start(t, nil)
	counts := make([]int, 2)
	var mu sync.Mutex
	for i := range counts {
		startBot(t, s, func(_ *socketmode.Client, evt socketmode.Event) (bool, any) {
			if evt.Type == socketmode.EventTypeSlashCommand {
				mu.Lock()
				counts[i]++
				mu.Unlock()
			}
			return true, nil
		})
	}
	ctx := ctxT(t)
	if err := s.WaitConnected(ctx, 2); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if _, err := s.SlashCommand(ctx, ada, chSLA, "status"); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	// Round robin: four envelopes, two connections, two each.
	if counts[0] != 2 || counts[1] != 2 {
		t.Errorf("deliveries per connection = %v, want [2 2]", counts)
	}
}

func TestResponseURL(t *testing.T) {
	c := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	s := start(t, func(cfg *Config) { cfg.Now = c.Now })
	b := startBot(t, s, ackAll)
	ctx := ctxT(t)
	if _, err := s.SlashCommand(ctx, ada, chSLA, "status"); err != nil {
		t.Fatal(err)
	}
	url := b.next(t, socketmode.EventTypeSlashCommand).Data.(slack.SlashCommand).ResponseURL
	post := func(msg slack.WebhookMessage) error {
		return slack.PostWebhookCustomHTTPContext(ctx, url, http.DefaultClient, &msg)
	}

	if err := post(slack.WebhookMessage{Text: "only you"}); err != nil {
		t.Fatal(err)
	}
	if err := post(slack.WebhookMessage{Text: "everyone", ResponseType: "in_channel"}); err != nil {
		t.Fatal(err)
	}
	blocks := &slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", strings.Repeat("x", 3001), false, false), nil, nil)}}
	var code slack.StatusCodeError
	if err := post(slack.WebhookMessage{Blocks: blocks}); !errors.As(err, &code) || code.Code != http.StatusBadRequest {
		t.Errorf("invalid blocks: %v, want HTTP 400", err)
	}
	msgs := s.Messages()
	if len(msgs) != 2 {
		t.Fatalf("messages = %+v", msgs)
	}
	if m := msgs[0]; m.Kind != Ephemeral || m.User != ada || m.Channel != chSLA || m.Via != ViaResponseURL || m.ResponseType != "ephemeral" {
		t.Errorf("ephemeral reply = %+v", m)
	}
	if m := msgs[1]; m.Kind != Post || m.User != "" || m.Via != ViaResponseURL || m.ResponseType != "in_channel" {
		t.Errorf("in-channel reply = %+v", m)
	}
	// replace_original on a slash command's URL replaces its last reply.
	if err := post(slack.WebhookMessage{Text: "everyone, updated", ReplaceOriginal: true}); err != nil {
		t.Fatal(err)
	}
	if cur, _ := s.Current(chSLA, msgs[1].TS); cur.Text != "everyone, updated" {
		t.Errorf("replaced message = %+v", cur)
	}
	// Uses so far: 3 accepted (the rejected one does not count); two more are allowed,
	// the sixth is refused.
	for i := 0; i < 2; i++ {
		if err := post(slack.WebhookMessage{Text: "more"}); err != nil {
			t.Fatalf("use %d: %v", 4+i, err)
		}
	}
	if err := post(slack.WebhookMessage{Text: "one too many"}); !errors.As(err, &code) || code.Code != http.StatusNotFound {
		t.Errorf("sixth use: %v, want HTTP 404", err)
	}

	// A fresh URL expires after 30 minutes.
	if _, err := s.SlashCommand(ctx, ada, chSLA, "status"); err != nil {
		t.Fatal(err)
	}
	url = b.next(t, socketmode.EventTypeSlashCommand).Data.(slack.SlashCommand).ResponseURL
	c.Add(30*time.Minute + time.Second)
	if err := post(slack.WebhookMessage{Text: "late"}); !errors.As(err, &code) || code.Code != http.StatusNotFound {
		t.Errorf("after 30 minutes: %v, want HTTP 404", err)
	}
}

func TestClickButton(t *testing.T) {
	s := start(t, nil)
	b := startBot(t, s, ackAll)
	ctx := ctxT(t)
	im, _ := s.IMChannel(grace)
	_, ts, err := botAPI(s).PostMessageContext(ctx, grace,
		slack.MsgOptionText("L-42 breached speed", false),
		slack.MsgOptionBlocks(
			slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*L-42* has waited 2 h", false, false), nil, nil),
			slack.NewActionBlock("nudge_L-42",
				slack.NewButtonBlockElement("log_attempt", "L-42", slack.NewTextBlockObject("plain_text", "Log attempt", false, false)),
				slack.NewButtonBlockElement("snooze", "L-42/1h", slack.NewTextBlockObject("plain_text", "Snooze 1 h", false, false)),
			)))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := s.WaitFor(ctx, func(m Message) bool { return m.TS == ts })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClickButton(ctx, grace, msg, "missing"); err == nil || !strings.Contains(err.Error(), "log_attempt, snooze") {
		t.Errorf("missing button: %v", err)
	}
	if _, err := s.ClickButton(ctx, ada, msg, "snooze"); err == nil {
		t.Error("ada clicked a button in grace's DM")
	}
	id, err := s.ClickButton(ctx, grace, msg, "snooze")
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t, socketmode.EventTypeInteractive)
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok {
		t.Fatalf("data = %T", evt.Data)
	}
	if evt.Request.EnvelopeID != id || evt.Request.AcceptsResponsePayload {
		t.Errorf("envelope = %+v", evt.Request)
	}
	if cb.Type != slack.InteractionTypeBlockActions || cb.User.ID != grace || cb.User.Name != "grace" || cb.Team.ID != "T0TEST" ||
		cb.APIAppID != "A0APP" || cb.Channel.ID != im || cb.Container.ChannelID != im || cb.Container.MessageTs != ts ||
		cb.Container.IsEphemeral || cb.Message.Timestamp != ts || cb.Message.Text != "L-42 breached speed" ||
		len(cb.Message.Blocks.BlockSet) != 2 || cb.TriggerID == "" || cb.ResponseURL == "" {
		t.Errorf("callback = %+v", cb)
	}
	if len(cb.ActionCallback.BlockActions) != 1 {
		t.Fatalf("actions = %+v", cb.ActionCallback)
	}
	a := cb.ActionCallback.BlockActions[0]
	if a.ActionID != "snooze" || a.BlockID != "nudge_L-42" || a.Value != "L-42/1h" || a.Type != "button" || a.Text.Text != "Snooze 1 h" || a.ActionTs == "" {
		t.Errorf("action = %+v", a)
	}

	// The response_url replaces the clicked message.
	if err := slack.PostWebhookCustomHTTPContext(ctx, cb.ResponseURL, http.DefaultClient,
		&slack.WebhookMessage{Text: "Snoozed for 1 h", ReplaceOriginal: true}); err != nil {
		t.Fatal(err)
	}
	last := s.Messages()[len(s.Messages())-1]
	if last.Kind != Update || last.TS != ts || last.Channel != im || last.Text != "Snoozed for 1 h" || !last.IsDM || last.DMUser != grace || len(last.Decoded.BlockSet) != 0 {
		t.Errorf("update = %+v", last)
	}
	if _, err := s.ClickButton(ctx, grace, msg, "snooze"); err == nil {
		t.Error("clicked a button that the update removed")
	}
}

func TestClickButtonOnEphemeral(t *testing.T) {
	s := start(t, nil)
	b := startBot(t, s, ackAll)
	ctx := ctxT(t)
	ts, err := botAPI(s).PostEphemeralContext(ctx, chSLA, ada,
		slack.MsgOptionBlocks(slack.NewSectionBlock(
			slack.NewTextBlockObject("mrkdwn", "Delete agreement?", false, false), nil,
			slack.NewAccessory(slack.NewButtonBlockElement("confirm", "yes", slack.NewTextBlockObject("plain_text", "Delete", false, false))))))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := s.Current(chSLA, ts)
	if _, err := s.ClickButton(ctx, grace, msg, "confirm"); err == nil {
		t.Error("grace clicked ada's ephemeral message")
	}
	if _, err := s.ClickButton(ctx, ada, msg, "confirm"); err != nil {
		t.Fatal(err)
	}
	cb := b.next(t, socketmode.EventTypeInteractive).Data.(slack.InteractionCallback)
	if !cb.Container.IsEphemeral || cb.Message.Timestamp != "" || cb.Channel.Name != "sla" {
		t.Errorf("callback = container %+v message ts %q channel %+v", cb.Container, cb.Message.Timestamp, cb.Channel)
	}
	if a := cb.ActionCallback.BlockActions[0]; a.ActionID != "confirm" || a.BlockID == "" {
		t.Errorf("action = %+v (Slack fills in block_id)", a)
	}
	if err := slack.PostWebhookCustomHTTPContext(ctx, cb.ResponseURL, http.DefaultClient,
		&slack.WebhookMessage{DeleteOriginal: true}); err != nil {
		t.Fatal(err)
	}
	last := s.Messages()[len(s.Messages())-1]
	if last.Kind != Delete || last.TS != ts || last.User != ada {
		t.Errorf("delete = %+v", last)
	}
}

func TestOpenAppHome(t *testing.T) {
	s := start(t, nil)
	b := startBot(t, s, ackAll)
	ctx := ctxT(t)
	resp, err := botAPI(s).PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ada, View: slack.HomeTabViewRequest{
		Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}}})
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.OpenAppHome(ctx, ada)
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t, socketmode.EventTypeEventsAPI)
	outer, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok {
		t.Fatalf("data = %T", evt.Data)
	}
	if evt.Request.EnvelopeID != id || outer.Type != slackevents.CallbackEvent || outer.TeamID != "T0TEST" || outer.APIAppID != "A0APP" {
		t.Errorf("outer = %+v", outer)
	}
	home, ok := outer.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok {
		t.Fatalf("inner = %T", outer.InnerEvent.Data)
	}
	im, _ := s.IMChannel(ada)
	if home.User != ada || home.Channel != im || home.Tab != "home" || home.EventTimeStamp == "" || home.View == nil || home.View.ID != resp.View.ID {
		t.Errorf("app_home_opened = %+v", home)
	}
	cb := outer.Data.(*slackevents.EventsAPICallbackEvent)
	if cb.EventID == "" || cb.EventTime == 0 {
		t.Errorf("callback = %+v", cb)
	}
	// ParseEvent on the raw payload decodes the same, as a bot reading payloads itself would.
	again, err := slackevents.ParseEvent(evt.Request.Payload, slackevents.OptionNoVerifyToken())
	if err != nil || again.InnerEvent.Type != "app_home_opened" {
		t.Errorf("ParseEvent = %+v, %v", again, err)
	}
}

// TestRawSocketProtocol checks the frames themselves, field by field, with a bare
// websocket client: what slack-go's decoding would hide.
func TestRawSocketProtocol(t *testing.T) {
	s := start(t, nil)
	ctx := ctxT(t)
	_, wsURL, err := slack.New(botTok, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(appTok)).StartSocketModeContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A ticket opens one connection only.
	if _, resp, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("second dial with the same ticket: %v", err)
	}

	// One reader, as a client has: gorilla handles the pong while reading.
	pong := make(chan struct{}, 1)
	conn.SetPongHandler(func(string) error { pong <- struct{}{}; return nil })
	frames := make(chan []byte, 10)
	go func() {
		defer close(frames)
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			frames <- data
		}
	}()
	next := func() []byte {
		select {
		case f := <-frames:
			return f
		case <-ctx.Done():
			t.Fatal("no frame")
			return nil
		}
	}

	var hello map[string]any
	if err := json.Unmarshal(next(), &hello); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"type": "hello", "num_connections": 1.0,
		"debug_info":      map[string]any{"host": "applink-slackemu", "build_number": 1.0, "approximate_connection_time": 18060.0},
		"connection_info": map[string]any{"app_id": "A0APP"},
	}
	if !reflect.DeepEqual(hello, want) {
		t.Errorf("hello = %v\nwant %v", hello, want)
	}
	if err := conn.WriteControl(websocket.PingMessage, []byte("hi"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-pong:
	case <-ctx.Done():
		t.Fatal("no pong")
	}

	acked := make(chan error, 1)
	go func() {
		_, err := s.SlashCommand(ctx, ada, chSLA, "help")
		acked <- err
	}()
	var env map[string]json.RawMessage
	if err := json.Unmarshal(next(), &env); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if got := strings.Join(keys, ","); got != "accepts_response_payload,envelope_id,payload,retry_attempt,retry_reason,type" {
		t.Errorf("envelope keys = %s", got)
	}
	if string(env["type"]) != `"slash_commands"` || string(env["accepts_response_payload"]) != "true" ||
		string(env["retry_attempt"]) != "0" || string(env["retry_reason"]) != `""` {
		t.Errorf("envelope = %s", env)
	}
	var payload map[string]any
	_ = json.Unmarshal(env["payload"], &payload)
	if payload["is_enterprise_install"] != "false" || payload["command"] != "/sla" || payload["text"] != "help" {
		t.Errorf("payload = %v", payload)
	}
	if err := conn.WriteJSON(map[string]any{"envelope_id": json.RawMessage(env["envelope_id"])}); err != nil {
		t.Fatal(err)
	}
	if err := <-acked; err != nil {
		t.Errorf("SlashCommand after the ack: %v", err)
	}
}
