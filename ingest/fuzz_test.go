package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slabot/slabot/ingest"
)

// FuzzWebhookEvents checks that no body makes validation panic, that a
// refusal is always a FieldError with a message, and that whatever passes
// validation is complete enough to apply.
func FuzzWebhookEvents(f *testing.F) {
	for _, s := range []string{
		hookBatch,
		`{"events":[]}`,
		`{"events":[{"type":"won","idempotency_key":"k","external_id":"1","revenue":"$1,200.50"}]}`,
		`{"events":[{"type":"won","idempotency_key":"k","external_id":"1","revenue":1e3}]}`,
		`{"events":[{"type":"lost","idempotency_key":"k","external_id":"1","reason":"\u0000"}]}`,
		`{"events":[{"type":"attempt","idempotency_key":"k","external_id":"1","via":"SMS","at":null}]}`,
		`{"events":[{"type":"handed_off","idempotency_key":"k","external_id":"1","rep":"Ada <ada@example.com>"}]}`,
		`{"events":{"type":"created"}}`,
		`null`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, err := ingest.ParseEvents(body, hookNow)
		if err != nil {
			var fe *ingest.FieldError
			if !errors.As(err, &fe) || fe.Message == "" || evs != nil {
				t.Fatalf("refusal %v (%T) with %d events", err, err, len(evs))
			}
			if fe.Field != "" && strings.HasPrefix(fe.Field, "events[") && !strings.Contains(fe.Field, "]") {
				t.Fatalf("malformed field %q", fe.Field)
			}
			return
		}
		if len(evs) == 0 || len(evs) > ingest.MaxEvents {
			t.Fatalf("%d events passed", len(evs))
		}
		for i, ev := range evs {
			for _, s := range []string{ev.IdempotencyKey, ev.ExternalID, ev.Agreement, ev.Email, ev.Name, ev.Segment, ev.Rep, ev.Reason} {
				if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
					t.Fatalf("event %d: bad text %q", i, s)
				}
			}
			if ev.IdempotencyKey == "" || ev.ExternalID == "" || ev.At.IsZero() || ev.At.After(hookNow.Add(24*time.Hour)) {
				t.Fatalf("event %d incomplete: %+v", i, ev)
			}
			switch ev.Type {
			case ingest.EventCreated:
				if ev.Agreement == "" {
					t.Fatalf("event %d: created without agreement", i)
				}
			case ingest.EventHandedOff:
				if ev.Rep == "" {
					t.Fatalf("event %d: hand-off without rep", i)
				}
			case ingest.EventAttempt:
				if ev.Via == "" {
					t.Fatalf("event %d: attempt without via", i)
				}
			case ingest.EventWon:
				if ev.Revenue <= 0 {
					t.Fatalf("event %d: won with revenue %d", i, ev.Revenue)
				}
			case ingest.EventContacted, ingest.EventLost:
			default:
				t.Fatalf("event %d: type %q passed", i, ev.Type)
			}
		}
	})
}
