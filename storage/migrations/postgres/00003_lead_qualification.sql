-- A lead's qualification: when it became a marketing qualified lead. MQLs
-- are counted by it; a contact imported before it qualifies has none and
-- counts nowhere (docs/design.md, CRM ingestion). Every lead recorded so far
-- was an MQL from its creation.

-- +goose Up
ALTER TABLE leads ADD COLUMN qualified_at timestamptz;
UPDATE leads SET qualified_at = created_at;
-- The MQL aggregate reads one range of this index, as ix_leads_created did
-- by creation; unqualified contacts are left out of it.
DROP INDEX IF EXISTS ix_leads_created;
CREATE INDEX ix_leads_qualified ON leads (agreement_id, qualified_at) INCLUDE (team_id, source, won_at, revenue_cents) WHERE qualified_at IS NOT NULL;

-- +goose Down
DROP INDEX IF EXISTS ix_leads_qualified;
CREATE INDEX ix_leads_created ON leads (agreement_id, created_at) INCLUDE (team_id, source, won_at, revenue_cents);
ALTER TABLE leads DROP COLUMN qualified_at;
