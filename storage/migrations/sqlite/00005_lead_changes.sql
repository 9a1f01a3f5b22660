-- Every change to a lead, for `/sla lead history`: who, when, which field,
-- before and after.

-- +goose Up
CREATE TABLE lead_changes (
    id       integer PRIMARY KEY AUTOINCREMENT,
    team_id  text NOT NULL,
    lead_id  integer NOT NULL,
    at       datetime NOT NULL,
    by       text NOT NULL DEFAULT "",
    field    text NOT NULL,
    before   text NOT NULL DEFAULT "",
    after    text NOT NULL DEFAULT "",
    note     text NOT NULL DEFAULT ""
);
CREATE INDEX ix_lead_changes_lead ON lead_changes (team_id, lead_id, id);

-- +goose Down
DROP TABLE lead_changes;
