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
