package app_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// handOff records a lead handed to owner at ho, as `/sla lead add … owner=`
// does.
func handOff(t *testing.T, st *storage.Store, a sla.Agreement, owner string, ho time.Time) sla.Lead {
	t.Helper()
	l, err := (&app.Service{Store: st}).RecordLead(ctx, a, sla.Lead{Name: "Lead " + owner, CreatedAt: ho, Owner: owner}, "", "UTEST", ho)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func scan(t *testing.T, j *app.Jobs, now time.Time) app.ScanStats {
	t.Helper()
	s, err := j.BreachScan(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBreachScan follows one lead from hand-off through warning, breach,
// repeat, an attempt and the depth window, checking every DM and strike.
func TestBreachScan(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		j, fs := newJobs(st)
		// Monday 7 Dec 2026 09:00; 1h target, warning at 45m, repeat every 4 business hours.
		mon := func(h, m int) time.Time { return at(2026, 12, 7, h, m) }
		l := handOff(t, st, a, "UREP", mon(9, 0))

		// the hand-off: the rep is told at the first scan, with when the
		// first follow-up is due (09:00 + 1h)
		s := scan(t, j, mon(9, 1))
		if s.Notices != 1 || s.Nudges != 0 || s.DMs != 1 || s.Strikes != 0 {
			t.Fatalf("hand-off notice: %+v", s)
		}
		dm := fs.postsTo("D-UREP")
		if text := fs.posts[0].msg.Blocks2Text(); len(dm) != 1 || !strings.Contains(text, "New lead L-1 for you") || !strings.Contains(text, "first follow-up due Mon 7 Dec 10:00") {
			t.Fatalf("hand-off DM: %q", text)
		}
		if s := scan(t, j, mon(9, 44)); s.Leads != 0 || len(fs.posts) != 1 {
			t.Fatalf("before the warning: %+v %d posts", s, len(fs.posts))
		}
		s = scan(t, j, mon(9, 45))
		if s.Nudges != 1 || s.DMs != 1 || s.Strikes != 0 {
			t.Fatalf("warning: %+v", s)
		}
		if dm = fs.postsTo("D-UREP"); len(dm) != 2 || !strings.Contains(dm[1], "about to miss") {
			t.Fatalf("warning DM: %q", dm)
		}
		// the DM carries the three buttons for the lead
		last := fs.posts[len(fs.posts)-1].msg
		if got := buttons(last); got != "lead_attempt,lead_contacted,lead_snooze" {
			t.Fatalf("buttons %q", got)
		}
		// running again at once sends nothing
		if s := scan(t, j, mon(9, 46)); s.Nudges != 0 {
			t.Fatalf("second scan nudged again: %+v", s)
		}
		// the breach: a new kind, a strike
		s = scan(t, j, mon(10, 0))
		if s.Nudges != 1 || s.Strikes != 1 {
			t.Fatalf("breach: %+v", s)
		}
		if dm = fs.postsTo("D-UREP"); len(dm) != 3 || !strings.Contains(dm[2], "need") {
			t.Fatalf("breach DM: %q", dm)
		}
		// nothing more until 4 business hours later (14:00), then one repeat and no new strike
		scan(t, j, mon(13, 59))
		if n := len(fs.postsTo("D-UREP")); n != 3 {
			t.Fatalf("%d DMs before the repeat is due", n)
		}
		if s = scan(t, j, mon(14, 0)); s.Nudges != 1 || s.Strikes != 0 {
			t.Fatalf("repeat: %+v", s)
		}
		// an attempt stops the speed clock: no more speed nudges
		tg := sla.DefaultTargets
		_, err := st.UpdateLead(ctx, "T1", l.ID, "", "UTEST", mon(14, 30), func(l *sla.Lead) (*sla.Attempt, error) {
			att, err := sla.RecordAttempt(l, sla.ViaCall, mon(14, 30), "UREP", a.Calendar())
			sla.SetClocks(l, tg, a.Calendar())
			return att, err
		})
		if err != nil {
			t.Fatal(err)
		}
		if s = scan(t, j, at(2026, 12, 8, 10, 0)); s.Nudges != 0 {
			t.Fatalf("after the attempt: %+v", s)
		}
		// the depth window (14 days) passes with 1 of 6 attempts: one nudge, one strike
		s = scan(t, j, at(2026, 12, 21, 9, 0))
		if s.Nudges != 1 || s.Strikes != 1 {
			t.Fatalf("depth: %+v", s)
		}
		if dm = fs.postsTo("D-UREP"); !strings.Contains(dm[len(dm)-1], "L-1") {
			t.Fatalf("depth DM: %q", dm)
		}
		// two strikes reach the limit (2): the sales owner hears once
		esc := fs.postsTo("D-USALES")
		if len(esc) != 1 || !strings.Contains(esc[0], "<@UREP> has 2 strikes in December 2026") {
			t.Fatalf("escalation: %q", esc)
		}
	})
}

func buttons(m render.Message) string { return strings.Join(render.ButtonIDs(m), ",") }

// TestNudgesGroupedAndRetried: several leads of one owner go out as one DM;
// a DM that fails is sent at the next scan, not lost.
func TestNudgesGroupedAndRetried(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		j, fs := newJobs(st)
		ho := at(2026, 12, 7, 9, 0)
		handOff(t, st, a, "UREP", ho)
		handOff(t, st, a, "UREP", ho)
		handOff(t, st, a, "UJO", ho)
		fs.fail = 4 // every try of the first DM
		s, err := j.BreachScan(ctx, at(2026, 12, 7, 10, 0))
		var missing *app.Missing
		if s.Failed != 1 || s.DMs != 1 || !errors.As(err, &missing) || len(missing.Parts) != 1 || !strings.Contains(err.Error(), "DM to UREP") {
			t.Fatalf("one DM fails, one goes: %+v, %v", s, err)
		}
		// the next scan sends what the last one left, and nothing else twice
		s = scan(t, j, at(2026, 12, 7, 10, 2))
		if s.DMs != 1 || s.Failed != 0 || s.Nudges != 0 {
			t.Fatalf("retry: %+v", s)
		}
		// each owner got exactly one DM listing their leads
		for owner, leads := range map[string]int{"UREP": 2, "UJO": 1} {
			dms := fs.postsTo("D-" + owner)
			if len(dms) != 1 {
				t.Fatalf("%s got %d DMs", owner, len(dms))
			}
			if got := strings.Count(dms[0], "L-"); got != leads {
				t.Fatalf("%s's DM lists %d leads, want %d: %s", owner, got, leads, dms[0])
			}
		}
	})
}

// TestNudgeOutsideHours: a breach due at night waits for 09:00.
func TestNudgeOutsideHours(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		j, fs := newJobs(st)
		// Friday 16:30 hand-off: warning Monday 09:15, breach 09:30; nothing at the weekend
		handOff(t, st, a, "UREP", at(2026, 12, 11, 16, 30))
		// (the hand-off notice too: no scan ran before 17:00 closed the day,
		// so the rep hears of the lead Monday 09:00)
		for _, now := range []time.Time{at(2026, 12, 11, 17, 5), at(2026, 12, 11, 23, 0), at(2026, 12, 12, 12, 0), at(2026, 12, 14, 8, 59)} {
			if s := scan(t, j, now); s.Nudges != 0 || s.Notices != 0 || len(fs.posts) != 0 {
				t.Fatalf("DMed at %v: %+v", now, s)
			}
		}
		if s := scan(t, j, at(2026, 12, 14, 9, 0)); s.Notices != 1 || s.Nudges != 0 {
			t.Fatalf("notice Monday 09:00: %+v", s)
		}
		if s := scan(t, j, at(2026, 12, 14, 9, 14)); s.Nudges != 0 {
			t.Fatalf("nudged at 09:14: %+v", s)
		}
		if s := scan(t, j, at(2026, 12, 14, 9, 15)); s.Nudges != 1 {
			t.Fatalf("warning Monday 09:15: %+v", s)
		}
		if n := len(fs.postsTo("D-UREP")); n != 2 {
			t.Fatalf("%d DMs, want the notice and the warning", n)
		}
	})
}

// TestPress: the buttons record exactly what the commands record, once.
func TestPress(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		j, fs := newJobs(st)
		l := handOff(t, st, a, "UREP", at(2026, 12, 7, 9, 0))
		now := at(2026, 12, 7, 10, 5)
		scan(t, j, now)
		click := app.Click{TeamID: "T1", UserID: "UREP", ChannelID: "D-UREP", MessageTS: "2.000100",
			ActionID: render.ActionAttempt, Value: strconv.FormatInt(l.ID, 10), LeadIDs: []int64{l.ID}}
		// someone else is refused politely and nothing changes
		other := click
		other.UserID = "UJO"
		msg, err := j.Press(ctx, other, now)
		if err != nil || msg == nil || !strings.Contains(msg.Text, "L-1 is <@UREP>'s lead: only they, the sales owner (<@USALES>)") {
			t.Fatalf("other user: %v %+v", err, msg)
		}
		if got, _ := st.LeadByID(ctx, "T1", l.ID); got.Attempts != 0 {
			t.Fatal("a refused click recorded an attempt")
		}
		// the owner's click records one attempt with its speed (65m of business time) and redraws the DM
		if msg, err := j.Press(ctx, click, now); err != nil || msg != nil {
			t.Fatalf("press: %v %+v", err, msg)
		}
		got, _ := st.LeadByID(ctx, "T1", l.ID)
		if got.Attempts != 1 || got.SpeedSecs != 65*60 || !got.SpeedDueAt.IsZero() {
			t.Fatalf("after the click: %+v", got)
		}
		if len(fs.updates) != 1 || !strings.Contains(fs.updates[0].msg.Blocks2Text(), "Attempt 1 logged by <@UREP>") {
			t.Fatalf("DM not redrawn: %+v", fs.updates)
		}
		// a double click records nothing more
		msg, err = j.Press(ctx, click, now.Add(time.Second))
		if err != nil || msg == nil || !strings.Contains(msg.Text, "Already done") {
			t.Fatalf("double click: %v %+v", err, msg)
		}
		if got, _ := st.LeadByID(ctx, "T1", l.ID); got.Attempts != 1 {
			t.Fatalf("double click recorded %d attempts", got.Attempts)
		}
		atts, _ := st.Attempts(ctx, "T1", l.ID)
		if len(atts) != 1 || atts[0].By != "UREP" {
			t.Fatalf("attempt rows %+v", atts)
		}
		// snooze delays the next look by an hour
		snooze := click
		snooze.ActionID, snooze.MessageTS = render.ActionSnooze, "3.000100"
		if _, err := j.Press(ctx, snooze, now); err != nil {
			t.Fatal(err)
		}
		got, _ = st.LeadByID(ctx, "T1", l.ID)
		if !got.SnoozedUntil.Equal(now.Add(time.Hour)) || got.NextCheckAt.Before(now.Add(time.Hour)) {
			t.Fatalf("snooze: until %v next %v", got.SnoozedUntil, got.NextCheckAt)
		}
		// the redrawn DM says so and keeps the lead workable from it
		up := fs.updates[len(fs.updates)-1].msg
		if !strings.Contains(up.Blocks2Text(), "Snoozed by <@UREP> until") || buttons(up) != "lead_attempt,lead_contacted" {
			t.Fatalf("after snooze: buttons %q in %s", buttons(up), up.Blocks2Text())
		}
	})
}

// latest is each message of channel as it reads now: as posted, or as last
// updated.
func (f *fakeSlack) latest(channel string) map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for _, p := range f.posts {
		if p.channel == channel {
			out[p.ts] = p.msg.Blocks2Text()
		}
	}
	for _, u := range f.updates {
		if _, ok := out[u.ts]; ok && u.channel == channel {
			out[u.ts] = u.msg.Blocks2Text()
		}
	}
	return out
}

// TestNudgesWithoutSpam is a busy rep's business day: twelve leads handed
// to them every 30 minutes from 09:00 (the last at 14:30), a breach scan
// every 10 minutes until 17:00, the agreement's default rules (group 15m,
// cap 6). Without the rules the rep would get a notice, a warning and a
// breach per lead: 36 DMs, and the repeats on top. With them: at most 6 new
// messages; every lead is named in one of them; every breach is a strike.
func TestNudgesWithoutSpam(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		a, err := (&app.Service{Store: st}).SetNudgeRules(ctx, a, nil, ptr(sla.DefaultGroup), ptr(sla.DefaultCap))
		if err != nil {
			t.Fatal(err)
		}
		j, fs := newJobs(st)
		day := func(h, m int) time.Time { return at(2026, 12, 10, h, m) } // Thursday
		var leads []sla.Lead
		for now := day(9, 0); !now.After(day(17, 0)); now = now.Add(10 * time.Minute) {
			if len(leads) < 12 && !now.Before(day(9, 0).Add(time.Duration(len(leads))*30*time.Minute)) {
				leads = append(leads, handOff(t, st, a, "UREP", now))
			}
			scan(t, j, now)
		}
		dms := fs.postsTo("D-UREP")
		if len(dms) > 6 {
			t.Fatalf("%d new DMs, want at most 6:\n%s", len(dms), strings.Join(dms, "\n"))
		}
		all := strings.Join(mapValues(fs.latest("D-UREP")), "\n")
		for _, l := range leads {
			if !strings.Contains(all, "*"+l.ShortID()+"*") && !strings.Contains(all, l.ShortID()+",") && !strings.Contains(all, l.ShortID()+" —") {
				t.Fatalf("%s is in none of the rep's messages:\n%s", l.ShortID(), all)
			}
		}
		// Speed target 1h with nobody answering: each lead breached (12
		// strikes; the 2-strike limit escalates once this month).
		n, err := st.StrikeCount(ctx, "T1", a.ID, sla.Month{Year: 2026, Month: time.December}, "UREP")
		if err != nil || n != 12 {
			t.Fatalf("strikes %d (%v), want 12", n, err)
		}
		if len(fs.updates) == 0 {
			t.Fatal("past the cap the latest message should have been updated in place")
		}
		t.Logf("%d new DMs, %d updates in place", len(dms), len(fs.updates))
	})
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// TestPressKeepsNotices: a DM announcing two new leads, redrawn after Log
// attempt on one, still announces the other with its buttons.
func TestPressKeepsNotices(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		j, fs := newJobs(st)
		// Monday 09:00 and 09:05 hand-offs, 1 h target: due 10:00 and 10:05.
		l1 := handOff(t, st, a, "UREP", at(2026, 12, 7, 9, 0))
		l2 := handOff(t, st, a, "UREP", at(2026, 12, 7, 9, 5))
		now := at(2026, 12, 7, 9, 6)
		if s := scan(t, j, now); s.Notices != 2 {
			t.Fatalf("scan at 09:06: %+v", s)
		}
		dms := fs.postsTo("D-UREP")
		if len(dms) != 1 || !strings.Contains(dms[0], "2 new leads for you") {
			t.Fatalf("the notices: %q", dms)
		}
		click := app.Click{TeamID: "T1", UserID: "UREP", ChannelID: "D-UREP", MessageTS: fs.posts[len(fs.posts)-1].ts,
			ActionID: render.ActionAttempt, Value: strconv.FormatInt(l1.ID, 10), LeadIDs: []int64{l1.ID, l2.ID}}
		if msg, err := j.Press(ctx, click, now.Add(time.Minute)); err != nil || msg != nil {
			t.Fatalf("press: %v %+v", err, msg)
		}
		up := fs.updates[len(fs.updates)-1].msg
		text := up.Text + "\n" + up.Blocks2Text()
		for _, want := range []string{"New lead L-2 for you", "Attempt 1 logged by <@UREP>", "first follow-up due Mon 7 Dec 10:05"} {
			if !strings.Contains(text, want) {
				t.Errorf("redrawn DM lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "No longer overdue") {
			t.Errorf("L-2 was never overdue:\n%s", text)
		}
		if got := buttons(up); got != "lead_attempt,lead_contacted,lead_snooze" {
			t.Errorf("buttons %q: L-2 keeps its own, L-1 none", got)
		}
	})
}
