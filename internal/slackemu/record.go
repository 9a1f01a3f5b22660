package slackemu

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/slack-go/slack"
)

// Kind says what the bot did to a message.
type Kind string

// The kinds of Message.
const (
	Post      Kind = "post"      // a new message everyone in the channel sees
	Ephemeral Kind = "ephemeral" // a new message only Message.User sees
	Update    Kind = "update"    // an existing message (Message.TS) changed
	Delete    Kind = "delete"    // an existing message (Message.TS) removed
)

// How a message reached Slack.
const (
	ViaAPI         = "api"          // chat.* Web API methods
	ViaResponseURL = "response_url" // a POST to a slash command's or interaction's response_url
	ViaAck         = "ack"          // the payload of a slash command's socket-mode ack
)

// Message is one thing the bot did to a message, in the order it happened.
type Message struct {
	Seq     int    // 1-based position in Messages(); later actions have higher Seq
	Kind    Kind   // Post, Ephemeral, Update or Delete
	Channel string // C…, G… or D… channel ID
	// User is the only user who sees the message when it is ephemeral (also for an
	// Update or Delete of an ephemeral message); empty otherwise.
	User     string
	TS       string // the message's timestamp; for Update and Delete, the one changed
	ThreadTS string
	Text     string
	// Blocks is the Block Kit JSON as stored, block_id filled in where the bot left it
	// out (Slack does the same); Decoded is the same blocks decoded by slack-go.
	Blocks      json.RawMessage
	Decoded     slack.Blocks
	Attachments json.RawMessage
	// ResponseType is "ephemeral" or "in_channel" for messages sent through a
	// response_url or an ack payload; empty for the Web API.
	ResponseType string
	Via          string // ViaAPI, ViaResponseURL or ViaAck
	IsDM         bool   // the channel is the bot's IM with DMUser
	DMUser       string
	// Metadata is the message metadata as posted ({"event_type": …,
	// "event_payload": {…}}); conversations.history returns it only when
	// asked with include_all_metadata.
	Metadata json.RawMessage
}

// AllText is the message text followed by every text found in its blocks (section
// text and fields, headers, context elements, button labels, rich text), one per
// line: handy for assertions that should not care about layout.
func (m Message) AllText() string {
	var parts []string
	if m.Text != "" {
		parts = append(parts, m.Text)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if t, ok := v["text"].(string); ok && t != "" {
				parts = append(parts, t)
			}
			for _, k := range readingOrder(v) {
				if x := v[k]; k != "text" || !isString(x) {
					walk(x)
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	if len(m.Blocks) > 0 {
		var v any
		if json.Unmarshal(m.Blocks, &v) == nil {
			walk(v)
		}
	}
	return strings.Join(parts, "\n")
}

func isString(v any) bool { _, ok := v.(string); return ok }

// readingOrder sorts a block's keys the way Slack lays them out: text, then fields,
// elements and the accessory, then the rest alphabetically.
func readingOrder(m map[string]any) []string {
	rank := map[string]int{"text": 0, "fields": 1, "elements": 2, "accessory": 3}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, ok := rank[keys[i]]
		if !ok {
			ri = len(rank)
		}
		rj, ok := rank[keys[j]]
		if !ok {
			rj = len(rank)
		}
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// Buttons lists the buttons in the message's blocks (actions blocks and section
// accessories), in order.
func (m Message) Buttons() []Button {
	var out []Button
	for _, b := range m.Decoded.BlockSet {
		switch b := b.(type) {
		case *slack.ActionBlock:
			if b.Elements == nil {
				continue
			}
			for _, e := range b.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					out = append(out, buttonOf(b.BlockID, btn))
				}
			}
		case *slack.SectionBlock:
			if b.Accessory != nil && b.Accessory.ButtonElement != nil {
				out = append(out, buttonOf(b.BlockID, b.Accessory.ButtonElement))
			}
		}
	}
	return out
}

// Button is a button found in a message.
type Button struct {
	BlockID  string
	ActionID string
	Text     string
	Value    string
	Style    string
	element  *slack.ButtonBlockElement
}

func buttonOf(blockID string, b *slack.ButtonBlockElement) Button {
	btn := Button{BlockID: blockID, ActionID: b.ActionID, Value: b.Value, Style: string(b.Style), element: b}
	if b.Text != nil {
		btn.Text = b.Text.Text
	}
	return btn
}

// File is a file the bot uploaded and completed with files.completeUploadExternal.
type File struct {
	ID       string
	Name     string // the filename given to files.getUploadURLExternal
	Title    string
	Channel  string // where it was shared; empty when completed without a channel
	TS       string // the share message's ts in Channel
	Comment  string // initial_comment
	ThreadTS string
	Length   int    // the length declared to files.getUploadURLExternal
	Content  []byte // the bytes posted to the upload URL
}

// View is a home tab published with views.publish.
type View struct {
	ID      string
	User    string
	Hash    string
	Raw     json.RawMessage // the view as Slack answers it (id, type, blocks, …)
	Blocks  json.RawMessage // the blocks as stored, block_id filled in
	Decoded slack.Blocks
	// PrivateMetadata and CallbackID as the bot sent them.
	PrivateMetadata string
	CallbackID      string
	ExternalID      string
}

// EventKind tells which field of an Event is set.
type EventKind string

// The kinds of Event.
const (
	EventMessage EventKind = "message"
	EventFile    EventKind = "file"
	EventView    EventKind = "view"
)

// Event is something the bot did, as OnEvent reports it.
type Event struct {
	Kind    EventKind
	Message Message // Kind == EventMessage
	File    File    // Kind == EventFile
	View    View    // Kind == EventView
}

// Messages returns everything the bot did to messages, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Current returns a message as it stands now (after updates), or false when it was
// never posted or has been deleted. The Kind is Post or Ephemeral.
func (s *Server) Current(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.current[channel+"|"+ts]
	if !ok {
		return Message{}, false
	}
	return *m, true
}

// Files returns the completed uploads, in order.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]File, len(s.files))
	for i, f := range s.files {
		f.Content = append([]byte(nil), f.Content...)
		out[i] = f
	}
	return out
}

// HomeView returns the home tab last published for a user.
func (s *Server) HomeView(userID string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.views[userID]
	return v, ok
}

// Calls counts the Web API calls made to a method ("chat.postMessage"), whatever
// their outcome (errors and rate-limited calls included).
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// WaitFor returns the first recorded message (oldest first, including those recorded
// before the call) for which match is true, waiting for new ones until ctx ends.
func (s *Server) WaitFor(ctx context.Context, match func(Message) bool) (Message, error) {
	var found Message
	err := s.waitUntil(ctx, func() bool {
		for _, m := range s.messages {
			if match(m) {
				found = m
				return true
			}
		}
		return false
	})
	return found, err
}

// WaitForFile is WaitFor for completed uploads.
func (s *Server) WaitForFile(ctx context.Context, match func(File) bool) (File, error) {
	var found File
	err := s.waitUntil(ctx, func() bool {
		for _, f := range s.files {
			if match(f) {
				found = f
				found.Content = append([]byte(nil), f.Content...)
				return true
			}
		}
		return false
	})
	return found, err
}

// OnEvent calls fn for every message, file and home view the bot produces from now
// on, from the goroutine that recorded it (never while holding the emulator's lock).
// fn must not block for long. The returned function unsubscribes.
func (s *Server) OnEvent(fn func(Event)) (cancel func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextSub
	s.nextSub++
	s.subs[id] = fn
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.subs, id)
	}
}

// emit reports events to subscribers; callers must not hold s.mu.
func (s *Server) emit(evs ...Event) {
	if len(evs) == 0 {
		return
	}
	s.mu.Lock()
	fns := make([]func(Event), 0, len(s.subs))
	for _, fn := range s.subs {
		fns = append(fns, fn)
	}
	s.mu.Unlock()
	for _, ev := range evs {
		for _, fn := range fns {
			fn(ev)
		}
	}
}

// recordLocked appends m to the log, keeps Current in step and returns the event to
// emit once the lock is released.
func (s *Server) recordLocked(m Message) Event {
	if u, ok := s.imUser[m.Channel]; ok {
		m.IsDM, m.DMUser = true, u
	}
	m.Seq = len(s.messages) + 1
	s.messages = append(s.messages, m)
	key := m.Channel + "|" + m.TS
	switch m.Kind {
	case Post, Ephemeral:
		cur := m
		s.current[key] = &cur
	case Update:
		if cur, ok := s.current[key]; ok {
			kind := cur.Kind
			*cur = m
			cur.Kind = kind
		}
	case Delete:
		delete(s.current, key)
	}
	s.notifyLocked()
	return Event{Kind: EventMessage, Message: m}
}
