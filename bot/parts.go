package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
)

// The outbox's side of Slack (app.PartSlack): sends of one try, through a
// client that never retries by itself, because a post retried blindly after
// a 5xx may be posted twice; and look-ups, which may be retried freely.

var (
	_ app.PartSlack = (*Sender)(nil)
	_ app.Names     = (*Sender)(nil) // the scorecards' plain-text names
)

// historyPages bounds a look-up: pages of historyLimit messages, newest
// first. A send in doubt is looked up soon after it was made, so it is among
// the channel's latest messages.
const (
	historyPages = 5
	historyLimit = 100
)

// OpenDM opens (once) the direct-message channel with user.
func (s *Sender) OpenDM(ctx context.Context, user string) (string, error) {
	s.mu.Lock()
	ch := s.dms[user]
	s.mu.Unlock()
	if ch != "" {
		return ch, nil
	}
	err := s.call(ctx, "conversations.open", func(ctx context.Context) error {
		c, _, _, err := s.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
		if err == nil {
			ch = c.ID
		}
		return err
	})
	if err != nil {
		s.Log.Error("open DM failed", "user", user, "err", err)
		return "", fmt.Errorf("open DM with %s: %w", user, err)
	}
	s.mu.Lock()
	s.dms[user] = ch
	s.mu.Unlock()
	return ch, nil
}

// callOnce runs one Web API call of the outbox, in one try, and tells
// the outbox whether a failure may have taken effect.
func (s *Sender) callOnce(ctx context.Context, method string, fn func(ctx context.Context) error) error {
	err := fn(ctx)
	if err != nil {
		s.Log.Warn("slack send failed", "method", method, "err", slackReason(err))
	}
	return sendError(err)
}

// PostOnce posts m, with its metadata, in one try.
func (s *Sender) PostOnce(ctx context.Context, channel string, m render.Message) (string, error) {
	var ts string
	err := s.callOnce(ctx, "chat.postMessage", func(ctx context.Context) error {
		var err error
		_, ts, err = s.once.PostMessageContext(ctx, channel, msgOptions(m)...)
		return err
	})
	return ts, err
}

// FindPost looks through the channel's latest messages for the bot's
// message carrying md. Slack returns metadata only when asked
// (include_all_metadata, https://docs.slack.dev/reference/methods/conversations.history).
func (s *Sender) FindPost(ctx context.Context, channel string, md render.Metadata) (string, bool, error) {
	var ts string
	err := s.history(ctx, channel, func(m slack.Message) bool {
		if m.Metadata.EventType != md.EventType || len(m.Metadata.EventPayload) != len(md.Payload) {
			return false
		}
		for k, v := range md.Payload {
			if fmt.Sprint(m.Metadata.EventPayload[k]) != v {
				return false
			}
		}
		ts = m.Timestamp
		return true
	})
	return ts, ts != "", err
}

// FindFile reports whether fileID was shared in the channel: a file share is
// a message listing its files (https://docs.slack.dev/reference/methods/files.completeUploadExternal).
func (s *Sender) FindFile(ctx context.Context, channel, fileID string) (bool, error) {
	found := false
	err := s.history(ctx, channel, func(m slack.Message) bool {
		for _, f := range m.Files {
			if f.ID == fileID {
				found = true
			}
		}
		return found
	})
	return found, err
}

// history pages through the channel's latest messages until match says stop.
func (s *Sender) history(ctx context.Context, channel string, match func(slack.Message) bool) error {
	cursor := ""
	for page := 0; page < historyPages; page++ {
		var resp *slack.GetConversationHistoryResponse
		err := s.call(ctx, "conversations.history", func(ctx context.Context) error {
			var err error
			resp, err = s.API.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
				ChannelID: channel, Cursor: cursor, Limit: historyLimit, IncludeAllMetadata: true,
			})
			return err
		})
		if err != nil {
			return fmt.Errorf("conversations.history %s: %w", channel, err)
		}
		for _, m := range resp.Messages {
			if match(m) {
				return nil
			}
		}
		if !resp.HasMore || resp.ResponseMetaData.NextCursor == "" {
			return nil
		}
		cursor = resp.ResponseMetaData.NextCursor
	}
	return nil
}

// PrepareUpload uploads f unshared (files.getUploadURLExternal, then the
// bytes to the URL it gives) and returns the file id. A repeat only leaves
// an unshared upload behind, so it may be retried.
func (s *Sender) PrepareUpload(ctx context.Context, f render.File) (string, error) {
	var up *slack.GetUploadURLExternalResponse
	err := s.call(ctx, "files.getUploadURLExternal", func(ctx context.Context) error {
		var err error
		up, err = s.API.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: f.Name, FileSize: len(f.Content), AltTxt: f.AltText})
		return err
	})
	if err != nil {
		return "", sendError(err)
	}
	err = s.call(ctx, "upload_url", func(ctx context.Context) error {
		return s.API.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: up.UploadURL, Reader: bytes.NewReader(f.Content), Filename: f.Name})
	})
	if err != nil {
		return "", sendError(err)
	}
	return up.FileID, nil
}

// CompleteUpload shares the prepared file in channel with its comment, in
// one try.
func (s *Sender) CompleteUpload(ctx context.Context, channel, fileID string, f render.File) error {
	return s.callOnce(ctx, "files.completeUploadExternal", func(ctx context.Context) error {
		_, err := s.once.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
			Files: []slack.FileSummary{{ID: fileID, Title: f.Title}}, Channel: channel, InitialComment: f.Comment,
		})
		return err
	})
}

// sendError tells the outbox whether a failed call may have taken effect.
// Slack documents internal_error and fatal_error as "it's possible some
// aspect of the operation succeeded"; a 5xx or no answer at all is as
// unsure. A 429 (https://docs.slack.dev/apis/web-api/rate-limits) and any
// other error code are refusals.
func sendError(err error) error {
	if err == nil {
		return nil
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &app.SendError{Err: err, RetryAfter: max(rl.RetryAfter, time.Second)}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return &app.SendError{Err: err, MaybeSent: sc.Code >= 500}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "internal_error", "fatal_error", "service_unavailable", "request_timeout":
			return &app.SendError{Err: err, MaybeSent: true}
		}
		return &app.SendError{Err: err}
	}
	return &app.SendError{Err: err, MaybeSent: true}
}
