package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/slabot/slabot/storage"
)

// backupCmd is `slabot backup <file>`: a consistent copy of the SQLite
// database, safe to take beside a running bot. It does not migrate: a backup
// taken before an upgrade is the one to keep.
func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 || args[0] == "" || strings.HasPrefix(args[0], "-") {
		return settingError{"backup", "needs one file to write: slabot backup <file>"}
	}
	c, err := loadConfig(getenv, need{})
	if err != nil {
		return err
	}
	if storage.IsPostgres(c.DatabaseURL) {
		return storage.ErrBackupPostgres // said before connecting
	}
	st, err := openExisting(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, args[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", c.DatabaseURL, args[0])
	return nil
}
