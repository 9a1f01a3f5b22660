-- Segments of an agreement's plan (share of marketing revenue, deal size,
-- close rate, value per lead) and the per-segment MQL goals an applied
-- segmented plan sets for a month (docs/design.md, Segments and lead value).

-- +goose Up
CREATE TABLE segments (
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    name         varchar(64) NOT NULL,
    mix_ppm      bigint NOT NULL,
    deal_cents   bigint NOT NULL,
    close_ppm    bigint NOT NULL,
    value_cents  bigint NOT NULL DEFAULT 0,
    updated_by   varchar(32) NOT NULL,
    updated_at   timestamptz,
    PRIMARY KEY (agreement_id, name)
);
CREATE INDEX idx_segments_team_id ON segments (team_id);

CREATE TABLE segment_goals (
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    month        varchar(7) NOT NULL,
    segment      varchar(64) NOT NULL,
    mql_goal     bigint NOT NULL,
    updated_by   varchar(32) NOT NULL,
    updated_at   timestamptz,
    PRIMARY KEY (agreement_id, month, segment)
);
CREATE INDEX idx_segment_goals_team_id ON segment_goals (team_id);

-- +goose Down
DROP TABLE segment_goals;
DROP TABLE segments;
