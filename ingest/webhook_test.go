package ingest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// hookNow is Monday 2 Nov 2026 10:00Z (11:00 in Berlin, CET).
var hookNow = utc(2026, 11, 2, 10, 0)

type hookEnv struct {
	*env
	h      *ingest.Webhook
	secret string
}

func newHook(t *testing.T, s *storage.Store) *hookEnv {
	t.Helper()
	e := newEnv(t, s)
	secret, err := s.SetWebhookSecret(ctx, team, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false)
	if err != nil {
		t.Fatal(err)
	}
	return &hookEnv{env: e, secret: secret, h: &ingest.Webhook{Store: server.CRM(s), Users: e.users, Now: func() time.Time { return hookNow }}}
}

type signed struct {
	team, ts, sig string
}

func (he *hookEnv) sign(body string, at time.Time) signed {
	ts := strconv.FormatInt(at.Unix(), 10)
	return signed{team, ts, ingest.SignatureHeader(he.secret, ts, []byte(body))}
}

func post(h http.Handler, body string, s signed) (int, string) {
	req := httptest.NewRequest(http.MethodPost, "/v1/events", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if s.team != "" {
		req.Header.Set(ingest.HeaderTeam, s.team)
	}
	if s.ts != "" {
		req.Header.Set(ingest.HeaderTimestamp, s.ts)
	}
	if s.sig != "" {
		req.Header.Set(ingest.HeaderSignature, s.sig)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

const hookBatch = `{"events": [
 {"type": "created", "idempotency_key": "k1", "external_id": "123", "agreement": "C0123ABCD",
  "at": "2026-11-02T08:00:00Z", "email": "ADA@example.com", "name": "Ada Lovelace", "segment": "Exec", "source": "marketing"},
 {"type": "handed_off", "idempotency_key": "k2", "external_id": "123", "rep": "rep1@example.com", "at": "2026-11-02T08:30:00Z"},
 {"type": "attempt", "idempotency_key": "k3", "external_id": "123", "via": "email", "at": "2026-11-02T09:00:00Z"}
]}`

// After the batch: handed off Mon 09:30 local, first attempt 10:00 local, so
// speed 1800 s; one attempt of six, so the depth clock runs to + 14 days.
var hookLead = sla.Lead{
	Seq: 1, ExternalID: "123", Name: "Ada Lovelace", Email: "ada@example.com", Segment: "exec", Source: sla.SourceMarketing,
	Owner: "U0REP1", CreatedAt: utc(2026, 11, 2, 8, 0), QualifiedAt: utc(2026, 11, 2, 8, 0), HandedOffAt: utc(2026, 11, 2, 8, 30), FirstAttemptAt: utc(2026, 11, 2, 9, 0),
	Attempts: 1, SpeedSecs: 1800, DepthDueAt: utc(2026, 11, 16, 8, 30), NextCheckAt: utc(2026, 11, 16, 8, 30),
}

func TestWebhookAppliesBatch(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		he := newHook(t, s)
		sig := he.sign(hookBatch, hookNow.Add(-time.Minute))
		code, body := post(he.h, hookBatch, sig)
		want := `{"ok":true,"results":[{"idempotency_key":"k1","lead":"L-1","status":"applied"},{"idempotency_key":"k2","lead":"L-1","status":"applied"},{"idempotency_key":"k3","lead":"L-1","status":"applied"}]}` + "\n"
		if code != 200 || body != want {
			t.Fatalf("POST: %d %s", code, body)
		}
		// The answer came after the commit: the lead is there.
		checkLead(t, he.lead(t, "123"), hookLead)
		atts, err := s.Attempts(ctx, team, he.lead(t, "123").ID)
		if err != nil || len(atts) != 1 || atts[0].Via != sla.ViaEmail || !atts[0].At.Equal(utc(2026, 11, 2, 9, 0)) {
			t.Fatalf("attempts = %+v %v", atts, err)
		}

		// The same events signed again: every key was seen, nothing changes.
		code, body = post(he.h, hookBatch, he.sign(hookBatch, hookNow))
		want = `{"ok":true,"results":[{"idempotency_key":"k1","lead":"L-1","status":"duplicate"},{"idempotency_key":"k2","lead":"L-1","status":"duplicate"},{"idempotency_key":"k3","lead":"L-1","status":"duplicate"}]}` + "\n"
		if code != 200 || body != want {
			t.Fatalf("resend: %d %s", code, body)
		}
		checkLead(t, he.lead(t, "123"), hookLead)
		if atts, _ := s.Attempts(ctx, team, he.lead(t, "123").ID); len(atts) != 1 {
			t.Fatalf("attempts after resend = %d, want 1", len(atts))
		}

		// The first request replayed as it was: refused.
		if code, body := post(he.h, hookBatch, sig); code != 401 || !strings.Contains(body, "replayed") {
			t.Fatalf("replay: %d %s", code, body)
		}

		// Won, with revenue as a number of dollars: contacted at the win,
		// every clock stops.
		won := `{"events":[{"type":"won","idempotency_key":"k4","external_id":"123","revenue":1200.5,"at":"2026-11-02T09:30:00Z"}]}`
		if code, body := post(he.h, won, he.sign(won, hookNow)); code != 200 || !strings.Contains(body, `"status":"applied"`) {
			t.Fatalf("won: %d %s", code, body)
		}
		l := hookLead
		l.WonAt, l.ContactedAt, l.Revenue = utc(2026, 11, 2, 9, 30), utc(2026, 11, 2, 9, 30), 120050
		l.DepthDueAt, l.NextCheckAt = time.Time{}, time.Time{}
		checkLead(t, he.lead(t, "123"), l)
	})
}

func TestWebhookLifecycle(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		he := newHook(t, s)
		steps := []struct {
			body  string
			check func(l sla.Lead) bool
		}{
			{`{"events":[{"type":"created","idempotency_key":"c","external_id":"9","agreement":"smarketing","at":"2026-11-02T08:00:00Z"}]}`,
				func(l sla.Lead) bool { return l.Source == sla.SourceMarketing && l.HandedOffAt.IsZero() }},
			// By user id; the clocks start: Mon 09:00 local + 45 min / 1 h.
			{`{"events":[{"type":"handed_off","idempotency_key":"h","external_id":"9","rep":"U0REP2","at":"2026-11-02T08:00:00Z"}]}`,
				func(l sla.Lead) bool {
					return l.Owner == "U0REP2" && l.WarnAt.Equal(utc(2026, 11, 2, 8, 45)) && l.SpeedDueAt.Equal(utc(2026, 11, 2, 9, 0))
				}},
			{`{"events":[{"type":"contacted","idempotency_key":"t","external_id":"9","at":"2026-11-02T08:10:00Z"}]}`,
				func(l sla.Lead) bool { return l.ContactedAt.Equal(utc(2026, 11, 2, 8, 10)) && l.NextCheckAt.IsZero() }},
			// A second "created" updates the profile and keeps the rest.
			{`{"events":[{"type":"created","idempotency_key":"c2","external_id":"9","agreement":"C0123ABCD","name":"Nine","source":"sales"}]}`,
				func(l sla.Lead) bool {
					return l.Name == "Nine" && l.Source == sla.SourceSales && l.CreatedAt.Equal(utc(2026, 11, 2, 8, 0)) && l.Owner == "U0REP2"
				}},
			{`{"events":[{"type":"lost","idempotency_key":"l","external_id":"9","reason":"went quiet","at":"2026-11-02T09:00:00Z"}]}`,
				func(l sla.Lead) bool { return l.LostAt.Equal(utc(2026, 11, 2, 9, 0)) && l.LostReason == "went quiet" }},
		}
		for i, st := range steps {
			code, body := post(he.h, st.body, he.sign(st.body, hookNow))
			if code != 200 {
				t.Fatalf("step %d: %d %s", i, code, body)
			}
			if l := he.lead(t, "9"); !st.check(l) {
				t.Fatalf("step %d: lead = %s", i, describe(l))
			}
		}
	})
}

func TestWebhookRefusesUnsigned(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		he := newHook(t, s)
		body := hookBatch
		good := he.sign(body, hookNow)
		other := &hookEnv{secret: strings.Repeat("ab", 32)}
		cases := []struct {
			name string
			sig  signed
		}{
			{"no headers", signed{}},
			{"no signature", signed{team, good.ts, ""}},
			{"wrong secret", other.sign(body, hookNow)},
			{"not hex", signed{team, good.ts, "v1=zz"}},
			{"no version", signed{team, good.ts, strings.TrimPrefix(good.sig, "v1=")}},
			{"other timestamp", signed{team, strconv.FormatInt(hookNow.Unix()+1, 10), good.sig}},
			{"6 min old", he.sign(body, hookNow.Add(-6*time.Minute))},
			{"6 min ahead", he.sign(body, hookNow.Add(6*time.Minute))},
			{"other team", signed{"T2", good.ts, good.sig}},
		}
		for _, c := range cases {
			if code, resp := post(he.h, body, c.sig); code != 401 || !strings.HasPrefix(resp, `{"ok":false,"error":`) {
				t.Errorf("%s: %d %s", c.name, code, resp)
			}
		}
		// Just inside the window is fine.
		if code, resp := post(he.h, body, he.sign(body, hookNow.Add(-5*time.Minute))); code != 200 {
			t.Fatalf("5 min old: %d %s", code, resp)
		}
		if _, err := s.LeadByExternalID(ctx, team, "123"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWebhookBodyLimit(t *testing.T) {
	s := storagetest.SQLite(t)
	he := newHook(t, s)
	big := `{"events":[],"pad":"` + strings.Repeat("x", ingest.MaxBody) + `"}`
	if code, _ := post(he.h, big, he.sign(big, hookNow)); code != 413 {
		t.Fatalf("declared length over 1 MiB: %d", code)
	}
	// Without a declared length the reader stops at the limit.
	req := httptest.NewRequest(http.MethodPost, "/v1/events", strings.NewReader(big))
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	he.h.ServeHTTP(rec, req)
	if rec.Code != 413 {
		t.Fatalf("streamed body over 1 MiB: %d", rec.Code)
	}
	req = httptest.NewRequest(http.MethodGet, "/v1/events", nil)
	rec = httptest.NewRecorder()
	he.h.ServeHTTP(rec, req)
	if rec.Code != 405 || rec.Header().Get("Allow") != "POST" {
		t.Fatalf("GET: %d", rec.Code)
	}
}

func TestWebhookBadEventsApplyNothing(t *testing.T) {
	created := `{"type":"created","idempotency_key":"a","external_id":"1","agreement":"C0123ABCD","at":"2026-11-02T08:00:00Z"}`
	cases := []struct {
		name, body, field, err string
	}{
		{"not json", `{"events":`, "", `the body must be a JSON object like {"events": [...]}`},
		{"empty", `{"events":[]}`, "events", "is empty"},
		{"top field", `{"events":[` + created + `],"extra":1}`, "extra", `unknown field; the body has only "events"`},
		{"bad time", `{"events":[` + strings.Replace(created, "2026-11-02T08:00:00Z", "yesterday", 1) + `]}`,
			"events[0].at", `"yesterday" is not an RFC 3339 time like 2026-12-01T09:30:00Z`},
		{"future", `{"events":[` + strings.Replace(created, "2026-11-02T08:00:00Z", "2026-11-04T08:00:00Z", 1) + `]}`,
			"events[0].at", "2026-11-04T08:00:00Z is in the future"},
		// a lead's limits and shapes are sla.Lead.Validate's
		{"email", `{"events":[` + strings.Replace(created, `"at"`, `"email":"ada@localhost","at"`, 1) + `]}`,
			"events[0].email", `"ada@localhost" is not an email address like ada@example.com`},
		{"long id", `{"events":[` + strings.Replace(created, `"external_id":"1"`, `"external_id":"`+strings.Repeat("9", 101)+`"`, 1) + `]}`,
			"events[0].external_id", `"` + strings.Repeat("9", 59) + `…" is too long: 101 characters, at most 100`},
		{"NUL", `{"events":[` + strings.Replace(created, `"at"`, `"name":"Ada\u0000","at"`, 1) + `]}`,
			"events[0].name", `"Ada\x00" contains a NUL character`},
		{"long reason", `{"events":[` + created + `,{"type":"lost","idempotency_key":"b","external_id":"1","reason":"` + strings.Repeat("r", 501) + `"}]}`,
			"events[1].reason", `"` + strings.Repeat("r", 59) + `…" is too long: 501 characters, at most 500`},
		{"type", `{"events":[` + created + `,{"type":"closed","idempotency_key":"b","external_id":"1"}]}`,
			"events[1].type", `"closed" is not an event type (created, handed_off, attempt, contacted, won, lost)`},
		{"misspelt field", `{"events":[` + created + `,{"type":"won","idempotency_key":"b","external_id":"1","revenu":5}]}`,
			"events[1].revenu", "is not a field of a won event"},
		{"no revenue", `{"events":[` + created + `,{"type":"won","idempotency_key":"b","external_id":"1"}]}`,
			"events[1].revenue", "missing; a won lead needs its revenue"},
		{"zero revenue", `{"events":[` + created + `,{"type":"won","idempotency_key":"b","external_id":"1","revenue":0}]}`,
			"events[1].revenue", "must be above zero"},
		{"no key", `{"events":[{"type":"contacted","external_id":"1"}]}`, "events[0].idempotency_key", "missing"},
		{"unknown rep", `{"events":[` + created + `,{"type":"handed_off","idempotency_key":"b","external_id":"1","rep":"ghost@example.com"}]}`,
			"events[1].rep", "no Slack user has the email ghost@example.com"},
		{"unknown agreement", `{"events":[` + strings.Replace(created, "C0123ABCD", "C0NOPE", 1) + `]}`,
			"events[0].agreement", `no agreement "C0NOPE" in this workspace (give its home channel id or its name)`},
		{"unknown lead", `{"events":[{"type":"contacted","idempotency_key":"b","external_id":"404"}]}`,
			"events[0].external_id", `no lead with external id "404"; send a created event first`},
		// Lifecycle rules, checked against the lead the earlier events made.
		{"attempt before hand-off", `{"events":[` + created + `,{"type":"attempt","idempotency_key":"b","external_id":"1","at":"2026-11-02T09:00:00Z"}]}`,
			"events[1].type", "L-1 has not been handed off yet, so there is no follow-up to time. Hand it over first: `/sla lead handoff L-1 @rep`."},
		{"attempt too early", `{"events":[` + created +
			`,{"type":"handed_off","idempotency_key":"b","external_id":"1","rep":"U0REP1","at":"2026-11-02T09:00:00Z"}` +
			`,{"type":"attempt","idempotency_key":"c","external_id":"1","at":"2026-11-02T08:30:00Z"}]}`,
			"events[2].at", "L-1 was handed off Mon 2 Nov 10:00 CET; an attempt cannot come before that."},
		{"lost twice", `{"events":[` + created +
			`,{"type":"lost","idempotency_key":"b","external_id":"1"},{"type":"lost","idempotency_key":"c","external_id":"1"}]}`,
			"events[2].type", "L-1 was marked lost on Mon 2 Nov 11:00 CET; it is closed."},
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		he := newHook(t, s)
		for _, c := range cases {
			code, body := post(he.h, c.body, he.sign(c.body, hookNow))
			var got struct {
				OK    bool   `json:"ok"`
				Error string `json:"error"`
				Field string `json:"field"`
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("%s: %s", c.name, body)
			}
			if code != 400 || got.OK || got.Field != c.field || got.Error != c.err {
				t.Errorf("%s: %d field %q error %q\nwant field %q error %q", c.name, code, got.Field, got.Error, c.field, c.err)
			}
		}
		// Nothing of any of them stayed: no lead, no key, no short id used.
		if _, err := s.LeadByExternalID(ctx, team, "1"); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("lead 1 exists after refused requests (err %v)", err)
		}
		body := `{"events":[` + created + `]}`
		code, resp := post(he.h, body, he.sign(body, hookNow))
		if code != 200 || resp != `{"ok":true,"results":[{"idempotency_key":"a","lead":"L-1","status":"applied"}]}`+"\n" {
			t.Fatalf("the valid event afterwards: %d %s", code, resp)
		}
	})
}

// Replicas share the replay guard through the database.
func TestWebhookReplayAcrossReplicas(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		s1, s2 := openDSN(t, dsn), openDSN(t, dsn)
		he := newHook(t, s1)
		h2 := &ingest.Webhook{Store: server.CRM(s2), Users: he.users, Now: func() time.Time { return hookNow }}
		sig := he.sign(hookBatch, hookNow)
		if code, body := post(he.h, hookBatch, sig); code != 200 {
			t.Fatalf("replica 1: %d %s", code, body)
		}
		if code, body := post(h2, hookBatch, sig); code != 401 {
			t.Fatalf("replay on replica 2: %d %s", code, body)
		}
	})
}

func TestWebhookWithoutSlack(t *testing.T) {
	s := storagetest.SQLite(t)
	he := newHook(t, s)
	h := &ingest.Webhook{Store: server.CRM(s), Now: func() time.Time { return hookNow }}
	code, body := post(h, hookBatch, he.sign(hookBatch, hookNow))
	if code != 400 || !strings.Contains(body, `"field":"events[1].rep"`) {
		t.Fatalf("rep by email without Slack: %d %s", code, body)
	}
}

// A database that does not answer is the server's problem: 503, so the
// sender retries, never a 4xx that makes it give up.
func TestWebhookDatabaseDown(t *testing.T) {
	s := storagetest.SQLite(t)
	he := newHook(t, s)
	sig := he.sign(hookBatch, hookNow)
	s.Close()
	if code, body := post(he.h, hookBatch, sig); code != 503 {
		t.Fatalf("database closed: %d %s", code, body)
	}
}
