package slackemu

import (
	"encoding/base64"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// usersList is users.list (docs.slack.dev/reference/methods/users.list):
// every member, bots and deactivated accounts included (the caller filters
// on deleted and is_bot), paged by an opaque cursor with `limit` (Slack
// suggests no more than 200) and response_metadata.next_cursor, "" on the
// last page.
func (s *Server) usersList(c *apiCall) (map[string]any, []Event, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	limit := 100
	if v := c.get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, nil, fail("invalid_limit")
		}
		if n > 0 {
			limit = min(n, 1000)
		}
	}
	from := 0
	if cur := c.get("cursor"); cur != "" {
		raw, err := base64.StdEncoding.DecodeString(cur)
		n, perr := strconv.Atoi(strings.TrimPrefix(string(raw), "user:"))
		if err != nil || perr != nil || !strings.HasPrefix(string(raw), "user:") || n < 0 || n > len(s.userList) {
			return nil, nil, fail("invalid_cursor")
		}
		from = n
	}
	to := min(from+limit, len(s.userList))
	members := make([]map[string]any, 0, to-from)
	for _, id := range s.userList[from:to] {
		members = append(members, s.userJSONLocked(s.users[id]))
	}
	next := ""
	if to < len(s.userList) {
		next = base64.StdEncoding.EncodeToString([]byte("user:" + strconv.Itoa(to)))
	}
	return map[string]any{
		"members": members, "cache_ts": s.cfg.Now().Unix(),
		"response_metadata": map[string]any{"next_cursor": next},
	}, nil, nil
}

var (
	escapedUser    = regexp.MustCompile(`<@([UW][A-Z0-9]+)(?:\|([^>]*))?>`)
	escapedChannel = regexp.MustCompile(`<#([CG][A-Z0-9]+)(?:\|([^>]*))?>`)
	escapedLink    = regexp.MustCompile(`<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>`)
	plainMention   = regexp.MustCompile(`(^|[\s=])@([a-z0-9][a-z0-9._-]*)`)
	plainChannel   = regexp.MustCompile(`(^|[\s=])#([a-z0-9][a-z0-9_-]*)`)
)

// commandText is the text Slack sends for a slash command as typed, by the
// command's "Escape channels, users, and links sent to your app" setting
// (should_escape in the manifest; docs.slack.dev/interactivity/
// implementing-slash-commands, "Escaping"). On, a person or channel picked
// from the list arrives as <@U123|name> or <#C123|name>; off, Slack sends
// what the person sees: @name, #name, and links as typed. Callers may write
// either form: a known @handle or #name becomes an entity when escaping is
// on, and an entity becomes plain text when it is off.
func (s *Server) commandTextLocked(text string, escape bool) string {
	if escape {
		text = plainMention.ReplaceAllStringFunc(text, func(m string) string {
			sub := plainMention.FindStringSubmatch(m)
			for _, id := range s.userList {
				if u := s.users[id]; strings.EqualFold(u.Name, sub[2]) && !u.Deleted {
					return sub[1] + "<@" + u.ID + "|" + u.Name + ">"
				}
			}
			return m
		})
		return plainChannel.ReplaceAllStringFunc(text, func(m string) string {
			sub := plainChannel.FindStringSubmatch(m)
			for id, ch := range s.channels {
				if strings.EqualFold(ch.Name, sub[2]) {
					return sub[1] + "<#" + id + "|" + ch.Name + ">"
				}
			}
			return m
		})
	}
	text = escapedUser.ReplaceAllStringFunc(text, func(m string) string {
		sub := escapedUser.FindStringSubmatch(m)
		if u, ok := s.users[sub[1]]; ok {
			return "@" + u.displayName()
		}
		return "@" + sub[2]
	})
	text = escapedChannel.ReplaceAllStringFunc(text, func(m string) string {
		sub := escapedChannel.FindStringSubmatch(m)
		if ch, ok := s.channels[sub[1]]; ok {
			return "#" + ch.Name
		}
		return "#" + sub[2]
	})
	return escapedLink.ReplaceAllString(text, "$1")
}

// CommandTexts are the texts of the slash commands sent so far, as Slack
// sent them to the app (escaped or not).
func (s *Server) CommandTexts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sentText)
}
