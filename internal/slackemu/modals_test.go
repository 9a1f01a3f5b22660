package slackemu

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func (s *Server) testTrigger(user, view string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.triggerIDLocked(user, view)
}

func nameInput(blockID string, optional bool) *slack.InputBlock {
	b := slack.NewInputBlock(blockID, slack.NewTextBlockObject(slack.PlainTextType, "Name", false, false), nil,
		slack.NewPlainTextInputBlockElement(nil, "name"))
	b.Optional = optional
	return b
}

func modalView(title string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  slack.NewTextBlockObject(slack.PlainTextType, title, false, false),
		Submit: slack.NewTextBlockObject(slack.PlainTextType, "Save", false, false),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// A trigger_id opens one view, within three seconds (views.open errors
// exchanged_trigger_id, expired_trigger_id, invalid_trigger_id).
func TestViewsOpenTriggers(t *testing.T) {
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	s := start(t, func(c *Config) { c.Now = clk.Now })
	api := botAPI(s)
	v := modalView("Hello", nameInput("b-name", false))

	tr := s.testTrigger(ada, "")
	resp, err := api.OpenViewContext(ctxT(t), tr, v)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Type != slack.VTModal || resp.Hash == "" || resp.ID == "" {
		t.Errorf("views.open answered %+v", resp.View)
	}
	if m, ok := s.OpenModal(ada); !ok || m.Title != "Hello" || m.Depth != 1 {
		t.Errorf("open modal %+v %v", m, ok)
	}
	if _, err := api.OpenViewContext(ctxT(t), tr, v); slackErr(err) != "exchanged_trigger_id" {
		t.Errorf("second use: %v, want exchanged_trigger_id", err)
	}
	late := s.testTrigger(ada, "")
	clk.Add(3*time.Second + time.Millisecond)
	if _, err := api.OpenViewContext(ctxT(t), late, v); slackErr(err) != "expired_trigger_id" {
		t.Errorf("after 3 s: %v, want expired_trigger_id", err)
	}
	onTime := s.testTrigger(ada, "")
	clk.Add(3 * time.Second)
	if _, err := api.OpenViewContext(ctxT(t), onTime, v); err != nil {
		t.Errorf("exactly 3 s: %v", err)
	}
	if _, err := api.OpenViewContext(ctxT(t), "1.2.nope", v); slackErr(err) != "invalid_trigger_id" {
		t.Errorf("unknown trigger: %v", err)
	}
}

// The modal view limits of the "Modal views" reference and the Block Kit
// input and select limits.
func TestModalLimits(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	many := func(n int) []slack.Block {
		out := make([]slack.Block, n)
		for i := range out {
			out[i] = slack.NewDividerBlock()
		}
		return out
	}
	options := func(n int) []*slack.OptionBlockObject {
		out := make([]*slack.OptionBlockObject, n)
		for i := range out {
			v := strings.Repeat("x", i%5+1) + string(rune('a'+i%26)) + strings.Repeat("y", i/26)
			out[i] = slack.NewOptionBlockObject(v, slack.NewTextBlockObject(slack.PlainTextType, v, false, false), nil)
		}
		return out
	}
	selectInput := func(n int) slack.Block {
		return slack.NewInputBlock("b-pick", slack.NewTextBlockObject(slack.PlainTextType, "Pick", false, false), nil,
			slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "pick", options(n)...))
	}
	for _, c := range []struct {
		name string
		edit func(v *slack.ModalViewRequest)
		want string // "" when accepted
	}{
		{"title of 24", func(v *slack.ModalViewRequest) { v.Title.Text = strings.Repeat("t", 24) }, ""},
		{"title of 25", func(v *slack.ModalViewRequest) { v.Title.Text = strings.Repeat("t", 25) }, "/view/title/text"},
		{"submit of 25", func(v *slack.ModalViewRequest) { v.Submit.Text = strings.Repeat("s", 25) }, "/view/submit/text"},
		{"close of 25", func(v *slack.ModalViewRequest) {
			v.Close = slack.NewTextBlockObject(slack.PlainTextType, strings.Repeat("c", 25), false, false)
		}, "/view/close/text"},
		{"100 blocks", func(v *slack.ModalViewRequest) { v.Blocks.BlockSet = many(100) }, ""},
		{"101 blocks", func(v *slack.ModalViewRequest) { v.Blocks.BlockSet = many(101) }, "no more than 100 items"},
		{"private_metadata of 3000", func(v *slack.ModalViewRequest) { v.PrivateMetadata = strings.Repeat("m", 3000) }, ""},
		{"private_metadata of 3001", func(v *slack.ModalViewRequest) { v.PrivateMetadata = strings.Repeat("m", 3001) }, "/view/private_metadata"},
		{"input without submit", func(v *slack.ModalViewRequest) { v.Submit = nil }, "submit is required"},
		{"no title", func(v *slack.ModalViewRequest) { v.Title = nil }, "missing required field: title"},
		{"100 options", func(v *slack.ModalViewRequest) { v.Blocks.BlockSet = []slack.Block{selectInput(100)} }, ""},
		{"101 options", func(v *slack.ModalViewRequest) { v.Blocks.BlockSet = []slack.Block{selectInput(101)} }, "/element/options"},
		{"a home view", func(v *slack.ModalViewRequest) { v.Type = slack.VTHomeTab }, "/view/type"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := modalView("Limits", nameInput("b-name", false))
			c.edit(&v)
			_, err := api.OpenViewContext(ctxT(t), s.testTrigger(ada, ""), v)
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var se slack.SlackErrorResponse
			if slackErr(err) != "invalid_arguments" || !asSlackErr(err, &se) || !strings.Contains(strings.Join(se.ResponseMetadata.Messages, "\n"), c.want) {
				t.Fatalf("got %v (%v), want invalid_arguments naming %q", err, se.ResponseMetadata.Messages, c.want)
			}
		})
	}
}

func asSlackErr(err error, se *slack.SlackErrorResponse) bool {
	e, ok := err.(slack.SlackErrorResponse)
	if ok {
		*se = e
	}
	return ok
}

// views.push stacks at most three views; views.update takes the latest hash
// and keeps what was typed in inputs it still has.
func TestViewsPushAndUpdate(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	root, err := api.OpenViewContext(ctxT(t), s.testTrigger(ada, ""), modalView("Root", nameInput("b-name", false)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.PushViewContext(ctxT(t), s.testTrigger(ada, ""), modalView("Two", slack.NewDividerBlock())); slackErr(err) != "invalid_trigger_id" {
		t.Errorf("push with a trigger from outside the modal: %v", err)
	}
	for i, title := range []string{"Two", "Three"} {
		if _, err := api.PushViewContext(ctxT(t), s.testTrigger(ada, root.ID), modalView(title, slack.NewDividerBlock())); err != nil {
			t.Fatalf("push %d: %v", i+2, err)
		}
	}
	if _, err := api.PushViewContext(ctxT(t), s.testTrigger(ada, root.ID), modalView("Four", slack.NewDividerBlock())); slackErr(err) != "push_limit_reached" {
		t.Errorf("fourth view: %v, want push_limit_reached", err)
	}
	if m, _ := s.OpenModal(ada); m.Depth != 3 || m.Title != "Three" {
		t.Errorf("stack top %q depth %d", m.Title, m.Depth)
	}

	s.mu.Lock()
	if _, err := s.fillLocked(ada, map[string]string{}); err != nil {
		t.Fatal(err)
	}
	s.modals[ada][0].values["b-name"] = map[string]any{"name": map[string]any{"type": "plain_text_input", "value": "typed"}}
	s.mu.Unlock()
	if _, err := api.UpdateViewContext(ctxT(t), modalView("Root 2", nameInput("b-name", false)), "", "stale", root.ID); slackErr(err) != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	up, err := api.UpdateViewContext(ctxT(t), modalView("Root 2", nameInput("b-name", false)), "", root.Hash, root.ID)
	if err != nil {
		t.Fatal(err)
	}
	if up.Hash == root.Hash || up.Title.Text != "Root 2" {
		t.Errorf("update answered hash %q title %q", up.Hash, up.Title.Text)
	}
	if v := up.State.Values["b-name"]["name"].Value; v != "typed" {
		t.Errorf("the input's value after update: %q, want kept", v)
	}
	if _, err := api.UpdateViewContext(ctxT(t), modalView("X", slack.NewDividerBlock()), "", "", "V0NONE"); slackErr(err) != "not_found" {
		t.Errorf("unknown view: %v", err)
	}
}

// A view_submission is acked with response_action errors (the view stays,
// the errors under its inputs), clear, update, or nothing (the view closes).
func TestViewSubmissionAck(t *testing.T) {
	s := start(t, nil)
	api := botAPI(s)
	var answer any
	startBot(t, s, func(_ *socketmode.Client, evt socketmode.Event) (bool, any) {
		if cb, ok := evt.Data.(slack.InteractionCallback); ok && cb.Type == slack.InteractionTypeViewSubmission {
			return true, answer
		}
		return true, nil
	})
	if err := s.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	view := modalView("Form", nameInput("b-name", false), nameInput("b-note", true), slack.NewDividerBlock())
	view.Blocks.BlockSet[2] = slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "hi", false, false), nil, nil, slack.SectionBlockOptionBlockID("b-text"))
	if _, err := api.OpenViewContext(ctxT(t), s.testTrigger(ada, ""), view); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SubmitView(ctxT(t), ada, nil); err == nil || !strings.Contains(err.Error(), "required") {
		t.Errorf("empty required input submitted: %v", err)
	}

	answer = slack.NewErrorsViewSubmissionResponse(map[string]string{"b-name": "Too short."})
	res, err := s.SubmitView(ctxT(t), ada, map[string]string{"b-name": "x"})
	if err != nil || res.Action != "errors" || res.Errors["b-name"] != "Too short." {
		t.Fatalf("errors ack: %+v %v", res, err)
	}
	if m, ok := s.OpenModal(ada); !ok || m.Errors["b-name"] != "Too short." {
		t.Error("the view stays open with the error")
	}

	answer = slack.NewErrorsViewSubmissionResponse(map[string]string{"b-text": "not an input"})
	if res, _ := s.SubmitView(ctxT(t), ada, map[string]string{"b-name": "x"}); res.Problem == "" {
		t.Error("errors on a block that is no input: Slack refuses them")
	}

	upd := modalView("Step 2", nameInput("b-name", false))
	answer = slack.NewUpdateViewSubmissionResponse(&upd)
	if res, _ := s.SubmitView(ctxT(t), ada, map[string]string{"b-name": "long enough"}); res.Action != "update" || res.Problem != "" {
		t.Fatalf("update ack: %+v", res)
	}
	m, _ := s.OpenModal(ada)
	if m.Title != "Step 2" {
		t.Errorf("after update: %q", m.Title)
	}
	var state struct {
		State struct {
			Values map[string]map[string]map[string]any `json:"values"`
		} `json:"state"`
	}
	_ = json.Unmarshal(m.Raw, &state)
	if state.State.Values["b-name"]["name"]["value"] != "long enough" {
		t.Errorf("the typed value is kept across update: %v", state.State.Values)
	}

	answer = nil
	if res, _ := s.SubmitView(ctxT(t), ada, nil); res.Action != "" || res.Problem != "" {
		t.Fatalf("plain ack: %+v", res)
	}
	if _, ok := s.OpenModal(ada); ok {
		t.Error("a plain ack closes the view")
	}

	if _, err := api.OpenViewContext(ctxT(t), s.testTrigger(ada, ""), modalView("Again", nameInput("b-name", false))); err != nil {
		t.Fatal(err)
	}
	answer = slack.NewClearViewSubmissionResponse()
	if res, _ := s.SubmitView(ctxT(t), ada, map[string]string{"b-name": "y"}); res.Action != "clear" {
		t.Errorf("clear ack: %+v", res)
	}
	if _, ok := s.OpenModal(ada); ok {
		t.Error("clear closes the whole stack")
	}
}
