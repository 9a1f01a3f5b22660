package slackemu

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

const (
	ada    = "U0ADA"   // marketing director, in #sla and #private
	grace  = "U0GRACE" // sales rep, in #sla only
	linus  = "U0LINUS" // in no channel
	chSLA  = "C0SLA"   // public, bot member
	chOut  = "C0OUT"   // public, bot not a member
	chPriv = "G0PRIV"  // private, bot not a member
	chMine = "G0MINE"  // private, bot member
	botTok = "xoxb-test-bot"
	appTok = "xapp-test-app"
)

func testConfig() Config {
	return Config{
		TeamID: "T0TEST", TeamName: "Test Co", BotToken: botTok, AppToken: appTok,
		BotUserID: "U0BOT", BotID: "B0BOT", AppID: "A0APP",
		Users: []User{
			{ID: ada, Name: "ada", RealName: "Ada Lovelace", Email: "ada@example.com", TZ: "UTC", IsAdmin: true},
			{ID: grace, Name: "grace", RealName: "Grace Hopper", Email: "grace@example.com"},
			{ID: linus, Name: "linus", Email: "linus@example.com"},
		},
		Channels: []Channel{
			{ID: chSLA, Name: "sla", Members: []string{ada, grace}},
			{ID: chOut, Name: "outside", Members: []string{ada}, BotNotMember: true},
			{ID: chPriv, Name: "private", Members: []string{ada}, Private: true, BotNotMember: true},
			{ID: chMine, Name: "mine", Members: []string{ada}, Private: true},
		},
		AckTimeout: 5 * time.Second,
	}
}

// start runs an emulator for the test; edit adjusts the config first.
func start(t *testing.T, edit func(*Config)) *Server {
	t.Helper()
	cfg := testConfig()
	if edit != nil {
		edit(&cfg)
	}
	s := New(cfg)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func botAPI(s *Server) *slack.Client {
	return slack.New(botTok, slack.OptionAPIURL(s.APIURL()))
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// slackErr returns the Slack error code of err ("" when err is not a Slack error).
func slackErr(err error) string {
	var e slack.SlackErrorResponse
	if errors.As(err, &e) {
		return e.Err
	}
	return ""
}

// bot is a socket-mode client run against the emulator, as the real bot runs it.
// testLog adapts t.Log to slack-go's logger.
type testLog struct{ t *testing.T }

func (l testLog) Output(_ int, s string) error {
	l.t.Log(strings.TrimSpace(s))
	return nil
}

type bot struct {
	client *socketmode.Client
	events chan socketmode.Event // everything the client emitted, after handle ran
	cancel context.CancelFunc
	done   sync.WaitGroup
}

// handler decides what the test bot does with a request; returning false skips the
// ack.
type handler func(c *socketmode.Client, evt socketmode.Event) (ack bool, payload any)

func ackAll(*socketmode.Client, socketmode.Event) (bool, any) { return true, nil }

func startBot(t *testing.T, s *Server, h handler) *bot {
	t.Helper()
	api := slack.New(botTok, slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(appTok))
	// slack-go's own debug log goes to the test log, shown when a test fails.
	b := &bot{client: socketmode.New(api, socketmode.OptionDebug(true), socketmode.OptionLog(testLog{t})), events: make(chan socketmode.Event, 100)}
	ctx, cancel := context.WithCancel(context.Background())
	b.cancel = cancel
	b.done.Add(2)
	go func() {
		defer b.done.Done()
		// Like bot.Run: slack-go's RunContext returns when a reconnection
		// fails, so run it again until the test ends.
		for ctx.Err() == nil {
			_ = b.client.RunContext(ctx)
		}
	}()
	go func() {
		defer b.done.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-b.client.Events:
				if evt.Request != nil && evt.Request.EnvelopeID != "" {
					if ack, payload := h(b.client, evt); ack {
						_ = b.client.Ack(*evt.Request, payload)
					}
				}
				select {
				case b.events <- evt:
				default:
				}
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		stopped := make(chan struct{})
		go func() { b.done.Wait(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
			t.Error("socket-mode client did not stop")
		}
	})
	return b
}

// next returns the next event of the given type the client emitted.
func (b *bot) next(t *testing.T, typ socketmode.EventType) socketmode.Event {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case evt := <-b.events:
			if evt.Type == typ {
				return evt
			}
		case <-timeout:
			t.Fatalf("no %s event", typ)
		}
	}
}

// clock is a settable Config.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
