package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestMigrateStatusCmd: `slabot migrate status` lists every migration with
// its state, on both databases, and needs an existing SQLite file.
func TestMigrateStatusCmd(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{"migrate", "status"}, envOf(map[string]string{"DATABASE_URL": dsn}), nil, &out, &errb); code != 0 {
			t.Fatalf("migrate status: exit %d, %s", code, errb.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if len(lines) < 2 || !strings.HasPrefix(lines[0], "VERSION") {
			t.Fatalf("migrate status printed %q", out.String())
		}
		row := regexp.MustCompile(`^1\s+applied\s+\d{4}-\d\d-\d\dT\S+Z\s+00001_initial\.sql$`)
		if !row.MatchString(lines[1]) {
			t.Fatalf("first migration: %q", lines[1])
		}
		for _, l := range lines[1:] {
			if !strings.Contains(l, " applied ") {
				t.Errorf("not applied after Migrate: %q", l)
			}
		}
	})

	var out, errb bytes.Buffer
	missing := filepath.Join(t.TempDir(), "none.db")
	code := run(context.Background(), []string{"migrate", "status"}, envOf(map[string]string{"DATABASE_URL": missing}), nil, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "DATABASE_URL names no SQLite database") || strings.Count(errb.String(), "\n") != 1 {
		t.Fatalf("status of a missing file: exit %d, %q", code, errb.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"migrate", "down"}, envOf(nil), nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "migrate [status]") {
		t.Fatalf("migrate down: exit %d, %q", code, errb.String())
	}
}

// TestMigrateStatusCmdPending: before `slabot migrate`, everything is pending.
func TestMigrateStatusCmdPending(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "m.db")
	env := envOf(map[string]string{"DATABASE_URL": dsn})
	var out, errb bytes.Buffer
	// an empty database, as a new deployment has before its first start
	st, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	out.Reset()
	if code := run(context.Background(), []string{"migrate", "status"}, env, nil, &out, &errb); code != 0 {
		t.Fatalf("migrate status: exit %d, %s", code, errb.String())
	}
	if !regexp.MustCompile(`(?m)^1\s+pending\s+-\s+00001_initial\.sql$`).MatchString(out.String()) {
		t.Fatalf("migrate status on an empty database: %q", out.String())
	}
}
