package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

type pkg struct {
	ImportPath string
	Imports    []string
	Standard   bool
}

// TestLayout enforces ARCHITECTURE.md's arrows: the domain imports only the
// standard library, gorm lives in storage, slack-go in bot (and its Block
// Kit types in render), cron in scheduler, go-chart in render, and nothing
// imports "up" the stack.
func TestLayout(t *testing.T) {
	cmd := exec.Command("go", "list", "-json", "../../...")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(out)
	var pkgs []pkg
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	const mod = "github.com/slabot/slabot/"
	std := func(path string) bool { return !strings.Contains(strings.SplitN(path, "/", 2)[0], ".") }
	// which of our packages may import which third-party roots
	allowed := map[string][]string{
		"gorm.io/":                      {"storage"},
		"github.com/glebarez/":          {"storage"},
		"github.com/jackc/":             {"storage", "ingest"},
		"github.com/slack-go/slack":     {"bot", "render", "internal/slackemu", "internal/demo/term"}, // the emulator and the demo's Block Kit drawing
		"github.com/robfig/cron":        {"scheduler"},
		"github.com/wcharczuk/go-chart": {"render"},
		"github.com/golang/freetype":    {"render"},
		"golang.org/x/term":             {"ingest", "internal/demo", "cmd/slabot"},

		"github.com/prometheus/":          {"bot", "cmd/slabot"},
		"github.com/schollz/progressbar/": {"ingest"},
		// Imports lists no test file's imports: nobody here means tests only
		// (internal/demo's manifest check).
		"go.yaml.in/yaml/": {},
		"gopkg.in/yaml.":   {},
	}
	// our packages each package may not import (the arrows point the other way)
	forbidden := map[string][]string{
		"sla":       {"storage", "render", "commands", "scheduler", "bot", "ingest"},
		"storage":   {"render", "commands", "scheduler", "bot", "ingest"},
		"render":    {"storage", "commands", "scheduler", "bot", "ingest"},
		"commands":  {"scheduler", "bot", "ingest"},
		"scheduler": {"commands", "bot", "ingest"},
	}
	seen := 0
	for _, p := range pkgs {
		if !strings.HasPrefix(p.ImportPath, mod) && p.ImportPath+"/" != mod {
			continue
		}
		seen++
		self := strings.TrimPrefix(p.ImportPath, mod)
		top := strings.SplitN(self, "/", 2)[0]
		for _, imp := range p.Imports {
			if self == "sla" && !std(imp) {
				t.Errorf("sla imports %s: the domain uses the standard library only", imp)
			}
			if strings.HasPrefix(imp, mod) {
				dep := strings.SplitN(strings.TrimPrefix(imp, mod), "/", 2)[0]
				for _, f := range forbidden[top] {
					if dep == f && top != dep {
						t.Errorf("%s imports %s, against the arrows of ARCHITECTURE.md", self, imp)
					}
				}
				continue
			}
			for root, owners := range allowed {
				if !strings.HasPrefix(imp, root) {
					continue
				}
				ok := false
				for _, o := range owners {
					if self == o || strings.HasPrefix(self, o+"/") || top == o {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s imports %s; only %v may", self, imp, owners)
				}
			}
		}
	}
	if seen < 8 {
		t.Fatalf("saw only %d of the module's packages", seen)
	}
}
