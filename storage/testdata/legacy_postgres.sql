-- The schema gorm's AutoMigrate made before migrations were versioned (pg_dump --schema-only of a fresh database, unqualified so that it lands in the search_path), for the upgrade test.

CREATE TABLE admins (
    team_id character varying(32) NOT NULL,
    agreement_id bigint NOT NULL,
    user_id character varying(32) NOT NULL,
    added_by character varying(32) NOT NULL,
    created_at timestamp with time zone
);

CREATE TABLE agreements (
    id bigint NOT NULL,
    team_id character varying(32) NOT NULL,
    channel_id character varying(32) NOT NULL,
    name character varying(200) NOT NULL,
    kind character varying(20) NOT NULL,
    status character varying(20) NOT NULL,
    tz character varying(64) NOT NULL,
    marketing character varying(32) NOT NULL,
    sales character varying(32) NOT NULL,
    service character varying(32) DEFAULT ''::character varying NOT NULL,
    summary text DEFAULT ''::text NOT NULL,
    marketing_goal text DEFAULT ''::text NOT NULL,
    sales_goal text DEFAULT ''::text NOT NULL,
    marketing_needs text DEFAULT ''::text NOT NULL,
    sales_needs text DEFAULT ''::text NOT NULL,
    touchpoints text DEFAULT ''::text NOT NULL,
    consequences text DEFAULT ''::text NOT NULL,
    cancellation text DEFAULT ''::text NOT NULL,
    hours_always boolean NOT NULL,
    hours_days bigint NOT NULL,
    hours_start bigint NOT NULL,
    hours_end bigint NOT NULL,
    strike_limit bigint NOT NULL,
    repeat_secs bigint NOT NULL,
    cancel_after_misses bigint DEFAULT 0 NOT NULL,
    digest_enabled boolean NOT NULL,
    digest_weekday bigint NOT NULL,
    digest_hour bigint NOT NULL,
    digest_minute bigint NOT NULL,
    created_by character varying(32) NOT NULL,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);

CREATE SEQUENCE agreements_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE agreements_id_seq OWNED BY agreements.id;

CREATE TABLE attempts (
    id bigint NOT NULL,
    team_id character varying(32) NOT NULL,
    lead_id bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    via character varying(20) NOT NULL,
    by character varying(32) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone
);

CREATE SEQUENCE attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE attempts_id_seq OWNED BY attempts.id;

CREATE TABLE holidays (
    team_id character varying(32) NOT NULL,
    agreement_id bigint NOT NULL,
    day character varying(10) NOT NULL
);

CREATE TABLE idempotency_keys (
    team_id character varying(32) NOT NULL,
    key character varying(255) NOT NULL,
    result character varying(255) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone
);

CREATE TABLE leads (
    id bigint NOT NULL,
    team_id character varying(32) NOT NULL,
    agreement_id bigint NOT NULL,
    seq bigint NOT NULL,
    external_id character varying(200) DEFAULT ''::character varying NOT NULL,
    name character varying(300) DEFAULT ''::character varying NOT NULL,
    email character varying(320) DEFAULT ''::character varying NOT NULL,
    segment character varying(64) DEFAULT ''::character varying NOT NULL,
    source character varying(20) NOT NULL,
    owner character varying(32) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone NOT NULL,
    handed_off_at timestamp with time zone,
    to_handoff_secs bigint,
    first_attempt_at timestamp with time zone,
    attempts bigint DEFAULT 0 NOT NULL,
    speed_secs bigint,
    contacted_at timestamp with time zone,
    won_at timestamp with time zone,
    revenue_cents bigint DEFAULT 0 NOT NULL,
    cycle_secs bigint,
    lost_at timestamp with time zone,
    lost_reason character varying(500) DEFAULT ''::character varying NOT NULL,
    warn_at timestamp with time zone,
    speed_due_at timestamp with time zone,
    depth_due_at timestamp with time zone,
    next_check_at timestamp with time zone,
    snoozed_until timestamp with time zone,
    updated_at timestamp with time zone
);

CREATE SEQUENCE leads_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE leads_id_seq OWNED BY leads.id;

CREATE TABLE nudges (
    team_id character varying(32) NOT NULL,
    lead_id bigint NOT NULL,
    kind character varying(20) NOT NULL,
    first_at timestamp with time zone NOT NULL,
    last_at timestamp with time zone NOT NULL,
    count bigint NOT NULL
);

CREATE TABLE plans (
    id bigint NOT NULL,
    team_id character varying(32) NOT NULL,
    agreement_id bigint NOT NULL,
    month character varying(7) NOT NULL,
    quota_cents bigint NOT NULL,
    share_ppm bigint NOT NULL,
    deal_cents bigint NOT NULL,
    close_ppm bigint NOT NULL,
    revenue_cents bigint NOT NULL,
    customers bigint NOT NULL,
    leads bigint NOT NULL,
    applied boolean NOT NULL,
    created_by character varying(32) NOT NULL,
    created_at timestamp with time zone
);

CREATE SEQUENCE plans_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE plans_id_seq OWNED BY plans.id;

CREATE TABLE posts (
    team_id character varying(32) NOT NULL,
    agreement_id bigint NOT NULL,
    kind character varying(40) NOT NULL,
    period character varying(40) NOT NULL,
    status character varying(10) NOT NULL,
    claimed_by character varying(80) NOT NULL,
    claimed_at timestamp with time zone,
    sent_at timestamp with time zone,
    tries bigint DEFAULT 0 NOT NULL
);

CREATE TABLE strikes (
    id bigint NOT NULL,
    team_id character varying(32) NOT NULL,
    agreement_id bigint NOT NULL,
    month character varying(7) NOT NULL,
    user_id character varying(32) NOT NULL,
    lead_id bigint NOT NULL,
    kind character varying(20) NOT NULL,
    at timestamp with time zone NOT NULL
);

CREATE SEQUENCE strikes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE strikes_id_seq OWNED BY strikes.id;

CREATE TABLE targets (
    team_id character varying(32) NOT NULL,
    agreement_id bigint NOT NULL,
    month character varying(7) NOT NULL,
    mql_goal bigint,
    value_goal bigint,
    speed_secs bigint,
    depth bigint,
    within_secs bigint,
    warn_ppm bigint,
    updated_by character varying(32) NOT NULL,
    updated_at timestamp with time zone
);

CREATE TABLE webhook_signatures (
    team_id character varying(32) NOT NULL,
    signature character varying(64) NOT NULL,
    seen_at timestamp with time zone NOT NULL
);

CREATE TABLE workspaces (
    team_id character varying(32) NOT NULL,
    name character varying(200),
    next_seq bigint DEFAULT 0 NOT NULL,
    webhook_secret character varying(128),
    created_at timestamp with time zone
);

ALTER TABLE ONLY agreements ALTER COLUMN id SET DEFAULT nextval('agreements_id_seq'::regclass);

ALTER TABLE ONLY attempts ALTER COLUMN id SET DEFAULT nextval('attempts_id_seq'::regclass);

ALTER TABLE ONLY leads ALTER COLUMN id SET DEFAULT nextval('leads_id_seq'::regclass);

ALTER TABLE ONLY plans ALTER COLUMN id SET DEFAULT nextval('plans_id_seq'::regclass);

ALTER TABLE ONLY strikes ALTER COLUMN id SET DEFAULT nextval('strikes_id_seq'::regclass);

ALTER TABLE ONLY admins
    ADD CONSTRAINT admins_pkey PRIMARY KEY (agreement_id, user_id);

ALTER TABLE ONLY agreements
    ADD CONSTRAINT agreements_pkey PRIMARY KEY (id);

ALTER TABLE ONLY attempts
    ADD CONSTRAINT attempts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY holidays
    ADD CONSTRAINT holidays_pkey PRIMARY KEY (agreement_id, day);

ALTER TABLE ONLY idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (team_id, key);

ALTER TABLE ONLY leads
    ADD CONSTRAINT leads_pkey PRIMARY KEY (id);

ALTER TABLE ONLY nudges
    ADD CONSTRAINT nudges_pkey PRIMARY KEY (lead_id, kind);

ALTER TABLE ONLY plans
    ADD CONSTRAINT plans_pkey PRIMARY KEY (id);

ALTER TABLE ONLY posts
    ADD CONSTRAINT posts_pkey PRIMARY KEY (agreement_id, kind, period);

ALTER TABLE ONLY strikes
    ADD CONSTRAINT strikes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY targets
    ADD CONSTRAINT targets_pkey PRIMARY KEY (agreement_id, month);

ALTER TABLE ONLY webhook_signatures
    ADD CONSTRAINT webhook_signatures_pkey PRIMARY KEY (team_id, signature);

ALTER TABLE ONLY workspaces
    ADD CONSTRAINT workspaces_pkey PRIMARY KEY (team_id);

CREATE INDEX idx_admins_team_id ON admins USING btree (team_id);

CREATE INDEX idx_holidays_team_id ON holidays USING btree (team_id);

CREATE INDEX idx_targets_team_id ON targets USING btree (team_id);

CREATE INDEX ix_attempts_lead ON attempts USING btree (lead_id, at);

CREATE INDEX ix_leads_clocks ON leads USING btree (agreement_id, speed_due_at, depth_due_at, warn_at) WHERE ((warn_at IS NOT NULL) OR (speed_due_at IS NOT NULL) OR (depth_due_at IS NOT NULL));

CREATE INDEX ix_leads_created ON leads USING btree (agreement_id, created_at) INCLUDE (team_id, source, won_at, revenue_cents);

CREATE INDEX ix_leads_email ON leads USING btree (team_id, email) WHERE ((email)::text <> ''::text);

CREATE INDEX ix_leads_handoff ON leads USING btree (agreement_id, handed_off_at) INCLUDE (team_id, contacted_at, won_at, lost_at, attempts, to_handoff_secs, speed_secs) WHERE (handed_off_at IS NOT NULL);

CREATE INDEX ix_leads_next_check ON leads USING btree (next_check_at) WHERE (next_check_at IS NOT NULL);

CREATE INDEX ix_leads_owner ON leads USING btree (agreement_id, owner) WHERE ((contacted_at IS NULL) AND (won_at IS NULL) AND (lost_at IS NULL));

CREATE INDEX ix_leads_won ON leads USING btree (agreement_id, won_at) INCLUDE (team_id, source, revenue_cents, cycle_secs) WHERE (won_at IS NOT NULL);

CREATE INDEX ix_plans_month ON plans USING btree (agreement_id, month);

CREATE INDEX ix_strikes_month ON strikes USING btree (agreement_id, month);

CREATE INDEX ix_webhook_signatures_seen ON webhook_signatures USING btree (team_id, seen_at);

CREATE UNIQUE INDEX ux_agreements_channel ON agreements USING btree (team_id, channel_id);

CREATE UNIQUE INDEX ux_agreements_name ON agreements USING btree (team_id, name);

CREATE UNIQUE INDEX ux_leads_external ON leads USING btree (team_id, external_id) WHERE ((external_id)::text <> ''::text);

CREATE UNIQUE INDEX ux_leads_seq ON leads USING btree (team_id, seq);

CREATE UNIQUE INDEX ux_strikes_lead ON strikes USING btree (lead_id, kind);

