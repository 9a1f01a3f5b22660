package demo

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/tour.golden from this run")

// TourNow is the demo clock of the tour's golden transcript: Friday
// 11 December 2026, 14:00 in Berlin.
const TourNow = "2026-12-11T14:00:00+01:00"

// RunTour runs testdata/tour.txt as `slabot demo --seed --now TourNow <
// tour.txt` does, saving the charts under out, and returns the transcript
// with out replaced by the default folder name, demo-out.
func RunTour(t *testing.T, out string) string {
	t.Helper()
	script, err := os.ReadFile("testdata/tour.txt")
	if err != nil {
		t.Fatal(err)
	}
	now, err := time.Parse(time.RFC3339, TourNow)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, logs bytes.Buffer
	o := Options{Seed: true, SeedValue: 1, Now: now, Out: out, Log: slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn})}
	if err := Run(context.Background(), o, bytes.NewReader(script), &stdout); err != nil {
		t.Fatalf("demo run: %v\nlog:\n%s\noutput:\n%s", err, logs.String(), stdout.String())
	}
	return strings.ReplaceAll(stdout.String(), out, "demo-out")
}

func TestTour(t *testing.T) {
	out := t.TempDir()
	got := RunTour(t, out)
	const golden = "testdata/tour.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		updateDocTranscript(t, got)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/demo -run TestTour -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("the tour's transcript differs from %s (go test ./internal/demo -run TestTour -update to accept):\n%s", golden, firstDiff(string(want), got))
	}

	// Every chart it mentions was saved and is a PNG: the one /sla chart
	// uploads and the digest's three.
	saved := regexp.MustCompile(`saved demo-out/(\S+\.png) \((\d+)×(\d+) PNG\)`).FindAllStringSubmatch(got, -1)
	var names []string
	for _, s := range saved {
		names = append(names, s[1])
		f, err := os.Open(filepath.Join(out, s[1]))
		if err != nil {
			t.Error(err)
			continue
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", s[1], err)
			continue
		}
		if b := img.Bounds(); fmt.Sprintf("%d×%d", b.Dx(), b.Dy()) != s[2]+"×"+s[3] {
			t.Errorf("%s is %v, the transcript says %s×%s", s[1], b.Size(), s[2], s[3])
		}
	}
	wantNames := []string{"01-waterfall-2026-12.png", "02-waterfall-2026-12.png", "03-speed-2026-12.png", "04-depth-2026-12.png"}
	if strings.Join(names, " ") != strings.Join(wantNames, " ") {
		t.Errorf("charts saved: %v, want %v", names, wantNames)
	}
	for _, want := range []string{
		"» DM to @riley",             // the nudge
		"» updated · DM to @riley",   // the click redrew it
		"Attempt 1 logged by @riley", // … and logged the attempt
		"WEEKLY DIGEST — SMARKETING", // Monday's digest
		"» App Home of @riley",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the tour lacks %q", want)
		}
	}
}

// firstDiff shows the first differing line with some context.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %s\ngot:  %s", i+1, w, g)
		}
	}
	return "(same lines, different endings)"
}

// TestTourInDocs: the README and docs/demo.md show tour.txt as it is, between
// <!-- tour:start --> and <!-- tour:end --> in a ```text fence, so the
// documented tour is the tested one.
func TestTourInDocs(t *testing.T) {
	script, err := os.ReadFile("testdata/tour.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{"../../README.md", "../../docs/demo.md"} {
		t.Run(filepath.Base(doc), func(t *testing.T) {
			raw, err := os.ReadFile(doc)
			if os.IsNotExist(err) {
				t.Skipf("%s does not exist yet", doc)
			}
			if err != nil {
				t.Fatal(err)
			}
			block, ok := between(string(raw), "<!-- tour:start -->", "<!-- tour:end -->")
			if !ok {
				t.Fatalf("%s has no <!-- tour:start --> … <!-- tour:end --> block", doc)
			}
			body, ok := fenced(block, "text")
			if !ok {
				t.Fatalf("%s: the tour block must be one ```text fence", doc)
			}
			if body != string(script) {
				t.Errorf("%s: the tour differs from internal/demo/testdata/tour.txt:\n%s", doc, firstDiff(string(script), body))
			}
		})
	}
}

// TestTranscriptInDocs: docs/demo.md shows the golden transcript as it is,
// between <!-- transcript:start --> and <!-- transcript:end -->.
func TestTranscriptInDocs(t *testing.T) {
	golden, err := os.ReadFile("testdata/tour.golden")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(docsDemo)
	if err != nil {
		t.Fatal(err)
	}
	block, ok := between(string(raw), "<!-- transcript:start -->", "<!-- transcript:end -->")
	if !ok {
		t.Fatal("docs/demo.md has no <!-- transcript:start --> … <!-- transcript:end --> block")
	}
	body, ok := fenced(block, "text")
	if !ok {
		t.Fatal("docs/demo.md: the transcript block must be one ```text fence")
	}
	if body != string(golden) {
		t.Errorf("docs/demo.md: the transcript differs from internal/demo/testdata/tour.golden (go test ./internal/demo -run TestTour -update copies it):\n%s", firstDiff(string(golden), body))
	}
}

const docsDemo = "../../docs/demo.md"

// updateDocTranscript copies a new golden transcript into docs/demo.md.
func updateDocTranscript(t *testing.T, transcript string) {
	raw, err := os.ReadFile(docsDemo)
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- transcript:start -->", "<!-- transcript:end -->"
	before, rest, ok := strings.Cut(string(raw), start)
	_, after, ok2 := strings.Cut(rest, end)
	if !ok || !ok2 {
		t.Fatalf("%s has no %s … %s block", docsDemo, start, end)
	}
	doc := before + start + "\n```text\n" + transcript + "```\n" + end + after
	if err := os.WriteFile(docsDemo, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
}

func between(s, start, end string) (string, bool) {
	_, rest, ok := strings.Cut(s, start)
	if !ok {
		return "", false
	}
	block, _, ok := strings.Cut(rest, end)
	return block, ok
}

// fenced returns the body of the only ```lang fence in s, ending in a newline.
func fenced(s, lang string) (string, bool) {
	s = strings.TrimSpace(s)
	open := "```" + lang + "\n"
	if !strings.HasPrefix(s, open) || !strings.HasSuffix(s, "\n```") {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimPrefix(s, open), "```"), true
}
