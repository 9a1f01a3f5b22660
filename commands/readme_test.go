package commands_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/slabot/slabot/commands"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's command reference from the command table")

const (
	refStart = "<!-- commands:start -->"
	refEnd   = "<!-- commands:end -->"
)

// TestReadmeReference: the README's command reference is generated from the
// same table as the parser and /sla help, so the three cannot drift.
func TestReadmeReference(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i, j := strings.Index(readme, refStart), strings.Index(readme, refEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %s … %s block", refStart, refEnd)
	}
	want := refStart + "\n" + commands.MarkdownReference() + refEnd
	got := readme[i : j+len(refEnd)]
	if got == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile("../README.md", []byte(readme[:i]+want+readme[j+len(refEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("the README's command reference differs from the command table; run go test ./commands -run ReadmeReference -update-readme")
}
