package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/storage"
)

// CRM is the store as the CRM paths (ingest) see it. storage's transaction
// callbacks take its own *storage.Tx; these adapters hand them on as
// ingest.Tx, which *storage.Tx implements.
func CRM(st *storage.Store) ingest.Store { return crmStore{st} }

type crmStore struct{ *storage.Store }

func (s crmStore) InTx(ctx context.Context, team string, fn func(ingest.Tx) error) error {
	return s.Store.InTx(ctx, team, func(tx *storage.Tx) error { return fn(tx) })
}

func (s crmStore) BeginImport(ctx context.Context, team string) (ingest.ImportSession, error) {
	im, err := s.Store.BeginImport(ctx, team)
	if err != nil {
		return nil, err
	}
	return importSession{im}, nil
}

type importSession struct{ *storage.Import }

func (s importSession) Batch(ctx context.Context, fn func(ingest.Tx) error) error {
	return s.Import.Batch(ctx, func(tx *storage.Tx) error { return fn(tx) })
}

var _ ingest.Tx = (*storage.Tx)(nil)

// OpenCRM opens and migrates the database named by DATABASE_URL (default
// slabot.db) for a command-line import or secret.
func OpenCRM(getenv func(string) string) ingest.Opener {
	return func(ctx context.Context) (ingest.Store, error) {
		dsn := strings.TrimSpace(getenv("DATABASE_URL"))
		if dsn == "" {
			dsn = "slabot.db"
		}
		st, err := storage.Open(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("DATABASE_URL %s: %w", storage.Redact(dsn), err)
		}
		if err := st.Migrate(ctx); err != nil {
			st.Close()
			return nil, err
		}
		return CRM(st), nil
	}
}
