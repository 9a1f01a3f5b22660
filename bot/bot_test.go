package bot_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/bot"
	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/storage/storagetest"
)

func world(t *testing.T) *demo.World {
	t.Helper()
	return worldAt(t, time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC))
}

func worldAt(t *testing.T, now time.Time) *demo.World {
	t.Helper()
	clk := &demo.Clock{}
	clk.Set(now)
	w, err := demo.Start(context.Background(), filepath.Join(t.TempDir(), "s.db"), clk, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func reply(t *testing.T, w *demo.World, user, text string) slackemu.Message {
	t.Helper()
	ms, _, err := w.Command(context.Background(), user, "C0SMARKETING", text)
	if err != nil || len(ms) == 0 {
		t.Fatalf("/sla %s: %v (%d messages)", text, err, len(ms))
	}
	return ms[0]
}

// TestReconnectsWhenSlackAsks: after a disconnect message the bot opens a
// new connection and keeps answering.
func TestReconnectsWhenSlackAsks(t *testing.T) {
	w := world(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	w.Emu.Disconnect("refresh_requested")
	if err := w.Emu.WaitConnects(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if m := reply(t, w, "U0KENDRA", "help"); !strings.Contains(m.AllText(), "/sla setup") {
		t.Fatalf("after reconnecting: %s", m.AllText())
	}
}

// TestChartUpload: /sla chart uploads the PNG to the channel with the
// three-step upload flow.
func TestChartUpload(t *testing.T) {
	w := world(t)
	reply(t, w, "U0KENDRA", "setup marketing=<@U0KENDRA> sales=<@U0SAM> name=S")
	ms, files, err := w.Command(context.Background(), "U0RILEY", "C0SMARKETING", "chart waterfall")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || !strings.HasPrefix(files[0].Name, "waterfall-2026-12") || files[0].Channel != "C0SMARKETING" {
		t.Fatalf("files %+v (messages %d)", files, len(ms))
	}
	for _, m := range []string{"files.getUploadURLExternal", "files.completeUploadExternal"} {
		if w.Emu.Calls(m) != 1 {
			t.Errorf("%s called %d times", m, w.Emu.Calls(m))
		}
	}
	// in a channel the bot is not in, the user is told why
	w.Emu.SetBotMember("C0SMARKETING", false)
	_, files, _ = w.Command(context.Background(), "U0RILEY", "C0SMARKETING", "chart speed")
	if len(files) != 0 {
		t.Fatal("uploaded where the bot is not a member")
	}
	var said bool
	for _, m := range w.Emu.Messages() {
		if strings.Contains(m.Text, "could not upload") && strings.Contains(m.Text, "/invite") {
			said = true
		}
	}
	if !said {
		t.Fatal("a failed upload was not explained")
	}
}

// TestHealthz answers 200 only while the database and the socket are up.
func TestHealthz(t *testing.T) {
	st := storagetest.SQLite(t)
	emu := emulator(t)
	b := bot.New(bot.Options{BotToken: emu.Config().BotToken, AppToken: emu.Config().AppToken, APIURL: emu.APIURL(), Store: st, Log: slog.New(slog.DiscardHandler)})
	h := server.HTTPHandler(st, b, bot.NewMetrics(), nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func() (int, string) {
		resp, err := http.Get(srv.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := get(); code != 503 || !strings.Contains(body, "socket") {
		t.Fatalf("before connecting: %d %s", code, body)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := emu.WaitConnected(wctx, 1); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100 && !b.Connected(); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if code, body := get(); code != 200 {
		t.Fatalf("connected: %d %s", code, body)
	}
	if up := scrape(t, h).value("slabot_database_up"); up != 1 {
		t.Fatalf("database_up = %v with the database open", up)
	}
	st.Close()
	if code, body := get(); code != 503 || !strings.Contains(body, "database") {
		t.Fatalf("database closed: %d %s", code, body)
	}
	if up := scrape(t, h).value("slabot_database_up"); up != 0 {
		t.Fatalf("database_up = %v with the database closed", up)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

// TestCheckTokensNamesTheRejectedToken.
func TestCheckTokensNamesTheRejectedToken(t *testing.T) {
	emu := emulator(t)
	good := emu.Config()
	for _, c := range []struct{ botTok, appTok, want string }{
		{"xoxb-wrong", good.AppToken, "SLACK_BOT_TOKEN was rejected by Slack (auth.test: invalid_auth)"},
		{good.BotToken, "xapp-wrong", "SLACK_APP_TOKEN was rejected by Slack (apps.connections.open: invalid_auth)"},
	} {
		b := bot.New(bot.Options{BotToken: c.botTok, AppToken: c.appTok, APIURL: emu.APIURL(), Log: slog.New(slog.DiscardHandler)})
		_, err := b.CheckTokens(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
		if err != nil && (strings.Contains(err.Error(), "wrong")) {
			t.Errorf("the token leaked into the message: %v", err)
		}
	}
	b := bot.New(bot.Options{BotToken: good.BotToken, AppToken: good.AppToken, APIURL: emu.APIURL(), Log: slog.New(slog.DiscardHandler)})
	if team, err := b.CheckTokens(context.Background()); err != nil || team == "" {
		t.Fatalf("good tokens: %q %v", team, err)
	}
}

// TestCheckTokensNetworkError: Slack not answering is a network problem, not
// a rejected token.
func TestCheckTokensNetworkError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/api/"
	ln.Close() // nothing listens there now: connection refused
	b := bot.New(bot.Options{BotToken: "xoxb-1", AppToken: "xapp-1", APIURL: url, Log: slog.New(slog.DiscardHandler)})
	_, err = b.CheckTokens(context.Background())
	if err == nil || !strings.Contains(err.Error(), "cannot reach Slack at "+url) || strings.Contains(err.Error(), "rejected") {
		t.Fatalf("got %v", err)
	}
}

// TestAcksNeverWaitForHandlers: with every worker stuck in a Slack call
// that does not return, a hundred more envelopes are all acked (within
// Slack's 3 s, long before their handlers run), and all are answered once
// the workers are free.
func TestAcksNeverWaitForHandlers(t *testing.T) {
	w := world(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	reply(t, w, "U0KENDRA", "setup marketing=<@U0KENDRA> sales=<@U0SAM> name=S")
	n := bot.DefaultWorkers()
	var pauses []*slackemu.Pause
	for range n {
		pauses = append(pauses, w.Emu.PauseNext("chat.postMessage", false))
	}
	var stuck []string
	for range n {
		env, err := w.Emu.SlashCommand(ctx, "U0KENDRA", "C0SMARKETING", "digest now")
		if err != nil {
			t.Fatal(err)
		}
		stuck = append(stuck, env)
	}
	for _, p := range pauses {
		select {
		case <-p.Reached: // every worker is now held inside chat.postMessage
		case <-ctx.Done():
			t.Fatal("the workers did not all reach chat.postMessage")
		}
	}
	before := len(w.Emu.Messages())
	var envs []string
	for i := range 100 {
		t0 := time.Now()
		env, err := w.Emu.SlashCommand(ctx, "U0RILEY", "C0SMARKETING", "help")
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(t0); took > 3*time.Second {
			t.Fatalf("envelope %d acked after %v", i, took)
		}
		envs = append(envs, env)
	}
	if got := len(w.Emu.Messages()); got != before {
		t.Fatalf("%d replies while every worker was held: the acks went ahead of the handlers only if none", got-before)
	}
	for _, p := range pauses {
		p.Release()
	}
	for _, env := range append(stuck, envs...) {
		if err := w.Wait(ctx, env); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(w.Emu.Messages()) - before; got < 100 {
		t.Fatalf("%d replies after the workers were free, want every command answered", got)
	}
}

// TestShutdownHandlesWhatWasAcked: Slack never redelivers an acked
// envelope, so a shutdown handles every envelope acked before it, even
// those still queued behind busy workers, before Run returns.
func TestShutdownHandlesWhatWasAcked(t *testing.T) {
	clk := &demo.Clock{}
	clk.Set(time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC))
	w, err := demo.Start(context.Background(), filepath.Join(t.TempDir(), "s.db"), clk, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	reply(t, w, "U0KENDRA", "setup marketing=<@U0KENDRA> sales=<@U0SAM> name=S")
	var pauses []*slackemu.Pause
	for range bot.DefaultWorkers() {
		pauses = append(pauses, w.Emu.PauseNext("chat.postMessage", false))
		if _, err := w.Emu.SlashCommand(ctx, "U0KENDRA", "C0SMARKETING", "digest now"); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range pauses {
		select {
		case <-p.Reached:
		case <-ctx.Done():
			t.Fatal("the workers did not all reach chat.postMessage")
		}
	}
	before := len(w.Emu.Messages())
	for range 20 {
		if _, err := w.Emu.SlashCommand(ctx, "U0RILEY", "C0SMARKETING", "help"); err != nil {
			t.Fatal(err)
		}
	}
	go func() {
		time.Sleep(200 * time.Millisecond) // the shutdown has begun
		for _, p := range pauses {
			p.Release()
		}
	}()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	helps := 0
	for _, m := range w.Emu.Messages()[before:] {
		if m.User == "U0RILEY" && strings.Contains(m.AllText(), "/sla setup") {
			helps++
		}
	}
	if helps != 20 {
		t.Fatalf("%d of the 20 acked commands answered before the bot stopped", helps)
	}
}
