package app_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestSignoffDMAndButtons: marketing's change of the December goal waits
// for the sales owner; the approval DM goes out once (even when Slack's
// answer to it is lost), Discuss tells the channel and changes nothing,
// only the sales owner's Approve applies it, once, as version 2.
func TestSignoffDMAndButtons(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		j, fs := newJobs(st)
		svc := &app.Service{Store: st}
		now := at(2026, 12, 11, 15, 0)
		dec := sla.Month{Year: 2026, Month: 12}
		items := []sla.ChangeItem{{Kind: sla.ChangeMQL, Key: dec.String(), Before: "100", After: "120"}}
		held, err := svc.Propose(ctx, a, app.Actor{User: "UMKT"}, items, now)
		if err != nil || held == nil || held.Change.WaitFor != "USALES" {
			t.Fatalf("propose: %+v, %v", held, err)
		}
		if tg, _, _ := st.TargetsFor(ctx, "T1", a.ID, dec); tg.MQLGoal != 100 {
			t.Fatalf("a held change applied: goal %d", tg.MQLGoal)
		}
		fs.lost = 1 // the DM takes effect, its answer is lost: looked up, not resent
		if err := j.SignoffDMs(ctx, now); err != nil {
			t.Fatal(err)
		}
		if err := j.Sweep(ctx, now); err != nil {
			t.Fatal(err)
		}
		dms := fs.postsTo("D-USALES")
		if len(dms) != 1 || !strings.Contains(dms[0], "<@UMKT> proposes change #") || !strings.Contains(dms[0], "MQL goal for December 2026: 100 → *120*") {
			t.Fatalf("DMs to the sales owner: %q", dms)
		}
		dm := fs.posts[len(fs.posts)-1].msg
		if got := render.ButtonIDs(dm); !reflect.DeepEqual(got, []string{render.ActionApproveChange, render.ActionDiscussChange}) {
			t.Fatalf("buttons %v", got)
		}
		id := strconv.FormatInt(held.Change.ID, 10)
		click := func(user, action string) *render.Message {
			t.Helper()
			m, err := j.Press(ctx, app.Click{TeamID: "T1", UserID: user, ChannelID: "D-USALES", MessageTS: "1.000100", ActionID: action, Value: id}, now)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		if m := click("USALES", render.ActionDiscussChange); m == nil || !strings.Contains(m.Text, "keeps waiting for you") {
			t.Fatalf("discuss: %+v", m)
		}
		if fs.count("C1", "would like to discuss change #"+id) != 1 {
			t.Fatalf("channel: %q", fs.postsTo("C1"))
		}
		// The DM keeps only Approve, so Discuss cannot be pressed twice.
		if len(fs.updates) != 1 || !reflect.DeepEqual(render.ButtonIDs(fs.updates[0].msg), []string{render.ActionApproveChange}) {
			t.Fatalf("DM after Discuss: %+v", fs.updates)
		}
		fs.updates = nil
		if m := click("UMKT", render.ActionApproveChange); m == nil || !strings.Contains(m.Text, "waits for <@USALES>'s approval") {
			t.Fatalf("marketing approving its own change: %+v", m)
		}
		if tg, _, _ := st.TargetsFor(ctx, "T1", a.ID, dec); tg.MQLGoal != 100 {
			t.Fatalf("refused approval applied: goal %d", tg.MQLGoal)
		}
		if m := click("USALES", render.ActionApproveChange); m != nil {
			t.Fatalf("approve: %+v", m)
		}
		if tg, _, _ := st.TargetsFor(ctx, "T1", a.ID, dec); tg.MQLGoal != 120 {
			t.Fatalf("approved goal %d, want 120", tg.MQLGoal)
		}
		if n := len(fs.updates); n != 1 || !strings.Contains(fs.updates[0].msg.Text, "Approved by <@USALES>") || !strings.Contains(fs.updates[0].msg.Text, "version 2 is in force") {
			t.Fatalf("DM redraw: %+v", fs.updates)
		}
		if fs.count("C1", "<@USALES> approved change #"+id) != 1 {
			t.Fatalf("channel: %q", fs.postsTo("C1"))
		}
		if m := click("USALES", render.ActionApproveChange); m == nil || !strings.Contains(m.Text, "already approved") {
			t.Fatalf("second click: %+v", m)
		}
		st2, err := svc.SignoffState(ctx, a)
		if err != nil || st2.Version != 2 || st2.Made.DecidedBy != "USALES" || len(st2.WaitOrder) != 0 {
			t.Fatalf("sign-off state %+v, %v", st2, err)
		}
		if len(fs.postsTo("D-USALES")) != 1 {
			t.Fatal("the DM went out again")
		}
	})
}

// TestSegmentedPlanSignoffDM: the plan by segment's approval DM shows the
// per-segment goals and the total, and its Approve applies them: exec
// ⌈⌈$25,000 ÷ $5,000⌉ ÷ 25 %⌉ = 20, manager ⌈⌈$25,000 ÷ $1,000⌉ ÷ 10 %⌉ = 250,
// 270 MQLs, value 20 × $100 + 250 × $40 = $12,000.
func TestSegmentedPlanSignoffDM(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		a := agreement(t, st, 100)
		j, fs := newJobs(st)
		svc := &app.Service{Store: st}
		now := at(2026, 12, 11, 15, 0)
		dec := sla.Month{Year: 2026, Month: 12}
		segs := []sla.Segment{
			{Name: "exec", Mix: sla.Percent(50), Deal: sla.Dollars(5000), Close: sla.Percent(25), Value: sla.Dollars(100)},
			{Name: "manager", Mix: sla.Percent(50), Deal: sla.Dollars(1000), Close: sla.Percent(10), Value: sla.Dollars(40)},
		}
		items := []sla.ChangeItem{{Kind: sla.ChangeSegmentedPlan, Key: dec.String(), Before: "100", After: sla.EncodeSegmentedPlan(sla.Dollars(100_000), sla.Percent(50), segs)}}
		held, err := svc.Propose(ctx, a, app.Actor{User: "USALES"}, items, now)
		if err != nil || held == nil || held.Change.WaitFor != "UMKT" {
			t.Fatalf("propose: %+v, %v", held, err)
		}
		if err := j.SignoffDMs(ctx, now); err != nil {
			t.Fatal(err)
		}
		dms := fs.postsTo("D-UMKT")
		want := "apply the plan by segment for December 2026 (quota $100,000, share 50%): exec 20 + manager 250 = MQL goal 100 → *270*, lead-value goal *$12,000*"
		if len(dms) != 1 || !strings.Contains(dms[0], want) {
			t.Fatalf("DMs to the marketing owner: %q, want %q", dms, want)
		}
		m, err := j.Press(ctx, app.Click{TeamID: "T1", UserID: "UMKT", ChannelID: "D-UMKT", MessageTS: "1.000100", ActionID: render.ActionApproveChange, Value: strconv.FormatInt(held.Change.ID, 10)}, now)
		if err != nil || m != nil {
			t.Fatalf("approve: %+v, %v", m, err)
		}
		if fs.count("C1", "exec 20 + manager 250") != 1 {
			t.Errorf("the channel's approval note: %q", fs.postsTo("C1"))
		}
		tg, _, err := st.TargetsFor(ctx, "T1", a.ID, dec)
		if err != nil || tg.MQLGoal != 270 || tg.ValueGoal != sla.Dollars(12_000) {
			t.Fatalf("targets after approval: %+v, %v", tg, err)
		}
		goals, err := st.SegmentGoalsFor(ctx, "T1", a.ID, dec)
		if err != nil || len(goals) != 2 || goals[0].Goal != 20 || goals[1].Goal != 250 {
			t.Fatalf("segment goals: %+v, %v", goals, err)
		}
	})
}
