package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
)

// socket is the socket-mode connection
// (https://docs.slack.dev/apis/events-api/using-socket-mode). One goroutine
// reads the frames and acks an envelope as soon as its id is read, from
// that same goroutine, before anything else is done with it: the ack never
// queues behind decoding or behind the handlers. The one exception is a
// form's submission, whose ack carries the validation (ackPayload, pure;
// docs/architecture.md, Forms). The envelope then goes to handle, which
// must not block.
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
	var wmu sync.Mutex // gorilla takes one writer at a time
	write := func(data []byte) error {
		wmu.Lock()
		defer wmu.Unlock()
		_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		return conn.WriteMessage(websocket.TextMessage, data)
	}
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
		ack, _ := json.Marshal(struct {
			ID      string          `json:"envelope_id"`
			Payload json.RawMessage `json:"payload,omitempty"`
		}{env.ID, payload})
		if err := write(ack); err != nil {
			return fmt.Errorf("ack %s: %w", env.ID, err)
		}
		s.acked(time.Since(received))
		s.handle(env)
	}
}
