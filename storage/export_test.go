package storage

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"gorm.io/gorm"
)

// Hooks for the external tests (package storage_test, which may import
// storagetest); compiled only into this package's tests.

// QueryStrings runs a query and returns every row as strings (NULL as "").
func (s *Store) QueryStrings(ctx context.Context, query string, args ...any) ([][]string, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	rows, err := sqlDB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// ModelColumns maps each row type's table to its columns, as gorm reads the
// struct tags, sorted.
func (s *Store) ModelColumns() (map[string][]string, error) {
	out := map[string][]string{}
	for _, m := range allModels {
		stmt := &gorm.Statement{DB: s.db}
		if err := stmt.Parse(m); err != nil {
			return nil, fmt.Errorf("parse %T: %w", m, err)
		}
		cols := append([]string(nil), stmt.Schema.DBNames...)
		sort.Strings(cols)
		out[stmt.Schema.Table] = cols
	}
	return out, nil
}

// AutoMigrateModels runs gorm's AutoMigrate of every row type, as releases
// before versioned migrations did at start.
func (s *Store) AutoMigrateModels(ctx context.Context) error {
	return s.db.WithContext(ctx).AutoMigrate(allModels...)
}
