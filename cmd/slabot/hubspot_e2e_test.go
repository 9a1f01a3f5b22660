package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/hubspotemu"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestEndToEndHubSpot: `slabot hubspot connect` against the HubSpot
// emulator (a bad or missing token is one line naming HUBSPOT_TOKEN), then
// `slabot job run hubspot-sync --at` takes the contacts, owners matched to
// Slack users by email, and /sla crm shows it; the token is never printed.
func TestEndToEndHubSpot(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		w := startTestWorld(t, dsn, time.Date(2026, 11, 20, 12, 0, 0, 0, berlin))
		tr := transcript{t, w}
		setupSmarketing(t, tr)
		hub := hubspotemu.New(hubspotemu.Config{Token: "pat-na1-secret-token", Now: func() time.Time { return time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC) }})
		if err := hub.Start(); err != nil {
			t.Fatal(err)
		}
		defer hub.Close()
		hub.SetOwners([]hubspotemu.Owner{{ID: "77", Email: "riley@example.com"}})
		hub.Put(hubspotemu.Contact{Props: map[string]string{"email": "ada@example.com", "firstname": "Ada", "createdate": "2026-11-02T08:00:00.000Z",
			"lifecyclestage": "marketingqualifiedlead", "hs_lifecyclestage_marketingqualifiedlead_date": "2026-11-03T09:00:00.000Z", "hubspot_owner_id": "77"}})
		hub.Put(hubspotemu.Contact{Props: map[string]string{"email": "sub@example.com", "createdate": "2026-11-04T08:00:00.000Z", "lifecyclestage": "subscriber"}})

		base := jobEnv(w, dsn)
		envWith := func(token string) func(string) string {
			return func(k string) string {
				switch k {
				case "HUBSPOT_TOKEN":
					return token
				case "HUBSPOT_API_URL":
					return hub.URL()
				}
				return base(k)
			}
		}
		slabot := func(token string, args ...string) (int, string, string) {
			var out, errb bytes.Buffer
			code := run(context.Background(), args, envWith(token), nil, &out, &errb)
			if strings.Contains(out.String()+errb.String(), "secret-token") {
				t.Fatalf("the token was printed: %s%s", out.String(), errb.String())
			}
			return code, out.String(), errb.String()
		}
		connect := []string{"hubspot", "connect", "--team", demo.TeamID, "--agreement", "#smarketing"}
		if code, _, errs := slabot("", connect...); code != 2 || !strings.HasPrefix(errs, "slabot hubspot: HUBSPOT_TOKEN is not set") || strings.Count(errs, "\n") != 1 {
			t.Fatalf("no token: exit %d, %q", code, errs)
		}
		if code, _, errs := slabot("pat-na1-wrong", connect...); code != 1 || !strings.Contains(errs, "HUBSPOT_TOKEN") || strings.Count(errs, "\n") != 1 {
			t.Fatalf("bad token: exit %d, %q", code, errs)
		}
		code, out, errs := slabot("pat-na1-secret-token", connect...)
		if code != 0 || out != "connected the Smarketing agreement to HubSpot portal 62515; the hubspot-sync job reads its contacts every 5 minutes (now: slabot job run hubspot-sync)\n" {
			t.Fatalf("connect: exit %d, %q %q", code, out, errs)
		}
		code, out, errs = slabot("pat-na1-secret-token", "job", "run", "hubspot-sync", "--at", "2026-11-20T11:00:00Z")
		if code != 0 || !strings.Contains(out, "(portal 62515): 2 contacts read: inserted 2 (1 not yet qualified), updated 0, unchanged 0, rejected 0") {
			t.Fatalf("hubspot-sync: exit %d\n%s%s", code, out, errs)
		}
		t.Logf("$ slabot job run hubspot-sync --at 2026-11-20T11:00:00Z\n%s", indent(out))
		m, _ := tr.do("U0SAM", "C0SMARKETING", "lead show ada@example.com")
		mustContain(t, "lead show", m, "<@U0RILEY>")
		m, _ = tr.do("U0SAM", "C0SMARKETING", "crm")
		mustContain(t, "crm", m, "62515", "2 contacts read", "*Leads taken*\n2", "none")
		// A token refused later shows in /sla crm and fails the job.
		if code, _, _ := slabot("pat-na1-revoked", "job", "run", "hubspot-sync"); code == 0 {
			t.Fatal("hubspot-sync with a refused token exited 0")
		}
		m, _ = tr.do("U0SAM", "C0SMARKETING", "crm")
		mustContain(t, "crm after a 401", m, "HUBSPOT_TOKEN (401)")
	})
}
