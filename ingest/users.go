package ingest

import (
	"context"
	"fmt"
	"sort"
)

// maxMisses bounds the owners remembered for the end-of-import warning.
const maxMisses = 1000

// ownerCache resolves owner cells to Slack user ids, asking Slack once per
// email for the whole run (misses are cached too), and remembers the
// owners it could not match for one warning each.
type ownerCache struct {
	users  Users
	ids    map[string]string // email → user id, "" when Slack has none
	misses map[string]*miss
	extra  int // misses beyond maxMisses
}

type miss struct {
	owner string
	why   string
	rows  int
	line  int
}

func newOwnerCache(u Users) *ownerCache {
	return &ownerCache{users: u, ids: map[string]string{}, misses: map[string]*miss{}}
}

// ownerMiss says which owner could not be matched, and why.
type ownerMiss struct{ owner, why string }

// resolve returns the Slack user for an owner cell: a user id as written, or
// the user with that email; "" and the reason when there is none. Only a
// failed Slack call is an error. It is called by the reader goroutine only.
func (c *ownerCache) resolve(ctx context.Context, cell string) (string, ownerMiss, error) {
	if isUserID(cell) {
		return cell, ownerMiss{}, nil
	}
	email, ok := ownerEmail(cell)
	if !ok {
		return "", ownerMiss{cell, "is not an email address, so it cannot be matched to a Slack user"}, nil
	}
	if c.users == nil {
		return "", ownerMiss{email, "was not looked up: no Slack connection (set SLACK_BOT_TOKEN)"}, nil
	}
	id, seen := c.ids[email]
	if !seen {
		var err error
		if id, err = c.users.LookupEmail(ctx, email); err != nil {
			return "", ownerMiss{}, err
		}
		c.ids[email] = id
	}
	if id == "" {
		return "", ownerMiss{email, "has no Slack user with that email"}, nil
	}
	return id, ownerMiss{}, nil
}

// miss counts a stored lead whose owner was not matched. It is called by
// the writing goroutine only.
func (c *ownerCache) miss(m ownerMiss, line int) {
	x, ok := c.misses[m.owner]
	if !ok {
		if len(c.misses) >= maxMisses {
			c.extra++
			return
		}
		x = &miss{owner: m.owner, why: m.why, line: line}
		c.misses[m.owner] = x
	}
	x.rows++
}

// report warns once per unmatched owner, in the order they first appeared.
func (c *ownerCache) report(warn func(string)) {
	ms := make([]*miss, 0, len(c.misses))
	for _, m := range c.misses {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].line < ms[j].line })
	for _, m := range ms {
		warn(fmt.Sprintf("owner %s %s; %d lead(s) imported without an owner (first on line %d)", m.owner, m.why, m.rows, m.line))
	}
	if c.extra > 0 {
		warn(fmt.Sprintf("and %d more rows with unmatched owners", c.extra))
	}
}
