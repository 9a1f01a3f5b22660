package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/glebarez/sqlite"

	"github.com/slabot/slabot/sla"
)

// UnavailableMessage is what a user is told while the database cannot be
// reached: the transaction never committed, so nothing was recorded.
const UnavailableMessage = "The database is unavailable right now; nothing was recorded — try again in a minute."

// commitLostMessage is told when the connection broke during COMMIT, when
// the database may or may not have kept the change.
const commitLostMessage = "The database stopped answering while saving; it may or may not have been recorded — check before trying again."

// classify is the one place a driver error becomes sla.Unavailable: lost
// or refused connections, a server shutting down, SQLite busy past its
// timeout. Every gorm error passes through it (the dialects' Translate),
// and so does every error the store returns through dbErr.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var se *sla.Error
	if errors.As(err, &se) {
		return err
	}
	if unreachable(err) {
		return &sla.Error{Code: sla.Unavailable, Message: UnavailableMessage, Err: err}
	}
	return err
}

// unreachable reports whether err says the database could not be reached
// or went away, as opposed to refusing the statement.
func unreachable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false // reported as a timeout by dbErr
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// https://www.postgresql.org/docs/current/errcodes-appendix.html:
		// class 08 connection exception; 57P01-57P03 the server shutting
		// down or starting; 53300 too many connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" || pe.Code == "53300"
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || pgconn.SafeToRetry(err) {
		return true
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	// SQLite result codes (https://www.sqlite.org/rescode.html): BUSY 5,
	// LOCKED 6, IOERR 10, FULL 13, CANTOPEN 14.
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case 5, 6, 10, 13, 14:
			return true
		}
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "connection reset") || strings.Contains(msg, "broken pipe")
}

// committing wraps fn so that, when it returns nil, a failure after it
// (the COMMIT itself) can be told apart: the change may have been kept.
func committing(fn func(tx *gorm.DB) error, done *bool) func(tx *gorm.DB) error {
	return func(tx *gorm.DB) error {
		if err := fn(tx); err != nil {
			return err
		}
		*done = true
		return nil
	}
}

// txErr classifies a transaction's error; after fn succeeded it can only
// be the COMMIT's.
func txErr(err error, fnDone bool) error {
	err = classify(err)
	if err != nil && fnDone && sla.ErrorCode(err) == sla.Unavailable {
		return &sla.Error{Code: sla.Unavailable, Message: commitLostMessage, Err: err}
	}
	return err
}

// The dialects with classify behind their own error translation.
type pgDialector struct{ *postgres.Dialector }

func (d pgDialector) Translate(err error) error { return classify(d.Dialector.Translate(err)) }

type sqliteDialector struct{ *sqlite.Dialector }

func (d sqliteDialector) Translate(err error) error { return classify(d.Dialector.Translate(err)) }

func newDialector(dialect, dsn string) (gorm.Dialector, error) {
	if dialect == "postgres" {
		d, ok := postgres.New(postgres.Config{DSN: dsn}).(*postgres.Dialector)
		if !ok {
			return nil, fmt.Errorf("unexpected postgres dialector")
		}
		return pgDialector{d}, nil
	}
	d, ok := sqlite.Open(dsn).(*sqlite.Dialector)
	if !ok {
		return nil, fmt.Errorf("unexpected sqlite dialector")
	}
	return sqliteDialector{d}, nil
}
