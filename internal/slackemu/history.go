package slackemu

import (
	"encoding/base64"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// readMetadata checks chat.postMessage's metadata argument: a JSON object
// with an event_type and an event_payload object
// (https://docs.slack.dev/messaging/message-metadata). Slack answers
// invalid_metadata_format for what is not JSON and invalid_metadata_schema
// for JSON of another shape (chat.postMessage's errors).
func readMetadata(arg string) (json.RawMessage, *apiError) {
	if strings.TrimSpace(arg) == "" {
		return nil, nil
	}
	var md struct {
		EventType    *string         `json:"event_type"`
		EventPayload json.RawMessage `json:"event_payload"`
	}
	if err := json.Unmarshal([]byte(arg), &md); err != nil {
		return nil, fail("invalid_metadata_format")
	}
	var payload map[string]any
	if md.EventType == nil || *md.EventType == "" || json.Unmarshal(md.EventPayload, &payload) != nil || payload == nil {
		return nil, fail("invalid_metadata_schema")
	}
	out, _ := json.Marshal(map[string]any{"event_type": *md.EventType, "event_payload": payload})
	return out, nil
}

// historyItem is one message of a channel's history: a message as it stands
// now, or a file share.
type historyItem struct {
	ts  string
	obj map[string]any
}

// conversationsHistory answers conversations.history
// (https://docs.slack.dev/reference/methods/conversations.history): the
// channel's messages newest first, replies in threads left out, at most
// limit (default 100, at most 999) a page, paged by an opaque cursor, within
// oldest/latest (exclusive unless inclusive). Metadata is in a message only
// when include_all_metadata is true: Slack leaves it out otherwise. The bot
// must be in the channel (not_in_channel, or channel_not_found for a private
// one).
func (s *Server) conversationsHistory(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := c.get("channel")
	ch, isChannel := s.channels[id]
	_, isIM := s.imUser[id]
	switch {
	case id == "" || (!isChannel && !isIM):
		return nil, nil, fail("channel_not_found")
	case isChannel:
		if e := s.postableLocked(ch); e != nil {
			return nil, nil, e
		}
	}
	limit := 100
	if v := c.get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, nil, fail("invalid_limit")
		}
		if n > 0 {
			limit = min(n, 999)
		}
	}
	withMeta := truthy(c.get("include_all_metadata"))
	inclusive := truthy(c.get("inclusive"))
	oldest, latest := c.get("oldest"), c.get("latest")
	var next string
	if cur := c.get("cursor"); cur != "" {
		b, err := base64.StdEncoding.DecodeString(cur)
		after, ok := strings.CutPrefix(string(b), "next_ts:")
		if err != nil || !ok {
			return nil, nil, fail("invalid_cursor")
		}
		next = after
	}

	var items []historyItem
	for _, m := range s.current {
		if m.Channel != id || m.Kind != Post || (m.ThreadTS != "" && m.ThreadTS != m.TS) {
			continue
		}
		obj := s.messageJSON(*m)
		if withMeta && len(m.Metadata) > 0 {
			obj["metadata"] = m.Metadata
		}
		items = append(items, historyItem{m.TS, obj})
	}
	shares := map[string]*historyItem{}
	for _, f := range s.files {
		if f.Channel != id || f.TS == "" {
			continue
		}
		it, ok := shares[f.TS]
		if !ok {
			it = &historyItem{f.TS, map[string]any{
				"type": "message", "text": f.Comment, "user": s.cfg.BotUserID, "ts": f.TS,
				"upload": true, "display_as_bot": false, "files": []map[string]any{},
			}}
			shares[f.TS] = it
		}
		it.obj["files"] = append(it.obj["files"].([]map[string]any), map[string]any{
			"id": f.ID, "name": f.Name, "title": f.Title, "user": s.cfg.BotUserID, "size": len(f.Content),
		})
	}
	for _, it := range shares {
		items = append(items, *it)
	}
	sort.Slice(items, func(i, j int) bool { return tsLess(items[j].ts, items[i].ts) })

	var page []map[string]any
	more := false
	for _, it := range items {
		if next != "" && tsLess(next, it.ts) {
			continue
		}
		if latest != "" && !(tsLess(it.ts, latest) || (inclusive && it.ts == latest)) {
			continue
		}
		if oldest != "" && !(tsLess(oldest, it.ts) || (inclusive && it.ts == oldest)) {
			continue
		}
		if len(page) == limit {
			more, next = true, it.ts
			break
		}
		page = append(page, it.obj)
	}
	out := map[string]any{"messages": nonNilMaps(page), "has_more": more, "pin_count": 0}
	if more {
		out["response_metadata"] = map[string]any{"next_cursor": base64.StdEncoding.EncodeToString([]byte("next_ts:" + next))}
	}
	return out, nil, nil
}

// tsLess orders message timestamps ("1700000000.000100").
func tsLess(a, b string) bool {
	as, au, _ := strings.Cut(a, ".")
	bs, bu, _ := strings.Cut(b, ".")
	ai, _ := strconv.ParseInt(as, 10, 64)
	bi, _ := strconv.ParseInt(bs, 10, 64)
	if ai != bi {
		return ai < bi
	}
	return au < bu
}

func truthy(v string) bool { return v == "1" || v == "true" }

func nonNilMaps(v []map[string]any) []map[string]any {
	if v == nil {
		return []map[string]any{}
	}
	return v
}
