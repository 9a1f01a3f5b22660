-- Routing (docs/design.md, Routing): reps' away periods, the round-robin
-- pool with its smooth weighted round-robin state, the reassign-on-breach
-- setting, whether the CRM paths hand unowned MQLs to the pool, and when a
-- move gave a lead to its current owner (its clocks run from then).

-- +goose Up
CREATE TABLE away (
    id            integer PRIMARY KEY AUTOINCREMENT,
    team_id       text NOT NULL,
    agreement_id  integer NOT NULL,
    rep           text NOT NULL,
    from_at       datetime NOT NULL,
    to_at         datetime NOT NULL,
    cover         text NOT NULL DEFAULT "",
    set_by        text NOT NULL DEFAULT "",
    created_at    datetime NOT NULL
);
CREATE INDEX ix_away_agreement ON away (team_id, agreement_id, rep);

CREATE TABLE pool_members (
    team_id        text NOT NULL,
    agreement_id   integer NOT NULL,
    rep            text NOT NULL,
    weight         integer NOT NULL,
    cap            integer NOT NULL DEFAULT 0,
    current_weight integer NOT NULL DEFAULT 0,
    today          text NOT NULL DEFAULT "",
    today_count    integer NOT NULL DEFAULT 0,
    added_by       text NOT NULL DEFAULT "",
    created_at     datetime NOT NULL,
    PRIMARY KEY (agreement_id, rep)
);
CREATE INDEX ix_pool_members_team ON pool_members (team_id);

ALTER TABLE agreements ADD COLUMN reassign_secs integer NOT NULL DEFAULT 0;
ALTER TABLE agreements ADD COLUMN pool_unowned numeric NOT NULL DEFAULT false;
ALTER TABLE leads ADD COLUMN assigned_at datetime;

-- +goose Down
ALTER TABLE leads DROP COLUMN assigned_at;
ALTER TABLE agreements DROP COLUMN pool_unowned;
ALTER TABLE agreements DROP COLUMN reassign_secs;
DROP TABLE pool_members;
DROP TABLE away;
