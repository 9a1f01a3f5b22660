package faults

import (
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage/storagetest"
)

// faults are what Slack (or the network) does to a call in production.
var faults = []struct {
	name string
	f    slackemu.Fault
}{
	{"HTTP 500", slackemu.Fault{Status: http.StatusInternalServerError}},
	{"HTTP 503 after it took effect", slackemu.Fault{Status: http.StatusServiceUnavailable, After: true}},
	{"HTTP 429, Retry-After 1s", slackemu.Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Second}},
	{"internal_error", slackemu.Fault{Code: "internal_error"}},
	{"internal_error after it took effect", slackemu.Fault{Code: "internal_error", After: true}},
	{"the answer lost after it took effect", slackemu.Fault{Drop: true, After: true}},
}

// digestMethods are the Slack calls a digest makes.
var digestMethods = []string{"chat.postMessage", "files.getUploadURLExternal", slackemu.UploadURL, "files.completeUploadExternal"}

func quick(w *demo.World) { w.Jobs.Backoff = 5 * time.Millisecond }

// TestDigestUnderSlackFaults: every fault on every call of the digest, one
// week each: the run retries (looking up first when the call may have taken
// effect) and the week has its message and each chart exactly once.
func TestDigestUnderSlackFaults(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		// the two databases' runs wait on leases and Slack side by side
		t.Parallel()
		first := time.Date(2026, 12, 14, 9, 0, 0, 0, berlin)
		w := world(t, dsn, first.Add(-96*time.Hour))
		setup(t, w)
		quick(w)
		week := 0
		for _, method := range digestMethods {
			for _, f := range faults {
				at := first.AddDate(0, 0, 7*week)
				week++
				w.Clock.Set(at)
				y, wk := at.ISOWeek()
				m0, f0 := len(w.Emu.Messages()), len(w.Emu.Files())
				w.Emu.Inject(method, f.f)
				if err := w.Jobs.Digests(ctx, at); err != nil {
					t.Errorf("%s on %s: %v", f.name, method, err)
				}
				checkWeek(t, w, f.name+" on "+method, fmt.Sprintf("%04d-W%02d", y, wk), w.Emu.Messages()[m0:], w.Emu.Files()[f0:])
			}
		}
		// The look-up itself failing: after a post that took effect, the
		// history answers 500 once (retried), then, another week, for good
		// (the run stops without posting again; the next run finds it).
		for i, times := range []int{1, 20} {
			at := first.AddDate(0, 0, 7*(week+i))
			w.Clock.Set(at)
			y, wk := at.ISOWeek()
			m0, f0 := len(w.Emu.Messages()), len(w.Emu.Files())
			w.Emu.Inject("chat.postMessage", slackemu.Fault{Code: "internal_error", After: true})
			w.Emu.Inject("conversations.history", slackemu.Fault{Status: http.StatusInternalServerError, Times: times})
			err := w.Jobs.Digests(ctx, at)
			if times > 1 {
				var missing *app.Missing
				if !errors.As(err, &missing) || !strings.Contains(err.Error(), "look-up") {
					t.Fatalf("history down: %v, want the message named missing", err)
				}
				w.Emu.ClearFaults("conversations.history") // Slack is back
				err = w.Jobs.Digests(ctx, at.Add(5*time.Minute))
			}
			if err != nil {
				t.Fatalf("history failing %d times: %v", times, err)
			}
			checkWeek(t, w, fmt.Sprintf("history failing %d times", times), fmt.Sprintf("%04d-W%02d", y, wk), w.Emu.Messages()[m0:], w.Emu.Files()[f0:])
		}
	})
}

// TestNudgesUnderSlackFaults: every fault on every call a nudge DM makes
// (opening the DM, posting it): each breach reaches its owner in exactly
// one DM.
func TestNudgesUnderSlackFaults(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		// the two databases' runs wait on leases and Slack side by side
		t.Parallel()
		start := time.Date(2026, 12, 14, 9, 0, 0, 0, berlin)
		w := world(t, dsn, start.Add(-96*time.Hour))
		setup(t, w)
		quick(w)
		a, err := w.Store.AgreementByChannel(ctx, demo.TeamID, "C0SMARKETING")
		if err != nil {
			t.Fatal(err)
		}
		svc := &app.Service{Store: w.Store}
		n := 0
		for _, method := range []string{"conversations.open", "chat.postMessage"} {
			for _, f := range faults {
				n++
				// a rep of their own, so that each case opens its DM afresh
				rep := fmt.Sprintf("U0REP%02d", n)
				w.Emu.AddUser(slackemu.User{ID: rep, Name: strings.ToLower(rep)})
				ho := start.AddDate(0, 0, 7*n) // a Monday at 09:00, in business hours
				if _, err := svc.RecordLead(ctx, a, sla.Lead{Name: "Lead for " + rep, Owner: rep, CreatedAt: ho}, "", "UTEST", ho); err != nil {
					t.Fatal(err)
				}
				at := ho.Add(65 * time.Minute) // 5 minutes past the 1 h speed target
				w.Clock.Set(at)
				w.Emu.Inject(method, f.f)
				stats, err := w.Jobs.BreachScan(ctx, at)
				if err != nil || stats.Failed != 0 {
					t.Errorf("%s on %s: %+v %v", f.name, method, stats, err)
				}
				im, err := w.Emu.IMChannel(rep)
				if err != nil {
					t.Fatal(err)
				}
				var dms []slackemu.Message
				for _, m := range w.Emu.Messages() {
					if m.Channel == im && m.Kind == slackemu.Post {
						dms = append(dms, m)
					}
				}
				if len(dms) != 1 || !strings.Contains(dms[0].AllText(), "Lead for "+rep) {
					t.Errorf("%s on %s: %d DMs to %s, want 1 naming the lead", f.name, method, len(dms), rep)
				}
			}
		}
	})
}

// TestRefusedPartExitsNonZero: a message Slack refuses through every try
// of a run is never marked sent: `slabot job run digest` exits 1 naming
// what is missing, and the next run posts the whole digest once.
func TestRefusedPartExitsNonZero(t *testing.T) {
	dsn := storagetest.PostgresDSN(t)
	at := time.Date(2026, 12, 14, 9, 0, 0, 0, berlin)
	w := world(t, dsn, at.Add(-96*time.Hour))
	setup(t, w)
	w.Clock.Set(at)
	m0, f0 := len(w.Emu.Messages()), len(w.Emu.Files())
	w.Emu.Inject("chat.postMessage", slackemu.Fault{Code: "internal_error", Times: 4})
	out, err := job(w, dsn, "digest", at).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1:\n%s", err, out)
	}
	for _, want := range []string{"not sent, for the next run", "digest 2026-W51 message", "internal_error", "digest 2026-W51 chart:waterfall", "chart:speed", "chart:depth"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the job's error does not name %q:\n%s", want, out)
		}
	}
	if len(w.Emu.Messages()) != m0 || len(w.Emu.Files()) != f0 {
		t.Fatal("something was posted while Slack refused the message")
	}
	runJob(t, w, dsn, "digest", at.Add(5*time.Minute))
	checkWeek(t, w, "after the refusals", "2026-W51", w.Emu.Messages()[m0:], w.Emu.Files()[f0:])
}
