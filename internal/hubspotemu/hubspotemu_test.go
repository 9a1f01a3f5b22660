package hubspotemu_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/hubspotemu"
)

func start(t *testing.T, cfg hubspotemu.Config) *hubspotemu.Server {
	t.Helper()
	s := hubspotemu.New(cfg)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// post sends a search as a client would and decodes the answer.
func post(t *testing.T, s *hubspotemu.Server, token string, body any) (int, http.Header, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/crm/v3/objects/contacts/search", bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, res.Header, out
}

func search(after string, limit int) map[string]any {
	return map[string]any{
		"filterGroups": []any{map[string]any{"filters": []any{map[string]any{"propertyName": "lastmodifieddate", "operator": "GTE", "value": "0"}}}},
		"sorts":        []any{map[string]any{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}},
		"properties":   []string{"email", "lifecyclestage"}, "limit": limit, "after": after,
	}
}

// The documented limits: bearer auth, 200 a page, 10,000 a query (then
// 400), paging.next.after, null for a property without a value.
func TestSearchAsHubSpotDocuments(t *testing.T) {
	clk := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	s := start(t, hubspotemu.Config{SearchRate: -1, Now: func() time.Time { clk = clk.Add(time.Millisecond); return clk }})
	for i := range 10050 {
		s.Put(hubspotemu.Contact{Props: map[string]string{"email": fmt.Sprintf("c%d@example.com", i)}})
	}
	if code, _, body := post(t, s, "wrong", search("", 10)); code != 401 || body["category"] != "INVALID_AUTHENTICATION" {
		t.Fatalf("bad token: %d %v", code, body)
	}
	if code, _, _ := post(t, s, s.Token(), search("", 201)); code != 400 {
		t.Fatalf("limit 201: %d, want 400", code)
	}
	code, _, body := post(t, s, s.Token(), search("", 200))
	results, _ := body["results"].([]any)
	if code != 200 || len(results) != 200 || body["total"] != float64(10050) {
		t.Fatalf("first page: %d, %d results, total %v", code, len(results), body["total"])
	}
	first := results[0].(map[string]any)
	props := first["properties"].(map[string]any)
	if props["email"] != "c0@example.com" || props["lifecyclestage"] != nil || first["id"] == "" {
		t.Fatalf("first contact = %v", first)
	}
	if next := body["paging"].(map[string]any)["next"].(map[string]any)["after"]; next != "200" {
		t.Fatalf("paging.next.after = %v", next)
	}
	code, _, body = post(t, s, s.Token(), search("9800", 200))
	if code != 200 || body["paging"].(map[string]any)["next"].(map[string]any)["after"] != "10000" {
		t.Fatalf("page at 9,800: %d %v", code, body["paging"])
	}
	if code, _, _ := post(t, s, s.Token(), search("10000", 200)); code != 400 {
		t.Fatalf("paging past 10,000: %d, want 400", code)
	}
}

// Past the per-token search rate HubSpot answers 429 naming the policy;
// injected faults come in order, with their Retry-After.
func TestSearchRateAndFaults(t *testing.T) {
	s := start(t, hubspotemu.Config{SearchRate: 4})
	var codes []int
	for range 5 {
		code, h, body := post(t, s, s.Token(), search("", 10))
		codes = append(codes, code)
		if code == 429 && (body["policyName"] != "SECONDLY" || h.Get("Retry-After") != "") {
			t.Fatalf("rate limit answer: %v %v", h, body)
		}
	}
	if fmt.Sprint(codes) != "[200 200 200 200 429]" {
		t.Fatalf("five searches at once: %v", codes)
	}
	time.Sleep(time.Second)
	s.Fail("search", hubspotemu.Fault{Status: 429, RetryAfter: "2"}, hubspotemu.Fault{Status: 502})
	if code, h, _ := post(t, s, s.Token(), search("", 10)); code != 429 || h.Get("Retry-After") != "2" {
		t.Fatalf("fault 1: %d %v", code, h)
	}
	if code, _, _ := post(t, s, s.Token(), search("", 10)); code != 502 {
		t.Fatalf("fault 2: %d", code)
	}
	if code, _, _ := post(t, s, s.Token(), search("", 10)); code != 200 {
		t.Fatalf("after the faults: %d", code)
	}
}

// Dates are ISO 8601 strings, or epoch milliseconds when asked.
func TestDates(t *testing.T) {
	at := time.Date(2026, 10, 5, 7, 0, 0, 0, time.UTC)
	for _, ms := range []bool{false, true} {
		s := start(t, hubspotemu.Config{EpochMillis: ms, Now: func() time.Time { return at }})
		id := s.Put(hubspotemu.Contact{Props: map[string]string{"email": "ada@example.com"}})
		p, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		want := "2026-10-05T07:00:00.000Z"
		if ms {
			want = fmt.Sprint(at.UnixMilli())
		}
		if p["createdate"] != want || p["lastmodifieddate"] != want {
			t.Fatalf("epochMillis %v: %v", ms, p)
		}
	}
}
