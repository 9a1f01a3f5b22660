package commands_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestReadForm: a submitted form becomes the command's text, or errors on
// the fields; it reads no database.
func TestReadForm(t *testing.T) {
	now := time.Date(2026, 12, 11, 15, 0, 0, 0, berlin)
	meta := render.FormMeta{Channel: "C1", TZ: "Europe/Berlin"}
	for _, c := range []struct {
		name   string
		form   string
		values commands.FormValues
		texts  []string
		errs   map[string]string // block_id → a part of the message
	}{
		{"setup", render.FormSetup, commands.FormValues{"f-marketing": "UMKT", "f-sales": "USALES", "f-tz": "Europe/Paris", "f-name": "EMEA pipeline", "f-kind": "internal"},
			[]string{`setup marketing=<@UMKT> sales=<@USALES> tz=Europe/Paris name="EMEA pipeline"`}, nil},
		{"setup multi-level from service", render.FormSetup, commands.FormValues{"f-marketing": "UMKT", "f-sales": "USALES", "f-service": "USVC"},
			[]string{`setup marketing=<@UMKT> sales=<@USALES> service=<@USVC>`}, nil},
		{"setup without sales", render.FormSetup, commands.FormValues{"f-marketing": "UMKT"}, nil, map[string]string{"f-sales": "fill this in"}},
		{"setup with a zone not listed", render.FormSetup, commands.FormValues{"f-marketing": "UMKT", "f-sales": "USALES", "f-tz": "Mars/Olympus"}, nil, map[string]string{"f-tz": "from the list"}},
		{"setup customer without service", render.FormSetup, commands.FormValues{"f-marketing": "UMKT", "f-sales": "USALES", "f-kind": "multi-level"}, nil, map[string]string{"f-service": "service"}},
		{"plan apply", render.FormPlan, commands.FormValues{"f-quota": "$250k", "f-share": "40%", "f-deal": "$2,500", "f-close": "25%", "f-month": "jan", "f-then": "apply"},
			[]string{"plan quota=$250k share=40% deal=$2,500 close=25% month=\"jan\" apply"}, nil},
		{"plan bad share", render.FormPlan, commands.FormValues{"f-quota": "$250k", "f-share": "lots", "f-deal": "$2,500", "f-close": "25%"}, nil, map[string]string{"f-share": `"lots"`}},
		{"plan zero close", render.FormPlan, commands.FormValues{"f-quota": "$250k", "f-share": "40%", "f-deal": "$2,500", "f-close": "0%"}, nil, map[string]string{"f-close": "more than 0%"}},
		{"lead", render.FormLead, commands.FormValues{"f-name": "Ada Lovelace", "f-email": "ada@example.com", "f-owner": "UREP", "f-source": "sales"},
			[]string{`lead add "Ada Lovelace" email="ada@example.com" source=sales owner=<@UREP>`}, nil},
		{"lead with quotes", render.FormLead, commands.FormValues{"f-name": `Ada "the first"`}, nil, map[string]string{"f-name": "double quotes"}},
		{"target both", render.FormTarget, commands.FormValues{"f-mql": "120", "f-speed": "30m", "f-depth": "5"},
			[]string{"target mql=120", "target speed=30m depth=5"}, nil},
		{"target nothing", render.FormTarget, commands.FormValues{}, nil, map[string]string{"f-mql": "at least one"}},
		{"target bad within", render.FormTarget, commands.FormValues{"f-within": "a while"}, nil, map[string]string{"f-within": `"a while"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			texts, errs := commands.ReadForm(c.form, meta, c.values, now)
			if !reflect.DeepEqual(texts, c.texts) {
				t.Errorf("texts %q, want %q", texts, c.texts)
			}
			if len(errs) != len(c.errs) {
				t.Errorf("errors %v, want on %v", errs, c.errs)
			}
			for k, want := range c.errs {
				if !strings.Contains(strings.ToLower(errs[k]), strings.ToLower(want)) {
					t.Errorf("error on %s: %q, want %q", k, errs[k], want)
				}
			}
		})
	}
}

// TestFormsOpen: the commands typed alone answer with their form (the
// channel in private_metadata), within Slack's limits; a refusal opens
// none and writes nothing.
func TestFormsOpen(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		for _, c := range []struct{ user, text, callback string }{
			{"UREP", "plan", render.FormPlan},
			{"UREP", "lead add", render.FormLead},
			{"USALES", "target", render.FormTarget},
		} {
			before := f.fingerprint()
			r := f.do(c.user, c.text)
			if r.Failed || r.Modal == nil || r.Modal.View.CallbackID != c.callback {
				t.Fatalf("/sla %s: %+v", c.text, r)
			}
			if probs := render.ViewProblems(r.Modal.View); len(probs) > 0 {
				t.Errorf("/sla %s: %v", c.text, probs)
			}
			meta, err := render.DecodeFormMeta(r.Modal.View.PrivateMetadata)
			if err != nil || meta.Channel != "C1" || meta.TZ != "Europe/Berlin" {
				t.Errorf("/sla %s: meta %+v %v", c.text, meta, err)
			}
			if after := f.fingerprint(); after != before {
				t.Errorf("opening a form wrote")
			}
		}
		// The target form is the owners': a rep sees the targets, no form.
		if r := f.do("UREP", "target"); r.Modal != nil || r.Failed || !strings.Contains(r.Text, "Targets for December 2026") {
			t.Errorf("a rep's /sla target: %+v", r)
		}
		// The target form holds the targets in force: 1h, 6 attempts within 14d.
		r := f.do("USALES", "target")
		for _, want := range []string{`"initial_value":"1h"`, `"initial_value":"6"`, `"initial_value":"14d"`} {
			if raw := mustJSON(t, r.Modal.View); !strings.Contains(raw, want) {
				t.Errorf("target form lacks %s", want)
			}
		}
		// Setup where an agreement exists is refused as the command is.
		before := f.fingerprint()
		if r := f.do("UMKT", "setup"); !r.Failed || r.Modal != nil || !strings.Contains(r.Text, "already has") {
			t.Errorf("setup again: %+v", r)
		}
		if f.fingerprint() != before {
			t.Error("a refused setup form wrote")
		}
		// Outside an agreement's channel, plan is refused; setup opens.
		r = f.h.Handle(ctx, commands.Request{TeamID: "T1", UserID: "UREP", ChannelID: "C2", Text: "plan"})
		if !r.Failed || r.Modal != nil {
			t.Errorf("plan outside an agreement: %+v", r)
		}
		r = f.h.Handle(ctx, commands.Request{TeamID: "T1", UserID: "UREP", ChannelID: "C2", ChannelName: "emea", Text: "setup"})
		if r.Failed || r.Modal == nil || r.Modal.View.CallbackID != render.FormSetup {
			t.Errorf("setup in a new channel: %+v", r)
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSegmentedPlanForm: with segments, `/sla plan` alone opens the plan
// form whose deal size and close rate may stay empty; its live figures
// are per segment, the same lines the command answers with, and its
// submission runs the segmented plan.
func TestSegmentedPlanForm(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, st *storage.Store) {
		f := newFixture(t, st)
		// The admin's segments apply at once (an owner's would wait for sign-off).
		f.ok("UADM", "segment set exec mix=50% deal=$5,000 close=25% value=$100")
		f.ok("UADM", "segment set manager mix=50% deal=$1,000 close=10% value=$40")
		before := f.fingerprint()
		r := f.do("UREP", "plan")
		if r.Failed || r.Modal == nil || r.Modal.View.CallbackID != render.FormPlanSegments {
			t.Fatalf("/sla plan with segments: %+v", r)
		}
		if probs := render.ViewProblems(r.Modal.View); len(probs) > 0 {
			t.Errorf("segmented plan form: %v", probs)
		}
		opened := render.Message{Blocks: r.Modal.View.Blocks.BlockSet}.Blocks2Text()
		if !strings.Contains(opened, "per segment (exec 50%, manager 50%)") {
			t.Errorf("the opened form says how it plans:\n%s", opened)
		}
		meta, _ := render.DecodeFormMeta(r.Modal.View.PrivateMetadata)

		// The worked example: Q = $100,000, s = 50 % → R = $50,000;
		// exec R = $25,000, C = ⌈25,000 ÷ 5,000⌉ = 5, L = ⌈5 ÷ 25%⌉ = 20,
		// value 20 × $100 = $2,000; manager R = $25,000,
		// C = ⌈25,000 ÷ 1,000⌉ = 25, L = ⌈25 ÷ 10%⌉ = 250, value
		// 250 × $40 = $10,000; L = 270 MQLs, V = $12,000.
		typed := commands.FormValues{"f-quota": "$100k", "f-share": "50%"}
		m, err := f.h.PlanModal(ctx, "T1", render.FormPlanSegments, meta, typed)
		if err != nil {
			t.Fatal(err)
		}
		live := render.Message{Blocks: m.View.Blocks.BlockSet}.Blocks2Text()
		for _, want := range []string{
			"R = quota × share = $100,000 × 50% = *$50,000*",
			"*exec* R = $50,000 × 50% = $25,000 · C = ⌈$25,000 ÷ $5,000⌉ = 5 · L = ⌈5 ÷ 25%⌉ = *20* · value 20 × $100 = $2,000",
			"*manager* R = $50,000 × 50% = $25,000 · C = ⌈$25,000 ÷ $1,000⌉ = 25 · L = ⌈25 ÷ 10%⌉ = *250* · value 250 × $40 = $10,000",
			"L = 20 + 250 = *270 MQLs* (30 customers)",
			"V = Σ L × value = *$12,000*",
		} {
			if !strings.Contains(live, want) {
				t.Errorf("live figures lack %q:\n%s", want, live)
			}
		}
		if probs := render.ViewProblems(m.View); len(probs) > 0 {
			t.Errorf("redrawn form: %v", probs)
		}
		if f.fingerprint() != before {
			t.Error("opening and typing in the plan form wrote")
		}
		// The command's reply has the same lines.
		texts, errs := commands.ReadForm(render.FormPlanSegments, meta, typed, f.now)
		if len(errs) > 0 || !reflect.DeepEqual(texts, []string{"plan quota=$100k share=50%"}) {
			t.Fatalf("segmented form read as %q %v", texts, errs)
		}
		reply := f.ok("UREP", texts[0])
		for _, want := range []string{"L = 20 + 250 = *270 MQLs* (30 customers)", "V = Σ L × value = *$12,000*"} {
			if !strings.Contains(reply.Message.Blocks2Text(), want) {
				t.Errorf("the command's reply lacks %q", want)
			}
		}

		// Still missing: the share; then a deal size typed: the plan over all leads.
		m, _ = f.h.PlanModal(ctx, "T1", render.FormPlanSegments, meta, commands.FormValues{"f-quota": "$100k"})
		if got := (render.Message{Blocks: m.View.Blocks.BlockSet}).Blocks2Text(); !strings.Contains(got, "Still needed: share from marketing.") {
			t.Errorf("without the share:\n%s", got)
		}
		m, _ = f.h.PlanModal(ctx, "T1", render.FormPlanSegments, meta, commands.FormValues{"f-quota": "$100k", "f-share": "50%", "f-deal": "$2,500"})
		if got := (render.Message{Blocks: m.View.Blocks.BlockSet}).Blocks2Text(); !strings.Contains(got, "Still needed: lead-to-customer close rate. Or leave the deal size and close rate empty") {
			t.Errorf("with a deal size only:\n%s", got)
		}
		// Mixes that do not add up are said in the form, as the command says them.
		f.ok("UADM", "segment set manager mix=40% deal=$1,000 close=10% value=$40")
		m, _ = f.h.PlanModal(ctx, "T1", render.FormPlanSegments, meta, typed)
		if got := (render.Message{Blocks: m.View.Blocks.BlockSet}).Blocks2Text(); !strings.Contains(got, "add up to 90%, not 100%") {
			t.Errorf("mixes of 90%%:\n%s", got)
		}
	})
}

// TestReadSegmentedPlanForm: deal size and close rate together or not at all.
func TestReadSegmentedPlanForm(t *testing.T) {
	now := time.Date(2026, 12, 11, 15, 0, 0, 0, berlin)
	meta := render.FormMeta{Channel: "C1", TZ: "Europe/Berlin"}
	for _, c := range []struct {
		name   string
		values commands.FormValues
		texts  []string
		errs   map[string]string
	}{
		{"per segment, applied", commands.FormValues{"f-quota": "$100k", "f-share": "50%", "f-then": "apply"}, []string{"plan quota=$100k share=50% apply"}, nil},
		{"over all leads", commands.FormValues{"f-quota": "$100k", "f-share": "50%", "f-deal": "$2,500", "f-close": "25%"}, []string{"plan quota=$100k share=50% deal=$2,500 close=25%"}, nil},
		{"deal without close", commands.FormValues{"f-quota": "$100k", "f-share": "50%", "f-deal": "$2,500"}, nil, map[string]string{"f-close": "leave both empty"}},
		{"close without deal", commands.FormValues{"f-quota": "$100k", "f-share": "50%", "f-close": "25%"}, nil, map[string]string{"f-deal": "leave both empty"}},
		{"no share", commands.FormValues{"f-quota": "$100k"}, nil, map[string]string{"f-share": "fill this in"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			texts, errs := commands.ReadForm(render.FormPlanSegments, meta, c.values, now)
			if !reflect.DeepEqual(texts, c.texts) || len(errs) != len(c.errs) {
				t.Errorf("texts %q errors %v, want %q on %v", texts, errs, c.texts, c.errs)
			}
			for k, want := range c.errs {
				if !strings.Contains(strings.ToLower(errs[k]), want) {
					t.Errorf("error on %s: %q, want %q", k, errs[k], want)
				}
			}
		})
	}
}
