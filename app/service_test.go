package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestBackdatedHandoffBreaches: the agreement is set up on Tuesday 1
// December; a lead handed off on Friday 27 November is recorded then. It is
// measured against the agreement's first sales targets (1 business hour),
// so it was due Friday 27 Nov 10:00 and the first scan nudges its owner.
func TestBackdatedHandoffBreaches(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		svc := &app.Service{Store: st}
		now := at(2026, 12, 1, 9, 30)
		a := sla.Agreement{TeamID: "T1", ChannelID: "C1", Name: "Smarketing", Kind: sla.KindInternal, Status: sla.StatusActive,
			TZ: "Europe/Berlin", Marketing: "UMKT", Sales: "USALES", Hours: sla.DefaultHours, StrikeLimit: 3,
			Repeat: sla.DefaultRepeat, Digest: sla.DefaultDigest, CancelAfterMisses: 3, CreatedBy: "UMKT", CreatedAt: now}
		if err := svc.Setup(ctx, &a); err != nil {
			t.Fatal(err)
		}
		ho := at(2026, 11, 27, 9, 0)
		l, err := svc.RecordLead(ctx, a, sla.Lead{Name: "Ada Lovelace", Owner: "UREP", CreatedAt: ho}, "", "UTEST", now)
		if err != nil {
			t.Fatal(err)
		}
		if want := at(2026, 11, 27, 10, 0); !l.SpeedDueAt.Equal(want) {
			t.Fatalf("speed due %v, want %v", l.SpeedDueAt, want)
		}
		tg, err := svc.LeadTargets(ctx, a, l, now)
		if err != nil {
			t.Fatal(err)
		}
		if got := sla.Evaluate(l, tg, a.Calendar(), now); len(got) != 1 || got[0].Kind != sla.SpeedBreach {
			t.Fatalf("breaches now: %+v", got)
		}
		j, fs := newJobs(st)
		s := scan(t, j, now)
		if s.Nudges != 1 || s.DMs != 1 {
			t.Fatalf("scan: %+v", s)
		}
		if dm := fs.postsTo("D-UREP"); len(dm) != 1 || !strings.Contains(dm[0], "L-1") {
			t.Fatalf("DM: %q", dm)
		}
	})
}

// TestPermissionRules: who may change an agreement and who may work a lead
// from a button, with the admin looked up only when needed.
func TestPermissionRules(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		svc := &app.Service{Store: st}
		a := agreement(t, st, 100)
		if err := st.AddAdmin(ctx, "T1", a.ID, "UADMIN", "UMKT", at(2026, 12, 1, 9, 0)); err != nil {
			t.Fatal(err)
		}
		l := sla.Lead{Owner: "UREP"}
		asked := 0
		workspaceAdmin := func(yes bool) func(context.Context) bool {
			return func(context.Context) bool { asked++; return yes }
		}
		cases := []struct {
			who          app.Actor
			change, work bool
		}{
			// the marketing owner changes the agreement but does not work sales' leads
			{app.Actor{User: "UMKT", WorkspaceAdmin: workspaceAdmin(false)}, true, false},
			{app.Actor{User: "UWS", WorkspaceAdmin: workspaceAdmin(true)}, true, true},
			{app.Actor{User: "UWS2", WorkspaceAdmin: workspaceAdmin(false)}, false, false},
			{app.Actor{User: "USALES"}, true, true},
			{app.Actor{User: "UADMIN"}, true, true},
			{app.Actor{User: "UREP"}, false, true},
			{app.Actor{User: "USTRANGER"}, false, false},
		}
		for _, c := range cases {
			if err := svc.MayChange(ctx, a, c.who); (err == nil) != c.change {
				t.Errorf("%s may change: %v", c.who.User, err)
			} else if err != nil && sla.ErrorCode(err) != sla.Forbidden {
				t.Errorf("%s: code %s", c.who.User, sla.ErrorCode(err))
			}
			if err := svc.MayWorkLead(ctx, a, l, c.who); (err == nil) != c.work {
				t.Errorf("%s may work the lead: %v", c.who.User, err)
			}
		}
		// asked twice each for UWS and UWS2 (change, then work), once for the
		// marketing owner's work; never for an owner's change
		if asked != 5 {
			t.Errorf("workspace admin asked %d times, want 5", asked)
		}
	})
}

// TestRevenueTypo: a rep typing revenue=1M for 1k on a plan with $1,000
// deals is asked to confirm with nothing written; someone else's click is
// refused; the rep's click records it once.
func TestRevenueTypo(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		svc := &app.Service{Store: st}
		a := agreement(t, st, 100)
		now := at(2026, 12, 10, 14, 0)
		res, _ := sla.ComputePlan(sla.PlanInput{Quota: sla.Dollars(100_000), Share: sla.Percent(50), Deal: sla.Dollars(1000), Close: sla.Percent(25)})
		plan := sla.SavedPlan{Month: sla.MonthOf(now, a.Location()), Input: sla.PlanInput{Quota: sla.Dollars(100_000), Share: sla.Percent(50), Deal: sla.Dollars(1000), Close: sla.Percent(25)},
			Result: res, Applied: true, CreatedBy: "UMKT", CreatedAt: now}
		if err := svc.SavePlan(ctx, a, plan); err != nil {
			t.Fatal(err)
		}
		l := handOff(t, st, a, "UREP", at(2026, 12, 10, 9, 0))
		before, _ := st.Fingerprint(ctx)
		_, err := svc.Won(ctx, a, l, sla.Dollars(1_000_000), app.Actor{User: "UREP"}, false, now, now, "")
		var rc *app.RevenueToConfirm
		if !errors.As(err, &rc) || rc.Ceiling != sla.Dollars(10_000) || rc.PlanDeal != sla.Dollars(1000) {
			t.Fatalf("unconfirmed $1M: %v", err)
		}
		if after, _ := st.Fingerprint(ctx); after != before {
			t.Fatal("an unconfirmed revenue was written")
		}
		// $10,000 is exactly ten times: recorded without asking (on another lead).
		l2 := handOff(t, st, a, "UREP", at(2026, 12, 10, 9, 0))
		if _, err := svc.Won(ctx, a, l2, sla.Dollars(10_000), app.Actor{User: "UREP"}, false, now, now, ""); err != nil {
			t.Fatalf("10× the deal: %v", err)
		}
		j, _ := newJobs(st)
		click := app.Click{TeamID: "T1", UserID: "UJO", ChannelID: "C1", MessageTS: "9.000001", ActionID: render.ActionConfirmWon,
			Value: app.ConfirmWonValue(l.ID, sla.Dollars(1_000_000), now)}
		if msg, err := j.Press(ctx, click, now); err != nil || msg == nil || !strings.Contains(msg.Text, "is <@UREP>'s lead") {
			t.Fatalf("someone else confirms: %v %+v", err, msg)
		}
		click.UserID = "UREP"
		msg, err := j.Press(ctx, click, now)
		if err != nil || msg == nil || !strings.Contains(msg.Text, "L-1 won by <@UREP> — $1,000,000") {
			t.Fatalf("the rep confirms: %v %+v", err, msg)
		}
		if got, _ := st.LeadByID(ctx, "T1", l.ID); got.Revenue != sla.Dollars(1_000_000) || got.WonAt.IsZero() {
			t.Fatalf("lead after confirming: %+v", got)
		}
		if msg, _ := j.Press(ctx, click, now); msg == nil || !strings.Contains(msg.Text, "Already done") {
			t.Fatalf("a second click: %+v", msg)
		}
	})
}
