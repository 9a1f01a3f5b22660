package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrationsFS holds the schema as versioned SQL, one directory per dialect.
// A migration, once released, is never edited: a change is a new file.
//
//go:embed migrations
var migrationsFS embed.FS

// versionTable is goose's record of applied migrations.
const versionTable = goose.DefaultTablename

// migrateTimeout bounds a whole Migrate, waiting for another replica's lock
// included.
const migrateTimeout = 2 * time.Minute

// Migrate brings the schema to the newest version. Safe to run repeatedly and
// from several processes at once: on PostgreSQL the migrations run under a
// session advisory lock; on SQLite each one runs in a write transaction, and
// a process that lost the race to another finds the work done and retries.
// A schema from before versioning is adopted first (see adopt).
func (s *Store) Migrate(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, migrateTimeout)
	defer cancel()
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	locker, err := s.migrationLocker(ctx, sqlDB)
	if err != nil {
		return fmt.Errorf("migrate lock: %w", err)
	}
	if err := s.adopt(ctx, sqlDB, locker); err != nil {
		return fmt.Errorf("migrate: adopt the unversioned schema: %w", err)
	}
	p, err := s.provider(sqlDB, locker)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for attempt := 1; ; attempt++ {
		_, err := p.Up(ctx)
		if err == nil {
			return nil
		}
		if s.dialect != "postgres" && attempt < 5 && appliedMeanwhile(ctx, p, err) {
			continue
		}
		return fmt.Errorf("migrate: %w", err)
	}
}

// appliedMeanwhile reports whether the migration that failed has been applied
// by someone else since: SQLite has no lock that spans goose's read of the
// versions and its transactions, so two processes starting together may both
// try the same migration, and the second fails on the tables the first made.
func appliedMeanwhile(ctx context.Context, p *goose.Provider, err error) bool {
	var pe *goose.PartialError
	if !errors.As(err, &pe) || pe.Failed == nil || pe.Failed.Source == nil {
		return false
	}
	current, verr := p.GetDBVersion(ctx)
	return verr == nil && current >= pe.Failed.Source.Version
}

// provider is goose over the dialect's migrations; locker may be nil.
func (s *Store) provider(sqlDB *sql.DB, locker lock.SessionLocker) (*goose.Provider, error) {
	fsys, err := fs.Sub(migrationsFS, "migrations/"+s.dialect)
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if locker != nil {
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(s.gooseDialect(), sqlDB, fsys, opts...)
}

// migrationLocker is PostgreSQL's session advisory lock, nil on SQLite (whose
// write lock serializes each migration). The lock id is derived from the
// schema so that replicas sharing a schema exclude each other while databases
// in other schemas of the same server (tests, other installations) do not wait.
func (s *Store) migrationLocker(ctx context.Context, sqlDB *sql.DB) (lock.SessionLocker, error) {
	if s.dialect != "postgres" {
		return nil, nil
	}
	var schema string
	if err := sqlDB.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, err
	}
	h := fnv.New64a()
	h.Write([]byte("slabot migrations " + schema))
	// Retried every second for as long as Migrate may take.
	return lock.NewPostgresSessionLocker(
		lock.WithLockID(int64(h.Sum64())),
		lock.WithLockTimeout(1, uint64(migrateTimeout/time.Second)),
	)
}

// MigrationState is one migration and whether the database has it.
type MigrationState struct {
	Version   int64
	Name      string // file name, e.g. 00001_initial.sql
	Applied   bool
	AppliedAt time.Time // zero when pending
	// Adopt is set on the first migration of a database whose tables predate
	// versioning: Migrate will record it as applied instead of running it.
	Adopt bool
}

// MigrationStatus lists every migration, oldest first, with its state. It
// writes nothing, not even goose's version table.
func (s *Store) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	p, err := s.provider(sqlDB, nil)
	if err != nil {
		return nil, err
	}
	versioned, adopt, err := s.versioning(ctx, sqlDB)
	if err != nil {
		return nil, err
	}
	var st []MigrationState
	if !versioned {
		for _, src := range p.ListSources() {
			st = append(st, MigrationState{Version: src.Version, Name: path.Base(src.Path)})
		}
	} else {
		list, err := p.Status(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range list {
			st = append(st, MigrationState{
				Version: m.Source.Version, Name: path.Base(m.Source.Path),
				Applied: m.State == goose.StateApplied, AppliedAt: m.AppliedAt,
			})
		}
	}
	for i := range st {
		st[i].Adopt = adopt && st[i].Version == 1 && !st[i].Applied
	}
	return st, nil
}

// versioning reports whether goose's version table exists and whether
// Migrate will adopt an unversioned schema.
func (s *Store) versioning(ctx context.Context, sqlDB *sql.DB) (versioned, adopt bool, err error) {
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return false, false, err
	}
	defer conn.Close() // before goose takes its own: SQLite has only one
	if versioned, err = s.tableExists(ctx, conn, versionTable); err != nil {
		return false, false, err
	}
	adopt, err = s.needsAdoption(ctx, conn)
	return versioned, adopt, err
}

// querier is what both *sql.Conn and *sql.Tx offer.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// tableExists looks in the current schema (PostgreSQL) or the main database.
func (s *Store) tableExists(ctx context.Context, q querier, name string) (bool, error) {
	query := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if s.dialect == "postgres" {
		query = `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1`
	}
	var n int
	if err := q.QueryRowContext(ctx, query, name).Scan(&n); err != nil {
		return false, fmt.Errorf("look for table %s: %w", name, err)
	}
	return n > 0, nil
}
