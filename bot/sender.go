package bot

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
)

// Sender posts to Slack through slack-go. Rate limits are waited out and
// server errors retried a few times (see NewSender and call); what finally
// could not be sent is logged and returned, never dropped silently.
type Sender struct {
	API *slack.Client
	// once is API without slack-go's retries, for the outbox's sends.
	once    *slack.Client
	HTTP    *http.Client
	Log     *slog.Logger
	Timeout time.Duration // per try of call, slack-go's own retries within it; default 1m
	Backoff time.Duration // first wait before retrying an internal_error; doubles; default 500ms
	Metrics *Metrics

	mu      sync.Mutex
	dms     map[string]string // user → IM channel
	members memberCache
}

// slackRetries is how many more tries a call gets after a rate limit or a
// transient failure.
const slackRetries = 3

// NewSender builds a Sender for the bot token against apiURL. Its calls are
// counted in m (which may be nil).
func NewSender(token, apiURL string, httpClient *http.Client, log *slog.Logger, m *Metrics) *Sender {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	httpClient = m.client(httpClient)
	opts := []slack.Option{slack.OptionHTTPClient(httpClient)}
	if apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	once := slack.New(token, opts...)
	// After OptionHTTPClient, which the retry wraps.
	opts = append(opts, slack.OptionRetryConfig(retryConfig(log)))
	return &Sender{API: slack.New(token, opts...), once: once, HTTP: httpClient, Log: log, Metrics: m, dms: map[string]string{}}
}

// retryConfig has slack-go wait out a 429 for its Retry-After and retry a
// 5xx with backoff. A connection error is not retried: the request may
// have reached Slack, and a post sent twice is worse than one reported lost.
func retryConfig(log *slog.Logger) slack.RetryConfig {
	cfg := slack.RetryConfig{
		MaxRetries:         slackRetries,
		RetryAfterDuration: 5 * time.Second, // a 429 without Retry-After
		// Replicas limited together do not all come back at once.
		RetryAfterJitter: 250 * time.Millisecond,
		BackoffInitial:   250 * time.Millisecond,
		BackoffMax:       5 * time.Second,
		BackoffJitter:    100 * time.Millisecond,
	}
	cfg.Handlers = []slack.RetryHandler{
		loggedRetry{slack.NewRateLimitErrorRetryHandler(cfg), log, "slack rate limit, waiting"},
		loggedRetry{slack.NewServerErrorRetryHandler(cfg), log, "slack server error, retrying"},
	}
	return cfg
}

// loggedRetry logs each retry slack-go decides on (it only prints them in
// its debug mode).
type loggedRetry struct {
	slack.RetryHandler
	log *slog.Logger
	msg string
}

func (h loggedRetry) ShouldRetry(st *slack.RetryState, req *http.Request, resp *http.Response, err error) (bool, time.Duration) {
	retry, wait := h.RetryHandler.ShouldRetry(st, req, resp, err)
	if retry {
		attrs := []any{"method", slackMethod(req.URL.Path), "wait", wait, "attempt", st.Attempt + 1}
		if resp != nil {
			attrs = append(attrs, "status", resp.StatusCode)
			if s, perr := strconv.Atoi(resp.Header.Get("Retry-After")); perr == nil {
				attrs = append(attrs, "retry_after", time.Duration(s)*time.Second)
			}
		}
		h.log.Warn(h.msg, attrs...)
	}
	return retry, wait
}

// call runs one Web API call (or response_url post) with a deadline.
// slack-go's retry covers HTTP 429 and 5xx of the Web API; retried here is
// only what it cannot see: internal_error, which Slack answers with HTTP
// 200 and documents as transient, and a response_url, posted around the
// slack.Client.
func (s *Sender) call(ctx context.Context, method string, fn func(ctx context.Context) error) error {
	timeout := cmp.Or(s.Timeout, time.Minute)
	backoff := cmp.Or(s.Backoff, 500*time.Millisecond)
	for attempt := 0; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		err := fn(cctx)
		cancel()
		wait, again := retryable(method, err)
		if !again || attempt >= slackRetries {
			return err
		}
		if wait == 0 {
			wait, backoff = backoff, 2*backoff
		}
		s.Log.Warn("slack call failed, retrying", "method", method, "err", slackReason(err), "wait", wait, "attempt", attempt+1)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// retryable tells whether call should try err's call again, and after how
// long (0: the backoff).
func retryable(method string, err error) (time.Duration, bool) {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && se.Err == "internal_error" {
		return 0, true
	}
	if method != "response_url" {
		return 0, false
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return max(rl.RetryAfter, time.Second), true
	}
	var sc slack.StatusCodeError
	return 0, errors.As(err, &sc) && sc.Code >= 500
}

func msgOptions(m render.Message) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false)}
	if len(m.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	if md := m.Metadata; md != nil {
		payload := make(map[string]any, len(md.Payload))
		for k, v := range md.Payload {
			payload[k] = v
		}
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{EventType: md.EventType, EventPayload: payload}))
	}
	return opts
}

// Post posts m in channel (a channel id, or a user id for their DM) and
// returns the message's timestamp.
func (s *Sender) Post(ctx context.Context, channel string, m render.Message) (string, error) {
	var ts string
	err := s.call(ctx, "chat.postMessage", func(ctx context.Context) error {
		var err error
		_, ts, err = s.API.PostMessageContext(ctx, channel, msgOptions(m)...)
		return err
	})
	if err != nil {
		s.Log.Error("post failed", "channel", channel, "err", err)
		return "", fmt.Errorf("post to %s: %w", channel, err)
	}
	return ts, nil
}

// Update replaces the message at ts in channel.
func (s *Sender) Update(ctx context.Context, channel, ts string, m render.Message) error {
	err := s.call(ctx, "chat.update", func(ctx context.Context) error {
		_, _, _, err := s.API.UpdateMessageContext(ctx, channel, ts, msgOptions(m)...)
		return err
	})
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "message_not_found" || se.Err == "cant_update_message") {
		// Deleted by its reader, or never there (https://docs.slack.dev/reference/methods/chat.update):
		// the caller may post it anew.
		s.Log.Warn("update: message gone", "channel", channel, "ts", ts, "err", se.Err)
		return fmt.Errorf("update %s/%s: %w (%s)", channel, ts, app.ErrMessageGone, se.Err)
	}
	if err != nil {
		s.Log.Error("update failed", "channel", channel, "ts", ts, "err", err)
		return fmt.Errorf("update %s/%s: %w", channel, ts, err)
	}
	return nil
}

// Ephemeral shows m to user in channel only.
func (s *Sender) Ephemeral(ctx context.Context, channel, user string, m render.Message) error {
	err := s.call(ctx, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := s.API.PostEphemeralContext(ctx, channel, user, msgOptions(m)...)
		return err
	})
	if err != nil {
		s.Log.Error("ephemeral failed", "channel", channel, "user", user, "err", err)
	}
	return err
}

// DM opens (once) the direct-message channel with user and posts m there.
// It returns the IM channel and the message timestamp.
func (s *Sender) DM(ctx context.Context, user string, m render.Message) (string, string, error) {
	ch, err := s.OpenDM(ctx, user)
	if err != nil {
		return "", "", err
	}
	ts, err := s.Post(ctx, ch, m)
	return ch, ts, err
}

// Upload shares a file in channel with its comment (files.getUploadURLExternal,
// the upload, files.completeUploadExternal).
func (s *Sender) Upload(ctx context.Context, channel string, f render.File) error {
	err := s.call(ctx, "files.upload", func(ctx context.Context) error {
		_, err := s.API.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(f.Content), FileSize: len(f.Content), Filename: f.Name,
			Title: f.Title, InitialComment: f.Comment, Channel: channel, AltTxt: f.AltText,
		})
		return err
	})
	if err != nil {
		s.Log.Error("upload failed", "channel", channel, "file", f.Name, "err", err)
		return fmt.Errorf("upload %s to %s: %w", f.Name, channel, err)
	}
	return nil
}

// Respond answers through a slash command's or action's response_url.
func (s *Sender) Respond(ctx context.Context, url string, m render.Message, inChannel, replace bool) error {
	typ := slack.ResponseTypeEphemeral
	if inChannel {
		typ = slack.ResponseTypeInChannel
	}
	msg := &slack.WebhookMessage{Text: m.Text, ResponseType: typ, ReplaceOriginal: replace}
	if len(m.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: m.Blocks}
	}
	err := s.call(ctx, "response_url", func(ctx context.Context) error {
		return slack.PostWebhookCustomHTTPContext(ctx, url, s.HTTP, msg)
	})
	if err != nil {
		s.Log.Error("response_url failed", "err", err)
	}
	return err
}

// UserIsAdmin reports whether user is a workspace admin or owner (cached by caller).
func (s *Sender) UserIsAdmin(ctx context.Context, user string) (bool, error) {
	var u *slack.User
	err := s.call(ctx, "users.info", func(ctx context.Context) error {
		var err error
		u, err = s.API.GetUserInfoContext(ctx, user)
		return err
	})
	if err != nil {
		return false, err
	}
	return u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, nil
}

// LookupEmail finds a workspace user by email; "" when there is none.
func (s *Sender) LookupEmail(ctx context.Context, email string) (string, error) {
	var u *slack.User
	err := s.call(ctx, "users.lookupByEmail", func(ctx context.Context) error {
		var err error
		u, err = s.API.GetUserByEmailContext(ctx, email)
		return err
	})
	if err != nil {
		if err.Error() == "users_not_found" {
			return "", nil
		}
		return "", err
	}
	return u.ID, nil
}

// PublishHome publishes user's App Home tab with m's blocks.
func (s *Sender) PublishHome(ctx context.Context, user string, m render.Message) error {
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: m.Blocks}}
	err := s.call(ctx, "views.publish", func(ctx context.Context) error {
		_, err := s.API.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
		return err
	})
	if err != nil {
		s.Log.Error("views.publish failed", "user", user, "err", err)
	}
	return err
}
