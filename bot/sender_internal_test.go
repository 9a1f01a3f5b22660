package bot

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestSlackMethod(t *testing.T) {
	for path, want := range map[string]string{
		"/api/chat.postMessage":            "chat.postMessage",
		"/emu/api/users.lookupByEmail":     "users.lookupByEmail",
		"/api/chat.postMessage/../../etc":  "other",
		"/commands/T1/123/abc":             "response_url",
		"/actions/T1/123/abc":              "response_url",
		"/upload/v1/ABC123":                "file_upload",
		"/somewhere/else":                  "other",
		"/api/" + strings.Repeat("x", 100): "other",
	} {
		if got := slackMethod(path); got != want {
			t.Errorf("slackMethod(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestSlackOutcome(t *testing.T) {
	resp := func(code int, ctype, body string) *http.Response {
		return &http.Response{StatusCode: code, Header: http.Header{"Content-Type": {ctype}}, Body: io.NopCloser(strings.NewReader(body))}
	}
	for _, c := range []struct {
		resp *http.Response
		want string
	}{
		{resp(200, "application/json; charset=utf-8", `{"ok":true,"ts":"1.2"}`), "ok"},
		{resp(200, "application/json", `{"ok":false,"error":"not_in_channel"}`), "not_in_channel"},
		{resp(200, "application/json", `{"ok":false,"error":"<script>"}`), "error"},
		{resp(200, "text/plain", `ok`), "ok"},
		{resp(429, "application/json", `{"ok":false,"error":"ratelimited"}`), "ratelimited"},
		{resp(503, "text/html", `busy`), "server_error"},
		{resp(404, "text/plain", `no_such_url`), "http_error"},
	} {
		if got := slackOutcome(c.resp); got != c.want {
			t.Errorf("%d: %q, want %q", c.resp.StatusCode, got, c.want)
		}
		// the body is still there for slack-go to read
		if rest, _ := io.ReadAll(c.resp.Body); c.resp.StatusCode == 200 && len(rest) == 0 {
			t.Errorf("%q: the body was consumed", c.want)
		}
	}
}

// TestRetryable: what call retries itself, beyond slack-go's retry.
func TestRetryable(t *testing.T) {
	for _, c := range []struct {
		method string
		err    error
		wait   time.Duration
		again  bool
	}{
		{"chat.postMessage", nil, 0, false},
		{"chat.postMessage", slack.SlackErrorResponse{Err: "internal_error"}, 0, true},
		{"chat.postMessage", fmt.Errorf("post: %w", slack.SlackErrorResponse{Err: "internal_error"}), 0, true},
		{"chat.postMessage", slack.SlackErrorResponse{Err: "fatal_error"}, 0, false},
		{"chat.postMessage", slack.SlackErrorResponse{Err: "not_in_channel"}, 0, false},
		// slack-go has already waited these out
		{"chat.postMessage", &slack.RateLimitedError{RetryAfter: time.Second}, 0, false},
		{"chat.postMessage", slack.StatusCodeError{Code: 503}, 0, false},
		// a response_url goes around slack-go's retry
		{"response_url", &slack.RateLimitedError{RetryAfter: 2 * time.Second}, 2 * time.Second, true},
		{"response_url", &slack.RateLimitedError{}, time.Second, true},
		{"response_url", slack.StatusCodeError{Code: 502}, 0, true},
		{"response_url", slack.StatusCodeError{Code: 404}, 0, false},
		{"response_url", errors.New("connection reset"), 0, false},
	} {
		wait, again := retryable(c.method, c.err)
		if wait != c.wait || again != c.again {
			t.Errorf("retryable(%s, %v) = %v, %v; want %v, %v", c.method, c.err, wait, again, c.wait, c.again)
		}
	}
}
