package slackemu_test

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/slabot/slabot/internal/slackemu"
)

func Example() {
	emu := slackemu.New(slackemu.Config{
		BotToken: "xoxb-test",
		Users:    []slackemu.User{{ID: "U1", Name: "ada", Email: "ada@example.com"}},
		Channels: []slackemu.Channel{{ID: "C1", Name: "sla"}},
	})
	if err := emu.Start(); err != nil {
		panic(err)
	}
	defer emu.Close()

	// The bot under test talks to the emulator with the ordinary client.
	api := slack.New("xoxb-test", slack.OptionAPIURL(emu.APIURL()))
	ctx := context.Background()
	_, _, _ = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("Goal reached on day 24", false))
	_, _, err := api.PostMessageContext(ctx, "C9", slack.MsgOptionText("lost", false))
	fmt.Println("C9:", err)
	_, _ = api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("Only you can see this", false))

	for _, m := range emu.Messages() {
		fmt.Println(m.Seq, m.Kind, m.Channel, m.User, m.Text)
	}
	// Output:
	// C9: channel_not_found
	// 1 post C1  Goal reached on day 24
	// 2 ephemeral C1 U1 Only you can see this
}
