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
