package storage_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

func TestInTxRollsBack(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing")
		boom := errors.New("boom")
		err := s.InTx(ctx, "T1", func(tx *storage.Tx) error {
			l, err := tx.AddLead(sla.Lead{AgreementID: a.ID, ExternalID: "x-1", Source: sla.SourceMarketing, CreatedAt: t0, SpeedSecs: -1})
			if err != nil {
				return err
			}
			if l.ShortID() != "L-1" {
				t.Errorf("inside tx: %s, want L-1", l.ShortID())
			}
			if first, _, err := tx.ClaimKey("webhook:k1", "", t0); err != nil || !first {
				t.Errorf("claim key: %v %v", first, err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx err = %v, want boom", err)
		}
		if _, err := s.LeadByExternalID(ctx, "T1", "x-1"); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("lead after rollback: err = %v, want not_found", err)
		}
		// The short id and the key were rolled back with the lead.
		l := addLead(t, s, a, sla.Lead{Name: "after", CreatedAt: t0})
		if l.ShortID() != "L-1" {
			t.Fatalf("next lead = %s, want L-1", l.ShortID())
		}
		if first, err := s.ClaimKey(ctx, "T1", "webhook:k1", t0); err != nil || !first {
			t.Fatalf("key after rollback: first=%v err=%v, want first", first, err)
		}
	})
}

func TestTxLeadLifecycle(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing")
		err := s.InTx(ctx, "T1", func(tx *storage.Tx) error {
			got, err := tx.AgreementByRef("#SMARKETING")
			if err != nil || got.ID != a.ID {
				t.Errorf("agreement by name: %v %+v", err, got)
			}
			if _, err := tx.AgreementByRef("C9"); sla.ErrorCode(err) != sla.NotFound {
				t.Errorf("unknown agreement: err = %v", err)
			}
			l, err := tx.AddLead(sla.Lead{AgreementID: a.ID, ExternalID: "x-1", Source: sla.SourceMarketing, CreatedAt: t0, SpeedSecs: -1})
			if err != nil {
				return err
			}
			if _, err := tx.AddLead(sla.Lead{AgreementID: a.ID, ExternalID: "x-1", Source: sla.SourceMarketing, CreatedAt: t0}); sla.ErrorCode(err) != sla.Conflict {
				t.Errorf("second x-1: err = %v, want conflict", err)
			}
			l, err = tx.LeadByExternalID("x-1")
			if err != nil {
				return err
			}
			l.Owner, l.HandedOffAt = "U1", t0.Add(time.Hour)
			att := &sla.Attempt{At: t0.Add(2 * time.Hour), Via: sla.ViaCall}
			l.Attempts, l.FirstAttemptAt, l.SpeedSecs = 1, att.At, 3600
			_, err = tx.SaveLead(l, att, t0.Add(3*time.Hour))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		l, err := s.LeadByExternalID(ctx, "T1", "x-1")
		if err != nil {
			t.Fatal(err)
		}
		if l.Owner != "U1" || !l.HandedOffAt.Equal(t0.Add(time.Hour)) || l.Attempts != 1 || l.SpeedSecs != 3600 {
			t.Fatalf("saved lead = %+v", l)
		}
		atts, err := s.Attempts(ctx, "T1", l.ID)
		if err != nil || len(atts) != 1 || !atts[0].At.Equal(t0.Add(2*time.Hour)) {
			t.Fatalf("attempts = %+v, %v", atts, err)
		}
		// Ids with the characters an array literal quotes still match.
		odd := `q"u\o,te{} NULL`
		addLead(t, s, a, sla.Lead{ExternalID: odd, CreatedAt: t0})
		im, err := s.BeginImport(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		err = im.Batch(ctx, func(tx *storage.Tx) error {
			got, err := tx.LeadsByExternalIDs([]string{odd, "x-1", "absent"})
			if err != nil {
				return err
			}
			if len(got) != 2 || got[odd].ExternalID != odd || got["x-1"].Owner != "U1" {
				t.Errorf("leads by ids = %+v", got)
			}
			for _, want := range []map[string]int{{}, {odd: 7}} {
				dup, err := tx.SeenBefore([]string{odd}, []int{7})
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(dup, want) {
					t.Errorf("seen before = %v, want %v", dup, want)
				}
			}
			return nil
		})
		im.Close()
		if err != nil {
			t.Fatal(err)
		}
		// Another workspace's transaction sees nothing of T1.
		err = s.InTx(ctx, "T2", func(tx *storage.Tx) error {
			_, err := tx.LeadByExternalID("x-1")
			return err
		})
		if sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("other team: err = %v, want not_found", err)
		}
	})
}

func TestTxTargetsForMatchesStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing") // DefaultTargets from 2026-12
		goal, speed := 120, 2*time.Hour
		feb := sla.Month{Year: 2027, Month: time.February}
		if err := s.SetTargets(ctx, "T1", a.ID, feb, sla.TargetPatch{MQLGoal: &goal, Speed: &speed}, "UMKT", t0); err != nil {
			t.Fatal(err)
		}
		months := []sla.Month{{Year: 2026, Month: time.November}, dec, {Year: 2027, Month: time.January}, feb, {Year: 2027, Month: time.June}}
		for _, m := range months {
			want, _, err := s.TargetsFor(ctx, "T1", a.ID, m)
			if err != nil {
				t.Fatal(err)
			}
			var got sla.Targets
			err = s.InTx(ctx, "T1", func(tx *storage.Tx) error {
				var err error
				got, err = tx.TargetsFor(a.ID, m)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s: tx targets %+v, store targets %+v", m, got, want)
			}
		}
	})
}

func TestUpsertLeads(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing")
		addLead(t, s, a, sla.Lead{Name: "typed in Slack", CreatedAt: t0}) // L-1
		now := t0.Add(24 * time.Hour)
		lead := func(ext, name string) sla.Lead {
			return sla.Lead{ExternalID: ext, Name: name, Source: sla.SourceMarketing, CreatedAt: t0.Add(time.Hour), QualifiedAt: t0.Add(time.Hour), SpeedSecs: -1}
		}
		batch := func(ids []string, fn func(tx *storage.Tx, cur map[string]sla.Lead) []sla.Lead) sla.UpsertCounts {
			t.Helper()
			im, err := s.BeginImport(ctx, "T1")
			if err != nil {
				t.Fatal(err)
			}
			defer im.Close()
			var c sla.UpsertCounts
			err = im.Batch(ctx, func(tx *storage.Tx) error {
				cur, err := tx.LeadsByExternalIDs(ids)
				if err != nil {
					return err
				}
				c, err = tx.UpsertLeads(a.ID, fn(tx, cur), now)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		c := batch([]string{"x-1", "x-2"}, func(_ *storage.Tx, cur map[string]sla.Lead) []sla.Lead {
			if len(cur) != 0 {
				t.Errorf("existing = %v, want none", cur)
			}
			return []sla.Lead{lead("x-1", "One"), lead("x-2", "Two")}
		})
		if c != (sla.UpsertCounts{Inserted: 2}) {
			t.Fatalf("first batch = %+v, want 2 inserted", c)
		}
		// The range of short ids continues the team's counter: L-2, L-3.
		for ext, want := range map[string]string{"x-1": "L-2", "x-2": "L-3"} {
			l, err := s.LeadByExternalID(ctx, "T1", ext)
			if err != nil || l.ShortID() != want || l.AgreementID != a.ID {
				t.Fatalf("%s = %s (%v), want %s", ext, l.ShortID(), err, want)
			}
		}
		before, _ := s.LeadByExternalID(ctx, "T1", "x-1")
		c = batch([]string{"x-1", "x-2", "x-3"}, func(_ *storage.Tx, cur map[string]sla.Lead) []sla.Lead {
			one, two := cur["x-1"], cur["x-2"]
			two.Name, two.Owner, two.HandedOffAt = "Two, renamed", "U1", t0.Add(2*time.Hour)
			return []sla.Lead{one, two, lead("x-3", "Three")}
		})
		if c != (sla.UpsertCounts{Inserted: 1, Updated: 1, Unchanged: 1}) {
			t.Fatalf("second batch = %+v, want 1 inserted, 1 updated, 1 unchanged", c)
		}
		after, _ := s.LeadByExternalID(ctx, "T1", "x-1")
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("unchanged lead changed:\n%+v\n%+v", before, after)
		}
		two, _ := s.LeadByExternalID(ctx, "T1", "x-2")
		if two.Name != "Two, renamed" || two.Owner != "U1" || !two.HandedOffAt.Equal(t0.Add(2*time.Hour)) || two.ShortID() != "L-3" {
			t.Fatalf("updated lead = %+v", two)
		}
		three, _ := s.LeadByExternalID(ctx, "T1", "x-3")
		if three.ShortID() != "L-4" {
			t.Fatalf("x-3 = %s, want L-4", three.ShortID())
		}
		// Figures read the derived columns the upsert wrote: hand-off 1 h
		// after qualification (qualified t0+1h, handed off t0+2h).
		f, err := s.Figures(ctx, "T1", a.ID, t0, t0.Add(48*time.Hour), t0.Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if f.ToHandoff.N != 1 || f.ToHandoff.Avg != time.Hour {
			t.Fatalf("to hand-off = %+v, want 1 lead, 1h", f.ToHandoff)
		}
	})
}

func TestUpsertLeadsRefusesOtherAgreement(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing")
		b := newAgreement(t, s, "T1", "C2", "Other")
		addLead(t, s, a, sla.Lead{ExternalID: "x-1", CreatedAt: t0})
		im, err := s.BeginImport(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		defer im.Close()
		err = im.Batch(ctx, func(tx *storage.Tx) error {
			cur, err := tx.LeadsByExternalIDs([]string{"x-1"})
			if err != nil {
				return err
			}
			_, err = tx.UpsertLeads(b.ID, []sla.Lead{cur["x-1"]}, t0)
			return err
		})
		if sla.ErrorCode(err) != sla.Conflict {
			t.Fatalf("err = %v, want conflict", err)
		}
	})
}

func TestSeenBefore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		newAgreement(t, s, "T1", "C1", "Smarketing")
		im, err := s.BeginImport(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		seen := func(ids []string, lines []int) map[string]int {
			t.Helper()
			var out map[string]int
			if err := im.Batch(ctx, func(tx *storage.Tx) error {
				var err error
				out, err = tx.SeenBefore(ids, lines)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return out
		}
		if got := seen([]string{"a", "b"}, []int{2, 3}); len(got) != 0 {
			t.Fatalf("first batch: %v, want none", got)
		}
		if got := seen([]string{"b", "c"}, []int{4, 5}); !reflect.DeepEqual(got, map[string]int{"b": 3}) {
			t.Fatalf("second batch: %v, want b first on line 3", got)
		}
		if err := im.Close(); err != nil {
			t.Fatal(err)
		}
		// Outside an import session there is no table to ask. (While an
		// import is open, SQLite's only connection is the import's.)
		err = s.InTx(ctx, "T1", func(tx *storage.Tx) error {
			_, err := tx.SeenBefore([]string{"a"}, []int{1})
			return err
		})
		if err == nil || sla.ErrorCode(err) == sla.Unavailable {
			t.Fatalf("SeenBefore outside an import: err = %v, want a refusal", err)
		}
		// A new import starts with a clean slate.
		im, err = s.BeginImport(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		defer im.Close()
		if got := seen([]string{"a"}, []int{2}); len(got) != 0 {
			t.Fatalf("new import: %v, want none", got)
		}
	})
}

func TestClaimSignature(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		// Two stores on one database stand for two replicas.
		open := func() *storage.Store {
			s, err := storage.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
		r1, r2 := open(), open()
		claim := func(s *storage.Store, team, sig string, now time.Time) bool {
			t.Helper()
			var ok bool
			if err := s.InTx(ctx, team, func(tx *storage.Tx) error {
				var err error
				ok, err = tx.ClaimSignature(sig, now, 10*time.Minute)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		sig := "ab12"
		steps := []struct {
			store *storage.Store
			team  string
			at    time.Duration
			want  bool
		}{
			{r1, "T1", 0, true},
			{r2, "T1", time.Minute, false},      // the other replica sees the replay
			{r1, "T2", time.Minute, true},       // another workspace's signature space
			{r2, "T1", 10 * time.Minute, false}, // still inside the window (seen_at = t0, cut t0)
			{r1, "T1", 11 * time.Minute, true},  // forgotten after the window
			{r2, "T1", 12 * time.Minute, false}, // and remembered again
		}
		for i, st := range steps {
			if got := claim(st.store, st.team, sig, t0.Add(st.at)); got != st.want {
				t.Fatalf("step %d (%s at +%s): fresh = %v, want %v", i, st.team, st.at, got, st.want)
			}
		}
	})
}

func TestWebhookSecret(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if _, err := s.WebhookSecret(ctx, "T1"); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("no workspace: err = %v, want not_found", err)
		}
		if _, err := s.SetWebhookSecret(ctx, "T1", "s1", false); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("set without workspace: err = %v, want not_found", err)
		}
		newAgreement(t, s, "T1", "C1", "Smarketing")
		steps := []struct {
			secret  string
			replace bool
			want    string
		}{
			{"s1", false, "s1"}, // created
			{"s2", false, "s1"}, // kept
			{"s3", true, "s3"},  // rotated
		}
		for _, st := range steps {
			got, err := s.SetWebhookSecret(ctx, "T1", st.secret, st.replace)
			if err != nil || got != st.want {
				t.Fatalf("set %s replace=%v: %q %v, want %q", st.secret, st.replace, got, err, st.want)
			}
			if cur, err := s.WebhookSecret(ctx, "T1"); err != nil || cur != st.want {
				t.Fatalf("secret now %q %v, want %q", cur, err, st.want)
			}
		}
	})
}

// TestUpsertLeadsConcurrentInsert: a lead recorded in Slack while an import
// batch runs is serialized with it by the workspace's lock (PostgreSQL;
// SQLite has one writer): either the batch went first and the Slack lead is
// refused as a duplicate of its x-1, or the Slack lead went first and the
// batch merges x-1 instead of failing. Both leave one x-1, as the import
// wrote it.
func TestUpsertLeadsConcurrentInsert(t *testing.T) {
	s := storagetest.Postgres(t)
	a := newAgreement(t, s, "T1", "C1", "Smarketing")
	im, err := s.BeginImport(ctx, "T1")
	if err != nil {
		t.Fatal(err)
	}
	defer im.Close()
	var c sla.UpsertCounts
	slack := make(chan error, 1)
	err = im.Batch(ctx, func(tx *storage.Tx) error {
		cur, err := tx.LeadsByExternalIDs([]string{"x-1", "x-2"})
		if err != nil || len(cur) != 0 {
			return fmt.Errorf("existing %v %v", cur, err)
		}
		// another connection records x-1 meanwhile
		go func() {
			_, err := s.AddLead(ctx, sla.Lead{TeamID: "T1", AgreementID: a.ID, ExternalID: "x-1", Name: "from Slack", Source: sla.SourceMarketing, CreatedAt: t0, SpeedSecs: -1}, "", "U1")
			slack <- err
		}()
		c, err = tx.UpsertLeads(a.ID, []sla.Lead{
			{ExternalID: "x-1", Name: "One", Source: sla.SourceMarketing, CreatedAt: t0, QualifiedAt: t0, SpeedSecs: -1},
			{ExternalID: "x-2", Name: "Two", Source: sla.SourceMarketing, CreatedAt: t0, QualifiedAt: t0, SpeedSecs: -1},
		}, t0.Add(time.Hour))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	serr := <-slack
	switch {
	case sla.ErrorCode(serr) == sla.Conflict && c == (sla.UpsertCounts{Inserted: 2}):
	case serr == nil && c == (sla.UpsertCounts{Inserted: 1, Updated: 1}):
	default:
		t.Fatalf("Slack lead %v, import counts %+v: not a serialization of the two", serr, c)
	}
	if l, err := s.LeadByExternalID(ctx, "T1", "x-1"); err != nil || l.Name != "One" {
		t.Fatalf("x-1 = %+v %v", l, err)
	}
}
