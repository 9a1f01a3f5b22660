package main

import (
	"net"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// dockerInstr is one Dockerfile instruction, continuation lines joined.
type dockerInstr struct{ cmd, args string }

// dockerStages parses the Dockerfile into its stages (a stage per FROM).
func dockerStages(t *testing.T) [][]dockerInstr {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var stages [][]dockerInstr
	var cur string
	for _, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur == "" && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if strings.HasSuffix(trimmed, `\`) {
			cur += strings.TrimSuffix(trimmed, `\`) + " "
			continue
		}
		cur += trimmed
		cmd, args, _ := strings.Cut(cur, " ")
		cur = ""
		in := dockerInstr{strings.ToUpper(cmd), strings.TrimSpace(args)}
		if in.cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) == 0 {
			if in.cmd != "ARG" {
				t.Fatalf("%s before the first FROM", in.cmd)
			}
			continue
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	if len(stages) < 2 {
		t.Fatalf("%d stages; want a build stage and a small final one", len(stages))
	}
	return stages
}

// TestDockerfile reads the Dockerfile (no image can be built here): a static
// build, a small final image that runs as a non-root user, listens on every
// address on the exposed port, keeps its database in a volume and checks its
// own /healthz.
func TestDockerfile(t *testing.T) {
	stages := dockerStages(t)
	var static bool
	for _, in := range stages[0] {
		if in.cmd == "RUN" && strings.Contains(in.args, "CGO_ENABLED=0 go build") && strings.Contains(in.args, "./cmd/slabot") {
			static = true
		}
	}
	if !static {
		t.Error("the build stage does not run CGO_ENABLED=0 go build … ./cmd/slabot")
	}

	final := stages[len(stages)-1]
	got := map[string][]string{}
	for _, in := range final {
		got[in.cmd] = append(got[in.cmd], in.args)
	}
	base := final[0].args
	if !strings.HasPrefix(base, "gcr.io/distroless/static") && !strings.HasPrefix(base, "scratch") && !strings.HasPrefix(base, "alpine") {
		t.Errorf("final image FROM %s; want distroless static, scratch or alpine", base)
	}
	users := got["USER"]
	if len(users) == 0 {
		t.Error("no USER in the final stage: it would run as root")
	}
	for _, u := range users {
		name, _, _ := strings.Cut(u, ":")
		if name == "root" || name == "0" || name == "" {
			t.Errorf("USER %s is root", u)
		}
	}

	var binary string
	for _, c := range got["COPY"] {
		if f := strings.Fields(c); len(f) >= 3 && f[0] == "--from=build" && path.Base(f[len(f)-1]) == "slabot" {
			binary = f[len(f)-1]
		}
	}
	if binary == "" {
		t.Fatal("the final stage copies no slabot binary")
	}
	if e := got["ENTRYPOINT"]; len(e) != 1 || !strings.Contains(e[0], `"`+binary+`"`) {
		t.Errorf("ENTRYPOINT %v; want %s", e, binary)
	}
	hc := strings.Join(got["HEALTHCHECK"], " ")
	if !strings.Contains(hc, `CMD ["`+binary+`", "healthcheck"]`) {
		t.Errorf("HEALTHCHECK %q; want CMD [%q, \"healthcheck\"]", hc, binary)
	}

	env := map[string]string{}
	for _, e := range got["ENV"] {
		for _, kv := range strings.Fields(e) {
			if k, v, ok := strings.Cut(kv, "="); ok {
				env[k] = v
			}
		}
	}
	host, port, err := net.SplitHostPort(env["SLABOT_HTTP_ADDR"])
	if err != nil || host != "0.0.0.0" {
		t.Errorf("ENV SLABOT_HTTP_ADDR=%q; want 0.0.0.0:<port>, or the listener is unreachable from outside", env["SLABOT_HTTP_ADDR"])
	}
	if e := got["EXPOSE"]; len(e) != 1 || e[0] != port {
		t.Errorf("EXPOSE %v; want the port of SLABOT_HTTP_ADDR, %s", e, port)
	}
	if env["DATABASE_URL"] != "/data/slabot.db" || !strings.Contains(strings.Join(got["VOLUME"], " "), "/data") {
		t.Errorf("DATABASE_URL=%q, VOLUME %v; want the database in the /data volume", env["DATABASE_URL"], got["VOLUME"])
	}
}

// TestDockerignore: the build context leaves out local databases and the
// repository, and keeps everything the build needs.
func TestDockerignore(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			patterns = append(patterns, strings.TrimPrefix(l, "/"))
		}
	}
	ignored := func(name string) bool {
		for _, p := range patterns {
			rest, anyDir := strings.CutPrefix(p, "**/")
			for _, cand := range []string{name, path.Base(name)} {
				if ok, _ := path.Match(rest, cand); ok && (cand == name || anyDir) {
					return true
				}
			}
			if strings.HasPrefix(name, p+"/") {
				return true
			}
		}
		return false
	}
	for _, keep := range []string{"go.mod", "go.sum", "cmd/slabot/main.go", "storage/migrations/postgres/00001_initial.sql", "storage/migrations/sqlite/00001_initial.sql"} {
		if ignored(keep) {
			t.Errorf("%s is left out of the build context", keep)
		}
	}
	for _, drop := range []string{".git/config", "slabot.db", "data/slabot.db", "slabot.db-wal", "slabot"} {
		if !ignored(drop) {
			t.Errorf("%s goes into the build context", drop)
		}
	}
}
