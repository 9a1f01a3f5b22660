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
