package slackemu

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Slack lets a response_url be used five times within thirty minutes.
const (
	responseURLUses = 5
	responseURLLife = 30 * time.Minute
)

// responseURL is the state behind one response_url.
type responseURL struct {
	created time.Time
	uses    int
	user    string // who ran the command or clicked
	channel string
	// The message an interaction came from: replace_original and delete_original act
	// on it.
	orig string // its ts; empty for slash commands
	// The last message posted through this URL, which a slash command's
	// replace_original / delete_original act on.
	last string
}

func (s *Server) newResponseURLLocked(kind, user, channel string) (string, *responseURL) {
	h := &responseURL{created: s.cfg.Now(), user: user, channel: channel}
	s.seq["hook"]++
	p := fmt.Sprintf("/%s/%s/%d/%s", kind, s.cfg.TeamID, s.seq["hook"], randomHex(12))
	s.hooks[p] = h
	return s.base + p, h
}

// triggerIDLocked issues a trigger_id for user's interaction; view is the
// modal it came from ("" for a message, a command or the Home tab), which
// views.push needs.
func (s *Server) triggerIDLocked(user, view string) string {
	s.seq["trigger"]++
	id := fmt.Sprintf("%d.%d.%s", s.cfg.Now().UnixMilli(), s.seq["trigger"], randomHex(16))
	s.triggers[id] = &trigger{user: user, at: s.cfg.Now(), view: view}
	return id
}

// webhookBody is what a response_url (or a slash command ack payload) takes: the
// fields of slack.WebhookMessage.
type webhookBody struct {
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	Attachments     json.RawMessage `json:"attachments"`
	ResponseType    string          `json:"response_type"`
	ReplaceOriginal bool            `json:"replace_original"`
	DeleteOriginal  bool            `json:"delete_original"`
	ThreadTS        string          `json:"thread_ts"`
}

func (b webhookBody) hasBlocks() bool {
	t := strings.TrimSpace(string(b.Blocks))
	return t != "" && t != "null"
}

// respondLocked applies a response_url post (or ack payload) and returns the events to
// emit, or an HTTP status and the error text Slack's hooks answer with.
func (s *Server) respondLocked(h *responseURL, b webhookBody, via string) ([]Event, int, string) {
	if chars(b.Text) > maxMessageText {
		return nil, http.StatusBadRequest, "msg_too_long"
	}
	seed := s.nextTSLocked()
	var blocks blockSet
	if b.hasBlocks() {
		set, prob := parseBlocks(string(b.Blocks), "/blocks", maxMessageBlocks, false, seed)
		if prob != nil {
			return nil, http.StatusBadRequest, prob.code
		}
		blocks = set
	}
	var attachments json.RawMessage
	if t := strings.TrimSpace(string(b.Attachments)); t != "" && t != "null" && t != "[]" {
		attachments = b.Attachments
	}
	empty := b.Text == "" && len(blocks.decoded.BlockSet) == 0 && attachments == nil

	target := h.orig
	if target == "" {
		target = h.last
	}
	cur, exists := s.current[h.channel+"|"+target]
	exists = exists && target != ""

	if b.DeleteOriginal {
		if !exists {
			return nil, http.StatusOK, ""
		}
		gone := *cur
		gone.Kind, gone.Via, gone.ResponseType = Delete, via, b.ResponseType
		return []Event{s.recordLocked(gone)}, http.StatusOK, ""
	}
	if empty {
		return nil, http.StatusBadRequest, "no_text"
	}
	if b.ReplaceOriginal && exists {
		next := *cur
		next.Kind, next.Via, next.ResponseType = Update, via, b.ResponseType
		next.Text, next.Blocks, next.Decoded, next.Attachments = b.Text, blocks.raw, blocks.decoded, attachments
		return []Event{s.recordLocked(next)}, http.StatusOK, ""
	}
	m := Message{
		Channel: h.channel, TS: seed, ThreadTS: b.ThreadTS, Text: b.Text, Blocks: blocks.raw,
		Decoded: blocks.decoded, Attachments: attachments, ResponseType: b.ResponseType, Via: via,
	}
	if b.ResponseType == "in_channel" {
		m.Kind = Post
	} else {
		m.Kind, m.User = Ephemeral, h.user
		if m.ResponseType == "" {
			m.ResponseType = "ephemeral"
		}
	}
	h.last = m.TS
	return []Event{s.recordLocked(m)}, http.StatusOK, ""
}

// handleResponseURL serves the response_url of slash commands and interactions. Like
// Slack's hooks it answers errors as HTTP status codes with the error in the body.
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	plain := func(status int, text string) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, text)
	}
	if r.Method != http.MethodPost {
		plain(http.StatusMethodNotAllowed, "invalid_method")
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		plain(http.StatusBadRequest, "invalid_payload")
		return
	}
	var b webhookBody
	if err := json.Unmarshal(data, &b); err != nil {
		plain(http.StatusBadRequest, "invalid_payload")
		return
	}

	s.mu.Lock()
	h, ok := s.hooks[r.URL.Path]
	switch {
	case !ok:
		s.mu.Unlock()
		plain(http.StatusNotFound, "invalid_token")
		return
	case h.uses >= responseURLUses || s.cfg.Now().Sub(h.created) > responseURLLife:
		s.mu.Unlock()
		plain(http.StatusNotFound, "expired_url")
		return
	}
	evs, status, errText := s.respondLocked(h, b, ViaResponseURL)
	if status == http.StatusOK {
		h.uses++
	}
	s.mu.Unlock()

	if status != http.StatusOK {
		plain(status, errText)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
	s.emit(evs...)
}

// slashPayload is a slash_commands payload, fields in the order Slack sends them.
type slashPayload struct {
	Token               string `json:"token"`
	TeamID              string `json:"team_id"`
	TeamDomain          string `json:"team_domain"`
	ChannelID           string `json:"channel_id"`
	ChannelName         string `json:"channel_name"`
	UserID              string `json:"user_id"`
	UserName            string `json:"user_name"`
	Command             string `json:"command"`
	Text                string `json:"text"`
	APIAppID            string `json:"api_app_id"`
	IsEnterpriseInstall string `json:"is_enterprise_install"` // Slack sends "false", a string
	ResponseURL         string `json:"response_url"`
	TriggerID           string `json:"trigger_id"`
}

// SlashCommand sends Config.Command (default "/sla") with text, as typed by userID in
// channelID (a channel or the user's IM with the bot), and returns the envelope_id once
// the bot acknowledges it. A payload in the ack is recorded as the reply (Via ViaAck),
// as Slack shows it.
func (s *Server) SlashCommand(ctx context.Context, userID, channelID, text string) (string, error) {
	return s.SlashCommandNamed(ctx, s.cfg.Command, userID, channelID, text)
}

// SlashCommandNamed is SlashCommand for another command name ("/sla-admin").
func (s *Server) SlashCommandNamed(ctx context.Context, command, userID, channelID, text string) (string, error) {
	p, onAck, err := s.slashCommand(command, userID, channelID, text)
	if err != nil {
		return "", err
	}
	return s.send(ctx, "slash_commands", p, true, onAck)
}

// slashCommand builds a slash command's payload, with what its ack's
// payload does.
func (s *Server) slashCommand(command, userID, channelID, text string) (slashPayload, func(json.RawMessage) []Event, error) {
	s.mu.Lock()
	u, ok := s.users[userID]
	if !ok || u.IsBot {
		s.mu.Unlock()
		return slashPayload{}, nil, fmt.Errorf("slackemu: no user %s", userID)
	}
	name, err := s.channelNameForLocked(channelID, userID)
	if err != nil {
		s.mu.Unlock()
		return slashPayload{}, nil, err
	}
	respURL, hook := s.newResponseURLLocked("commands", userID, channelID)
	p := slashPayload{
		Token: s.cfg.VerificationToken, TeamID: s.cfg.TeamID, TeamDomain: s.cfg.TeamDomain,
		ChannelID: channelID, ChannelName: name, UserID: userID, UserName: u.Name,
		Command: command, Text: s.commandTextLocked(text, s.cfg.ShouldEscape), APIAppID: s.cfg.AppID, IsEnterpriseInstall: "false",
		ResponseURL: respURL, TriggerID: s.triggerIDLocked(userID, ""),
	}
	s.sentText = append(s.sentText, p.Text)
	s.mu.Unlock()

	onAck := func(payload json.RawMessage) []Event {
		var b webhookBody
		if len(payload) == 0 || json.Unmarshal(payload, &b) != nil || b.DeleteOriginal {
			return nil
		}
		b.ReplaceOriginal = false
		s.mu.Lock()
		defer s.mu.Unlock()
		if b.Text == "" && !b.hasBlocks() {
			return nil
		}
		evs, _, _ := s.respondLocked(hook, b, ViaAck)
		return evs
	}
	return p, onAck, nil
}

// channelNameForLocked is the channel_name Slack sends for a user acting in a channel:
// the name, "directmessage" for the bot's IM, "privategroup" for a private channel
// the bot is not in.
func (s *Server) channelNameForLocked(channelID, userID string) (string, error) {
	if owner, ok := s.imUser[channelID]; ok {
		if owner != userID {
			return "", fmt.Errorf("slackemu: %s is the bot's IM with %s, not %s", channelID, owner, userID)
		}
		return "directmessage", nil
	}
	ch, ok := s.channels[channelID]
	if !ok {
		return "", fmt.Errorf("slackemu: no channel %s (use IMChannel for a DM with the bot)", channelID)
	}
	if !s.isMemberLocked(ch, userID) {
		return "", fmt.Errorf("slackemu: user %s is not in channel %s", userID, channelID)
	}
	if ch.Private && ch.BotNotMember {
		return "privategroup", nil
	}
	return ch.Name, nil
}

// ClickButton clicks the button with actionID in msg (looked up as it stands now, so
// an updated message is clicked in its updated form) as userID, sending the
// block_actions "interactive" envelope Slack sends, and returns the envelope_id once
// acknowledged. The payload's response_url acts on that message.
func (s *Server) ClickButton(ctx context.Context, userID string, msg Message, actionID string) (string, error) {
	s.mu.Lock()
	u, ok := s.users[userID]
	if !ok || u.IsBot {
		s.mu.Unlock()
		return "", fmt.Errorf("slackemu: no user %s", userID)
	}
	curp, ok := s.current[msg.Channel+"|"+msg.TS]
	if !ok {
		s.mu.Unlock()
		return "", fmt.Errorf("slackemu: message %s in %s is not there (deleted or never posted)", msg.TS, msg.Channel)
	}
	cur := *curp
	var btn *Button
	var ids []string
	for _, b := range cur.Buttons() {
		if b.ActionID == actionID && btn == nil {
			btn = &b
		}
		ids = append(ids, b.ActionID)
	}
	if btn == nil {
		s.mu.Unlock()
		sort.Strings(ids)
		return "", fmt.Errorf("slackemu: no button %q in message %s (buttons: %s)", actionID, cur.TS, strings.Join(ids, ", "))
	}
	eph := cur.Kind == Ephemeral
	if eph && cur.User != userID {
		s.mu.Unlock()
		return "", fmt.Errorf("slackemu: message %s is ephemeral to %s, %s cannot see it", cur.TS, cur.User, userID)
	}
	chName := "directmessage"
	if ch, ok := s.channels[cur.Channel]; ok {
		if !s.isMemberLocked(ch, userID) {
			s.mu.Unlock()
			return "", fmt.Errorf("slackemu: user %s is not in channel %s", userID, cur.Channel)
		}
		chName = ch.Name
		if ch.Private && ch.BotNotMember {
			chName = "privategroup"
		}
	} else if owner := s.imUser[cur.Channel]; owner != userID {
		s.mu.Unlock()
		return "", fmt.Errorf("slackemu: message %s is in the IM with %s, not %s", cur.TS, owner, userID)
	}

	respURL, hook := s.newResponseURLLocked("actions", userID, cur.Channel)
	hook.orig = cur.TS
	container := map[string]any{
		"type": "message", "message_ts": cur.TS, "channel_id": cur.Channel, "is_ephemeral": eph,
	}
	if cur.ThreadTS != "" {
		container["thread_ts"] = cur.ThreadTS
	}
	action := map[string]any{
		"action_id": btn.ActionID, "block_id": btn.BlockID, "text": btn.element.Text,
		"type": "button", "action_ts": s.nextTSLocked(),
	}
	if btn.Value != "" {
		action["value"] = btn.Value
	}
	if btn.Style != "" {
		action["style"] = btn.Style
	}
	payload := map[string]any{
		"type":                  "block_actions",
		"user":                  map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": s.cfg.TeamID},
		"api_app_id":            s.cfg.AppID,
		"token":                 s.cfg.VerificationToken,
		"container":             container,
		"trigger_id":            s.triggerIDLocked(userID, ""),
		"team":                  map[string]any{"id": s.cfg.TeamID, "domain": s.cfg.TeamDomain},
		"enterprise":            nil,
		"is_enterprise_install": false,
		"channel":               map[string]any{"id": cur.Channel, "name": chName},
		"state":                 map[string]any{"values": map[string]any{}},
		"response_url":          respURL,
		"actions":               []any{action},
	}
	// Slack leaves the message out for ephemeral messages.
	if !eph {
		payload["message"] = s.messageJSON(cur)
	}
	s.mu.Unlock()
	return s.send(ctx, "interactive", payload, false, nil)
}

// OpenAppHome sends the app_home_opened event (tab "home") for userID, as Slack does
// when the user opens the app's Home tab, and returns the envelope_id once
// acknowledged. The event carries the user's current home view, if one was published.
func (s *Server) OpenAppHome(ctx context.Context, userID string) (string, error) {
	s.mu.Lock()
	u, ok := s.users[userID]
	if !ok || u.IsBot {
		s.mu.Unlock()
		return "", fmt.Errorf("slackemu: no user %s", userID)
	}
	ts := s.nextTSLocked()
	event := map[string]any{
		"type": "app_home_opened", "user": userID, "channel": s.imLocked(userID),
		"tab": "home", "event_ts": ts,
	}
	if v, ok := s.views[userID]; ok {
		event["view"] = v.Raw
	}
	payload := map[string]any{
		"token": s.cfg.VerificationToken, "team_id": s.cfg.TeamID, "api_app_id": s.cfg.AppID,
		"event": event, "type": "event_callback", "event_id": s.newIDLocked("Ev"),
		"event_time": s.cfg.Now().Unix(),
		"authorizations": []any{map[string]any{
			"enterprise_id": nil, "team_id": s.cfg.TeamID, "user_id": s.cfg.BotUserID,
			"is_bot": true, "is_enterprise_install": false,
		}},
		"is_ext_shared_channel": false,
	}
	s.mu.Unlock()
	return s.send(ctx, "events_api", payload, false, nil)
}
