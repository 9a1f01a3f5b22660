package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/commands"
	"github.com/slabot/slabot/render"
)

// Modals (docs/architecture.md, Forms). A form's submission must be
// answered in its ack: Slack shows response_action errors on the fields
// only from the ack, within its 3 seconds ("Acknowledging requests", Bolt;
// in socket mode the ack's "payload"). So the socket's reader asks
// viewAck for the ack's payload, and viewAck reads the form with
// commands.ReadForm, which is pure (the parser, no database, no Slack):
// microseconds, like decoding. Everything that needs the database — the
// permission rules, the write — runs after the ack in a worker, through
// the same Handle as the typed command, and answers in the channel.

// viewOpenTimeout bounds views.open: a trigger_id lasts 3 seconds
// (views.open reference: expired_trigger_id), so a slower call is lost anyway.
const viewOpenTimeout = 3 * time.Second

// OpenView opens m with a trigger_id (views.open). No retries: the trigger
// is single-use and short-lived.
func (s *Sender) OpenView(ctx context.Context, triggerID string, m render.Modal) error {
	ctx, cancel := context.WithTimeout(ctx, viewOpenTimeout)
	defer cancel()
	_, err := s.API.OpenViewContext(ctx, triggerID, m.View)
	if err != nil {
		return fmt.Errorf("views.open: %w", err)
	}
	return nil
}

// UpdateView replaces an open modal (views.update); hash makes Slack refuse
// it if the view changed meanwhile (hash_conflict).
func (s *Sender) UpdateView(ctx context.Context, viewID, hash string, m render.Modal) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := s.API.UpdateViewContext(ctx, m.View, "", hash, viewID); err != nil {
		return fmt.Errorf("views.update: %w", err)
	}
	return nil
}

// viewAck is the ack payload of an interactive envelope: for a form's
// view_submission with bad values, response_action errors keyed by
// block_id; nil otherwise (the modal closes). Called from the socket's
// reader: pure and fast.
func (b *Bot) viewAck(env envelope) json.RawMessage {
	// Buttons are most interactive envelopes: skip decoding them here.
	if env.Type != "interactive" || !bytes.Contains(env.Payload, []byte(`"view_submission"`)) {
		return nil
	}
	var peek struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(env.Payload, &peek) != nil || peek.Type != string(slack.InteractionTypeViewSubmission) {
		return nil
	}
	var cb slack.InteractionCallback
	if json.Unmarshal(env.Payload, &cb) != nil {
		return nil
	}
	errs := b.readSubmission(cb).errs
	if len(errs) == 0 {
		return nil
	}
	out, _ := json.Marshal(slack.NewErrorsViewSubmissionResponse(errs))
	return out
}

type submission struct {
	form  bool // one of slabot's forms
	meta  render.FormMeta
	texts []string
	errs  map[string]string
}

// readSubmission reads a view_submission as one of the forms.
func (b *Bot) readSubmission(cb slack.InteractionCallback) submission {
	if _, ok := render.Forms[cb.View.CallbackID]; !ok {
		return submission{}
	}
	meta, err := render.DecodeFormMeta(cb.View.PrivateMetadata)
	if err != nil || meta.Channel == "" {
		return submission{form: true, errs: map[string]string{}}
	}
	texts, errs := commands.ReadForm(cb.View.CallbackID, meta, formValues(cb.View.State), b.opt.Now())
	return submission{form: true, meta: meta, texts: texts, errs: errs}
}

// formValues flattens a view's state (block_id → action_id → value) to one
// value per block: the text typed, the user picked, the option chosen.
func formValues(st *slack.ViewState) commands.FormValues {
	out := commands.FormValues{}
	if st == nil {
		return out
	}
	for block, acts := range st.Values {
		for _, a := range acts {
			switch {
			case a.SelectedUser != "":
				out[block] = a.SelectedUser
			case a.SelectedOption.Value != "":
				out[block] = a.SelectedOption.Value
			default:
				out[block] = a.Value
			}
		}
	}
	return out
}

// viewSubmission runs a form acked without errors: each command it stands
// for through Handle in the form's channel, the answers there, then the
// App Home redrawn.
func (b *Bot) viewSubmission(ctx context.Context, envelope string, cb slack.InteractionCallback) {
	sub := b.readSubmission(cb)
	if !sub.form || len(sub.errs) > 0 {
		return
	}
	if !b.firstDelivery(ctx, cb.Team.ID, envelope) {
		return
	}
	user := cb.User.ID
	for i, text := range sub.texts {
		req := commands.Request{
			TeamID: cb.Team.ID, UserID: user, ChannelID: sub.meta.Channel, ChannelName: sub.meta.ChannelName,
			Text: text, Key: fmt.Sprintf("%s/%d", envelope, i),
			WorkspaceAdmin: func(ctx context.Context) bool { return b.isWorkspaceAdmin(ctx, user) },
		}
		resp := b.opt.Commands.Handle(ctx, req)
		b.opt.Metrics.command(text, b.opt.Now(), resp.Failed)
		b.deliver(ctx, sub.meta.Channel, user, "", resp)
		for _, f := range resp.Followups {
			b.followup(ctx, f)
		}
		if resp.Failed {
			break // the next part of a form would act on a refused first
		}
	}
	b.refreshHome(ctx, cb.Team.ID, user)
}

func (b *Bot) refreshHome(ctx context.Context, team, user string) {
	if b.opt.Jobs == nil {
		return
	}
	if err := b.opt.Jobs.Home(ctx, team, user, b.opt.Now()); err != nil {
		b.log.Error("app home failed", "team", team, "user", user, "err", err)
	}
}

// viewAction answers an action inside one of the forms: the plan's inputs
// redraw R, C and L as they are typed (views.update with the view's hash,
// so an older redraw never overwrites a newer one).
func (b *Bot) viewAction(ctx context.Context, cb slack.InteractionCallback) {
	if cb.View.CallbackID != render.FormPlan && cb.View.CallbackID != render.FormPlanSegments {
		return
	}
	meta, err := render.DecodeFormMeta(cb.View.PrivateMetadata)
	if err != nil {
		return
	}
	// The segmented form reads the agreement's segments: a worker runs
	// this after the ack, so the database may be asked.
	m, err := b.opt.Commands.PlanModal(ctx, cb.Team.ID, cb.View.CallbackID, meta, formValues(cb.View.State))
	if err != nil {
		b.log.Error("plan preview not drawn", "team", cb.Team.ID, "user", cb.User.ID, "err", err)
		return
	}
	err = b.send.UpdateView(ctx, cb.View.ID, cb.View.Hash, m)
	if err != nil && !strings.Contains(err.Error(), "hash_conflict") {
		b.log.Error("plan preview not shown", "team", cb.Team.ID, "user", cb.User.ID, "err", err)
	}
}

// homeForm opens a form from an App Home button: the value is the
// agreement's channel, where the form's command runs.
func (b *Bot) homeForm(ctx context.Context, envelope string, cb slack.InteractionCallback, act *slack.BlockAction) {
	if !b.firstDelivery(ctx, cb.Team.ID, envelope) {
		return
	}
	form := strings.TrimPrefix(act.ActionID, render.ActionFormPrefix)
	user := cb.User.ID
	req := commands.Request{
		TeamID: cb.Team.ID, UserID: user, ChannelID: act.Value,
		WorkspaceAdmin: func(ctx context.Context) bool { return b.isWorkspaceAdmin(ctx, user) },
	}
	resp := b.opt.Commands.OpenForm(ctx, req, form)
	if resp.Modal != nil {
		if err := b.send.OpenView(ctx, cb.TriggerID, *resp.Modal); err == nil {
			return
		} else {
			b.log.Error("form not opened", "team", cb.Team.ID, "user", user, "form", form, "err", err)
		}
	}
	// No modal (refused, or views.open failed): say so in the bot's DM.
	if _, _, err := b.send.DM(ctx, user, render.Fit(resp.Message)); err != nil {
		b.log.Error("form answer not delivered", "user", user, "err", err)
	}
}
