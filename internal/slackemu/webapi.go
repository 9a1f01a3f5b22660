package slackemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// apiError is a Web API failure: {"ok":false,"error":code} plus, when Slack gives
// them, its explanations in "errors" and response_metadata.messages.
type apiError struct {
	code     string
	messages []string
	errors   bool // also list messages under "errors", as chat.* does for invalid_blocks
}

func fail(code string) *apiError { return &apiError{code: code} }

// apiCall is one decoded Web API request.
type apiCall struct {
	method      string
	params      url.Values // form fields, query string, or the JSON body's top level
	headerToken string     // from Authorization: Bearer
	formToken   string     // from the token parameter
}

func (c *apiCall) get(name string) string { return c.params.Get(name) }

type tokenKind int

const (
	botToken tokenKind = iota
	appToken
)

type apiMethod struct {
	token tokenKind
	run   func(s *Server, c *apiCall) (map[string]any, []Event, *apiError)
}

var apiMethods = map[string]apiMethod{
	"auth.test":                  {botToken, (*Server).authTest},
	"apps.connections.open":      {appToken, (*Server).appsConnectionsOpen},
	"chat.postMessage":           {botToken, (*Server).chatPostMessage},
	"chat.postEphemeral":         {botToken, (*Server).chatPostEphemeral},
	"chat.update":                {botToken, (*Server).chatUpdate},
	"chat.delete":                {botToken, (*Server).chatDelete},
	"conversations.open":         {botToken, (*Server).conversationsOpen},
	"conversations.info":         {botToken, (*Server).conversationsInfo},
	"conversations.history":      {botToken, (*Server).conversationsHistory},
	"users.info":                 {botToken, (*Server).usersInfo},
	"users.lookupByEmail":        {botToken, (*Server).usersLookupByEmail},
	"users.list":                 {botToken, (*Server).usersList},
	"files.getUploadURLExternal": {botToken, (*Server).filesGetUploadURLExternal},
	"files.completeUploadExternal": {
		botToken, (*Server).filesCompleteUploadExternal},
	"views.publish": {botToken, (*Server).viewsPublish},
	"views.open":    {botToken, (*Server).viewsOpen},
	"views.push":    {botToken, (*Server).viewsPush},
	"views.update":  {botToken, (*Server).viewsUpdate},
}

func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	s.mu.Lock()
	s.calls[method]++
	s.mu.Unlock()

	m, ok := apiMethods[method]
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": "unknown_method", "req_method": method})
		return
	}
	call, err := readCall(r, method)
	if err != nil {
		writeAPIError(w, &apiError{code: "invalid_arguments", messages: []string{err.Error()}})
		return
	}
	if e := s.authenticate(call, m.token); e != nil {
		writeAPIError(w, e)
		return
	}

	s.faulty(w, method, func() (func(http.ResponseWriter), []Event) {
		body, evs, apiErr := m.run(s, call)
		return func(w http.ResponseWriter) {
			if apiErr != nil {
				writeAPIError(w, apiErr)
				return
			}
			if body == nil {
				body = map[string]any{}
			}
			body["ok"] = true
			writeJSON(w, http.StatusOK, body)
		}, evs
	})
}

// readCall decodes the request the way Slack accepts it: a form body, a query string,
// or a JSON object body with the token in the Authorization header.
func readCall(r *http.Request, method string) (*apiCall, error) {
	c := &apiCall{method: method, params: url.Values{}}
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		c.headerToken = strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
	}
	for k, v := range r.URL.Query() {
		c.params[k] = v
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		return nil, err
	}
	switch {
	case ctype == "application/json":
		if len(bytes.TrimSpace(body)) == 0 || string(bytes.TrimSpace(body)) == "null" {
			break
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, fmt.Errorf("invalid JSON body: %v", err)
		}
		for k, raw := range obj {
			var str string
			if json.Unmarshal(raw, &str) == nil {
				c.params.Set(k, str)
			} else if string(raw) != "null" {
				c.params.Set(k, string(raw))
			}
		}
	case len(body) > 0:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("invalid form body: %v", err)
		}
		for k, v := range form {
			c.params[k] = v
		}
	}
	// A JSON body's token is not one: Slack wants the Authorization header then.
	if ctype == "application/json" {
		c.formToken = r.URL.Query().Get("token")
	} else {
		c.formToken = c.params.Get("token")
	}
	return c, nil
}

func (s *Server) authenticate(c *apiCall, want tokenKind) *apiError {
	token := c.headerToken
	if token == "" {
		if want == appToken {
			// apps.connections.open takes the app token in the Authorization header
			// only; Slack refuses it as a POST parameter.
			return fail("not_authed")
		}
		token = c.formToken
	}
	switch {
	case token == "":
		return fail("not_authed")
	case token == s.cfg.BotToken && want == botToken, token == s.cfg.AppToken && want == appToken:
		return nil
	case token == s.cfg.BotToken || token == s.cfg.AppToken:
		return fail("not_allowed_token_type")
	default:
		return fail("invalid_auth")
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeAPIError(w http.ResponseWriter, e *apiError) {
	body := map[string]any{"ok": false, "error": e.code}
	if len(e.messages) > 0 {
		msgs := make([]string, len(e.messages))
		for i, m := range e.messages {
			msgs[i] = "[ERROR] " + m
		}
		body["response_metadata"] = map[string]any{"messages": msgs}
		if e.errors {
			body["errors"] = e.messages
		}
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) authTest(*apiCall) (map[string]any, []Event, *apiError) {
	return map[string]any{
		"url":                   "https://" + s.cfg.TeamDomain + ".slack.com/",
		"team":                  s.cfg.TeamName,
		"user":                  s.cfg.BotName,
		"team_id":               s.cfg.TeamID,
		"user_id":               s.cfg.BotUserID,
		"bot_id":                s.cfg.BotID,
		"is_enterprise_install": false,
	}, nil, nil
}

// resolveChannelLocked maps a channel argument (channel ID, IM ID, user ID, or a
// channel name with or without '#') to a channel ID. A user ID means the bot's IM with
// that user, which is created if needed.
func (s *Server) resolveChannelLocked(arg string) (id string, ch *Channel, e *apiError) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return "", nil, fail("channel_not_found")
	}
	if c, ok := s.channels[arg]; ok {
		return arg, c, nil
	}
	if _, ok := s.imUser[arg]; ok {
		return arg, nil, nil
	}
	if u, ok := s.users[arg]; ok && !u.IsBot {
		return s.imLocked(arg), nil, nil
	}
	name := strings.TrimPrefix(arg, "#")
	for cid, c := range s.channels {
		if c.Name == name {
			return cid, c, nil
		}
	}
	return "", nil, fail("channel_not_found")
}

// postableLocked checks the bot may post in a channel, as Slack does: a private channel
// the bot is not in does not exist for it, a public one answers not_in_channel.
func (s *Server) postableLocked(ch *Channel) *apiError {
	if ch == nil || !ch.BotNotMember {
		return nil
	}
	if ch.Private {
		return fail("channel_not_found")
	}
	return fail("not_in_channel")
}

// content is the text, blocks and attachments of a message write.
type content struct {
	text        string
	blocks      blockSet
	hasBlocks   bool
	attachments json.RawMessage
}

func (s *Server) readContent(c *apiCall, seed string) (content, *apiError) {
	var out content
	out.text = c.get("text")
	if chars(out.text) > maxMessageText {
		return out, fail("msg_too_long")
	}
	if _, ok := c.params["blocks"]; ok {
		out.hasBlocks = true
		if b := c.get("blocks"); b != "" {
			set, prob := parseBlocks(b, "/blocks", maxMessageBlocks, false, seed)
			if prob != nil {
				return out, &apiError{code: prob.code, messages: prob.messages, errors: true}
			}
			out.blocks = set
		}
	}
	if a := c.get("attachments"); a != "" && a != "[]" {
		if !json.Valid([]byte(a)) {
			return out, fail("invalid_attachments")
		}
		out.attachments = json.RawMessage(a)
	}
	return out, nil
}

func (ct content) empty() bool {
	return ct.text == "" && len(ct.blocks.decoded.BlockSet) == 0 && len(ct.attachments) == 0
}

// messageJSON is a message as the Web API and interaction payloads show it.
func (s *Server) messageJSON(m Message) map[string]any {
	out := map[string]any{
		"type":   "message",
		"text":   m.Text,
		"user":   s.cfg.BotUserID,
		"ts":     m.TS,
		"bot_id": s.cfg.BotID,
		"app_id": s.cfg.AppID,
		"team":   s.cfg.TeamID,
	}
	if len(m.Blocks) > 0 {
		out["blocks"] = m.Blocks
	}
	if len(m.Attachments) > 0 {
		out["attachments"] = m.Attachments
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	return out
}

func (s *Server) chatPostMessage(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ch, e := s.resolveChannelLocked(c.get("channel"))
	if e != nil {
		return nil, nil, e
	}
	if e := s.postableLocked(ch); e != nil {
		return nil, nil, e
	}
	ts := s.nextTSLocked()
	ct, e := s.readContent(c, ts)
	if e != nil {
		return nil, nil, e
	}
	if ct.empty() {
		return nil, nil, fail("no_text")
	}
	md, e := readMetadata(c.get("metadata"))
	if e != nil {
		return nil, nil, e
	}
	ev := s.recordLocked(Message{
		Kind: Post, Channel: id, TS: ts, ThreadTS: c.get("thread_ts"), Text: ct.text,
		Blocks: ct.blocks.raw, Decoded: ct.blocks.decoded, Attachments: ct.attachments, Via: ViaAPI, Metadata: md,
	})
	return map[string]any{"channel": id, "ts": ts, "message": s.messageJSON(ev.Message)}, []Event{ev}, nil
}

func (s *Server) chatPostEphemeral(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ch, e := s.resolveChannelLocked(c.get("channel"))
	if e != nil {
		return nil, nil, e
	}
	if e := s.postableLocked(ch); e != nil {
		return nil, nil, e
	}
	user := c.get("user")
	if _, ok := s.users[user]; !ok {
		return nil, nil, fail("user_not_found")
	}
	if !s.canSeeLocked(id, ch, user) {
		return nil, nil, fail("user_not_in_channel")
	}
	ts := s.nextTSLocked()
	ct, e := s.readContent(c, ts)
	if e != nil {
		return nil, nil, e
	}
	if ct.empty() {
		return nil, nil, fail("no_text")
	}
	ev := s.recordLocked(Message{
		Kind: Ephemeral, Channel: id, User: user, TS: ts, ThreadTS: c.get("thread_ts"), Text: ct.text,
		Blocks: ct.blocks.raw, Decoded: ct.blocks.decoded, Attachments: ct.attachments, Via: ViaAPI,
	})
	return map[string]any{"message_ts": ts}, []Event{ev}, nil
}

// canSeeLocked reports whether a user is in a channel or is the IM's other party.
func (s *Server) canSeeLocked(id string, ch *Channel, user string) bool {
	if ch != nil {
		return s.isMemberLocked(ch, user)
	}
	return s.imUser[id] == user
}

// editableLocked finds the message chat.update and chat.delete act on: in a
// channel the bot may post to, and not ephemeral (those change only through
// a response_url).
func (s *Server) editableLocked(c *apiCall) (string, string, *Message, *apiError) {
	id, ch, e := s.resolveChannelLocked(c.get("channel"))
	if e != nil {
		return "", "", nil, e
	}
	if e := s.postableLocked(ch); e != nil {
		return "", "", nil, e
	}
	ts := c.get("ts")
	cur, ok := s.current[id+"|"+ts]
	if !ok || cur.Kind == Ephemeral {
		return "", "", nil, fail("message_not_found")
	}
	return id, ts, cur, nil
}

func (s *Server) chatUpdate(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ts, cur, e := s.editableLocked(c)
	if e != nil {
		return nil, nil, e
	}
	ct, e := s.readContent(c, ts+"/"+strconv.Itoa(len(s.messages)))
	if e != nil {
		return nil, nil, e
	}
	if ct.empty() && !ct.hasBlocks {
		return nil, nil, fail("no_text")
	}
	// chat.update keeps blocks and attachments the call leaves out; an empty array
	// removes them.
	next := *cur
	next.Kind, next.Via, next.ResponseType = Update, ViaAPI, ""
	if _, ok := c.params["text"]; ok {
		next.Text = ct.text
	}
	if ct.hasBlocks {
		next.Blocks, next.Decoded = ct.blocks.raw, ct.blocks.decoded
	}
	if _, ok := c.params["attachments"]; ok {
		next.Attachments = ct.attachments
	}
	ev := s.recordLocked(next)
	return map[string]any{"channel": id, "ts": ts, "text": next.Text, "message": s.messageJSON(next)}, []Event{ev}, nil
}

func (s *Server) chatDelete(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ts, cur, e := s.editableLocked(c)
	if e != nil {
		return nil, nil, e
	}
	gone := *cur
	gone.Kind, gone.Via, gone.ResponseType = Delete, ViaAPI, ""
	ev := s.recordLocked(gone)
	return map[string]any{"channel": id, "ts": ts}, []Event{ev}, nil
}

func (s *Server) imJSONLocked(id string) map[string]any {
	user := s.imUser[id]
	return map[string]any{
		"id": id, "created": s.cfg.Now().Unix(), "is_im": true, "is_org_shared": false,
		"user": user, "is_user_deleted": s.users[user] != nil && s.users[user].Deleted, "priority": 0,
		"is_open": true,
	}
}

func (s *Server) conversationsOpen(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := c.get("channel"); ch != "" {
		if _, ok := s.imUser[ch]; !ok {
			return nil, nil, fail("channel_not_found")
		}
		return map[string]any{"channel": map[string]any{"id": ch}, "no_op": true, "already_open": true}, nil, nil
	}
	var users []string
	for _, u := range strings.Split(c.get("users"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			users = append(users, u)
		}
	}
	switch len(users) {
	case 0:
		return nil, nil, fail("users_list_not_supplied")
	case 1:
	default:
		// Group DMs are not emulated.
		return nil, nil, &apiError{code: "not_supported", messages: []string{"slackemu: multi-person DMs are not emulated"}}
	}
	u, ok := s.users[users[0]]
	if !ok || u.IsBot {
		return nil, nil, fail("user_not_found")
	}
	id := s.imLocked(u.ID)
	already := s.imOpened[id]
	s.imOpened[id] = true
	ch := map[string]any{"id": id}
	if c.get("return_im") == "true" {
		ch = s.imJSONLocked(id)
	}
	out := map[string]any{"channel": ch}
	if already {
		out["no_op"], out["already_open"] = true, true
	}
	return out, nil, nil
}

func (s *Server) conversationsInfo(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.get("channel")
	if _, ok := s.imUser[id]; ok {
		return map[string]any{"channel": s.imJSONLocked(id)}, nil, nil
	}
	ch, ok := s.channels[id]
	if !ok || (ch.Private && ch.BotNotMember) {
		return nil, nil, fail("channel_not_found")
	}
	info := map[string]any{
		"id": id, "name": ch.Name, "name_normalized": ch.Name,
		"is_channel": !ch.Private, "is_group": ch.Private, "is_im": false, "is_mpim": false,
		"is_private": ch.Private, "is_archived": false, "is_general": false, "is_shared": false,
		"is_ext_shared": false, "is_org_shared": false, "is_member": !ch.BotNotMember,
		"created": s.cfg.Now().Unix(), "creator": "",
		"topic":   map[string]any{"value": "", "creator": "", "last_set": 0},
		"purpose": map[string]any{"value": "", "creator": "", "last_set": 0},
	}
	if c.get("include_num_members") == "true" {
		n := 0
		for _, uid := range s.userList {
			if s.isMemberLocked(ch, uid) {
				n++
			}
		}
		info["num_members"] = n
	}
	return map[string]any{"channel": info}, nil, nil
}

func (s *Server) userJSONLocked(u *User) map[string]any {
	offset, label := 0, u.TZ
	if loc, err := time.LoadLocation(u.TZ); err == nil {
		name, off := s.cfg.Now().In(loc).Zone()
		offset, label = off, name
	}
	profile := map[string]any{
		"real_name": u.RealName, "real_name_normalized": u.RealName,
		"display_name": u.displayName(), "display_name_normalized": u.displayName(),
		"email": u.Email, "team": s.cfg.TeamID,
	}
	if u.IsBot {
		profile["bot_id"], profile["api_app_id"], profile["always_active"] = s.cfg.BotID, s.cfg.AppID, true
		delete(profile, "email")
	}
	return map[string]any{
		"id": u.ID, "team_id": s.cfg.TeamID, "name": u.Name, "deleted": u.Deleted,
		"real_name": u.RealName, "tz": u.TZ, "tz_label": label, "tz_offset": offset,
		"profile": profile, "is_admin": u.IsAdmin, "is_owner": false, "is_primary_owner": false,
		"is_restricted": false, "is_ultra_restricted": false, "is_bot": u.IsBot,
		"is_app_user": false, "updated": s.cfg.Now().Unix(), "is_email_confirmed": u.Email != "",
	}
}

func (s *Server) usersInfo(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[c.get("user")]
	if !ok {
		return nil, nil, fail("user_not_found")
	}
	return map[string]any{"user": s.userJSONLocked(u)}, nil, nil
}

func (s *Server) usersLookupByEmail(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	email := strings.TrimSpace(c.get("email"))
	for _, id := range s.userList {
		u := s.users[id]
		if email != "" && strings.EqualFold(u.Email, email) && !u.Deleted {
			return map[string]any{"user": s.userJSONLocked(u)}, nil, nil
		}
	}
	return nil, nil, fail("users_not_found")
}

func (s *Server) appsConnectionsOpen(*apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ticket := randomHex(16)
	s.tickets[ticket] = true
	u := strings.Replace(s.base, "http://", "ws://", 1) + "/link/?ticket=" + ticket + "&app_id=" + url.QueryEscape(s.cfg.AppID)
	return map[string]any{"url": u}, nil, nil
}

func (s *Server) viewsPublish(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	userID := c.get("user_id")
	if _, ok := s.users[userID]; !ok {
		return nil, nil, fail("user_not_found")
	}
	var req struct {
		Type            string          `json:"type"`
		Blocks          json.RawMessage `json:"blocks"`
		PrivateMetadata string          `json:"private_metadata"`
		CallbackID      string          `json:"callback_id"`
		ExternalID      string          `json:"external_id"`
	}
	raw := c.get("view")
	if raw == "" {
		return nil, nil, &apiError{code: "invalid_arguments", messages: []string{"missing required field: view"}}
	}
	if err := json.Unmarshal([]byte(raw), &req); err != nil {
		return nil, nil, &apiError{code: "invalid_arguments", messages: []string{fmt.Sprintf("invalid view: %v [json-pointer:/view]", err)}}
	}
	var probs []string
	if req.Type != "home" {
		probs = append(probs, "must be a valid enum value [json-pointer:/view/type]")
	}
	if chars(req.PrivateMetadata) > maxPrivateMeta {
		probs = append(probs, fmt.Sprintf("must be less than %d characters [json-pointer:/view/private_metadata]", maxPrivateMeta+1))
	}
	if chars(req.CallbackID) > maxViewCallbackID {
		probs = append(probs, fmt.Sprintf("must be less than %d characters [json-pointer:/view/callback_id]", maxViewCallbackID+1))
	}
	blocksText := string(req.Blocks)
	if blocksText == "" || blocksText == "null" {
		probs = append(probs, "missing required field: blocks [json-pointer:/view/blocks]")
	}
	if len(probs) > 0 {
		return nil, nil, &apiError{code: "invalid_arguments", messages: probs}
	}
	prev, had := s.views[userID]
	if h := c.get("hash"); h != "" && had && h != prev.Hash {
		return nil, nil, fail("hash_conflict")
	}
	id := prev.ID
	if !had {
		id = s.newIDLocked("V")
	}
	hash := s.nextTSLocked() + "." + randomHex(4)
	set, prob := parseBlocks(blocksText, "/view/blocks", maxViewBlocks, true, id+hash)
	if prob != nil {
		// views.* report block problems as invalid_arguments.
		return nil, nil, &apiError{code: "invalid_arguments", messages: prob.messages}
	}
	view := map[string]any{
		"id": id, "team_id": s.cfg.TeamID, "type": "home", "blocks": set.raw,
		"private_metadata": req.PrivateMetadata, "callback_id": req.CallbackID,
		"state": map[string]any{"values": map[string]any{}}, "hash": hash,
		"title":          map[string]any{"type": "plain_text", "text": "View Title", "emoji": true},
		"clear_on_close": false, "notify_on_close": false, "close": nil, "submit": nil,
		"previous_view_id": nil, "root_view_id": id, "app_id": s.cfg.AppID,
		"external_id": req.ExternalID, "app_installed_team_id": s.cfg.TeamID, "bot_id": s.cfg.BotID,
	}
	rawView, _ := json.Marshal(view)
	v := View{
		ID: id, User: userID, Hash: hash, Raw: rawView, Blocks: set.raw, Decoded: set.decoded,
		PrivateMetadata: req.PrivateMetadata, CallbackID: req.CallbackID, ExternalID: req.ExternalID,
	}
	s.views[userID] = v
	s.notifyLocked()
	return map[string]any{"view": json.RawMessage(rawView)}, []Event{{Kind: EventView, View: v}}, nil
}
