package slackemu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// Modal limits and trigger rules, from Slack's docs:
//   - "Modal views" reference (docs.slack.dev/reference/views/modal-views):
//     title, submit and close at most 24 characters, at most 100 blocks,
//     private_metadata at most 3000, submit required with an input block;
//   - views.open (docs.slack.dev/reference/methods/views.open): a trigger_id
//     is exchanged once (exchanged_trigger_id) and expires
//     (expired_trigger_id) three seconds after it was issued ("pass a valid
//     trigger_id within 3 seconds", Bolt's "Opening modals");
//   - views.push (api.slack.com/methods/views.push): "after a modal is
//     opened, the app is limited to pushing 2 additional views";
//   - views.update: hash_conflict when the hash is not the view's latest;
//   - option objects (Block Kit reference, composition objects): a select
//     has at most 100 options or option groups, an option's text at most 75
//     characters and its value at most 150.
const (
	triggerLife     = 3 * time.Second
	maxModalTitle   = 24
	maxModalButton  = 24
	maxViewStack    = 3
	maxExternalID   = 255
	maxInputLabel   = 2000
	maxSelectOpts   = 100
	maxOptionText   = 75
	maxOptionValue  = 150
	maxPlaceholder  = 150
	maxInitialValue = 3000
)

// trigger is an issued trigger_id.
type trigger struct {
	user string
	at   time.Time
	view string // the modal's view id when issued from a modal
	used bool
}

// modal is one view of a user's open modal stack.
type modal struct {
	View
	Title, Submit, Close string
	values               map[string]map[string]any // block_id → action_id → state value
	errors               map[string]string         // the last response_action: errors
}

// Modal is the top view of a user's open modal, as the user sees it.
type Modal struct {
	View
	Title, Submit, Close string
	// Errors are those of the last submission answered with
	// response_action: errors, keyed by block_id.
	Errors map[string]string
	Depth  int // views on the stack, 1 for a modal opened and not pushed
}

// EventModal is a modal opened, pushed, updated or closed (View.ID set,
// Decoded empty when closed).
const EventModal EventKind = "modal"

// OpenModal returns the top view of the modal open for userID.
func (s *Server) OpenModal(userID string) (Modal, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.modals[userID]
	if len(st) == 0 {
		return Modal{}, false
	}
	top := st[len(st)-1]
	prev := ""
	if len(st) > 1 {
		prev = st[len(st)-2].ID
	}
	m := top.snapshot(len(st))
	m.Raw = s.viewJSONLocked(top, st[0].ID, prev) // with the state as entered now
	return m, true
}

func (m *modal) snapshot(depth int) Modal {
	errs := map[string]string{}
	for k, v := range m.errors {
		errs[k] = v
	}
	return Modal{View: m.View, Title: m.Title, Submit: m.Submit, Close: m.Close, Errors: errs, Depth: depth}
}

// exchangeLocked spends a trigger_id for views.open or views.push.
func (s *Server) exchangeLocked(id string) (*trigger, *apiError) {
	if id == "" {
		return nil, &apiError{code: "invalid_arguments", messages: []string{"missing required field: trigger_id"}}
	}
	t, ok := s.triggers[id]
	switch {
	case !ok:
		return nil, fail("invalid_trigger_id")
	case t.used:
		return nil, fail("exchanged_trigger_id")
	case s.cfg.Now().Sub(t.at) > triggerLife:
		return nil, fail("expired_trigger_id")
	}
	t.used = true
	return t, nil
}

// viewRequest is a modal view argument.
type viewRequest struct {
	Type            string                 `json:"type"`
	Title           *slack.TextBlockObject `json:"title"`
	Submit          *slack.TextBlockObject `json:"submit"`
	Close           *slack.TextBlockObject `json:"close"`
	Blocks          json.RawMessage        `json:"blocks"`
	PrivateMetadata string                 `json:"private_metadata"`
	CallbackID      string                 `json:"callback_id"`
	ExternalID      string                 `json:"external_id"`
	ClearOnClose    bool                   `json:"clear_on_close"`
	NotifyOnClose   bool                   `json:"notify_on_close"`
}

// parseModalLocked checks a modal view as views.open does; id is the view
// id it will have. The problems come back as invalid_arguments.
func (s *Server) parseModalLocked(raw, pointer, id string) (*modal, *apiError) {
	if strings.TrimSpace(raw) == "" {
		return nil, &apiError{code: "invalid_arguments", messages: []string{"missing required field: view"}}
	}
	var req viewRequest
	if err := json.Unmarshal([]byte(raw), &req); err != nil {
		return nil, &apiError{code: "invalid_arguments", messages: []string{fmt.Sprintf("invalid view: %v [json-pointer:%s]", err, pointer)}}
	}
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if req.Type != "modal" {
		add("must be a valid enum value [json-pointer:%s/type]", pointer)
	}
	button := func(t *slack.TextBlockObject, name string, required bool) string {
		if t == nil {
			if required {
				add("missing required field: %s [json-pointer:%s/%s]", name, pointer, name)
			}
			return ""
		}
		if t.Type != slack.PlainTextType {
			add("must be a valid enum value [json-pointer:%s/%s/type]", pointer, name)
		}
		switch n := chars(t.Text); {
		case n == 0:
			add("must be more than 0 characters [json-pointer:%s/%s/text]", pointer, name)
		case n > maxModalTitle:
			add("must be less than %d characters [json-pointer:%s/%s/text]", maxModalTitle+1, pointer, name)
		}
		return t.Text
	}
	m := &modal{values: map[string]map[string]any{}}
	m.Title = button(req.Title, "title", true)
	m.Submit = button(req.Submit, "submit", false)
	m.Close = button(req.Close, "close", false)
	if chars(req.PrivateMetadata) > maxPrivateMeta {
		add("must be less than %d characters [json-pointer:%s/private_metadata]", maxPrivateMeta+1, pointer)
	}
	if chars(req.CallbackID) > maxViewCallbackID {
		add("must be less than %d characters [json-pointer:%s/callback_id]", maxViewCallbackID+1, pointer)
	}
	if chars(req.ExternalID) > maxExternalID {
		add("must be less than %d characters [json-pointer:%s/external_id]", maxExternalID+1, pointer)
	}
	blocksText := string(req.Blocks)
	if blocksText == "" || blocksText == "null" {
		add("missing required field: blocks [json-pointer:%s/blocks]", pointer)
	}
	if len(probs) > 0 {
		return nil, &apiError{code: "invalid_arguments", messages: probs}
	}
	hash := s.nextTSLocked() + "." + randomHex(4)
	set, prob := parseBlocks(blocksText, pointer+"/blocks", maxViewBlocks, true, id+hash)
	if prob != nil {
		return nil, &apiError{code: "invalid_arguments", messages: prob.messages}
	}
	hasInput := false
	for _, b := range set.decoded.BlockSet {
		if _, ok := b.(*slack.InputBlock); ok {
			hasInput = true
		}
	}
	if hasInput && req.Submit == nil {
		return nil, &apiError{code: "invalid_arguments", messages: []string{fmt.Sprintf("submit is required when an input block is within the blocks array [json-pointer:%s/submit]", pointer)}}
	}
	if req.ExternalID != "" {
		for _, st := range s.modals {
			for _, o := range st {
				if o.ExternalID == req.ExternalID && o.ID != id {
					return nil, fail("duplicate_external_id")
				}
			}
		}
	}
	m.View = View{ID: id, Hash: hash, Blocks: set.raw, Decoded: set.decoded,
		PrivateMetadata: req.PrivateMetadata, CallbackID: req.CallbackID, ExternalID: req.ExternalID}
	return m, nil
}

// viewJSONLocked is a modal as Slack sends it (in API answers and in
// interaction payloads), with the state of its inputs.
func (s *Server) viewJSONLocked(m *modal, root, previous string) json.RawMessage {
	text := func(t string) any {
		if t == "" {
			return nil
		}
		return map[string]any{"type": "plain_text", "text": t, "emoji": true}
	}
	var prev any
	if previous != "" {
		prev = previous
	}
	values := map[string]any{}
	for b, acts := range m.values {
		values[b] = acts
	}
	v := map[string]any{
		"id": m.ID, "team_id": s.cfg.TeamID, "type": "modal", "blocks": m.Blocks,
		"title": text(m.Title), "submit": text(m.Submit), "close": text(m.Close),
		"private_metadata": m.PrivateMetadata, "callback_id": m.CallbackID,
		"state": map[string]any{"values": values}, "hash": m.Hash,
		"clear_on_close": false, "notify_on_close": false,
		"previous_view_id": prev, "root_view_id": root, "app_id": s.cfg.AppID,
		"external_id": m.ExternalID, "app_installed_team_id": s.cfg.TeamID, "bot_id": s.cfg.BotID,
	}
	raw, _ := json.Marshal(v)
	return raw
}

// answerLocked is the views.* success answer for the top of user's stack.
func (s *Server) answerLocked(user string) (map[string]any, []Event) {
	st := s.modals[user]
	top := st[len(st)-1]
	prev := ""
	if len(st) > 1 {
		prev = st[len(st)-2].ID
	}
	raw := s.viewJSONLocked(top, st[0].ID, prev)
	top.Raw = raw
	s.notifyLocked()
	return map[string]any{"view": raw}, []Event{{Kind: EventModal, View: top.View}}
}

func (s *Server) viewsOpen(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.get("interactivity_pointer") != "" && c.get("trigger_id") == "" {
		c.params.Set("trigger_id", c.get("interactivity_pointer"))
	}
	m, e := s.parseModalLocked(c.get("view"), "/view", s.newIDLocked("V"))
	if e != nil {
		return nil, nil, e
	}
	t, e := s.exchangeLocked(c.get("trigger_id"))
	if e != nil {
		return nil, nil, e
	}
	m.User = t.user
	s.modals[t.user] = []*modal{m}
	body, evs := s.answerLocked(t.user)
	return body, evs, nil
}

func (s *Server) viewsPush(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.parseModalLocked(c.get("view"), "/view", s.newIDLocked("V"))
	if e != nil {
		return nil, nil, e
	}
	t, ok := s.triggers[c.get("trigger_id")]
	if ok && len(s.modals[t.user]) >= maxViewStack {
		return nil, nil, fail("push_limit_reached")
	}
	t, e = s.exchangeLocked(c.get("trigger_id"))
	if e != nil {
		return nil, nil, e
	}
	st := s.modals[t.user]
	if t.view == "" || len(st) == 0 {
		// A push needs a trigger from inside the open modal.
		return nil, nil, fail("invalid_trigger_id")
	}
	m.User = t.user
	s.modals[t.user] = append(st, m)
	body, evs := s.answerLocked(t.user)
	return body, evs, nil
}

func (s *Server) viewsUpdate(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ext := c.get("view_id"), c.get("external_id")
	if id == "" && ext == "" {
		return nil, nil, &apiError{code: "invalid_arguments", messages: []string{"view_id or external_id is required"}}
	}
	user, at := "", -1
	for u, st := range s.modals {
		for i, m := range st {
			if (id != "" && m.ID == id) || (id == "" && m.ExternalID == ext) {
				user, at = u, i
			}
		}
	}
	if at < 0 {
		return nil, nil, fail("not_found")
	}
	old := s.modals[user][at]
	if h := c.get("hash"); h != "" && h != old.Hash {
		return nil, nil, fail("hash_conflict")
	}
	m, e := s.parseModalLocked(c.get("view"), "/view", old.ID)
	if e != nil {
		return nil, nil, e
	}
	m.User = user
	m.values = keptValues(old.values, m.Decoded)
	st := s.modals[user]
	st[at] = m
	body, evs := s.answerLocked(user)
	if at != len(st)-1 {
		// The updated view is not on top: answer with it, not the top.
		prev := ""
		if at > 0 {
			prev = st[at-1].ID
		}
		body = map[string]any{"view": s.viewJSONLocked(m, st[0].ID, prev)}
	}
	return body, evs, nil
}

// keptValues keeps what the user entered in inputs whose block_id and
// action_id the new view still has ("Preserving input entry in views",
// Modal views reference).
func keptValues(old map[string]map[string]any, blocks slack.Blocks) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, b := range blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		act := elementActionID(in.Element)
		if v, ok := old[in.BlockID][act]; ok {
			out[in.BlockID] = map[string]any{act: v}
		}
	}
	return out
}

func elementActionID(e slack.BlockElement) string {
	switch x := e.(type) {
	case *slack.PlainTextInputBlockElement:
		return x.ActionID
	case *slack.NumberInputBlockElement:
		return x.ActionID
	case *slack.SelectBlockElement:
		return x.ActionID
	case *slack.DatePickerBlockElement:
		return x.ActionID
	}
	return ""
}

// inputValue turns what a user typed or picked into the state value Slack
// sends for the element (view_submission payload reference:
// state.values[block_id][action_id]).
func inputValue(e slack.BlockElement, v string) (map[string]any, error) {
	switch x := e.(type) {
	case *slack.PlainTextInputBlockElement:
		if x.MaxLength > 0 && chars(v) > x.MaxLength {
			return nil, fmt.Errorf("longer than max_length %d", x.MaxLength)
		}
		return map[string]any{"type": "plain_text_input", "value": v}, nil
	case *slack.NumberInputBlockElement:
		// Slack's client takes only a number here.
		if strings.TrimSpace(v) != "" {
			var f float64
			if _, err := fmt.Sscan(v, &f); err != nil {
				return nil, fmt.Errorf("%q is not a number", v)
			}
			if !x.IsDecimalAllowed && strings.ContainsAny(v, ".eE") {
				return nil, fmt.Errorf("%q is not a whole number", v)
			}
		}
		return map[string]any{"type": "number_input", "value": v}, nil
	case *slack.SelectBlockElement:
		switch x.Type {
		case slack.OptTypeUser:
			return map[string]any{"type": "users_select", "selected_user": v}, nil
		case slack.OptTypeStatic:
			var opts []*slack.OptionBlockObject
			opts = append(opts, x.Options...)
			for _, g := range x.OptionGroups {
				opts = append(opts, g.Options...)
			}
			for _, o := range opts {
				if o.Value == v {
					return map[string]any{"type": "static_select", "selected_option": o}, nil
				}
			}
			return nil, fmt.Errorf("no option %q", v)
		}
	}
	return nil, fmt.Errorf("slackemu: element %T not supported", e)
}

// initialValue is the state of an input the user has not touched: its
// initial_value, initial_user or initial_option, or nothing.
func initialValue(e slack.BlockElement) (map[string]any, bool) {
	switch x := e.(type) {
	case *slack.PlainTextInputBlockElement:
		if x.InitialValue != "" {
			return map[string]any{"type": "plain_text_input", "value": x.InitialValue}, true
		}
		return map[string]any{"type": "plain_text_input", "value": nil}, false
	case *slack.NumberInputBlockElement:
		if x.InitialValue != "" {
			return map[string]any{"type": "number_input", "value": x.InitialValue}, true
		}
		return map[string]any{"type": "number_input", "value": nil}, false
	case *slack.SelectBlockElement:
		switch x.Type {
		case slack.OptTypeUser:
			if x.InitialUser != "" {
				return map[string]any{"type": "users_select", "selected_user": x.InitialUser}, true
			}
			return map[string]any{"type": "users_select", "selected_user": nil}, false
		case slack.OptTypeStatic:
			if x.InitialOption != nil {
				return map[string]any{"type": "static_select", "selected_option": x.InitialOption}, true
			}
			return map[string]any{"type": "static_select", "selected_option": nil}, false
		}
	}
	return nil, false
}

// fillLocked enters values (block_id → value) into the top view of user's
// modal and returns its input blocks.
func (s *Server) fillLocked(user string, values map[string]string) (*modal, error) {
	st := s.modals[user]
	if len(st) == 0 {
		return nil, fmt.Errorf("slackemu: %s has no modal open", user)
	}
	m := st[len(st)-1]
	inputs := map[string]*slack.InputBlock{}
	for _, b := range m.Decoded.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok {
			inputs[in.BlockID] = in
		}
	}
	for blockID, v := range values {
		in, ok := inputs[blockID]
		if !ok {
			var ids []string
			for id := range inputs {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			return nil, fmt.Errorf("slackemu: the modal has no input %q (inputs: %s)", blockID, strings.Join(ids, ", "))
		}
		val, err := inputValue(in.Element, v)
		if err != nil {
			return nil, fmt.Errorf("slackemu: input %q: %w", blockID, err)
		}
		if v == "" {
			val, _ = initialValue(in.Element)
		}
		m.values[blockID] = map[string]any{elementActionID(in.Element): val}
	}
	return m, nil
}

// SubmitResult is what a view submission came to, after the app's ack.
type SubmitResult struct {
	EnvelopeID string
	// Action is the ack's response_action: "" (the view closes), "errors",
	// "update", "push" or "clear".
	Action string
	Errors map[string]string // response_action errors, by block_id
	// Problem is why Slack would not take the ack's answer (an error on a
	// block that is not an input, an invalid view); "" when it took it.
	Problem string
}

// SubmitView fills the inputs of userID's open modal (block_id → typed text,
// user id or option value) and presses its submit button: the
// view_submission envelope Slack sends, with the view's state. Like Slack's
// client, it refuses to submit while a required input is empty. It returns
// once the app has acked and its response_action has been applied.
func (s *Server) SubmitView(ctx context.Context, userID string, values map[string]string) (SubmitResult, error) {
	s.mu.Lock()
	m, err := s.fillLocked(userID, values)
	if err != nil {
		s.mu.Unlock()
		return SubmitResult{}, err
	}
	if m.Submit == "" {
		s.mu.Unlock()
		return SubmitResult{}, errors.New("slackemu: the modal has no submit button")
	}
	for _, b := range m.Decoded.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		if _, set := m.values[in.BlockID]; !set {
			if v, has := initialValue(in.Element); has {
				m.values[in.BlockID] = map[string]any{elementActionID(in.Element): v}
			} else {
				m.values[in.BlockID] = map[string]any{elementActionID(in.Element): v}
				if !in.Optional {
					s.mu.Unlock()
					return SubmitResult{}, fmt.Errorf("slackemu: %q is required (Slack's client will not submit)", in.BlockID)
				}
			}
		} else if !in.Optional && empty(m.values[in.BlockID]) {
			s.mu.Unlock()
			return SubmitResult{}, fmt.Errorf("slackemu: %q is required (Slack's client will not submit)", in.BlockID)
		}
	}
	st := s.modals[userID]
	u := s.users[userID]
	payload := map[string]any{
		"type":                  "view_submission",
		"team":                  map[string]any{"id": s.cfg.TeamID, "domain": s.cfg.TeamDomain},
		"user":                  map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": s.cfg.TeamID},
		"api_app_id":            s.cfg.AppID,
		"token":                 s.cfg.VerificationToken,
		"trigger_id":            s.triggerIDLocked(userID, m.ID),
		"view":                  s.viewJSONLocked(m, st[0].ID, ""),
		"response_urls":         []any{},
		"is_enterprise_install": false,
		"enterprise":            nil,
	}
	viewID := m.ID
	s.mu.Unlock()

	done := make(chan SubmitResult, 1)
	onAck := func(raw json.RawMessage) []Event {
		res, evs := s.applyAck(userID, viewID, raw)
		done <- res
		return evs
	}
	id, err := s.send(ctx, "interactive", payload, true, onAck)
	if err != nil {
		return SubmitResult{EnvelopeID: id}, err
	}
	select {
	case res := <-done:
		res.EnvelopeID = id
		return res, nil
	case <-ctx.Done():
		return SubmitResult{EnvelopeID: id}, ctx.Err()
	}
}

func empty(acts map[string]any) bool {
	for _, v := range acts {
		m, _ := v.(map[string]any)
		for k, x := range m {
			if k != "type" && x != nil && x != "" {
				return false
			}
		}
	}
	return true
}

// applyAck applies a view_submission ack's response_action
// (docs.slack.dev/surfaces/modals, "Responding to view_submission"): no
// payload closes the view, errors keeps it open with messages under the
// named input blocks, update replaces it, push stacks a new one, clear
// closes the whole stack.
func (s *Server) applyAck(user, viewID string, raw json.RawMessage) (SubmitResult, []Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ack struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
		View           json.RawMessage   `json:"view"`
	}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &ack); err != nil {
			return SubmitResult{Problem: "unreadable ack payload: " + err.Error()}, nil
		}
	}
	res := SubmitResult{Action: ack.ResponseAction}
	st := s.modals[user]
	at := -1
	for i, m := range st {
		if m.ID == viewID {
			at = i
		}
	}
	if at < 0 {
		res.Problem = "the view was closed meanwhile"
		return res, nil
	}
	closed := func() []Event { return []Event{{Kind: EventModal, View: View{ID: viewID, User: user}}} }
	switch ack.ResponseAction {
	case "":
		s.modals[user] = st[:at]
		if len(s.modals[user]) == 0 {
			delete(s.modals, user)
		}
		s.notifyLocked()
		return res, closed()
	case "clear":
		delete(s.modals, user)
		s.notifyLocked()
		return res, closed()
	case "errors":
		inputs := map[string]bool{}
		for _, b := range st[at].Decoded.BlockSet {
			if in, ok := b.(*slack.InputBlock); ok {
				inputs[in.BlockID] = true
			}
		}
		var bad []string
		for k := range ack.Errors {
			if !inputs[k] {
				bad = append(bad, k)
			}
		}
		if len(bad) > 0 || len(ack.Errors) == 0 {
			sort.Strings(bad)
			res.Problem = fmt.Sprintf("errors must name input blocks of the view (not %s)", strings.Join(bad, ", "))
			return res, nil
		}
		st[at].errors = ack.Errors
		res.Errors = ack.Errors
		s.notifyLocked()
		return res, nil
	case "update", "push":
		id := viewID
		if ack.ResponseAction == "push" {
			if len(st) >= maxViewStack {
				res.Problem = "push_limit_reached"
				return res, nil
			}
			id = s.newIDLocked("V")
		}
		m, e := s.parseModalLocked(string(ack.View), "/view", id)
		if e != nil {
			res.Problem = e.code + ": " + strings.Join(e.messages, "; ")
			return res, nil
		}
		m.User = user
		if ack.ResponseAction == "update" {
			m.values = keptValues(st[at].values, m.Decoded)
			st[at] = m
			s.modals[user] = st[:at+1]
		} else {
			s.modals[user] = append(st[:at+1], m)
		}
		_, evs := s.answerLocked(user)
		return res, evs
	}
	res.Problem = fmt.Sprintf("unknown response_action %q", ack.ResponseAction)
	return res, nil
}

// ChangeInput types or picks value in an input of userID's open modal. When
// the input block has dispatch_action set, Slack sends block_actions for it
// at once (Block Kit "input" reference, dispatch_action); the envelope id is
// returned then, "" otherwise.
func (s *Server) ChangeInput(ctx context.Context, userID, blockID, value string) (string, error) {
	s.mu.Lock()
	m, err := s.fillLocked(userID, map[string]string{blockID: value})
	if err != nil {
		s.mu.Unlock()
		return "", err
	}
	var in *slack.InputBlock
	for _, b := range m.Decoded.BlockSet {
		if x, ok := b.(*slack.InputBlock); ok && x.BlockID == blockID {
			in = x
		}
	}
	if !in.DispatchAction {
		s.mu.Unlock()
		return "", nil
	}
	act := map[string]any{"block_id": blockID, "action_id": elementActionID(in.Element), "action_ts": s.nextTSLocked()}
	for k, v := range m.values[blockID][elementActionID(in.Element)].(map[string]any) {
		act[k] = v
	}
	payload := s.viewActionLocked(userID, m, act)
	s.mu.Unlock()
	return s.send(ctx, "interactive", payload, false, nil)
}

// viewActionLocked is the block_actions payload for an action in a modal.
func (s *Server) viewActionLocked(userID string, m *modal, action map[string]any) map[string]any {
	st := s.modals[userID]
	u := s.users[userID]
	return map[string]any{
		"type":                  "block_actions",
		"user":                  map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": s.cfg.TeamID},
		"api_app_id":            s.cfg.AppID,
		"token":                 s.cfg.VerificationToken,
		"container":             map[string]any{"type": "view", "view_id": m.ID},
		"trigger_id":            s.triggerIDLocked(userID, m.ID),
		"team":                  map[string]any{"id": s.cfg.TeamID, "domain": s.cfg.TeamDomain},
		"enterprise":            nil,
		"is_enterprise_install": false,
		"view":                  s.viewJSONLocked(m, st[0].ID, ""),
		"actions":               []any{action},
	}
}

// ClickHomeButton clicks the button with actionID (and, when several share
// it, value) on userID's published App Home: block_actions with a "view"
// container and the home view, as Slack sends it. It returns once acked.
func (s *Server) ClickHomeButton(ctx context.Context, userID, actionID, value string) (string, error) {
	s.mu.Lock()
	v, ok := s.views[userID]
	if !ok {
		s.mu.Unlock()
		return "", fmt.Errorf("slackemu: %s has no App Home published", userID)
	}
	msg := Message{Decoded: v.Decoded}
	var btn *Button
	var seen []string
	for _, b := range msg.Buttons() {
		if b.ActionID == actionID && (value == "" || b.Value == value) && btn == nil {
			btn = &b
		}
		seen = append(seen, b.ActionID+"="+b.Value)
	}
	if btn == nil {
		s.mu.Unlock()
		return "", fmt.Errorf("slackemu: no button %q (%q) on the Home of %s (buttons: %s)", actionID, value, userID, strings.Join(seen, ", "))
	}
	u := s.users[userID]
	action := map[string]any{
		"action_id": btn.ActionID, "block_id": btn.BlockID, "text": btn.element.Text,
		"type": "button", "action_ts": s.nextTSLocked(),
	}
	if btn.Value != "" {
		action["value"] = btn.Value
	}
	payload := map[string]any{
		"type":                  "block_actions",
		"user":                  map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": s.cfg.TeamID},
		"api_app_id":            s.cfg.AppID,
		"token":                 s.cfg.VerificationToken,
		"container":             map[string]any{"type": "view", "view_id": v.ID},
		"trigger_id":            s.triggerIDLocked(userID, ""),
		"team":                  map[string]any{"id": s.cfg.TeamID, "domain": s.cfg.TeamDomain},
		"enterprise":            nil,
		"is_enterprise_install": false,
		"view":                  v.Raw,
		"actions":               []any{action},
	}
	s.mu.Unlock()
	return s.send(ctx, "interactive", payload, false, nil)
}

// CloseModal closes userID's modal as the user does with its close button
// (Slack sends view_closed only with notify_on_close, which slabot does not set).
func (s *Server) CloseModal(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.modals, userID)
	s.notifyLocked()
}
