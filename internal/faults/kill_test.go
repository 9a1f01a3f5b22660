package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/storage/storagetest"
)

// binary is `slabot`, built once for the suite by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "slabot-faults")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "slabot")
	if out, err := exec.Command("go", "build", "-o", binary, "github.com/slabot/slabot/cmd/slabot").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build slabot: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// lease is the claim lease the killed runs hold: the rerun waits it out.
const lease = "2s"

// job is `slabot job run <name> --at at` against the world's emulator and dsn.
func job(w *demo.World, dsn, name string, at time.Time) *exec.Cmd {
	cmd := exec.Command(binary, "job", "run", name, "--at", at.UTC().Format(time.RFC3339))
	cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN="+w.Emu.Config().BotToken, "SLACK_API_URL="+w.Emu.APIURL(),
		"DATABASE_URL="+dsn, "SLABOT_LOG_LEVEL=warn", "SLABOT_CLAIM_LEASE="+lease)
	return cmd
}

// runJob runs the job to its end and fails the test unless it exits 0.
func runJob(t *testing.T, w *demo.World, dsn, name string, at time.Time) string {
	t.Helper()
	out, err := job(w, dsn, name, at).CombinedOutput()
	if err != nil {
		t.Fatalf("slabot job run %s --at %s: %v\n%s", name, at.Format(time.RFC3339), err, out)
	}
	return string(out)
}

// killAt starts the job, waits until it reaches the paused call, and kills
// it there with SIGKILL. A call held before it took effect is then lost
// (the process died before its request was out); one held after it took
// effect loses only its answer.
func killAt(t *testing.T, w *demo.World, dsn, name string, at time.Time, p *slackemu.Pause) {
	t.Helper()
	cmd := job(w, dsn, name, at)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-p.Reached:
	case err := <-exited:
		p.Drop()
		t.Fatalf("the job ended (%v) before the step it was to be killed at:\n%s", err, out.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("the job did not reach the step in 60s:\n%s", out.String())
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited
	p.Drop()
}

// step is a Slack call of the digest job: the nth call (from 0) of method in
// one run, held before it takes effect or after.
type step struct {
	method string
	nth    int
	after  bool
}

func (s step) String() string {
	when := "before"
	if s.after {
		when = "after"
	}
	return fmt.Sprintf("%s #%d, %s it took effect", s.method, s.nth+1, when)
}

// digestSteps are the Slack calls of one digest run, in order: the message,
// then each chart's URL, upload and share. Killing before each call is
// killing between each pair of calls; killing after the calls that show
// in Slack is the send that went out unrecorded.
func digestSteps() []step {
	var steps []step
	calls := []step{{method: "chat.postMessage"}}
	for i := range 3 {
		calls = append(calls, step{method: "files.getUploadURLExternal", nth: i}, step{method: slackemu.UploadURL, nth: i},
			step{method: "files.completeUploadExternal", nth: i})
	}
	for _, c := range calls {
		steps = append(steps, c)
		if c.method == "chat.postMessage" || c.method == "files.completeUploadExternal" {
			c.after = true
			steps = append(steps, c)
		}
	}
	return steps
}

// checkWeek asserts what the week added to the channel: one digest message,
// marked with its period, and each chart once, in order.
func checkWeek(t *testing.T, w *demo.World, what string, period string, msgs []slackemu.Message, files []slackemu.File) {
	t.Helper()
	var digests []slackemu.Message
	for _, m := range msgs {
		if m.Kind == slackemu.Post && m.Channel == "C0SMARKETING" {
			digests = append(digests, m)
		}
	}
	if len(digests) != 1 {
		t.Errorf("%s: %d messages posted, want 1 digest", what, len(digests))
	} else {
		var md struct {
			EventPayload map[string]string `json:"event_payload"`
		}
		if err := json.Unmarshal(digests[0].Metadata, &md); err != nil || md.EventPayload["period"] != period || md.EventPayload["part"] != "message" ||
			!strings.Contains(digests[0].Text, "Weekly digest") {
			t.Errorf("%s: the message is not the %s digest: %q %s", what, period, digests[0].Text, digests[0].Metadata)
		}
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.SplitN(f.Name, "-", 2)[0])
	}
	if strings.Join(names, ",") != "waterfall,speed,depth" {
		t.Errorf("%s: charts shared %v, want waterfall, speed and depth once each", what, names)
	}
}

// TestDigestKilledAtEveryStep kills the real `slabot job run digest` with
// SIGKILL at every step of its Slack calls, one week per step, then runs
// it again: the rerun (after the dead run's lease) completes the digest,
// and the week has its message and each chart exactly once. A third run
// changes nothing.
func TestDigestKilledAtEveryStep(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		// the two databases' runs wait on leases and Slack side by side
		t.Parallel()
		first := time.Date(2026, 12, 14, 9, 0, 0, 0, berlin) // a Monday, the digest's hour
		w := world(t, dsn, first.Add(-96*time.Hour))
		setup(t, w)
		for _, l := range []string{`"Ada" at="2026-12-01 10:00"`, `"Bob" at="2026-12-03 10:00"`} {
			command(t, w, "U0KENDRA", "lead add "+l)
		}
		for i, s := range digestSteps() {
			at := first.AddDate(0, 0, 7*i)
			w.Clock.Set(at)
			y, wk := at.ISOWeek()
			period := fmt.Sprintf("%04d-W%02d", y, wk)
			m0, f0 := len(w.Emu.Messages()), len(w.Emu.Files())

			killAt(t, w, dsn, "digest", at, w.Emu.PauseCall(s.method, s.nth, s.after))
			runJob(t, w, dsn, "digest", at)
			checkWeek(t, w, "killed at "+s.String(), period, w.Emu.Messages()[m0:], w.Emu.Files()[f0:])

			m1, f1 := len(w.Emu.Messages()), len(w.Emu.Files())
			runJob(t, w, dsn, "digest", at.Add(time.Minute))
			if len(w.Emu.Messages()) != m1 || len(w.Emu.Files()) != f1 {
				t.Errorf("killed at %s: a third run posted again", s)
			}
		}
	})
}

// TestDigestKilledTwice: a run killed after its message went out, then its
// rerun killed while looking the message up; the third run completes the
// digest without a second message.
func TestDigestKilledTwice(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		// the two databases' runs wait on leases and Slack side by side
		t.Parallel()
		at := time.Date(2026, 12, 14, 9, 0, 0, 0, berlin)
		w := world(t, dsn, at.Add(-96*time.Hour))
		setup(t, w)
		w.Clock.Set(at)
		m0, f0 := len(w.Emu.Messages()), len(w.Emu.Files())
		killAt(t, w, dsn, "digest", at, w.Emu.PauseNext("chat.postMessage", true))
		killAt(t, w, dsn, "digest", at, w.Emu.PauseNext("conversations.history", false))
		runJob(t, w, dsn, "digest", at)
		checkWeek(t, w, "killed twice", "2026-W51", w.Emu.Messages()[m0:], w.Emu.Files()[f0:])
	})
}
