package commands_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestRoutingCommands: the away, pool and routing commands end to end on
// the fixture (Fri 11 Dec 2026 15:00 Berlin).
func TestRoutingCommands(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		// Pool: weights 1 (UA) and 2 (UB); the first pool pick is UB
		// (currents 1 and 2), the second UA (2 and 1), the third UB (0 and 3).
		f.ok("USALES", "pool add <@UA>")
		f.ok("UADM", "pool add <@UB> weight=2 cap=20")
		var owners []string
		for _, seq := range []string{"L-1", "L-2", "L-3"} {
			r := f.ok("USALES", "lead handoff "+seq+" pool")
			if !strings.Contains(r.Text, "picked by the pool") {
				t.Fatalf("hand-off reply %q", r.Text)
			}
		}
		for seq := int64(1); seq <= 3; seq++ {
			owners = append(owners, f.lead(seq).Owner)
		}
		if got := strings.Join(owners, " "); got != "UB UA UB" {
			t.Fatalf("pool picks %q, want UB UA UB", got)
		}
		r := f.ok("UREP", "pool")
		for _, want := range []string{"<@UA> — weight 1, 1 today, no cap", "<@UB> — weight 2, 2 of 20 today", "no reassignment on breach"} {
			if !strings.Contains(r.Text, want) {
				t.Errorf("pool %q lacks %q", r.Text, want)
			}
		}
		// Routing settings, shown in the agreement.
		r = f.ok("USALES", "target reassign=2h pool-unowned=on")
		if !r.InChannel || !strings.Contains(r.Text, "no follow-up 2h after its speed breach") || !strings.Contains(r.Text, "unowned CRM leads go to the pool") {
			t.Fatalf("target reassign: %q", r.Text)
		}
		r = f.ok("USALES", "target strike-route=on")
		if !r.InChannel || !strings.Contains(r.Text, "a rep at the strike limit (3 this month) gets no new leads: they go to the pool") {
			t.Fatalf("target strike-route: %q", r.Text)
		}
		// A rep marks themself away with a cover, from Monday.
		r = f.ok("UB", "away <@UB> from=2026-12-14 to=2026-12-18 cover=<@UA>")
		if !r.InChannel || !strings.Contains(r.Text, "<@UB> is away 2026-12-14 to 2026-12-18") || !strings.Contains(r.Text, "<@UA> covers") {
			t.Fatalf("away: %q", r.Text)
		}
		doc := f.ok("UREP", "agreement")
		text := allText(doc)
		for _, want := range []string{"<@UB> away 2026-12-14 – 2026-12-18, covered by <@UA>", "moves to the pool's next rep", "at the strike limit (3 this month) gets no new leads"} {
			if !strings.Contains(text, want) {
				t.Errorf("agreement lacks %q", want)
			}
		}
		// While UB is away the pool skips UB.
		f.now = time.Date(2026, 12, 14, 10, 0, 0, 0, berlin)
		f.ok("UMKT", `lead add "Dee" at="2026-12-14 09:00"`)
		f.ok("USALES", "lead handoff L-4 pool")
		if o := f.lead(4).Owner; o != "UA" {
			t.Fatalf("with UB away the pool gave L-4 to %s", o)
		}
		// A lead recorded for UB while away goes to the cover, clocks from
		// now: Mon 14 Dec 10:00 + 1 h of business time.
		r = f.ok("UMKT", `lead add "Eve" owner=<@UB>`)
		if !strings.Contains(r.Text, "Owned by <@UA> (covering for <@UB>, who is away); first follow-up due Mon 14 Dec 11:00") {
			t.Fatalf("lead add for an away rep: %q", r.Text)
		}
		if o := f.lead(5).Owner; o != "UA" {
			t.Fatalf("L-5 went to %s, want UB's cover UA", o)
		}
		f.ok("UB", "away <@UB> off")
		if r := f.do("UB", "away <@UB> off"); !r.Failed || !strings.Contains(r.Text, "not marked away") {
			t.Fatalf("second off: %+v", r)
		}
	})
}

// TestStrikeRouteHandoff: strike limit 3 (the fixture's default), strike
// routing on, a pool of UA and UB. UB has three strikes in December (rows
// for L-1, L-2 and L-3's speed breaches, 3 ≥ 3): a hand-off of L-1 to UB
// goes to UA, the pool's only other rep, and the reply says why; a pool
// pick skips UB too; the sales owner's `force` gives L-3 to UB.
func TestStrikeRouteHandoff(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		f.ok("USALES", "pool add <@UB>")
		f.ok("USALES", "pool add <@UA>")
		f.ok("USALES", "target strike-route=on")
		a := f.agreement()
		for seq := int64(1); seq <= 3; seq++ {
			if err := st.Exec(ctx, `INSERT INTO strikes (team_id, agreement_id, month, user_id, lead_id, kind, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				"T1", a.ID, "2026-12", "UB", f.lead(seq).ID, "speed", f.now.UTC()); err != nil {
				t.Fatal(err)
			}
		}
		r := f.ok("USALES", "lead handoff L-1 <@UB>")
		if !strings.Contains(r.Text, "L-1 handed to <@UA> (picked by the pool: <@UB> is at the strike limit, 3 strikes this month)") {
			t.Fatalf("hand-off to a struck rep: %q", r.Text)
		}
		if o := f.lead(1).Owner; o != "UA" {
			t.Fatalf("L-1 went to %s, want UA", o)
		}
		f.ok("USALES", "lead handoff L-2 pool")
		if o := f.lead(2).Owner; o != "UA" {
			t.Fatalf("the pool gave L-2 to %s, want UA (UB is struck)", o)
		}
		r = f.ok("USALES", "lead handoff L-3 <@UB> force")
		if o := f.lead(3).Owner; o != "UB" || strings.Contains(r.Text, "pool") {
			t.Fatalf("forced: L-3 with %s, reply %q", o, r.Text)
		}
		// A lead recorded with UB as its owner goes the same way.
		r = f.ok("UMKT", `lead add "Eve" owner=<@UB>`)
		if !strings.Contains(r.Text, "Owned by <@UA> (picked by the pool: <@UB> is at the strike limit, 3 strikes this month); first follow-up due") {
			t.Fatalf("lead add owner= a struck rep: %q", r.Text)
		}
		// With nobody else in the pool it is refused, and nothing is written.
		f.ok("USALES", "pool remove <@UA>")
		before := f.fingerprint()
		r = f.do("UMKT", `lead add "Zed" owner=<@UB>`)
		if !r.Failed || !strings.Contains(r.Text, "<@UB> is at the strike limit (3 strikes this month)") || !strings.Contains(r.Text, "Record it without `owner=`") {
			t.Fatalf("lead add with nobody free: %+v", r)
		}
		if after := f.fingerprint(); after != before {
			t.Fatalf("a refused lead add wrote: %s → %s", before, after)
		}
	})
}

// TestRoutingRefusals: malformed or forbidden routing commands get an
// ephemeral explanation and write nothing.
func TestRoutingRefusals(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		cases := []struct{ user, text, want string }{
			{"UREP", "away <@UOTHER> from=2026-12-14 to=2026-12-18", "Only <@UOTHER> themself"},
			{"USALES", "away <@UREP> from=2026-12-18 to=2026-12-14", "ends"},
			{"USALES", "away <@UREP> from=2026-12-14", "missing `to="},
			{"USALES", "away <@UREP> from=tomorrow to=2026-12-18", "from=tomorrow"},
			{"USALES", "away <@UREP> from=2026-12-14 to=2026-12-18 cover=<@UREP>", "cannot cover for themself"},
			{"USALES", "away <@UREP> from=2026-12-01 to=2026-12-02", "over already"},
			{"USALES", "away <@UREP> off", "not marked away"},
			{"USALES", "away <@UREP> later", "not expected"},
			{"USALES", "away", "missing the rep"},
			{"UREP", "pool add <@UREP>", "Only the party owners"},
			{"USALES", "pool add <@UREP> weight=0", "at least 1"},
			{"USALES", "pool add <@UREP> weight=500", "weight=500"},
			{"USALES", "pool add <@UREP> cap=0", "at least 1 lead a day"},
			{"USALES", "pool add <@UREP> colour=blue", "unknown option"},
			{"USALES", "pool remove <@UREP>", "not in the pool"},
			{"USALES", "lead handoff L-1 pool", "no pool yet"},
			{"UREP", "target reassign=2h", "Only the party owners"},
			{"USALES", "target reassign=soon", "reassign=soon"},
			{"USALES", "target reassign=2h speed=1h", "apart from the other targets"},
			{"USALES", "target pool-unowned=maybe", "not `on` or `off`"},
			{"USALES", "target strike-route=maybe", "not `on` or `off`"},
			{"USALES", "target strike-route=on reassign=1h speed=1h", "apart from the other targets"},
			{"USALES", "lead handoff L-1 <@UREP> forcefully", "`forcefully` is not expected"},
			{"UMKT", "lead handoff L-1 <@UREP> force", "Only the sales owner"},
		}
		for _, c := range cases {
			before := f.fingerprint()
			r := f.do(c.user, c.text)
			if !r.Failed || r.InChannel {
				t.Errorf("%q: %+v, want an ephemeral failure", c.text, r)
				continue
			}
			if !strings.Contains(r.Text, c.want) {
				t.Errorf("%q: reply %q lacks %q", c.text, r.Text, c.want)
			}
			if after := f.fingerprint(); after != before {
				t.Errorf("%q failed but wrote:\n%s\n%s", c.text, before, after)
			}
		}
	})
}

type names map[string]string

func (n names) Members(context.Context) ([]commands.Member, error) {
	var out []commands.Member
	for id, name := range n {
		out = append(out, commands.Member{ID: id, Handle: strings.ToLower(name), DisplayName: name})
	}
	return out, nil
}

// TestStatusReps: Fri 11 Dec, speed target 1 h. Ann has L-1 (handed off
// 10:00, first attempt 10:30: 30 min, within) and L-2 (10:00 → 12:30:
// 2h 30m, not within): 50% within (1 of 2), median (30m + 2h30m) ÷ 2 =
// 1h 30m, both still in their 14-day window (1 + 1 attempts = 1.0 so far),
// so depth is n/a. Bob has L-3, handed off 10:00 and unworked past its
// 11:00 due: 0% (0 of 1), median n/a. Names in plain text, no mention.
func TestStatusReps(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		f.h.Users = names{"UA": "Ann", "UB": "Bob <@UX>"}
		f.ok("USALES", `lead handoff L-1 <@UA> at="2026-12-11 10:00"`)
		f.ok("USALES", `lead handoff L-2 <@UA> at="2026-12-11 10:00"`)
		f.ok("USALES", `lead handoff L-3 <@UB> at="2026-12-11 10:00"`)
		f.ok("UA", `lead attempt L-1 at="2026-12-11 10:30"`)
		f.ok("UA", `lead attempt L-2 at="2026-12-11 12:30"`)
		r := f.ok("UREP", "status reps post")
		all := allText(r)
		if !r.InChannel {
			t.Fatal("`post` should post in the channel")
		}
		for _, want := range []string{
			"*Ann* — 2 handed off · *50%* within 1h (1 of 2) · median speed 1h 30m · depth n/a (no mature lead yet); 2 in their window, 1.0 attempts so far · 0 strikes",
			"*Bob &lt;@UX&gt;* — 1 handed off · *0%* within 1h (0 of 1) · median speed n/a",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("scorecards lack %q:\n%s", want, all)
			}
		}
		if strings.Contains(all, "<@") {
			t.Errorf("a scorecard mentions someone:\n%s", all)
		}
		if r := f.do("UREP", "status reps someday"); !r.Failed {
			t.Errorf("status reps someday: %+v", r)
		}
	})
}
