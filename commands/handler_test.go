package commands_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

var ctx = context.Background()

var berlin, _ = time.LoadLocation("Europe/Berlin")

// fixture is an agreement in #smarketing with a marketing owner (UMKT), a
// sales owner (USALES), an admin (UADM), a rep (UREP) and three leads.
type fixture struct {
	t   *testing.T
	st  *storage.Store
	h   *commands.Handler
	now time.Time
}

func newFixture(t *testing.T, st *storage.Store) *fixture {
	// Friday 11 December 2026, 15:00 in Berlin.
	f := &fixture{t: t, st: st, now: time.Date(2026, 12, 11, 15, 0, 0, 0, berlin)}
	f.h = &commands.Handler{App: &app.Service{Store: st}, Now: func() time.Time { return f.now }, Charts: app.Charts{Store: st}, CRM: st}
	f.ok("UMKT", `setup marketing=<@UMKT> sales=<@USALES> tz=Europe/Berlin name="Smarketing"`)
	f.ok("UMKT", "admin add <@UADM>")
	f.ok("UMKT", `lead add "Ada Lovelace" at="2026-12-11 09:00"`)
	f.ok("UMKT", `lead add bob@example.com at="2026-12-11 09:00"`)
	f.ok("UMKT", `lead add "Cy" id=crm-3 at="2026-12-11 09:00"`)
	return f
}

func (f *fixture) do(user, text string) commands.Response {
	f.t.Helper()
	return f.h.Handle(ctx, commands.Request{TeamID: "T1", UserID: user, ChannelID: "C1", ChannelName: "smarketing", Text: text})
}

func (f *fixture) ok(user, text string) commands.Response {
	f.t.Helper()
	r := f.do(user, text)
	if r.Failed {
		f.t.Fatalf("%s: /sla %s failed: %s", user, text, r.Text)
	}
	return r
}

func (f *fixture) fingerprint() string {
	f.t.Helper()
	fp, err := f.st.Fingerprint(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return fp
}

func (f *fixture) lead(seq int64) sla.Lead {
	f.t.Helper()
	l, err := f.st.LeadBySeq(ctx, "T1", seq)
	if err != nil {
		f.t.Fatal(err)
	}
	return l
}

// TestChangesNeedOwnerOrAdmin: every command that changes the agreement is
// refused to a rep (nothing written) and allowed to owners and admins.
func TestChangesNeedOwnerOrAdmin(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		changes := []string{
			`agreement set summary "We promise 100 leads a month"`,
			"plan quota=5k share=50% deal=100 close=25% apply",
			"target mql=120",
			"target speed=30m depth=5 within=10d warn=80%",
			"hours mon-fri 08:00-18:00",
			"holiday add 2026-12-24",
			`digest at "tuesday 10:00"`,
			"digest off",
			"admin add <@UREP>",
		}
		for _, text := range changes {
			before := f.fingerprint()
			r := f.do("UREP", text)
			if !r.Failed || !strings.Contains(r.Text, "Only the party owners") || r.InChannel {
				t.Errorf("rep ran %q: %+v", text, r)
			}
			if after := f.fingerprint(); after != before {
				t.Errorf("refused %q wrote:\n%s\n%s", text, before, after)
			}
		}
		for i, text := range changes {
			user := []string{"UMKT", "USALES", "UADM"}[i%3]
			f.ok(user, text)
		}
		// a workspace admin may too
		r := f.h.Handle(ctx, commands.Request{TeamID: "T1", UserID: "UBOSS", ChannelID: "C1", Text: "target mql=99",
			WorkspaceAdmin: func(context.Context) bool { return true }})
		if r.Failed {
			t.Fatalf("workspace admin refused: %s", r.Text)
		}
		// anyone records leads and reads status
		f.ok("UREP", "lead add Zed")
		f.ok("UREP", "status")
		// plan without apply only shows the numbers
		f.ok("UREP", "plan quota=5k share=50% deal=100 close=25%")
	})
}

// TestFailuresWriteNothing runs bad commands and checks the database did not change.
func TestFailuresWriteNothing(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		f.ok("USALES", `lead handoff L-1 <@UREP> at="2026-12-11 10:00"`)
		f.ok("UREP", `lead won L-2 revenue=500 at="2026-12-11 11:00"`)
		bad := map[string]string{
			"lead won L-1 revenue=abc":                       "not an amount",
			"lead won L-1":                                   "revenue",
			"lead lost L-2":                                  "was won",
			"lead attempt L-3":                               "has not been handed off",
			`lead attempt L-1 at="2026-12-11 09:30"`:         "cannot come before",
			`lead handoff L-3 <@UREP> at="2026-12-11 08:00"`: "cannot be handed off before",
			`lead contacted L-1 at="2026-12-31 10:00"`:       "in the future",
			"lead show L-77":                                 "No lead L-77",
			"lead attempt nobody@example.com":                "No lead",
			`lead add "Dup" id=crm-3`:                        "is already L-3",
			`lead add bob@example.com`:                       "is already L-2",
			"lead contacted L-2":                             "was won",
			"setup marketing=<@UMKT> sales=<@USALES>":        "already has",
			"frobnicate":                                     "unknown subcommand",
			"plan quota=0 share=50% deal=100 close=25%":      "quota",
			"target mql=-4":                                  "mql",
			"nines 100":                                      "100",
			`agreement set summary "` + strings.Repeat("x", sla.MaxSectionText+1) + `"`: "characters",
			"holiday remove 2026-01-01":      "not a holiday",
			"admin remove <@UREP>":           "not an admin",
			`lead add "x" at="next tuesday"`: "at=",
		}
		for text, want := range bad {
			before := f.fingerprint()
			user := "USALES"
			r := f.do(user, text)
			if !r.Failed {
				t.Errorf("%q did not fail: %s", text, r.Text)
				continue
			}
			if r.InChannel {
				t.Errorf("%q: a failure must be ephemeral", text)
			}
			if !strings.Contains(strings.ToLower(r.Text), strings.ToLower(want)) {
				t.Errorf("%q: reply %q lacks %q", text, r.Text, want)
			}
			if after := f.fingerprint(); after != before {
				t.Errorf("%q failed but wrote:\n%s\n%s", text, before, after)
			}
		}
	})
}

func TestOutsideAgreementChannel(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		r := f.h.Handle(ctx, commands.Request{TeamID: "T1", UserID: "UREP", ChannelID: "COTHER", Text: "lead add Ada"})
		if !r.Failed || !strings.Contains(r.Text, "no agreement") {
			t.Fatalf("outside the channel: %+v", r)
		}
		// another workspace with the same channel id sees nothing of T1
		r = f.h.Handle(ctx, commands.Request{TeamID: "T2", UserID: "UREP", ChannelID: "C1", Text: "lead show L-1"})
		if !r.Failed || !strings.Contains(r.Text, "no agreement") {
			t.Fatalf("other workspace: %+v", r)
		}
		// help and nines work anywhere
		r = f.h.Handle(ctx, commands.Request{TeamID: "T2", UserID: "U", ChannelID: "CX", Text: "help"})
		if all := allText(r); r.Failed || !strings.Contains(all, "/sla setup") {
			t.Fatalf("help: %s", all)
		}
		if r := f.h.Handle(ctx, commands.Request{TeamID: "T2", UserID: "U", ChannelID: "CX", Text: "nines 99.99"}); r.Failed {
			t.Fatalf("nines outside an agreement: %s", r.Text)
		}
	})
}

// TestLeadLifecycle checks speed in business time and the clocks a lead carries.
func TestLeadLifecycle(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		// Friday 16:30 hand-off, 1h target: due Monday 09:30 (docs/design.md, Business time); warning at 75% = 45m → Monday 09:15.
		f.now = time.Date(2026, 12, 11, 16, 45, 0, 0, berlin)
		f.ok("USALES", `lead handoff L-1 <@UREP> at="2026-12-11 16:30"`)
		l := f.lead(1)
		mon := func(h, m int) time.Time { return time.Date(2026, 12, 14, h, m, 0, 0, berlin) }
		// The rep has not been told yet: the next scan looks at it at once
		// (the hand-off instant) to send the notice.
		handoff := time.Date(2026, 12, 11, 16, 30, 0, 0, berlin)
		if !l.SpeedDueAt.Equal(mon(9, 30)) || !l.WarnAt.Equal(mon(9, 15)) || !l.NextCheckAt.Equal(handoff) {
			t.Fatalf("clocks: warn %v due %v next %v", l.WarnAt, l.SpeedDueAt, l.NextCheckAt)
		}
		// depth window: 14 days of calendar time from the hand-off
		if want := time.Date(2026, 12, 25, 16, 30, 0, 0, berlin); !l.DepthDueAt.Equal(want) {
			t.Fatalf("depth due %v, want %v", l.DepthDueAt, want)
		}
		// 24x7 hours move the open lead's clock: Friday 17:30
		f.ok("UMKT", "hours 24x7")
		if l = f.lead(1); !l.SpeedDueAt.Equal(time.Date(2026, 12, 11, 17, 30, 0, 0, berlin)) {
			t.Fatalf("after 24x7 due %v", l.SpeedDueAt)
		}
		f.ok("UMKT", "hours mon-fri 09:00-17:00")
		// Monday 09:20: 30m of business time after the hand-off (16:30–17:00 + 09:00–09:20 = 50m). Hand-computed: 30 + 20 = 50 minutes.
		f.now = mon(9, 25)
		r := f.ok("UREP", `lead attempt L-1 call at="2026-12-14 09:20"`)
		if !strings.Contains(r.Text, "50m of business time after hand-off") {
			t.Fatalf("attempt reply: %s", r.Text)
		}
		l = f.lead(1)
		if l.SpeedSecs != 50*60 || l.Attempts != 1 || !l.SpeedDueAt.IsZero() || !l.WarnAt.IsZero() {
			t.Fatalf("after the attempt: %+v", l)
		}
		if !l.NextCheckAt.Equal(l.DepthDueAt) {
			t.Fatalf("next check %v, want the depth window %v", l.NextCheckAt, l.DepthDueAt)
		}
		// contacted stops every clock
		f.ok("UREP", "lead contacted L-1")
		if l = f.lead(1); !l.NextCheckAt.IsZero() || !l.DepthDueAt.IsZero() {
			t.Fatalf("contacted lead still has clocks: %+v", l)
		}
		// reassigning keeps the hand-off time
		f.ok("USALES", `lead handoff L-2 <@UREP> at="2026-12-14 09:00"`)
		r = f.ok("USALES", "lead handoff L-2 <@UJO>")
		if !strings.Contains(r.Text, "moved from <@UREP> to <@UJO>") {
			t.Fatalf("reassign: %s", r.Text)
		}
		if l = f.lead(2); l.Owner != "UJO" || !l.HandedOffAt.Equal(mon(9, 0)) {
			t.Fatalf("reassigned lead: %+v", l)
		}
		// owner= on add is a hand-off at creation
		f.ok("UMKT", `lead add "Dee" owner=<@UREP> at="2026-12-14 09:00"`)
		if l = f.lead(4); l.Owner != "UREP" || !l.HandedOffAt.Equal(mon(9, 0)) || !l.SpeedDueAt.Equal(mon(10, 0)) {
			t.Fatalf("owner at add: %+v", l)
		}
	})
}

func TestAgreementDocument(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		// The admin's changes apply at once (docs/design.md, Sign-off).
		f.ok("UADM", `agreement set summary "Marketing sends 100 qualified leads a month & sales calls each within an hour"`)
		f.ok("UADM", `agreement set sales-needs "A weekly pipeline review"`)
		f.ok("UMKT", "holiday add 2026-12-24")
		r := f.ok("UREP", "agreement")
		all := allText(r)
		for _, want := range []string{"Smarketing — service-level agreement", "100 qualified leads a month &amp; sales",
			"*Marketing*\nowner <@UMKT>", "*Sales*\nowner <@USALES>", "A weekly pipeline review", "_not written yet_",
			"Mon–Fri 09:00–17:00 (Europe/Berlin) · holidays 2026-12-24", "<@UADM>", "Mondays at 09:00",
			"at 3 strikes in a month the sales owner is told", "review prompt after the MQL goal is missed 3 months in a row"} {
			if !strings.Contains(all, want) {
				t.Errorf("agreement lacks %q\n%s", want, all)
			}
		}
	})
}

// TestHelpShowsEveryCommand: the help message lists every usage, and no
// block is cut by Slack's 3,000-character limit.
func TestHelpShowsEveryCommand(t *testing.T) {
	st := storagetest.SQLite(t)
	h := &commands.Handler{App: &app.Service{Store: st}, Now: time.Now}
	r := h.Handle(ctx, commands.Request{TeamID: "T1", UserID: "U", ChannelID: "C", Text: "help"})
	all := allText(r)
	for _, s := range commands.Specs {
		// usages are escaped for mrkdwn inside the message
		want := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s.Usage)
		if !strings.Contains(all, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	r = h.Handle(ctx, commands.Request{TeamID: "T1", UserID: "U", ChannelID: "C", Text: "help lead add"})
	if all := allText(r); r.Failed || !strings.Contains(all, "Examples") {
		t.Fatalf("help lead add: %s", all)
	}
}

// TestSpeedInBusinessDays: `speed=1d` is one working day of the calendar,
// so a Friday 09:30 hand-off is due Monday 09:30, and the lead's breach is
// told in business days.
func TestSpeedInBusinessDays(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)               // Friday 11 December 2026, 15:00
		r := f.ok("UADM", "target speed=1d") // an admin's change applies at once
		if !strings.Contains(r.Text, "first follow-up within 1 business day after hand-off") {
			t.Fatalf("target reply: %s", r.Text)
		}
		r = f.ok("USALES", `lead handoff L-1 <@UREP> at="2026-12-11 09:30"`)
		if !strings.Contains(r.Text, "first follow-up due Mon 14 Dec 09:30") {
			t.Fatalf("hand-off reply: %s", r.Text)
		}
		if l := f.lead(1); !l.SpeedDueAt.Equal(time.Date(2026, 12, 14, 9, 30, 0, 0, berlin)) {
			t.Fatalf("due %v", l.SpeedDueAt)
		}
		// Eight working days later (Thu 24 Dec 09:30, 64 business hours past
		// the target) the lead says so in business days, not "2d 16h".
		f.now = time.Date(2026, 12, 24, 9, 30, 0, 0, berlin)
		r = f.ok("USALES", "lead show L-1")
		if all := allText(r); !strings.Contains(all, "8 business days past the speed target") {
			t.Fatalf("lead show: %s", all)
		}
	})
}

// TestLeadCorrections: the revenue typo corrected by the rep, a win reopened
// and a mistaken lead deleted by an owner, each refused (nothing written) to
// the wrong person, and all of it in the lead's history.
func TestLeadCorrections(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st) // Friday 11 December 2026, 15:00; no plan: the ceiling is $10M
		f.ok("USALES", `lead handoff L-1 <@UREP> at="2026-12-11 10:00"`)
		f.ok("UREP", `lead won L-1 revenue=1M at="2026-12-11 11:00"`)

		refuse := func(user, text, want string) {
			t.Helper()
			before := f.fingerprint()
			r := f.do(user, text)
			if !r.Failed || !strings.Contains(r.Text, want) {
				t.Errorf("%s %q: %s", user, text, r.Text)
			}
			if f.fingerprint() != before {
				t.Errorf("%s %q wrote something", user, text)
			}
		}
		// the rep may correct its own outcome, not the lead's name; others neither
		refuse("UREP", `lead edit L-1 name="Ada King"`, "Only the party owners")
		refuse("UJO", "lead edit L-1 revenue=1k", "and its rep <@UREP> for its outcome")
		refuse("UMKT", "lead edit L-2 revenue=1k", "L-2 is not won")
		refuse("UREP", "lead edit L-1", "nothing to change")
		r := f.ok("UREP", "lead edit L-1 revenue=1k")
		if !strings.Contains(r.Text, "corrected L-1: revenue $1,000,000 → $1,000") || !r.InChannel {
			t.Errorf("edit reply: %s", r.Text)
		}
		if l := f.lead(1); l.Revenue != sla.Dollars(1000) {
			t.Fatalf("revenue %v", l.Revenue)
		}
		r = f.ok("UMKT", `lead edit L-1 at="2026-12-11 12:00" segment=exec`)
		if l := f.lead(1); !l.WonAt.Equal(time.Date(2026, 12, 11, 12, 0, 0, 0, berlin)) || l.Segment != "exec" {
			t.Fatalf("won at %v segment %q: %s", l.WonAt, l.Segment, r.Text)
		}

		// reopen: owners and admins only
		refuse("UREP", "lead reopen L-1", "Only the party owners")
		refuse("UMKT", "lead reopen L-2", "neither won nor lost")
		f.ok("UADM", "lead reopen L-1")
		if l := f.lead(1); !l.WonAt.IsZero() || l.Revenue != 0 || l.SpeedDueAt.IsZero() {
			t.Fatalf("after reopen: %+v", l)
		}

		// delete: the lead stops counting and cannot be found, but its history can
		refuse("UREP", "lead delete L-3", "Only the party owners")
		before, err := st.StatusInput(ctx, f.agreement(), sla.MonthOf(f.now, berlin), f.now)
		if err != nil {
			t.Fatal(err)
		}
		f.ok("USALES", `lead delete L-3 reason="a test lead"`)
		after, _ := st.StatusInput(ctx, f.agreement(), sla.MonthOf(f.now, berlin), f.now)
		if after.Figures.Actuals.MQLs != before.Figures.Actuals.MQLs-1 {
			t.Errorf("MQLs %d → %d after deleting one", before.Figures.Actuals.MQLs, after.Figures.Actuals.MQLs)
		}
		refuse("USALES", "lead show L-3", "L-3 was deleted")
		refuse("USALES", `lead add "Cy again" id=crm-3`, "") // the external id is still taken by the kept row

		h := allText(f.ok("UREP", "lead history L-1"))
		for _, want := range []string{"recorded", "owner — → <@UREP>", "won — → Fri 11 Dec 11:00", "revenue — → $1,000,000",
			"<@UREP> · revenue $1,000,000 → $1,000", "segment — → exec", "<@UADM> · won Fri 11 Dec 12:00 CET → —"} {
			if !strings.Contains(h, want) {
				t.Errorf("history lacks %q:\n%s", want, h)
			}
		}
		if h := allText(f.ok("UREP", "lead history L-3")); !strings.Contains(h, "<@USALES> · deleted (a test lead)") {
			t.Errorf("history of the deleted lead:\n%s", h)
		}
	})
}

func (f *fixture) agreement() sla.Agreement {
	f.t.Helper()
	a, err := f.st.AgreementByChannel(ctx, "T1", "C1")
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func TestSmallReplies(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		before := f.fingerprint()
		if r := f.ok("UMKT", "admin add <@UADM>"); !strings.Contains(r.Text, "<@UADM> is already an admin") || r.InChannel {
			t.Errorf("existing admin: %s", r.Text)
		}
		if r := f.ok("UMKT", "admin add <@USALES>"); !strings.Contains(r.Text, "owns a party") {
			t.Errorf("owner as admin: %s", r.Text)
		}
		if f.fingerprint() != before {
			t.Error("adding an existing admin wrote something")
		}
		if r := f.do("UMKT", "hours mon-fri 09:00-17:00 tz=Berlin"); !r.Failed || !strings.Contains(r.Text, "did you mean `Europe/Berlin`") {
			t.Errorf("tz=Berlin: %s", r.Text)
		}
		if r := f.do("UMKT", "hours mon-fri 09:00-17:00 tz=new_york"); !strings.Contains(r.Text, "`America/New_York`") {
			t.Errorf("tz=new_york: %s", r.Text)
		}
		if r := f.ok("UREP", "nines 0.999"); !strings.Contains(allText(r), "99.9") {
			t.Errorf("nines 0.999: %s", allText(r))
		}
	})
}

func TestTargetAloneShowsTargets(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		f.ok("UADM", "target mql=120") // an admin's change applies at once
		r := f.ok("UREP", "target")
		for _, want := range []string{"Targets for December 2026", "MQL goal 120 _(set by hand)_", "first follow-up within 1h of business time after hand-off", "6 attempts within 14d"} {
			if !strings.Contains(r.Text, want) {
				t.Errorf("lacks %q: %s", want, r.Text)
			}
		}
		if r.InChannel {
			t.Error("shown to the caller only")
		}
	})
}

// TestCRMStatus: /sla crm says how to connect an agreement, then shows the
// portal, the last sync, the leads taken and the last error.
func TestCRMStatus(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		if r := f.ok("UREP", "crm"); !strings.Contains(r.Text, "not connected to HubSpot") || !strings.Contains(r.Text, "slabot hubspot connect") {
			t.Fatalf("not connected: %q", r.Text)
		}
		a, err := st.AgreementByChannel(ctx, "T1", "C1")
		if err != nil {
			t.Fatal(err)
		}
		c, err := st.ConnectHubSpot(ctx, sla.CRMConnection{TeamID: "T1", AgreementID: a.ID, Portal: 62515, ConnectedAt: f.now.Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		c.LastSyncAt, c.LastRun = f.now.Add(-10*time.Minute), "3 contacts read: inserted 3 (1 not yet qualified), updated 0, unchanged 0, rejected 0"
		c.LastError, c.LastErrAt = "HubSpot refused HUBSPOT_TOKEN (401)", f.now.Add(-5*time.Minute)
		if err := st.RecordHubSpotRun(ctx, c); err != nil {
			t.Fatal(err)
		}
		r := f.ok("UREP", "crm")
		got := r.Blocks2Text()
		for _, want := range []string{"62515", "Fri 11 Dec 14:50", "3 contacts read: inserted 3 (1 not yet qualified)", "HubSpot refused HUBSPOT_TOKEN (401)", "*Leads taken*\n0"} {
			if !strings.Contains(got, want) {
				t.Errorf("/sla crm lacks %q:\n%s", want, got)
			}
		}
		if r.InChannel {
			t.Error("/sla crm answered in channel")
		}
	})
}
