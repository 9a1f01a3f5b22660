package storage_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

var dialects = []string{"sqlite", "postgres"}

// emptyDSN is a database with no tables: a new SQLite file, or a PostgreSQL
// schema from storagetest emptied again (storagetest drops it at the end).
func emptyDSN(t *testing.T, dialect string) string {
	t.Helper()
	if dialect == "sqlite" {
		return filepath.Join(t.TempDir(), "slabot.db")
	}
	dsn := storagetest.PostgresDSN(t)
	s := openOnly(t, dsn)
	schema := queryOne(t, s, `SELECT current_schema()`)
	for _, q := range []string{"DROP SCHEMA " + schema + " CASCADE", "CREATE SCHEMA " + schema} {
		if err := s.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return dsn
}

// openOnly opens a store without migrating it.
func openOnly(t *testing.T, dsn string) *storage.Store {
	t.Helper()
	s, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func query(t *testing.T, s *storage.Store, q string, args ...any) [][]string {
	t.Helper()
	rows, err := s.QueryStrings(ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return rows
}

func queryOne(t *testing.T, s *storage.Store, q string, args ...any) string {
	t.Helper()
	rows := query(t, s, q, args...)
	if len(rows) != 1 || len(rows[0]) != 1 {
		t.Fatalf("%s: %v, want one value", q, rows)
	}
	return rows[0][0]
}

// describe lists every table's columns (type, nullability, default), every
// constraint and index, goose's table left out, in a form that does not
// depend on how the DDL was spelled: gorm's AutoMigrate and our SQL files
// describe alike when they made the same schema.
func describe(t *testing.T, s *storage.Store) string {
	t.Helper()
	var lines []string
	add := func(prefix string, rows [][]string) {
		for _, r := range rows {
			lines = append(lines, prefix+strings.Join(r, " | "))
		}
	}
	if s.Dialect() == "postgres" {
		schema := queryOne(t, s, `SELECT current_schema()`)
		add("column ", query(t, s, `SELECT table_name, column_name, data_type, COALESCE(character_maximum_length, 0), is_nullable, COALESCE(column_default, '')
			FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE 'goose%' ORDER BY table_name, ordinal_position`))
		add("constraint ", query(t, s, `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text NOT LIKE 'goose%' ORDER BY 1, 2`))
		for _, r := range query(t, s, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT LIKE 'goose%' ORDER BY 1`) {
			lines = append(lines, "index "+strings.ReplaceAll(r[1], schema+".", ""))
		}
		add("sequence ", query(t, s, `SELECT sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = current_schema() AND sequence_name NOT LIKE 'goose%' ORDER BY 1`))
		return strings.Join(lines, "\n")
	}
	for _, tb := range query(t, s, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'goose%' ORDER BY name`) {
		for _, c := range query(t, s, `SELECT cid, name, type, "notnull", COALESCE(dflt_value, ''), pk FROM pragma_table_info(?)`, tb[0]) {
			lines = append(lines, "column "+tb[0]+" | "+strings.Join(c, " | "))
		}
		for _, ix := range query(t, s, `SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name`, tb[0]) {
			line := "index " + tb[0] + " | " + strings.Join(ix, " | ")
			for _, c := range query(t, s, `SELECT seqno, COALESCE(name, ''), "desc", coll, "key" FROM pragma_index_xinfo(?)`, ix[0]) {
				line += " (" + strings.Join(c, " ") + ")"
			}
			if sqlText := query(t, s, `SELECT COALESCE(sql, '') FROM sqlite_master WHERE name = ?`, ix[0]); len(sqlText) == 1 {
				if _, where, ok := strings.Cut(strings.Join(strings.Fields(sqlText[0][0]), " "), " WHERE "); ok {
					line += " WHERE " + strings.Join(strings.Fields(where), " ")
				}
			}
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// freshDescription describes what Migrate makes of an empty database.
func freshDescription(t *testing.T, dialect string) string {
	t.Helper()
	s := openOnly(t, emptyDSN(t, dialect))
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return describe(t, s)
}

func versionRows(t *testing.T, s *storage.Store) [][]string {
	t.Helper()
	return query(t, s, `SELECT version_id, is_applied FROM goose_db_version ORDER BY id`)
}

// checkVersions: goose's table records version 0 and then each migration
// once, in order, applied.
func checkVersions(t *testing.T, s *storage.Store) {
	t.Helper()
	st, err := s.MigrationStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"0"}
	for _, m := range st {
		want = append(want, fmt.Sprint(m.Version))
	}
	got := versionRows(t, s)
	var versions []string
	for _, r := range got {
		versions = append(versions, r[0])
		if r[1] != "true" && r[1] != "1" {
			t.Fatalf("goose_db_version %v: not applied", r)
		}
	}
	if !reflect.DeepEqual(versions, want) {
		t.Fatalf("goose_db_version: %v, want versions %v once each", got, want)
	}
}

// TestMigrationsMatchModels: the migrated schema has exactly the columns the
// row types map, and gorm's AutoMigrate of the row types, which would add a
// missing column or index or change a column whose type differs from the
// struct tag, finds nothing to do.
func TestMigrationsMatchModels(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		models, err := s.ModelColumns()
		if err != nil {
			t.Fatal(err)
		}
		tables := map[string][]string{}
		q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'goose%' AND name NOT LIKE 'sqlite%'`
		cq := `SELECT name FROM pragma_table_info(?)`
		if s.Dialect() == "postgres" {
			q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE 'goose%'`
			cq = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
		}
		for _, tb := range query(t, s, q) {
			var cols []string
			for _, c := range query(t, s, cq, tb[0]) {
				cols = append(cols, c[0])
			}
			sort.Strings(cols)
			tables[tb[0]] = cols
		}
		if !reflect.DeepEqual(tables, models) {
			t.Fatalf("migrated tables\n%v\nrow types\n%v", tables, models)
		}

		before := describe(t, s)
		var rawBefore [][]string
		if s.Dialect() == "sqlite" {
			// AutoMigrate on SQLite alters a column by rebuilding its table,
			// which shows in the stored DDL even when the description matches.
			rawBefore = query(t, s, `SELECT type, name, COALESCE(sql, '') FROM sqlite_master ORDER BY name`)
		}
		if err := s.AutoMigrateModels(ctx); err != nil {
			t.Fatal(err)
		}
		if after := describe(t, s); after != before {
			t.Fatalf("AutoMigrate changed the migrated schema:\n%s", diffLines(before, after))
		}
		if s.Dialect() == "sqlite" {
			if rawAfter := query(t, s, `SELECT type, name, COALESCE(sql, '') FROM sqlite_master ORDER BY name`); !reflect.DeepEqual(rawAfter, rawBefore) {
				t.Fatalf("AutoMigrate rewrote SQLite DDL:\n%v\nwas\n%v", rawAfter, rawBefore)
			}
		}
	})
}

func diffLines(a, b string) string {
	in := map[string]int{}
	for _, l := range strings.Split(a, "\n") {
		in[l]++
	}
	var out []string
	for _, l := range strings.Split(b, "\n") {
		if in[l] > 0 {
			in[l]--
			continue
		}
		out = append(out, "+ "+l)
	}
	for l, n := range in {
		for ; n > 0; n-- {
			out = append(out, "- "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestMigrateStatus: a migrated database lists every migration as applied
// and is left as it was by a second Migrate.
func TestMigrateStatus(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		st, err := s.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(st) == 0 || st[0].Version != 1 || st[0].Name != "00001_initial.sql" {
			t.Fatalf("status %+v", st)
		}
		for _, m := range st {
			if !m.Applied || m.AppliedAt.IsZero() || m.Adopt {
				t.Errorf("%+v: want applied", m)
			}
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if got := versionRows(t, s); len(got) != len(st)+1 {
			t.Fatalf("goose_db_version after a second Migrate: %v", got)
		}
	})
}

// TestMigrateStatusEmpty: on an empty database everything is pending, and
// asking creates nothing.
func TestMigrateStatusEmpty(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			s := openOnly(t, emptyDSN(t, d))
			st, err := s.MigrationStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(st) == 0 || st[0].Applied || st[0].Adopt {
				t.Fatalf("status %+v", st)
			}
			if got := describe(t, s); got != "" {
				t.Fatalf("status created tables:\n%s", got)
			}
			if _, err := s.QueryStrings(ctx, `SELECT 1 FROM goose_db_version`); err == nil {
				t.Fatal("status created goose_db_version")
			}
		})
	}
}

// TestMigrateConcurrent: replicas starting together on an empty database all
// succeed, and the schema is applied once.
func TestMigrateConcurrent(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			dsn := emptyDSN(t, d)
			const n = 6
			stores := make([]*storage.Store, n)
			for i := range stores {
				stores[i] = openOnly(t, dsn)
			}
			errs := make([]error, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i, s := range stores {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = s.Migrate(ctx)
				}()
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("Migrate %d: %v", i, err)
				}
			}
			checkVersions(t, stores[0])
			if got, want := describe(t, stores[0]), freshDescription(t, d); got != want {
				t.Fatalf("schema after concurrent Migrate differs:\n%s", diffLines(want, got))
			}
		})
	}
}

// legacySchema builds, in an empty database, the schema of the releases
// before versioned migrations (testdata holds what their AutoMigrate made).
func legacySchema(t *testing.T, s *storage.Store) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "legacy_"+s.Dialect()+".sql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range strings.Split(string(b), ";\n") {
		var lines []string
		for _, l := range strings.Split(stmt, "\n") {
			if !strings.HasPrefix(l, "--") {
				lines = append(lines, l)
			}
		}
		if stmt := strings.TrimSpace(strings.Join(lines, "\n")); stmt != "" {
			if err := s.Exec(ctx, stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
	}
}

// TestUpgradeFromUnversioned: a database made by a release before versioned
// migrations, with data, is adopted at version 1 by replicas starting
// together; every row is kept and the schema ends as a fresh one's.
func TestUpgradeFromUnversioned(t *testing.T) {
	cases := []struct {
		name string
		// older turns the previous release's schema into an earlier one
		older []string
	}{
		{name: "previous release"},
		{name: "earlier release", older: []string{
			// before webhooks, covering status indexes and the clocks index
			`DROP TABLE webhook_signatures`,
			`DROP INDEX ix_leads_created`,
			`CREATE INDEX ix_leads_created ON leads (agreement_id, created_at)`,
			`DROP INDEX ix_leads_clocks`,
		}},
	}
	for _, d := range dialects {
		for _, c := range cases {
			t.Run(d+"/"+c.name, func(t *testing.T) {
				want := freshDescription(t, d)
				dsn := emptyDSN(t, d)
				s := openOnly(t, dsn)
				legacySchema(t, s)
				for _, q := range c.older {
					if err := s.Exec(ctx, q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				a := legacyAgreement(t, s)
				for i := range 3 {
					legacyLead(t, s, a, i+1, fmt.Sprintf("Lead %d", i), fmt.Sprintf("l%d@example.com", i), t0.Add(time.Duration(i)*time.Hour))
				}
				if err := s.AddAdmin(ctx, "T1", a.ID, "UADMIN", "UMKT", t0); err != nil {
					t.Fatal(err)
				}
				fp, err := s.Fingerprint(ctx)
				if err != nil {
					t.Fatal(err)
				}
				indexSQL := func() [][]string { return nil }
				if d == "sqlite" {
					indexSQL = func() [][]string {
						return query(t, s, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
					}
				}
				indexesBefore := indexSQL()

				st, err := s.MigrationStatus(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(st) == 0 || st[0].Applied || !st[0].Adopt {
					t.Fatalf("status before the upgrade: %+v, want version 1 pending, to adopt", st)
				}

				const n = 3
				errs := make([]error, n)
				var wg sync.WaitGroup
				for i := range n {
					r := s
					if i > 0 {
						r = openOnly(t, dsn)
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						errs[i] = r.Migrate(ctx)
					}()
				}
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Fatalf("Migrate %d: %v", i, err)
					}
				}

				if got, err := s.Fingerprint(ctx); err != nil || got != fp {
					t.Fatalf("data changed by the upgrade: %q, was %q (%v)", got, fp, err)
				}
				l, err := s.LeadBySeq(ctx, "T1", 2)
				if err != nil || l.Name != "Lead 1" || l.Email != "l1@example.com" {
					t.Fatalf("lead 2 after the upgrade: %+v %v", l, err)
				}
				// Every lead recorded before qualification existed was an MQL
				// from its creation: it goes on counting where it did.
				if !l.Qualified() || !l.QualifiedAt.Equal(l.CreatedAt) {
					t.Fatalf("lead 2 after the upgrade: qualified %v, created %v", l.QualifiedAt, l.CreatedAt)
				}
				if f, err := s.Figures(ctx, "T1", a.ID, t0, t0.Add(24*time.Hour), t0.Add(24*time.Hour)); err != nil || f.Actuals.MQLs != 3 {
					t.Fatalf("MQLs after the upgrade: %+v %v, want 3", f.Actuals, err)
				}
				if admins, err := s.Admins(ctx, "T1", a.ID); err != nil || len(admins) != 1 {
					t.Fatalf("admins after the upgrade: %v %v", admins, err)
				}
				st, err = s.MigrationStatus(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range st {
					if !m.Applied {
						t.Fatalf("after the upgrade: %+v pending", m)
					}
				}
				checkVersions(t, s)
				if got := describe(t, s); got != want {
					t.Fatalf("upgraded schema differs from a fresh one:\n%s", diffLines(want, got))
				}
				if c.older == nil {
					// adopting the previous release rebuilds none of its
					// indexes but those later migrations replace
					replaced := []string{"ix_leads_created"}
					before := map[string]bool{}
					for _, r := range indexesBefore {
						before[r[0]] = true
					}
					keep := func(rows [][]string) [][]string {
						return slices.DeleteFunc(slices.Clone(rows), func(r []string) bool { return slices.Contains(replaced, r[0]) || !before[r[0]] })
					}
					if got := keep(indexSQL()); !reflect.DeepEqual(got, keep(indexesBefore)) {
						t.Fatalf("indexes rewritten:\n%v\nwere\n%v", got, indexesBefore)
					}
				}
				// and the bot works on: ids and sequence numbers go on
				next := addLead(t, s, a, sla.Lead{Name: "After", CreatedAt: t0.Add(5 * time.Hour)})
				if next.Seq != 4 {
					t.Fatalf("lead after the upgrade got seq %d, want 4", next.Seq)
				}
			})
		}
	}
}

// legacyLead stores a lead as a release before versioned migrations did:
// only the columns it had.
// legacyAgreement writes an agreement into the legacy schema with today's
// Store, which needs the agreement columns later migrations added: they are
// there for the write and gone again before the upgrade.
func legacyAgreement(t *testing.T, s *storage.Store) sla.Agreement {
	t.Helper()
	later := []string{"group_secs", "nudge_cap"}
	for _, c := range later {
		if err := s.Exec(ctx, `ALTER TABLE agreements ADD COLUMN `+c+` integer NOT NULL DEFAULT 0`); err != nil {
			t.Fatal(err)
		}
	}
	a := newAgreement(t, s, "T1", "C1", "Smarketing")
	for _, c := range later {
		if err := s.Exec(ctx, `ALTER TABLE agreements DROP COLUMN `+c); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func legacyLead(t *testing.T, s *storage.Store, a sla.Agreement, seq int, name, email string, created time.Time) {
	t.Helper()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO leads (team_id, agreement_id, seq, name, email, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'marketing', ?, ?)`,
			[]any{a.TeamID, a.ID, seq, name, email, created.UTC(), created.UTC()}},
		{`UPDATE workspaces SET next_seq = ? WHERE team_id = ?`, []any{seq, a.TeamID}},
	} {
		if err := s.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("legacy lead: %v", err)
		}
	}
}

// TestUpgradeRefusesForeignTables: tables that lack a column of version 1
// are not adopted, and nothing is written.
func TestUpgradeRefusesForeignTables(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			s := openOnly(t, emptyDSN(t, d))
			legacySchema(t, s)
			if err := s.Exec(ctx, `ALTER TABLE leads DROP COLUMN snoozed_until`); err != nil {
				t.Fatal(err)
			}
			before := describe(t, s)
			err := s.Migrate(ctx)
			if err == nil || !strings.Contains(err.Error(), "leads.snoozed_until") {
				t.Fatalf("Migrate: %v, want an error naming leads.snoozed_until", err)
			}
			if got := describe(t, s); got != before {
				t.Fatalf("a refused upgrade changed the schema:\n%s", diffLines(before, got))
			}
			if _, err := s.QueryStrings(ctx, `SELECT 1 FROM goose_db_version`); err == nil {
				t.Fatal("a refused upgrade created goose_db_version")
			}
		})
	}
}

// TestUpgradeAfterVersionZero: an unversioned database on which goose's
// table was made but nothing recorded (a first start that stopped early) is
// still adopted, not migrated over its tables.
func TestUpgradeAfterVersionZero(t *testing.T) {
	goose := map[string]string{
		"sqlite":   `CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('now')))`,
		"postgres": `CREATE TABLE goose_db_version (id integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NOT NULL DEFAULT now())`,
	}
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			s := openOnly(t, emptyDSN(t, d))
			legacySchema(t, s)
			a := legacyAgreement(t, s)
			legacyLead(t, s, a, 1, "Ada", "", t0)
			for _, q := range []string{goose[d], `INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true)`} {
				if err := s.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			st, err := s.MigrationStatus(ctx)
			if err != nil || len(st) == 0 || st[0].Applied || !st[0].Adopt {
				t.Fatalf("status: %+v %v, want version 1 pending, to adopt", st, err)
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			checkVersions(t, s)
			if l, err := s.LeadBySeq(ctx, "T1", 1); err != nil || l.Name != "Ada" {
				t.Fatalf("lead after the upgrade: %+v %v", l, err)
			}
		})
	}
}

// TestUpgradeCarriesSentPosts: what the posts ledger recorded as sent is
// sent in the outbox, every part of it (a digest's charts too), so an
// upgrade never posts it again; a claim left pending is dropped, its post
// retried part by part.
func TestUpgradeCarriesSentPosts(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			s := openOnly(t, emptyDSN(t, d))
			legacySchema(t, s)
			for _, q := range []string{
				`INSERT INTO posts (team_id, agreement_id, kind, period, status, claimed_by, claimed_at, sent_at, tries) VALUES ('T1', 1, 'digest', '2026-W49', 'sent', 'a', ?, ?, 1)`,
				`INSERT INTO posts (team_id, agreement_id, kind, period, status, claimed_by, claimed_at, sent_at, tries) VALUES ('T1', 1, 'month-close', '2026-11', 'sent', 'a', ?, ?, 1)`,
				`INSERT INTO posts (team_id, agreement_id, kind, period, status, claimed_by, claimed_at, sent_at, tries) VALUES ('T1', 1, 'digest', '2026-W50', 'pending', 'b', ?, ?, 1)`,
			} {
				if err := s.Exec(ctx, q, t0, t0); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			got := query(t, s, `SELECT kind, period, part, status FROM outbox ORDER BY kind, period, part`)
			want := [][]string{
				{"digest", "2026-W49", "chart:depth", "sent"}, {"digest", "2026-W49", "chart:speed", "sent"},
				{"digest", "2026-W49", "chart:waterfall", "sent"}, {"digest", "2026-W49", "message", "sent"},
				{"month-close", "2026-11", "message", "sent"},
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("outbox after the upgrade:\n%v\nwant\n%v", got, want)
			}
			done, err := s.PartsDone(ctx, sla.PostKey{TeamID: "T1", AgreementID: 1, Kind: "digest", Period: "2026-W49"})
			if err != nil || len(done) != 4 {
				t.Fatalf("parts done %v %v", done, err)
			}
		})
	}
}
