package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestEndToEndForms opens each form with its command typed alone, submits
// bad values (answered on the field, nothing written) and then good ones
// (the command's own answer), on both databases, through the emulator.
func TestEndToEndForms(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, berlin)
		w := startTestWorld(t, dsn, now)
		const ch = "C0SMARKETING"

		open := func(user, text, title string) slackemu.Modal {
			t.Helper()
			ms, _, err := w.Command(ctx, user, ch, text)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 0 {
				t.Errorf("/sla %s: a form opens without a message, got %q", text, ms[0].AllText())
			}
			m, ok := w.Emu.OpenModal(user)
			if !ok || m.Title != title {
				t.Fatalf("/sla %s: modal %q open=%v, want %q", text, m.Title, ok, title)
			}
			meta, err := render.DecodeFormMeta(m.PrivateMetadata)
			if err != nil || meta.Channel != ch {
				t.Errorf("private_metadata %q: the channel must be carried (%v)", m.PrivateMetadata, err)
			}
			return m
		}
		submit := func(user string, values map[string]string) (slackemu.SubmitResult, []slackemu.Message) {
			t.Helper()
			res, ms, err := w.Submit(ctx, user, values)
			if err != nil {
				t.Fatal(err)
			}
			if res.Problem != "" {
				t.Fatalf("Slack would not take the ack: %s", res.Problem)
			}
			return res, ms
		}

		// Setup: a name with double quotes is refused on its field; no agreement.
		open("U0KENDRA", "setup", "Set up the SLA")
		res, ms := submit("U0KENDRA", map[string]string{"f-marketing": "U0KENDRA", "f-sales": "U0SAM", "f-tz": "Europe/Berlin", "f-name": `The "best" SLA`})
		if res.Action != "errors" || !strings.Contains(res.Errors["f-name"], "double quotes") || len(ms) != 0 {
			t.Fatalf("bad name: action %q errors %v messages %d", res.Action, res.Errors, len(ms))
		}
		if _, err := w.Store.AgreementByChannel(ctx, demo.TeamID, ch); sla.ErrorCode(err) != sla.NotFound {
			t.Fatalf("a refused form wrote an agreement (err %v)", err)
		}
		if m, ok := w.Emu.OpenModal("U0KENDRA"); !ok || m.Errors["f-name"] == "" {
			t.Error("the modal stays open with the error under the field")
		}
		res, ms = submit("U0KENDRA", map[string]string{"f-name": "Smarketing"})
		if res.Action != "" || len(ms) != 1 || ms[0].Kind != slackemu.Post {
			t.Fatalf("setup: action %q, %d messages", res.Action, len(ms))
		}
		mustContain(t, "setup by form", ms[0], "Smarketing", "<@U0KENDRA>", "<@U0SAM>", "Europe/Berlin")
		if _, ok := w.Emu.OpenModal("U0KENDRA"); ok {
			t.Error("a form accepted closes")
		}
		a, err := w.Store.AgreementByChannel(ctx, demo.TeamID, ch)
		if err != nil || a.TZ != "Europe/Berlin" || a.Marketing != "U0KENDRA" || a.Sales != "U0SAM" {
			t.Fatalf("agreement %+v, %v", a, err)
		}
		// A second setup form is refused as the command is: the channel has one.
		ms, _, _ = w.Command(ctx, "U0KENDRA", ch, "setup")
		if len(ms) != 1 || !strings.Contains(ms[0].AllText(), "already has") {
			t.Errorf("setup again: %v", ms)
		}

		// Plan: R, C and L appear as the figures are typed.
		open("U0SAM", "plan", "Plan the month")
		for _, in := range [][2]string{{"f-quota", "$250k"}, {"f-share", "40%"}, {"f-deal", "$2,500"}} {
			if err := w.Type(ctx, "U0SAM", in[0], in[1]); err != nil {
				t.Fatal(err)
			}
		}
		m, _ := w.Emu.OpenModal("U0SAM")
		if !strings.Contains(blocksText(m), "Still needed: lead-to-customer close rate.") {
			t.Errorf("plan preview with three figures:\n%s", blocksText(m))
		}
		if err := w.Type(ctx, "U0SAM", "f-close", "25%"); err != nil {
			t.Fatal(err)
		}
		// R = $250,000 × 40% = $100,000; C = ⌈100,000 ÷ 2,500⌉ = 40;
		// L = ⌈40 ÷ 0.25⌉ = 160.
		m, _ = w.Emu.OpenModal("U0SAM")
		for _, want := range []string{"R = $250,000 × 40% = *$100,000*", "C = ⌈$100,000 ÷ $2,500⌉ = *40* customers", "L = ⌈40 ÷ 25%⌉ = *160 MQLs*"} {
			if !strings.Contains(blocksText(m), want) {
				t.Errorf("plan preview lacks %q:\n%s", want, blocksText(m))
			}
		}
		res, ms = submit("U0SAM", map[string]string{"f-deal": "lots"})
		if res.Action != "errors" || res.Errors["f-deal"] == "" || len(ms) != 0 {
			t.Fatalf("bad deal: %q %v %d", res.Action, res.Errors, len(ms))
		}
		res, ms = submit("U0SAM", map[string]string{"f-deal": "$2,500", "f-then": "apply"})
		if res.Action != "" || len(ms) == 0 {
			t.Fatalf("plan apply: %q, %d messages", res.Action, len(ms))
		}
		// Sam owns sales: his plan waits for Kendra's sign-off, as the
		// command's would (docs/design.md, Sign-off).
		mustContain(t, "plan by form", ms[0], "proposed change #1", "MQL goal not set → *160*", "L = ⌈C ÷ close rate⌉ = ⌈40 ÷ 25%⌉ = *160 MQLs*")
		if len(ms) != 2 || ms[1].DMUser != "U0KENDRA" || len(ms[1].Buttons()) != 2 {
			t.Fatalf("plan by form: want the reply and Kendra's sign-off DM:\n%s", describe(ms))
		}

		// Lead: recorded with its owner, as `/sla lead add` does.
		open("U0KENDRA", "lead add", "Record a lead")
		res, ms = submit("U0KENDRA", map[string]string{"f-name": "Ada Lovelace", "f-email": "ada@example.com", "f-owner": "U0RILEY"})
		if len(ms) == 0 {
			t.Fatal("lead add by form: no answer")
		}
		mustContain(t, "lead by form", ms[0], "L-1", "Ada Lovelace")
		// A redelivered submission records nothing twice.
		if err := w.Emu.Redeliver(res.EnvelopeID); err != nil {
			t.Fatal(err)
		}
		if err := w.Emu.WaitAcks(ctx, res.EnvelopeID, 2); err != nil {
			t.Fatal(err)
		}
		ms, _, _ = w.Command(ctx, "U0KENDRA", ch, "leads")
		if len(ms) != 1 || strings.Count(ms[0].AllText(), "Ada Lovelace") != 1 {
			t.Fatalf("after a redelivered form: %v", ms)
		}
		// The same email again is refused with the command's message, in the channel.
		open("U0KENDRA", "lead add", "Record a lead")
		_, ms = submit("U0KENDRA", map[string]string{"f-name": "ada@example.com"})
		if len(ms) != 1 || !isEphemeral(ms[0]) || !strings.Contains(ms[0].AllText(), "L-1") {
			t.Errorf("duplicate lead by form: %v", ms)
		}

		// When views.open fails (the trigger expired), the usage answers instead.
		w.Emu.FailNext("views.open", 1, "expired_trigger_id")
		ms, _, _ = w.Command(ctx, "U0KENDRA", ch, "lead add")
		if len(ms) != 1 || !isEphemeral(ms[0]) || !strings.Contains(ms[0].AllText(), "/sla lead add") {
			t.Errorf("lead add without a modal: %v", ms)
		}
		if _, ok := w.Emu.OpenModal("U0KENDRA"); ok {
			t.Error("no modal after a failed views.open")
		}

		// Target: a rep only sees the targets; an owner gets the form, pre-filled.
		ms, _, _ = w.Command(ctx, "U0RILEY", ch, "target")
		if _, ok := w.Emu.OpenModal("U0RILEY"); ok || len(ms) != 1 || !strings.Contains(ms[0].AllText(), "Targets for December 2026") {
			t.Errorf("a rep's /sla target: modal or %v", ms)
		}
		open("U0SAM", "target", "Targets")
		res, ms = submit("U0SAM", map[string]string{"f-speed": "soon"})
		if res.Action != "errors" || len(ms) != 0 {
			t.Fatalf("speed=soon: %q %v", res.Action, res.Errors)
		}
		_, ms = submit("U0SAM", map[string]string{"f-speed": "30m", "f-warn": "80%", "f-mql": "200"})
		// Two changes, as the two commands would make: each waits for
		// Kendra's sign-off, each with its reply and its DM to her.
		var replies, dms []slackemu.Message
		for _, m := range ms {
			if m.DMUser == "U0KENDRA" {
				dms = append(dms, m)
			} else {
				replies = append(replies, m)
			}
		}
		if len(replies) != 2 || len(dms) != 2 {
			t.Fatalf("target by form: want two proposals and two sign-off DMs:\n%s", describe(ms))
		}
		mustContain(t, "target mql by form", replies[0], "proposed change", "*200*")
		mustContain(t, "target sales by form", replies[1], "proposed change", "30m", "80%")
	})
}

// blocksText is a view's blocks as text, for assertions.
func blocksText(m slackemu.Modal) string {
	return slackemu.Message{Blocks: m.Blocks, Decoded: m.Decoded}.AllText()
}

// TestEndToEndHomeForms: the App Home's buttons open the forms (owners get
// the plan and targets too), list the rep's open leads with Log attempt and
// Mark contacted, and the Home is redrawn after each action.
func TestEndToEndHomeForms(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, berlin)
		w := startTestWorld(t, dsn, now)
		const ch = "C0SMARKETING"
		if _, _, err := w.Command(ctx, "U0KENDRA", ch, `setup marketing=<@U0KENDRA> sales=<@U0SAM> tz=Europe/Berlin name="Smarketing"`); err != nil {
			t.Fatal(err)
		}
		buttons := func(v slackemu.View) string {
			var ids []string
			for _, b := range (slackemu.Message{Decoded: v.Decoded}).Buttons() {
				ids = append(ids, b.ActionID)
			}
			return strings.Join(ids, " ")
		}
		sam, err := w.Home(ctx, "U0SAM")
		if err != nil {
			t.Fatal(err)
		}
		if got := buttons(sam); got != "open-form-lead open-form-plan open-form-target" {
			t.Errorf("the sales owner's Home buttons: %q", got)
		}
		// Plan the month on the owner's Home opens the plan form for the channel.
		if _, err := w.ClickHome(ctx, "U0SAM", "open-form-plan", ch); err != nil {
			t.Fatal(err)
		}
		if m, ok := w.Emu.OpenModal("U0SAM"); !ok || m.Title != "Plan the month" || !strings.Contains(m.PrivateMetadata, ch) {
			t.Errorf("Plan the month opened %q (%v) %s", m.Title, ok, m.PrivateMetadata)
		}
		riley, err := w.Home(ctx, "U0RILEY")
		if err != nil {
			t.Fatal(err)
		}
		if got := buttons(riley); got != "open-form-lead" {
			t.Errorf("a rep's Home buttons: %q", got)
		}

		// Record a lead from the Home, handed to Riley: her Home lists it.
		if _, err := w.ClickHome(ctx, "U0RILEY", "open-form-lead", ch); err != nil {
			t.Fatal(err)
		}
		if m, ok := w.Emu.OpenModal("U0RILEY"); !ok || m.Title != "Record a lead" {
			t.Fatalf("Record a lead opened %q (%v)", m.Title, ok)
		}
		_, ms, err := w.Submit(ctx, "U0RILEY", map[string]string{"f-name": "Grace Hopper", "f-owner": "U0RILEY"})
		if err != nil || len(ms) == 0 {
			t.Fatalf("lead from Home: %v, %d messages", err, len(ms))
		}
		mustContain(t, "lead from Home", ms[0], "L-1", "Grace Hopper")
		riley, _ = w.Emu.HomeView("U0RILEY")
		if got := buttons(riley); got != "open-form-lead lead_attempt lead_contacted" {
			t.Errorf("Riley's Home after the lead: %q", got)
		}
		if text := (slackemu.Message{Blocks: riley.Blocks}).AllText(); !strings.Contains(text, "My open leads") || !strings.Contains(text, "Grace Hopper") {
			t.Errorf("Riley's Home lacks her lead:\n%s", text)
		}

		// Log attempt on the Home: recorded once, the Home redrawn.
		if _, err := w.ClickHome(ctx, "U0RILEY", "lead_attempt", ""); err != nil {
			t.Fatal(err)
		}
		l, err := w.Store.LeadByID(ctx, demo.TeamID, 1)
		if err != nil || l.Attempts != 1 {
			t.Fatalf("after Log attempt: %d attempts, %v", l.Attempts, err)
		}
		after, _ := w.Emu.HomeView("U0RILEY")
		if after.Hash == riley.Hash {
			t.Error("the Home is redrawn after the click")
		}
	})
}

// TestEndToEndSegmentedPlanForm: with segments, the plan form shows R_s,
// C_s, L_s and the value goal as the quota and share are typed, and
// submitting it applies the plan per segment — on both databases, through
// the emulator.
func TestEndToEndSegmentedPlanForm(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, berlin)
		w := startTestWorld(t, dsn, now)
		const ch = "C0SMARKETING"
		for _, text := range []string{
			`setup marketing=<@U0KENDRA> sales=<@U0SAM> tz=Europe/Berlin name="Smarketing"`,
			"segment set exec mix=50% deal=$5,000 close=25% value=$100",
			"segment set manager mix=50% deal=$1,000 close=10% value=$40",
		} {
			if ms, _, err := w.Command(ctx, "U0KENDRA", ch, text); err != nil || len(ms) == 0 || isEphemeral(ms[0]) && strings.Contains(ms[0].AllText(), "Usage") {
				t.Fatalf("/sla %s: %v %v", text, ms, err)
			}
		}
		// Kendra's segments wait for Sam's sign-off (docs/design.md, Sign-off).
		if ms, _, err := w.Command(ctx, "U0SAM", ch, "agreement approve"); err != nil || len(ms) == 0 || !strings.Contains(ms[0].AllText(), "approved") {
			t.Fatalf("Sam approves the segments: %v %v", ms, err)
		}
		if _, _, err := w.Command(ctx, "U0SAM", ch, "plan"); err != nil {
			t.Fatal(err)
		}
		m, ok := w.Emu.OpenModal("U0SAM")
		if !ok || m.Title != "Plan the month" || !strings.Contains(blocksText(m), "per segment (exec 50%, manager 50%)") {
			t.Fatalf("plan form with segments: open=%v %q\n%s", ok, m.Title, blocksText(m))
		}
		// The worked example: Q = $100,000, s = 50 % → R = $50,000;
		// exec: C = ⌈25,000 ÷ 5,000⌉ = 5, L = ⌈5 ÷ 25%⌉ = 20, V = 20 × $100 = $2,000;
		// manager: C = ⌈25,000 ÷ 1,000⌉ = 25, L = ⌈25 ÷ 10%⌉ = 250,
		// V = 250 × $40 = $10,000; L = 270 MQLs, V = $12,000.
		for _, in := range [][2]string{{"f-quota", "$100k"}, {"f-share", "50%"}} {
			if err := w.Type(ctx, "U0SAM", in[0], in[1]); err != nil {
				t.Fatal(err)
			}
		}
		m, _ = w.Emu.OpenModal("U0SAM")
		for _, want := range []string{
			"*exec* R = $50,000 × 50% = $25,000 · C = ⌈$25,000 ÷ $5,000⌉ = 5 · L = ⌈5 ÷ 25%⌉ = *20* · value 20 × $100 = $2,000",
			"*manager* R = $50,000 × 50% = $25,000 · C = ⌈$25,000 ÷ $1,000⌉ = 25 · L = ⌈25 ÷ 10%⌉ = *250* · value 250 × $40 = $10,000",
			"L = 20 + 250 = *270 MQLs*",
			"V = Σ L × value = *$12,000*",
		} {
			if !strings.Contains(blocksText(m), want) {
				t.Errorf("live figures lack %q:\n%s", want, blocksText(m))
			}
		}
		// A deal size without a close rate is refused on the close field; nothing written.
		before, err := w.Store.Fingerprint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, ms, err := w.Submit(ctx, "U0SAM", map[string]string{"f-deal": "$2,500", "f-then": "apply"})
		if err != nil || res.Action != "errors" || !strings.Contains(res.Errors["f-close"], "leave both empty") || len(ms) != 0 {
			t.Fatalf("deal without close: %v %q %v %d", err, res.Action, res.Errors, len(ms))
		}
		if after, _ := w.Store.Fingerprint(ctx); after != before {
			t.Error("a refused plan form wrote")
		}
		// Emptied again and applied: the goals per segment, the total and the value goal.
		res, ms, err = w.Submit(ctx, "U0SAM", map[string]string{"f-deal": "", "f-then": "apply"})
		if err != nil || res.Action != "" || len(ms) == 0 {
			t.Fatalf("apply by segment: %v %q %v %d messages", err, res.Action, res.Errors, len(ms))
		}
		// Sam's plan waits for Kendra, as the command's would.
		mustContain(t, "segmented plan by form", ms[0], "proposed change", "exec 20 + manager 250", "*270*", "*$12,000*")
		if ms, _, err = w.Command(ctx, "U0KENDRA", ch, "agreement approve"); err != nil || len(ms) == 0 || !strings.Contains(ms[0].AllText(), "approved") {
			t.Fatalf("Kendra approves the plan: %v %v", ms, err)
		}
		ms, _, _ = w.Command(ctx, "U0SAM", ch, "status")
		if len(ms) != 1 {
			t.Fatalf("status: %v", ms)
		}
		mustContain(t, "status after the form", ms[0], "of 20", "of 250", "$12,000")
	})
}

// TestEndToEndHomeHandoffNotices: a rep's open leads on the App Home keep
// Log attempt and Mark contacted alongside the hand-off notices — a lead
// announced by DM is worked from the Home once, and a lead whose notice
// still waits for business hours is not announced after it was worked
// from the Home; the owner's Home says the nudge rules.
func TestEndToEndHomeHandoffNotices(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, berlin) // Tuesday, business hours
		w := startTestWorld(t, dsn, now)
		const ch = "C0SMARKETING"
		tr := transcript{t, w}
		tr.do("U0KENDRA", ch, `setup marketing=<@U0KENDRA> sales=<@U0SAM> tz=Europe/Berlin name="Smarketing"`)
		dms := func() []slackemu.Message {
			var out []slackemu.Message
			for _, m := range w.Emu.Messages() {
				if m.IsDM && m.Kind == slackemu.Post && m.DMUser == "U0RILEY" {
					out = append(out, m)
				}
			}
			return out
		}

		// L-1 handed to Riley at 09:00: the notice DMs her at once; the
		// first follow-up is due at 09:00 + 1 h = 10:00.
		tr.do("U0KENDRA", ch, `lead add "Grace Hopper" owner=<@U0RILEY>`)
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		notice, err := w.Emu.WaitFor(wctx, func(m slackemu.Message) bool { return m.IsDM && m.Kind == slackemu.Post })
		cancel()
		if err != nil {
			t.Fatalf("no hand-off notice: %v", err)
		}
		mustContain(t, "notice", notice, "New lead L-1 for you", "first follow-up due Tue 1 Dec 10:00")
		home, err := w.Home(ctx, "U0RILEY")
		if err != nil {
			t.Fatal(err)
		}
		text := (slackemu.Message{Blocks: home.Blocks}).AllText()
		if !strings.Contains(text, "Grace Hopper") || !strings.Contains(text, "first follow-up due Tue 1 Dec 10:00") {
			t.Errorf("Riley's Home lacks the announced lead:\n%s", text)
		}
		if strings.Contains(text, "Nudges:") {
			t.Error("a rep's Home shows the nudge rules")
		}
		// Log attempt on the Home: one attempt, the Home redrawn, no DM more.
		ms, err := w.ClickHome(ctx, "U0RILEY", "lead_attempt", "")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.IsDM && m.Kind == slackemu.Post {
				t.Errorf("the Home's Log attempt sent a DM: %s", m.AllText())
			}
		}
		l1, err := w.Store.LeadBySeq(ctx, demo.TeamID, 1)
		if err != nil || l1.Attempts != 1 {
			t.Fatalf("L-1 after Log attempt on the Home: %+v %v", l1, err)
		}
		after, _ := w.Emu.HomeView("U0RILEY")
		if text := (slackemu.Message{Blocks: after.Blocks}).AllText(); !strings.Contains(text, "1 attempt") {
			t.Errorf("the redrawn Home lacks the attempt:\n%s", text)
		}

		// L-2 handed to Riley at 19:00, after hours: its notice waits for
		// Wednesday 09:00. Marked contacted from the Home meanwhile, it is
		// never announced.
		w.Clock.Set(time.Date(2026, 12, 1, 19, 0, 0, 0, berlin))
		tr.do("U0KENDRA", ch, `lead add "Alan Turing" owner=<@U0RILEY>`)
		l2, err := w.Store.LeadBySeq(ctx, demo.TeamID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Home(ctx, "U0RILEY"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.ClickHome(ctx, "U0RILEY", "lead_contacted", strconv.FormatInt(l2.ID, 10)); err != nil {
			t.Fatal(err)
		}
		if l2, err = w.Store.LeadBySeq(ctx, demo.TeamID, 2); err != nil || l2.ContactedAt.IsZero() {
			t.Fatalf("L-2 after Mark contacted on the Home: %+v %v", l2, err)
		}
		// Wednesday 09:05 Berlin (08:05 UTC): nothing is due for Riley —
		// L-1 was followed up, L-2 contacted.
		out := runJob(t, w, dsn, "breach-scan", "--at", "2026-12-02T08:05:00Z")
		if got := dms(); len(got) != 1 {
			t.Errorf("Riley's DMs: %d, want only L-1's notice (scan: %s)", len(got), out)
		}

		// The sales owner's Home says the nudge rules, the defaults.
		sam, err := w.Home(ctx, "U0SAM")
		if err != nil {
			t.Fatal(err)
		}
		if text := (slackemu.Message{Blocks: sam.Blocks}).AllText(); !strings.Contains(text, "Nudges: repeated every 4h of business time") || !strings.Contains(text, "at most 6 new DMs") {
			t.Errorf("the owner's Home lacks the nudge rules:\n%s", text)
		}
	})
}
