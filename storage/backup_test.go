package storage_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestBackupWhileWriting copies a SQLite database while another connection
// (as a running bot would) keeps adding leads: the copy is a sound database
// at the current version, holding every lead committed before it began and
// no half of any transaction.
func TestBackupWhileWriting(t *testing.T) {
	dsn := storagetest.SQLiteDSN(t)
	s := openOnly(t, dsn)
	w := openOnly(t, dsn)
	a := newAgreement(t, w, "T1", "C1", "Smarketing")
	for i := range 50 {
		addLead(t, w, a, sla.Lead{Name: fmt.Sprintf("Lead %d", i), CreatedAt: t0.Add(time.Duration(i) * time.Minute)})
	}

	var wrote atomic.Int64
	stop, done := make(chan struct{}), make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			l := sla.Lead{TeamID: "T1", AgreementID: a.ID, Name: fmt.Sprintf("Busy %d", i), Source: sla.SourceMarketing,
				SpeedSecs: -1, CreatedAt: t0.Add(time.Hour + time.Duration(i)*time.Second)}
			if _, err := w.AddLead(ctx, l, "", "UTEST"); err != nil {
				done <- err
				return
			}
			wrote.Add(1)
		}
	}()
	for wrote.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	before := wrote.Load()
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	after := wrote.Load()
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("writer: %v", err)
	}
	if wrote.Load() <= after {
		t.Fatal("the writer made no progress after the backup")
	}

	b := openOnly(t, path)
	if got := queryOne(t, b, `PRAGMA integrity_check`); got != "ok" {
		t.Fatalf("integrity_check: %s", got)
	}
	n, _ := strconv.ParseInt(queryOne(t, b, `SELECT count(*) FROM leads`), 10, 64)
	if n < 50+before || n > 50+after+1 {
		t.Fatalf("backup holds %d leads; %d were committed when it began, %d when it ended", n, 50+before, 50+after)
	}
	// AddLead bumps the workspace's counter and inserts the lead in one
	// transaction: a torn copy would disagree.
	if seq, maxSeq := queryOne(t, b, `SELECT next_seq FROM workspaces WHERE team_id = 'T1'`), queryOne(t, b, `SELECT max(seq) FROM leads`); seq != maxSeq || seq != strconv.FormatInt(n, 10) {
		t.Fatalf("next_seq %s, max(seq) %s, %d leads", seq, maxSeq, n)
	}
	if l, err := b.LeadBySeq(ctx, "T1", 7); err != nil || l.Name != "Lead 6" {
		t.Fatalf("lead 7 in the backup: %+v %v", l, err)
	}
	st, err := b.MigrationStatus(ctx)
	if err != nil || len(st) == 0 || !st[len(st)-1].Applied {
		t.Fatalf("backup's migrations: %+v %v", st, err)
	}

	// a second backup to the same file is refused and leaves it alone
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, path); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, old) {
		t.Fatalf("the existing file was changed (%v)", err)
	}
}

// TestBackupPostgres: PostgreSQL is pointed to pg_dump, and no file is made.
func TestBackupPostgres(t *testing.T) {
	s := storagetest.Postgres(t)
	path := filepath.Join(t.TempDir(), "copy.db")
	err := s.Backup(ctx, path)
	if !errors.Is(err, storage.ErrBackupPostgres) || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("Backup on PostgreSQL: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file was made: %v", err)
	}
}
