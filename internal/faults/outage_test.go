package faults

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// cluster is a throwaway PostgreSQL the test may stop and start (the shared
// test server must not be), made with initdb and pg_ctl as scripts/postgres.sh
// does: as the postgres user when the tests run as root.
type cluster struct {
	dir, data string
	port      int
	pgCtl     string
	as        []string
}

func pgBin(name string) (string, bool) {
	if p, err := exec.LookPath(name); err == nil {
		return p, true
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) > 0 {
		return matches[len(matches)-1], true
	}
	return "", false
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	initdb, ok1 := pgBin("initdb")
	pgCtl, ok2 := pgBin("pg_ctl")
	if !ok1 || !ok2 {
		msg := "the outage test needs initdb and pg_ctl (a throwaway PostgreSQL it can stop)"
		if os.Getenv(storagetest.RequireEnv) == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir, err := os.MkdirTemp("", "slabot-outage")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{dir: dir, data: filepath.Join(dir, "data"), pgCtl: pgCtl}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root and there is no postgres user for a throwaway cluster: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		c.as = []string{"runuser", "-u", "postgres", "--"}
	}
	t.Cleanup(func() {
		_ = c.ctl("-m", "immediate", "stop")
		os.RemoveAll(dir)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if out, err := c.run(initdb, "-D", c.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	if err := c.start(); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *cluster) run(bin string, args ...string) ([]byte, error) {
	argv := append(append(append([]string(nil), c.as...), bin), args...)
	return exec.Command(argv[0], argv[1:]...).CombinedOutput()
}

func (c *cluster) ctl(args ...string) error {
	out, err := c.run(c.pgCtl, append([]string{"-D", c.data, "-w", "-t", "60"}, args...)...)
	if err != nil {
		return fmt.Errorf("pg_ctl %v: %v\n%s", args, err, out)
	}
	return nil
}

func (c *cluster) start() error {
	return c.ctl("-l", filepath.Join(c.dir, "server.log"), "-o", fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -F", c.port, c.dir), "start")
}

// stop is a fast shutdown: the server ends every session at once.
func (c *cluster) stop() error { return c.ctl("-m", "fast", "stop") }

func (c *cluster) dsn() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// slash sends a command and returns how long its ack took and what the bot
// answered.
func slash(t *testing.T, w *demo.World, text string) (time.Duration, string) {
	t.Helper()
	before := len(w.Emu.Messages())
	t0 := time.Now()
	env, err := w.Emu.SlashCommand(ctx, "U0KENDRA", "C0SMARKETING", text)
	acked := time.Since(t0)
	if err != nil {
		t.Fatalf("/sla %s: %v", text, err)
	}
	if err := w.Wait(ctx, env); err != nil {
		t.Fatal(err)
	}
	var replies []string
	for _, m := range w.Emu.Messages()[before:] {
		replies = append(replies, m.AllText())
	}
	return acked, strings.Join(replies, "\n")
}

func healthz(t *testing.T, h http.Handler) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	return rec.Code
}

// TestDatabaseOutage stops the database under the running bot: every
// command is acked within Slack's 3 s and answered that the database is
// unavailable and nothing was recorded; /healthz is 503; a digest run fails
// and posts nothing. The database comes back and everything works again
// without a restart, and nothing recorded before is lost.
func TestDatabaseOutage(t *testing.T) {
	c := startCluster(t)
	now := time.Date(2026, 12, 10, 14, 0, 0, 0, berlin)
	w := world(t, c.dsn(), now)
	setup(t, w)
	if _, r := slash(t, w, `lead add "Ada Lovelace" owner=<@U0RILEY>`); !strings.Contains(r, "Recorded *L-1*") {
		t.Fatalf("before the outage: %s", r)
	}
	// a nudge whose button is pressed during the outage
	scanAt := now.Add(65 * time.Minute)
	w.Clock.Set(scanAt)
	if _, err := w.Jobs.BreachScan(ctx, scanAt); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	dm, err := w.Emu.WaitFor(wctx, func(m slackemu.Message) bool { return m.IsDM && m.DMUser == "U0RILEY" })
	if err != nil {
		t.Fatal(err)
	}
	h := server.HTTPHandler(w.Store, w.Bot, w.Bot.Metrics(), nil)
	if code := healthz(t, h); code != http.StatusOK {
		t.Fatalf("/healthz before the outage: %d", code)
	}

	if err := c.stop(); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"status", `lead add "Grace Hopper"`, "lead show L-1", "target mql=30", "digest now"} {
		acked, reply := slash(t, w, cmd)
		t.Logf("/sla %s during the outage: acked after %v", cmd, acked)
		if acked > 3*time.Second {
			t.Errorf("/sla %s acked after %v", cmd, acked)
		}
		if !strings.Contains(reply, storage.UnavailableMessage) {
			t.Errorf("/sla %s during the outage answered %q", cmd, reply)
		}
	}
	ms, err := w.Click(ctx, "U0RILEY", dm, "lead_attempt")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || !strings.Contains(ms[len(ms)-1].AllText(), storage.UnavailableMessage) {
		t.Errorf("a button during the outage: %+v", ms)
	}
	if code := healthz(t, h); code != http.StatusServiceUnavailable {
		t.Errorf("/healthz during the outage: %d, want 503", code)
	}
	digestAt := time.Date(2026, 12, 14, 9, 0, 0, 0, berlin)
	posted := len(w.Emu.Messages())
	if err := w.Jobs.Digests(ctx, digestAt); err == nil || len(w.Emu.Messages()) != posted {
		t.Errorf("a digest during the outage: %v, %d posted", err, len(w.Emu.Messages())-posted)
	}

	if err := c.start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for healthz(t, h) != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("/healthz not 200 within 30s of the database's return")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, r := slash(t, w, `lead add "Grace Hopper"`); !strings.Contains(r, "Recorded *L-2*") {
		t.Fatalf("after the outage: %s (the lead tried during it must not have been recorded)", r)
	}
	if _, r := slash(t, w, "lead show L-1"); !strings.Contains(r, "Ada Lovelace") {
		t.Fatalf("the lead from before the outage: %s", r)
	}
	m0, f0 := len(w.Emu.Messages()), len(w.Emu.Files())
	w.Clock.Set(digestAt)
	if err := w.Jobs.Digests(ctx, digestAt); err != nil {
		t.Fatal(err)
	}
	checkWeek(t, w, "the digest after the outage", "2026-W51", w.Emu.Messages()[m0:], w.Emu.Files()[f0:])
}
