package storage

// statusIndexes cover the status queries: each month-range aggregate reads
// only its index (an index-only scan on PostgreSQL, a covering index on
// SQLite), so `/sla status` costs what the month holds, not what the table
// holds. PostgreSQL carries the extra columns with INCLUDE; SQLite has no
// INCLUDE, so they go at the end of the key, where they cost nothing for the
// range seek.
func statusIndexes(dialect string) []string {
	created := "(agreement_id, created_at) INCLUDE (team_id, source, won_at, revenue_cents)"
	won := "(agreement_id, won_at) INCLUDE (team_id, source, revenue_cents, cycle_secs)"
	handoff := "(agreement_id, handed_off_at) INCLUDE (team_id, contacted_at, won_at, lost_at, attempts, to_handoff_secs, speed_secs)"
	if dialect != "postgres" {
		created = "(agreement_id, created_at, team_id, source, won_at, revenue_cents)"
		won = "(agreement_id, won_at, team_id, source, revenue_cents, cycle_secs)"
		handoff = "(agreement_id, handed_off_at, team_id, contacted_at, won_at, lost_at, attempts, to_handoff_secs, speed_secs)"
	}
	return []string{
		`CREATE INDEX IF NOT EXISTS ix_leads_created ON leads ` + created,
		`CREATE INDEX IF NOT EXISTS ix_leads_won ON leads ` + won + ` WHERE won_at IS NOT NULL`,
		`CREATE INDEX IF NOT EXISTS ix_leads_handoff ON leads ` + handoff + ` WHERE handed_off_at IS NOT NULL`,
		// open breaches: only leads whose clocks still run (SetClocks clears
		// them when a lead is contacted, won or lost)
		`CREATE INDEX IF NOT EXISTS ix_leads_clocks ON leads (agreement_id, speed_due_at, depth_due_at, warn_at)
			WHERE warn_at IS NOT NULL OR speed_due_at IS NOT NULL OR depth_due_at IS NOT NULL`,
	}
}
