package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/lock"
)

// Releases before versioned migrations made the schema with gorm's
// AutoMigrate and a few hand-written indexes, and recorded no version. adopt
// turns such a database into one at version 1 without losing a row: it checks
// that every column of version 1 is there, creates what is missing (a table
// or index added by a later release of that era), rebuilds an index whose
// columns differ (the status indexes gained covering columns then, and
// CREATE INDEX IF NOT EXISTS kept the old ones), and records version 1 as
// applied, all in one transaction under the migration lock.
func (s *Store) adopt(ctx context.Context, sqlDB *sql.DB, locker lock.SessionLocker) (err error) {
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Checked first without a lock: on every start but the first it is false.
	if need, err := s.needsAdoption(ctx, conn); err != nil || !need {
		return err
	}
	if locker != nil {
		if err := locker.SessionLock(ctx, conn); err != nil {
			return err
		}
		defer func() {
			// A lock left on a pooled session would stall the next migration.
			if uerr := locker.SessionUnlock(context.WithoutCancel(ctx), conn); uerr != nil {
				err = errors.Join(err, uerr)
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE on SQLite: the write lock
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if need, err := s.needsAdoption(ctx, tx); err != nil || !need {
		return err // another replica adopted it meanwhile
	}
	v1, err := initialSchema(s.dialect)
	if err != nil {
		return err
	}
	var missing []string
	for _, t := range v1.tables {
		have, err := s.columnNames(ctx, tx, t.name)
		if err != nil {
			return err
		}
		if len(have) == 0 {
			continue // no such table yet: created below
		}
		for _, c := range t.columns {
			if !have[c] {
				missing = append(missing, t.name+"."+c)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the existing tables were not made by slabot: column %s missing", strings.Join(missing, ", "))
	}
	for _, stmt := range v1.stmts {
		if _, err := tx.ExecContext(ctx, ifNotExists(stmt)); err != nil {
			return fmt.Errorf("%s: %w", firstLine(stmt), err)
		}
	}
	for _, ix := range v1.indexes {
		n, err := s.indexColumnCount(ctx, tx, ix.name)
		if err != nil {
			return err
		}
		if n == ix.columns {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+ix.name); err != nil {
			return fmt.Errorf("rebuild index %s: %w", ix.name, err)
		}
		if _, err := tx.ExecContext(ctx, ix.stmt); err != nil {
			return fmt.Errorf("rebuild index %s: %w", ix.name, err)
		}
	}
	store, err := database.NewStore(s.gooseDialect(), versionTable)
	if err != nil {
		return err
	}
	versioned, err := s.tableExists(ctx, tx, versionTable)
	if err != nil {
		return err
	}
	if !versioned {
		if err := store.CreateVersionTable(ctx, tx); err != nil {
			return fmt.Errorf("create %s: %w", versionTable, err)
		}
		if err := store.Insert(ctx, tx, database.InsertRequest{Version: 0}); err != nil {
			return fmt.Errorf("record version 0: %w", err)
		}
	}
	if err := store.Insert(ctx, tx, database.InsertRequest{Version: 1}); err != nil {
		return fmt.Errorf("record version 1: %w", err)
	}
	return tx.Commit()
}

func (s *Store) gooseDialect() database.Dialect {
	if s.dialect == "postgres" {
		return database.DialectPostgres
	}
	return database.DialectSQLite3
}

// needsAdoption: tables of version 1 exist but no migration is recorded.
// (`migrate status` on such a database leaves goose's table absent, but an
// interrupted start of goose may have created it with only version 0.)
func (s *Store) needsAdoption(ctx context.Context, q querier) (bool, error) {
	legacy, err := s.hasUnversionedTables(ctx, q)
	if err != nil || !legacy {
		return false, err
	}
	versioned, err := s.tableExists(ctx, q, versionTable)
	if err != nil || !versioned {
		return true, err
	}
	var latest int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM `+versionTable).Scan(&latest); err != nil {
		return false, fmt.Errorf("read %s: %w", versionTable, err)
	}
	return latest < 1, nil
}

// hasUnversionedTables reports whether any table of version 1 exists.
func (s *Store) hasUnversionedTables(ctx context.Context, q querier) (bool, error) {
	v1, err := initialSchema(s.dialect)
	if err != nil {
		return false, err
	}
	for _, t := range v1.tables {
		ok, err := s.tableExists(ctx, q, t.name)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

func (s *Store) columnNames(ctx context.Context, q querier, table string) (map[string]bool, error) {
	query := `SELECT name FROM pragma_table_info(?)`
	if s.dialect == "postgres" {
		query = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	}
	rows, err := q.QueryContext(ctx, query, table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		have[c] = true
	}
	return have, rows.Err()
}

// indexColumnCount counts key and included columns; 0 when there is no such index.
func (s *Store) indexColumnCount(ctx context.Context, q querier, name string) (int, error) {
	query := `SELECT count(*) FROM pragma_index_info(?)`
	if s.dialect == "postgres" {
		query = `SELECT COALESCE(MAX(i.indnatts), 0) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`
	}
	var n int
	if err := q.QueryRowContext(ctx, query, name).Scan(&n); err != nil {
		return 0, fmt.Errorf("columns of index %s: %w", name, err)
	}
	return n, nil
}

// schemaV1 is what the first migration creates, read from its SQL.
type schemaV1 struct {
	stmts   []string // in file order: each table before its indexes
	tables  []tableDef
	indexes []indexDef
}

type tableDef struct {
	name    string
	columns []string
}

type indexDef struct {
	name, stmt string
	columns    int // key and INCLUDE columns
}

var (
	reCreateTable = regexp.MustCompile(`(?s)^CREATE TABLE (\w+) \((.*)\)$`)
	reCreateIndex = regexp.MustCompile(`(?s)^CREATE (?:UNIQUE )?INDEX (\w+) ON \w+ \(([^)]*)\)(?: INCLUDE \(([^)]*)\))?`)
)

// initialSchema parses the dialect's 00001_initial.sql. The file is ours and
// holds only CREATE TABLE and CREATE INDEX statements, one per semicolon.
func initialSchema(dialect string) (*schemaV1, error) {
	b, err := migrationsFS.ReadFile("migrations/" + dialect + "/00001_initial.sql")
	if err != nil {
		return nil, err
	}
	text := string(b)
	if i := strings.Index(text, "-- +goose Up"); i >= 0 {
		text = text[i:]
	}
	if i := strings.Index(text, "-- +goose Down"); i >= 0 {
		text = text[:i]
	}
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			lines = append(lines, l)
		}
	}
	v := &schemaV1{}
	for _, stmt := range strings.Split(strings.Join(lines, "\n"), ";") {
		stmt = strings.TrimSpace(stmt)
		if stmt == "" {
			continue
		}
		v.stmts = append(v.stmts, stmt)
		if m := reCreateTable.FindStringSubmatch(stmt); m != nil {
			t := tableDef{name: m[1]}
			for _, item := range splitTopLevel(m[2]) {
				col := strings.Fields(item)[0]
				switch strings.ToUpper(col) {
				case "PRIMARY", "UNIQUE", "CONSTRAINT", "CHECK", "FOREIGN":
					continue
				}
				t.columns = append(t.columns, col)
			}
			v.tables = append(v.tables, t)
		} else if m := reCreateIndex.FindStringSubmatch(stmt); m != nil {
			n := len(splitTopLevel(m[2]))
			if m[3] != "" {
				n += len(splitTopLevel(m[3]))
			}
			v.indexes = append(v.indexes, indexDef{name: m[1], stmt: stmt, columns: n})
		} else {
			return nil, fmt.Errorf("00001_initial.sql: cannot adopt with %q", firstLine(stmt))
		}
	}
	return v, nil
}

// splitTopLevel splits on the commas outside parentheses.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

func ifNotExists(stmt string) string {
	for _, p := range []string{"CREATE TABLE ", "CREATE INDEX ", "CREATE UNIQUE INDEX "} {
		if strings.HasPrefix(stmt, p) {
			return p + "IF NOT EXISTS " + stmt[len(p):]
		}
	}
	return stmt
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
