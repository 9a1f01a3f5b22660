package storage_test

import (
	"sync"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

func part(period, name string) sla.Part {
	return sla.Part{Key: sla.PartKey{PostKey: sla.PostKey{TeamID: "T1", AgreementID: 1, Kind: "digest", Period: period}, Part: name}, Channel: "C1"}
}

func claim(t *testing.T, s *storage.Store, p sla.Part, owner string, now time.Time) sla.PartClaim {
	t.Helper()
	c, err := s.ClaimPart(ctx, p, owner, now, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestOutboxClaims: of many concurrent claimers one wins; a live lease
// holds; a lease that ran out is taken over once, with the sends started
// before it; a sent part is never claimed again.
func TestOutboxClaims(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		p := part("2026-W49", "message")
		var wg sync.WaitGroup
		wins := make(chan string, 10)
		for i := range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				owner := string(rune('a' + i))
				c, err := s.ClaimPart(ctx, p, owner, t0, 30*time.Second)
				if err != nil {
					t.Error(err)
				}
				if c.State == sla.Claimed {
					wins <- owner
				}
			}()
		}
		wg.Wait()
		close(wins)
		var winners []string
		for w := range wins {
			winners = append(winners, w)
		}
		if len(winners) != 1 {
			t.Fatalf("%d claimers won: %v", len(winners), winners)
		}
		owner := winners[0]
		if c := claim(t, s, p, "late", t0.Add(20*time.Second)); c.State != sla.Held || c.HeldBy != owner || !c.HeldUntil.Equal(t0.Add(30*time.Second)) {
			t.Fatalf("a live claim: %+v", c)
		}
		// the send starts (and extends the lease), then the owner dies
		if ok, err := s.StartSend(ctx, p.Key, owner, "F1", t0.Add(25*time.Second), 30*time.Second); err != nil || !ok {
			t.Fatalf("start send: %v %v", ok, err)
		}
		if c := claim(t, s, p, "late", t0.Add(50*time.Second)); c.State != sla.Held {
			t.Fatalf("the send extended the lease: %+v", c)
		}
		c := claim(t, s, p, "rescuer", t0.Add(56*time.Second))
		if c.State != sla.Claimed || c.Sends != 1 || c.Ref != "F1" || c.Part.Channel != "C1" {
			t.Fatalf("takeover: %+v", c)
		}
		if c := claim(t, s, p, "rescuer2", t0.Add(57*time.Second)); c.State != sla.Held || c.HeldBy != "rescuer" {
			t.Fatalf("taken over twice: %+v", c)
		}
		// the dead owner's fence fails: it may not send any more
		if ok, _ := s.StartSend(ctx, p.Key, owner, "", t0.Add(58*time.Second), 30*time.Second); ok {
			t.Fatal("a run that lost its claim passed the fence")
		}
		// a renewed lease holds past its first end
		if err := s.RenewLeases(ctx, "rescuer", t0.Add(80*time.Second), 30*time.Second); err != nil {
			t.Fatal(err)
		}
		if c := claim(t, s, p, "x", t0.Add(100*time.Second)); c.State != sla.Held {
			t.Fatalf("renewed lease: %+v", c)
		}
		if err := s.MarkPartSent(ctx, p.Key, "1.0001", t0.Add(100*time.Second)); err != nil {
			t.Fatal(err)
		}
		if c := claim(t, s, p, "x", t0.Add(48*time.Hour)); c.State != sla.Done {
			t.Fatalf("a sent part: %+v", c)
		}
		done, err := s.PartsDone(ctx, p.Key.PostKey)
		if err != nil || !done["message"] || len(done) != 1 {
			t.Fatalf("parts done %v %v", done, err)
		}
	})
}

// TestOutboxRelease: a released part is claimable at once and keeps its
// count of sends (the failed send may have reached Slack); a part another
// run took over cannot be released by the first.
func TestOutboxRelease(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		p := part("2026-W50", "chart:waterfall")
		claim(t, s, p, "a", t0)
		if ok, _ := s.StartSend(ctx, p.Key, "a", "F9", t0, 30*time.Second); !ok {
			t.Fatal("fence")
		}
		if err := s.ReleasePart(ctx, p.Key, "a", "internal_error"); err != nil {
			t.Fatal(err)
		}
		c := claim(t, s, p, "b", t0.Add(time.Second))
		if c.State != sla.Claimed || c.Sends != 1 || c.Ref != "F9" {
			t.Fatalf("after release: %+v", c)
		}
		if err := s.ReleasePart(ctx, p.Key, "a", "late"); err != nil {
			t.Fatal(err)
		}
		if c := claim(t, s, p, "c", t0.Add(2*time.Second)); c.State != sla.Held || c.HeldBy != "b" {
			t.Fatalf("a stale release dropped b's claim: %+v", c)
		}
	})
}

// TestOutboxPending: parts recorded ahead (nudge DMs) wait unclaimed; the
// pending list skips held and finished parts.
func TestOutboxPending(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		mk := func(period, name string) sla.Part {
			p := part(period, name)
			p.Key.Kind, p.Key.AgreementID, p.Channel, p.Payload = "nudge", 0, "UREP", `{"leads":[1]}`
			return p
		}
		a, b, c := mk("s1", "UREP/1"), mk("s1", "UREP/2"), mk("s2", "UREP/1")
		if err := s.AddParts(ctx, []sla.Part{a, b, c}, t0); err != nil {
			t.Fatal(err)
		}
		if err := s.AddParts(ctx, []sla.Part{a}, t0); err != nil {
			t.Fatal("adding again:", err)
		}
		claim(t, s, b, "run", t0)
		if err := s.DropPart(ctx, c.Key, "worked meanwhile", t0); err != nil {
			t.Fatal(err)
		}
		got, err := s.PendingParts(ctx, []string{"nudge"}, t0.Add(time.Second), 10)
		if err != nil || len(got) != 1 || got[0].Key != a.Key || got[0].Payload != a.Payload || got[0].Channel != "UREP" {
			t.Fatalf("pending %+v %v", got, err)
		}
		if got, _ := s.PendingParts(ctx, []string{"nudge"}, t0.Add(time.Minute), 10); len(got) != 2 {
			t.Fatalf("after b's lease ran out: %+v", got)
		}
		if got, _ := s.PendingParts(ctx, []string{"digest"}, t0.Add(time.Minute), 10); len(got) != 0 {
			t.Fatalf("other kinds: %+v", got)
		}
	})
}
