-- The schema as gorm's AutoMigrate of the row types made it before migrations
-- were versioned, plus the indexes it could not express. A database from then
-- is adopted as this version (see migrate_adopt.go).

-- +goose Up
CREATE TABLE workspaces (
    team_id        varchar(32) NOT NULL,
    name           varchar(200),
    next_seq       bigint NOT NULL DEFAULT 0,
    webhook_secret varchar(128),
    created_at     timestamptz,
    PRIMARY KEY (team_id)
);

CREATE TABLE agreements (
    id                  bigserial NOT NULL,
    team_id             varchar(32) NOT NULL,
    channel_id          varchar(32) NOT NULL,
    name                varchar(200) NOT NULL,
    kind                varchar(20) NOT NULL,
    status              varchar(20) NOT NULL,
    tz                  varchar(64) NOT NULL,
    marketing           varchar(32) NOT NULL,
    sales               varchar(32) NOT NULL,
    service             varchar(32) NOT NULL DEFAULT '',
    summary             text NOT NULL DEFAULT '',
    marketing_goal      text NOT NULL DEFAULT '',
    sales_goal          text NOT NULL DEFAULT '',
    marketing_needs     text NOT NULL DEFAULT '',
    sales_needs         text NOT NULL DEFAULT '',
    touchpoints         text NOT NULL DEFAULT '',
    consequences        text NOT NULL DEFAULT '',
    cancellation        text NOT NULL DEFAULT '',
    hours_always        boolean NOT NULL,
    hours_days          bigint NOT NULL,
    hours_start         bigint NOT NULL,
    hours_end           bigint NOT NULL,
    strike_limit        bigint NOT NULL,
    repeat_secs         bigint NOT NULL,
    cancel_after_misses bigint NOT NULL DEFAULT 0,
    digest_enabled      boolean NOT NULL,
    digest_weekday      bigint NOT NULL,
    digest_hour         bigint NOT NULL,
    digest_minute       bigint NOT NULL,
    created_by          varchar(32) NOT NULL,
    created_at          timestamptz,
    updated_at          timestamptz,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ux_agreements_channel ON agreements (team_id, channel_id);
CREATE UNIQUE INDEX ux_agreements_name ON agreements (team_id, name);

CREATE TABLE holidays (
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    day          varchar(10) NOT NULL,
    PRIMARY KEY (agreement_id, day)
);
CREATE INDEX idx_holidays_team_id ON holidays (team_id);

CREATE TABLE admins (
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    user_id      varchar(32) NOT NULL,
    added_by     varchar(32) NOT NULL,
    created_at   timestamptz,
    PRIMARY KEY (agreement_id, user_id)
);
CREATE INDEX idx_admins_team_id ON admins (team_id);

CREATE TABLE targets (
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    month        varchar(7) NOT NULL,
    mql_goal     bigint,
    value_goal   bigint,
    speed_secs   bigint,
    depth        bigint,
    within_secs  bigint,
    warn_ppm     bigint,
    updated_by   varchar(32) NOT NULL,
    updated_at   timestamptz,
    PRIMARY KEY (agreement_id, month)
);
CREATE INDEX idx_targets_team_id ON targets (team_id);

CREATE TABLE plans (
    id            bigserial NOT NULL,
    team_id       varchar(32) NOT NULL,
    agreement_id  bigint NOT NULL,
    month         varchar(7) NOT NULL,
    quota_cents   bigint NOT NULL,
    share_ppm     bigint NOT NULL,
    deal_cents    bigint NOT NULL,
    close_ppm     bigint NOT NULL,
    revenue_cents bigint NOT NULL,
    customers     bigint NOT NULL,
    leads         bigint NOT NULL,
    applied       boolean NOT NULL,
    created_by    varchar(32) NOT NULL,
    created_at    timestamptz,
    PRIMARY KEY (id)
);
CREATE INDEX ix_plans_month ON plans (agreement_id, month);

CREATE TABLE leads (
    id               bigserial NOT NULL,
    team_id          varchar(32) NOT NULL,
    agreement_id     bigint NOT NULL,
    seq              bigint NOT NULL,
    external_id      varchar(200) NOT NULL DEFAULT '',
    name             varchar(300) NOT NULL DEFAULT '',
    email            varchar(320) NOT NULL DEFAULT '',
    segment          varchar(64) NOT NULL DEFAULT '',
    source           varchar(20) NOT NULL,
    owner            varchar(32) NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    handed_off_at    timestamptz,
    to_handoff_secs  bigint,
    first_attempt_at timestamptz,
    attempts         bigint NOT NULL DEFAULT 0,
    speed_secs       bigint,
    contacted_at     timestamptz,
    won_at           timestamptz,
    revenue_cents    bigint NOT NULL DEFAULT 0,
    cycle_secs       bigint,
    lost_at          timestamptz,
    lost_reason      varchar(500) NOT NULL DEFAULT '',
    warn_at          timestamptz,
    speed_due_at     timestamptz,
    depth_due_at     timestamptz,
    next_check_at    timestamptz,
    snoozed_until    timestamptz,
    updated_at       timestamptz,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ux_leads_seq ON leads (team_id, seq);
CREATE UNIQUE INDEX ux_leads_external ON leads (team_id, external_id) WHERE external_id <> '';
CREATE INDEX ix_leads_email ON leads (team_id, email) WHERE email <> '';
-- breach scan: only leads with a pending clock, in due order
CREATE INDEX ix_leads_next_check ON leads (next_check_at) WHERE next_check_at IS NOT NULL;
-- open leads per owner (leads mine/open/overdue)
CREATE INDEX ix_leads_owner ON leads (agreement_id, owner) WHERE contacted_at IS NULL AND won_at IS NULL AND lost_at IS NULL;
-- Status: each month-range aggregate reads only its index (an index-only
-- scan), so status costs what the month holds, not what the table holds.
CREATE INDEX ix_leads_created ON leads (agreement_id, created_at) INCLUDE (team_id, source, won_at, revenue_cents);
CREATE INDEX ix_leads_won ON leads (agreement_id, won_at) INCLUDE (team_id, source, revenue_cents, cycle_secs) WHERE won_at IS NOT NULL;
CREATE INDEX ix_leads_handoff ON leads (agreement_id, handed_off_at) INCLUDE (team_id, contacted_at, won_at, lost_at, attempts, to_handoff_secs, speed_secs) WHERE handed_off_at IS NOT NULL;
-- open breaches: only leads whose clocks still run (they are cleared when a
-- lead is contacted, won or lost)
CREATE INDEX ix_leads_clocks ON leads (agreement_id, speed_due_at, depth_due_at, warn_at) WHERE warn_at IS NOT NULL OR speed_due_at IS NOT NULL OR depth_due_at IS NOT NULL;

CREATE TABLE attempts (
    id         bigserial NOT NULL,
    team_id    varchar(32) NOT NULL,
    lead_id    bigint NOT NULL,
    at         timestamptz NOT NULL,
    via        varchar(20) NOT NULL,
    by         varchar(32) NOT NULL DEFAULT '',
    created_at timestamptz,
    PRIMARY KEY (id)
);
CREATE INDEX ix_attempts_lead ON attempts (lead_id, at);

CREATE TABLE idempotency_keys (
    team_id    varchar(32) NOT NULL,
    key        varchar(255) NOT NULL,
    result     varchar(255) NOT NULL DEFAULT '',
    created_at timestamptz,
    PRIMARY KEY (team_id, key)
);

CREATE TABLE posts (
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    kind         varchar(40) NOT NULL,
    period       varchar(40) NOT NULL,
    status       varchar(10) NOT NULL,
    claimed_by   varchar(80) NOT NULL,
    claimed_at   timestamptz,
    sent_at      timestamptz,
    tries        bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (agreement_id, kind, period)
);

CREATE TABLE strikes (
    id           bigserial NOT NULL,
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    month        varchar(7) NOT NULL,
    user_id      varchar(32) NOT NULL,
    lead_id      bigint NOT NULL,
    kind         varchar(20) NOT NULL,
    at           timestamptz NOT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ux_strikes_lead ON strikes (lead_id, kind);
CREATE INDEX ix_strikes_month ON strikes (agreement_id, month);

CREATE TABLE nudges (
    team_id  varchar(32) NOT NULL,
    lead_id  bigint NOT NULL,
    kind     varchar(20) NOT NULL,
    first_at timestamptz NOT NULL,
    last_at  timestamptz NOT NULL,
    count    bigint NOT NULL,
    PRIMARY KEY (lead_id, kind)
);

CREATE TABLE webhook_signatures (
    team_id   varchar(32) NOT NULL,
    signature varchar(64) NOT NULL,
    seen_at   timestamptz NOT NULL,
    PRIMARY KEY (team_id, signature)
);
CREATE INDEX ix_webhook_signatures_seen ON webhook_signatures (team_id, seen_at);
