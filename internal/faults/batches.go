package faults

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slabot/slabot/ingest"
)

// Batches and BatchLeads shape the concurrent webhook load that the fault
// suite checks and `go run ./bench -only webhooks` times.
const Batches, BatchLeads = 20, 7

// WebhookBatch is batch i of a round of Batches: it creates leads a and b
// (of BatchLeads), hands both to rep and logs an attempt on a. Every event
// has one key wherever it appears (keys and external ids start with
// prefix), so most keys come in several batches of a round, and each batch
// is whole on its own. Over a round every lead gets its attempt.
func WebhookBatch(prefix string, i int, channel, rep string) string {
	a, b := i%BatchLeads, (3*i+1)%BatchLeads
	if a == b {
		b = (b + 1) % BatchLeads
	}
	var evs []string
	for _, l := range []int{a, b} {
		evs = append(evs, fmt.Sprintf(`{"type":"created","idempotency_key":"%[1]sc-%[2]d","external_id":"%[1]sx%[2]d","agreement":%[3]q,"at":"2026-12-10T09:00:00Z","name":"Lead %[2]d"}`, prefix, l, channel))
	}
	for _, l := range []int{a, b} {
		evs = append(evs, fmt.Sprintf(`{"type":"handed_off","idempotency_key":"%[1]sh-%[2]d","external_id":"%[1]sx%[2]d","rep":%[3]q,"at":"2026-12-10T10:00:00Z"}`, prefix, l, rep))
	}
	evs = append(evs, fmt.Sprintf(`{"type":"attempt","idempotency_key":"%[1]sa-%[2]d","external_id":"%[1]sx%[2]d","via":"call","at":"2026-12-10T11:00:00Z"}`, prefix, a))
	return `{"events":[` + strings.Join(evs, ",") + `]}`
}

// WebhookRequest is body as our webhook takes it from team: posted to
// url's /v1/events, stamped at and signed with secret.
func WebhookRequest(url, team, secret string, at time.Time, body string) *http.Request {
	ts := strconv.FormatInt(at.Unix(), 10)
	req, _ := http.NewRequest(http.MethodPost, url+"/v1/events", strings.NewReader(body))
	req.Header.Set(ingest.HeaderTeam, team)
	req.Header.Set(ingest.HeaderTimestamp, ts)
	req.Header.Set(ingest.HeaderSignature, ingest.SignatureHeader(secret, ts, []byte(body)))
	return req
}

// Post sends req and reads the whole answer, timed from the send.
func Post(req *http.Request) (code int, answer string, took time.Duration, err error) {
	t0 := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", time.Since(t0), err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), time.Since(t0), err
}
