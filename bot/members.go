package bot

import (
	"context"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/commands"
)

// membersTTL is how long the workspace's member list is reused: a person who
// just joined waits at most this long before @name finds them, and a burst of
// commands costs one users.list (a Tier 2 method, about 20 calls a minute).
const membersTTL = 5 * time.Minute

// memberCache holds the last users.list.
type memberCache struct {
	mu   sync.Mutex
	list []commands.Member
	at   time.Time
}

// Members lists the workspace's people, bots and deactivated accounts left
// out, for resolving a plain @name (users.list, paged by slack-go).
func (s *Sender) Members(ctx context.Context) ([]commands.Member, error) {
	s.members.mu.Lock()
	defer s.members.mu.Unlock()
	if s.members.list != nil && time.Since(s.members.at) < membersTTL {
		return s.members.list, nil
	}
	var users []slack.User
	err := s.call(ctx, "users.list", func(ctx context.Context) error {
		var err error
		users, err = s.API.GetUsersContext(ctx, slack.GetUsersOptionLimit(200))
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]commands.Member, 0, len(users))
	for _, u := range users {
		if u.Deleted || u.IsBot || u.ID == "USLACKBOT" {
			continue
		}
		out = append(out, commands.Member{ID: u.ID, Handle: u.Name, DisplayName: u.Profile.DisplayName, RealName: u.RealName})
	}
	s.members.list, s.members.at = out, time.Now()
	return out, nil
}
