package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/storage/storagetest"
)

// jobEnv is the environment `slabot job run` gets: the emulator and the database.
func jobEnv(w *demo.World, dsn string) func(string) string {
	env := map[string]string{
		"SLACK_BOT_TOKEN":  w.Emu.Config().BotToken,
		"SLACK_API_URL":    w.Emu.APIURL(),
		"DATABASE_URL":     dsn,
		"SLABOT_LOG_LEVEL": "error",
	}
	return func(k string) string { return env[k] }
}

func runJob(t *testing.T, w *demo.World, dsn string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"job", "run"}, args...), jobEnv(w, dsn), nil, &out, &errb)
	if code != 0 {
		t.Fatalf("slabot job run %v: exit %d\n%s%s", args, code, out.String(), errb.String())
	}
	t.Logf("$ slabot job run %s\n    %s", strings.Join(args, " "), strings.TrimSpace(out.String()))
	return out.String()
}

func setupSmarketing(t *testing.T, tr transcript) {
	t.Helper()
	tr.do("U0KENDRA", "C0SMARKETING", `setup marketing=<@U0KENDRA> sales=<@U0SAM> tz=Europe/Berlin name="Smarketing"`)
	tr.do("U0KENDRA", "C0SMARKETING", "target mql=20")
	tr.do("U0SAM", "C0SMARKETING", "agreement approve") // docs/design.md, Sign-off
}

// TestEndToEndDigestJob: `slabot job run digest --at` posts the status and
// three PNG charts once, against the emulator, on both databases.
func TestEndToEndDigestJob(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		w := startTestWorld(t, dsn, time.Date(2026, 12, 10, 14, 0, 0, 0, berlin))
		tr := transcript{t, w}
		setupSmarketing(t, tr)
		for _, l := range []string{`"Ada" at="2026-12-01 10:00"`, `"Bob" at="2026-12-03 10:00"`, `"Cy" at="2026-12-09 10:00"`} {
			tr.do("U0KENDRA", "C0SMARKETING", "lead add "+l)
		}
		tr.do("U0SAM", "C0SMARKETING", `lead handoff L-1 <@U0RILEY> at="2026-12-01 11:00"`)
		tr.do("U0RILEY", "C0SMARKETING", `lead attempt L-1 at="2026-12-01 11:20"`)

		// Monday 14 December 09:00 Berlin = 08:00 UTC: the digest is due.
		out := runJob(t, w, dsn, "digest", "--at", "2026-12-14T08:00:00Z")
		if !strings.Contains(out, "digest at 2026-12-14T08:00:00Z: done") {
			t.Fatalf("output %q", out)
		}
		runJob(t, w, dsn, "digest", "--at", "2026-12-14T08:05:00Z") // a second run posts nothing

		var digests []slackemu.Message
		for _, m := range w.Emu.Messages() {
			if m.Channel == "C0SMARKETING" && m.Kind == slackemu.Post && strings.Contains(m.Text, "Weekly digest") {
				digests = append(digests, m)
			}
		}
		if len(digests) != 1 {
			t.Fatalf("%d digests posted, want 1", len(digests))
		}
		// Set up Thursday 10 Dec 14:00, 9 days 14 h into the month: December
		// is judged pro rata, ⌈20 × (31 − 9.5833) ÷ 31⌉ = ⌈13.82⌉ = 14, the
		// line starting then. Monday 14 Dec 09:00 is 13 days 9 h in: line
		// 20 × (13.375 − 9.5833) ÷ 31 = 2.45; 3 MQLs.
		mustContain(t, "digest", digests[0], "Weekly digest — Smarketing — December 2026", "MQLs so far*\n3", "Goal line now*\n2.4", "14 pro rata: set up Thu 10 Dec", "ahead by 0.6")
		files := w.Emu.Files()
		if len(files) != 3 {
			t.Fatalf("%d files uploaded, want 3", len(files))
		}
		for i, kind := range []string{"waterfall", "speed", "depth"} {
			f := files[i]
			img, err := png.Decode(bytes.NewReader(f.Content))
			if err != nil {
				t.Fatalf("%s: not a PNG: %v", f.Name, err)
			}
			if b := img.Bounds(); b.Dx() < 1000 || b.Dy() < 500 || !strings.HasPrefix(f.Name, kind) || f.Channel != "C0SMARKETING" || f.Comment == "" {
				t.Fatalf("file %d: %s %v in %s, comment %q", i, f.Name, img.Bounds(), f.Channel, f.Comment)
			}
			t.Logf("uploaded %s (%dx%d): %s", f.Name, img.Bounds().Dx(), img.Bounds().Dy(), f.Comment)
		}
		if !strings.Contains(files[0].Comment, "3 of 14 MQLs by day 14 — ahead of the line by 0.6 (line 2.4)") {
			t.Errorf("waterfall comment %q", files[0].Comment)
		}
		if !strings.Contains(files[1].Comment, "20m") {
			t.Errorf("speed comment %q", files[1].Comment)
		}
	})
}

// TestEndToEndBreachScan walks the breach engine: hand off a lead, run the breach
// scan past its due time, see the notice and exactly one nudge DM with the buttons, click "Log
// attempt" through a socket-mode interactive envelope, and see the attempt
// recorded and no further nudge.
func TestEndToEndBreachScan(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		w := startTestWorld(t, dsn, time.Date(2026, 12, 7, 9, 0, 0, 0, berlin))
		tr := transcript{t, w}
		setupSmarketing(t, tr)
		tr.do("U0KENDRA", "C0SMARKETING", `lead add "Ada Lovelace" at="2026-12-07 09:00"`)
		tr.do("U0SAM", "C0SMARKETING", "lead handoff L-1 <@U0RILEY>")
		// The hand-off tells Riley at once (the bot scans right after it).
		wctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		notice, err := w.Emu.WaitFor(wctx, func(m slackemu.Message) bool { return m.IsDM && m.DMUser == "U0RILEY" && m.Kind == slackemu.Post })
		cancel()
		if err != nil {
			t.Fatalf("no hand-off notice: %v", err)
		}
		mustContain(t, "hand-off notice", notice, "New lead L-1 for you", "first follow-up due Mon 7 Dec 10:00")

		// Monday 10:05 Berlin: 1h target passed at 10:00
		out := runJob(t, w, dsn, "breach-scan", "--at", "2026-12-07T09:05:00Z")
		if !strings.Contains(out, "1 leads due, 1 nudges and 0 hand-off notices in 1 DMs (new or redrawn), 1 strikes, 0 failed") {
			t.Fatalf("scan output %q", out)
		}
		var dms []slackemu.Message
		for _, m := range w.Emu.Messages() {
			if m.IsDM && m.Kind == slackemu.Post && m.DMUser != "U0SAM" { // not the sign-off DM
				dms = append(dms, m)
			}
		}
		if len(dms) != 2 || dms[0].DMUser != "U0RILEY" || dms[1].DMUser != "U0RILEY" {
			t.Fatalf("DMs: %s", describe(dms))
		}
		dm := dms[1] // 65 minutes after the notice: a message of its own
		mustContain(t, "nudge", dm, "L-1", "Ada Lovelace", "5m of business time past the speed target")
		var labels []string
		for _, b := range dm.Buttons() {
			labels = append(labels, b.Text)
		}
		if strings.Join(labels, "|") != "Log attempt|Mark contacted|Snooze 1 h" {
			t.Fatalf("buttons %v", labels)
		}
		t.Logf("DM to U0RILEY:\n%s", indent(dm.AllText()))

		w.Clock.Set(time.Date(2026, 12, 7, 10, 7, 0, 0, berlin))
		ms, err := w.Click(context.Background(), "U0RILEY", dm, "lead_attempt")
		if err != nil {
			t.Fatal(err)
		}
		var updated *slackemu.Message
		for i := range ms {
			if ms[i].Kind == slackemu.Update && ms[i].TS == dm.TS {
				updated = &ms[i]
			}
		}
		if updated == nil {
			t.Fatalf("the DM was not updated: %s", describe(ms))
		}
		mustContain(t, "updated DM", *updated, "Attempt 1 logged by <@U0RILEY>")
		if len(updated.Buttons()) != 0 {
			t.Errorf("buttons left after the attempt: %v", updated.Buttons())
		}
		t.Logf("after the click, the DM reads:\n%s", indent(updated.AllText()))

		m, _ := tr.do("U0RILEY", "C0SMARKETING", "lead show L-1")
		mustContain(t, "lead show", m, "*Attempts*\n1", "1h 07m of business time after hand-off")

		// the updated DM has no buttons left to press twice (a true double
		// click, two envelopes, is TestPress in the scheduler package)
		if _, err := w.Emu.ClickButton(context.Background(), "U0RILEY", dm, "lead_attempt"); err == nil {
			t.Fatal("the button was still there after the attempt was logged")
		}

		// later scans: no further nudge for this lead (its speed clock stopped)
		runJob(t, w, dsn, "breach-scan", "--at", "2026-12-07T13:30:00Z")
		runJob(t, w, dsn, "breach-scan", "--at", "2026-12-08T09:00:00Z")
		n := 0
		for _, m := range w.Emu.Messages() {
			if m.IsDM && m.Kind == slackemu.Post && m.DMUser != "U0SAM" { // not the sign-off DM
				n++
			}
		}
		if n != 2 {
			t.Fatalf("%d DMs in all, want the notice and one nudge", n)
		}
	})
}

// TestTwoProcessesPostOnce starts two real slabot processes running the
// digest job at the same moment against one PostgreSQL: one digest.
func TestTwoProcessesPostOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dsn := storagetest.PostgresDSN(t)
	w := startTestWorld(t, dsn, time.Date(2026, 12, 10, 14, 0, 0, 0, berlin))
	setupSmarketing(t, transcript{t, w})
	bin := filepath.Join(t.TempDir(), "slabot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	env := append(os.Environ(), "SLACK_BOT_TOKEN="+w.Emu.Config().BotToken, "SLACK_API_URL="+w.Emu.APIURL(),
		"DATABASE_URL="+dsn, "SLABOT_LOG_LEVEL=error")
	weeks := []string{"2026-12-14T08:00:00Z", "2026-12-21T08:00:00Z", "2026-12-28T08:00:00Z"}
	for _, at := range weeks {
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(bin, "job", "run", "digest", "--at", at)
				cmd.Env = env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("process %d: %v\n%s", i, err, out)
				}
			}()
		}
		wg.Wait()
	}
	n := 0
	for _, m := range w.Emu.Messages() {
		if m.Kind == slackemu.Post && strings.Contains(m.Text, "Weekly digest") {
			n++
		}
	}
	if n != len(weeks) {
		t.Fatalf("%d digests for %d weeks with two processes each, want one per week", n, len(weeks))
	}
	if f := len(w.Emu.Files()); f != 3*len(weeks) {
		t.Fatalf("%d charts, want %d", f, 3*len(weeks))
	}
}

// TestEndToEndImport runs `slabot import leads` on the sample file against
// the bot's database, twice: the second run changes nothing. Then status
// shows the imported figures.
func TestEndToEndImport(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		w := startTestWorld(t, dsn, time.Date(2026, 10, 30, 12, 0, 0, 0, berlin))
		tr := transcript{t, w}
		setupSmarketing(t, tr)
		imp := func() string {
			var out, errb bytes.Buffer
			code := run(context.Background(), []string{"import", "leads", "../../ingest/testdata/leads.csv", "--team", demo.TeamID, "--agreement", "#smarketing"},
				jobEnv(w, dsn), nil, &out, &errb)
			if code != 0 {
				t.Fatalf("import: exit %d\n%s%s", code, out.String(), errb.String())
			}
			t.Logf("$ slabot import leads ingest/testdata/leads.csv --team %s --agreement #smarketing\n%s%s", demo.TeamID, indent(out.String()), indent(errb.String()))
			return out.String()
		}
		first := imp()
		if !strings.HasPrefix(first, "inserted 5 (0 not yet qualified), updated 0, unchanged 0, rejected 0") {
			t.Fatalf("first import: %q", first)
		}
		if again := imp(); !strings.HasPrefix(again, "inserted 0 (0 not yet qualified), updated 0, unchanged 5, rejected 0") {
			t.Fatalf("second import: %q", again)
		}
		m, _ := tr.do("U0SAM", "C0SMARKETING", "report oct")
		// October: 4 marketing leads created (crm-3 is sales); crm-1 won $1,200
		mustContain(t, "report", m, "MQLs created*\n4", "became customers*\n1", "$1,200")
	})
}
