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
	case render.FormPlan:
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
	var extra = render.PlanFigures(sla.PlanInput{}, nil, "")
	if form.CallbackID != render.FormPlan {
		extra = nil
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
	m := render.FormModal(form, meta, values, extra)
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
	case render.FormPlan:
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
