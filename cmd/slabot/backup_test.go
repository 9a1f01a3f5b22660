package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slabot/slabot/storage"
)

// TestBackupCmd: `slabot backup <file>` copies the SQLite database to a new
// file, refuses to overwrite one, and says in one line what to do instead on
// PostgreSQL or without a database.
func TestBackupCmd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "slabot.db")
	env := envOf(map[string]string{"DATABASE_URL": dsn})
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"migrate"}, env, nil, &out, &errb); code != 0 {
		t.Fatalf("migrate: %d %s", code, errb.String())
	}
	st, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Exec(ctx, `INSERT INTO workspaces (team_id, name, next_seq) VALUES ('T1', 'Acme', 0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetWebhookSecret(ctx, "T1", "s3cret", false); err != nil {
		t.Fatal(err)
	}
	st.Close()

	copyPath := filepath.Join(dir, "copy.db")
	out.Reset()
	if code := run(ctx, []string{"backup", copyPath}, env, nil, &out, &errb); code != 0 {
		t.Fatalf("backup: exit %d, %s", code, errb.String())
	}
	if !strings.Contains(out.String(), copyPath) {
		t.Fatalf("backup printed %q", out.String())
	}
	b, err := storage.Open(ctx, copyPath)
	if err != nil {
		t.Fatal(err)
	}
	states, err := b.MigrationStatus(ctx)
	if err != nil || len(states) == 0 || !states[0].Applied {
		t.Fatalf("the copy's migrations: %+v %v", states, err)
	}
	if secret, err := b.WebhookSecret(ctx, "T1"); err != nil || secret != "s3cret" {
		t.Fatalf("the copy's webhook secret: %q %v", secret, err)
	}
	b.Close()

	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		code int
		want string
	}{
		{"existing file", []string{"backup", copyPath}, map[string]string{"DATABASE_URL": dsn}, 1, "already exists"},
		{"no file", []string{"backup"}, map[string]string{"DATABASE_URL": dsn}, 2, "slabot backup <file>"},
		{"postgres", []string{"backup", filepath.Join(dir, "pg.db")}, map[string]string{"DATABASE_URL": "postgres://slabot:pw@127.0.0.1:1/slabot"}, 1, "pg_dump"},
		{"missing database", []string{"backup", filepath.Join(dir, "none-copy.db")}, map[string]string{"DATABASE_URL": filepath.Join(dir, "none.db")}, 2, "names no SQLite database"},
	} {
		errb.Reset()
		code := run(ctx, c.args, envOf(c.env), nil, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.want) || strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and one line with %q", c.name, code, errb.String(), c.code, c.want)
		}
	}
	for _, p := range []string{filepath.Join(dir, "pg.db"), filepath.Join(dir, "none.db"), filepath.Join(dir, "none-copy.db")} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s was created (%v)", p, err)
		}
	}
}
