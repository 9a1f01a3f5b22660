package sla

import (
	"strings"
	"testing"
	"time"
)

// TestPickSmoothOneAndTwo: weights a=1, b=2 over nine picks. Current weights
// (a, b) after adding: (1,2) b wins → (1,-1); (2,1) a → (-1,1); (0,3) b →
// (0,0); and the cycle repeats: b a b ×3 = a 3, b 6.
func TestPickSmoothOneAndTwo(t *testing.T) {
	ms := []PoolMember{{Rep: "a", Weight: 1}, {Rep: "b", Weight: 2}}
	all := func(PoolMember) bool { return true }
	var seq []string
	count := map[string]int{}
	for range 9 {
		i := PickSmooth(ms, all)
		seq = append(seq, ms[i].Rep)
		count[ms[i].Rep]++
	}
	if got := strings.Join(seq, " "); got != "b a b b a b b a b" {
		t.Fatalf("sequence %q, want b a b b a b b a b", got)
	}
	if count["a"] != 3 || count["b"] != 6 {
		t.Fatalf("counts %v, want a 3, b 6", count)
	}
}

// TestPoolEligible: an away rep, a rep at the cap today and the excluded rep
// are skipped; a cap reached yesterday does not count today.
func TestPoolEligible(t *testing.T) {
	now := mustTime(t, "2026-12-01T10:00:00Z")
	aways := []Away{{Rep: "away", Span: Span{From: now.Add(-time.Hour), To: now.Add(time.Hour)}}}
	ok := PoolEligible(aways, now, time.UTC, "taken", map[string]bool{"struck": true})
	today := Date{2026, 12, 1}
	yesterday := Date{2026, 11, 30}
	for _, c := range []struct {
		m    PoolMember
		want bool
	}{
		{PoolMember{Rep: "free", Weight: 1}, true},
		{PoolMember{Rep: "away", Weight: 1}, false},
		{PoolMember{Rep: "taken", Weight: 1}, false},
		{PoolMember{Rep: "struck", Weight: 1}, false},
		{PoolMember{Rep: "full", Weight: 1, Cap: 2, Today: today, Count: 2}, false},
		{PoolMember{Rep: "room", Weight: 1, Cap: 2, Today: today, Count: 1}, true},
		{PoolMember{Rep: "new day", Weight: 1, Cap: 2, Today: yesterday, Count: 2}, true},
	} {
		if got := ok(c.m); got != c.want {
			t.Errorf("%s: eligible %v, want %v", c.m.Rep, got, c.want)
		}
	}
	// Nobody eligible: -1 and the state unchanged.
	ms := []PoolMember{{Rep: "away", Weight: 1, Current: 5}}
	if i := PickSmooth(ms, ok); i != -1 || ms[0].Current != 5 {
		t.Fatalf("pick %d, current %d; want -1, 5", i, ms[0].Current)
	}
}

// TestStrikeRouted: with a limit of 3 and strike routing on, 3 strikes (the
// limit) and 4 (over it) keep new leads away, 2 do not; with routing off,
// or no limit (0), nobody is struck.
func TestStrikeRouted(t *testing.T) {
	on := Agreement{StrikeLimit: 3, StrikeRoute: true}
	for _, c := range []struct {
		a    Agreement
		n    int
		want bool
	}{
		{on, 2, false}, {on, 3, true}, {on, 4, true},
		{Agreement{StrikeLimit: 3}, 5, false},
		{Agreement{StrikeRoute: true}, 5, false},
	} {
		if got := StrikeRouted(c.a, c.n); got != c.want {
			t.Errorf("limit %d, route %v, %d strikes: %v, want %v", c.a.StrikeLimit, c.a.StrikeRoute, c.n, got, c.want)
		}
	}
	got := StruckReps(on, map[string]int{"a": 1, "b": 3, "c": 4})
	if len(got) != 2 || !got["b"] || !got["c"] {
		t.Fatalf("struck %v, want b and c", got)
	}
	if StruckReps(on, map[string]int{"a": 2}) != nil {
		t.Fatal("struck reps without anyone at the limit")
	}
}

// TestAwayCalendar: away time is no business time for that rep.
func TestAwayCalendar(t *testing.T) {
	at := func(s string) time.Time { return mustTime(t, s) }
	week := Calendar{Hours: DefaultHours, Loc: time.UTC}
	// Away Tue 2026-12-01 00:00 to Thu 2026-12-03 00:00 (two whole days).
	away := []Away{{Rep: "r", Span: Span{From: at("2026-12-01T00:00:00Z"), To: at("2026-12-03T00:00:00Z")}}}
	cal := RepCalendar(week, away, "r")
	if other := RepCalendar(week, away, "someone else"); len(other.Away) != 0 {
		t.Fatalf("another rep's calendar has away spans %v", other.Away)
	}
	// Mon 16:30 + 1 h: 30 min Monday, Tue and Wed away, Thu 09:30.
	if got, want := cal.Due(at("2026-11-30T16:30:00Z"), time.Hour), at("2026-12-03T09:30:00Z"); !got.Equal(want) {
		t.Errorf("Due = %v, want %v", got, want)
	}
	// Mon 16:00 → Thu 10:00: 1 h Monday + 1 h Thursday = 2 h.
	if got := cal.Elapsed(at("2026-11-30T16:00:00Z"), at("2026-12-03T10:00:00Z")); got != 2*time.Hour {
		t.Errorf("Elapsed = %v, want 2h", got)
	}
	if cal.Open(at("2026-12-01T10:00:00Z")) {
		t.Error("open while away")
	}
	if got, want := cal.NextOpen(at("2026-12-01T10:00:00Z")), at("2026-12-03T09:00:00Z"); !got.Equal(want) {
		t.Errorf("NextOpen = %v, want %v", got, want)
	}
	// A span inside a day splits its window: away Mon 10:00–12:00; Mon 09:00
	// + 3 h = 1 h before, 2 h after 12:00 → 14:00.
	mid := RepCalendar(week, []Away{{Rep: "r", Span: Span{From: at("2026-11-30T10:00:00Z"), To: at("2026-11-30T12:00:00Z")}}}, "r")
	if got, want := mid.Due(at("2026-11-30T09:00:00Z"), 3*time.Hour), at("2026-11-30T14:00:00Z"); !got.Equal(want) {
		t.Errorf("split Due = %v, want %v", got, want)
	}
	// 24x7: Mon 23:00 + 2 h = 1 h Monday, away all Tue–Wed, Thu 01:00.
	always := RepCalendar(Calendar{Hours: AlwaysOpen, Loc: time.UTC}, away, "r")
	if got, want := always.Due(at("2026-11-30T23:00:00Z"), 2*time.Hour), at("2026-12-03T01:00:00Z"); !got.Equal(want) {
		t.Errorf("24x7 Due = %v, want %v", got, want)
	}
	if got := always.Elapsed(at("2026-11-30T23:00:00Z"), at("2026-12-03T01:00:00Z")); got != 2*time.Hour {
		t.Errorf("24x7 Elapsed = %v, want 2h", got)
	}
}

// TestAwayPausesLeadClocks: a lead handed off Mon 16:30 to a rep away Tue
// and Wed (1 h speed, 14 days depth) breaches Thu 09:30, not Tue 09:30, and
// its depth window ends two days late: Mon 14 Dec 16:30 + 48 h = Wed 16 Dec.
func TestAwayPausesLeadClocks(t *testing.T) {
	at := func(s string) time.Time { return mustTime(t, s) }
	away := []Away{{Rep: "r", Span: Span{From: at("2026-12-01T00:00:00Z"), To: at("2026-12-03T00:00:00Z")}}}
	l := Lead{Owner: "r", HandedOffAt: at("2026-11-30T16:30:00Z"), SpeedSecs: -1}
	cal := RepCalendar(Calendar{Hours: DefaultHours, Loc: time.UTC}, away, "r")
	k := LeadClocks(l, DefaultTargets, cal)
	if want := at("2026-12-03T09:30:00Z"); !k.SpeedAt.Equal(want) {
		t.Errorf("SpeedAt %v, want %v", k.SpeedAt, want)
	}
	if want := at("2026-12-16T16:30:00Z"); !k.DepthAt.Equal(want) {
		t.Errorf("DepthAt %v, want %v", k.DepthAt, want)
	}
	if bs := Evaluate(l, DefaultTargets, cal, at("2026-12-02T12:00:00Z")); len(bs) != 0 {
		t.Errorf("breaches while away: %v", bs)
	}
	// Moved Thu 11:00: the clocks start at the move, due 12:00.
	Move(&l, "cover", at("2026-12-03T11:00:00Z"))
	k = LeadClocks(l, DefaultTargets, Calendar{Hours: DefaultHours, Loc: time.UTC})
	if want := at("2026-12-03T12:00:00Z"); !k.SpeedAt.Equal(want) {
		t.Errorf("SpeedAt after the move %v, want %v", k.SpeedAt, want)
	}
	// The new rep is told by the scan's hand-off notice, in their nudge DM.
	if !NoticePending(l) {
		t.Error("no hand-off notice pending for the cover after the move")
	}
}

// TestReassignDue: speed due Mon 10:00 (hand-off 09:00, 1 h); reassign=2h of
// business time after it is Mon 12:00, a boundary that counts.
func TestReassignDue(t *testing.T) {
	at := func(s string) time.Time { return mustTime(t, s) }
	cal := Calendar{Hours: DefaultHours, Loc: time.UTC}
	l := Lead{Owner: "r", HandedOffAt: at("2026-11-30T09:00:00Z"), SpeedSecs: -1}
	if ReassignDue(l, DefaultTargets, cal, 2*time.Hour, at("2026-11-30T11:59:00Z")) {
		t.Error("due at 11:59")
	}
	if !ReassignDue(l, DefaultTargets, cal, 2*time.Hour, at("2026-11-30T12:00:00Z")) {
		t.Error("not due at 12:00")
	}
	if ReassignDue(l, DefaultTargets, cal, 0, at("2026-12-30T12:00:00Z")) {
		t.Error("due with reassign off")
	}
	l.Attempts, l.FirstAttemptAt = 1, at("2026-11-30T11:00:00Z")
	if ReassignDue(l, DefaultTargets, cal, 2*time.Hour, at("2026-11-30T12:00:00Z")) {
		t.Error("due after an attempt")
	}
}

func TestAwaySpanAndRules(t *testing.T) {
	s, err := AwaySpan(Date{2026, 12, 24}, Date{2026, 12, 26}, time.UTC)
	if err != nil || !s.From.Equal(mustTime(t, "2026-12-24T00:00:00Z")) || !s.To.Equal(mustTime(t, "2026-12-27T00:00:00Z")) {
		t.Fatalf("AwaySpan = %v, %v", s, err)
	}
	if _, err := AwaySpan(Date{2026, 12, 26}, Date{2026, 12, 24}, time.UTC); ErrorCode(err) != Invalid {
		t.Fatalf("backwards span: %v", err)
	}
	a := Agreement{Marketing: "M", Sales: "S"}
	for _, c := range []struct {
		user  string
		admin bool
		want  bool
	}{{"R", false, true}, {"S", false, true}, {"X", true, true}, {"X", false, false}, {"M", false, false}, {"", false, false}} {
		if got := MayMarkAway(a, "R", c.user, c.admin); got != c.want {
			t.Errorf("MayMarkAway(%q, admin %v) = %v, want %v", c.user, c.admin, got, c.want)
		}
	}
}
