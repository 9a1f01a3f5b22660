package ingest_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/internal/hubspotemu"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// syncNow is the sync's clock in these tests.
var syncNow = utc(2026, 11, 27, 12, 0)

// hubEnv is env with a HubSpot emulator and a sync connected to it.
type hubEnv struct {
	*env
	hub  *hubspotemu.Server
	sync *ingest.HubSpotSync
	conn sla.CRMConnection
	clk  time.Time // the emulator's clock: lastmodifieddate of each change
}

func newHubEnv(t *testing.T, s *storage.Store, cfg hubspotemu.Config) *hubEnv {
	t.Helper()
	h := &hubEnv{env: newEnv(t, s), clk: utc(2026, 11, 1, 8, 0)}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return h.clk }
	}
	h.hub = hubspotemu.New(cfg)
	if err := h.hub.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.hub.Close)
	h.hub.SetOwners([]hubspotemu.Owner{{ID: "501", Email: "rep1@example.com"}, {ID: "502", Email: "REP2@example.com"}, {ID: "503", Email: "gone@example.com"}})
	h.sync = &ingest.HubSpotSync{Store: server.CRM(s), Users: h.users, Log: slog.New(slog.DiscardHandler),
		API: &ingest.HubSpot{Token: h.hub.Token(), BaseURL: h.hub.URL(), SearchRate: 50, OtherRate: 100, Backoff: 10 * time.Millisecond}}
	c, _, err := h.sync.Connect(ctx, team, "Smarketing", utc(2026, 11, 1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	h.conn = c
	return h
}

// put adds or changes a contact one second after the previous change.
func (h *hubEnv) put(id int64, props map[string]string) int64 {
	h.clk = h.clk.Add(time.Second)
	return h.hub.Put(hubspotemu.Contact{ID: id, Props: props})
}

func (h *hubEnv) run(t *testing.T) ingest.SyncStats {
	t.Helper()
	conn, err := h.store.HubSpotConnection(ctx, team, h.a.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, err := h.sync.SyncOne(ctx, conn, syncNow)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return st
}

func iso(t time.Time) string { return hubspotemu.FormatDate(t) }

func TestHubSpotConnect(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHubEnv(t, s, hubspotemu.Config{PortalID: 4242})
		if h.conn.Portal != 4242 || h.conn.AgreementID != h.a.ID || h.conn.Cursor != 0 {
			t.Fatalf("connection = %+v", h.conn)
		}
		// Connecting again changes nothing; a bad token is refused at once.
		if c, _, err := h.sync.Connect(ctx, team, channel, syncNow); err != nil || c.Portal != 4242 {
			t.Fatalf("reconnect: %+v %v", c, err)
		}
		bad := &ingest.HubSpotSync{Store: server.CRM(s), API: &ingest.HubSpot{Token: "pat-na1-wrong", BaseURL: h.hub.URL()}}
		if _, _, err := bad.Connect(ctx, team, channel, syncNow); !errors.Is(err, ingest.ErrHubSpotAuth) || !strings.Contains(err.Error(), "HUBSPOT_TOKEN") {
			t.Fatalf("bad token: %v", err)
		}
		if _, _, err := (&ingest.HubSpotSync{Store: server.CRM(s)}).Connect(ctx, team, channel, syncNow); err == nil || !strings.Contains(err.Error(), "HUBSPOT_TOKEN is not set") {
			t.Fatalf("no token: %v", err)
		}
	})
}

// The sync maps contacts by the import's rules: stages, MQL dates, owners
// through /crm/v3/owners to Slack users, the lead status; a second run
// reads only what changed, and re-reading changes nothing.
func TestHubSpotSyncContacts(t *testing.T) {
	for _, ms := range []bool{false, true} {
		t.Run(fmt.Sprintf("epochMillis=%v", ms), func(t *testing.T) {
			storagetest.Each(t, func(t *testing.T, s *storage.Store) {
				h := newHubEnv(t, s, hubspotemu.Config{EpochMillis: ms})
				date := func(tm time.Time) string {
					if ms {
						return fmt.Sprint(tm.UnixMilli())
					}
					return iso(tm)
				}
				ada := h.put(0, map[string]string{"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace",
					"createdate": date(utc(2026, 10, 1, 8, 0)), "lifecyclestage": "marketingqualifiedlead",
					"hs_lifecyclestage_marketingqualifiedlead_date": date(utc(2026, 11, 2, 9, 0)), "hubspot_owner_id": "501",
					"hs_analytics_source": "ORGANIC_SEARCH"})
				alan := h.put(0, map[string]string{"email": "alan@example.com", "firstname": "Alan", "createdate": date(utc(2026, 10, 2, 8, 0)),
					"lifecyclestage": "subscriber", "hubspot_owner_id": "502"})
				kj := h.put(0, map[string]string{"email": "kj@example.com", "createdate": date(utc(2026, 10, 3, 8, 0)), "lifecyclestage": "customer",
					"hs_lifecyclestage_customer_date": date(utc(2026, 11, 10, 10, 0)), "hs_analytics_source": "OFFLINE", "hs_lead_status": "CONNECTED",
					"notes_last_contacted": date(utc(2026, 11, 5, 10, 0)), "total_revenue": "1200.5"})
				st := h.run(t)
				if got, want := st.Result.Summary(), "inserted 3 (1 not yet qualified), updated 0, unchanged 0, rejected 0"; got != want || st.Pages != 1 {
					t.Fatalf("first sync: %s in %d pages, want %s", got, st.Pages, want)
				}
				// Mon 2 Nov 10:00 CET: qualified and handed to rep1 then.
				checkLead(t, h.lead(t, fmt.Sprint(ada)), sla.Lead{Seq: 1, ExternalID: fmt.Sprint(ada), Name: "Ada Lovelace", Email: "ada@example.com",
					Source: sla.SourceMarketing, Owner: "U0REP1", CreatedAt: utc(2026, 10, 1, 8, 0), QualifiedAt: utc(2026, 11, 2, 9, 0),
					HandedOffAt: utc(2026, 11, 2, 9, 0), SpeedSecs: -1, WarnAt: utc(2026, 11, 2, 9, 45), SpeedDueAt: utc(2026, 11, 2, 10, 0),
					DepthDueAt: utc(2026, 11, 16, 9, 0), NextCheckAt: utc(2026, 11, 2, 9, 0)}) // the hand-off: the rep is told first
				// A subscriber keeps its owner but is no one's yet: no hand-off, no clocks.
				checkLead(t, h.lead(t, fmt.Sprint(alan)), sla.Lead{Seq: 2, ExternalID: fmt.Sprint(alan), Name: "Alan", Email: "alan@example.com",
					Source: sla.SourceMarketing, Owner: "U0REP2", CreatedAt: utc(2026, 10, 2, 8, 0), SpeedSecs: -1})
				checkLead(t, h.lead(t, fmt.Sprint(kj)), sla.Lead{Seq: 3, ExternalID: fmt.Sprint(kj), Email: "kj@example.com",
					Source: sla.SourceSales, CreatedAt: utc(2026, 10, 3, 8, 0), QualifiedAt: utc(2026, 10, 3, 8, 0), SpeedSecs: -1,
					ContactedAt: utc(2026, 11, 5, 10, 0), WonAt: utc(2026, 11, 10, 10, 0), Revenue: 120050})

				// Nothing changed: the boundary contact is read again and changes nothing.
				if st := h.run(t); st.Result.Inserted+st.Result.Updated != 0 || st.Contacts != 1 {
					t.Fatalf("second sync = %+v, want only the boundary contact, unchanged", st)
				}
				// The subscriber qualifies: it starts counting, and its clocks start.
				h.put(alan, map[string]string{"lifecyclestage": "marketingqualifiedlead", "hs_lifecyclestage_marketingqualifiedlead_date": date(utc(2026, 11, 3, 9, 0))})
				st = h.run(t)
				if got, want := st.Result.Summary(), "inserted 0 (0 not yet qualified), updated 1, unchanged 1, rejected 0"; got != want {
					t.Fatalf("third sync: %s, want %s", got, want)
				}
				if l := h.lead(t, fmt.Sprint(alan)); !l.QualifiedAt.Equal(utc(2026, 11, 3, 9, 0)) || !l.HandedOffAt.Equal(utc(2026, 11, 3, 9, 0)) || l.NextCheckAt.IsZero() {
					t.Fatalf("qualified later: %s", describe(l))
				}
				conn, err := s.HubSpotConnection(ctx, team, h.a.ID)
				if err != nil || conn.LeadsTaken != 4 || conn.LastSyncAt.IsZero() || conn.LastError != "" || conn.Cursor != h.clk.UnixMilli() {
					t.Fatalf("connection after the syncs: %+v %v (clock %d)", conn, err, h.clk.UnixMilli())
				}
			})
		})
	}
}

// Past 10,000 results a query cannot page on: the sync starts a new query
// from the last lastmodifieddate it read, and reads every contact.
func TestHubSpotSyncPastTheSearchCap(t *testing.T) {
	if testing.Short() {
		t.Skip("12,345 contacts")
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHubEnv(t, s, hubspotemu.Config{SearchRate: -1})
		const n = 12345
		for i := range n {
			if i%3 == 0 {
				h.clk = h.clk.Add(time.Millisecond) // three contacts share each millisecond
			}
			h.hub.Put(hubspotemu.Contact{Props: map[string]string{"email": fmt.Sprintf("c%d@example.com", i),
				"createdate": iso(utc(2026, 10, 1, 8, 0)), "lifecyclestage": "lead"}})
		}
		st := h.run(t)
		if st.Restarts != 1 || st.Result.Inserted != n || st.Result.Unqualified != n || st.Result.Rejected != 0 {
			t.Fatalf("sync = %+v, want %d inserted after one restart", st, n)
		}
		// the restart re-read the contacts of the last millisecond of the first query
		if st.Contacts <= n || st.Contacts > n+3 {
			t.Fatalf("%d contacts read for %d", st.Contacts, n)
		}
		for _, p := range h.hub.Pages() {
			if p > ingest.SearchPageSize {
				t.Fatalf("a page of %d", p)
			}
		}
	})
}

// More than 10,000 contacts changed in one millisecond (a bulk update):
// the sync pages through them by id, then goes on past that millisecond.
func TestHubSpotSyncSameMillisecond(t *testing.T) {
	if testing.Short() {
		t.Skip("10,060 contacts")
	}
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHubEnv(t, s, hubspotemu.Config{SearchRate: -1})
		const n = 10050
		for i := range n {
			h.hub.Put(hubspotemu.Contact{Props: map[string]string{"email": fmt.Sprintf("c%d@example.com", i), "createdate": iso(utc(2026, 10, 1, 8, 0))}})
		}
		for i := range 10 {
			h.put(0, map[string]string{"email": fmt.Sprintf("later%d@example.com", i), "createdate": iso(utc(2026, 10, 1, 8, 0))})
		}
		st := h.run(t)
		if st.Result.Inserted != n+10 || st.Result.Rejected != 0 {
			t.Fatalf("sync = %+v, want %d inserted", st, n+10)
		}
		conn, _ := s.HubSpotConnection(ctx, team, h.a.ID)
		if conn.Cursor != h.clk.UnixMilli() || conn.LastError != "" {
			t.Fatalf("connection = %+v", conn)
		}
	})
}

// Faults: 429s are waited out (Retry-After), 5xx retried, an answer that is
// not JSON or a refused token stops the run with the error on the
// connection and the cursor where it was; the next run reads the page.
func TestHubSpotSyncFaults(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHubEnv(t, s, hubspotemu.Config{})
		id := h.put(0, map[string]string{"email": "ada@example.com", "createdate": iso(utc(2026, 10, 1, 8, 0))})
		h.hub.Fail("search", hubspotemu.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1"},
			hubspotemu.Fault{Status: http.StatusBadGateway}, hubspotemu.Fault{Status: http.StatusServiceUnavailable})
		start := time.Now()
		if st := h.run(t); st.Result.Inserted != 1 {
			t.Fatalf("sync through faults = %+v", st)
		}
		if d := time.Since(start); d < time.Second {
			t.Fatalf("the 429's Retry-After of 1 s was not waited out (%s)", d)
		}
		if n := h.hub.Calls("search"); n != 4 {
			t.Fatalf("%d search calls, want 4 (3 faults, 1 answer)", n)
		}

		h.put(id, map[string]string{"firstname": "Ada"})
		before, _ := s.HubSpotConnection(ctx, team, h.a.ID)
		for _, f := range []struct {
			fault hubspotemu.Fault
			want  string
		}{
			{hubspotemu.Fault{Status: 200, Body: "<html>maintenance</html>"}, "not the expected JSON"},
			{hubspotemu.Fault{Status: 401}, "HUBSPOT_TOKEN"},
		} {
			h.hub.Fail("search", f.fault)
			_, err := h.sync.SyncOne(ctx, before, syncNow)
			conn, _ := s.HubSpotConnection(ctx, team, h.a.ID)
			if err == nil || !strings.Contains(err.Error(), f.want) || !strings.Contains(conn.LastError, f.want) || conn.Cursor != before.Cursor {
				t.Fatalf("%+v: err %v, connection %+v", f.fault, err, conn)
			}
		}
		if l := h.lead(t, fmt.Sprint(id)); l.Name != "" {
			t.Fatalf("a failed run wrote the lead: %s", describe(l))
		}
		if st := h.run(t); st.Result.Updated != 1 {
			t.Fatalf("the run after the faults = %+v", st)
		}
		if conn, _ := s.HubSpotConnection(ctx, team, h.a.ID); conn.LastError != "" {
			t.Fatalf("last error kept after a clean run: %q", conn.LastError)
		}
	})
}

// A 429 storm: the run gives up with a clear error, having skipped nothing.
func TestHubSpotSync429Storm(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHubEnv(t, s, hubspotemu.Config{})
		h.sync.API.Retries = 3
		h.put(0, map[string]string{"email": "ada@example.com", "createdate": iso(utc(2026, 10, 1, 8, 0))})
		for range 3 {
			h.hub.Fail("search", hubspotemu.Fault{Status: http.StatusTooManyRequests})
		}
		conn, _ := s.HubSpotConnection(ctx, team, h.a.ID)
		_, err := h.sync.SyncOne(ctx, conn, syncNow)
		if err == nil || !strings.Contains(err.Error(), "gave up after 3 tries") || !strings.Contains(err.Error(), "429") {
			t.Fatalf("storm: %v", err)
		}
		if st := h.run(t); st.Result.Inserted != 1 {
			t.Fatalf("after the storm = %+v", st)
		}
	})
}

// A contact with a date that cannot be read is refused with its id and
// reason, on /sla crm too; the rest of its page is taken and the cursor
// moves past it.
func TestHubSpotSyncBadContact(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		h := newHubEnv(t, s, hubspotemu.Config{})
		bad := h.put(0, map[string]string{"email": "bad@example.com", "createdate": "last tuesday"})
		h.put(0, map[string]string{"email": "ok@example.com", "createdate": iso(utc(2026, 10, 1, 8, 0))})
		st := h.run(t)
		if st.Result.Inserted != 1 || st.Result.Rejected != 1 {
			t.Fatalf("sync = %+v", st)
		}
		conn, _ := s.HubSpotConnection(ctx, team, h.a.ID)
		if want := fmt.Sprintf(`1 contact(s) refused in the last sync; first: contact %d: created_at (createdate): "last tuesday" is not a date`, bad); !strings.HasPrefix(conn.LastError, want) || conn.LastSyncAt.IsZero() {
			t.Fatalf("connection = %+v, want the error %q", conn, want)
		}
	})
}
