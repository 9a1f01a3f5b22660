package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

func pool(t *testing.T, st *storage.Store, a sla.Agreement, reps ...sla.PoolMember) {
	t.Helper()
	svc := &app.Service{Store: st}
	for i, m := range reps {
		// joined one second apart: the pool's order is the order of joining
		if err := svc.PoolAdd(ctx, a, m, "USALES", at(2026, 12, 1, 9, 0).Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
}

func away(t *testing.T, st *storage.Store, a sla.Agreement, rep, cover string, from, to sla.Date, now time.Time) int {
	t.Helper()
	span, err := sla.AwaySpan(from, to, a.Location())
	if err != nil {
		t.Fatal(err)
	}
	n, err := (&app.Service{Store: st}).SetAway(ctx, a, sla.Away{Rep: rep, Span: span, Cover: cover}, app.Actor{User: "USALES"}, now)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestScanSkipsAwayRepAndReassigns: on Mon 7 Dec (Berlin, Mon–Fri
// 09:00–17:00, speed 1 h, reassign 2 h) UAWAY is away all day and UREP is
// not. UAWAY's lead, handed off Mon 09:00, is not nudged on Monday: its
// clock starts Tue 09:00 and breaches Tue 10:00. UREP's breaches Mon 10:00
// and, still untouched at 12:00, moves to the pool's next rep: weights
// UP1=1, UP2=2 give UP2 first (currents 1, 2). The new rep's clock starts
// at the move (due 13:00); unworked 2 h after that breach (15:00) it moves
// again, to UP1, the only one left (UP2 holds it).
func TestScanSkipsAwayRepAndReassigns(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		a, err := st.UpdateAgreement(ctx, a.TeamID, a.ID, func(a *sla.Agreement) error { a.Reassign = 2 * time.Hour; return nil })
		if err != nil {
			t.Fatal(err)
		}
		pool(t, st, a, sla.PoolMember{Rep: "UP1", Weight: 1}, sla.PoolMember{Rep: "UP2", Weight: 2})
		mon := func(h, m int) time.Time { return at(2026, 12, 7, h, m) }
		away(t, st, a, "UAWAY", "", sla.Date{Year: 2026, Month: 12, Day: 7}, sla.Date{Year: 2026, Month: 12, Day: 7}, at(2026, 12, 4, 12, 0))
		la := handOff(t, st, a, "UAWAY", mon(9, 0))
		lr := handOff(t, st, a, "UREP", mon(9, 0))
		if want := at(2026, 12, 8, 10, 0); !la.SpeedDueAt.Equal(want) {
			t.Fatalf("away rep's lead due %v, want %v (the clock paused Monday)", la.SpeedDueAt, want)
		}
		j, fs := newJobs(st)
		for _, now := range []time.Time{mon(9, 45), mon(10, 0), mon(11, 0)} {
			scan(t, j, now)
		}
		if n := len(fs.postsTo("D-UAWAY")); n != 0 {
			t.Fatalf("the away rep got %d DMs: %q", n, fs.postsTo("D-UAWAY"))
		}
		if n := fs.count("D-UREP", "need"); n != 1 {
			t.Fatalf("UREP's breach DMs: %q", fs.postsTo("D-UREP"))
		}
		if s := scan(t, j, mon(11, 59)); s.Route.Moves != 0 {
			t.Fatalf("moved before reassign was due: %+v", s)
		}
		s := scan(t, j, mon(12, 0))
		if s.Route.Moves != 1 || s.Route.DMs != 1 {
			t.Fatalf("reassign at 12:00: %+v", s.Route)
		}
		moved, err := st.LeadByID(ctx, a.TeamID, lr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if moved.Owner != "UP2" || !moved.AssignedAt.Equal(mon(12, 0)) || !moved.SpeedDueAt.Equal(mon(13, 0)) || !moved.HandedOffAt.Equal(mon(9, 0)) {
			t.Fatalf("moved lead: owner %s assigned %v due %v handed off %v; want UP2, 12:00, 13:00, 09:00", moved.Owner, moved.AssignedAt, moved.SpeedDueAt, moved.HandedOffAt)
		}
		// The new rep hears of it in their nudge DM (the hand-off notice),
		// not in a DM of its own: one message, due 13:00.
		if dm := fs.postsTo("D-UP2"); len(dm) != 1 || !strings.Contains(dm[0], "New lead "+lr.ShortID()+" for you") {
			t.Fatalf("new rep's DM: %q", dm)
		}
		if blocks := strings.Join(mapValues(fs.latest("D-UP2")), "\n"); !strings.Contains(blocks, "Moved to you from another rep — your first follow-up is due") {
			t.Fatalf("new rep's DM blocks: %s", blocks)
		}
		if dm := fs.postsTo("D-UREP"); !strings.Contains(dm[len(dm)-1], "moved to <@UP2>") || !strings.Contains(dm[len(dm)-1], "strike stays with you") {
			t.Fatalf("first rep's DM: %q", dm)
		}
		hist, err := st.LeadHistory(ctx, a.TeamID, lr.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := hist[len(hist)-1]
		if last.Field != "owner" || last.Before != "UREP" || last.After != "UP2" || last.Note != "reassign" {
			t.Fatalf("history: %+v", last)
		}
		// Once per hand-off: the next scans move nothing and send nothing twice.
		posts := len(fs.posts)
		if s := scan(t, j, mon(12, 1)); s.Route.Moves != 0 || len(fs.posts) != posts {
			t.Fatalf("a second scan moved or sent again: %+v, %d posts after %d", s.Route, len(fs.posts), posts)
		}
		// The new rep is nudged afresh at 13:00; the strike stays with UREP.
		scan(t, j, mon(13, 0))
		if n := fs.count("D-UP2", "need"); n != 1 {
			t.Fatalf("UP2's breach DMs: %q", fs.postsTo("D-UP2"))
		}
		month := sla.Month{Year: 2026, Month: time.December}
		for rep, want := range map[string]int{"UREP": 1, "UP2": 0} {
			if n, err := st.StrikeCount(ctx, a.TeamID, a.ID, month, rep); err != nil || n != want {
				t.Fatalf("%s strikes %d (%v), want %d", rep, n, err, want)
			}
		}
		// Breached again and unworked 2 h later: moves again, to UP1.
		if s := scan(t, j, mon(15, 0)); s.Route.Moves != 1 {
			t.Fatalf("second reassign: %+v", s.Route)
		}
		if l, _ := st.LeadByID(ctx, a.TeamID, lr.ID); l.Owner != "UP1" {
			t.Fatalf("after the second breach the lead is %s's, want UP1", l.Owner)
		}
		// The away rep's clock runs again Tuesday: breach at 10:00, nudged then.
		scan(t, j, at(2026, 12, 8, 9, 59))
		if n := fs.count("D-UAWAY", "need"); n != 0 {
			t.Fatalf("nudged before the paused clock ran out: %q", fs.postsTo("D-UAWAY"))
		}
		// (The 09:59 scan told them of the lead with its warning; the breach
		// joins that message, redrawn in place: docs/design.md, Nudges
		// without spam.)
		scan(t, j, at(2026, 12, 8, 10, 0))
		msgs := mapValues(fs.latest("D-UAWAY"))
		if len(msgs) != 1 || !strings.Contains(msgs[0], "need") || !strings.Contains(msgs[0], "past the speed target") && !strings.Contains(msgs[0], "just missed") {
			t.Fatalf("the away rep's breach after the return: %q", msgs)
		}
	})
}

// TestPoolOneAndTwoOverNine: nine hand-offs through a pool of UA (weight 1)
// and UB (weight 2) give UA 3 and UB 6, in nginx's smooth order
// B A B B A B B A B; the state is in the database, so each pick is a new
// transaction. Then UA at cap=1 for the day is skipped.
func TestPoolOneAndTwoOverNine(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		pool(t, st, a, sla.PoolMember{Rep: "UA", Weight: 1}, sla.PoolMember{Rep: "UB", Weight: 2})
		svc := &app.Service{Store: st}
		now := at(2026, 12, 7, 10, 0)
		var seq []string
		count := map[string]int{}
		for i := range 9 {
			l, err := svc.RecordLead(ctx, a, sla.Lead{Name: "Lead", CreatedAt: now.Add(-time.Duration(i) * time.Minute)}, "", "UMKT", now)
			if err != nil {
				t.Fatal(err)
			}
			h, err := svc.HandOffPool(ctx, a, l, "USALES", now, now, "")
			if err != nil {
				t.Fatal(err)
			}
			if !h.Pool || h.Lead.HandedOffAt.IsZero() {
				t.Fatalf("hand-off %+v", h)
			}
			seq = append(seq, strings.TrimPrefix(h.Lead.Owner, "U"))
			count[h.Lead.Owner]++
		}
		if got := strings.Join(seq, " "); got != "B A B B A B B A B" {
			t.Fatalf("order %q", got)
		}
		if count["UA"] != 3 || count["UB"] != 6 {
			t.Fatalf("counts %v, want UA 3, UB 6", count)
		}
		// UA capped at 3 a day has had 3 today: the next leads all go to UB.
		if err := svc.PoolAdd(ctx, a, sla.PoolMember{Rep: "UA", Weight: 1, Cap: 3}, "USALES", now); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			l, err := svc.RecordLead(ctx, a, sla.Lead{Name: "More", CreatedAt: now.Add(time.Duration(20+i) * time.Minute)}, "", "UMKT", now.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			h, err := svc.HandOffPool(ctx, a, l, "USALES", now.Add(time.Hour), now.Add(time.Hour), "")
			if err != nil || h.Lead.Owner != "UB" {
				t.Fatalf("capped pick %d: %s, %v; want UB", i, h.Lead.Owner, err)
			}
		}
		// UB away as well: nobody is free, and the refusal writes nothing.
		away(t, st, a, "UB", "", sla.Date{Year: 2026, Month: 12, Day: 7}, sla.Date{Year: 2026, Month: 12, Day: 7}, now)
		l, err := svc.RecordLead(ctx, a, sla.Lead{Name: "Nobody", CreatedAt: now}, "", "UMKT", now)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := st.Fingerprint(ctx)
		if _, err := svc.HandOffPool(ctx, a, l, "USALES", now.Add(time.Hour), now.Add(time.Hour), ""); sla.ErrorCode(err) != sla.Conflict {
			t.Fatalf("no one free: %v", err)
		}
		if after, _ := st.Fingerprint(ctx); after != before {
			t.Fatalf("a refused pool hand-off wrote: %s → %s", before, after)
		}
	})
}

// TestAwayWithCover: UOUT, away Mon 7 – Tue 8 Dec with UCOV covering, has a
// lead handed off Fri 4 Dec 16:30 (due Mon 09:30 without the away, Wed
// 09:30 with it: 30 min Friday, then Mon and Tue away). Set on
// Friday, nothing moves yet; the Monday 09:00 scan moves it to UCOV, whose
// clock starts then (due 10:00), and tells both. A hand-off to UOUT on
// Monday goes to UCOV. Clearing the away ends it.
func TestAwayWithCover(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		l := handOff(t, st, a, "UOUT", at(2026, 12, 4, 16, 30))
		if n := away(t, st, a, "UOUT", "UCOV", sla.Date{Year: 2026, Month: 12, Day: 7}, sla.Date{Year: 2026, Month: 12, Day: 8}, at(2026, 12, 4, 16, 40)); n != 0 {
			t.Fatalf("moved %d before the away began", n)
		}
		j, fs := newJobs(st)
		s := scan(t, j, at(2026, 12, 7, 9, 0))
		if s.Route.Moves != 1 {
			t.Fatalf("cover move: %+v", s.Route)
		}
		got, _ := st.LeadByID(ctx, a.TeamID, l.ID)
		if got.Owner != "UCOV" || !got.SpeedDueAt.Equal(at(2026, 12, 7, 10, 0)) {
			t.Fatalf("covered lead: %s due %v, want UCOV due Mon 10:00", got.Owner, got.SpeedDueAt)
		}
		if fs.count("D-UCOV", "New lead "+l.ShortID()+" for you") != 1 || fs.count("D-UOUT", "covers for you") != 1 {
			t.Fatalf("DMs: cover %q, away %q", fs.postsTo("D-UCOV"), fs.postsTo("D-UOUT"))
		}
		svc := &app.Service{Store: st}
		nl, err := svc.RecordLead(ctx, a, sla.Lead{Name: "New", CreatedAt: at(2026, 12, 7, 11, 0)}, "", "UMKT", at(2026, 12, 7, 11, 0))
		if err != nil {
			t.Fatal(err)
		}
		h, err := svc.HandOff(ctx, a, nl, "UOUT", "USALES", false, at(2026, 12, 7, 11, 0), at(2026, 12, 7, 11, 0), "")
		if err != nil || h.Lead.Owner != "UCOV" || h.CoverFor != "UOUT" {
			t.Fatalf("hand-off while away: %s (cover for %q), %v", h.Lead.Owner, h.CoverFor, err)
		}
		// Only the rep, the sales owner and admins set it.
		if _, err := svc.EndAway(ctx, a, "UOUT", app.Actor{User: "USTRANGER"}, at(2026, 12, 7, 12, 0)); sla.ErrorCode(err) != sla.Forbidden {
			t.Fatalf("a stranger ended the away: %v", err)
		}
		if ok, err := svc.EndAway(ctx, a, "UOUT", app.Actor{User: "UOUT"}, at(2026, 12, 7, 12, 0)); err != nil || !ok {
			t.Fatalf("end away: %v %v", ok, err)
		}
		if ws, _ := svc.Aways(ctx, a, at(2026, 12, 7, 12, 0)); len(ws) != 1 || !ws[0].Span.To.Equal(at(2026, 12, 7, 12, 0)) {
			t.Fatalf("after off the period should end at 12:00: %+v", ws)
		}
	})
}

// TestDigestScorecards: the weekly digest of Mon 7 Dec 09:00 carries the
// reps' scorecards. UREP's lead, handed off Fri 4 Dec 10:00 and attempted
// 10:20 (20 min, within 1 h): 100% within (1 of 1), median 20m. Without a
// names directory the rep is named by id, as plain text: no mention.
func TestDigestScorecards(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		l := handOff(t, st, a, "UREP", at(2026, 12, 4, 10, 0))
		svc := &app.Service{Store: st}
		if _, err := svc.Attempt(ctx, a, l, sla.ViaCall, app.Actor{User: "UREP"}, at(2026, 12, 4, 10, 20), at(2026, 12, 4, 10, 20), ""); err != nil {
			t.Fatal(err)
		}
		j, fs := newJobs(st)
		if err := j.Digests(ctx, at(2026, 12, 7, 9, 0)); err != nil {
			t.Fatal(err)
		}
		var digest string
		for _, p := range fs.posts {
			if strings.Contains(p.msg.Text, "Weekly digest") {
				digest = p.msg.Blocks2Text()
			}
		}
		want := "*Reps*\n• *UREP* — 1 handed off · *100%* within 1h (1 of 1) · median speed 20m"
		if !strings.Contains(digest, want) {
			t.Fatalf("digest lacks %q:\n%s", want, digest)
		}
		if strings.Contains(digest[strings.Index(digest, "*Reps*"):], "<@") {
			t.Fatalf("the scorecards mention someone:\n%s", digest)
		}
	})
}

// TestHomeShowsAway: the App Home lists who is away; the away rep's own
// lead, handed off Mon 09:00 while they are away all Monday, shows no
// breach at Mon 15:00 (its clock has not started).
func TestHomeShowsAway(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		away(t, st, a, "UAWAY", "", sla.Date{Year: 2026, Month: 12, Day: 7}, sla.Date{Year: 2026, Month: 12, Day: 7}, at(2026, 12, 4, 12, 0))
		handOff(t, st, a, "UAWAY", at(2026, 12, 7, 9, 0))
		j, fs := newJobs(st)
		if err := j.Home(ctx, a.TeamID, "UAWAY", at(2026, 12, 7, 15, 0)); err != nil {
			t.Fatal(err)
		}
		if len(fs.homes) != 1 {
			t.Fatalf("%d homes published", len(fs.homes))
		}
		home := fs.homes[0].msg.Blocks2Text()
		if !strings.Contains(home, ":palm_tree: <@UAWAY> away 2026-12-07 – 2026-12-07, clocks paused") {
			t.Fatalf("home lacks the away line:\n%s", home)
		}
		if strings.Contains(home, "No follow-up yet") {
			t.Fatalf("home shows a breach for a paused lead:\n%s", home)
		}
	})
}

// TestStrikeRoute: strike limit 2 (the test agreement), strike routing on,
// a pool of UREP and UP1 (weight 1 each; on a tie the first joined wins,
// so without strike routing UREP would be picked first). Mon 7 Dec, speed
// 1 h: L1 and L2 handed to UREP at 09:00 breach at 10:00, so the 10:00
// scan strikes UREP twice: 2 ≥ 2, UREP is struck for December. L3, handed
// to UREP at 09:30 with 0 strikes, stays UREP's. At 10:05 a hand-off to
// UREP goes to UP1 with the reply saying why, a pool pick skips UREP, the
// sales owner forces one to UREP, and with UP1 away too the hand-off is
// refused and writes nothing.
func TestStrikeRoute(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		a, err := st.UpdateAgreement(ctx, a.TeamID, a.ID, func(a *sla.Agreement) error { a.StrikeRoute = true; return nil })
		if err != nil {
			t.Fatal(err)
		}
		pool(t, st, a, sla.PoolMember{Rep: "UREP", Weight: 1}, sla.PoolMember{Rep: "UP1", Weight: 1})
		svc := &app.Service{Store: st}
		mon := func(h, m int) time.Time { return at(2026, 12, 7, h, m) }
		handOff(t, st, a, "UREP", mon(9, 0))
		handOff(t, st, a, "UREP", mon(9, 0))
		fresh := func(name string, now time.Time) sla.Lead {
			t.Helper()
			l, err := svc.RecordLead(ctx, a, sla.Lead{Name: name, CreatedAt: now}, "", "UMKT", now)
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		h, err := svc.HandOff(ctx, a, fresh("L3", mon(9, 30)), "UREP", "USALES", false, mon(9, 30), mon(9, 30), "")
		if err != nil || h.Lead.Owner != "UREP" || h.Struck != "" {
			t.Fatalf("hand-off with 0 strikes: %+v, %v; want UREP", h, err)
		}
		j, _ := newJobs(st)
		scan(t, j, mon(10, 0))
		strikes, err := st.StrikesByRep(ctx, a.TeamID, a.ID, sla.Month{Year: 2026, Month: time.December})
		if err != nil || strikes["UREP"] != 2 {
			t.Fatalf("strikes %v, %v; want UREP 2 (L1 and L2)", strikes, err)
		}
		now := mon(10, 5)
		h, err = svc.HandOff(ctx, a, fresh("L4", now), "UREP", "USALES", false, now, now, "")
		if err != nil || h.Lead.Owner != "UP1" || h.Struck != "UREP" || h.Strikes != 2 || !h.Pool {
			t.Fatalf("hand-off to struck UREP: %+v, %v; want UP1 by the pool", h, err)
		}
		// A hand-off refused anyway (before the lead was created) is refused
		// before the pool turns: nothing written.
		early := fresh("L4b", now)
		before, _ := st.Fingerprint(ctx)
		if _, err := svc.HandOff(ctx, a, early, "UREP", "USALES", false, now.Add(-time.Hour), now, ""); sla.ErrorCode(err) != sla.Invalid {
			t.Fatalf("hand-off before creation: %v", err)
		}
		if after, _ := st.Fingerprint(ctx); after != before {
			t.Fatalf("a refused hand-off turned the pool: %s → %s", before, after)
		}
		h, err = svc.HandOffPool(ctx, a, fresh("L5", now), "USALES", now, now, "")
		if err != nil || h.Lead.Owner != "UP1" {
			t.Fatalf("pool pick: %+v, %v; want UP1 (UREP struck)", h, err)
		}
		if err := svc.MayForceHandOff(ctx, a, app.Actor{User: "UMKT"}); sla.ErrorCode(err) != sla.Forbidden {
			t.Fatalf("marketing forcing: %v", err)
		}
		if err := svc.MayForceHandOff(ctx, a, app.Actor{User: "USALES"}); err != nil {
			t.Fatal(err)
		}
		h, err = svc.HandOff(ctx, a, fresh("L6", now), "UREP", "USALES", true, now, now, "")
		if err != nil || h.Lead.Owner != "UREP" || h.Struck != "" {
			t.Fatalf("forced hand-off: %+v, %v; want UREP", h, err)
		}
		away(t, st, a, "UP1", "", sla.Date{Year: 2026, Month: 12, Day: 7}, sla.Date{Year: 2026, Month: 12, Day: 7}, now)
		l := fresh("L7", now)
		before, _ = st.Fingerprint(ctx)
		_, err = svc.HandOff(ctx, a, l, "UREP", "USALES", false, now, now, "")
		if sla.ErrorCode(err) != sla.Conflict || !strings.Contains(sla.ErrorMessage(err), "strike limit (2 strikes this month)") || !strings.Contains(sla.ErrorMessage(err), "force") {
			t.Fatalf("nobody free: %v", err)
		}
		if after, _ := st.Fingerprint(ctx); after != before {
			t.Fatalf("a refused hand-off wrote: %s → %s", before, after)
		}
		// Off again: UREP gets leads despite the strikes.
		a, err = st.UpdateAgreement(ctx, a.TeamID, a.ID, func(a *sla.Agreement) error { a.StrikeRoute = false; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if h, err = svc.HandOff(ctx, a, l, "UREP", "USALES", false, now, now, ""); err != nil || h.Lead.Owner != "UREP" {
			t.Fatalf("strike routing off: %+v, %v", h, err)
		}
	})
}

// TestMoveJoinsNudgeDM: a lead moved to a rep is told in the rep's nudge
// DM, not in a DM of its own. Mon 7 Dec, speed 1 h, reassign 2 h, a pool
// of UP2 alone. UREP's lead (handed off 09:00) breaches at 10:00 and moves
// at 12:00; UP2's own lead (handed off 11:00) breaches at 12:00 too. The
// 12:00 scan sends UP2 one DM with both leads (the moved one as a notice),
// and UREP one DM saying it moved: 1 route DM, not 2.
func TestMoveJoinsNudgeDM(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		a, err := st.UpdateAgreement(ctx, a.TeamID, a.ID, func(a *sla.Agreement) error { a.Reassign = 2 * time.Hour; return nil })
		if err != nil {
			t.Fatal(err)
		}
		pool(t, st, a, sla.PoolMember{Rep: "UP2", Weight: 1})
		mon := func(h, m int) time.Time { return at(2026, 12, 7, h, m) }
		moved := handOff(t, st, a, "UREP", mon(9, 0))
		own := handOff(t, st, a, "UP2", mon(11, 0))
		j, fs := newJobs(st)
		scan(t, j, mon(10, 0))
		s := scan(t, j, mon(12, 0))
		if s.Route.Moves != 1 || s.Route.DMs != 1 {
			t.Fatalf("route at 12:00: %+v, want 1 move and 1 DM (to UREP)", s.Route)
		}
		dms := fs.postsTo("D-UP2")
		if len(dms) != 1 {
			t.Fatalf("UP2 got %d DMs, want 1: %q", len(dms), dms)
		}
		text := strings.Join(mapValues(fs.latest("D-UP2")), "\n")
		for _, want := range []string{moved.ShortID(), own.ShortID(), "Moved to you from another rep", "past the speed target"} {
			if !strings.Contains(text, want) && !(want == "past the speed target" && strings.Contains(text, "just missed")) {
				t.Errorf("UP2's DM lacks %q:\n%s", want, text)
			}
		}
		if n := fs.count("D-UREP", "moved to <@UP2>"); n != 1 {
			t.Fatalf("UREP's move DMs: %q", fs.postsTo("D-UREP"))
		}
	})
}
