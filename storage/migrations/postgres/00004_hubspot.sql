-- HubSpot: an agreement's binding to a portal with its sync's cursor and
-- state, and the webhook events stored until their contacts are applied
-- (docs/design.md, CRM ingestion).

-- +goose Up
CREATE TABLE hubspot_connections (
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    portal_id    bigint NOT NULL,
    cursor_ms    bigint NOT NULL DEFAULT 0,
    leads_taken  bigint NOT NULL DEFAULT 0,
    connected_at timestamptz NOT NULL,
    last_sync_at timestamptz,
    last_run     varchar(500) NOT NULL DEFAULT '',
    last_error   varchar(1000) NOT NULL DEFAULT '',
    last_err_at  timestamptz,
    updated_at   timestamptz,
    PRIMARY KEY (team_id, agreement_id)
);
CREATE UNIQUE INDEX ux_hubspot_connections_portal ON hubspot_connections (portal_id);

CREATE TABLE hubspot_events (
    portal_id    bigint NOT NULL,
    event_id     bigint NOT NULL,
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    object_id    bigint NOT NULL,
    type         varchar(64) NOT NULL,
    occurred_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    applied_at   timestamptz,
    PRIMARY KEY (portal_id, event_id)
);
-- the events still to apply, oldest first
CREATE INDEX ix_hubspot_events_pending ON hubspot_events (portal_id, received_at) WHERE applied_at IS NULL;

-- +goose Down
DROP TABLE hubspot_events;
DROP TABLE hubspot_connections;
