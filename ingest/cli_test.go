package ingest_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

func openDSN(t *testing.T, dsn string) *storage.Store {
	t.Helper()
	s, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type cliRun struct {
	code           int
	stdout, stderr string
}

func runImport(e *env, dsn string, stdin string, args ...string) cliRun {
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "DATABASE_URL" {
			return dsn
		}
		return ""
	}
	code := ingest.RunImportCLI(ctx, args, server.OpenCRM(getenv), strings.NewReader(stdin), &out, &errb, e.users)
	return cliRun{code, out.String(), errb.String()}
}

func TestImportCLI(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		e := newEnv(t, openDSN(t, dsn))
		warn := "warning: owner nobody@example.com has no Slack user with that email; 1 lead(s) imported without an owner (first on line 5)\n"
		r := runImport(e, dsn, "", "leads", "testdata/leads.csv", "--team", team, "--agreement", "Smarketing")
		if r.code != 0 || r.stdout != "inserted 5 (0 not yet qualified), updated 0, unchanged 0, rejected 0\n" || r.stderr != warn {
			t.Fatalf("first import: %+v", r)
		}
		// Flags before the file, --flag=value, and a leading "import".
		r = runImport(e, dsn, "", "import", "--team="+team, "--agreement="+channel, "--format=slabot", "leads", "testdata/leads.csv")
		if r.code != 0 || r.stdout != "inserted 0 (0 not yet qualified), updated 0, unchanged 5, rejected 0\n" {
			t.Fatalf("second import: %+v", r)
		}
		// Rejected rows still exit 0, each on its own line after the summary.
		path := filepath.Join(t.TempDir(), "bad.csv")
		if err := os.WriteFile(path, []byte(badFile), 0o600); err != nil {
			t.Fatal(err)
		}
		want := "inserted 4 (0 not yet qualified), updated 0, unchanged 0, rejected 10\n"
		for _, rj := range badRejections {
			want += fmt.Sprintf("line %d: %s\n", rj.Line, rj.Reason)
		}
		r = runImport(e, dsn, "", "leads", path, "--team", team, "--agreement", channel)
		if r.code != 0 || r.stdout != want || r.stderr != "" {
			t.Fatalf("bad file: code %d\nstdout:\n%s\nwant:\n%s\nstderr: %s", r.code, r.stdout, want, r.stderr)
		}
		// Standard input, HubSpot detected from the header, a --map.
		r = runImport(e, dsn, readFile(t, "testdata/hubspot.csv"), "leads", "-", "--team", team, "--agreement", channel, "--map", "Lifecycle Stage=")
		if r.code != 0 || r.stdout != "inserted 5 (0 not yet qualified), updated 0, unchanged 0, rejected 0\n" {
			t.Fatalf("hubspot from stdin: %+v", r)
		}
	})
}

func TestImportCLIErrors(t *testing.T) {
	s := storagetest.SQLite(t)
	e := newEnv(t, s)
	dsn := filepath.Join(t.TempDir(), "other.db") // each run migrates it; no agreement there
	good := []string{"leads", "testdata/leads.csv", "--team", team, "--agreement", channel}
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string // first line
	}{
		{"nothing", nil, 2, "slabot import: what to import? only `leads` can be imported"},
		{"no file", []string{"leads", "--team", team, "--agreement", channel}, 2, "slabot import: give exactly one CSV file after `leads`"},
		{"no team", []string{"leads", "x.csv", "--agreement", channel}, 2, "slabot import: --team and --agreement are required"},
		{"unknown flag", append(good, "--fast"), 2, "slabot import: unknown flag --fast"},
		{"flag without value", append(good, "--format"), 2, "slabot import: --format needs a value"},
		{"format", append(good, "--format", "xml"), 2, `slabot import: --format "xml": use hubspot, salesforce or slabot`},
		{"map", append(good, "--map", "Amount"), 2, `slabot import: --map "Amount": use "CSV column=field"`},
		{"twice", append(good, "--team", "T2"), 2, "slabot import: --team is given 2 times"},
		{"missing file", []string{"leads", "nope.csv", "--team", team, "--agreement", channel}, 1, "slabot import: open nope.csv: no such file or directory"},
		{"agreement", good, 1, `slabot import: no agreement "C0123ABCD" in workspace T1 (use its home channel id or its name)`},
	}
	for _, c := range cases {
		r := runImport(e, dsn, "", c.args...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != c.code || first != c.stderr || r.stdout != "" {
			t.Errorf("%s: code %d, stdout %q, stderr %q; want %d, %q", c.name, r.code, r.stdout, first, c.code, c.stderr)
		}
	}
}

func TestWebhookSecretCLI(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		s := openDSN(t, dsn)
		newEnv(t, s)
		getenv := func(k string) string {
			if k == "DATABASE_URL" {
				return dsn
			}
			return ""
		}
		run := func(args ...string) cliRun {
			var out, errb bytes.Buffer
			code := ingest.RunWebhookSecretCLI(ctx, args, server.OpenCRM(getenv), &out, &errb)
			return cliRun{code, out.String(), errb.String()}
		}
		hex64 := regexp.MustCompile(`^[0-9a-f]{64}\n$`)
		first := run("--team", team)
		if first.code != 0 || !hex64.MatchString(first.stdout) || first.stderr != "" {
			t.Fatalf("create: %+v", first)
		}
		if again := run("webhook-secret", "--team", team); again.code != 0 || again.stdout != first.stdout {
			t.Fatalf("second call: %+v, want the same secret", again)
		}
		rot := run("--team", team, "--rotate")
		if rot.code != 0 || !hex64.MatchString(rot.stdout) || rot.stdout == first.stdout {
			t.Fatalf("rotate: %+v", rot)
		}
		if cur, err := s.WebhookSecret(ctx, team); err != nil || cur+"\n" != rot.stdout {
			t.Fatalf("stored secret %q (%v) is not the printed one", cur, err)
		}
		for _, c := range []struct {
			args []string
			code int
		}{
			{[]string{"--team", "T9"}, 1}, // no such workspace
			{nil, 2},
			{[]string{"--team", team, "--rotate=yes"}, 2},
			{[]string{"--team", team, "extra"}, 2},
		} {
			if r := run(c.args...); r.code != c.code || r.stdout != "" || r.stderr == "" {
				t.Errorf("%v: %+v, want code %d, nothing on stdout", c.args, r, c.code)
			}
		}
	})
}
