package ingest_test

import (
	"testing"
	"time"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestImportHandsUnownedToPool: with pool-unowned on and a pool of U0REP1
// (weight 1) and U0REP2 (weight 2), the three recent unowned MQLs go to
// U0REP2, U0REP1, U0REP2 (smooth round-robin: currents 1,2 → 2,1 → 0,3),
// handed off at the import (Fri 27 Nov 12:00Z = 13:00 Berlin, so due 14:00
// Berlin = 13:00Z). An old unowned lead (qualified more than 30 days ago)
// and an owned one are left as the file says.
func TestImportHandsUnownedToPool(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		a, err := s.UpdateAgreement(ctx, team, e.a.ID, func(a *sla.Agreement) error { a.PoolUnowned = true; return nil })
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range []sla.PoolMember{{Rep: "U0REP1", Weight: 1}, {Rep: "U0REP2", Weight: 2}} {
			if err := s.SetPoolMember(ctx, team, a.ID, m, "USALES", utc(2026, 11, 1, 9, i)); err != nil {
				t.Fatal(err)
			}
		}
		file := "external_id,name,email,segment,source,owner_email,created_at,handed_off_at,first_attempt_at,attempts,contacted_at,won_at,revenue,lost_at,lost_reason\n" +
			"p-1,One,,,marketing,,2026-11-26 09:00,,,,,,,,\n" +
			"p-2,Two,,,marketing,,2026-11-26 10:00,,,,,,,,\n" +
			"p-3,Three,,,marketing,,2026-11-26 11:00,,,,,,,,\n" +
			"old,Old,,,marketing,,2026-09-10 09:00,,,,,,,,\n" +
			"own,Owned,,,marketing,rep1@example.com,2026-11-26 09:00,2026-11-26 09:30,,,,,,,\n"
		out := e.importText(t, file, ingest.Options{}, 0)
		if out.res.Inserted != 5 || out.res.Rejected != 0 {
			t.Fatalf("result %+v, rejected %v", out.res, out.rejected)
		}
		for ext, want := range map[string]string{"p-1": "U0REP2", "p-2": "U0REP1", "p-3": "U0REP2", "old": "", "own": "U0REP1"} {
			l := e.lead(t, ext)
			if l.Owner != want {
				t.Errorf("%s owner %q, want %q", ext, l.Owner, want)
			}
			if want != "" && ext != "own" && (!l.HandedOffAt.Equal(utc(2026, 11, 27, 12, 0)) || !l.SpeedDueAt.Equal(utc(2026, 11, 27, 13, 0))) {
				t.Errorf("%s handed off %v due %v, want 12:00Z and 13:00Z", ext, l.HandedOffAt, l.SpeedDueAt)
			}
		}
		if l := e.lead(t, "old"); !l.HandedOffAt.IsZero() {
			t.Errorf("the old lead was handed off %v", l.HandedOffAt)
		}
		ms, err := s.PoolMembers(ctx, team, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ms[0].Count != 1 || ms[1].Count != 2 || ms[0].Today != (sla.Date{Year: 2026, Month: time.November, Day: 27}) {
			t.Fatalf("pool state %+v", ms)
		}
	})
}

// TestImportClocksOnRepCalendar: the import at Fri 27 Nov 12:00Z (13:00
// Berlin; Mon–Fri 09:00–17:00, speed 1 h) of two leads handed off Fri
// 10:30 Berlin. U0REP1 is away all of Friday: their business time stops,
// the weekend is closed, so the hour runs Mon 30 Nov 09:00–10:00 Berlin:
// due 09:00Z. U0REP2 is not: due 11:30 Berlin = 10:30Z. The speed figure
// (none yet) and the hand-off stay as the file says.
func TestImportClocksOnRepCalendar(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		span, err := sla.AwaySpan(sla.Date{Year: 2026, Month: 11, Day: 27}, sla.Date{Year: 2026, Month: 11, Day: 27}, e.a.Location())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetAway(ctx, team, e.a.ID, sla.Away{Rep: "U0REP1", Span: span, By: "U0REP1"}, utc(2026, 11, 26, 9, 0)); err != nil {
			t.Fatal(err)
		}
		file := "external_id,name,email,segment,source,owner_email,created_at,handed_off_at,first_attempt_at,attempts,contacted_at,won_at,revenue,lost_at,lost_reason\n" +
			"away,Away,,,marketing,rep1@example.com,2026-11-27 10:00,2026-11-27 10:30,,,,,,,\n" +
			"here,Here,,,marketing,rep2@example.com,2026-11-27 10:00,2026-11-27 10:30,,,,,,,\n"
		out := e.importText(t, file, ingest.Options{}, 0)
		if out.res.Inserted != 2 || out.res.Rejected != 0 {
			t.Fatalf("result %+v, rejected %v", out.res, out.rejected)
		}
		for ext, want := range map[string]time.Time{"away": utc(2026, 11, 30, 9, 0), "here": utc(2026, 11, 27, 10, 30)} {
			l := e.lead(t, ext)
			if !l.HandedOffAt.Equal(utc(2026, 11, 27, 9, 30)) || !l.SpeedDueAt.Equal(want) {
				t.Errorf("%s (%s): handed off %v, speed due %v; want 09:30Z, %v", ext, l.Owner, l.HandedOffAt, l.SpeedDueAt, want)
			}
		}
	})
}

// TestWebhookHandsUnownedToPool: with pool-unowned on and a pool of U0REP1
// (weight 1) and U0REP2 (weight 2), the webhook's created events at Mon 2
// Nov 10:00Z (11:00 Berlin) go to U0REP2 then U0REP1 (currents plus
// weights 1,2: U0REP2 wins and gives back 3 → 1,-1; then 2,1: U0REP1 wins
// → -1,1), handed off at the request, so due 12:00 Berlin = 11:00Z. A lead the batch hands off itself (to U0REP1) is
// left to that hand-off and takes no pool turn; with U0REP2 struck (3
// strikes, strike routing on) the next created lead goes to U0REP1.
func TestWebhookHandsUnownedToPool(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		he := newHook(t, s)
		a, err := s.UpdateAgreement(ctx, team, he.a.ID, func(a *sla.Agreement) error { a.PoolUnowned = true; return nil })
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range []sla.PoolMember{{Rep: "U0REP1", Weight: 1}, {Rep: "U0REP2", Weight: 2}} {
			if err := s.SetPoolMember(ctx, team, a.ID, m, "USALES", utc(2026, 11, 1, 9, i)); err != nil {
				t.Fatal(err)
			}
		}
		batch := `{"events": [
 {"type": "created", "idempotency_key": "p1", "external_id": "p-1", "agreement": "C0123ABCD", "at": "2026-11-02T08:00:00Z", "name": "One"},
 {"type": "created", "idempotency_key": "p2", "external_id": "p-2", "agreement": "C0123ABCD", "at": "2026-11-02T08:30:00Z", "name": "Two"},
 {"type": "created", "idempotency_key": "p3", "external_id": "p-3", "agreement": "C0123ABCD", "at": "2026-11-02T09:00:00Z", "name": "Three"},
 {"type": "handed_off", "idempotency_key": "p3h", "external_id": "p-3", "rep": "rep1@example.com", "at": "2026-11-02T09:10:00Z"}
]}`
		if code, body := post(he.h, batch, he.sign(batch, hookNow)); code != 200 {
			t.Fatalf("POST: %d %s", code, body)
		}
		for ext, want := range map[string]string{"p-1": "U0REP2", "p-2": "U0REP1"} {
			l := he.lead(t, ext)
			if l.Owner != want || !l.HandedOffAt.Equal(hookNow) || !l.SpeedDueAt.Equal(utc(2026, 11, 2, 11, 0)) {
				t.Errorf("%s: owner %s handed off %v due %v; want %s, 10:00Z, 11:00Z", ext, l.Owner, l.HandedOffAt, l.SpeedDueAt, want)
			}
		}
		if l := he.lead(t, "p-3"); l.Owner != "U0REP1" || !l.HandedOffAt.Equal(utc(2026, 11, 2, 9, 10)) {
			t.Errorf("p-3: owner %s handed off %v; want U0REP1 at 09:10Z, by its own event", l.Owner, l.HandedOffAt)
		}
		ms, err := s.PoolMembers(ctx, team, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ms[0].Count != 1 || ms[1].Count != 1 {
			t.Fatalf("pool counts %d and %d, want 1 and 1 (p-3 took no turn)", ms[0].Count, ms[1].Count)
		}
		// U0REP2 struck: three strikes in November (limit 3), strike routing on.
		if _, err := s.UpdateAgreement(ctx, team, a.ID, func(a *sla.Agreement) error { a.StrikeRoute = true; return nil }); err != nil {
			t.Fatal(err)
		}
		for _, ext := range []string{"p-1", "p-2", "p-3"} {
			if err := s.Exec(ctx, `INSERT INTO strikes (team_id, agreement_id, month, user_id, lead_id, kind, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				team, a.ID, "2026-11", "U0REP2", he.lead(t, ext).ID, "speed", hookNow); err != nil {
				t.Fatal(err)
			}
		}
		// Currents after two picks: U0REP1 -1, U0REP2 1; U0REP2 would win
		// the next turn (-1+1=0 against 1+2=3), but is struck.
		batch = `{"events": [{"type": "created", "idempotency_key": "p4", "external_id": "p-4", "agreement": "C0123ABCD", "at": "2026-11-02T09:30:00Z", "name": "Four"}]}`
		if code, body := post(he.h, batch, he.sign(batch, hookNow)); code != 200 {
			t.Fatalf("POST: %d %s", code, body)
		}
		if l := he.lead(t, "p-4"); l.Owner != "U0REP1" {
			t.Errorf("p-4 went to %q, want U0REP1 (U0REP2 is struck)", l.Owner)
		}
	})
}
