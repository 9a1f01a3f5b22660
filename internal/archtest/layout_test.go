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

// TestLayout enforces the import arrows: the domain imports only the
// standard library, each third-party library stays in its package, and
// nothing imports "up" the stack; only cmd wires storage in.
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
	// Which third-party roots each of the bot's packages may import: gorm in
	// storage, slack-go in bot (and its Block Kit types in render), cron in
	// scheduler, go-chart in render.
	allowed := map[string][]string{
		"gorm.io/":                       {"storage"},
		"github.com/glebarez/":           {"storage"},
		"github.com/jackc/":              {"storage"},
		"github.com/pressly/goose":       {"storage"},
		"github.com/slack-go/slack":      {"bot", "render"},
		"github.com/robfig/cron":         {"scheduler"},
		"github.com/wcharczuk/go-chart":  {"render"},
		"github.com/golang/freetype":     {"render"},
		"github.com/prometheus/":         {"bot", "cmd/slabot"},
		"github.com/schollz/progressbar": {"ingest"},
		"golang.org/x/term":              {"ingest", "cmd/slabot"},
		// Imports lists no test file's imports: nobody here means tests only.
		"go.yaml.in/yaml/": {},
		"gopkg.in/yaml.":   {},
	}
	// Which of our packages each package may import: the arrows of
	// docs/architecture.md. cmd wires everything; internal/ (emulators, the
	// demo, this test) and bench are outside the bot and may import any.
	arrows := map[string][]string{
		"sla":       {},
		"render":    {"sla"},
		"storage":   {"sla"},
		"app":       {"render", "sla"},
		"commands":  {"app", "render", "sla"},
		"scheduler": {"app", "sla"},
		"ingest":    {"app", "render", "sla"},
		"bot":       {"commands", "app", "render", "sla"},
	}
	under := func(pkg, root string) bool { return pkg == root || strings.HasPrefix(pkg, root+"/") }
	// Only the composition root (cmd, and server, which cmd and the demo
	// start the bot through) wires storage in.
	wires := func(pkg string) bool {
		return under(pkg, "cmd") || under(pkg, "server") || under(pkg, "internal") || under(pkg, "bench")
	}
	seen := 0
	for _, p := range pkgs {
		if !strings.HasPrefix(p.ImportPath, mod) && p.ImportPath+"/" != mod {
			continue
		}
		seen++
		self := strings.TrimPrefix(p.ImportPath, mod)
		if under(self, "internal") || under(self, "bench") {
			continue
		}
		top := strings.SplitN(self, "/", 2)[0]
		for _, imp := range p.Imports {
			if self == "sla" && !std(imp) {
				t.Errorf("sla imports %s: the domain uses the standard library only", imp)
			}
			if strings.HasPrefix(imp, mod) {
				dep := strings.TrimPrefix(imp, mod)
				if (under(dep, "storage") || under(dep, "server")) && !under(self, dep) && !wires(self) {
					t.Errorf("%s imports %s: only cmd and server wire the store in", self, imp)
				}
				may, ruled := arrows[top]
				if !ruled || under(dep, top) {
					continue // cmd, or a package's own subpackage
				}
				ok := false
				for _, m := range may {
					ok = ok || under(dep, m)
				}
				if !ok {
					t.Errorf("%s imports %s, against the arrows of docs/architecture.md (it may import %v)", self, imp, may)
				}
				continue
			}
			if std(imp) {
				continue
			}
			for root, owners := range allowed {
				if !strings.HasPrefix(imp, root) {
					continue
				}
				ok := false
				for _, o := range owners {
					ok = ok || under(self, o)
				}
				if !ok {
					t.Errorf("%s imports %s; only %v may", self, imp, owners)
				}
			}
		}
	}
	if seen < 10 {
		t.Fatalf("saw only %d of the module's packages", seen)
	}
}
