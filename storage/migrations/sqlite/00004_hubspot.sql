-- HubSpot: an agreement's binding to a portal with its sync's cursor and
-- state, and the webhook events stored until their contacts are applied
-- (docs/design.md, CRM ingestion). Types and defaults as gorm spells them,
-- like 00001_initial.sql.

-- +goose Up
CREATE TABLE hubspot_connections (
    team_id      text,
    agreement_id integer,
    portal_id    integer NOT NULL,
    cursor_ms    integer NOT NULL DEFAULT 0,
    leads_taken  integer NOT NULL DEFAULT 0,
    connected_at datetime NOT NULL,
    last_sync_at datetime,
    last_run     text NOT NULL DEFAULT "",
    last_error   text NOT NULL DEFAULT "",
    last_err_at  datetime,
    updated_at   datetime,
    PRIMARY KEY (team_id, agreement_id)
);
CREATE UNIQUE INDEX ux_hubspot_connections_portal ON hubspot_connections (portal_id);

CREATE TABLE hubspot_events (
    portal_id    integer,
    event_id     integer,
    team_id      text NOT NULL,
    agreement_id integer NOT NULL,
    object_id    integer NOT NULL,
    type         text NOT NULL,
    occurred_at  datetime NOT NULL,
    received_at  datetime NOT NULL,
    applied_at   datetime,
    PRIMARY KEY (portal_id, event_id)
);
-- the events still to apply, oldest first
CREATE INDEX ix_hubspot_events_pending ON hubspot_events (portal_id, received_at) WHERE applied_at IS NULL;

-- +goose Down
DROP TABLE hubspot_events;
DROP TABLE hubspot_connections;
