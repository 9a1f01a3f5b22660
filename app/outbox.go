package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// Every scheduled post goes out through the outbox (docs/design.md,
// Scheduled posts, exactly once): each part (the message, each chart, a DM)
// is claimed under a lease, fenced right before its send, marked sent
// after, and looked up in Slack first whenever an earlier send of it may
// have taken effect unrecorded.

// Outbox is the record of every part of every scheduled post.
type Outbox interface {
	AddParts(ctx context.Context, parts []sla.Part, now time.Time) error
	ClaimPart(ctx context.Context, p sla.Part, owner string, now time.Time, lease time.Duration) (sla.PartClaim, error)
	StartSend(ctx context.Context, k sla.PartKey, owner, ref string, now time.Time, lease time.Duration) (bool, error)
	MarkPartSent(ctx context.Context, k sla.PartKey, ref string, at time.Time) error
	DropPart(ctx context.Context, k sla.PartKey, why string, at time.Time) error
	ReleasePart(ctx context.Context, k sla.PartKey, owner, why string) error
	RenewLeases(ctx context.Context, owner string, now time.Time, lease time.Duration) error
	PendingParts(ctx context.Context, kinds []string, now time.Time, limit int) ([]sla.Part, error)
	PartsDone(ctx context.Context, k sla.PostKey) (map[string]bool, error)
}

// PartSlack is how the outbox reaches Slack: sends of one try each (the
// outbox decides about retries, since only it can look a send up first),
// and the look-ups.
type PartSlack interface {
	// OpenDM returns the direct-message channel with user.
	OpenDM(ctx context.Context, user string) (string, error)
	// PostOnce posts m (with its Metadata) once and returns its ts.
	PostOnce(ctx context.Context, channel string, m render.Message) (string, error)
	// FindPost looks for a message of the app's in channel carrying md.
	FindPost(ctx context.Context, channel string, md render.Metadata) (ts string, found bool, err error)
	// PrepareUpload uploads f's bytes, unshared, and returns the file id.
	PrepareUpload(ctx context.Context, f render.File) (string, error)
	// CompleteUpload shares the prepared file in channel, once.
	CompleteUpload(ctx context.Context, channel, fileID string, f render.File) error
	// FindFile reports whether the file was shared in channel.
	FindFile(ctx context.Context, channel, fileID string) (bool, error)
}

// SendError is a failed Slack call as the transport classifies it.
type SendError struct {
	Err error
	// MaybeSent: the call may have taken effect (an HTTP 5xx, Slack's
	// internal_error or fatal_error, a response that never came).
	MaybeSent bool
	// RetryAfter: Slack refused the call for now (HTTP 429) and asked to
	// wait this long; it did not take effect.
	RetryAfter time.Duration
}

func (e *SendError) Error() string { return e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

// Missing is the error of a run that left parts of posts unsent: each is
// named, with why. The next run sends them.
type Missing struct {
	Parts []string
}

func (m *Missing) Error() string {
	return "not sent, for the next run: " + strings.Join(m.Parts, "; ")
}

func (m *Missing) add(what string, err error) {
	if err != nil {
		what += ": " + err.Error()
	}
	m.Parts = append(m.Parts, what)
}

// merge adds the parts err names, or what with err.
func (m *Missing) merge(what string, err error) {
	var other *Missing
	if errors.As(err, &other) {
		m.Parts = append(m.Parts, other.Parts...)
		return
	}
	m.add(what, err)
}

// ErrMessageGone is a chat.update of a message that is not in Slack (its
// reader deleted it): it cannot be updated, only posted again.
var ErrMessageGone = errors.New("the message is gone from Slack")

// MetadataEventType marks slabot's scheduled posts in Slack.
const MetadataEventType = "slabot_post_part"

// PartMetadata is the marker a part's message carries, by which a later
// run finds it in conversations.history.
func PartMetadata(k sla.PartKey) render.Metadata {
	return render.Metadata{EventType: MetadataEventType, Payload: map[string]string{
		"team": k.TeamID, "agreement": strconv.FormatInt(k.AgreementID, 10),
		"kind": k.Kind, "period": k.Period, "part": k.Part,
	}}
}

// piece is one part of a post as a job builds it: a message or a file,
// made only when the part still has to be sent.
type piece struct {
	name    string
	message func() (render.Message, error)
	file    func() (render.File, error)
}

// errHeld reports a part another live run holds: that run sends it.
var errHeld = errors.New("another run is sending it")

// errLost reports that this run's lease ran out before a send: whoever
// took the part over sends it.
var errLost = errors.New("the claim ran out before the send; taken over")

// post sends the pieces of the post k to channel (a user id when dm), in
// order, each at most once. It stops at the first piece it cannot send, so
// the parts arrive in order; what is left is named in a *Missing error.
// It reports whether this call sent any part.
func (j *Jobs) post(ctx context.Context, k sla.PostKey, channel string, dm bool, pieces []piece) (bool, error) {
	// One read answers the sweep's usual question: all of it went out.
	done, err := j.Store.PartsDone(ctx, k)
	if err != nil {
		return false, err
	}
	defer j.keepAlive(ctx)()
	sent := false
	for i, pc := range pieces {
		if done[pc.name] {
			continue
		}
		p := sla.Part{Key: sla.PartKey{PostKey: k, Part: pc.name}, Channel: channel}
		c, err := j.claim(ctx, p)
		if err == nil && c.State == sla.Claimed {
			err = j.send(ctx, c, dm, pc)
			if err == nil {
				sent = true
			}
		}
		if (errors.Is(err, errHeld) || errors.Is(err, errLost)) && j.WaitHeld == 0 {
			// The other run sends this part and the ones after it.
			j.Log.Info("post in progress elsewhere", "part", p.Key.String(), "agreement", k.AgreementID, "why", err)
			return sent, nil
		}
		if err != nil {
			m := &Missing{}
			m.add(fmt.Sprintf("%s (agreement %d, %s)", p.Key, k.AgreementID, channel), err)
			for _, rest := range pieces[i+1:] {
				m.add(sla.PartKey{PostKey: k, Part: rest.name}.String(), nil)
			}
			j.Log.Error("post incomplete", "kind", k.Kind, "period", k.Period, "agreement", k.AgreementID, "missing", m.Parts)
			return sent, m
		}
	}
	if sent {
		j.Log.Info("posted", "kind", k.Kind, "period", k.Period, "agreement", k.AgreementID, "team", k.TeamID)
	}
	return sent, nil
}

// claim takes the part, waiting up to WaitHeld for another run that holds
// it to finish (or die). It returns errHeld when that run still holds it.
func (j *Jobs) claim(ctx context.Context, p sla.Part) (sla.PartClaim, error) {
	deadline := j.clock().Add(j.WaitHeld)
	for {
		c, err := j.Store.ClaimPart(ctx, p, j.Owner, j.clock(), j.lease())
		if err != nil || c.State != sla.Held {
			return c, err
		}
		now := j.clock()
		if !now.Before(deadline) {
			return c, fmt.Errorf("%w (%s, until %s)", errHeld, c.HeldBy, c.HeldUntil.Format(time.RFC3339))
		}
		// Look again soon: the other run may finish, or its lease end.
		wait := min(c.HeldUntil.Sub(now)+50*time.Millisecond, 250*time.Millisecond, deadline.Sub(now))
		if err := sleep(ctx, max(wait, 10*time.Millisecond)); err != nil {
			return c, err
		}
	}
}

// send delivers one claimed part: it looks first when an earlier send may
// have reached Slack, then sends with retries, and marks the part sent or
// releases it with the reason.
func (j *Jobs) send(ctx context.Context, c sla.PartClaim, dm bool, pc piece) (err error) {
	k := c.Part.Key
	defer func() {
		if err != nil && !errors.Is(err, errLost) {
			if rerr := j.Store.ReleasePart(context.WithoutCancel(ctx), k, j.Owner, err.Error()); rerr != nil {
				j.Log.Error("release part", "part", k.String(), "err", rerr)
			}
		}
	}()
	channel := c.Part.Channel
	if dm {
		if channel, err = j.openDM(ctx, channel); err != nil {
			return fmt.Errorf("open DM: %w", err)
		}
	}
	md := PartMetadata(k)
	look := func(fileID string) (string, bool, error) {
		if pc.file != nil {
			if fileID == "" {
				return "", false, nil // nothing was ever shared
			}
			found, err := j.Slack.FindFile(ctx, channel, fileID)
			return fileID, found, err
		}
		return j.Slack.FindPost(ctx, channel, md)
	}
	if c.Sends > 0 {
		ref, found, err := look(c.Ref)
		if err != nil {
			return fmt.Errorf("look up an earlier send: %w", err)
		}
		if found {
			j.Log.Info("part found in Slack, not sent again", "part", k.String(), "ref", ref)
			return j.Store.MarkPartSent(ctx, k, ref, j.clock())
		}
	}
	var msg render.Message
	var file render.File
	if pc.file != nil {
		file, err = pc.file()
	} else {
		msg, err = pc.message()
		msg.Metadata = &md
	}
	if errors.Is(err, errNothingLeft) {
		j.Log.Info("part dropped", "part", k.String(), "why", err)
		return j.Store.DropPart(ctx, k, err.Error(), j.clock())
	}
	if err != nil {
		return err
	}
	backoff := cmp.Or(j.Backoff, time.Second)
	tries := cmp.Or(j.Tries, 4)
	for try := 1; ; try++ {
		ref, serr := j.sendOnce(ctx, k, channel, pc.file != nil, msg, file)
		if serr == nil {
			return j.Store.MarkPartSent(ctx, k, ref, j.clock())
		}
		if errors.Is(serr, errLost) || try >= tries || ctx.Err() != nil {
			return serr
		}
		var se *SendError
		wait := backoff
		if errors.As(serr, &se) && se.RetryAfter > 0 {
			wait = se.RetryAfter
		} else {
			backoff = min(2*backoff, 30*time.Second)
		}
		j.Log.Warn("slack send failed, retrying", "part", k.String(), "try", try, "wait", wait, "err", serr)
		if err := sleep(ctx, wait); err != nil {
			return serr
		}
		if errors.As(serr, &se) && se.MaybeSent {
			// It may be there: look before sending it again.
			ref, found, err := look(ref)
			if err != nil {
				return fmt.Errorf("%w; then the look-up failed: %v", serr, err)
			}
			if found {
				j.Log.Info("part found in Slack after a failed send", "part", k.String(), "ref", ref)
				return j.Store.MarkPartSent(ctx, k, ref, j.clock())
			}
		}
	}
}

// openDM opens the DM with user, retrying: opening is idempotent.
func (j *Jobs) openDM(ctx context.Context, user string) (string, error) {
	var ch string
	err := j.retry(ctx, func() (err error) {
		ch, err = j.Slack.OpenDM(ctx, user)
		return err
	})
	return ch, err
}

// retry calls an idempotent Slack call until it succeeds, with backoff (or
// the wait Slack asked for), up to the run's tries: a failure of any kind
// may simply be tried again.
func (j *Jobs) retry(ctx context.Context, call func() error) error {
	backoff := cmp.Or(j.Backoff, time.Second)
	for try := 1; ; try++ {
		err := call()
		if err == nil || try >= cmp.Or(j.Tries, 4) {
			return err
		}
		wait := backoff
		var se *SendError
		if errors.As(err, &se) && se.RetryAfter > 0 {
			wait = se.RetryAfter
		}
		if serr := sleep(ctx, wait); serr != nil {
			return err
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

// sendOnce is one try: the fence, then the send. For a file the bytes go
// up first (unshared, harmless if repeated) and the file id is noted with
// the fence, so a later look-up knows what to look for. It returns the
// message ts or the file id, also with an error after the fence.
func (j *Jobs) sendOnce(ctx context.Context, k sla.PartKey, channel string, isFile bool, msg render.Message, file render.File) (string, error) {
	// A send must end within the lease the fence gives it, so nobody takes
	// the part over while it is in flight.
	sctx, cancel := context.WithTimeout(ctx, j.lease()*2/3)
	defer cancel()
	ref := ""
	if isFile {
		var err error
		if ref, err = j.Slack.PrepareUpload(sctx, file); err != nil {
			return "", fmt.Errorf("upload: %w", err)
		}
	}
	ok, err := j.Store.StartSend(ctx, k, j.Owner, ref, j.clock(), j.lease())
	if err != nil {
		return ref, err
	}
	if !ok {
		return ref, errLost
	}
	if isFile {
		if err := j.Slack.CompleteUpload(sctx, channel, ref, file); err != nil {
			return ref, fmt.Errorf("share: %w", err)
		}
		return ref, nil
	}
	ts, err := j.Slack.PostOnce(sctx, channel, msg)
	if err != nil {
		return "", fmt.Errorf("post: %w", err)
	}
	return ts, nil
}

// keepAlive renews this process's leases while a post is being sent (the
// heartbeat that tells other runs it is alive). Nested calls share one
// heartbeat.
func (j *Jobs) keepAlive(ctx context.Context) (stop func()) {
	j.beat.mu.Lock()
	defer j.beat.mu.Unlock()
	j.beat.n++
	if j.beat.n == 1 {
		bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		j.beat.cancel = cancel
		j.beat.done = make(chan struct{})
		go j.heartbeat(bctx, j.beat.done)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			j.beat.mu.Lock()
			defer j.beat.mu.Unlock()
			j.beat.n--
			if j.beat.n == 0 {
				j.beat.cancel()
				<-j.beat.done
			}
		})
	}
}

func (j *Jobs) heartbeat(ctx context.Context, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(j.lease() / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := j.Store.RenewLeases(ctx, j.Owner, j.clock(), j.lease()); err != nil && ctx.Err() == nil {
				// The fence before each send stops this run from sending
				// once its lease is gone.
				j.Log.Warn("renew claims", "err", err)
			}
		}
	}
}

type heartbeat struct {
	mu     sync.Mutex
	n      int
	cancel context.CancelFunc
	done   chan struct{}
}

func (j *Jobs) lease() time.Duration { return cmp.Or(j.Lease, DefaultLease) }

func (j *Jobs) clock() time.Time {
	if j.Clock != nil {
		return j.Clock()
	}
	return time.Now()
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// DefaultLease is how long a claim outlives its run's last sign of life:
// a part whose run died is taken over this long after, at most.
const DefaultLease = 30 * time.Second
