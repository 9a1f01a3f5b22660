package slackemu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// debugHost is what Slack puts in debug_info.host ("applink-7fc4fdbb64-4x5xq").
const debugHost = "applink-slackemu"

// wsConn is one Socket Mode connection.
type wsConn struct {
	id       int
	ws       *websocket.Conn
	wmu      sync.Mutex // gorilla allows one writer at a time
	done     chan struct{}
	once     sync.Once
	draining bool // sent a disconnect; gets no new envelopes (guarded by Server.mu)
}

func (c *wsConn) write(data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.writeLocked(data)
}

// writeLocked writes with c.wmu held by the caller.
func (c *wsConn) writeLocked(data []byte) error {
	_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	defer func() { _ = c.ws.SetWriteDeadline(time.Time{}) }()
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

func (c *wsConn) close() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		_ = c.ws.Close()
	})
}

var upgrader = websocket.Upgrader{
	// slack-go sends Origin: https://api.slack.com, which is not this host.
	CheckOrigin: func(*http.Request) bool { return true },
}

// handleLink is the websocket URL apps.connections.open hands out. Each ticket opens
// one connection.
func (s *Server) handleLink(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	ok := s.tickets[ticket] && !s.closed
	delete(s.tickets, ticket)
	s.mu.Unlock()
	if !ok {
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsConn{ws: ws, done: make(chan struct{})}

	// The connection is listed at once, so a Disconnect racing the handshake
	// reaches it; its write lock is held until hello is out, so no envelope
	// or disconnect message can overtake the hello. (Nothing writes to a
	// connection while holding s.mu, so taking s.mu here cannot deadlock.)
	c.wmu.Lock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.wmu.Unlock()
		c.close()
		return
	}
	s.connects++
	c.id = s.connects
	hello, _ := json.Marshal(map[string]any{
		"type":            "hello",
		"num_connections": s.openLocked() + 1,
		"debug_info": map[string]any{
			"host": debugHost, "build_number": 1, "approximate_connection_time": 18060,
		},
		"connection_info": map[string]any{"app_id": s.cfg.AppID},
	})
	s.conns = append(s.conns, c)
	s.notifyLocked()
	s.mu.Unlock()
	err = c.writeLocked(hello)
	if err == nil {
		_ = c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
	}
	c.wmu.Unlock()
	if err != nil {
		s.drop(c)
		return
	}

	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.pingLoop(c)
	}()
	s.readLoop(c)
}

func (s *Server) pingLoop(c *wsConn) {
	t := time.NewTicker(s.cfg.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)); err != nil {
				return
			}
		case <-c.done:
			return
		case <-s.ctx.Done():
			return
		}
	}
}

// readLoop reads acks until the connection ends; gorilla answers pings on its own
// while reading.
func (s *Server) readLoop(c *wsConn) {
	defer s.drop(c)
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		at := time.Now()
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) != nil || ack.EnvelopeID == "" {
			continue
		}
		s.acked(ack.EnvelopeID, ack.Payload, at)
	}
}

// drop closes a connection a write failed on and stops choosing it.
func (s *Server) drop(c *wsConn) {
	c.close()
	s.mu.Lock()
	s.removeConnLocked(c)
	s.mu.Unlock()
}

func (s *Server) removeConnLocked(c *wsConn) {
	for i, x := range s.conns {
		if x == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			s.notifyLocked()
			return
		}
	}
}

func (s *Server) openLocked() int {
	n := 0
	for _, c := range s.conns {
		if !c.draining {
			n++
		}
	}
	return n
}

// Connections is the number of open Socket Mode connections (not counting ones told
// to disconnect).
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.openLocked()
}

// Connects is the number of Socket Mode connections ever opened (hellos sent).
func (s *Server) Connects() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connects
}

// WaitConnected waits until at least n Socket Mode connections are open.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.waitUntil(ctx, func() bool { return s.openLocked() >= n })
}

// WaitConnects waits until at least n connections have ever been opened, e.g. 2 after
// a Disconnect, to see the client come back.
func (s *Server) WaitConnects(ctx context.Context, n int) error {
	return s.waitUntil(ctx, func() bool { return s.connects >= n && s.openLocked() > 0 })
}

// Disconnect sends Slack's disconnect message ({"type":"disconnect","reason":…}) to
// every connection and closes them after Config.DisconnectDelay. Reasons Slack uses:
// "refresh_requested", "warning", "link_disabled". From the message on, new envelopes
// wait for a fresh connection.
func (s *Server) Disconnect(reason string) {
	msg, _ := json.Marshal(map[string]any{
		"type": "disconnect", "reason": reason, "debug_info": map[string]any{"host": debugHost},
	})
	s.mu.Lock()
	var conns []*wsConn
	for _, c := range s.conns {
		if !c.draining {
			c.draining = true
			conns = append(conns, c)
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.write(msg)
		time.AfterFunc(s.cfg.DisconnectDelay, c.close)
	}
}

// envelope is a Socket Mode request and its delivery state.
type envelope struct {
	id      string
	typ     string
	payload json.RawMessage
	accepts bool
	attempt int // retry_attempt of the last delivery
	acks    int // acks received
	ackedCh chan struct{}
	ackedAt time.Time // the first ack's arrival
	timer   *time.Timer
	onAck   func(payload json.RawMessage) []Event // first ack only
}

func (s *Server) frame(e *envelope, attempt int, reason string) []byte {
	b, _ := json.Marshal(map[string]any{
		"envelope_id":              e.id,
		"payload":                  e.payload,
		"type":                     e.typ,
		"accepts_response_payload": e.accepts,
		"retry_attempt":            attempt,
		"retry_reason":             reason,
	})
	return b
}

func newEnvelopeID() string {
	b := []byte(randomHex(16))
	return fmt.Sprintf("%s-%s-4%s-a%s-%s", b[0:8], b[8:12], b[13:16], b[17:20], b[20:32])
}

// SendEnvelope delivers a Socket Mode envelope of any type ("events_api",
// "interactive", "slash_commands") with the given payload and returns once the bot
// acknowledges it. It waits for a connection if none is open. Unacknowledged, it is
// redelivered every AckTimeout up to MaxRetries times, with the same envelope_id.
func (s *Server) SendEnvelope(ctx context.Context, typ string, payload any, acceptsResponse bool) (string, error) {
	return s.send(ctx, typ, payload, acceptsResponse, nil)
}

func (s *Server) send(ctx context.Context, typ string, payload any, accepts bool, onAck func(json.RawMessage) []Event) (string, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("slackemu: payload: %w", err)
	}
	e := &envelope{id: newEnvelopeID(), typ: typ, payload: raw, accepts: accepts,
		ackedCh: make(chan struct{}), onAck: onAck}
	s.mu.Lock()
	s.envelopes[e.id] = e
	s.mu.Unlock()

	// The first delivery waits for a connection, as a user's command would fail on Slack
	// only after it gave up.
	for {
		c, err := s.pickConn(ctx)
		if err != nil {
			return e.id, err
		}
		if c.write(s.frame(e, 0, "")) == nil {
			break
		}
		s.drop(c)
	}
	s.armRetry(e)

	select {
	case <-e.ackedCh:
		return e.id, nil
	case <-ctx.Done():
		return e.id, fmt.Errorf("slackemu: envelope %s (%s) not acknowledged: %w", e.id, typ, ctx.Err())
	case <-s.ctx.Done():
		return e.id, errors.New("slackemu: server closed")
	}
}

// Ack is one envelope's round trip as the emulator saw it: when its frame
// was written and when its ack arrived.
type Ack struct {
	EnvelopeID  string
	Sent, Acked time.Time
}

// SlashBurst delivers one slash command per text, back to back on one
// connection from one goroutine, as Slack delivers a burst, and waits for
// every ack. It returns each envelope's round trip.
func (s *Server) SlashBurst(ctx context.Context, userID, channelID string, texts []string) ([]Ack, error) {
	envs := make([]*envelope, len(texts))
	frames := make([][]byte, len(texts))
	for i, text := range texts {
		p, onAck, err := s.slashCommand(s.cfg.Command, userID, channelID, text)
		if err != nil {
			return nil, err
		}
		raw, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		envs[i] = &envelope{id: newEnvelopeID(), typ: "slash_commands", payload: raw, accepts: true, ackedCh: make(chan struct{}), onAck: onAck}
		frames[i] = s.frame(envs[i], 0, "")
	}
	c, err := s.pickConn(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	for _, e := range envs {
		s.envelopes[e.id] = e
	}
	s.mu.Unlock()
	sent := make([]time.Time, len(envs))
	for i := range envs {
		if err := c.write(frames[i]); err != nil {
			s.drop(c)
			return nil, fmt.Errorf("slackemu: burst: %w", err)
		}
		sent[i] = time.Now()
	}
	for _, e := range envs {
		s.armRetry(e)
	}
	out := make([]Ack, len(envs))
	for i, e := range envs {
		select {
		case <-e.ackedCh:
		case <-ctx.Done():
			return nil, fmt.Errorf("slackemu: envelope %s not acknowledged: %w", e.id, ctx.Err())
		}
		s.mu.Lock()
		out[i] = Ack{EnvelopeID: e.id, Sent: sent[i], Acked: e.ackedAt}
		s.mu.Unlock()
	}
	return out, nil
}

// pickConn returns the next open connection round-robin, waiting for one.
func (s *Server) pickConn(ctx context.Context) (*wsConn, error) {
	var c *wsConn
	err := s.waitUntil(ctx, func() bool {
		c = s.pickConnLocked()
		return c != nil
	})
	return c, err
}

func (s *Server) pickConnLocked() *wsConn {
	n := len(s.conns)
	for i := 0; i < n; i++ {
		c := s.conns[(s.rr+i)%n]
		if !c.draining {
			s.rr = (s.rr + i + 1) % n
			return c
		}
	}
	return nil
}

func (s *Server) armRetry(e *envelope) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || e.acks > 0 || e.attempt >= s.cfg.MaxRetries {
		return
	}
	if e.timer != nil {
		e.timer.Stop()
	}
	e.timer = time.AfterFunc(s.cfg.AckTimeout, func() { s.retry(e) })
}

// retry sends an unacknowledged envelope again, as Slack does after its ack timeout.
func (s *Server) retry(e *envelope) {
	s.mu.Lock()
	if s.closed || e.acks > 0 || e.attempt >= s.cfg.MaxRetries {
		s.mu.Unlock()
		return
	}
	c := s.pickConnLocked()
	if c == nil {
		// No connection: try again after another timeout, without spending a retry.
		e.timer = time.AfterFunc(s.cfg.AckTimeout, func() { s.retry(e) })
		s.mu.Unlock()
		return
	}
	e.attempt++
	data := s.frame(e, e.attempt, "timeout")
	s.mu.Unlock()
	if c.write(data) != nil {
		s.drop(c)
	}
	s.armRetry(e)
}

// Redeliver sends an envelope again with the same envelope_id and the next
// retry_attempt, even if it was acknowledged: the duplicate delivery Slack may make.
func (s *Server) Redeliver(envelopeID string) error {
	s.mu.Lock()
	e, ok := s.envelopes[envelopeID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("slackemu: no envelope %s", envelopeID)
	}
	c := s.pickConnLocked()
	if c == nil {
		s.mu.Unlock()
		return errors.New("slackemu: no open connection")
	}
	e.attempt++
	data := s.frame(e, e.attempt, "timeout")
	s.mu.Unlock()
	return c.write(data)
}

// AckCount is how many acks the bot sent for an envelope (more than one after
// redeliveries).
func (s *Server) AckCount(envelopeID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.envelopes[envelopeID]; ok {
		return e.acks
	}
	return 0
}

// WaitAcks waits until the bot has sent at least n acks for an envelope.
func (s *Server) WaitAcks(ctx context.Context, envelopeID string, n int) error {
	return s.waitUntil(ctx, func() bool {
		e, ok := s.envelopes[envelopeID]
		return ok && e.acks >= n
	})
}

// acked records an ack read at at.
func (s *Server) acked(id string, payload json.RawMessage, at time.Time) {
	s.mu.Lock()
	e, ok := s.envelopes[id]
	if !ok {
		s.mu.Unlock()
		return
	}
	e.acks++
	first := e.acks == 1
	if first {
		e.ackedAt = at
		if e.timer != nil {
			e.timer.Stop()
		}
		close(e.ackedCh)
	}
	s.notifyLocked()
	onAck := e.onAck
	s.mu.Unlock()
	if first && onAck != nil {
		s.emit(onAck(payload)...)
	}
}
