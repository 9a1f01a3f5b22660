package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/slabot/slabot/sla"
)

type sqliteCode int

func (c sqliteCode) Error() string { return fmt.Sprintf("sqlite error %d", int(c)) }
func (c sqliteCode) Code() int     { return int(c) }

// TestClassify: what says the database is out of reach becomes Unavailable
// with the outage message; what refuses a statement does not.
func TestClassify(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}, true},
		{&pgconn.PgError{Code: "08006"}, true},
		{&pgconn.PgError{Code: "53300"}, true},
		{fmt.Errorf("query: %w", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), true},
		{fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true},
		{syscall.ECONNRESET, true},
		{sqliteCode(5), true},   // SQLITE_BUSY
		{sqliteCode(517), true}, // SQLITE_BUSY_SNAPSHOT: primary code 5
		{&pgconn.PgError{Code: "23505"}, false},
		{&pgconn.PgError{Code: "40P01"}, false}, // a deadlock is a bug to see
		{sqliteCode(19), false},                 // SQLITE_CONSTRAINT
		{gorm.ErrRecordNotFound, false},
		{context.DeadlineExceeded, false},
		{errors.New("syntax error"), false},
	} {
		got := classify(c.err)
		if is := sla.ErrorCode(got) == sla.Unavailable; is != c.want {
			t.Errorf("%v: unavailable %v, want %v", c.err, is, c.want)
		}
		if c.want && sla.ErrorMessage(got) != UnavailableMessage {
			t.Errorf("%v: message %q", c.err, sla.ErrorMessage(got))
		}
	}
	if got := txErr(&pgconn.PgError{Code: "57P01"}, true); sla.ErrorMessage(got) != commitLostMessage {
		t.Errorf("a lost COMMIT: %q", sla.ErrorMessage(got))
	}
}
