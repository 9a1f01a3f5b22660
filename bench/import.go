package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// importStart is October 2026: imported dates must not be in the future.
var importStart = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

// writeCSV writes n leads in the slabot format, all in October 2026.
func writeCSV(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "external_id,name,email,segment,source,owner_email,created_at,handed_off_at,first_attempt_at,attempts,contacted_at,won_at,revenue,lost_at,lost_reason")
	segs := []string{"exec", "director", "manager", "intern"}
	for i := 1; i <= n; i++ {
		c := importStart.Add(time.Duration(int64(i)*int64(27*24*time.Hour)/int64(n)) + 9*time.Hour)
		ho := c.Add(time.Hour)
		src := "marketing"
		if i%5 == 0 {
			src = "sales"
		}
		won, rev := "", ""
		if i%10 == 0 {
			won, rev = c.Add(72*time.Hour).Format("2006-01-02 15:04"), "1200"
		}
		fmt.Fprintf(w, "bench-%d,Lead %d,lead%d@example.com,%s,%s,,%s,%s,%s,%d,,%s,%s,,\n",
			i, i, i, segs[i%4], src, c.Format("2006-01-02 15:04"), ho.Format("2006-01-02 15:04"),
			ho.Add(20*time.Minute).Format("2006-01-02 15:04"), 1+i%6, won, rev)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// benchImport times `slabot import` of a CSV of rows leads (a child process,
// for its peak RSS) and, on PostgreSQL, `psql \copy` of the same file into a
// copy of the leads table (same columns, indexes and constraints).
func benchImport(ctx context.Context, db, pgURL string, rows int) error {
	st, cleanup, dsn, err := openDSN(ctx, db, pgURL)
	if err != nil {
		return err
	}
	defer cleanup()
	if _, err := seedAgreement(ctx, st); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "slabot-import")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	csv := filepath.Join(dir, "leads.csv")
	if err := writeCSV(csv, rows); err != nil {
		return err
	}
	bin, err := buildSlabot(dir)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "import", "leads", csv, "--team", benchTeam, "--agreement", "CBENCH")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dsn, "SLACK_BOT_TOKEN=")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		return fmt.Errorf("import: %v\n%s", err, out)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
	summary := strings.SplitN(string(out), "\n", 2)[0]
	note := fmt.Sprintf("%s leads: %.0f rows/s, peak RSS %d MB (%s)", human(rows), float64(rows)/took.Seconds(), rss/1024, summary)
	if db == "postgres" {
		// The same schema: a copy of leads with every index and constraint,
		// the file's columns mapped onto it as the import maps them.
		for _, q := range []string{
			`CREATE SEQUENCE copy_seq`,
			`CREATE TABLE copy_target (LIKE leads INCLUDING ALL)`,
			`ALTER TABLE copy_target ALTER team_id SET DEFAULT '` + benchTeam + `', ALTER agreement_id SET DEFAULT 1,
				ALTER seq SET DEFAULT nextval('copy_seq'), ALTER updated_at SET DEFAULT now(), ALTER revenue_cents DROP NOT NULL`,
		} {
			if err := st.Exec(ctx, q); err != nil {
				return err
			}
		}
		start := time.Now()
		c := exec.CommandContext(ctx, "psql", "-q", dsnForPsql(dsn), "-c", `\copy copy_target (external_id, name, email, segment, source, owner, created_at, handed_off_at, first_attempt_at, attempts, contacted_at, won_at, revenue_cents, lost_at, lost_reason) FROM '`+csv+`' WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL (owner, segment, lost_reason))`)
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("psql \\copy: %v\n%s", err, out)
		}
		cp := time.Since(start)
		note += fmt.Sprintf("; psql \\copy of the same file %.0f rows/s: import = %.2f× \\copy", float64(rows)/cp.Seconds(), cp.Seconds()/took.Seconds())
	}
	record(result{what: "CSV import (slabot import leads)", db: db, n: rows, samples: []time.Duration{took}, note: note})
	return nil
}

// dsnForPsql keeps psql's search_path like the import's (psql takes libpq
// URLs; search_path goes through the options parameter).
func dsnForPsql(dsn string) string {
	base, query, _ := strings.Cut(dsn, "?")
	var keep []string
	for _, kv := range strings.Split(query, "&") {
		if k, v, ok := strings.Cut(kv, "="); ok && k == "search_path" {
			keep = append(keep, "options=-csearch_path%3D"+v)
		} else if kv != "" {
			keep = append(keep, kv)
		}
	}
	return base + "?" + strings.Join(keep, "&")
}
