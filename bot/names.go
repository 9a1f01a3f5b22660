package bot

import (
	"cmp"
	"context"
	"strings"
)

// DisplayNames maps the workspace's user ids to the names people see
// (display name, else real name, else handle), from the cached users.list
// behind Members; the digest's scorecards name reps with them, in plain
// text, so a channel post mentions nobody.
func (s *Sender) DisplayNames(ctx context.Context) (map[string]string, error) {
	ms, err := s.Members(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ms))
	for _, m := range ms {
		out[m.ID] = cmp.Or(strings.TrimSpace(m.DisplayName), strings.TrimSpace(m.RealName), m.Handle)
	}
	return out, nil
}
