-- Nudges without spam: each agreement's grouping window and daily cap, the
-- owner each lead's hand-off notice went to, and per owner the reminder
-- cycle, the latest nudge message and how many went out today.

-- +goose Up
ALTER TABLE agreements ADD COLUMN group_secs bigint NOT NULL DEFAULT 900;
ALTER TABLE agreements ADD COLUMN nudge_cap bigint NOT NULL DEFAULT 6;
ALTER TABLE leads ADD COLUMN told_owner varchar(32) NOT NULL DEFAULT '';
-- Leads handed off before this version were announced in the channel already.
UPDATE leads SET told_owner = owner;

CREATE TABLE nudge_owners (
    team_id     varchar(32) NOT NULL,
    owner_id    varchar(32) NOT NULL,
    reminded_at timestamptz,
    latest_key  varchar(160) NOT NULL DEFAULT '',
    latest_at   timestamptz,
    day         varchar(10) NOT NULL DEFAULT '',
    today       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, owner_id)
);

CREATE TABLE nudge_messages (
    team_id   varchar(32) NOT NULL,
    key       varchar(160) NOT NULL,
    owner_id  varchar(32) NOT NULL,
    opened_at timestamptz NOT NULL,
    refs      text NOT NULL DEFAULT '',
    PRIMARY KEY (team_id, key)
);

-- +goose Down
DROP TABLE nudge_messages;
DROP TABLE nudge_owners;
ALTER TABLE leads DROP COLUMN told_owner;
ALTER TABLE agreements DROP COLUMN nudge_cap;
ALTER TABLE agreements DROP COLUMN group_secs;
