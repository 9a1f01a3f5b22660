package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Member is a person of the workspace as people name them.
type Member struct {
	ID          string
	Handle      string // the username, "maria"
	DisplayName string // "Maria"
	RealName    string // "Maria Lopez"
}

// Directory lists the workspace's people (bot.Sender, from users.list,
// cached). Deactivated accounts and bots are left out.
type Directory interface {
	Members(ctx context.Context) ([]Member, error)
}

// resolveMentions turns each plain @name of the text into the mention Slack
// sends when the command's escaping is on (<@U123|name>). Escaping is on in
// our manifest, but an install made before it, or a person who typed the
// name without picking it, sends @name as text. A name is matched against
// handles, display names and real names, case-insensitively; an unknown or
// ambiguous name is refused, naming the candidates. Quoted values are left
// alone (a lead may be called "@home").
func resolveMentions(ctx context.Context, dir Directory, text string) (string, error) {
	sc := &argScanner{text: text}
	toks, err := sc.all()
	if err != nil || dir == nil {
		return text, nil // the parser reports the lexing error with its usage
	}
	var members []Member
	var out strings.Builder
	last := 0
	for _, t := range toks {
		if t.quoted || !strings.HasPrefix(t.val, "@") || len(t.val) < 2 {
			continue
		}
		if members == nil {
			if members, err = dir.Members(ctx); err != nil {
				return "", fmt.Errorf("list the workspace's members: %w", err)
			}
		}
		m, err := matchMember(members, t.val[1:])
		if err != nil {
			return "", err
		}
		start := t.end - len(t.val)
		out.WriteString(text[last:start])
		fmt.Fprintf(&out, "<@%s|%s>", m.ID, m.Handle)
		last = t.end
	}
	if last == 0 {
		return text, nil
	}
	out.WriteString(text[last:])
	return out.String(), nil
}

// matchMember finds the one member called name.
func matchMember(members []Member, name string) (Member, error) {
	var found []Member
	for _, m := range members {
		for _, n := range []string{m.Handle, m.DisplayName, m.RealName} {
			if n != "" && strings.EqualFold(n, name) {
				found = append(found, m)
				break
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		var names []string
		for _, m := range members {
			names = append(names, "@"+strings.ToLower(m.Handle))
		}
		hint := didYouMean("@"+strings.ToLower(name), names, "")
		return Member{}, &UsageError{Msg: fmt.Sprintf("no one in this workspace is called @%s: type @ and pick the person from Slack's list%s", name, hint)}
	}
	var cands []string
	for _, m := range found {
		cands = append(cands, fmt.Sprintf("<@%s> (%s)", m.ID, m.RealName))
	}
	slices.Sort(cands)
	return Member{}, &UsageError{Msg: fmt.Sprintf("@%s could be %s: type @ and pick the person from Slack's list", name, strings.Join(cands, " or "))}
}
