package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// ErrBackupPostgres is Backup's answer on PostgreSQL, whose own tool does it.
var ErrBackupPostgres = errors.New("backup copies SQLite databases only; for PostgreSQL use pg_dump (see docs/operations.md)")

// Backup writes a consistent copy of the SQLite database to path with
// VACUUM INTO: one read transaction, so writers (this process or a running
// bot) go on meanwhile and the copy holds each of their transactions whole or
// not at all. It refuses to overwrite an existing file.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect == "postgres" {
		return ErrBackupPostgres
	}
	if path == "" {
		return errors.New("backup: no file given")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	// A copy takes about as long as reading the whole database.
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	// VACUUM INTO also refuses an existing file, so a file created since the
	// check above is not overwritten either.
	if err := s.db.WithContext(ctx).Exec(`VACUUM INTO ?`, path).Error; err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
