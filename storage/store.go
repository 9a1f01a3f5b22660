// Package storage keeps slabot's data in PostgreSQL (production) or embedded
// SQLite (the zero-setup default) through gorm, and maps rows to sla values.
package storage

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"

	"github.com/slabot/slabot/sla"
)

// Store is the database handle. Safe for concurrent use.
type Store struct {
	db      *gorm.DB
	dialect string // "postgres" or "sqlite"
	timeout time.Duration
}

// DefaultTimeout bounds every call that does not carry a shorter deadline.
const DefaultTimeout = 10 * time.Second

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn: a postgres:// URL, or else a SQLite file path.
// It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg := &gorm.Config{
		Logger:                                   logger.Discard,
		TranslateError:                           true,
		DisableForeignKeyConstraintWhenMigrating: true,
		NowFunc:                                  func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
	}
	dialect, conn := "postgres", dsn
	if !IsPostgres(dsn) {
		dialect = "sqlite"
		if dsn == "" {
			dsn = "slabot.db"
		}
		conn = sqliteDSN(dsn)
	}
	d, err := newDialector(dialect, conn)
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	db, err := gorm.Open(d, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	if dialect == "sqlite" {
		// One writer at a time is SQLite's model; a single connection also
		// means no "database is locked" between our own goroutines.
		sqlDB.SetMaxOpenConns(1)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(5)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	s := &Store{db: db, dialect: dialect, timeout: DefaultTimeout}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dialect, redact(err, dsn))
	}
	return s, nil
}

// sqliteDSN adds the pragmas slabot relies on to a file path.
func sqliteDSN(path string) string {
	if strings.Contains(path, "?") {
		return path
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	return path + "?" + q.Encode()
}

// redact keeps a password in a DSN out of error messages.
func redact(err error, dsn string) error {
	u, perr := url.Parse(dsn)
	if perr != nil || u.User == nil {
		return err
	}
	if p, ok := u.User.Password(); ok && p != "" {
		return errors.New(strings.ReplaceAll(err.Error(), p, "xxxxx"))
	}
	return err
}

// Dialect is "postgres" or "sqlite".
func (s *Store) Dialect() string { return s.dialect }

// Close releases the connections.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks the database answers (for /healthz).
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return dbErr("ping", sqlDB.PingContext(ctx))
}

// ctx applies the store's default deadline to a call.
func (s *Store) ctx(ctx context.Context) (*gorm.DB, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	return s.db.WithContext(ctx), cancel
}

// tx runs fn in one transaction with the default deadline.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var done bool
	return txErr(db.Transaction(committing(fn, &done)), done)
}

// forUpdate locks the selected rows on PostgreSQL; SQLite transactions are
// already serialized (immediate locking).
func (s *Store) forUpdate(db *gorm.DB) *gorm.DB {
	if s.dialect == "postgres" {
		return db.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return db
}

// dbErr turns driver errors into sla errors callers can act on.
func dbErr(what string, err error) error {
	if err == nil {
		return nil
	}
	if err = classify(err); sla.ErrorCode(err) != sla.Internal {
		return err
	}
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return &sla.Error{Code: sla.NotFound, Message: what + " not found", Err: err}
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return &sla.Error{Code: sla.Conflict, Message: what + " already exists", Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return &sla.Error{Code: sla.Unavailable, Message: "The database did not answer in time; please try again.", Err: fmt.Errorf("%s: %w", what, err)}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// utc normalizes a time for storage: UTC (SQLite compares times as text, which
// is only ordered within one offset) and microseconds (PostgreSQL's precision).
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func utcPtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := utc(t)
	return &u
}

func fromPtr(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// Exec runs a statement outside any model (test setup, maintenance).
func (s *Store) Exec(ctx context.Context, sql string, args ...any) error {
	db, cancel := s.ctx(ctx)
	defer cancel()
	return db.Exec(sql, args...).Error
}

// Redact hides the password of a database URL for logs and messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Fingerprint digests every table's row count and last change. Tests use it
// to prove that a command that failed wrote nothing.
func (s *Store) Fingerprint(ctx context.Context) (string, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	var parts []string
	for _, q := range []string{
		`SELECT CAST(COUNT(*) AS TEXT) || ':' || COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM agreements`,
		`SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(attempts), 0) AS TEXT) || ':' || COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM leads`,
		`SELECT CAST(COUNT(*) AS TEXT) || ':' || COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM targets`,
		`SELECT CAST(COUNT(*) AS TEXT) FROM attempts`, `SELECT CAST(COUNT(*) AS TEXT) FROM plans`,
		`SELECT CAST(COUNT(*) AS TEXT) FROM admins`, `SELECT CAST(COUNT(*) AS TEXT) FROM holidays`,
		`SELECT CAST(COUNT(*) AS TEXT) FROM strikes`, `SELECT CAST(COUNT(*) AS TEXT) FROM nudges`,
		`SELECT CAST(COUNT(*) AS TEXT) FROM outbox`, `SELECT CAST(COUNT(*) AS TEXT) FROM workspaces`,
		`SELECT CAST(COUNT(*) AS TEXT) || ':' || COALESCE(CAST(MAX(to_at) AS TEXT), '') FROM away`,
		`SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(weight + 1000 * cap + current_weight), 0) AS TEXT) FROM pool_members`,
		`SELECT CAST(COALESCE(SUM(reassign_secs + CASE WHEN pool_unowned THEN 1 ELSE 0 END + CASE WHEN strike_route THEN 2 ELSE 0 END), 0) AS TEXT) FROM agreements`,
		`SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(version), 0) AS TEXT) FROM agreement_changes`, `SELECT CAST(COUNT(*) AS TEXT) FROM exceptions`,
		`SELECT CAST(COUNT(*) AS TEXT) FROM friction_notes`,
		`SELECT CAST(COUNT(handed_off_at) AS TEXT) || ':' || CAST(COUNT(contacted_at) AS TEXT) || ':' || CAST(COUNT(won_at) AS TEXT) || ':' ||
			CAST(COUNT(lost_at) AS TEXT) || ':' || CAST(COALESCE(SUM(revenue_cents), 0) AS TEXT) || ':' || CAST(COUNT(next_check_at) AS TEXT) || ':' ||
			CAST(COUNT(snoozed_until) AS TEXT) || ':' || CAST(COALESCE(SUM(LENGTH(owner) + LENGTH(lost_reason)), 0) AS TEXT) FROM leads`,
		`SELECT CAST(COALESCE(SUM(LENGTH(summary || marketing_goal || sales_goal || marketing_needs || sales_needs || touchpoints || consequences || cancellation || tz || name)), 0) AS TEXT) || ':' ||
			CAST(COALESCE(SUM(hours_days + hours_start + hours_end + digest_weekday + digest_hour + digest_minute + CASE WHEN digest_enabled THEN 1000 ELSE 0 END + CASE WHEN hours_always THEN 100000 ELSE 0 END), 0) AS TEXT) FROM agreements`,
		`SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(mix_ppm + deal_cents + close_ppm + value_cents), 0) AS TEXT) FROM segments`,
		`SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(SUM(mql_goal), 0) AS TEXT) FROM segment_goals`,
	} {
		var v *string
		err := db.Raw(q).Scan(&v).Error
		if err != nil && (strings.HasSuffix(q, "FROM agreement_changes") || strings.HasSuffix(q, "FROM exceptions") || strings.HasSuffix(q, "FROM friction_notes")) {
			// a schema from before sign-off (upgrade tests): as empty
			empty := map[bool]string{true: "0:0", false: "0"}[strings.HasSuffix(q, "FROM agreement_changes")]
			err, v = nil, &empty
		}
		if err != nil && strings.HasSuffix(q, "FROM outbox") {
			// a schema from before the outbox (upgrade tests) kept posts
			err = db.Raw(`SELECT CAST(COUNT(*) AS TEXT) FROM posts`).Scan(&v).Error
		}
		if empty, ok := readsBeforeMigration(q); err != nil && ok {
			// a schema from before the table or column (upgrade tests):
			// what the migration's empty tables and defaults will read
			v, err = &empty, nil
		}
		if err != nil {
			return "", fmt.Errorf("fingerprint: %w", err)
		}
		if v == nil {
			parts = append(parts, "-")
		} else {
			parts = append(parts, *v)
		}
	}
	return strings.Join(parts, "|"), nil
}

// Explain returns the database's query plan for a statement, one line per
// plan row (PostgreSQL's EXPLAIN, SQLite's EXPLAIN QUERY PLAN).
func (s *Store) Explain(ctx context.Context, sql string, args ...any) (string, error) {
	db, cancel := s.ctx(ctx)
	defer cancel()
	prefix := "EXPLAIN "
	if s.dialect != "postgres" {
		prefix = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.Raw(prefix+sql, args...).Rows()
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
	}
	return strings.Join(lines, "\n"), rows.Err()
}

// SetTimeout changes the deadline every call gets (maintenance and the
// benchmark's bulk statements need longer than DefaultTimeout).
func (s *Store) SetTimeout(d time.Duration) { s.timeout = d }

// readsBeforeMigration is what a fingerprint query of a later migration's
// table or column reads once that migration has run on an older schema.
func readsBeforeMigration(q string) (string, bool) {
	switch {
	case strings.HasSuffix(q, "FROM away"):
		return "0:", true
	case strings.HasSuffix(q, "FROM pool_members"), strings.Contains(q, "FROM segment"):
		return "0:0", true
	case strings.Contains(q, "reassign_secs"):
		return "0", true
	}
	return "", false
}
