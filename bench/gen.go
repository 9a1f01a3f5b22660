package main

import (
	"context"
	"fmt"
	"time"

	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
)

// benchTeam is the workspace the benchmark fills.
const benchTeam = "TBENCH"

// The measured month, December 2026, holds monthLeads leads whatever the
// table's size (a month of ~85k leads at 1M total, and at 100k and
// 10M total); the others are spread over the ten years before it.
const monthLeads = 85_000

var (
	genStart   = time.Date(2016, 12, 1, 0, 0, 0, 0, time.UTC)
	monthStart = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	monthEnd   = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
)

// seedAgreement makes the benchmark's agreement with a goal and targets.
func seedAgreement(ctx context.Context, st *storage.Store) (sla.Agreement, error) {
	a := sla.Agreement{TeamID: benchTeam, ChannelID: "CBENCH", Name: "Bench", Kind: sla.KindInternal, Status: sla.StatusActive,
		TZ: "UTC", Marketing: "UMKT", Sales: "USALES", Hours: sla.AlwaysOpen, StrikeLimit: 3, Repeat: 4 * time.Hour,
		Digest: sla.DefaultDigest, CreatedBy: "UMKT", CreatedAt: genStart}
	t := sla.DefaultTargets
	t.MQLGoal, t.MQLSet = 80000, true
	err := st.CreateAgreement(ctx, &a, sla.MonthOf(genStart, time.UTC), t)
	return a, err
}

// generate inserts leads numbered from..from+n-1 on the server side
// (generate_series on PostgreSQL, a recursive CTE on SQLite), 100k per
// statement: numbers up to monthLeads fall in December 2026, the rest in the
// ten years before. Every fifth is sales-sourced, all are handed off within
// hours, six in seven attempted, a third contacted, a tenth won. Open leads
// carry no due clock, so the breach scan's work is only what makeDue adds.
func generate(ctx context.Context, st *storage.Store, a sla.Agreement, from, n int) error {
	end := from + n // exclusive
	monthSpan := int64(monthEnd.Sub(monthStart)/time.Second) - 3*7200
	pastSpan := int64(monthStart.Sub(genStart)/time.Second) - 2*864000
	for lo := from; lo < end; {
		hi := min(lo+100000, end) - 1
		start, span, count, first := monthStart, monthSpan, monthLeads, 1
		if lo <= monthLeads {
			hi = min(hi, monthLeads)
		} else {
			start, span, count, first = genStart, pastSpan, 20_000_000, monthLeads+1
		}
		if err := st.Exec(ctx, insertSQL(st.Dialect(), a.ID, lo, hi, start, span, count, first)); err != nil {
			return fmt.Errorf("generate leads %d–%d: %w", lo, hi, err)
		}
		lo = hi + 1
	}
	return st.Exec(ctx, `UPDATE workspaces SET next_seq = ? WHERE team_id = ?`, end-1, benchTeam)
}

// insertSQL spreads leads lo..hi evenly over span seconds from start, as if
// count leads numbered from first filled it.
func insertSQL(dialect string, agreementID int64, lo, hi int, start time.Time, span int64, count, first int) string {
	if dialect == "postgres" {
		return fmt.Sprintf(`INSERT INTO leads (team_id, agreement_id, seq, external_id, name, email, segment, source, owner,
				created_at, qualified_at, handed_off_at, to_handoff_secs, first_attempt_at, attempts, speed_secs, contacted_at,
				won_at, revenue_cents, cycle_secs, lost_reason, updated_at)
			SELECT '%[1]s', %[2]d, g, 'ext-' || g, 'Lead ' || g, 'lead' || g || '@example.com',
				(ARRAY['exec','director','manager','intern'])[1 + g %% 4],
				CASE WHEN g %% 5 = 0 THEN 'sales' ELSE 'marketing' END, 'UREP' || (g %% 20),
				c, c, c + h * interval '1 second', h,
				CASE WHEN g %% 7 <> 0 THEN c + (h + sp) * interval '1 second' END,
				CASE WHEN g %% 7 <> 0 THEN 1 + g %% 6 ELSE 0 END,
				CASE WHEN g %% 7 <> 0 THEN sp END,
				CASE WHEN g %% 3 = 0 THEN c + (h + 7200) * interval '1 second' END,
				CASE WHEN g %% 10 = 0 THEN c + 864000 * interval '1 second' END,
				CASE WHEN g %% 10 = 0 THEN 100000 + (g %% 50) * 1000 ELSE 0 END,
				CASE WHEN g %% 10 = 0 THEN 864000 END, '', c
			FROM generate_series(%[3]d, %[4]d) AS g,
				LATERAL (SELECT timestamptz '%[5]s' + (((g - %[8]d)::bigint * %[6]d / %[7]d) %% %[6]d) * interval '1 second' AS c,
					600 + (g %% 13) * 300 AS h, 60 + (g %% 37) * 97 AS sp) x`,
			benchTeam, agreementID, lo, hi, start.Format(time.RFC3339), span, count, first)
	}
	return fmt.Sprintf(`WITH RECURSIVE s(g) AS (SELECT %[3]d UNION ALL SELECT g + 1 FROM s WHERE g < %[4]d),
			x AS (SELECT g, unixepoch('%[5]s') + ((g - %[8]d) * %[6]d / %[7]d) %% %[6]d AS c, 600 + (g %% 13) * 300 AS h, 60 + (g %% 37) * 97 AS sp FROM s)
			INSERT INTO leads (team_id, agreement_id, seq, external_id, name, email, segment, source, owner,
				created_at, qualified_at, handed_off_at, to_handoff_secs, first_attempt_at, attempts, speed_secs, contacted_at,
				won_at, revenue_cents, cycle_secs, lost_reason, updated_at)
			SELECT '%[1]s', %[2]d, g, 'ext-' || g, 'Lead ' || g, 'lead' || g || '@example.com',
				CASE g %% 4 WHEN 0 THEN 'exec' WHEN 1 THEN 'director' WHEN 2 THEN 'manager' ELSE 'intern' END,
				CASE WHEN g %% 5 = 0 THEN 'sales' ELSE 'marketing' END, 'UREP' || (g %% 20),
				datetime(c, 'unixepoch') || '+00:00', datetime(c, 'unixepoch') || '+00:00', datetime(c + h, 'unixepoch') || '+00:00', h,
				CASE WHEN g %% 7 <> 0 THEN datetime(c + h + sp, 'unixepoch') || '+00:00' END,
				CASE WHEN g %% 7 <> 0 THEN 1 + g %% 6 ELSE 0 END,
				CASE WHEN g %% 7 <> 0 THEN sp END,
				CASE WHEN g %% 3 = 0 THEN datetime(c + h + 7200, 'unixepoch') || '+00:00' END,
				CASE WHEN g %% 10 = 0 THEN datetime(c + 864000, 'unixepoch') || '+00:00' END,
				CASE WHEN g %% 10 = 0 THEN 100000 + (g %% 50) * 1000 ELSE 0 END,
				CASE WHEN g %% 10 = 0 THEN 864000 END, '', datetime(c, 'unixepoch') || '+00:00'
			FROM x`,
		benchTeam, agreementID, lo, hi, start.Format("2006-01-02 15:04:05"), span, count, first)
}

// makeDue gives k open leads a due check at `at` (and a speed breach), the
// breach scan's work; the rest of the table has none.
func makeDue(ctx context.Context, st *storage.Store, k int, at time.Time) error {
	if err := st.Exec(ctx, `DELETE FROM nudges WHERE team_id = ?`, benchTeam); err != nil {
		return err
	}
	// Each scan starts from no nudge message: every owner's first nudge
	// of the day, the same work each run.
	for _, table := range []string{"strikes", "nudge_messages", "nudge_owners"} {
		if err := st.Exec(ctx, `DELETE FROM `+table+` WHERE team_id = ?`, benchTeam); err != nil {
			return err
		}
	}
	due := at.Add(-time.Minute).UTC()
	// the k highest seqs that are open and unattempted
	return st.Exec(ctx, `UPDATE leads SET next_check_at = ?, speed_due_at = ?, warn_at = ?, first_attempt_at = NULL, attempts = 0, speed_secs = NULL,
		contacted_at = NULL, won_at = NULL, lost_at = NULL, handed_off_at = ?, owner = 'UREP' || (seq % 20), told_owner = 'UREP' || (seq % 20), snoozed_until = NULL
		WHERE team_id = ? AND seq IN (SELECT seq FROM leads WHERE team_id = ? ORDER BY seq DESC LIMIT ?)`,
		due, due, due, due.Add(-2*time.Hour), benchTeam, benchTeam, k)
}

// armClocks gives every open lead a breach clock due some time in the next
// week, as a live workspace has: the breach scan's index then holds every
// open lead, and the scan must find the due ones among them.
func armClocks(ctx context.Context, st *storage.Store, now time.Time) error {
	q := `UPDATE leads SET next_check_at = ?::timestamptz + (seq % 10080 + 1) * interval '1 minute', depth_due_at = ?::timestamptz + (seq % 10080 + 1) * interval '1 minute'
		WHERE team_id = ? AND contacted_at IS NULL AND won_at IS NULL AND lost_at IS NULL`
	if st.Dialect() != "postgres" {
		q = `UPDATE leads SET next_check_at = datetime(unixepoch(?) + (seq % 10080 + 1) * 60, 'unixepoch') || '+00:00',
			depth_due_at = datetime(unixepoch(?) + (seq % 10080 + 1) * 60, 'unixepoch') || '+00:00'
			WHERE team_id = ? AND contacted_at IS NULL AND won_at IS NULL AND lost_at IS NULL`
		return st.Exec(ctx, q, now.UTC().Format("2006-01-02 15:04:05"), now.UTC().Format("2006-01-02 15:04:05"), benchTeam)
	}
	return st.Exec(ctx, q, now, now, benchTeam)
}

// openClocks counts the leads whose clocks run.
func openClocks(ctx context.Context, st *storage.Store, a sla.Agreement, now time.Time) (int, error) {
	b, err := st.BreachCounts(ctx, a.TeamID, a.ID, now.Add(8*24*time.Hour))
	return b.Depth, err
}
