package storage

// The aggregate statements behind the status, report and breach figures,
// named so the EXPLAIN test runs exactly what the code runs. Each reads one
// range of one covering index (indexes.go); team_id is checked on every row
// so no workspace can read another's figures.

// sqlCreated: leads and MQLs qualified in [from, to), and which became
// customers (a won lead's revenue of 0 is one not known).
const sqlCreated = `SELECT COUNT(*) AS leads,
		COALESCE(SUM(CASE WHEN source = 'marketing' THEN 1 ELSE 0 END), 0) AS mqls,
		COALESCE(SUM(CASE WHEN source = 'marketing' AND won_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS mqls_won,
		COALESCE(SUM(CASE WHEN source = 'marketing' AND won_at IS NOT NULL THEN revenue_cents ELSE 0 END), 0) AS mql_won_revenue,
		COALESCE(SUM(CASE WHEN source = 'marketing' AND won_at IS NOT NULL AND revenue_cents = 0 THEN 1 ELSE 0 END), 0) AS mqls_won_unknown
		FROM leads WHERE team_id = ? AND agreement_id = ? AND qualified_at >= ? AND qualified_at < ?`

// sqlWon: revenue closed in [from, to) and the sales cycles of those deals.
const sqlWon = `SELECT
		COALESCE(SUM(CASE WHEN source = 'marketing' THEN revenue_cents ELSE 0 END), 0) AS marketing,
		COALESCE(SUM(revenue_cents), 0) AS total,
		COUNT(cycle_secs) AS cycle_n,
		COALESCE(SUM(cycle_secs), 0) AS cycle_secs
		FROM leads WHERE team_id = ? AND agreement_id = ? AND won_at >= ? AND won_at < ?`

// sqlHandoff + sqlHandoffFrom: follow-up of the leads handed off in [from, to).
// The four ? before FROM are the maturity boundary (sla.MatureBefore).
const sqlHandoff = `SELECT COUNT(*) AS handed_off,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL AND handed_off_at < ? THEN 1 ELSE 0 END), 0) AS uncontacted,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL AND handed_off_at < ? THEN attempts ELSE 0 END), 0) AS uncontacted_attempts,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL AND handed_off_at >= ? THEN 1 ELSE 0 END), 0) AS in_window,
		COALESCE(SUM(CASE WHEN contacted_at IS NULL AND won_at IS NULL AND handed_off_at >= ? THEN attempts ELSE 0 END), 0) AS in_window_attempts,
		COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS worked,
		COALESCE(SUM(CASE WHEN attempts = 0 AND contacted_at IS NULL AND won_at IS NULL AND lost_at IS NULL THEN 1 ELSE 0 END), 0) AS waiting,
		COUNT(to_handoff_secs) AS to_n,
		COALESCE(SUM(to_handoff_secs), 0) AS to_secs`

const sqlHandoffFrom = `
		FROM leads WHERE agreement_id = ? AND handed_off_at >= ? AND handed_off_at < ? AND team_id = ?`

// sqlSpeedPG: speed statistics on PostgreSQL over the same index range
// (ordered-set aggregates skip NULL speeds).
const sqlSpeedPG = `SELECT COUNT(speed_secs) AS n, COALESCE(SUM(speed_secs), 0) AS sum,
		COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY speed_secs), 0) AS median,
		COALESCE(percentile_disc(0.9) WITHIN GROUP (ORDER BY speed_secs), 0) AS p90
		FROM leads WHERE agreement_id = ? AND handed_off_at >= ? AND handed_off_at < ? AND team_id = ?`

// sqlSpeedHistogram: SQLite's speed percentiles, from a count per second.
const sqlSpeedHistogram = `SELECT speed_secs, COUNT(*) AS n FROM leads WHERE agreement_id = ? AND handed_off_at >= ? AND handed_off_at < ?
		AND team_id = ? AND speed_secs IS NOT NULL GROUP BY speed_secs ORDER BY speed_secs`

// sqlBreachCounts: open breaches at an instant, over the leads whose clocks run.
const sqlBreachCounts = `SELECT
		COALESCE(SUM(CASE WHEN warn_at <= ? AND (speed_due_at IS NULL OR speed_due_at > ?) THEN 1 ELSE 0 END), 0) AS warnings,
		COALESCE(SUM(CASE WHEN speed_due_at <= ? THEN 1 ELSE 0 END), 0) AS speed,
		COALESCE(SUM(CASE WHEN depth_due_at <= ? THEN 1 ELSE 0 END), 0) AS depth
		FROM leads WHERE agreement_id = ? AND (warn_at IS NOT NULL OR speed_due_at IS NOT NULL OR depth_due_at IS NOT NULL)
		AND (warn_at <= ? OR speed_due_at <= ? OR depth_due_at <= ?)
		AND contacted_at IS NULL AND won_at IS NULL AND lost_at IS NULL AND team_id = ?`

// sqlDueLeads: the breach scan's batch, most overdue first, all workspaces.
const sqlDueLeads = `SELECT * FROM leads WHERE next_check_at IS NOT NULL AND next_check_at <= ? ORDER BY next_check_at, id LIMIT ?`

// sqlRouteCandidates: open, handed-off leads that may have to move at an
// instant (the four ?), by two index walks and never the whole table: per
// agreement that reassigns on breach, its leads whose speed clock has run
// out (ix_leads_clocks); per rep away with a cover now, their open leads
// (ix_leads_owner). CROSS JOIN makes SQLite, which has no statistics unless
// someone ran ANALYZE, loop over the small table outside; PostgreSQL plans
// it as any join. The partial indexes' conditions are repeated verbatim,
// which SQLite needs to use them.
const sqlRouteCandidates = `SELECT * FROM leads WHERE id IN (
		SELECT l.id FROM agreements a CROSS JOIN leads l
		WHERE l.agreement_id = a.id AND l.team_id = a.team_id AND a.status = 'active' AND a.reassign_secs > 0
		AND (l.warn_at IS NOT NULL OR l.speed_due_at IS NOT NULL OR l.depth_due_at IS NOT NULL) AND l.speed_due_at <= ?
		AND l.contacted_at IS NULL AND l.won_at IS NULL AND l.lost_at IS NULL
		AND l.attempts = 0 AND l.first_attempt_at IS NULL AND l.owner <> '' AND l.handed_off_at IS NOT NULL
		UNION
		SELECT l.id FROM away w CROSS JOIN agreements a CROSS JOIN leads l
		WHERE a.id = w.agreement_id AND a.team_id = w.team_id AND a.status = 'active'
		AND w.cover <> '' AND w.from_at <= ? AND w.to_at > ?
		AND l.agreement_id = w.agreement_id AND l.owner = w.rep AND l.team_id = w.team_id
		AND l.contacted_at IS NULL AND l.won_at IS NULL AND l.lost_at IS NULL
		AND l.owner <> '' AND l.handed_off_at IS NOT NULL
	) ORDER BY id LIMIT ?`

// Statements are the named aggregate statements as the dialect runs them,
// for the EXPLAIN checks.
func Statements(dialect string) map[string]string {
	speed := sqlSpeedHistogram
	if dialect == "postgres" {
		speed = sqlSpeedPG
	}
	return map[string]string{
		"created": sqlCreated, "won": sqlWon, "handoff": sqlHandoff + sqlHandoffFrom, "speed": speed,
		"breach counts": sqlBreachCounts, "due leads": sqlDueLeads, "route candidates": sqlRouteCandidates,
	}
}
