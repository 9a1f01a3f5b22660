// Package slackemu is an in-process Slack emulator that speaks Slack's wire protocol on
// loopback: the Web API (form and JSON bodies, Slack's error codes and HTTP 429 rate
// limits), the three-step external file upload, response_url webhooks, and Socket Mode
// (hello, envelopes, acks, redelivery, disconnect). The real slack-go client and its
// socketmode package run against it unchanged, so the bot is tested end to end and
// `slabot demo` can run without a workspace.
//
// Everything the bot does is recorded (Messages, Files, HomeView, Calls) and can be
// awaited (WaitFor, WaitForFile) or followed live (OnEvent). Users act through
// SlashCommand, ClickButton and OpenAppHome, which deliver Socket Mode envelopes the way
// Slack does.
package slackemu

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Config describes the workspace the emulator pretends to be. Zero fields get the
// defaults listed on each field.
type Config struct {
	TeamID     string // default "T0EMULATOR"
	TeamName   string // default "Emulated Workspace"
	TeamDomain string // default: TeamName lower-cased, letters and digits only

	BotToken  string // default "xoxb-emulator-bot-token"
	AppToken  string // default "xapp-emulator-app-token"
	BotUserID string // default "U0BOT"
	BotID     string // default "B0BOT"
	BotName   string // default "slabot"
	AppID     string // default "A0SLABOT"
	// VerificationToken is the legacy "token" field Slack puts in payloads.
	VerificationToken string // default "emulator-verification-token"
	// Command is the slash command SlashCommand sends.
	Command string // default "/sla"
	// ShouldEscape is the command's "Escape channels, users, and links sent
	// to your app" setting (should_escape in the manifest). Off, as Slack's
	// own default, the command text carries @name and #name as typed.
	ShouldEscape bool

	Users    []User
	Channels []Channel

	// AckTimeout is how long an envelope may stay unacknowledged before it is sent again.
	AckTimeout time.Duration // default 3s, like Slack
	// MaxRetries is how many times an unacknowledged envelope is sent again. Zero means
	// 3, like Slack; a negative value turns redelivery off.
	MaxRetries int
	// PingInterval is how often each socket gets a websocket ping. slack-go drops a
	// connection that saw no ping for 30 s.
	PingInterval time.Duration // default 10s
	// DisconnectDelay is how long Disconnect keeps a socket open after the disconnect
	// message, so the client can read it and reconnect.
	DisconnectDelay time.Duration // default 250ms

	// Now is the clock for message timestamps and response_url expiry.
	Now func() time.Time // default time.Now
}

// User is a workspace member.
type User struct {
	ID   string
	Name string // the handle, e.g. "ada"
	// DisplayName is what people see after @; default Name.
	DisplayName string
	RealName    string
	Email       string
	TZ          string // IANA name, e.g. "Europe/Paris"; default "UTC"
	IsAdmin     bool
	IsBot       bool
	Deleted     bool
}

func (u *User) displayName() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Name
}

// Channel is a public or private channel.
type Channel struct {
	ID   string
	Name string // without '#'
	// Members are the users in the channel. Nil means every configured user (the bot's
	// membership is BotNotMember's business).
	Members []string
	Private bool
	// BotNotMember leaves the bot out of the channel: posting there answers
	// "not_in_channel" (public) or "channel_not_found" (private), like Slack.
	BotNotMember bool
}

// Server is a running emulator. All methods are safe for concurrent use.
type Server struct {
	cfg Config

	mu       sync.Mutex
	users    map[string]*User
	userList []string // IDs in the order they were added
	sentText []string // each slash command's text, as Slack sent it
	channels map[string]*Channel
	ims      map[string]string // user ID → IM channel ID
	imUser   map[string]string // IM channel ID → user ID
	imOpened map[string]bool   // IM channel ID → conversations.open seen

	messages []Message
	current  map[string]*Message // channel|ts → the message as it stands now
	uploads  map[string]*upload  // file ID → pending or completed upload
	files    []File
	views    map[string]View     // user ID → published home view
	modals   map[string][]*modal // user ID → the open modal's view stack, root first
	triggers map[string]*trigger // trigger_id → who may exchange it, until when
	calls    map[string]int
	faults   map[string][]*queuedFault
	pauses   map[string][]*Pause
	hooks    map[string]*responseURL // URL path → response_url state

	envelopes map[string]*envelope
	conns     []*wsConn
	rr        int // round-robin cursor over conns
	connects  int // hellos ever sent
	tickets   map[string]bool

	subs    map[int]func(Event)
	nextSub int
	changed chan struct{} // closed and replaced whenever recorded state changes

	lastTS int64 // microseconds of the last message timestamp handed out
	seq    map[string]int

	base    string // "http://127.0.0.1:PORT"
	httpSrv *http.Server
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	started bool
	closed  bool
}

// New returns an emulator for cfg; call Start to listen.
func New(cfg Config) *Server {
	cfg = withDefaults(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg:       cfg,
		users:     map[string]*User{},
		channels:  map[string]*Channel{},
		ims:       map[string]string{},
		imUser:    map[string]string{},
		imOpened:  map[string]bool{},
		current:   map[string]*Message{},
		uploads:   map[string]*upload{},
		views:     map[string]View{},
		modals:    map[string][]*modal{},
		triggers:  map[string]*trigger{},
		calls:     map[string]int{},
		faults:    map[string][]*queuedFault{},
		pauses:    map[string][]*Pause{},
		hooks:     map[string]*responseURL{},
		envelopes: map[string]*envelope{},
		tickets:   map[string]bool{},
		subs:      map[int]func(Event){},
		changed:   make(chan struct{}),
		seq:       map[string]int{},
		ctx:       ctx,
		cancel:    cancel,
	}
	s.addUserLocked(User{ID: cfg.BotUserID, Name: cfg.BotName, RealName: cfg.BotName, IsBot: true})
	for _, u := range cfg.Users {
		s.addUserLocked(u)
	}
	for _, c := range cfg.Channels {
		s.addChannelLocked(c)
	}
	return s
}

func withDefaults(c Config) Config {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&c.TeamID, "T0EMULATOR")
	def(&c.TeamName, "Emulated Workspace")
	if c.TeamDomain == "" {
		var b strings.Builder
		for _, r := range strings.ToLower(c.TeamName) {
			if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
				b.WriteRune(r)
			}
		}
		c.TeamDomain = b.String()
	}
	def(&c.BotToken, "xoxb-emulator-bot-token")
	def(&c.AppToken, "xapp-emulator-app-token")
	def(&c.BotUserID, "U0BOT")
	def(&c.BotID, "B0BOT")
	def(&c.BotName, "slabot")
	def(&c.AppID, "A0SLABOT")
	def(&c.VerificationToken, "emulator-verification-token")
	def(&c.Command, "/sla")
	if c.AckTimeout <= 0 {
		c.AckTimeout = 3 * time.Second
	}
	switch {
	case c.MaxRetries == 0:
		c.MaxRetries = 3
	case c.MaxRetries < 0:
		c.MaxRetries = 0
	}
	if c.PingInterval <= 0 {
		c.PingInterval = 10 * time.Second
	}
	if c.DisconnectDelay <= 0 {
		c.DisconnectDelay = 250 * time.Millisecond
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Config returns the configuration in effect, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Start listens on 127.0.0.1 on a free port and serves until Close.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return errors.New("slackemu: already started")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("slackemu: listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.handleAPI)
	mux.HandleFunc("/link/", s.handleLink)
	mux.HandleFunc("/upload/v1/", s.handleUpload)
	mux.HandleFunc("/commands/", s.handleResponseURL)
	mux.HandleFunc("/actions/", s.handleResponseURL)
	s.base = "http://" + ln.Addr().String()
	s.httpSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	s.started = true
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		// Serve only returns ErrServerClosed once Close runs; a listener that fails
		// earlier shows up as refused connections in the client under test.
		_ = s.httpSrv.Serve(ln)
	}()
	return nil
}

// Close stops the server, closes every socket and stops redelivery. It is safe to call
// more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := append([]*wsConn(nil), s.conns...)
	s.conns = nil
	for _, e := range s.envelopes {
		if e.timer != nil {
			e.timer.Stop()
		}
	}
	srv := s.httpSrv
	s.notifyLocked()
	s.mu.Unlock()

	s.cancel()
	for _, c := range conns {
		c.close()
	}
	if srv != nil {
		_ = srv.Close()
	}
	s.wg.Wait()
}

// URL is the server's base URL, e.g. "http://127.0.0.1:41234".
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base
}

// APIURL is the Web API base URL, the value for slack.OptionAPIURL or SLACK_API_URL,
// e.g. "http://127.0.0.1:41234/api/".
func (s *Server) APIURL() string { return s.URL() + "/api/" }

// AddUser adds (or replaces) a workspace member.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUserLocked(u)
}

func (s *Server) addUserLocked(u User) {
	if u.TZ == "" {
		u.TZ = "UTC"
	}
	if u.Name == "" {
		u.Name = strings.ToLower(u.ID)
	}
	if u.RealName == "" {
		u.RealName = u.Name
	}
	if _, ok := s.users[u.ID]; !ok {
		s.userList = append(s.userList, u.ID)
	}
	s.users[u.ID] = &u
}

// AddChannel adds (or replaces) a channel.
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addChannelLocked(c)
}

func (s *Server) addChannelLocked(c Channel) {
	if c.Members != nil {
		c.Members = append([]string(nil), c.Members...)
	}
	s.channels[c.ID] = &c
}

// AddMember puts a user in a channel.
func (s *Server) AddMember(channelID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[channelID]
	if !ok {
		return fmt.Errorf("slackemu: no channel %s", channelID)
	}
	if c.Members == nil {
		c.Members = s.humanIDsLocked()
	}
	for _, m := range c.Members {
		if m == userID {
			return nil
		}
	}
	c.Members = append(c.Members, userID)
	return nil
}

// SetBotMember adds the bot to a channel or removes it.
func (s *Server) SetBotMember(channelID string, member bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.channels[channelID]
	if !ok {
		return fmt.Errorf("slackemu: no channel %s", channelID)
	}
	c.BotNotMember = !member
	return nil
}

// IMChannel returns the ID of the bot's direct-message channel with a user, creating it
// as Slack does on first use.
func (s *Server) IMChannel(userID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[userID]; !ok {
		return "", fmt.Errorf("slackemu: no user %s", userID)
	}
	return s.imLocked(userID), nil
}

func (s *Server) humanIDsLocked() []string {
	var ids []string
	for _, id := range s.userList {
		if u := s.users[id]; !u.IsBot {
			ids = append(ids, id)
		}
	}
	return ids
}

func (s *Server) imLocked(userID string) string {
	if id, ok := s.ims[userID]; ok {
		return id
	}
	id := s.newIDLocked("D")
	s.ims[userID] = id
	s.imUser[id] = userID
	return id
}

func (s *Server) isMemberLocked(c *Channel, userID string) bool {
	if userID == s.cfg.BotUserID {
		return !c.BotNotMember
	}
	if c.Members == nil {
		u, ok := s.users[userID]
		return ok && !u.IsBot
	}
	for _, m := range c.Members {
		if m == userID {
			return true
		}
	}
	return false
}

// newIDLocked makes a Slack-looking ID: the prefix and nine digits, unique per prefix.
func (s *Server) newIDLocked(prefix string) string {
	s.seq[prefix]++
	return fmt.Sprintf("%s%09d", prefix, s.seq[prefix])
}

// nextTSLocked hands out message timestamps like Slack's: unix seconds, a dot, six
// digits, strictly increasing.
func (s *Server) nextTSLocked() string {
	now := s.cfg.Now().UnixMicro()
	if now <= s.lastTS {
		now = s.lastTS + 1
	}
	s.lastTS = now
	return fmt.Sprintf("%d.%06d", now/1e6, now%1e6)
}

// notifyLocked wakes every waiter; callers hold s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitUntil blocks until cond (evaluated under s.mu) holds, ctx ends or the server
// closes.
func (s *Server) waitUntil(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		if s.closed {
			s.mu.Unlock()
			return errors.New("slackemu: server closed")
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
