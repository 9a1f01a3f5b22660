-- Segments of an agreement's plan (share of marketing revenue, deal size,
-- close rate, value per lead) and the per-segment MQL goals an applied
-- segmented plan sets for a month (docs/design.md, Segments and lead value).

-- +goose Up
CREATE TABLE segments (
    team_id      text NOT NULL,
    agreement_id integer,
    name         text,
    mix_ppm      integer NOT NULL,
    deal_cents   integer NOT NULL,
    close_ppm    integer NOT NULL,
    value_cents  integer NOT NULL DEFAULT 0,
    updated_by   text NOT NULL,
    updated_at   datetime,
    PRIMARY KEY (agreement_id, name)
);
CREATE INDEX idx_segments_team_id ON segments (team_id);

CREATE TABLE segment_goals (
    team_id      text NOT NULL,
    agreement_id integer,
    month        text,
    segment      text,
    mql_goal     integer NOT NULL,
    updated_by   text NOT NULL,
    updated_at   datetime,
    PRIMARY KEY (agreement_id, month, segment)
);
CREATE INDEX idx_segment_goals_team_id ON segment_goals (team_id);

-- +goose Down
DROP TABLE segment_goals;
DROP TABLE segments;
