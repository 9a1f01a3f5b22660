package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/render"
)

// fakeSlack records what the jobs send; fail makes the next n sends fail
// (refused), lost makes the next n sends take effect with their answer lost.
type fakeSlack struct {
	mu      sync.Mutex
	posts   []sent
	uploads []sent
	updates []sent
	homes   []sent
	fail    int
	lost    int
	ts      int
	files   int
}

type sent struct {
	channel, ts string
	msg         render.Message
	file        render.File
	fileID      string
}

func (f *fakeSlack) failing() error {
	if f.fail > 0 {
		f.fail--
		return errors.New("slack is down")
	}
	return nil
}

// answerLost reports whether this send's answer is lost after it took effect.
func (f *fakeSlack) answerLost() error {
	if f.lost > 0 {
		f.lost--
		return &app.SendError{Err: errors.New("connection reset"), MaybeSent: true}
	}
	return nil
}

func (f *fakeSlack) OpenDM(_ context.Context, user string) (string, error) { return "D-" + user, nil }

func (f *fakeSlack) PostOnce(ctx context.Context, channel string, m render.Message) (string, error) {
	ts, err := f.Post(ctx, channel, m)
	if err != nil {
		return "", err
	}
	return ts, f.answerLost()
}

func (f *fakeSlack) FindPost(_ context.Context, channel string, md render.Metadata) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.posts {
		if p.channel == channel && p.msg.Metadata != nil && fmt.Sprint(*p.msg.Metadata) == fmt.Sprint(md) {
			return p.ts, true, nil
		}
	}
	return "", false, nil
}

func (f *fakeSlack) PrepareUpload(context.Context, render.File) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files++
	return fmt.Sprintf("F%d", f.files), nil
}

func (f *fakeSlack) CompleteUpload(_ context.Context, channel, fileID string, file render.File) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failing(); err != nil {
		return err
	}
	f.uploads = append(f.uploads, sent{channel: channel, file: file, fileID: fileID})
	return f.answerLost()
}

func (f *fakeSlack) FindFile(_ context.Context, channel, fileID string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.uploads {
		if u.channel == channel && u.fileID == fileID {
			return true, nil
		}
	}
	return false, nil
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
