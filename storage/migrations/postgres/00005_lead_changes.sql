-- Every change to a lead, for `/sla lead history`: who, when, which field,
-- before and after.

-- +goose Up
CREATE TABLE lead_changes (
    id       bigserial NOT NULL,
    team_id  varchar(32) NOT NULL,
    lead_id  bigint NOT NULL,
    at       timestamptz NOT NULL,
    by       varchar(32) NOT NULL DEFAULT '',
    field    varchar(40) NOT NULL,
    before   text NOT NULL DEFAULT '',
    after    text NOT NULL DEFAULT '',
    note     text NOT NULL DEFAULT '',
    PRIMARY KEY (id)
);
CREATE INDEX ix_lead_changes_lead ON lead_changes (team_id, lead_id, id);

-- +goose Down
DROP TABLE lead_changes;
