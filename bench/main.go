// Command bench measures slabot's performance goals and prints a table of
// medians and p99s (README, Performance). It generates its own data in a
// fresh SQLite file and a fresh PostgreSQL schema.
//
//	go run ./bench                 # 100k and 1M leads on SQLite and PostgreSQL
//	go run ./bench -big            # adds 10M on PostgreSQL
//	go run ./bench -quick          # 10k and 100k, for a smoke run
//	go run ./bench -only import,sync   # the CSV import and the HubSpot sync alone
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/slabot/slabot/app"
	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
)

type result struct {
	what, db string
	n        int
	samples  []time.Duration
	note     string
}

func (r result) pct(p float64) time.Duration {
	if len(r.samples) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), r.samples...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	k := int(float64(len(s))*p+0.999999) - 1
	return s[max(0, min(k, len(s)-1))]
}

var results []result

func record(r result) {
	results = append(results, r)
	fmt.Fprintf(os.Stderr, "  %-44s %-9s median %9s  p99 %9s  %s\n", r.what, r.db, round(r.pct(0.5)), round(r.pct(0.99)), r.note)
}

func round(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.1fµs", float64(d)/1e3)
}

func timeIt(n int, fn func() error) ([]time.Duration, error) {
	out := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		if err := fn(); err != nil {
			return out, err
		}
		out = append(out, time.Since(start))
	}
	return out, nil
}

func main() {
	quick := flag.Bool("quick", false, "small sizes (10k, 100k) for a smoke run")
	big := flag.Bool("big", false, "also measure 10M leads on PostgreSQL")
	only := flag.String("db", "sqlite,postgres", "databases to measure")
	pgURL := flag.String("pg", firstNonEmpty(os.Getenv("TEST_DATABASE_URL"), "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"), "PostgreSQL URL (a schema is created and dropped)")
	runs := flag.Int("runs", 30, "timed runs per figure")
	parts := flag.String("only", "status,import,sync,ack,webhooks,charts", "parts to measure")
	syncRate := flag.Float64("sync-rate", ingest.SearchRate, "HubSpot search requests per second, for the emulator and the sync")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	want := map[string]bool{}
	for _, p := range strings.Split(*parts, ",") {
		want[strings.TrimSpace(p)] = true
	}
	ctx := context.Background()
	sizes := []int{100_000, 1_000_000}
	if *quick {
		sizes = []int{10_000, 100_000}
	}
	fmt.Fprintf(os.Stderr, "bench on %s\n", machine())
	for _, db := range strings.Split(*only, ",") {
		if !want["status"] {
			break
		}
		sz := sizes
		if db == "postgres" && *big {
			sz = append(sz, 10_000_000)
		}
		if err := benchDB(ctx, db, *pgURL, sz, *runs); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", db, err)
			os.Exit(1)
		}
	}
	importRows := 1_000_000
	if *quick {
		importRows = 100_000
	}
	for _, db := range strings.Split(*only, ",") {
		if !want["import"] {
			break
		}
		if err := benchImport(ctx, db, *pgURL, importRows); err != nil {
			fmt.Fprintln(os.Stderr, "bench: import:", db, err)
			os.Exit(1)
		}
	}
	syncContacts := 100_000
	if *quick {
		syncContacts = 10_000
	}
	for _, db := range strings.Split(*only, ",") {
		if !want["sync"] {
			break
		}
		if err := benchSync(ctx, db, *pgURL, syncContacts, *syncRate); err != nil {
			fmt.Fprintln(os.Stderr, "bench: sync:", db, err)
			os.Exit(1)
		}
	}
	if want["ack"] {
		for _, db := range strings.Split(*only, ",") {
			if err := benchAck(ctx, db, *pgURL, *runs); err != nil {
				fmt.Fprintln(os.Stderr, "bench: ack:", err)
				os.Exit(1)
			}
		}
	}
	if want["webhooks"] {
		for _, db := range strings.Split(*only, ",") {
			if err := benchWebhooks(ctx, db, *pgURL, *runs); err != nil {
				fmt.Fprintln(os.Stderr, "bench: webhooks:", db, err)
				os.Exit(1)
			}
		}
	}
	if want["charts"] {
		if err := benchCharts(*runs * 3); err != nil {
			fmt.Fprintln(os.Stderr, "bench: charts:", err)
			os.Exit(1)
		}
	}
	printTable(os.Stdout)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// open makes a fresh database: a SQLite file, or a new PostgreSQL schema.
func open(ctx context.Context, db, pgURL string) (*storage.Store, func(), error) {
	st, cleanup, _, err := openDSN(ctx, db, pgURL)
	return st, cleanup, err
}

// openDSN is open, also returning the connection string (for a child process).
func openDSN(ctx context.Context, db, pgURL string) (*storage.Store, func(), string, error) {
	if db == "sqlite" {
		dir, err := os.MkdirTemp("", "slabot-bench")
		if err != nil {
			return nil, nil, "", err
		}
		dsn := filepath.Join(dir, "bench.db")
		st, err := storage.Open(ctx, dsn)
		if err != nil {
			return nil, nil, "", err
		}
		return st, func() { st.Close(); os.RemoveAll(dir) }, dsn, st.Migrate(ctx)
	}
	admin, err := storage.Open(ctx, pgURL)
	if err != nil {
		return nil, nil, "", err
	}
	schema := fmt.Sprintf("bench_%d", time.Now().UnixNano())
	if err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return nil, nil, "", err
	}
	u, _ := url.Parse(pgURL)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	st, err := storage.Open(ctx, u.String())
	if err != nil {
		return nil, nil, "", err
	}
	cleanup := func() {
		st.Close()
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	}
	return st, cleanup, u.String(), st.Migrate(ctx)
}

func benchDB(ctx context.Context, db, pgURL string, sizes []int, runs int) error {
	st, cleanup, err := open(ctx, db, pgURL)
	if err != nil {
		return err
	}
	defer cleanup()
	st.SetTimeout(30 * time.Minute) // bulk generation and clock arming of millions of rows
	a, err := seedAgreement(ctx, st)
	if err != nil {
		return err
	}
	have := 0
	dec := sla.Month{Year: 2026, Month: time.December}
	now := time.Date(2026, 12, 20, 12, 0, 0, 0, time.UTC)
	for _, n := range sizes {
		start := time.Now()
		if err := generate(ctx, st, a, have+1, n-have); err != nil {
			return err
		}
		// What a running database has done by itself by then: statistics,
		// and on PostgreSQL a vacuumed visibility map (index-only scans).
		if db == "postgres" {
			if err := st.Exec(ctx, "VACUUM ANALYZE leads"); err != nil {
				return err
			}
		} else if err := st.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return err
		} else if err := st.Exec(ctx, "ANALYZE"); err != nil {
			return err
		}
		have = n
		fmt.Fprintf(os.Stderr, "%s: %d leads generated in %s\n", db, n, time.Since(start).Round(time.Millisecond))
		perMonth, _ := st.Figures(ctx, benchTeam, a.ID, dec.Start(time.UTC), dec.End(time.UTC), dec.End(time.UTC))
		// /sla status: every query and the Block Kit rendering
		samples, err := timeIt(runs, func() error {
			in, err := st.StatusInput(ctx, a, dec, now)
			if err == nil {
				_ = render.Status(in)
			}
			return err
		})
		if err != nil {
			return err
		}
		record(result{what: fmt.Sprintf("/sla status, %s leads", human(n)), db: db, n: n, samples: samples,
			note: fmt.Sprintf("%d leads in the month", perMonth.Leads)})

		// one breach scan with ~1,000 due leads among n, every open lead's clock running
		if err := armClocks(ctx, st, now); err != nil {
			return err
		}
		armed, err := openClocks(ctx, st, a, now)
		if err != nil {
			return err
		}
		j := app.NewJobs(st, app.Discard{}, slog.New(slog.DiscardHandler))
		var scanSamples []time.Duration
		var stats app.ScanStats
		for i := 0; i < min(runs, 10); i++ {
			if err := makeDue(ctx, st, 1000, now); err != nil {
				return err
			}
			t0 := time.Now()
			stats, err = j.BreachScan(ctx, now)
			if err != nil {
				return err
			}
			scanSamples = append(scanSamples, time.Since(t0))
		}
		record(result{what: fmt.Sprintf("breach scan, 1,000 due among %s", human(n)), db: db, n: n, samples: scanSamples,
			note: fmt.Sprintf("%d open leads with running clocks; %d nudges in %d DMs per scan", armed, stats.Nudges, stats.DMs)})
		// the due-lead query alone (what grows with the table)
		if err := makeDue(ctx, st, 1000, now); err != nil {
			return err
		}
		q, err := timeIt(runs, func() error { _, err := st.DueLeads(ctx, now, app.ScanBatch); return err })
		if err != nil {
			return err
		}
		record(result{what: fmt.Sprintf("due-lead query (500 rows), %s leads", human(n)), db: db, n: n, samples: q})
	}
	return nil
}

func human(n int) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

func printTable(w io.Writer) {
	fmt.Fprintf(w, "\n| measurement | db | median | p99 | note |\n|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", r.what, r.db, round(r.pct(0.5)), round(r.pct(0.99)), r.note)
	}
}
