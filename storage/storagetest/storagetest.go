// Package storagetest opens real databases for tests: a SQLite file in a
// temporary directory and a fresh schema in a real PostgreSQL.
package storagetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/slabot/slabot/storage"
)

// DefaultPostgresURL is the local server the test command falls back to.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// RequireEnv, when "1", turns a missing PostgreSQL into a test failure
// instead of a skip. The test command (make test) and CI set it.
const RequireEnv = "SLABOT_REQUIRE_POSTGRES"

// Each runs fn once on SQLite and once on PostgreSQL, as subtests.
func Each(t *testing.T, fn func(t *testing.T, s *storage.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// EachDSN is Each for tests that need the connection string (to start a
// process or a second Store on the same database).
func EachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLiteDSN(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresDSN(t)) })
}

// SQLiteDSN is a migrated database file in t.TempDir().
func SQLiteDSN(t testing.TB) string {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "slabot.db")
	s := open(t, dsn)
	s.Close()
	return dsn
}

// SQLite opens a migrated SQLite store in a file (not :memory:, which is one
// database per pooled connection).
func SQLite(t testing.TB) *storage.Store {
	t.Helper()
	s := open(t, filepath.Join(t.TempDir(), "slabot.db"))
	t.Cleanup(func() { s.Close() })
	return s
}

// Postgres opens a migrated store on a fresh schema.
func Postgres(t testing.TB) *storage.Store {
	t.Helper()
	s := open0(t, PostgresDSN(t)) // PostgresDSN has migrated it
	t.Cleanup(func() { s.Close() })
	return s
}

// PostgresDSN creates a fresh, migrated schema and returns a URL whose
// search_path points at it; the schema is dropped when the test ends.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := postgresURL(t)
	schema := "t_" + randHex(8)
	admin := open0(t, base)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres url: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	dsn := u.String()
	s := open(t, dsn)
	s.Close()
	return dsn
}

// postgresURL finds the server: TEST_DATABASE_URL, DATABASE_URL when it is a
// postgres URL, else the local server on 127.0.0.1:5432.
func postgresURL(t testing.TB) string {
	t.Helper()
	for _, k := range []string{"TEST_DATABASE_URL", "DATABASE_URL"} {
		if v := os.Getenv(k); storage.IsPostgres(v) {
			return v
		}
	}
	c, err := net.DialTimeout("tcp", "127.0.0.1:5432", time.Second)
	if err == nil {
		c.Close()
		return DefaultPostgresURL
	}
	msg := "no PostgreSQL: set TEST_DATABASE_URL or start a server on 127.0.0.1:5432 (make test starts one)"
	if os.Getenv(RequireEnv) == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func open0(t testing.TB, dsn string) *storage.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", storage.Redact(dsn), err)
	}
	return s
}

func open(t testing.TB, dsn string) *storage.Store {
	t.Helper()
	s := open0(t, dsn)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		t.Fatalf("migrate: %v", err)
	}
	return s
}

func randHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
