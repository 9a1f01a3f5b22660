package commands

import (
	"context"
	"strings"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// The Admin group: who may change the agreement, and help.

var specAdminAdd = command(&Spec{
	Name:     "admin add",
	Group:    GroupAdmin,
	Usage:    "/sla admin add @user",
	Summary:  "Lets someone change the agreement and targets besides the party owners.",
	Examples: []string{"/sla admin add @priya"},
	Change:   true,
	cmd:      AdminAdd{},
})

var specAdminRemove = command(&Spec{
	Name:     "admin remove",
	Group:    GroupAdmin,
	Usage:    "/sla admin remove @user",
	Summary:  "Takes that right away again.",
	Examples: []string{"/sla admin remove @priya"},
	Change:   true,
	cmd:      AdminRemove{},
})

// AdminAdd is `/sla admin add @user`.
type AdminAdd struct{ User string }

func (AdminAdd) Spec() *Spec { return specAdminAdd }

// AdminRemove is `/sla admin remove @user`.
type AdminRemove struct{ User string }

func (AdminRemove) Spec() *Spec { return specAdminRemove }

func (AdminAdd) parse(a *cmdArgs) (Command, error) { return a.admin(false) }

func (AdminRemove) parse(a *cmdArgs) (Command, error) { return a.admin(true) }

func (a *cmdArgs) admin(remove bool) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	t, ok := a.take()
	if !ok {
		return nil, a.fail("missing the person: `/sla %s @user`", a.spec.Name)
	}
	id, problem := readUser(t.val)
	if problem != "" {
		return nil, a.bad(t, problem)
	}
	if err := a.done(); err != nil {
		return nil, err
	}
	if remove {
		return AdminRemove{User: id}, nil
	}
	return AdminAdd{User: id}, nil
}

func (cmd AdminAdd) run(ctx context.Context, c *call) (Response, error) {
	if c.a.IsOwner(cmd.User) {
		return reply(render.Text("%s owns a party of the %s agreement, and can always change it: no need to make them an admin.", render.User(cmd.User), render.Escape(c.a.Name)))
	}
	already, err := c.h.App.Store.IsAdmin(ctx, c.a.TeamID, c.a.ID, cmd.User)
	if err != nil {
		return Response{}, err
	}
	if already {
		return reply(render.Text("%s is already an admin of the %s agreement; nothing changed.", render.User(cmd.User), render.Escape(c.a.Name)))
	}
	if err := c.h.App.Store.AddAdmin(ctx, c.a.TeamID, c.a.ID, cmd.User, c.req.UserID, c.now); err != nil {
		return Response{}, err
	}
	return Response{Message: render.Text(":key: %s can now change the %s agreement (added by %s).", render.User(cmd.User), render.Escape(c.a.Name), render.User(c.req.UserID)), InChannel: true}, nil
}

func (cmd AdminRemove) run(ctx context.Context, c *call) (Response, error) {
	ok, err := c.h.App.Store.RemoveAdmin(ctx, c.a.TeamID, c.a.ID, cmd.User)
	if err != nil {
		return Response{}, err
	}
	if !ok {
		note := ""
		if c.a.IsOwner(cmd.User) {
			note = " Party owners can always change the agreement."
		}
		return Response{}, sla.Errorf(sla.NotFound, "%s is not an admin of this agreement.%s", render.User(cmd.User), note)
	}
	return Response{Message: render.Text(":lock: %s is no longer an admin of the %s agreement (removed by %s).", render.User(cmd.User), render.Escape(c.a.Name), render.User(c.req.UserID)), InChannel: true}, nil
}

var specHelp = command(&Spec{
	Anywhere: true,
	Name:     "help",
	Group:    GroupAdmin,
	Usage:    "/sla help [command]",
	Summary:  "Lists the commands, or shows one command with examples.",
	Examples: []string{"/sla help", "/sla help lead", "/sla help plan"},
	cmd:      Help{},
})

// Help is `/sla help [topic]`; Topic "" lists every command. Bare `/sla` is Help{}.
type Help struct{ Topic string }

func (Help) Spec() *Spec { return specHelp }

func (Help) parse(a *cmdArgs) (Command, error) {
	if err := a.collect(); err != nil {
		return nil, err
	}
	words := make([]string, len(a.pos))
	for i, t := range a.pos {
		words[i] = strings.ToLower(t.val)
	}
	topic := normalizeTopic(strings.Join(words, " "))
	if topic != "" && len(matchTopic(topic)) == 0 {
		return nil, unknownTopic(topic)
	}
	return Help{Topic: topic}, nil
}

func (cmd Help) run(_ context.Context, c *call) (Response, error) {
	text, err := HelpText(cmd.Topic)
	if err != nil {
		return Response{}, err
	}
	if normalizeTopic(cmd.Topic) != "" {
		return reply(render.Help("", []string{text}, ""))
	}
	// The whole list is longer than one Block Kit text: one section per group.
	var secs []string
	for _, sec := range HelpSections() {
		secs = append(secs, sec.Text())
	}
	return reply(render.Help("slabot — /sla commands", secs, "Type `/sla help &lt;command&gt;` for examples, like `/sla help lead add`."))
}
