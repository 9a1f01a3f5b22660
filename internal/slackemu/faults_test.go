package slackemu

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func postText(t *testing.T, api *slack.Client, text string, opts ...slack.MsgOption) (string, error) {
	t.Helper()
	_, ts, err := api.PostMessageContext(ctxT(t), chSLA, append([]slack.MsgOption{slack.MsgOptionText(text, false)}, opts...)...)
	return ts, err
}

// TestMetadataInHistory: a message's metadata is kept and returned by
// conversations.history only with include_all_metadata; history is newest
// first, paged, and lists file shares with their files.
func TestMetadataInHistory(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	md := slack.SlackMetadata{EventType: "slabot_post_part", EventPayload: map[string]any{"kind": "digest", "part": "message"}}
	first, err := postText(t, api, "with metadata", slack.MsgOptionMetadata(md))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := postText(t, api, "plain"); err != nil {
		t.Fatal(err)
	}
	png := "\x89PNG\r\n\x1a\nchart"
	sum, err := api.UploadFileContext(ctxT(t), slack.UploadFileParameters{Filename: "w.png", FileSize: len(png), Reader: strings.NewReader(png), Title: "Waterfall", Channel: chSLA, InitialComment: "so far"})
	if err != nil {
		t.Fatal(err)
	}
	hist := func(all bool, limit int, cursor string) *slack.GetConversationHistoryResponse {
		t.Helper()
		r, err := api.GetConversationHistoryContext(ctxT(t), &slack.GetConversationHistoryParameters{ChannelID: chSLA, IncludeAllMetadata: all, Limit: limit, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := hist(false, 0, "")
	if len(r.Messages) != 3 || r.Messages[2].Timestamp != first || r.Messages[2].Metadata.EventType != "" {
		t.Fatalf("history without include_all_metadata: %+v", r.Messages)
	}
	if f := r.Messages[0].Files; len(f) != 1 || f[0].ID != sum.ID || f[0].Title != "Waterfall" || r.Messages[0].Text != "so far" {
		t.Fatalf("the file share: %+v", r.Messages[0])
	}
	r = hist(true, 0, "")
	if got := r.Messages[2].Metadata; got.EventType != "slabot_post_part" || got.EventPayload["kind"] != "digest" || r.Messages[1].Metadata.EventType != "" {
		t.Fatalf("metadata with include_all_metadata: %+v", r.Messages)
	}
	p1 := hist(true, 2, "")
	if len(p1.Messages) != 2 || !p1.HasMore || p1.ResponseMetaData.NextCursor == "" {
		t.Fatalf("page 1: %+v", p1)
	}
	p2 := hist(true, 2, p1.ResponseMetaData.NextCursor)
	if len(p2.Messages) != 1 || p2.HasMore || p2.Messages[0].Timestamp != first {
		t.Fatalf("page 2: %+v", p2)
	}
	if _, err := api.GetConversationHistoryContext(ctxT(t), &slack.GetConversationHistoryParameters{ChannelID: chOut}); slackErr(err) != "not_in_channel" {
		t.Fatalf("a channel the bot is not in: %v", err)
	}
	if _, err := postText(t, api, "bad", slack.MsgOptionMetadata(slack.SlackMetadata{EventPayload: map[string]any{"a": 1}})); slackErr(err) != "invalid_metadata_schema" {
		t.Fatalf("metadata without event_type: %v", err)
	}
}

// TestFaults: each fault answers as Slack (or the network) does, before or
// after the call took effect.
func TestFaults(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	posted := func() int { return len(s.Messages()) }

	s.Inject("chat.postMessage", Fault{Status: http.StatusServiceUnavailable})
	_, err := postText(t, api, "a")
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != 503 || posted() != 0 {
		t.Fatalf("503 before the effect: %v, %d posted", err, posted())
	}
	s.Inject("chat.postMessage", Fault{Code: "internal_error", After: true})
	if _, err := postText(t, api, "b"); slackErr(err) != "internal_error" || posted() != 1 {
		t.Fatalf("internal_error after the effect: %v, %d posted", err, posted())
	}
	s.Inject("chat.postMessage", Fault{Drop: true, After: true})
	if _, err := postText(t, api, "c"); err == nil || posted() != 2 {
		t.Fatalf("answer dropped after the effect: %v, %d posted", err, posted())
	}
	s.Inject("chat.postMessage", Fault{Status: http.StatusTooManyRequests, RetryAfter: 3 * time.Second, Times: 2})
	for range 2 {
		var rl *slack.RateLimitedError
		if _, err := postText(t, api, "d"); !errors.As(err, &rl) || rl.RetryAfter != 3*time.Second {
			t.Fatalf("429: %v", err)
		}
	}
	if _, err := postText(t, api, "e"); err != nil || posted() != 3 {
		t.Fatalf("after the faults: %v, %d posted", err, posted())
	}
	// the upload URL fails like any call
	s.Inject(UploadURL, Fault{Status: http.StatusInternalServerError})
	png := "\x89PNG\r\n\x1a\n"
	if _, err := api.UploadFileContext(ctxT(t), slack.UploadFileParameters{Filename: "x.png", FileSize: len(png), Reader: strings.NewReader(png), Channel: chSLA}); err == nil || len(s.Files()) != 0 {
		t.Fatalf("upload URL 500: %v, %d files", err, len(s.Files()))
	}
}

// TestPause: a paused call waits, and tells the test it arrived, before or
// after taking effect.
func TestPause(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	for _, after := range []bool{false, true} {
		before := len(s.Messages())
		p := s.PauseNext("chat.postMessage", after)
		done := make(chan error, 1)
		go func() { _, err := postText(t, api, "held"); done <- err }()
		<-p.Reached
		took := len(s.Messages()) - before
		if (took == 1) != after {
			t.Fatalf("after=%v: %d posted while held", after, took)
		}
		select {
		case err := <-done:
			t.Fatalf("the call returned while held: %v", err)
		default:
		}
		p.Release()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	// PauseCall lets the first calls through
	p := s.PauseCall("chat.postMessage", 1, false)
	if _, err := postText(t, api, "through"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Reached:
		t.Fatal("held the call it was to skip")
	default:
	}
	done := make(chan error, 1)
	go func() { _, err := postText(t, api, "held"); done <- err }()
	<-p.Reached
	p.Release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// a dropped call never takes effect
	before := len(s.Messages())
	p = s.PauseNext("chat.postMessage", false)
	go func() { _, err := postText(t, api, "lost"); done <- err }()
	<-p.Reached
	p.Drop()
	if err := <-done; err == nil || len(s.Messages()) != before {
		t.Fatalf("dropped: %v, %d posted", err, len(s.Messages())-before)
	}
}
