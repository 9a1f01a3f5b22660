-- The schema as gorm's AutoMigrate of the row types made it before migrations
-- were versioned (same types, same nullability, and DEFAULT "" as gorm spells
-- the empty string: it compares defaults as text), plus the indexes it could
-- not express. A database from then is adopted as this version
-- (migrate_adopt.go).

-- +goose Up
CREATE TABLE workspaces (
    team_id        text,
    name           text,
    next_seq       integer NOT NULL DEFAULT 0,
    webhook_secret text,
    created_at     datetime,
    PRIMARY KEY (team_id)
);

CREATE TABLE agreements (
    id                  integer PRIMARY KEY AUTOINCREMENT,
    team_id             text NOT NULL,
    channel_id          text NOT NULL,
    name                text NOT NULL,
    kind                text NOT NULL,
    status              text NOT NULL,
    tz                  text NOT NULL,
    marketing           text NOT NULL,
    sales               text NOT NULL,
    service             text NOT NULL DEFAULT "",
    summary             text NOT NULL DEFAULT "",
    marketing_goal      text NOT NULL DEFAULT "",
    sales_goal          text NOT NULL DEFAULT "",
    marketing_needs     text NOT NULL DEFAULT "",
    sales_needs         text NOT NULL DEFAULT "",
    touchpoints         text NOT NULL DEFAULT "",
    consequences        text NOT NULL DEFAULT "",
    cancellation        text NOT NULL DEFAULT "",
    hours_always        numeric NOT NULL,
    hours_days          integer NOT NULL,
    hours_start         integer NOT NULL,
    hours_end           integer NOT NULL,
    strike_limit        integer NOT NULL,
    repeat_secs         integer NOT NULL,
    cancel_after_misses integer NOT NULL DEFAULT 0,
    digest_enabled      numeric NOT NULL,
    digest_weekday      integer NOT NULL,
    digest_hour         integer NOT NULL,
    digest_minute       integer NOT NULL,
    created_by          text NOT NULL,
    created_at          datetime,
    updated_at          datetime
);
CREATE UNIQUE INDEX ux_agreements_channel ON agreements (team_id, channel_id);
CREATE UNIQUE INDEX ux_agreements_name ON agreements (team_id, name);

CREATE TABLE holidays (
    team_id      text NOT NULL,
    agreement_id integer,
    day          text,
    PRIMARY KEY (agreement_id, day)
);
CREATE INDEX idx_holidays_team_id ON holidays (team_id);

CREATE TABLE admins (
    team_id      text NOT NULL,
    agreement_id integer,
    user_id      text,
    added_by     text NOT NULL,
    created_at   datetime,
    PRIMARY KEY (agreement_id, user_id)
);
CREATE INDEX idx_admins_team_id ON admins (team_id);

CREATE TABLE targets (
    team_id      text NOT NULL,
    agreement_id integer,
    month        text,
    mql_goal     integer,
    value_goal   integer,
    speed_secs   integer,
    depth        integer,
    within_secs  integer,
    warn_ppm     integer,
    updated_by   text NOT NULL,
    updated_at   datetime,
    PRIMARY KEY (agreement_id, month)
);
CREATE INDEX idx_targets_team_id ON targets (team_id);

CREATE TABLE plans (
    id            integer PRIMARY KEY AUTOINCREMENT,
    team_id       text NOT NULL,
    agreement_id  integer NOT NULL,
    month         text NOT NULL,
    quota_cents   integer NOT NULL,
    share_ppm     integer NOT NULL,
    deal_cents    integer NOT NULL,
    close_ppm     integer NOT NULL,
    revenue_cents integer NOT NULL,
    customers     integer NOT NULL,
    leads         integer NOT NULL,
    applied       numeric NOT NULL,
    created_by    text NOT NULL,
    created_at    datetime
);
CREATE INDEX ix_plans_month ON plans (agreement_id, month);

CREATE TABLE leads (
    id               integer PRIMARY KEY AUTOINCREMENT,
    team_id          text NOT NULL,
    agreement_id     integer NOT NULL,
    seq              integer NOT NULL,
    external_id      text NOT NULL DEFAULT "",
    name             text NOT NULL DEFAULT "",
    email            text NOT NULL DEFAULT "",
    segment          text NOT NULL DEFAULT "",
    source           text NOT NULL,
    owner            text NOT NULL DEFAULT "",
    created_at       datetime NOT NULL,
    handed_off_at    datetime,
    to_handoff_secs  integer,
    first_attempt_at datetime,
    attempts         integer NOT NULL DEFAULT 0,
    speed_secs       integer,
    contacted_at     datetime,
    won_at           datetime,
    revenue_cents    integer NOT NULL DEFAULT 0,
    cycle_secs       integer,
    lost_at          datetime,
    lost_reason      text NOT NULL DEFAULT "",
    warn_at          datetime,
    speed_due_at     datetime,
    depth_due_at     datetime,
    next_check_at    datetime,
    snoozed_until    datetime,
    updated_at       datetime
);
CREATE UNIQUE INDEX ux_leads_seq ON leads (team_id, seq);
CREATE UNIQUE INDEX ux_leads_external ON leads (team_id, external_id) WHERE external_id <> '';
CREATE INDEX ix_leads_email ON leads (team_id, email) WHERE email <> '';
-- breach scan: only leads with a pending clock, in due order
CREATE INDEX ix_leads_next_check ON leads (next_check_at) WHERE next_check_at IS NOT NULL;
-- open leads per owner (leads mine/open/overdue)
CREATE INDEX ix_leads_owner ON leads (agreement_id, owner) WHERE contacted_at IS NULL AND won_at IS NULL AND lost_at IS NULL;
-- Status: each month-range aggregate reads only its index. SQLite has no
-- INCLUDE, so the covered columns end the key, where they cost nothing for
-- the range seek.
CREATE INDEX ix_leads_created ON leads (agreement_id, created_at, team_id, source, won_at, revenue_cents);
CREATE INDEX ix_leads_won ON leads (agreement_id, won_at, team_id, source, revenue_cents, cycle_secs) WHERE won_at IS NOT NULL;
CREATE INDEX ix_leads_handoff ON leads (agreement_id, handed_off_at, team_id, contacted_at, won_at, lost_at, attempts, to_handoff_secs, speed_secs) WHERE handed_off_at IS NOT NULL;
-- open breaches: only leads whose clocks still run (they are cleared when a
-- lead is contacted, won or lost)
CREATE INDEX ix_leads_clocks ON leads (agreement_id, speed_due_at, depth_due_at, warn_at) WHERE warn_at IS NOT NULL OR speed_due_at IS NOT NULL OR depth_due_at IS NOT NULL;

CREATE TABLE attempts (
    id         integer PRIMARY KEY AUTOINCREMENT,
    team_id    text NOT NULL,
    lead_id    integer NOT NULL,
    at         datetime NOT NULL,
    via        text NOT NULL,
    by         text NOT NULL DEFAULT "",
    created_at datetime
);
CREATE INDEX ix_attempts_lead ON attempts (lead_id, at);

CREATE TABLE idempotency_keys (
    team_id    text,
    key        text,
    result     text NOT NULL DEFAULT "",
    created_at datetime,
    PRIMARY KEY (team_id, key)
);

CREATE TABLE posts (
    team_id      text NOT NULL,
    agreement_id integer,
    kind         text,
    period       text,
    status       text NOT NULL,
    claimed_by   text NOT NULL,
    claimed_at   datetime,
    sent_at      datetime,
    tries        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (agreement_id, kind, period)
);

CREATE TABLE strikes (
    id           integer PRIMARY KEY AUTOINCREMENT,
    team_id      text NOT NULL,
    agreement_id integer NOT NULL,
    month        text NOT NULL,
    user_id      text NOT NULL,
    lead_id      integer NOT NULL,
    kind         text NOT NULL,
    at           datetime NOT NULL
);
CREATE UNIQUE INDEX ux_strikes_lead ON strikes (lead_id, kind);
CREATE INDEX ix_strikes_month ON strikes (agreement_id, month);

CREATE TABLE nudges (
    team_id  text NOT NULL,
    lead_id  integer,
    kind     text,
    first_at datetime NOT NULL,
    last_at  datetime NOT NULL,
    count    integer NOT NULL,
    PRIMARY KEY (lead_id, kind)
);

CREATE TABLE webhook_signatures (
    team_id   text,
    signature text,
    seen_at   datetime NOT NULL,
    PRIMARY KEY (team_id, signature)
);
CREATE INDEX ix_webhook_signatures_seen ON webhook_signatures (team_id, seen_at);
