package render_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// golden compares v's JSON with testdata/name.golden after decoding both,
// so the file's layout does not matter; -update rewrites it.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./render -run Golden -update writes it)", err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !reflect.DeepEqual(g, w) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(strings.TrimRight(string(want), "\n"), "\n")
		for i := range max(len(gl), len(wl)) {
			var a, b string
			if i < len(gl) {
				a = gl[i]
			}
			if i < len(wl) {
				b = wl[i]
			}
			if strings.TrimSpace(a) != strings.TrimSpace(b) {
				t.Fatalf("%s differs (-update to accept) at line %d:\nwant: %s\ngot:  %s", path, i+1, b, a)
			}
		}
		t.Fatalf("%s differs (-update to accept)", path)
	}
}

func mustMoney(t *testing.T, s string) sla.Money {
	t.Helper()
	m, err := sla.ParseMoney(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustRatio(t *testing.T, s string) sla.Ratio {
	t.Helper()
	r, err := sla.ParseRatio(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var meta = render.FormMeta{Channel: "C0SMARKETING", ChannelName: "smarketing", TZ: "Europe/Berlin"}

func planInput(t *testing.T) sla.PlanInput {
	return sla.PlanInput{Quota: mustMoney(t, "$250k"), Share: mustRatio(t, "40%"), Deal: mustMoney(t, "$2,500"), Close: mustRatio(t, "25%")}
}

// modals are every modal slabot opens, by golden name.
func modals(t *testing.T) map[string]render.Modal {
	in := planInput(t)
	res, err := sla.ComputePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	plan := render.Forms[render.FormPlan]
	segPlan := render.Forms[render.FormPlanSegments]
	// The worked example: Q = $100,000, s = 50 % → R = $50,000; exec
	// (50 %, $5,000, 25 %, $100): C = 5, L = 20; manager (50 %, $1,000,
	// 10 %, $40): C = 25, L = 250; L = 270, V = 20 × $100 + 250 × $40 = $12,000.
	segs := []sla.Segment{
		{Name: "exec", Mix: sla.Percent(50), Deal: sla.Dollars(5000), Close: sla.Percent(25), Value: sla.Dollars(100)},
		{Name: "manager", Mix: sla.Percent(50), Deal: sla.Dollars(1000), Close: sla.Percent(10), Value: sla.Dollars(40)},
	}
	sp, err := sla.ComputeSegmentedPlan(sla.Dollars(100_000), sla.Percent(50), segs)
	if err != nil || sp.Leads != 270 || sp.Value != sla.Dollars(12_000) {
		t.Fatalf("segmented plan %+v, %v", sp, err)
	}
	return map[string]render.Modal{
		"modal-plan-segments": render.FormModal(segPlan, meta, nil,
			render.SegmentedPlanFigures(0, 0, nil, "Still needed: sales quota, share from marketing. The plan is made per segment (exec 50%, manager 50%) unless you give a deal size and close rate.")),
		"modal-plan-segments-figures": render.FormModal(segPlan, meta, nil, render.SegmentedPlanFigures(sla.Dollars(100_000), sla.Percent(50), &sp, "")),
		"modal-setup":                 render.FormModal(render.Forms[render.FormSetup], render.FormMeta{Channel: "C0SMARKETING", ChannelName: "smarketing"}, nil, nil),
		"modal-plan":                  render.FormModal(plan, meta, nil, render.PlanFigures(sla.PlanInput{}, nil, "")),
		"modal-plan-figures":          render.FormModal(plan, meta, nil, render.PlanFigures(in, &res, "")),
		"modal-lead":                  render.FormModal(render.Forms[render.FormLead], meta, nil, nil),
		"modal-target": render.FormModal(render.Forms[render.FormTarget], meta,
			map[string]string{"mql": "160", "speed": "1h", "depth": "6", "within": "14d", "warn": "75%"}, nil),
	}
}

// TestModalsGolden: each modal's Block Kit JSON is its golden file.
func TestModalsGolden(t *testing.T) {
	for name, m := range modals(t) {
		t.Run(name, func(t *testing.T) { golden(t, name, m.View) })
	}
}

// TestModalsWithinSlackLimits: every modal passes the validator, which
// itself catches each limit it knows.
func TestModalsWithinSlackLimits(t *testing.T) {
	for name, m := range modals(t) {
		if probs := render.ViewProblems(m.View); len(probs) > 0 {
			t.Errorf("%s: %v", name, probs)
		}
		if n := len(m.View.Blocks.BlockSet); n > render.MaxModalBlocks {
			t.Errorf("%s: %d blocks", name, n)
		}
	}
	if n := len(render.Zones); n > render.MaxSelectOptions {
		t.Errorf("%d zones: a static select takes %d options", n, render.MaxSelectOptions)
	}
	for _, z := range render.Zones {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("zone %q: %v", z, err)
		}
	}
	base := func() slack.ModalViewRequest { return modals(t)["modal-lead"].View }
	for _, c := range []struct {
		name string
		edit func(v *slack.ModalViewRequest)
		want string
	}{
		{"title of 25", func(v *slack.ModalViewRequest) { v.Title.Text = strings.Repeat("t", 25) }, "title"},
		{"submit of 25", func(v *slack.ModalViewRequest) { v.Submit.Text = strings.Repeat("s", 25) }, "submit"},
		{"no submit with inputs", func(v *slack.ModalViewRequest) { v.Submit = nil }, "without a submit"},
		{"101 blocks", func(v *slack.ModalViewRequest) {
			for len(v.Blocks.BlockSet) <= 100 {
				v.Blocks.BlockSet = append(v.Blocks.BlockSet, slack.NewDividerBlock())
			}
		}, "blocks"},
		{"private_metadata of 3001", func(v *slack.ModalViewRequest) { v.PrivateMetadata = strings.Repeat("m", 3001) }, "private_metadata"},
		{"101 options", func(v *slack.ModalViewRequest) {
			opts := make([]*slack.OptionBlockObject, 101)
			for i := range opts {
				opts[i] = slack.NewOptionBlockObject("v", slack.NewTextBlockObject(slack.PlainTextType, "v", false, false), nil)
			}
			v.Blocks.BlockSet = append(v.Blocks.BlockSet, slack.NewInputBlock("many", slack.NewTextBlockObject(slack.PlainTextType, "Many", false, false), nil,
				slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "many", opts...)))
		}, "101 options"},
		{"duplicate block_id", func(v *slack.ModalViewRequest) { v.Blocks.BlockSet = append(v.Blocks.BlockSet, v.Blocks.BlockSet[0]) }, "twice"},
	} {
		v := base()
		c.edit(&v)
		probs := strings.Join(render.ViewProblems(v), "; ")
		if !strings.Contains(probs, c.want) {
			t.Errorf("%s: problems %q lack %q", c.name, probs, c.want)
		}
	}
}

// TestPlanFigures: the plan modal's live R, C and L.
func TestPlanFigures(t *testing.T) {
	in := planInput(t)
	res, err := sla.ComputePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	// R = $250,000 × 40% = $100,000; C = ⌈$100,000 ÷ $2,500⌉ = 40;
	// L = ⌈40 ÷ 25%⌉ = 160.
	text := (render.Message{Blocks: render.PlanFigures(in, &res, "")}).Blocks2Text()
	for _, want := range []string{"R = $250,000 × 40% = *$100,000*", "C = ⌈$100,000 ÷ $2,500⌉ = *40* customers", "L = ⌈40 ÷ 25%⌉ = *160 MQLs*"} {
		if !strings.Contains(text, want) {
			t.Errorf("figures lack %q:\n%s", want, text)
		}
	}
	if text := (render.Message{Blocks: render.PlanFigures(in, nil, "Still needed: deal.")}).Blocks2Text(); !strings.Contains(text, "Still needed: deal.") {
		t.Errorf("without a result: %q", text)
	}
}

// TestSurfacesGolden: the App Home and the messages and DMs, each a golden.
func TestSurfacesGolden(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 12, 11, 14, 0, 0, 0, berlin)
	a := sla.Agreement{ID: 1, TeamID: "T0DEMO", ChannelID: "C0SMARKETING", Name: "Smarketing", Kind: sla.KindInternal,
		Status: sla.StatusActive, TZ: "Europe/Berlin", Marketing: "U0KENDRA", Sales: "U0SAM", Hours: sla.DefaultHours, Digest: sla.DefaultDigest, StrikeLimit: sla.DefaultStrikeLimit}
	month := sla.MonthOf(now, berlin)
	targets := sla.DefaultTargets
	targets.MQLGoal, targets.MQLSet = 160, true
	in := sla.StatusInput{Agreement: a, Month: month, Now: now, Targets: targets, MQLFrom: month}
	// The owner's Home shows the nudge rules: the defaults here.
	owned := in
	owned.Agreement.Repeat, owned.Agreement.Group, owned.Agreement.Cap = sla.DefaultRepeat, sla.DefaultGroup, sla.DefaultCap
	lead := sla.Lead{ID: 7, Seq: 7, Name: "Ada Lovelace", Email: "ada@example.com", Source: sla.SourceMarketing, Owner: "U0RILEY",
		CreatedAt: now.Add(-3 * time.Hour), QualifiedAt: now.Add(-3 * time.Hour), HandedOffAt: now.Add(-2 * time.Hour), SpeedSecs: -1}
	item := render.NudgeItem{Lead: lead, Agreement: a.Name, Cal: a.Calendar(),
		Breaches: []sla.Breach{{Kind: sla.SpeedBreach, Since: now.Add(-time.Hour), Late: time.Hour}}}
	quiet := item
	quiet.Breaches = nil
	quiet.Lead.ID, quiet.Lead.Seq = 8, 8 // two leads on a Home: block ids are unique
	pin := planInput(t)
	res, err := sla.ComputePlan(pin)
	if err != nil {
		t.Fatal(err)
	}
	// msg-nines: 0.1% of 365.25 d = 8.766 h = 8h 45m 58s; of 30 d = 43m 12s;
	// of 7 d = 10m 4.8s → 10m 5s; of 1 d = 86.4 s → 1m 26s.
	// msg-plan: R = $250,000 × 40% = $100,000, C = ⌈100,000 ÷ 2,500⌉ = 40,
	// L = ⌈40 ÷ 25%⌉ = 160.
	nines, err := sla.DowntimeFor(99.9)
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]render.Message{
		"home-owner":            render.Home("U0SAM", []render.HomeAgreement{{Status: owned, NextDigest: now.Add(72 * time.Hour), Owner: true}}, now),
		"home-rep":              render.Home("U0RILEY", []render.HomeAgreement{{Status: in, Leads: []render.NudgeItem{item, quiet}, MoreLeads: 3}}, now),
		"home-empty":            render.Home("U0RILEY", nil, now),
		"dm-nudge":              render.Nudge([]render.NudgeItem{item}, berlin),
		"msg-plan":              render.Plan(render.PlanView{Agreement: a, Month: month, Input: pin, Result: res}),
		"msg-status":            render.Status(in),
		"msg-problem":           render.Problem("That lead is not yours.", "`/sla lead attempt <lead>`"),
		"msg-digest":            render.Digest(in),
		"msg-goal":              render.GoalCelebration(in, 24),
		"msg-midpoint":          render.Midpoint(in),
		"msg-review":            render.ReviewPrompt(a, 2),
		"msg-agreement":         render.Agreement(render.AgreementView{Agreement: a, Month: month, Targets: targets, Admins: []string{"U0ALEX"}}),
		"msg-lead":              render.Lead(render.LeadView{Lead: lead, Breaches: item.Breaches, Loc: berlin, Cal: a.Calendar()}),
		"msg-leads":             render.LeadList("Open leads", []sla.Lead{lead}, 1, berlin, "No open leads."),
		"dm-escalation":         render.Escalation(a, month, "U0RILEY", []string{"L-7 speed", "L-9 depth"}),
		"msg-report":            render.Report(render.ReportView{Status: in, Closed: true}),
		"msg-sales-celebration": render.SalesCelebration(in),
		"msg-nines":             render.Nines(99.9, nines),
		"msg-crm":               render.CRM(sla.CRMConnection{TeamID: "T0DEMO", AgreementID: 1, Portal: 42, ConnectedAt: now.Add(-48 * time.Hour), LeadsTaken: 12, LastSyncAt: now.Add(-time.Minute), LastRun: "3 contacts read, 1 lead added"}, true, a.Name, berlin),
		"msg-history":           render.History(lead, []sla.LeadChange{{At: now.Add(-3 * time.Hour), By: "U0KENDRA", Field: "created"}, {At: now.Add(-time.Hour), By: "U0SAM", Field: "owner", Before: "", After: "U0RILEY"}}, berlin),
		"msg-help":              render.Help("slabot — the sales & marketing SLA", []string{"*Agreement*\n`/sla setup …`", "*Leads*\n`/sla lead add …`"}, "`/sla help <command>` for one command."),
		"msg-confirm":           render.ConfirmRevenue(lead, mustMoney(t, "$2M"), mustMoney(t, "$25,000"), mustMoney(t, "$2,500"), "7:200000000:1"),
	} {
		t.Run(name, func(t *testing.T) {
			golden(t, name, struct {
				Text   string       `json:"text"`
				Blocks slack.Blocks `json:"blocks"`
			}{m.Text, slack.Blocks{BlockSet: m.Blocks}})
			limit, check := render.MaxBlocks, slackemu.MessageProblems
			if strings.HasPrefix(name, "home") {
				limit, check = render.MaxHomeBlocks, slackemu.HomeProblems
			}
			if probs := check(m.Blocks); len(probs) > 0 {
				t.Errorf("Slack would refuse it: %v", probs)
			}
			if len(m.Blocks) > limit {
				t.Errorf("%d blocks, more than %d", len(m.Blocks), limit)
			}
		})
	}
}

// TestNudgeDMsGolden: the nudge DMs the spam rules produce (docs/design.md,
// Nudges without spam) — a hand-off notice, a warning with a notice, a DM
// past MaxNudgeLeads and the DM after Snooze — each a golden and each
// within what chat.postMessage takes.
func TestNudgeDMsGolden(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 12, 11, 14, 0, 0, 0, berlin) // Friday
	a := sla.Agreement{ID: 1, TeamID: "T0DEMO", ChannelID: "C0SMARKETING", Name: "Smarketing", TZ: "Europe/Berlin", Hours: sla.DefaultHours}
	cal := a.Calendar()
	// Handed off at 13:50 with a 1 h speed target: the first follow-up is
	// due at 14:50, inside Friday's business hours.
	handed := now.Add(-10 * time.Minute)
	due := handed.Add(time.Hour)
	fresh := render.NudgeItem{Agreement: a.Name, Cal: cal,
		Lead:     sla.Lead{ID: 42, Seq: 42, Name: "Grace Hopper", Source: sla.SourceMarketing, Owner: "U0RILEY", CreatedAt: handed, HandedOffAt: handed, SpeedDueAt: due, SpeedSecs: -1},
		Breaches: []sla.Breach{{Kind: sla.HandoffNotice, Since: due}}}
	// Handed off at 13:15: warned at 75 % of the hour (14:00), the target
	// is reached in 1h − 45m = 15m.
	early := now.Add(-45 * time.Minute)
	warned := render.NudgeItem{Agreement: a.Name, Cal: cal,
		Lead:     sla.Lead{ID: 41, Seq: 41, Name: "Ada Lovelace", Source: sla.SourceMarketing, Owner: "U0RILEY", CreatedAt: early, HandedOffAt: early, SpeedDueAt: early.Add(time.Hour), SpeedSecs: -1},
		Breaches: []sla.Breach{{Kind: sla.SpeedWarning, Since: now, Late: 15 * time.Minute}}}
	// 23 late leads: 20 with buttons (1 + 20 × 2 = 41 blocks), the last
	// three named in one line (42 blocks, under the 50 of a message). Lead i
	// is handed off at 14:00 − 2h − i min, so lead 1 at 11:59, due 12:59,
	// 1h 01m late.
	var many []render.NudgeItem
	for i := int64(1); i <= 23; i++ {
		at := now.Add(-2*time.Hour - time.Duration(i)*time.Minute)
		many = append(many, render.NudgeItem{Agreement: a.Name, Cal: cal,
			Lead:     sla.Lead{ID: 100 + i, Seq: 100 + i, Name: fmt.Sprintf("Lead %d", i), Source: sla.SourceMarketing, Owner: "U0RILEY", CreatedAt: at, HandedOffAt: at, SpeedDueAt: at.Add(time.Hour), SpeedSecs: -1},
			Breaches: []sla.Breach{{Kind: sla.SpeedBreach, Since: at.Add(time.Hour), Late: now.Sub(at.Add(time.Hour))}}})
	}
	// Snoozed at 14:00 for an hour: until 15:00, the buttons to work it stay.
	snoozed := many[0]
	snoozed.Lead.SnoozedUntil = now.Add(time.Hour)
	snoozed.Note = ":zzz: Snoozed by <@U0RILEY> until " + render.When(snoozed.Lead.SnoozedUntil, berlin) + "."

	for _, c := range []struct {
		name    string
		m       render.Message
		blocks  int
		buttons string // action ids in order
		wants   []string
	}{
		{"dm-nudge-handoff", render.Nudge([]render.NudgeItem{fresh}, berlin), 3, "lead_attempt lead_contacted lead_snooze",
			[]string{"New lead L-42 for you", "first follow-up due Fri 11 Dec 14:50 CET"}},
		{"dm-nudge-mixed", render.Nudge([]render.NudgeItem{warned, fresh}, berlin), 5, "lead_attempt lead_contacted lead_snooze lead_attempt lead_contacted lead_snooze",
			[]string{"1 lead is about to miss the follow-up target, and 1 new lead for you", "the speed target is reached in 15m", "first follow-up due Fri 11 Dec 14:50 CET"}},
		{"dm-nudge-many", render.Nudge(many, berlin), 42, strings.TrimSpace(strings.Repeat("lead_attempt lead_contacted lead_snooze ", 20)),
			[]string{"23 leads need you", "Also open: L-121, L-122, L-123"}},
		{"dm-nudge-snoozed", render.Nudge([]render.NudgeItem{snoozed}, berlin), 4, "lead_attempt lead_contacted",
			[]string{"Snoozed by <@U0RILEY> until Fri 11 Dec 15:00 CET.", "past the speed target"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			golden(t, c.name, struct {
				Text   string       `json:"text"`
				Blocks slack.Blocks `json:"blocks"`
			}{c.m.Text, slack.Blocks{BlockSet: c.m.Blocks}})
			if probs := slackemu.MessageProblems(c.m.Blocks); len(probs) > 0 {
				t.Errorf("Slack would refuse it: %v", probs)
			}
			if len(c.m.Blocks) != c.blocks {
				t.Errorf("%d blocks, want %d", len(c.m.Blocks), c.blocks)
			}
			var ids []string
			for _, b := range c.m.Blocks {
				if act, ok := b.(*slack.ActionBlock); ok {
					for _, e := range act.Elements.ElementSet {
						ids = append(ids, e.(*slack.ButtonBlockElement).ActionID)
					}
				}
			}
			if got := strings.Join(ids, " "); got != c.buttons {
				t.Errorf("buttons %q, want %q", got, c.buttons)
			}
			text := c.m.Text + "\n" + c.m.Blocks2Text()
			for _, w := range c.wants {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

// TestHomeNudgeRules: the owner's Home says the nudge rules in the
// agreement's context line — no block more of the Home's 100 — and a
// rep's Home does not.
func TestHomeNudgeRules(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 12, 11, 14, 0, 0, 0, berlin)
	a := sla.Agreement{ID: 1, TeamID: "T0DEMO", ChannelID: "C0SMARKETING", Name: "Smarketing", TZ: "Europe/Berlin", Hours: sla.DefaultHours,
		Repeat: sla.DefaultRepeat, Group: sla.DefaultGroup, Cap: sla.DefaultCap}
	in := sla.StatusInput{Agreement: a, Month: sla.MonthOf(now, berlin), Now: now, Targets: sla.DefaultTargets}
	owner := render.Home("U0SAM", []render.HomeAgreement{{Status: in, Owner: true}}, now)
	rep := render.Home("U0RILEY", []render.HomeAgreement{{Status: in}}, now)
	if len(owner.Blocks) != len(rep.Blocks) {
		t.Errorf("the rules cost blocks: owner %d, rep %d", len(owner.Blocks), len(rep.Blocks))
	}
	want := ":bell: Nudges: " + render.NudgeRules(a)
	if !strings.Contains(owner.Blocks2Text(), want) {
		t.Errorf("owner's Home lacks %q:\n%s", want, owner.Blocks2Text())
	}
	if !strings.Contains(want, "those within 15m share one DM") || !strings.Contains(want, "at most 6 new DMs a rep a business day") {
		t.Errorf("the default rules read %q", want)
	}
	if strings.Contains(rep.Blocks2Text(), "Nudges:") {
		t.Errorf("a rep's Home shows the rules:\n%s", rep.Blocks2Text())
	}
}
