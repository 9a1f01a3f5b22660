package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/slabot/slabot/storage"
)

// migrateCmd is `slabot migrate [status]`.
func migrateCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 1 || (len(args) == 1 && args[0] != "status") {
		return settingError{"migrate", "takes nothing or status: slabot migrate [status]"}
	}
	c, err := loadConfig(getenv, need{})
	if err != nil {
		return err
	}
	if len(args) == 1 {
		st, err := openExisting(ctx, c)
		if err != nil {
			return err
		}
		defer st.Close()
		states, err := st.MigrationStatus(ctx)
		if err != nil {
			return fmt.Errorf("migration status: %w", err)
		}
		printMigrations(stdout, states)
		return nil
	}
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	newLogger(stderr, c.LogLevel).Info("schema is up to date", "database", storage.Redact(c.DatabaseURL))
	return nil
}

func printMigrations(w io.Writer, states []storage.MigrationState) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTATE\tAPPLIED AT\tMIGRATION")
	for _, m := range states {
		state, at := "pending", "-"
		if m.Applied {
			state, at = "applied", m.AppliedAt.UTC().Format(time.RFC3339)
		} else if m.Adopt {
			state = "pending (adopts the existing tables)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", m.Version, state, at, m.Name)
	}
	tw.Flush()
}

// openExisting opens the database without migrating it; a SQLite file that
// does not exist is an error rather than a new empty database.
func openExisting(ctx context.Context, c Config) (*storage.Store, error) {
	if !storage.IsPostgres(c.DatabaseURL) {
		path, _, _ := strings.Cut(c.DatabaseURL, "?")
		if _, err := os.Stat(path); err != nil {
			return nil, settingError{"DATABASE_URL", fmt.Sprintf("names no SQLite database: %v", err)}
		}
	}
	st, err := storage.Open(ctx, c.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	return st, nil
}
