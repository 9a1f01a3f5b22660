-- Routing (docs/design.md, Routing): reps' away periods, the round-robin
-- pool with its smooth weighted round-robin state, the reassign-on-breach
-- setting, whether the CRM paths hand unowned MQLs to the pool, and when a
-- move gave a lead to its current owner (its clocks run from then).

-- +goose Up
CREATE TABLE away (
    id            bigserial NOT NULL,
    team_id       varchar(32) NOT NULL,
    agreement_id  bigint NOT NULL,
    rep           varchar(32) NOT NULL,
    from_at       timestamptz NOT NULL,
    to_at         timestamptz NOT NULL,
    cover         varchar(32) NOT NULL DEFAULT '',
    set_by        varchar(32) NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_away_agreement ON away (team_id, agreement_id, rep);

CREATE TABLE pool_members (
    team_id        varchar(32) NOT NULL,
    agreement_id   bigint NOT NULL,
    rep            varchar(32) NOT NULL,
    weight         bigint NOT NULL,
    cap            bigint NOT NULL DEFAULT 0,
    current_weight bigint NOT NULL DEFAULT 0,
    today          varchar(10) NOT NULL DEFAULT '',
    today_count    bigint NOT NULL DEFAULT 0,
    added_by       varchar(32) NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (agreement_id, rep)
);
CREATE INDEX ix_pool_members_team ON pool_members (team_id);

ALTER TABLE agreements ADD COLUMN reassign_secs bigint NOT NULL DEFAULT 0;
ALTER TABLE agreements ADD COLUMN pool_unowned boolean NOT NULL DEFAULT false;
ALTER TABLE leads ADD COLUMN assigned_at timestamptz;

-- +goose Down
ALTER TABLE leads DROP COLUMN assigned_at;
ALTER TABLE agreements DROP COLUMN pool_unowned;
ALTER TABLE agreements DROP COLUMN reassign_secs;
DROP TABLE pool_members;
DROP TABLE away;
