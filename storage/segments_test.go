package storage_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestSegments: a segment set twice is changed, not doubled; an agreement
// holds at most sla.MaxSegments; another workspace sees none of them; the
// counts per segment and the active reps read the leads.
func TestSegments(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing")
		other := newAgreement(t, s, "T2", "C1", "Other")
		exec := sla.Segment{Name: "exec", Mix: sla.Percent(50), Deal: sla.Dollars(5000), Close: sla.Percent(25), Value: sla.Dollars(100)}
		if err := s.SetSegment(ctx, "T1", a.ID, exec, "UMKT", t0); err != nil {
			t.Fatal(err)
		}
		exec.Mix, exec.Value = sla.Percent(60), 0
		if err := s.SetSegment(ctx, "T1", a.ID, exec, "UMKT", t0); err != nil {
			t.Fatal(err)
		}
		got, err := s.Segments(ctx, "T1", a.ID)
		if err != nil || len(got) != 1 || got[0] != exec {
			t.Fatalf("segments %+v, %v; want only %+v", got, err, exec)
		}
		if got, _ := s.Segments(ctx, "T2", other.ID); len(got) != 0 {
			t.Errorf("another workspace sees %+v", got)
		}
		for i := 1; i < sla.MaxSegments; i++ {
			seg := exec
			seg.Name = fmt.Sprintf("s%02d", i)
			if err := s.SetSegment(ctx, "T1", a.ID, seg, "UMKT", t0); err != nil {
				t.Fatal(err)
			}
		}
		seg := exec
		seg.Name = "one-too-many"
		if err := s.SetSegment(ctx, "T1", a.ID, seg, "UMKT", t0); sla.ErrorCode(err) != sla.Invalid {
			t.Errorf("segment %d: %v, want refused", sla.MaxSegments+1, err)
		}
		if err := s.SetSegment(ctx, "T1", a.ID, exec, "UMKT", t0); err != nil {
			t.Errorf("changing one of %d: %v", sla.MaxSegments, err)
		}
		if ok, err := s.RemoveSegment(ctx, "T1", a.ID, "s01"); !ok || err != nil {
			t.Errorf("remove: %v %v", ok, err)
		}
		if ok, _ := s.RemoveSegment(ctx, "T1", a.ID, "s01"); ok {
			t.Error("removed twice")
		}

		// Leads: 2 exec (one "EXEC"), 1 without a segment, 1 sales-sourced
		// exec (not an MQL), 1 exec of November.
		at := t0.Add(10 * time.Hour)
		for _, l := range []sla.Lead{
			{Name: "a", Segment: "exec", CreatedAt: at, Owner: "UREP1", HandedOffAt: at},
			{Name: "b", Segment: "EXEC", CreatedAt: at, Owner: "UREP2", HandedOffAt: at},
			{Name: "c", CreatedAt: at, Owner: "UREP1", HandedOffAt: at},
			{Name: "d", Segment: "exec", Source: sla.SourceSales, CreatedAt: at},
			{Name: "e", Segment: "exec", CreatedAt: t0.Add(-24 * time.Hour)},
		} {
			addLead(t, s, a, l)
		}
		counts, err := s.SegmentCounts(ctx, "T1", a.ID, t0, t0.AddDate(0, 1, 0))
		want := []sla.SegmentCount{{Segment: "", MQLs: 1}, {Segment: "exec", MQLs: 2}}
		if err != nil || len(counts) != 2 || counts[0] != want[0] || counts[1] != want[1] {
			t.Errorf("counts %+v, %v; want %+v", counts, err, want)
		}
		if n, err := s.ActiveReps(ctx, "T1", a.ID, t0, t0.AddDate(0, 1, 0)); n != 2 || err != nil {
			t.Errorf("active reps %d, %v; want 2", n, err)
		}
		if n, _ := s.ActiveReps(ctx, "T1", a.ID, t0.AddDate(0, 1, 0), t0.AddDate(0, 2, 0)); n != 0 {
			t.Errorf("active reps in January %d, want 0", n)
		}
	})
}

// TestSegmentGoalsCarryForward: an applied plan by segment replaces its
// month's goals; later months take the latest set, earlier ones none.
func TestSegmentGoalsCarryForward(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		a := newAgreement(t, s, "T1", "C1", "Smarketing")
		plan := func(m sla.Month, goals ...sla.SegmentGoal) {
			t.Helper()
			p := sla.SavedPlan{Month: m, Input: sla.PlanInput{Quota: sla.Dollars(1000), Share: sla.RatioOne, Deal: sla.Dollars(100), Close: sla.Percent(50)},
				Result: sla.PlanResult{Revenue: sla.Dollars(1000), Customers: 10, Leads: 20}, Applied: true, CreatedBy: "UMKT", CreatedAt: t0}
			if err := s.ApplySegmentedPlan(ctx, "T1", a.ID, p, goals, sla.Dollars(500)); err != nil {
				t.Fatal(err)
			}
		}
		plan(dec, sla.SegmentGoal{Segment: "a", Goal: 5}, sla.SegmentGoal{Segment: "b", Goal: 15})
		plan(dec, sla.SegmentGoal{Segment: "a", Goal: 8}, sla.SegmentGoal{Segment: "c", Goal: 12})
		feb := sla.Month{Year: 2027, Month: time.February}
		plan(feb, sla.SegmentGoal{Segment: "a", Goal: 20})
		for _, c := range []struct {
			m    sla.Month
			want []sla.SegmentGoal
		}{
			{dec.Prev(), nil},
			{dec, []sla.SegmentGoal{{Segment: "a", Goal: 8}, {Segment: "c", Goal: 12}}},
			{dec.Next(), []sla.SegmentGoal{{Segment: "a", Goal: 8}, {Segment: "c", Goal: 12}}},
			{feb, []sla.SegmentGoal{{Segment: "a", Goal: 20}}},
		} {
			got, err := s.SegmentGoalsFor(ctx, "T1", a.ID, c.m)
			if err != nil || fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%s: %v, %v; want %v", c.m, got, err, c.want)
			}
		}
		tg, _, err := s.TargetsFor(ctx, "T1", a.ID, dec.Next())
		if err != nil || tg.MQLGoal != 20 || tg.ValueGoal != sla.Dollars(500) {
			t.Errorf("targets in January %+v, %v", tg, err)
		}
	})
}
