package app

import (
	"context"

	"github.com/slabot/slabot/render"
)

// Discard is a Slack that accepts everything and sends nothing: the demo's
// seed marks the past as posted with it, and the benchmark measures the
// jobs' database work alone.
type Discard struct{}

var _ Slack = Discard{}

func (Discard) Post(context.Context, string, render.Message) (string, error) { return "1.0", nil }
func (Discard) Update(context.Context, string, string, render.Message) error { return nil }
func (Discard) Upload(context.Context, string, render.File) error            { return nil }
func (Discard) OpenDM(_ context.Context, user string) (string, error)        { return "D" + user, nil }
func (Discard) PostOnce(context.Context, string, render.Message) (string, error) {
	return "1.0", nil
}
func (Discard) FindPost(context.Context, string, render.Metadata) (string, bool, error) {
	return "", false, nil
}
func (Discard) PrepareUpload(context.Context, render.File) (string, error) { return "F0", nil }
func (Discard) CompleteUpload(context.Context, string, string, render.File) error {
	return nil
}
func (Discard) FindFile(context.Context, string, string) (bool, error) { return false, nil }
