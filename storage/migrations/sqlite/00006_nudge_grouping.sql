-- Nudges without spam: each agreement's grouping window and daily cap, the
-- owner each lead's hand-off notice went to, and per owner the reminder
-- cycle, the latest nudge message and how many went out today.

-- +goose Up
ALTER TABLE agreements ADD COLUMN group_secs integer NOT NULL DEFAULT 900;
ALTER TABLE agreements ADD COLUMN nudge_cap integer NOT NULL DEFAULT 6;
ALTER TABLE leads ADD COLUMN told_owner text NOT NULL DEFAULT "";
-- Leads handed off before this version were announced in the channel already.
UPDATE leads SET told_owner = owner;

CREATE TABLE nudge_owners (
    team_id     text NOT NULL,
    owner_id    text NOT NULL,
    reminded_at datetime,
    latest_key  text NOT NULL DEFAULT "",
    latest_at   datetime,
    day         text NOT NULL DEFAULT "",
    today       integer NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, owner_id)
);

CREATE TABLE nudge_messages (
    team_id   text NOT NULL,
    key       text NOT NULL,
    owner_id  text NOT NULL,
    opened_at datetime NOT NULL,
    refs      text NOT NULL DEFAULT "",
    PRIMARY KEY (team_id, key)
);

-- +goose Down
DROP TABLE nudge_messages;
DROP TABLE nudge_owners;
ALTER TABLE leads DROP COLUMN told_owner;
ALTER TABLE agreements DROP COLUMN nudge_cap;
ALTER TABLE agreements DROP COLUMN group_secs;
