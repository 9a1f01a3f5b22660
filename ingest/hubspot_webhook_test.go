package ingest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/internal/hubspotemu"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// The v3 test vector HubSpot's Python SDK publishes (hubspot-api-python,
// tests/spec/utils/test_signature.py, test_get_signature__v3).
const (
	sdkSecret    = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
	sdkBody      = "{'example_field':'example_value'}"
	sdkURL       = "https://www.example.com/webhook_uri"
	sdkTimestamp = "15000000"
	sdkSignature = "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw="
)

func TestHubSpotSignatureSDKVector(t *testing.T) {
	if got := ingest.HubSpotSignatureV3(sdkSecret, "POST", sdkURL, sdkBody, sdkTimestamp); got != sdkSignature {
		t.Fatalf("signature = %s, want %s", got, sdkSignature)
	}
	// The emulator signs by its own code, and agrees.
	if got := hubspotemu.SignV3(sdkSecret, "POST", sdkURL, sdkBody, sdkTimestamp); got != sdkSignature {
		t.Fatalf("emulator signature = %s, want %s", got, sdkSignature)
	}
}

// The handler verifies a request as HubSpot signs it: the SDK's vector
// passes the signature (and is then refused as not HubSpot's event array),
// a changed body or URL, an old timestamp or another secret do not.
func TestHubSpotWebhookVerifies(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		at := time.UnixMilli(15000000).Add(time.Minute)
		h := &ingest.HubSpotWebhook{Store: server.CRM(s), Secret: sdkSecret, PublicURL: "https://www.example.com/", Now: func() time.Time { return at }}
		send := func(path, body, ts, sig string) int {
			req := httptest.NewRequest(http.MethodPost, path, bytes.NewBufferString(body))
			req.Header.Set(ingest.HeaderHubSpotTimestamp, ts)
			req.Header.Set(ingest.HeaderHubSpotSignature, sig)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			return w.Code
		}
		cases := []struct {
			name, path, body, ts, sig string
			want                      int
		}{
			{"sdk vector", "/webhook_uri", sdkBody, sdkTimestamp, sdkSignature, http.StatusBadRequest},
			{"changed body", "/webhook_uri", sdkBody + " ", sdkTimestamp, sdkSignature, http.StatusUnauthorized},
			{"other path", "/webhook", sdkBody, sdkTimestamp, sdkSignature, http.StatusUnauthorized},
			{"no signature", "/webhook_uri", sdkBody, sdkTimestamp, "", http.StatusUnauthorized},
			{"not base64", "/webhook_uri", sdkBody, sdkTimestamp, "!!", http.StatusUnauthorized},
			{"other timestamp", "/webhook_uri", sdkBody, "15000001", sdkSignature, http.StatusUnauthorized},
			// HubSpot decodes %3A, %2F, %40 … before signing; %20 stays.
			{"decoded query", "/webhook_uri?portal=a%3Ab%40c%20d", "[]", sdkTimestamp,
				ingest.HubSpotSignatureV3(sdkSecret, "POST", "https://www.example.com/webhook_uri?portal=a:b@c%20d", "[]", sdkTimestamp), http.StatusOK},
			{"old", "/webhook_uri", "[]", strconv.FormatInt(at.Add(-5*time.Minute-time.Second).UnixMilli(), 10),
				ingest.HubSpotSignatureV3(sdkSecret, "POST", sdkURL, "[]", strconv.FormatInt(at.Add(-5*time.Minute-time.Second).UnixMilli(), 10)), http.StatusUnauthorized},
			{"other secret", "/webhook_uri", "[]", sdkTimestamp, ingest.HubSpotSignatureV3("other", "POST", sdkURL, "[]", sdkTimestamp), http.StatusUnauthorized},
		}
		for _, c := range cases {
			if got := send(c.path, c.body, c.ts, c.sig); got != c.want {
				t.Errorf("%s: %d, want %d", c.name, got, c.want)
			}
		}
	})
}

// HubSpot calls the endpoint; the answer comes before any contact is
// fetched; the events are then applied as the sync applies contacts. A
// repeated delivery and events out of order change nothing.
func TestHubSpotWebhookEvents(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHubEnv(t, s, hubspotemu.Config{})
		const secret = "client-secret"
		hook := &ingest.HubSpotWebhook{Store: server.CRM(s), Secret: secret, Sync: h.sync, Now: func() time.Time { return h.clk }}
		mux := http.NewServeMux()
		mux.Handle("POST /v1/hubspot/events", hook)
		srv := httptest.NewServer(mux)
		defer srv.Close()
		hook.PublicURL = srv.URL
		target := srv.URL + "/v1/hubspot/events"

		id := h.put(0, map[string]string{"email": "ada@example.com", "firstname": "Ada", "createdate": iso(utc(2026, 11, 2, 8, 0)),
			"lifecyclestage": "marketingqualifiedlead", "hubspot_owner_id": "501"})
		ev := func(eid int64, typ string) hubspotemu.Event {
			return hubspotemu.Event{EventID: eid, SubscriptionType: typ, ObjectID: id, OccurredAt: h.clk.UnixMilli(), SubscriptionID: 7, AppID: 9}
		}
		start := time.Now()
		code, err := h.hub.Deliver(ctx, target, secret, []hubspotemu.Event{ev(1, "contact.creation")})
		if err != nil || code != http.StatusOK {
			t.Fatalf("deliver: %d %v", code, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("answered in %s; HubSpot waits 5 s", d)
		}
		if n := h.hub.Calls("contact"); n != 0 {
			t.Fatalf("%d contacts fetched before the answer", n)
		}
		if err := h.sync.Events(ctx, syncNow); err != nil {
			t.Fatal(err)
		}
		l := h.lead(t, fmt.Sprint(id))
		if l.Name != "Ada" || l.Owner != "U0REP1" || !l.Qualified() || l.HandedOffAt.IsZero() {
			t.Fatalf("lead from the webhook: %s", describe(l))
		}
		before := describe(l)

		// HubSpot repeats the event: stored once, nothing applied again.
		if code, _ := h.hub.Deliver(ctx, target, secret, []hubspotemu.Event{ev(1, "contact.creation")}); code != http.StatusOK {
			t.Fatalf("repeat: %d", code)
		}
		calls := h.hub.Calls("contact")
		if err := h.sync.Events(ctx, syncNow); err != nil || h.hub.Calls("contact") != calls {
			t.Fatalf("a repeated event was applied again (%v)", err)
		}
		// Two changes, delivered newest first: the contact is read as it is.
		h.put(id, map[string]string{"firstname": "Ada B."})
		h.put(id, map[string]string{"lastname": "Lovelace"})
		if code, _ := h.hub.Deliver(ctx, target, secret, []hubspotemu.Event{ev(3, "contact.propertyChange"), ev(2, "contact.propertyChange")}); code != http.StatusOK {
			t.Fatalf("changes: %d", code)
		}
		if err := h.sync.Events(ctx, syncNow); err != nil {
			t.Fatal(err)
		}
		if l := h.lead(t, fmt.Sprint(id)); l.Name != "Ada B. Lovelace" || describe(l) == before {
			t.Fatalf("after the changes: %s", describe(l))
		}
		// Events of a portal no agreement is connected to are answered (HubSpot
		// would retry them for days) and dropped.
		if code, _ := h.hub.Deliver(ctx, target, secret, []hubspotemu.Event{{EventID: 9, PortalID: 999, SubscriptionType: "contact.creation", ObjectID: id, OccurredAt: h.clk.UnixMilli()}}); code != http.StatusOK {
			t.Fatalf("unknown portal: %d", code)
		}
		if evs, err := s.PendingHubSpotEvents(ctx, 999, 10); err != nil || len(evs) != 0 {
			t.Fatalf("stored events of an unknown portal: %v %v", evs, err)
		}
		// A signature over another URL (SLABOT_PUBLIC_URL wrong) is refused.
		hook.PublicURL = "https://slabot.example.com"
		if code, _ := h.hub.Deliver(ctx, target, secret, []hubspotemu.Event{ev(4, "contact.creation")}); code != http.StatusUnauthorized {
			t.Fatalf("wrong public URL: %d", code)
		}
	})
}

// A webhook is answered at once while a long sync runs.
func TestHubSpotWebhookDuringSync(t *testing.T) {
	s := storagetest.SQLite(t)
	h := newHubEnv(t, s, hubspotemu.Config{})
	hook := &ingest.HubSpotWebhook{Store: server.CRM(s), Secret: "sec", Sync: h.sync, Now: func() time.Time { return h.clk }}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	hook.PublicURL = srv.URL
	id := h.put(0, map[string]string{"email": "ada@example.com", "createdate": iso(utc(2026, 11, 2, 8, 0))})
	h.hub.Fail("search", hubspotemu.Fault{Delay: 3 * time.Second})
	done := make(chan error, 1)
	go func() { done <- h.sync.Run(ctx, syncNow) }()
	time.Sleep(200 * time.Millisecond) // the sync waits on its slow search
	start := time.Now()
	code, err := h.hub.Deliver(ctx, srv.URL+"/", "sec", []hubspotemu.Event{{EventID: 1, SubscriptionType: "contact.creation", ObjectID: id, OccurredAt: h.clk.UnixMilli()}})
	if err != nil || code != http.StatusOK || time.Since(start) > time.Second {
		t.Fatalf("webhook during a sync: %d %v after %s", code, err, time.Since(start))
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// The event loop applies what the endpoint stored without being asked.
func TestHubSpotWebhookServe(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHubEnv(t, s, hubspotemu.Config{})
		hook := &ingest.HubSpotWebhook{Store: server.CRM(s), Secret: "sec", Sync: h.sync, Now: func() time.Time { return h.clk }}
		srv := httptest.NewServer(hook)
		defer srv.Close()
		hook.PublicURL = srv.URL
		cctx, cancel := ctxWithCancel()
		defer cancel()
		go h.sync.Serve(cctx, func() time.Time { return syncNow })
		id := h.put(0, map[string]string{"email": "grace@example.com", "createdate": iso(utc(2026, 11, 2, 8, 0))})
		if code, err := h.hub.Deliver(ctx, srv.URL+"/", "sec", []hubspotemu.Event{{EventID: 1, SubscriptionType: "contact.creation", ObjectID: id, OccurredAt: h.clk.UnixMilli()}}); err != nil || code != 200 {
			t.Fatalf("deliver: %d %v", code, err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			if l, err := s.LeadByExternalID(ctx, team, fmt.Sprint(id)); err == nil && l.Email == "grace@example.com" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the stored event was not applied within 5 s")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
