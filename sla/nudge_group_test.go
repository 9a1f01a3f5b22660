package sla

import (
	"fmt"
	"testing"
	"time"
)

func TestPlaceNudges(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 12, 3, h, m, 0, 0, time.UTC) }
	thu := Date{2026, time.December, 3}
	ref := func(id int64, k BreachKind) []NudgeRef { return []NudgeRef{{Lead: id, Breaches: []Breach{{Kind: k}}}} }
	var o OwnerNudges
	steps := []struct {
		now   time.Time
		day   Date
		lead  int64
		kind  BreachKind
		fresh bool
		leads []int64 // what the message lists afterwards, newest first
	}{
		{at(9, 0), thu, 1, HandoffNotice, true, []int64{1}},
		{at(9, 10), thu, 2, HandoffNotice, false, []int64{2, 1}}, // 10 min < 15 min: joins
		{at(9, 15), thu, 3, HandoffNotice, true, []int64{3}},     // exactly 15 min: a new one
		{at(9, 45), thu, 1, SpeedWarning, true, []int64{1}},
		{at(9, 55), thu, 1, SpeedBreach, false, []int64{1}}, // replaces the warning in the same message
		{at(11, 0), thu, 4, HandoffNotice, true, []int64{4}},
		{at(12, 0), thu, 5, HandoffNotice, true, []int64{5}},
		{at(13, 0), thu, 6, HandoffNotice, true, []int64{6}}, // the 6th of the day
		{at(14, 0), thu, 7, HandoffNotice, false, []int64{7, 6}},
		{at(16, 0), thu, 2, SpeedBreach, false, []int64{2, 7, 6}},
		{at(9, 0).AddDate(0, 0, 1), Date{2026, time.December, 4}, 8, HandoffNotice, true, []int64{8}}, // a new day
	}
	for i, s := range steps {
		m, fresh := PlaceNudges(&o, ref(s.lead, s.kind), s.day, fmt.Sprint("m", i), s.now, 15*time.Minute, 6)
		var got []int64
		for _, r := range m.Refs {
			got = append(got, r.Lead)
		}
		if fresh != s.fresh || fmt.Sprint(got) != fmt.Sprint(s.leads) {
			t.Fatalf("step %d (%s L%d %s): fresh %v lists %v; want %v %v", i, s.now.Format("15:04"), s.lead, s.kind, fresh, got, s.fresh, s.leads)
		}
		if s.lead == 1 && s.kind == SpeedBreach && (len(m.Refs[0].Breaches) != 1 || m.Refs[0].Breaches[0].Kind != SpeedBreach) {
			t.Fatalf("the breach should replace the warning: %+v", m.Refs[0].Breaches)
		}
	}
	if o.Today != 1 || o.Day != (Date{2026, time.December, 4}) {
		t.Fatalf("the new day counts from 1: %+v", o)
	}
}

func TestPlaceNudgesOff(t *testing.T) {
	// group 0 and cap 0: every placement is its own message.
	var o OwnerNudges
	day := Date{2026, time.December, 3}
	for i := range 10 {
		now := time.Date(2026, 12, 3, 9, i, 0, 0, time.UTC)
		if _, fresh := PlaceNudges(&o, []NudgeRef{{Lead: int64(i)}}, day, fmt.Sprint(i), now, 0, 0); !fresh {
			t.Fatalf("placement %d joined a message with grouping and the cap off", i)
		}
	}
	if o.Today != 10 {
		t.Fatalf("today = %d, want 10", o.Today)
	}
}

func TestMergeBreachesKeepsDepth(t *testing.T) {
	got := mergeBreaches([]Breach{{Kind: SpeedBreach}, {Kind: DepthBreach, Missing: 4}}, []Breach{{Kind: SpeedBreach, Late: time.Hour}})
	if len(got) != 2 || got[0].Late != time.Hour || got[1].Kind != DepthBreach {
		t.Fatalf("got %+v; want the newer speed breach, then the depth breach kept", got)
	}
}

func TestRepeatDueAndNextReminder(t *testing.T) {
	cal := Calendar{Hours: DefaultHours, Loc: time.UTC}
	mon := func(h, m int) time.Time { return time.Date(2026, 11, 30, h, m, 0, 0, time.UTC) }
	if got := RepeatDue(cal, mon(10, 0), time.Time{}, 4*time.Hour); !got.Equal(mon(14, 0)) {
		t.Fatalf("no cycle: %v, want 14:00", got)
	}
	if got := RepeatDue(cal, mon(10, 0), mon(9, 30), 4*time.Hour); !got.Equal(mon(13, 30)) {
		t.Fatalf("inside the 09:30 cycle: %v, want 13:30", got)
	}
	if got := NextReminder(cal, mon(9, 30), false, 4*time.Hour, mon(10, 0)); !got.Equal(mon(9, 30)) {
		t.Fatalf("a first nudge inside a running cycle keeps it: %v", got)
	}
	if got := NextReminder(cal, mon(9, 30), true, 4*time.Hour, mon(13, 30)); !got.Equal(mon(13, 30)) {
		t.Fatalf("a reminder starts a new cycle: %v", got)
	}
	if got := NextReminder(cal, time.Time{}, false, 4*time.Hour, mon(10, 0)); !got.Equal(mon(10, 0)) {
		t.Fatalf("the first nudge starts the cycle: %v", got)
	}
}
