package render

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/sla"
)

// The forms: `/sla setup`, `plan`, `lead add` and `target` typed alone open
// one of these modals (docs/design.md, Forms). Each is a table of fields;
// commands turns the submitted values back into the command's text, so a
// form runs exactly what the command runs.

// Callback ids of the forms' views.
const (
	FormSetup = "form-setup"
	FormPlan  = "form-plan"
	// FormPlanSegments is the plan form of an agreement with segments:
	// deal size and close rate may be left empty to plan per segment.
	FormPlanSegments = "form-plan-seg"
	FormLead         = "form-lead"
	FormTarget       = "form-target"
)

// ActionFormPrefix starts the action_id of an App Home button that opens a
// form: the prefix and the form's callback id; its value is the channel.
const ActionFormPrefix = "open-"

// Slack's modal limits ("Modal views" reference, docs.slack.dev): title,
// submit and close at most 24 characters, 100 blocks, private_metadata 3000
// characters; a static select at most 100 options.
const (
	MaxModalTitle    = 24
	MaxModalBlocks   = 100
	MaxPrivateMeta   = 3000
	MaxSelectOptions = 100
)

// FieldKind says how a field is entered and read.
type FieldKind int

// The kinds of field.
const (
	FieldText     FieldKind = iota // plain text, written key="…"
	FieldUser                      // users_select, written key=<@U…>
	FieldZone                      // static_select of Zones
	FieldMoney                     // plain text, so "$250k" works as in the command
	FieldPercent                   // plain text: "40%" or "0.4"
	FieldCount                     // number_input, whole numbers
	FieldDuration                  // plain text: "1h", "90m", "2d"
	FieldChoice                    // static_select of Choices
)

// Field is one input of a form. Its block_id is "f-"+Key, its action_id Key.
type Field struct {
	Key      string // the command's option; "" for the lead's name, written as the positional word
	Label    string
	Hint     string
	Kind     FieldKind
	Optional bool
	Choices  []string // FieldChoice: values; the first is the initial one
	// Word: for a FieldChoice, the value written as a bare word (plan's
	// "apply"), the others are left out.
	Word string
	// Live: typing in it sends block_actions at once (dispatch_action), for
	// the plan's live R, C and L.
	Live bool
}

// BlockID is the field's block_id, which response_action errors name.
func (f Field) BlockID() string { return "f-" + f.keyOrName() }

func (f Field) keyOrName() string {
	if f.Key == "" {
		return "name"
	}
	return f.Key
}

// Form is a form's definition.
type Form struct {
	CallbackID string
	Title      string // ≤ 24 characters
	Submit     string
	Intro      string
	Fields     []Field
}

// Forms are the forms by callback id.
var Forms = map[string]Form{
	FormSetup: {CallbackID: FormSetup, Title: "Set up the SLA", Submit: "Set up",
		Intro: "The agreement between marketing and sales in this channel. Each party has an owner who answers for its goal.",
		Fields: []Field{
			{Key: "marketing", Label: "Marketing owner", Kind: FieldUser},
			{Key: "sales", Label: "Sales owner", Kind: FieldUser},
			{Key: "service", Label: "Customer-service owner", Hint: "Only for a multi-level agreement.", Kind: FieldUser, Optional: true},
			{Key: "tz", Label: "Timezone", Hint: "Business hours, digests and months follow it. Another zone: `/sla setup … tz=Area/City`.", Kind: FieldZone, Optional: true},
			{Key: "name", Label: "Name", Hint: "Leave empty to name it after the channel.", Kind: FieldText, Optional: true},
			{Key: "kind", Label: "Kind", Kind: FieldChoice, Choices: []string{"internal", "multi-level", "customer"}, Optional: true},
		}},
	FormPlan: {CallbackID: FormPlan, Title: "Plan the month", Submit: "Save plan",
		Intro: "The MQL goal derived from the sales quota: R = quota × share, C = ⌈R ÷ deal⌉, L = ⌈C ÷ close rate⌉.",
		Fields: []Field{
			{Key: "quota", Label: "Sales quota", Hint: "e.g. $250k", Kind: FieldMoney, Live: true},
			{Key: "share", Label: "Share from marketing", Hint: "e.g. 40%", Kind: FieldPercent, Live: true},
			{Key: "deal", Label: "Average deal size", Hint: "e.g. $2,500", Kind: FieldMoney, Live: true},
			{Key: "close", Label: "Lead-to-customer close rate", Hint: "e.g. 25%", Kind: FieldPercent, Live: true},
			{Key: "month", Label: "Month", Hint: "e.g. 2026-12; empty for this month", Kind: FieldText, Optional: true},
			{Key: "then", Label: "Then", Kind: FieldChoice, Choices: []string{"show", "apply"}, Word: "apply", Optional: true},
		}},
	FormPlanSegments: {CallbackID: FormPlanSegments, Title: "Plan the month", Submit: "Save plan",
		Intro: "The MQL goal derived from the sales quota, per segment: R_s = quota × share × mix_s, C_s = ⌈R_s ÷ deal_s⌉, L_s = ⌈C_s ÷ close_s⌉, L = Σ L_s. Give a deal size and close rate to plan over all leads instead.",
		Fields: []Field{
			{Key: "quota", Label: "Sales quota", Hint: "e.g. $250k", Kind: FieldMoney, Live: true},
			{Key: "share", Label: "Share from marketing", Hint: "e.g. 40%", Kind: FieldPercent, Live: true},
			{Key: "deal", Label: "Average deal size", Hint: "Leave empty, with the close rate, to plan per segment.", Kind: FieldMoney, Live: true, Optional: true},
			{Key: "close", Label: "Lead-to-customer close rate", Hint: "Leave empty, with the deal size, to plan per segment.", Kind: FieldPercent, Live: true, Optional: true},
			{Key: "month", Label: "Month", Hint: "e.g. 2026-12; empty for this month", Kind: FieldText, Optional: true},
			{Key: "then", Label: "Then", Kind: FieldChoice, Choices: []string{"show", "apply"}, Word: "apply", Optional: true},
		}},
	FormLead: {CallbackID: FormLead, Title: "Record a lead", Submit: "Record",
		Fields: []Field{
			{Key: "", Label: "Name or email", Kind: FieldText},
			{Key: "email", Label: "Email", Kind: FieldText, Optional: true},
			{Key: "segment", Label: "Segment", Kind: FieldText, Optional: true},
			{Key: "source", Label: "Source", Kind: FieldChoice, Choices: []string{"marketing", "sales"}, Optional: true},
			{Key: "owner", Label: "Owner", Hint: "The sales rep it is handed to; the speed clock starts.", Kind: FieldUser, Optional: true},
			{Key: "id", Label: "External id", Hint: "The CRM's id, if any.", Kind: FieldText, Optional: true},
		}},
	FormTarget: {CallbackID: FormTarget, Title: "Targets", Submit: "Save targets",
		Intro: "Leave a field empty to keep it as it is.",
		Fields: []Field{
			{Key: "mql", Label: "MQL goal this month", Kind: FieldCount, Optional: true},
			{Key: "speed", Label: "First follow-up within", Hint: "Business time, e.g. 1h or 30m", Kind: FieldDuration, Optional: true},
			{Key: "depth", Label: "Attempts on a lead not reached", Kind: FieldCount, Optional: true},
			{Key: "within", Label: "Attempts within", Hint: "Calendar time from hand-off, e.g. 14d", Kind: FieldDuration, Optional: true},
			{Key: "warn", Label: "Warn at", Hint: "Share of the speed target, e.g. 75%", Kind: FieldPercent, Optional: true},
		}},
}

// Zones is the timezone select: a curated list, because a static select
// holds at most 100 options (Block Kit reference) and the IANA database has
// over 400 zones. Any other zone is typed with `/sla setup … tz=`.
var Zones = []string{
	"UTC",
	"America/Anchorage", "America/Los_Angeles", "America/Denver", "America/Phoenix", "America/Chicago",
	"America/Mexico_City", "America/New_York", "America/Toronto", "America/Halifax", "America/Bogota",
	"America/Lima", "America/Santiago", "America/Buenos_Aires", "America/Sao_Paulo", "Pacific/Honolulu",
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Paris", "Europe/Brussels",
	"Europe/Amsterdam", "Europe/Berlin", "Europe/Zurich", "Europe/Rome", "Europe/Stockholm", "Europe/Oslo",
	"Europe/Copenhagen", "Europe/Warsaw", "Europe/Prague", "Europe/Vienna", "Europe/Budapest",
	"Europe/Athens", "Europe/Helsinki", "Europe/Kyiv", "Europe/Istanbul", "Europe/Moscow",
	"Africa/Casablanca", "Africa/Lagos", "Africa/Cairo", "Africa/Nairobi", "Africa/Johannesburg",
	"Asia/Dubai", "Asia/Riyadh", "Asia/Tehran", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka",
	"Asia/Bangkok", "Asia/Jakarta", "Asia/Ho_Chi_Minh", "Asia/Singapore", "Asia/Kuala_Lumpur",
	"Asia/Manila", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Taipei", "Asia/Seoul", "Asia/Tokyo",
	"Australia/Perth", "Australia/Adelaide", "Australia/Brisbane", "Australia/Sydney", "Australia/Melbourne",
	"Pacific/Auckland",
}

// FormMeta is what a form carries in private_metadata: where the command
// came from, so the submission runs there, and the agreement's zone, so
// that reading the values (months, times) needs no database.
type FormMeta struct {
	Channel     string `json:"c"`
	ChannelName string `json:"n,omitempty"`
	TZ          string `json:"tz,omitempty"`
}

// Encode is the private_metadata string.
func (m FormMeta) Encode() string {
	b, _ := json.Marshal(m)
	return string(b)
}

// DecodeFormMeta reads private_metadata.
func DecodeFormMeta(s string) (FormMeta, error) {
	var m FormMeta
	err := json.Unmarshal([]byte(s), &m)
	return m, err
}

// Modal is a modal view.
type Modal struct {
	View slack.ModalViewRequest
}

// FormModal builds form's modal. values pre-fill fields (by key; the lead's
// name under "name"); extra blocks (the plan's live figures) come after the
// intro.
func FormModal(form Form, meta FormMeta, values map[string]string, extra []slack.Block) Modal {
	var blocks []slack.Block
	if form.Intro != "" {
		blocks = append(blocks, Context(form.Intro))
	}
	blocks = append(blocks, extra...)
	for _, f := range form.Fields {
		blocks = append(blocks, inputBlock(f, values[f.keyOrName()]))
	}
	return Modal{View: slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plain(form.Title, MaxModalTitle),
		Submit:          plain(form.Submit, MaxModalTitle),
		Close:           plain("Cancel", MaxModalTitle),
		Blocks:          slack.Blocks{BlockSet: blocks},
		PrivateMetadata: meta.Encode(),
		CallbackID:      form.CallbackID,
	}}
}

func option(v string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(v, plain(v, 75), nil)
}

func inputBlock(f Field, initial string) *slack.InputBlock {
	var el slack.BlockElement
	action := f.keyOrName()
	switch f.Kind {
	case FieldUser:
		s := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Pick a person", 150), action)
		s.InitialUser = initial
		el = s
	case FieldZone, FieldChoice:
		list := f.Choices
		if f.Kind == FieldZone {
			list = Zones
		}
		opts := make([]*slack.OptionBlockObject, len(list))
		for i, v := range list {
			opts[i] = option(v)
		}
		s := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Choose", 150), action, opts...)
		if initial == "" && f.Kind == FieldChoice {
			initial = list[0]
		}
		for _, o := range opts {
			if o.Value == initial {
				s.InitialOption = o
			}
		}
		el = s
	case FieldCount:
		n := slack.NewNumberInputBlockElement(nil, action, false)
		n.InitialValue = initial
		n.MinValue = "0"
		el = n
	default:
		t := slack.NewPlainTextInputBlockElement(nil, action)
		t.InitialValue = initial
		if f.Live {
			// Slack sends block_actions as characters are typed (Block Kit
			// reference, dispatch_action_config).
			t.DispatchActionConfig = &slack.DispatchActionConfig{TriggerActionsOn: []string{"on_character_entered"}}
		}
		el = t
	}
	var hint *slack.TextBlockObject
	if f.Hint != "" {
		hint = plain(f.Hint, 2000)
	}
	b := slack.NewInputBlock(f.BlockID(), plain(f.Label, 2000), hint, el)
	b.Optional = f.Optional
	b.DispatchAction = f.Live
	return b
}

// PlanFigures is the plan modal's live section: R, C and L for what has
// been typed so far, or what is still missing.
func PlanFigures(in sla.PlanInput, res *sla.PlanResult, problem string) []slack.Block {
	if res == nil {
		if problem == "" {
			problem = "Type the four figures: R, C and L appear here as you type."
		}
		return []slack.Block{sectionID("plan-figures", ":abacus: "+problem)}
	}
	return []slack.Block{sectionID("plan-figures", strings.Join([]string{
		fmt.Sprintf("R = %s × %s = *%s*", in.Quota, in.Share, res.Revenue),
		fmt.Sprintf("C = ⌈%s ÷ %s⌉ = *%d* customers", res.Revenue, in.Deal, res.Customers),
		fmt.Sprintf("L = ⌈%d ÷ %s⌉ = *%d MQLs*", res.Customers, in.Close, res.Leads),
	}, "\n"))}
}

// SegmentedPlanFigures is the plan modal's live section when the plan is
// made per segment: R_s, C_s, L_s and the value goal, worded as the
// command's reply (segmentedPlanLines), or what is still missing.
func SegmentedPlanFigures(quota sla.Money, share sla.Ratio, p *sla.SegmentedPlan, problem string) []slack.Block {
	if p == nil {
		return []slack.Block{sectionID("plan-figures", ":abacus: "+problem)}
	}
	return []slack.Block{sectionID("plan-figures", strings.Join(segmentedPlanLines(quota, share, *p), "\n"))}
}

func sectionID(id, text string) slack.Block {
	return slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID(id))
}

// ViewProblems lists how a modal breaks Slack's documented limits, empty
// when it is fine: title, submit and close length, block count,
// private_metadata, block ids, input labels, and select options.
func ViewProblems(v slack.ModalViewRequest) []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	short := func(name string, t *slack.TextBlockObject, required bool) {
		switch {
		case t == nil && required:
			add("%s is missing", name)
		case t != nil && (len([]rune(t.Text)) == 0 || len([]rune(t.Text)) > MaxModalTitle):
			add("%s %q is not 1 to %d characters", name, t.Text, MaxModalTitle)
		}
	}
	short("title", v.Title, true)
	short("submit", v.Submit, false)
	short("close", v.Close, false)
	if n := len(v.Blocks.BlockSet); n > MaxModalBlocks {
		add("%d blocks, more than %d", n, MaxModalBlocks)
	}
	if n := len([]rune(v.PrivateMetadata)); n > MaxPrivateMeta {
		add("private_metadata of %d characters, more than %d", n, MaxPrivateMeta)
	}
	seen := map[string]bool{}
	for _, b := range v.Blocks.BlockSet {
		if id := b.ID(); id != "" {
			if seen[id] {
				add("block_id %q twice", id)
			}
			seen[id] = true
		}
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		if v.Submit == nil {
			add("input %q without a submit button", in.BlockID)
		}
		if in.Label == nil || len([]rune(in.Label.Text)) == 0 || len([]rune(in.Label.Text)) > 2000 {
			add("input %q: label not 1 to 2000 characters", in.BlockID)
		}
		if s, ok := in.Element.(*slack.SelectBlockElement); ok && s.Type == slack.OptTypeStatic {
			if len(s.Options) > MaxSelectOptions || len(s.Options) == 0 {
				add("input %q: %d options, not 1 to %d", in.BlockID, len(s.Options), MaxSelectOptions)
			}
			for _, o := range s.Options {
				if len([]rune(o.Text.Text)) > 75 || len([]rune(o.Value)) > 150 {
					add("input %q: option %q too long", in.BlockID, o.Value)
				}
			}
		}
	}
	return probs
}
