package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HubSpot's API as the sync uses it (docs/design.md, CRM ingestion).
const (
	DefaultHubSpotURL = "https://api.hubapi.com"
	// SearchPageSize is the most results HubSpot's search gives a page.
	SearchPageSize = 200
	// SearchCap is the most results one search query pages through; past it
	// HubSpot answers 400, so the sync starts a new query from the last
	// lastmodifieddate it read.
	SearchCap = 10000
	// SearchRate paces the search requests of a token. HubSpot's developer
	// changelog, "CRM Search API Rate Limit Increase", sets the CRM search
	// limit at four requests per second per authentication token; pacing at
	// it avoids the 429s instead of relying on them.
	SearchRate = 4.0
	// OtherRate paces the other calls (owners, one contact), under the
	// private apps' burst limit of 100 requests per 10 seconds of HubSpot's
	// "API usage guidelines and limits".
	OtherRate = 9.0
)

// ErrHubSpotAuth is a token HubSpot refuses (401).
var ErrHubSpotAuth = errors.New("HubSpot refused HUBSPOT_TOKEN (401): check the private app's access token and its crm.objects.contacts.read and crm.objects.owners.read scopes")

// HubSpotError is an answer of HubSpot's that is not what was asked for.
type HubSpotError struct {
	Status   int
	Call     string // "POST /crm/v3/objects/contacts/search"
	Category string
	Message  string
}

func (e *HubSpotError) Error() string {
	if e.Category != "" {
		return fmt.Sprintf("HubSpot answered %s with %d %s: %s", e.Call, e.Status, e.Category, e.Message)
	}
	return fmt.Sprintf("HubSpot answered %s with %d: %s", e.Call, e.Status, e.Message)
}

// HubSpot is a client of HubSpot's CRM API with a private app's token. It
// paces itself under HubSpot's rate limits, waits out 429s (Retry-After,
// else the secondly window) and retries 5xx and network errors with
// backoff; a 401 is ErrHubSpotAuth at once. The token is never logged.
type HubSpot struct {
	Token   string
	BaseURL string       // default DefaultHubSpotURL
	HTTP    *http.Client // default: 30 s timeout
	Log     *slog.Logger
	// SearchRate and OtherRate are requests per second; zero is the
	// package's default.
	SearchRate, OtherRate float64
	// Retries bounds the tries of one call; Backoff is the first wait.
	Retries int           // default 8
	Backoff time.Duration // default 500 ms

	once          sync.Once
	search, other *pacer
}

func (h *HubSpot) init() {
	h.once.Do(func() {
		h.search = newPacer(orFloat(h.SearchRate, SearchRate))
		h.other = newPacer(orFloat(h.OtherRate, OtherRate))
		if h.HTTP == nil {
			h.HTTP = &http.Client{Timeout: 30 * time.Second}
		}
		if h.Log == nil {
			h.Log = slog.New(slog.DiscardHandler)
		}
		if h.Retries <= 0 {
			h.Retries = 8
		}
		if h.Backoff <= 0 {
			h.Backoff = 500 * time.Millisecond
		}
		h.BaseURL = strings.TrimRight(h.BaseURL, "/")
		if h.BaseURL == "" {
			h.BaseURL = DefaultHubSpotURL
		}
	})
}

func orFloat(v, d float64) float64 {
	if v > 0 {
		return v
	}
	return d
}

// pacer lets at most n calls start in any window: HubSpot counts the
// requests it receives in each second, so the window has a margin that
// keeps network jitter from making one too many.
type pacer struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	starts []time.Time // the latest starts, at most n
	until  time.Time   // no call before this (a 429's wait)
}

// pacerMargin widens each window past HubSpot's (3 % at a second).
const pacerMargin = 30 * time.Millisecond

func newPacer(rate float64) *pacer {
	n, window := 1, time.Duration(float64(time.Second)/rate)
	if rate >= 1 {
		n = int(rate)
		window = time.Duration(float64(n) / rate * float64(time.Second))
	}
	return &pacer{n: n, window: window + pacerMargin}
}

func (p *pacer) wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		now := time.Now()
		at := now
		if p.until.After(at) {
			at = p.until
		}
		if len(p.starts) == p.n {
			if t := p.starts[0].Add(p.window); t.After(at) {
				at = t
			}
		}
		if !at.After(now) {
			p.starts = append(p.starts, now)
			if len(p.starts) > p.n {
				p.starts = p.starts[1:]
			}
			p.mu.Unlock()
			return nil
		}
		p.mu.Unlock()
		if err := sleep(ctx, at.Sub(now)); err != nil {
			return err
		}
	}
}

// pushBack holds every call for d (after a 429).
func (p *pacer) pushBack(d time.Duration) {
	p.mu.Lock()
	if at := time.Now().Add(d); at.After(p.until) {
		p.until = at
	}
	p.mu.Unlock()
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// call sends one request, with the pacing and retries, and decodes a 200
// into out.
func (h *HubSpot) call(ctx context.Context, p *pacer, method, path string, body any, out any) error {
	h.init()
	name := method + " " + strings.SplitN(path, "?", 2)[0]
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	wait := h.Backoff
	var last error
	for try := 1; try <= h.Retries; try++ {
		if err := p.wait(ctx); err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, method, h.BaseURL+path, bytes.NewReader(payload))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+h.Token)
		req.Header.Set("Accept", "application/json")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := h.HTTP.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			last = fmt.Errorf("HubSpot %s: %w", name, redactToken(err, h.Token))
			h.Log.Warn("hubspot call failed, retrying", "call", name, "try", try, "err", last)
		} else {
			raw, rerr := io.ReadAll(io.LimitReader(res.Body, 32<<20))
			res.Body.Close()
			switch {
			case rerr != nil:
				last = fmt.Errorf("HubSpot %s: reading the answer: %w", name, rerr)
			case res.StatusCode == http.StatusOK:
				if err := json.Unmarshal(raw, out); err != nil {
					// Not retried: the same answer would come again.
					return &HubSpotError{Status: res.StatusCode, Call: name, Message: "the answer is not the expected JSON (" + snippet(raw) + ")"}
				}
				return nil
			case res.StatusCode == http.StatusUnauthorized:
				return ErrHubSpotAuth
			case res.StatusCode == http.StatusTooManyRequests:
				d := retryAfter(res.Header.Get("Retry-After"), wait)
				h.Log.Warn("hubspot rate limit, waiting", "call", name, "wait", d, "try", try)
				p.pushBack(d)
				last = hubspotError(res.StatusCode, name, raw)
				wait = min(2*wait, 30*time.Second)
				continue // the pacer waits d
			case res.StatusCode >= 500:
				last = hubspotError(res.StatusCode, name, raw)
				h.Log.Warn("hubspot server error, retrying", "call", name, "status", res.StatusCode, "try", try)
			default:
				return hubspotError(res.StatusCode, name, raw)
			}
		}
		if try < h.Retries {
			if err := sleep(ctx, wait); err != nil {
				return err
			}
			wait = min(2*wait, 30*time.Second)
		}
	}
	return fmt.Errorf("gave up after %d tries: %w", h.Retries, last)
}

// retryAfter reads a Retry-After of seconds; without one, HubSpot's limits
// reset within the second (or the ten seconds), so wait grows from there.
func retryAfter(v string, wait time.Duration) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 && n <= 600 {
		return time.Duration(n) * time.Second
	}
	return max(wait, time.Second)
}

func hubspotError(status int, call string, raw []byte) *HubSpotError {
	var e struct{ Message, Category string }
	if json.Unmarshal(raw, &e) != nil || e.Message == "" {
		e.Message = snippet(raw)
	}
	return &HubSpotError{Status: status, Call: call, Category: e.Category, Message: e.Message}
}

// snippet is the start of a body, for a message.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	if s == "" {
		return "empty"
	}
	return strconv.Quote(s)
}

// redactToken keeps the token out of a transport error.
func redactToken(err error, token string) error {
	if token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "xxxxx"))
}

// HubSpotAccount is the portal a token belongs to.
type HubSpotAccount struct {
	PortalID int64  `json:"portalId"`
	TimeZone string `json:"timeZone"`
	UIDomain string `json:"uiDomain"`
}

// Account asks which portal the token belongs to.
func (h *HubSpot) Account(ctx context.Context) (HubSpotAccount, error) {
	var a HubSpotAccount
	if err := h.call(ctx, h.otherPacer(), http.MethodGet, "/account-info/v3/details", nil, &a); err != nil {
		return a, err
	}
	if a.PortalID <= 0 {
		return a, &HubSpotError{Status: 200, Call: "GET /account-info/v3/details", Message: "the answer has no portalId"}
	}
	return a, nil
}

func (h *HubSpot) otherPacer() *pacer  { h.init(); return h.other }
func (h *HubSpot) searchPacer() *pacer { h.init(); return h.search }

// Owners maps every owner's id to their email, page by page.
func (h *HubSpot) Owners(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	after := ""
	for page := 0; page < 1000; page++ {
		path := "/crm/v3/owners?limit=100"
		if after != "" {
			path += "&after=" + url.QueryEscape(after)
		}
		var res struct {
			Results []struct {
				ID    string `json:"id"`
				Email string `json:"email"`
			} `json:"results"`
			Paging *paging `json:"paging"`
		}
		if err := h.call(ctx, h.otherPacer(), http.MethodGet, path, nil, &res); err != nil {
			return nil, err
		}
		for _, o := range res.Results {
			if o.ID != "" {
				out[o.ID] = strings.ToLower(strings.TrimSpace(o.Email))
			}
		}
		if res.Paging == nil || res.Paging.Next.After == "" {
			return out, nil
		}
		after = res.Paging.Next.After
	}
	return out, nil
}

type paging struct {
	Next struct {
		After string `json:"after"`
	} `json:"next"`
}

// hubspotContact is one contact as the API gives it; a property HubSpot
// has no value for is null.
type hubspotContact struct {
	ID         string             `json:"id"`
	Properties map[string]*string `json:"properties"`
}

// searchPage is one page of a contact search.
type searchPage struct {
	Total   int              `json:"total"`
	Results []hubspotContact `json:"results"`
	Paging  *paging          `json:"paging"`
}

// filter and searchBody are a CRM search's request.
type filter struct {
	PropertyName string `json:"propertyName"`
	Operator     string `json:"operator"`
	Value        string `json:"value"`
}

type searchBody struct {
	FilterGroups []map[string][]filter `json:"filterGroups"`
	Sorts        []map[string]string   `json:"sorts"`
	Properties   []string              `json:"properties"`
	Limit        int                   `json:"limit"`
	After        string                `json:"after,omitempty"`
}

// SearchModified reads one page of the contacts modified at or after
// since (epoch ms), oldest change first.
func (h *HubSpot) SearchModified(ctx context.Context, since int64, after string, limit int) (searchPage, error) {
	body := searchBody{
		FilterGroups: []map[string][]filter{{"filters": {{PropertyName: "lastmodifieddate", Operator: "GTE", Value: strconv.FormatInt(since, 10)}}}},
		Sorts:        []map[string]string{{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}},
		Properties:   HubSpotProperties(),
		Limit:        limit,
		After:        after,
	}
	var p searchPage
	err := h.call(ctx, h.searchPacer(), http.MethodPost, "/crm/v3/objects/contacts/search", body, &p)
	return p, err
}

// SearchTies reads one page of the contacts last modified exactly at ms
// with an id above afterID, by id: how the sync pages past 10,000 contacts
// that share one lastmodifieddate.
func (h *HubSpot) SearchTies(ctx context.Context, ms, afterID int64, after string, limit int) (searchPage, error) {
	body := searchBody{
		FilterGroups: []map[string][]filter{{"filters": {
			{PropertyName: "lastmodifieddate", Operator: "EQ", Value: strconv.FormatInt(ms, 10)},
			{PropertyName: "hs_object_id", Operator: "GT", Value: strconv.FormatInt(afterID, 10)},
		}}},
		Sorts:      []map[string]string{{"propertyName": "hs_object_id", "direction": "ASCENDING"}},
		Properties: HubSpotProperties(),
		Limit:      limit,
		After:      after,
	}
	var p searchPage
	err := h.call(ctx, h.searchPacer(), http.MethodPost, "/crm/v3/objects/contacts/search", body, &p)
	return p, err
}

// Contact reads one contact; false when HubSpot has none with that id (it
// was deleted or merged away).
func (h *HubSpot) Contact(ctx context.Context, id int64) (hubspotContact, bool, error) {
	var c hubspotContact
	path := fmt.Sprintf("/crm/v3/objects/contacts/%d?properties=%s", id, url.QueryEscape(strings.Join(HubSpotProperties(), ",")))
	err := h.call(ctx, h.otherPacer(), http.MethodGet, path, nil, &c)
	var he *HubSpotError
	if errors.As(err, &he) && he.Status == http.StatusNotFound {
		return c, false, nil
	}
	return c, err == nil, err
}
