package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Forms (docs/design.md, Forms): `/sla setup`, `plan`, `lead add` and
// `target` typed alone answer with a modal; its submission is turned back
// into the command's text and run by Handle, so a form does exactly what
// the command does, with the same permission rules and messages.

// formFor is the form a command typed without arguments opens.
func formFor(text string) (render.Form, bool) {
	switch strings.Join(strings.Fields(strings.ToLower(text)), " ") {
	case "setup":
		return render.Forms[render.FormSetup], true
	case "plan":
		return render.Forms[render.FormPlan], true
	case "lead add":
		return render.Forms[render.FormLead], true
	case "target":
		return render.Forms[render.FormTarget], true
	}
	return render.Form{}, false
}

// OpenForm answers with form (a callback id) for the request's channel, as
// the command typed alone does: for the App Home's buttons.
func (h *Handler) OpenForm(ctx context.Context, req Request, form string) Response {
	switch form {
	case render.FormSetup:
		req.Text = "setup"
	case render.FormPlan, render.FormPlanSegments:
		req.Text = "plan"
	case render.FormLead:
		req.Text = "lead add"
	case render.FormTarget:
		req.Text = "target"
	default:
		return failure(render.Problem("That form does not exist.", ""))
	}
	return h.Handle(ctx, req)
}

// openForm is the answer to a form's command typed alone: the modal, and
// the message shown where no modal can open (the usage, or the targets).
func (c *call) openForm(ctx context.Context, form render.Form) Response {
	meta := render.FormMeta{Channel: c.req.ChannelID, ChannelName: c.req.ChannelName}
	if c.has {
		meta.TZ = c.a.TZ
	}
	var spec *Spec
	switch form.CallbackID {
	case render.FormSetup:
		spec = specSetup
		if c.has {
			_, err := Setup{}.run(ctx, c)
			return c.fail(err, spec)
		}
	case render.FormPlan:
		spec = specPlan
	case render.FormLead:
		spec = specLeadAdd
	case render.FormTarget:
		spec = specTargetShow
	}
	if !c.has && !spec.Anywhere {
		_, err := c.run(ctx, TargetShow{}) // the no-agreement refusal, worded once
		return c.fail(err, spec)
	}
	fallback := render.Text("Fill in the form that opened, or type it: `%s` — e.g. `%s`", escapeMrkdwn(spec.Usage), escapeMrkdwn(spec.Examples[0]))
	values := map[string]string{}
	var segs []sla.Segment
	if form.CallbackID == render.FormPlan {
		var err error
		if segs, err = c.h.App.Store.Segments(ctx, c.a.TeamID, c.a.ID); err != nil {
			return c.fail(err, spec)
		}
		if len(segs) > 0 {
			// With segments, deal and close may be left empty, as in
			// the command (docs/design.md, Forms).
			form = render.Forms[render.FormPlanSegments]
		}
		m := planModal(form, meta, segs, FormValues{})
		return Response{Message: fallback, Modal: &m}
	}
	if form.CallbackID == render.FormTarget {
		shown, err := TargetShow{}.run(ctx, c)
		if err != nil {
			return c.fail(err, spec)
		}
		// Only those who may change the targets get the form.
		if err := c.h.App.MayChange(ctx, c.a, c.actor()); err != nil {
			return shown
		}
		fallback = shown.Message
		in, err := c.h.App.Store.StatusInput(ctx, c.a, sla.MonthOf(c.now, c.a.Location()), c.now)
		if err != nil {
			return c.fail(err, spec)
		}
		t := in.Targets
		if t.MQLSet {
			values["mql"] = strconv.Itoa(t.MQLGoal)
		}
		if t.Speed > 0 && t.Speed < 24*time.Hour {
			values["speed"] = sla.FormatDuration(t.Speed)
		}
		if t.Depth > 0 {
			values["depth"] = strconv.Itoa(t.Depth)
		}
		if t.Within > 0 {
			values["within"] = sla.FormatDuration(t.Within)
		}
		if t.Warn > 0 {
			values["warn"] = t.Warn.String()
		}
	}
	m := render.FormModal(form, meta, values, nil)
	return Response{Message: fallback, Modal: &m}
}

// FormValues are a submitted form's values by block_id: the text typed, the
// user id picked, or the option's value.
type FormValues map[string]string

// ReadForm turns a submitted form into the command texts it stands for
// (target may stand for two: the MQL goal and the sales targets), checked
// by the same parser as typed commands. It is pure and fast — it runs
// before the submission is acked (docs/architecture.md, Forms). errs, by
// block_id, are the problems to show on the fields; with errs, texts is nil.
func ReadForm(callbackID string, meta render.FormMeta, values FormValues, now time.Time) (texts []string, errs map[string]string) {
	form, ok := render.Forms[callbackID]
	if !ok {
		return nil, map[string]string{"": "unknown form"}
	}
	errs = map[string]string{}
	words := map[string]string{} // key → the word as written in the command
	var name string
	for _, f := range form.Fields {
		v := strings.TrimSpace(values[f.BlockID()])
		if v == "" {
			if !f.Optional {
				errs[f.BlockID()] = "Please fill this in."
			}
			continue
		}
		var problem string
		word := f.Key + "=" + v
		switch f.Kind {
		case render.FieldUser:
			if !isSlackID(v, "UW") {
				problem = "Pick a person."
			}
			word = f.Key + "=<@" + v + ">"
		case render.FieldZone:
			if !containsWord(render.Zones, v) {
				problem = "Pick a timezone from the list."
			}
		case render.FieldMoney:
			_, problem = parsed(sla.ParseMoney(v))
		case render.FieldPercent:
			_, problem = parsed(sla.ParseRatio(v))
		case render.FieldDuration:
			_, problem = parsed(sla.ParseDuration(v))
		case render.FieldCount:
			_, problem = parsed(sla.ParseCount(v, 1_000_000))
		case render.FieldChoice:
			switch {
			case !containsWord(f.Choices, v):
				problem = "Pick one of the choices."
			case f.Word != "" && v == f.Word:
				word = f.Word
			case f.Word != "" || v == f.Choices[0]:
				word = "" // the command's default: left out
			}
		case render.FieldText:
			if strings.ContainsAny(v, "\"“”") {
				problem = "Please leave out double quotes."
			}
			word = f.Key + `="` + v + `"`
			if f.Key == "" {
				name, word = `"`+v+`"`, ""
			}
		}
		if problem != "" {
			if !strings.HasSuffix(problem, ".") || strings.HasPrefix(problem, "is ") {
				problem = fmt.Sprintf("%q %s", v, problem)
			}
			errs[f.BlockID()] = strings.ReplaceAll(problem, "`", "")
			continue
		}
		if word != "" {
			words[f.Key] = word
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	join := func(head string, keys ...string) string {
		parts := []string{head}
		for _, k := range keys {
			if w, ok := words[k]; ok {
				parts = append(parts, w)
			}
		}
		return strings.Join(parts, " ")
	}
	switch callbackID {
	case render.FormSetup:
		texts = []string{join("setup", "marketing", "sales", "service", "tz", "name", "kind")}
	case render.FormPlan, render.FormPlanSegments:
		_, deal := words["deal"]
		_, closeRate := words["close"]
		if deal != closeRate && callbackID == render.FormPlanSegments {
			// One without the other (the plain form requires both): say so
			// on the empty one.
			empty := map[bool]string{true: "f-close", false: "f-deal"}[deal]
			return nil, map[string]string{empty: "Fill in both the deal size and the close rate, or leave both empty to plan per segment."}
		}
		texts = []string{join("plan", "quota", "share", "deal", "close", "month", "then")}
	case render.FormLead:
		texts = []string{join("lead add "+name, "email", "segment", "source", "owner", "id")}
	case render.FormTarget:
		if _, ok := words["mql"]; ok {
			texts = append(texts, join("target", "mql"))
		}
		if sales := join("target", "speed", "depth", "within", "warn"); sales != "target" {
			texts = append(texts, sales)
		}
		if len(texts) == 0 {
			return nil, map[string]string{"f-mql": "Fill in at least one target."}
		}
	}
	loc := formZone(meta.TZ)
	for _, t := range texts {
		if _, err := Parse(t, now, loc); err != nil {
			return nil, map[string]string{formField(form, err): formMessage(err)}
		}
	}
	return texts, nil
}

// zones caches the locations forms are read in: time.LoadLocation reads
// the zone database from disk, and ReadForm runs before an ack.
var zones sync.Map // name → *time.Location

func formZone(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	zones.Store(name, l)
	return l
}

// formField is the field a parser error is about: the one whose key it
// names, or the first.
func formField(form render.Form, err error) string {
	msg := err.Error()
	for _, f := range form.Fields {
		if f.Key != "" && (strings.Contains(msg, "`"+f.Key+"=") || strings.Contains(msg, f.Key+"=")) {
			return f.BlockID()
		}
	}
	return form.Fields[0].BlockID()
}

// formMessage is an error as a field shows it: plain text.
func formMessage(err error) string {
	var ue *UsageError
	msg := err.Error()
	if errors.As(err, &ue) {
		msg = ue.Msg
	}
	msg = strings.ReplaceAll(msg, "`", "")
	if r := []rune(msg); len(r) > 300 {
		msg = string(r[:299]) + "…"
	}
	return msg
}

// isSlackID reports whether s looks like a Slack id starting with one of
// prefixes ("U123ABC").
func isSlackID(s, prefixes string) bool {
	if len(s) < 2 || !strings.ContainsRune(prefixes, rune(s[0])) {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// PlanPreview reads the plan form's figures as typed so far, for the live
// R, C and L: the result, or what is missing or wrong.
func PlanPreview(values FormValues) (sla.PlanInput, *sla.PlanResult, string) {
	var in sla.PlanInput
	var missing []string
	for _, f := range render.Forms[render.FormPlan].Fields[:4] {
		v := strings.TrimSpace(values[f.BlockID()])
		if v == "" {
			missing = append(missing, strings.ToLower(f.Label))
			continue
		}
		var problem string
		switch f.Key {
		case "quota":
			in.Quota, problem = parsed(sla.ParseMoney(v))
		case "deal":
			in.Deal, problem = parsed(sla.ParseMoney(v))
		case "share":
			in.Share, problem = parsed(sla.ParseRatio(v))
		case "close":
			in.Close, problem = parsed(sla.ParseRatio(v))
		}
		if problem != "" {
			return in, nil, fmt.Sprintf("%s: %s", f.Label, strings.ReplaceAll(problem, "`", ""))
		}
	}
	if len(missing) > 0 {
		return in, nil, "Still needed: " + strings.Join(missing, ", ") + "."
	}
	res, err := sla.ComputePlan(in)
	if err != nil {
		return in, nil, sla.ErrorMessage(err)
	}
	return in, &res, ""
}

// PlanModal is the plan form redrawn with the live figures for values as
// typed so far (bot redraws it with views.update as the inputs dispatch
// actions). In the segmented form (render.FormPlanSegments) without a deal
// size or close rate, the figures are per segment, from the agreement's
// segments as they are now, so they are the numbers the command gives.
// The redraw has the same inputs with the same block and action ids, so
// Slack keeps what was typed (views.update reference, "Preserving input
// entry").
func (h *Handler) PlanModal(ctx context.Context, team, callbackID string, meta render.FormMeta, values FormValues) (render.Modal, error) {
	form, ok := render.Forms[callbackID]
	if !ok || (callbackID != render.FormPlan && callbackID != render.FormPlanSegments) {
		return render.Modal{}, fmt.Errorf("%q is not a plan form", callbackID)
	}
	var segs []sla.Segment
	if callbackID == render.FormPlanSegments {
		a, err := h.App.Store.AgreementByChannel(ctx, team, meta.Channel)
		if err != nil {
			return render.Modal{}, err
		}
		if segs, err = h.App.Store.Segments(ctx, team, a.ID); err != nil {
			return render.Modal{}, err
		}
	}
	return planModal(form, meta, segs, values), nil
}

// planModal is a plan form with its live section: per segment when there
// are segments and neither deal size nor close rate is typed, else R, C
// and L.
func planModal(form render.Form, meta render.FormMeta, segs []sla.Segment, values FormValues) render.Modal {
	if len(segs) == 0 && len(values) == 0 {
		return render.FormModal(form, meta, nil, render.PlanFigures(sla.PlanInput{}, nil, ""))
	}
	deal := strings.TrimSpace(values["f-deal"]) != ""
	closeRate := strings.TrimSpace(values["f-close"]) != ""
	if len(segs) == 0 || deal || closeRate {
		in, res, problem := PlanPreview(values)
		if res == nil && len(segs) > 0 && !(deal && closeRate) && strings.HasPrefix(problem, "Still needed") {
			problem += " Or leave the deal size and close rate empty to plan per segment."
		}
		return render.FormModal(form, meta, nil, render.PlanFigures(in, res, problem))
	}
	quota, share, p, problem := SegmentedPlanPreview(values, segs)
	return render.FormModal(form, meta, nil, render.SegmentedPlanFigures(quota, share, p, problem))
}

// SegmentedPlanPreview reads the plan form's quota and share as typed so
// far and plans them per segment (sla.ComputeSegmentedPlan, as `/sla plan
// quota=… share=…` does): the plan, or what is missing or wrong.
func SegmentedPlanPreview(values FormValues, segs []sla.Segment) (sla.Money, sla.Ratio, *sla.SegmentedPlan, string) {
	var quota sla.Money
	var share sla.Ratio
	var missing []string
	for _, f := range render.Forms[render.FormPlanSegments].Fields[:2] {
		v := strings.TrimSpace(values[f.BlockID()])
		if v == "" {
			missing = append(missing, strings.ToLower(f.Label))
			continue
		}
		var problem string
		if f.Key == "quota" {
			quota, problem = parsed(sla.ParseMoney(v))
		} else {
			share, problem = parsed(sla.ParseRatio(v))
		}
		if problem != "" {
			return quota, share, nil, fmt.Sprintf("%s: %s", f.Label, strings.ReplaceAll(problem, "`", ""))
		}
	}
	if len(missing) > 0 {
		return quota, share, nil, fmt.Sprintf("Still needed: %s. The plan is made per segment (%s) unless you give a deal size and close rate.",
			strings.Join(missing, ", "), sla.MixList(segs))
	}
	p, err := sla.ComputeSegmentedPlan(quota, share, segs)
	if err != nil {
		return quota, share, nil, strings.ReplaceAll(sla.ErrorMessage(err), "`", "")
	}
	return quota, share, &p, ""
}
