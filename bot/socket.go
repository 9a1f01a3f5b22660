package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
)

// socket is the socket-mode connection
// (https://docs.slack.dev/apis/events-api/using-socket-mode). One goroutine
// reads the frames and acks an envelope as soon as its id is read, from
// that same goroutine, before anything else is done with it: the id is
// picked out of the frame without decoding it (envelopeID), and the frame
// goes to handle undecoded, so neither this ack nor the next frame's queues
// behind decoding or behind the handlers. The one exception is a form's
// submission, whose ack carries the validation (ackPayload, pure;
// docs/architecture.md, Forms). handle must not block.
type socket struct {
	api    *slack.Client // with the app-level token, for apps.connections.open
	log    *slog.Logger
	handle func(env envelope)
	// ackPayload, when set, is the payload of an envelope's ack (a form's
	// response_action); it runs in the reader, so it must be pure and fast.
	ackPayload func(env envelope) json.RawMessage
	// acked hears how long each ack took from the frame's arrival.
	acked func(time.Duration)
	// up hears of the connection coming up (hello) and going down.
	up func(bool)
	// pingTimeout drops a connection on which Slack sent nothing, not even
	// a ping, for this long.
	pingTimeout time.Duration
}

// envelope is a socket-mode frame: an envelope (slash_commands,
// interactive, events_api), hello or disconnect.
type envelope struct {
	ID           string          `json:"envelope_id"`
	Type         string          `json:"type"`
	Payload      json.RawMessage `json:"payload"`
	Reason       string          `json:"reason"` // of a disconnect
	RetryAttempt int             `json:"retry_attempt"`
	// raw is a frame acked on the fast path, not decoded yet (decode).
	raw []byte
}

// decode fills in an envelope acked undecoded; its worker calls it.
func (e *envelope) decode() error {
	if e.raw == nil {
		return nil
	}
	raw := e.raw
	*e = envelope{}
	return json.Unmarshal(raw, e)
}

// errFatal marks an error reconnecting cannot cure (a rejected app token).
type errFatal struct{ error }

// run keeps a connection open until ctx is done, opening a new one
// whenever Slack asks (a disconnect frame) or the connection breaks.
func (s *socket) run(ctx context.Context) error {
	for {
		err := s.connect(ctx)
		s.up(false)
		if ctx.Err() != nil {
			return nil
		}
		var fatal errFatal
		if errors.As(err, &fatal) {
			return fatal.error
		}
		var disc errDisconnect
		if errors.As(err, &disc) {
			// Slack closes this connection soon; open the next at once.
			s.log.Info("socket mode: Slack asked to reconnect", "reason", disc.reason)
			continue
		}
		s.log.Warn("socket mode stopped, reconnecting", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(2 * time.Second):
		}
	}
}

type errDisconnect struct{ reason string }

func (e errDisconnect) Error() string { return "disconnect: " + e.reason }

// connect opens one connection and reads it until it ends.
func (s *socket) connect(ctx context.Context) error {
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	_, url, err := s.api.StartSocketModeContext(octx)
	cancel()
	if err != nil {
		switch reason := slackReason(err); reason {
		case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "not_allowed_token_type":
			return errFatal{fmt.Errorf("SLACK_APP_TOKEN was rejected by Slack: %s", reason)}
		}
		return fmt.Errorf("apps.connections.open: %w", err)
	}
	dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	var bc *batchConn
	dialer := *websocket.DefaultDialer
	dialer.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		bc = &batchConn{Conn: c, sent: s.acked}
		return bc, nil
	}
	conn, _, err := dialer.DialContext(dctx, url, nil)
	cancel()
	if err != nil {
		return fmt.Errorf("dial socket: %w", err)
	}
	if bc == nil { // gorilla dials through NetDialContext for ws and wss alike
		conn.Close()
		return errors.New("dial socket: no connection")
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
		case <-done:
		}
		conn.Close()
	}()
	// ack hands an ack to bc, which sends it before the reader next waits
	// for a frame (batchConn); only this goroutine writes messages, and
	// gorilla's WriteControl (pongs, the close) may run beside it.
	ack := func(data []byte, received time.Time) error {
		_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		bc.hold(received)
		defer bc.release()
		return conn.WriteMessage(websocket.TextMessage, data)
	}
	var frame []byte // the fast path's ack, reused
	alive := func() { _ = conn.SetReadDeadline(time.Now().Add(s.pingTimeout)) }
	conn.SetPingHandler(func(data string) error {
		alive()
		// WriteControl may run beside the other writes.
		err := conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(5*time.Second))
		if errors.Is(err, websocket.ErrCloseSent) {
			return nil
		}
		return err
	})
	for {
		alive()
		_, data, err := conn.ReadMessage()
		if err != nil {
			return err
		}
		received := time.Now()
		if id, ok := envelopeID(data); ok && (s.ackPayload == nil || !bytes.Contains(data, viewSubmission)) {
			// Ack first: Slack redelivers an envelope not acked within 3 s.
			// id is a JSON string's bytes with nothing escaped, so it is
			// copied as is.
			frame = append(append(append(frame[:0], `{"envelope_id":"`...), id...), `"}`...)
			if err := ack(frame, received); err != nil {
				return fmt.Errorf("ack %s: %w", id, err)
			}
			s.handle(envelope{ID: string(id), raw: data})
			continue
		}
		var env envelope
		if err := json.Unmarshal(data, &env); err != nil {
			s.log.Warn("socket mode: unreadable frame", "err", err)
			continue
		}
		switch env.Type {
		case "hello":
			s.up(true)
			continue
		case "disconnect":
			return errDisconnect{env.Reason}
		}
		if env.ID == "" {
			continue
		}
		// Ack first: Slack redelivers an envelope not acked within 3 s.
		var payload json.RawMessage
		if s.ackPayload != nil {
			payload = s.ackPayload(env)
		}
		reply, _ := json.Marshal(struct {
			ID      string          `json:"envelope_id"`
			Payload json.RawMessage `json:"payload,omitempty"`
		}{env.ID, payload})
		if err := ack(reply, received); err != nil {
			return fmt.Errorf("ack %s: %w", env.ID, err)
		}
		s.handle(env)
	}
}

var viewSubmission = []byte(`"view_submission"`)

// envelopeID picks the top-level envelope_id out of a frame without
// decoding it: a walk over the object's keys that skips every other value
// (the payload included) by its brackets and quotes. It gives up (false)
// on anything it does not expect, an escape in a key or in the id among
// them, and the frame is then decoded in full; hello and disconnect have
// no id.
func envelopeID(b []byte) ([]byte, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		key, j, ok := plainString(b, i)
		if !ok {
			return nil, false
		}
		i = skipSpace(b, j)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		i = skipSpace(b, i+1)
		if string(key) == "envelope_id" {
			if i >= len(b) || b[i] != '"' {
				return nil, false
			}
			id, _, ok := plainString(b, i)
			return id, ok && len(id) > 0
		}
		if i, ok = skipValue(b, i); !ok {
			return nil, false
		}
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != ',' {
			return nil, false // the end of the object, or not JSON
		}
		i++
	}
}

// plainString reads the string starting at b[i] == '"' when it has no
// escapes and no control characters: its bytes and the index after it.
func plainString(b []byte, i int) ([]byte, int, bool) {
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return b[i+1 : j], j + 1, true
		case c == '\\' || c < 0x20:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// skipValue returns the index after the JSON value starting at b[i]
// (brackets are counted, not matched: the worker's decode checks the rest).
func skipValue(b []byte, i int) (int, bool) {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			if i >= len(b) {
				return 0, false
			}
			if depth == 0 {
				return i + 1, true
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i, true // after a number, true, false or null
			}
			if depth--; depth == 0 {
				return i + 1, true
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i, true
			}
		}
	}
	return 0, false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// batchConn is the socket's connection to Slack, holding the acks the
// reader writes until it is about to wait for the next frame: a burst
// arrives many frames per read, and their acks then leave in one write
// instead of one system call (and one round of loopback or TLS work) each.
// An ack waits only while the reader acks the frames already read, at most
// maxHeld of them. Every other write (the handshake, pongs, the close) goes
// straight out, after what is held. Under TLS the held bytes are TLS
// records, which is as good.
type batchConn struct {
	net.Conn
	sent    func(time.Duration) // hears each ack's time from read to written
	mu      sync.Mutex
	holding bool
	held    []byte
	times   []time.Time // when each held ack's frame was read
}

// maxHeld bounds the acks held at once, so that the first of a long run
// of buffered frames does not wait for the last.
const maxHeld = 8

// hold starts an ack's write by the reader, for a frame read at received.
func (c *batchConn) hold(received time.Time) {
	c.mu.Lock()
	c.holding = true
	c.times = append(c.times, received)
	c.mu.Unlock()
}

// release ends it; past maxHeld, what is held goes out now.
func (c *batchConn) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.holding = false
	if len(c.times) >= maxHeld {
		_ = c.flushLocked() // an error shows on the next read
	}
}

func (c *batchConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.holding {
		c.held = append(c.held, p...)
		return len(p), nil
	}
	if err := c.flushLocked(); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

// Read sends what is held first: the reader may be about to wait.
func (c *batchConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	err := c.flushLocked()
	c.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

func (c *batchConn) flushLocked() error {
	if len(c.held) == 0 {
		c.times = c.times[:0]
		return nil
	}
	_, err := c.Conn.Write(c.held)
	now := time.Now()
	for _, t := range c.times {
		c.sent(now.Sub(t))
	}
	c.held, c.times = c.held[:0], c.times[:0]
	return err
}
