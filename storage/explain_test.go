package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestExplainUsesIndexes checks, on PostgreSQL with a realistic table (60k
// leads over a year, statistics gathered), that every status and breach
// statement reads its index and never scans the whole table.
func TestExplainUsesIndexes(t *testing.T) {
	s := storagetest.Postgres(t)
	ctx := context.Background()
	// 60,000 leads, 5,000 a month through 2026; one lead in fifty has a clock running.
	err := s.Exec(ctx, `INSERT INTO leads (team_id, agreement_id, seq, external_id, name, email, segment, source, owner,
		created_at, qualified_at, handed_off_at, attempts, speed_secs, won_at, revenue_cents, lost_reason, speed_due_at, next_check_at, updated_at)
		SELECT 'T1', 1 + g % 3, g, '', '', '', '', CASE WHEN g % 5 = 0 THEN 'sales' ELSE 'marketing' END, 'U1',
			c, c, c + interval '1 hour', g % 4, CASE WHEN g % 4 > 0 THEN 600 END,
			CASE WHEN g % 10 = 0 THEN c + interval '3 days' END, 100, '',
			CASE WHEN g % 50 = 0 THEN c + interval '2 hours' END, CASE WHEN g % 50 = 0 THEN c + interval '2 hours' END, c
		FROM generate_series(1, 60000) g, LATERAL (SELECT timestamptz '2026-01-01' + (g * 525) * interval '1 second' AS c) x`)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Exec(ctx, "ANALYZE leads"); err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	now := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
	st := storage.Statements("postgres")
	cases := []struct {
		name, index string
		args        []any
	}{
		{"created", "ix_leads_qualified", []any{"T1", 1, from, to}},
		{"won", "ix_leads_won", []any{"T1", 1, from, to}},
		{"handoff", "ix_leads_handoff", []any{now, now, now, now, 1, from, to, "T1"}},
		{"speed", "ix_leads_handoff", []any{1, from, to, "T1"}},
		{"breach counts", "ix_leads_clocks", []any{now, now, now, now, 1, now, now, now, "T1"}},
		{"due leads", "ix_leads_next_check", []any{now, 500}},
		{"route candidates", "ix_leads_clocks", []any{now, now, now, 500}},
	}
	if len(cases) != len(st) {
		t.Fatalf("%d statements, %d checked", len(st), len(cases))
	}
	for _, c := range cases {
		plan, err := s.Explain(ctx, st[c.name], c.args...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		t.Logf("%s:\n%s", c.name, plan)
		if !strings.Contains(plan, c.index) || strings.Contains(plan, "Seq Scan on leads") {
			t.Errorf("%s: the plan does not use %s:\n%s", c.name, c.index, plan)
		}
	}
}

// TestExplainSQLiteRouteCandidates: on SQLite, which has no statistics
// unless someone ran ANALYZE, the routing scan walks its two indexes from
// the small tables and never scans the leads.
func TestExplainSQLiteRouteCandidates(t *testing.T) {
	s := storagetest.SQLite(t)
	now := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
	plan, err := s.Explain(context.Background(), storage.Statements("sqlite")["route candidates"], now, now, now, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SEARCH l USING INDEX ix_leads_clocks", "SEARCH l USING INDEX ix_leads_owner"} {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan lacks %q:\n%s", want, plan)
		}
	}
	if strings.Contains(plan, "SCAN l\n") || strings.HasSuffix(plan, "SCAN l") || strings.Contains(plan, "SCAN leads") {
		t.Errorf("the plan scans the leads:\n%s", plan)
	}
}
