package commands_test

import (
	"strings"
	"testing"

	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// contains fails the test for each want the reply lacks.
func contains(t *testing.T, what, all string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(all, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, all)
		}
	}
}

// TestSegmentedPlanWorkedExample is the guide's example end to end
// (docs/design.md, Segments and lead value): Q = $100,000, s = 50 %; exec
// (mix 50 %, deal $5,000, close 25 %, $100 a lead), manager (mix 50 %, deal
// $1,000, close 10 %, $40 a lead).
func TestSegmentedPlanWorkedExample(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		// The admin owns no party: the segments and the plan apply at once
		// (an owner's wait for sign-off: TestSegmentSignoff).
		f.ok("UADM", "segment set exec mix=50% deal=$5,000 close=25% value=$100")
		r := f.ok("UADM", "segment set Manager mix=40% deal=1k close=10% value=40")
		contains(t, "segment set", allText(r), "*manager* mix 40% · deal $1,000 · close 10% · $40 a lead", "add up to 90%")
		// 50 % + 40 % = 90 %: a plan by segment is refused and writes nothing.
		before := f.fingerprint()
		r = f.do("UMKT", "plan quota=100k share=50% apply")
		if !r.Failed || !strings.Contains(r.Text, "add up to 90%, not 100% (exec 50%, manager 40%)") {
			t.Fatalf("mixes of 90%%: %+v", r)
		}
		if f.fingerprint() != before {
			t.Error("a refused plan wrote")
		}
		f.ok("UADM", "segment set manager mix=50% deal=1k close=10% value=40")
		contains(t, "segments", allText(f.ok("UREP", "segments")), "*exec* mix 50% · deal $5,000 · close 25% · $100 a lead", "Mixes add up to 100%.")

		// R = $50,000; exec R = $25,000, C = ⌈25,000 ÷ 5,000⌉ = 5, L = ⌈5 ÷ 25 %⌉ = 20,
		// value 20 × $100 = $2,000; manager R = $25,000, C = 25, L = ⌈25 ÷ 10 %⌉ = 250,
		// value 250 × $40 = $10,000; L = 270, V = $12,000.
		r = f.ok("UREP", "plan quota=100k share=50%")
		contains(t, "plan", allText(r),
			"R = quota × share = $100,000 × 50% = *$50,000*",
			"*exec* R = $50,000 × 50% = $25,000 · C = ⌈$25,000 ÷ $5,000⌉ = 5 · L = ⌈5 ÷ 25%⌉ = *20* · value 20 × $100 = $2,000",
			"*manager* R = $50,000 × 50% = $25,000 · C = ⌈$25,000 ÷ $1,000⌉ = 25 · L = ⌈25 ÷ 10%⌉ = *250* · value 250 × $40 = $10,000",
			"L = 20 + 250 = *270 MQLs* (30 customers)", "*$12,000* of lead value")
		if r.InChannel {
			t.Error("a plan without apply is only for the caller")
		}
		r = f.ok("UADM", "plan quota=100k share=50% apply")
		if !r.InChannel {
			t.Error("an applied plan is posted in channel")
		}
		tg, _, err := st.TargetsFor(ctx, "T1", f.agreement().ID, sla.Month{Year: 2026, Month: 12})
		if err != nil || !tg.MQLSet || tg.MQLGoal != 270 || tg.ValueGoal != sla.Dollars(12_000) {
			t.Fatalf("targets after apply: %+v, %v", tg, err)
		}
		goals, err := st.SegmentGoalsFor(ctx, "T1", f.agreement().ID, sla.Month{Year: 2027, Month: 1})
		if err != nil || len(goals) != 2 || goals[0] != (sla.SegmentGoal{Segment: "exec", Goal: 20}) || goals[1] != (sla.SegmentGoal{Segment: "manager", Goal: 250}) {
			t.Fatalf("segment goals carried to January: %+v, %v", goals, err)
		}

		// One exec, two managers (one typed "MANAGER"), one of an unknown
		// segment, and the fixture's three without one.
		f.ok("UMKT", `lead add "E1" segment=exec at="2026-12-11 10:00"`)
		f.ok("UMKT", `lead add "M1" segment=manager at="2026-12-11 10:00"`)
		f.ok("UMKT", `lead add "M2" segment=MANAGER at="2026-12-11 10:00"`)
		f.ok("UMKT", `lead add "V1" segment=vip at="2026-12-11 10:00"`)
		// exec 1 of 20 (5.0 %) · $100; manager 2 of 250 (0.8 %) · 2 × $40 = $80;
		// unsegmented 3 + 1 = 4; value $180 of $12,000 (1.5 %).
		want := []string{"*exec* 1 of 20 (5.0%) · $100", "*manager* 2 of 250 (0.8%) · $80", "_unsegmented_ 4 MQLs", "*Lead value* $180 of $12,000 (1.5%)"}
		contains(t, "status", allText(f.ok("UREP", "status")), want...)
		contains(t, "report", allText(f.ok("UREP", "report")), want...)
		// The waterfall's line stays the total; its comment has the segments.
		if r := f.ok("UREP", "chart waterfall"); len(r.Files) != 1 || !strings.Contains(r.Files[0].Comment, "By segment: exec 1 of 20, manager 2 of 250, unsegmented 4; lead value $180 of $12,000.") {
			t.Errorf("waterfall: %+v", r.Files)
		}

		// The segment goes; its leads are unsegmented from then.
		f.ok("UADM", "segment remove exec")
		contains(t, "status after remove", allText(f.ok("UREP", "status")), "_unsegmented_ 5 MQLs", "*Lead value* $80 of $12,000 (0.7%)")
	})
}

// TestSegmentCommandsRefused: bad input and a rep's changes write nothing.
func TestSegmentCommandsRefused(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		f.ok("UADM", "segment set exec mix=100% deal=5k close=25%") // at once: an admin's
		bad := map[string]string{
			"segment set":                                  "missing the segment's name",
			"segment set exec mix=50%":                     "missing `deal=&lt;money&gt;`, `close=&lt;pct&gt;`",
			"segment set exec mix=abc deal=1 close=5%":     "`mix=abc`",
			"segment set exec mix=0% deal=1k close=5%":     "more than 0%",
			"segment set exec mix=50% deal=0 close=5%":     "more than $0",
			"segment set exec mix=50% deal=1k close=120%":  "close",
			"segment set e!x mix=50% deal=1k close=5%":     "not a segment name",
			"segment set exec mix=50% deal=1k close=5% x=": "x=",
			"segment remove nope":                          "no segment nope",
			"segment remove":                               "missing the segment's name",
			"segments extra":                               "not expected",
			"plan quota=100k share=50% deal=100":           "give both `deal=` and `close=`",
			"target value=abc":                             "`value=abc`",
			"target value=0":                               "more than $0",
			"target value=5k mql=10":                       "on its own",
			"target value=5k month=2026-01":                "before it",
		}
		for text, want := range bad {
			before := f.fingerprint()
			r := f.do("UMKT", text)
			if !r.Failed || r.InChannel || !strings.Contains(strings.ToLower(r.Text), strings.ToLower(want)) {
				t.Errorf("%q: %+v, want a failure with %q", text, r, want)
			}
			if f.fingerprint() != before {
				t.Errorf("%q failed but wrote", text)
			}
		}
		for _, text := range []string{"segment set exec mix=50% deal=1k close=5%", "segment remove exec", "target value=5k", "plan quota=100k share=50% apply"} {
			before := f.fingerprint()
			if r := f.do("UREP", text); !r.Failed || !strings.Contains(r.Text, "Only the party owners") {
				t.Errorf("rep ran %q: %+v", text, r)
			}
			if f.fingerprint() != before {
				t.Errorf("refused %q wrote", text)
			}
		}
		r := f.ok("UADM", "target value=$12,000")
		if tg, _, _ := st.TargetsFor(ctx, "T1", f.agreement().ID, sla.Month{Year: 2026, Month: 12}); tg.ValueGoal != sla.Dollars(12_000) || !r.InChannel {
			t.Errorf("value goal %v after %q", tg.ValueGoal, r.Text)
		}
		contains(t, "target", allText(f.ok("UREP", "target")), "• Lead-value goal $12,000")
		// No leads of a valued segment yet: $0 of $12,000 (0.0 %).
		contains(t, "status", allText(f.ok("UREP", "status")), "*Lead value* $0 of $12,000 (0.0%)", "_unsegmented_ 3 MQLs")
	})
}

// TestCapacity is the guide's capacity example (docs/design.md, Rep capacity).
func TestCapacity(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		before := f.fingerprint()
		// Without deal= and close= a plan is by segment, and there are none.
		if r := f.do("UMKT", "plan quota=5000 share=100% apply"); !r.Failed || !strings.Contains(r.Text, "No segments are defined") {
			t.Errorf("a plan by segment without segments: %+v", r)
		}
		if r := f.do("UREP", "capacity reps=5"); !r.Failed || !strings.Contains(r.Text, "no MQL goal") {
			t.Errorf("capacity without a goal: %+v", r)
		}
		if r := f.do("UREP", "capacity"); !r.Failed || !strings.Contains(r.Text, "no MQL goal") {
			t.Errorf("capacity without a goal: %+v", r)
		}
		for text, want := range map[string]string{"capacity reps=0": "at least 1", "capacity minutes=x": "`minutes=x`", "capacity hours=1000": "too large", "capacity 5": "not expected"} {
			if r := f.do("UREP", text); !r.Failed || !strings.Contains(r.Text, want) {
				t.Errorf("%q: %+v, want %q", text, r, want)
			}
		}
		if f.fingerprint() != before {
			t.Error("a refused capacity wrote")
		}
		f.ok("UADM", "target mql=270") // an admin: applies at once, no sign-off
		if r := f.do("UREP", "capacity"); !r.Failed || !strings.Contains(r.Text, "No rep had a lead handed off in the last 30 days") {
			t.Errorf("capacity without reps: %+v", r)
		}
		// L = 270, 5 reps, depth 6, 10 min, 40 h: 270 ÷ 5 = 54 leads, 54 × 6 = 324
		// attempts, 324 × 10 ÷ 60 = 54 h of 40 h = 135 %; ⌊40 × 60 ÷ (54 × 10)⌋ = 4.
		contains(t, "capacity", allText(f.ok("UREP", "capacity reps=5 minutes=10 hours=40")),
			"*Leads per rep* = 270 MQLs ÷ 5 reps = *54*", "*Attempts per rep* = 54 × depth 6 = *324*",
			"= *54 h* of 40 h available", "*135.0%*", "over capacity", "⌊40 h × 60 ÷ (54 × 10 min)⌋ = *4 attempts*")
		// Two reps with hand-offs in the last 30 days: 270 ÷ 2 = 135 leads,
		// 810 attempts, 135 h of 40 h = 337.5 %; ⌊40 × 60 × 2 ÷ (270 × 10)⌋ = ⌊1.78⌋ = 1.
		f.ok("USALES", `lead handoff L-1 <@UREP> at="2026-12-11 10:00"`)
		f.ok("USALES", `lead handoff L-2 <@UREP2> at="2026-12-11 10:00"`)
		contains(t, "default reps", allText(f.ok("UREP", "capacity")),
			"270 MQLs ÷ 2 reps (who had hand-offs in the last 30 days", "= *135*", "*810*", "*337.5%*", "= *1 attempt*")
		// A plan of 100 MQLs for those 2 reps: 50 leads, 300 attempts, 50 h of
		// 40 h = 125 %: the plan's reply says so; 2400 × 2 ÷ 1000 = 4.8 → 4.
		contains(t, "plan", allText(f.ok("UMKT", "plan quota=5000 share=100% deal=100 close=50%")),
			"100 MQLs shared by 2 reps is 50 leads a rep needing 50 h of their 40 h (125.0%): *over capacity*; the hours allow 4 attempts a lead")
		// 20 MQLs fit: 10 leads, 60 attempts, 10 h of 40 h; nothing said.
		if all := allText(f.ok("UMKT", "plan quota=1000 share=100% deal=100 close=50%")); strings.Contains(all, "capacity") {
			t.Errorf("a plan within capacity mentions it:\n%s", all)
		}
	})
}

// heldOnly fails unless the database changed only by a pending change: its
// row in agreement_changes and its approval DM in the outbox (the two parts
// of the fingerprint that differ).
func (f *fixture) heldOnly(what, before string) {
	f.t.Helper()
	b, a := strings.Split(before, "|"), strings.Split(f.fingerprint(), "|")
	if len(a) != len(b) {
		f.t.Fatalf("%s: fingerprint shape changed", what)
	}
	var diff []string
	for i := range a {
		if a[i] != b[i] {
			diff = append(diff, b[i]+" → "+a[i])
		}
	}
	if len(diff) != 2 {
		f.t.Errorf("%s: %d parts of the database changed, want 2 (the change and its DM): %v", what, len(diff), diff)
	}
}

// TestSegmentSignoff: a segment, its removal, the value goal and the plan by
// segment are versioned (docs/design.md, Sign-off): an owner's change waits
// for the other owner and writes nothing else; the approval applies it with
// the guide's figures; an admin's applies at once.
func TestSegmentSignoff(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		dec := sla.Month{Year: 2026, Month: 12}
		segs := func() []sla.Segment {
			t.Helper()
			s, err := st.Segments(ctx, "T1", f.agreement().ID)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		targets := func() sla.Targets {
			t.Helper()
			tg, _, err := st.TargetsFor(ctx, "T1", f.agreement().ID, dec)
			if err != nil {
				t.Fatal(err)
			}
			return tg
		}

		// A new segment by marketing waits for sales.
		before := f.fingerprint()
		r := f.ok("UMKT", "segment set exec mix=50% deal=$5,000 close=25% value=$100")
		if !r.InChannel || len(r.Followups) != 1 || r.Followups[0].Kind != commands.FollowSignoff {
			t.Fatalf("held reply: %+v", r)
		}
		has(t, "held segment", r, "<@UMKT> proposed change #1", "when <@USALES> approves it",
			"segment *exec*: new → *mix 50% · deal $5,000 · close 25% · $100 a lead*")
		f.heldOnly("held segment", before)
		if s := segs(); len(s) != 0 {
			t.Fatalf("the held segment applied: %+v", s)
		}
		has(t, "approval", f.ok("USALES", "agreement approve 1"), "<@USALES> approved change #1 by <@UMKT>; version 2",
			"segment *exec*: new → *mix 50% · deal $5,000 · close 25% · $100 a lead*")
		f.ok("UMKT", "segment set manager mix=50% deal=1k close=10% value=40")
		f.ok("USALES", "agreement approve 2")
		if s := segs(); len(s) != 2 || s[0] != (sla.Segment{Name: "exec", Mix: sla.Percent(50), Deal: sla.Dollars(5000), Close: sla.Percent(25), Value: sla.Dollars(100)}) ||
			s[1] != (sla.Segment{Name: "manager", Mix: sla.Percent(50), Deal: sla.Dollars(1000), Close: sla.Percent(10), Value: sla.Dollars(40)}) {
			t.Fatalf("approved segments: %+v", s)
		}
		// A changed segment shows before → after.
		has(t, "changed segment", f.ok("UMKT", "segment set exec mix=50% deal=$5,000 close=25% value=$120"),
			"segment *exec*: mix 50% · deal $5,000 · close 25% · $100 a lead → *mix 50% · deal $5,000 · close 25% · $120 a lead*")
		f.ok("UMKT", "agreement withdraw 3")

		// The plan by segment by sales waits for marketing, its working in view.
		// exec L = ⌈⌈$25,000 ÷ $5,000⌉ ÷ 25 %⌉ = 20, manager ⌈⌈$25,000 ÷ $1,000⌉ ÷ 10 %⌉ = 250:
		// 20 + 250 = 270 MQLs; value 20 × $100 + 250 × $40 = $12,000.
		before = f.fingerprint()
		r = f.ok("USALES", "plan quota=100k share=50% apply")
		has(t, "held plan", r, "proposed change #4", "when <@UMKT> approves it",
			"apply the plan by segment for December 2026 (quota $100,000, share 50%): exec 20 + manager 250 = MQL goal not set → *270*, lead-value goal *$12,000*",
			"L = 20 + 250 = *270 MQLs* (30 customers)")
		f.heldOnly("held plan", before)
		if tg := targets(); tg.MQLSet || tg.ValueGoal != 0 {
			t.Fatalf("the held plan applied: %+v", tg)
		}
		// An admin changes a segment meanwhile (at once): the approval still
		// applies the plan as proposed, 270 and $12,000.
		f.ok("UADM", "segment set manager mix=50% deal=2k close=10% value=40")
		has(t, "changes", f.ok("UREP", "agreement changes"), "*Waiting (1)*", "exec 20 + manager 250 = MQL goal not set → *270*")
		has(t, "plan approval", f.ok("UMKT", "agreement approve 4"), "approved change #4 by <@USALES>", "→ *270*, lead-value goal *$12,000*")
		if tg := targets(); !tg.MQLSet || tg.MQLGoal != 270 || tg.ValueGoal != sla.Dollars(12_000) {
			t.Fatalf("targets after the approved plan: %+v", tg)
		}
		goals, err := st.SegmentGoalsFor(ctx, "T1", f.agreement().ID, dec)
		if err != nil || len(goals) != 2 || goals[0] != (sla.SegmentGoal{Segment: "exec", Goal: 20}) || goals[1] != (sla.SegmentGoal{Segment: "manager", Goal: 250}) {
			t.Fatalf("segment goals after approval: %+v, %v", goals, err)
		}

		// The value goal by marketing waits for sales: $12,000 → $15,000.
		before = f.fingerprint()
		has(t, "held value", f.ok("UMKT", "target value=$15,000"), "lead-value goal for December 2026: $12,000 → *$15,000*")
		f.heldOnly("held value", before)
		if tg := targets(); tg.ValueGoal != sla.Dollars(12_000) {
			t.Fatalf("the held value goal applied: %+v", tg)
		}
		f.ok("USALES", "agreement approve")
		if tg := targets(); tg.ValueGoal != sla.Dollars(15_000) || tg.MQLGoal != 270 {
			t.Fatalf("approved value goal: %+v", tg)
		}

		// Removing a segment by marketing waits for sales.
		before = f.fingerprint()
		has(t, "held remove", f.ok("UMKT", "segment remove manager"),
			"remove the segment *manager* (mix 50% · deal $2,000 · close 10% · $40 a lead): its leads count as unsegmented")
		f.heldOnly("held remove", before)
		if s := segs(); len(s) != 2 {
			t.Fatalf("the held removal applied: %+v", s)
		}
		f.ok("USALES", "agreement approve")
		if s := segs(); len(s) != 1 || s[0].Name != "exec" {
			t.Fatalf("after the approved removal: %+v", s)
		}
		// Version 1 as set up, +1 for each applied change: #1, #2, #4, the
		// admin's manager #5, the value #6, the removal #7 = version 7.
		has(t, "document", f.ok("UREP", "agreement"), "Version 7, change #7 by <@UMKT> approved by <@USALES>")

		// An admin's value goal and segment removal apply at once.
		f.ok("UADM", "target value=$9,000")
		if tg := targets(); tg.ValueGoal != sla.Dollars(9000) {
			t.Fatalf("admin's value goal: %+v", tg)
		}
		f.ok("UADM", "segment remove exec")
		if s := segs(); len(s) != 0 {
			t.Fatalf("admin's removal: %+v", s)
		}
		has(t, "document", f.ok("UREP", "agreement"), "Version 9, change #9 by <@UADM> applied at once")
	})
}
