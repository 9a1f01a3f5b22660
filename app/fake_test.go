package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/slabot/slabot/render"
)

// fakeSlack records what the jobs send; fail makes the next n sends fail.
type fakeSlack struct {
	mu      sync.Mutex
	posts   []sent
	uploads []sent
	updates []sent
	homes   []sent
	fail    int
	ts      int
}

type sent struct {
	channel, ts string
	msg         render.Message
	file        render.File
}

func (f *fakeSlack) failing() error {
	if f.fail > 0 {
		f.fail--
		return errors.New("slack is down")
	}
	return nil
}

func (f *fakeSlack) Post(_ context.Context, channel string, m render.Message) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failing(); err != nil {
		return "", err
	}
	f.ts++
	ts := fmt.Sprintf("%d.000100", f.ts)
	f.posts = append(f.posts, sent{channel: channel, ts: ts, msg: m})
	return ts, nil
}

func (f *fakeSlack) DM(ctx context.Context, user string, m render.Message) (string, string, error) {
	ts, err := f.Post(ctx, "D-"+user, m)
	return "D-" + user, ts, err
}

func (f *fakeSlack) Update(_ context.Context, channel, ts string, m render.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, sent{channel: channel, ts: ts, msg: m})
	return nil
}

func (f *fakeSlack) Upload(_ context.Context, channel string, file render.File) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failing(); err != nil {
		return err
	}
	f.uploads = append(f.uploads, sent{channel: channel, file: file})
	return nil
}

func (f *fakeSlack) PublishHome(_ context.Context, user string, m render.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.homes = append(f.homes, sent{channel: user, msg: m})
	return nil
}

// postsTo returns the texts posted to channel, in order.
func (f *fakeSlack) postsTo(channel string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, p := range f.posts {
		if p.channel == channel {
			out = append(out, p.msg.Text)
		}
	}
	return out
}

func (f *fakeSlack) count(channel, substr string) int {
	n := 0
	for _, t := range f.postsTo(channel) {
		if strings.Contains(t, substr) {
			n++
		}
	}
	return n
}
