package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestDemoCmdTour runs `slabot demo --seed --now … --out … < tour.txt`
// through the real flags and compares with the tour's golden transcript.
func TestDemoCmdTour(t *testing.T) {
	script, err := os.ReadFile("../../internal/demo/testdata/tour.txt")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("../../internal/demo/testdata/tour.golden")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	env := func(string) string { return "" }
	code := demoCmd(context.Background(), []string{"--seed", "--now", "2026-12-11T14:00:00+01:00", "--out", out}, env, bytes.NewReader(script), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if got := strings.ReplaceAll(stdout.String(), out, "demo-out"); got != string(golden) {
		t.Errorf("slabot demo differs from internal/demo/testdata/tour.golden:\n%s", got)
	}
}

func TestDemoCmdFlags(t *testing.T) {
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"--now", "friday"}, 2, `--now "friday" is not an RFC 3339 time`},
		{[]string{"--user", "@zed"}, 2, `--user "@zed" is not in the demo workspace`},
		{[]string{"--channel", "#general"}, 2, `--channel "#general" is not in the demo workspace`},
		{[]string{"--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, 2, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := demoCmd(context.Background(), tt.args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
		if code != tt.code || !strings.Contains(stderr.String(), tt.err) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr.String(), tt.code, tt.err)
		}
	}
}
