package commands_test

import (
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

func (f *fixture) targets() sla.Targets {
	f.t.Helper()
	a, err := f.st.AgreementByChannel(ctx, "T1", "C1")
	if err != nil {
		f.t.Fatal(err)
	}
	tg, _, err := f.st.TargetsFor(ctx, "T1", a.ID, sla.Month{Year: 2026, Month: 12})
	if err != nil {
		f.t.Fatal(err)
	}
	return tg
}

func has(t *testing.T, what string, r commands.Response, wants ...string) {
	t.Helper()
	all := allText(r)
	for _, w := range wants {
		if !strings.Contains(all, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, all)
		}
	}
}

// TestSignoff: an owner's change waits for the other owner, status and the
// document say so, the approval applies it as a new version; an admin's
// change applies at once; refusals write nothing.
func TestSignoff(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st) // Friday 11 December 2026, 15:00 Berlin
		r := f.ok("UMKT", "target mql=120")
		if !r.InChannel || len(r.Followups) != 1 || r.Followups[0].Kind != commands.FollowSignoff {
			t.Fatalf("held reply: %+v", r)
		}
		has(t, "held reply", r, "<@UMKT> proposed change #1", "when <@USALES> approves it", "MQL goal for December 2026: not set → *120*")
		if tg := f.targets(); tg.MQLSet {
			t.Fatalf("the held goal applied: %+v", tg)
		}
		has(t, "status", f.ok("UREP", "status"), "Agreement version 1 · 1 change waiting for <@USALES>")
		has(t, "document", f.ok("UREP", "agreement"), "Version 1, as set up by <@UMKT>", "1 change waiting for <@USALES>")

		// Nobody but the sales owner approves it; nothing is written.
		for user, want := range map[string]string{"UMKT": "only they can approve it", "UREP": "only they can approve it", "UADM": "only they can approve it"} {
			before := f.fingerprint()
			r := f.do(user, "agreement approve 1")
			if !r.Failed || !strings.Contains(r.Text, want) {
				t.Errorf("%s approving: %+v", user, r)
			}
			if f.fingerprint() != before {
				t.Errorf("%s's refused approval wrote", user)
			}
		}
		for text, want := range map[string]string{
			"agreement approve 9":   "No change #9",
			"agreement approve x":   "is not a change number",
			"agreement withdraw":    "missing the change",
			"agreement approval":    "missing on or off",
			"agreement approval up": "is not on or off",
		} {
			before := f.fingerprint()
			if r := f.do("USALES", text); !r.Failed || !strings.Contains(r.Text, want) {
				t.Errorf("%q: %+v", text, r)
			}
			if f.fingerprint() != before {
				t.Errorf("refused %q wrote", text)
			}
		}

		r = f.ok("USALES", "agreement approve")
		has(t, "approval", r, "<@USALES> approved change #1 by <@UMKT>; version 2 of the agreement is in force")
		if tg := f.targets(); !tg.MQLSet || tg.MQLGoal != 120 {
			t.Fatalf("approved goal: %+v", tg)
		}
		has(t, "document", f.ok("UREP", "agreement"), "Version 2, change #1 by <@UMKT> approved by <@USALES> on Fri 11 Dec 15:00 CET", "MQL goal for December 2026: *120*")
		if r := f.do("USALES", "agreement approve 1"); !r.Failed || !strings.Contains(r.Text, "already approved") {
			t.Fatalf("second approval: %+v", r)
		}

		// The sales owner's own changes wait for marketing: a section, the
		// sales targets and a plan.
		f.ok("USALES", `agreement set sales-goal "Every lead called within the hour"`)
		f.ok("USALES", "target speed=30m depth=5")
		f.ok("USALES", "plan quota=5000 share=100% deal=100 close=50% apply")
		has(t, "status", f.ok("UREP", "status"), "Agreement version 2 · 3 changes waiting for <@UMKT>")
		if tg := f.targets(); tg.Speed != time.Hour || tg.Depth != 6 || tg.MQLGoal != 120 {
			t.Fatalf("held sales targets applied: %+v", tg)
		}
		has(t, "changes", f.ok("UREP", "agreement changes"), "*Waiting (3)*",
			"*sales-goal*: “Every lead called within the hour”",
			"speed target: 1h of business time → *30m of business time*", "depth target: 6 → *5* attempts",
			"apply the plan for December 2026 (quota $5,000, share 100%, deal $100, close 50%): MQL goal 120 → *100*",
			"*Past*", "Approved by <@USALES>")
		f.ok("USALES", "agreement withdraw 3") // the proposer takes back the targets
		if r := f.do("UMKT", "agreement approve 3"); !r.Failed || !strings.Contains(r.Text, "withdrawn by <@USALES>") {
			t.Fatalf("approving a withdrawn change: %+v", r)
		}
		r = f.ok("UMKT", "agreement approve") // #2 then #4, oldest first
		has(t, "approvals", r, "approved change #2", "version 3", "approved change #4", "version 4")
		if tg := f.targets(); tg.Speed != time.Hour || tg.MQLGoal != 100 {
			t.Fatalf("after approval: %+v (the withdrawn speed stays 1h; the plan sets 100)", tg)
		}
		has(t, "target", f.ok("UREP", "target"), "MQL goal 100 _(from the plan)_")

		// An admin's change applies at once.
		f.ok("UADM", "target mql=90")
		if tg := f.targets(); tg.MQLGoal != 90 {
			t.Fatalf("admin's goal: %+v", tg)
		}
		has(t, "document", f.ok("UREP", "agreement"), "Version 5, change #5 by <@UADM> applied at once")

		// Approval off needs both owners.
		before := f.fingerprint()
		if r := f.do("UADM", "agreement approval off"); !r.Failed || !strings.Contains(r.Text, "needs both owners") {
			t.Fatalf("admin turning approval off: %+v", r)
		}
		if f.fingerprint() != before {
			t.Fatal("refused approval off wrote")
		}
		has(t, "approval off", f.ok("UMKT", "agreement approval off"), "turn approval *off*", "when <@USALES> approves it")
		f.ok("USALES", "agreement approve")
		f.ok("UMKT", "target mql=130") // at once now
		if tg := f.targets(); tg.MQLGoal != 130 {
			t.Fatalf("with approval off: %+v", tg)
		}
		has(t, "document", f.ok("UREP", "agreement"), "approval off: an owner's change applies at once")
		has(t, "approval on", f.ok("USALES", "agreement approval on"), "turned approval back on (version 8)")
		f.ok("UMKT", "target mql=140")
		if tg := f.targets(); tg.MQLGoal != 130 {
			t.Fatalf("approval back on, marketing's goal applied at once: %+v", tg)
		}
	})
}
