package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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
	conn, _, err := websocket.DefaultDialer.DialContext(dctx, url, nil)
	cancel()
	if err != nil {
		return fmt.Errorf("dial socket: %w", err)
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
	// ack writes an ack for a frame read at received. Only this goroutine
	// writes messages; gorilla's WriteControl (pongs) may run beside it.
	ack := func(data []byte, received time.Time) error {
		_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		if err := conn.WriteMessage(websocket.TextMessage, data); err != nil {
			return err
		}
		s.acked(time.Since(received))
		return nil
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
