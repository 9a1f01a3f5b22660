package commands

import (
	"context"
	"errors"
	"strings"
	"testing"
)

type fakeDirectory struct {
	members []Member
	calls   int
}

func (d *fakeDirectory) Members(context.Context) ([]Member, error) {
	d.calls++
	return d.members, nil
}

func TestResolveMentions(t *testing.T) {
	dir := &fakeDirectory{members: []Member{
		{ID: "U1", Handle: "maria", DisplayName: "Maria", RealName: "Maria Lopez"},
		{ID: "U2", Handle: "sam", DisplayName: "Sam", RealName: "Sam Ortiz"},
		{ID: "U3", Handle: "mario", DisplayName: "Mario", RealName: "Mario Rossi"},
		{ID: "U4", Handle: "mario.b", DisplayName: "Mario", RealName: "Mario Bianchi"},
	}}
	cases := []struct{ in, want, err string }{
		{"setup marketing=@maria sales=@SAM", "setup marketing=<@U1|maria> sales=<@U2|sam>", ""},
		{"lead handoff L-1 @maria", "lead handoff L-1 <@U1|maria>", ""},
		{"admin add @mario.b", "admin add <@U4|mario.b>", ""},
		// already a mention, quoted text, an email: untouched
		{`setup marketing=<@U9|x> name="@maria"`, `setup marketing=<@U9|x> name="@maria"`, ""},
		{"lead add ada@example.com", "lead add ada@example.com", ""},
		{"admin add @mariaa", "", "no one in this workspace is called @mariaa: type @ and pick the person from Slack's list — did you mean `@maria`?"},
		{"admin add @Mario", "", "@Mario could be <@U3> (Mario Rossi) or <@U4> (Mario Bianchi)"},
	}
	for _, c := range cases {
		got, err := resolveMentions(context.Background(), dir, c.in)
		var ue *UsageError
		switch {
		case c.err != "":
			if !errors.As(err, &ue) || !strings.Contains(ue.Msg, c.err) {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
		case err != nil || got != c.want:
			t.Errorf("%q → %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	// A text without a plain @name does not list the members.
	dir.calls = 0
	if _, err := resolveMentions(context.Background(), dir, "status post"); err != nil || dir.calls != 0 {
		t.Errorf("listed members %d times for a text without @", dir.calls)
	}
	if got, _ := resolveMentions(context.Background(), nil, "admin add @maria"); got != "admin add @maria" {
		t.Errorf("without a directory the text changed: %q", got)
	}
}

func TestWithMentions(t *testing.T) {
	in := escapeMrkdwn("<@U1> owns it; `<@U2>` was typed")
	if got, want := withMentions(in), "<@U1> owns it; `&lt;@U2&gt;` was typed"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
