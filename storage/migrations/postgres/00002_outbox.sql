-- The outbox: every part of a scheduled post (its message, each chart, a
-- DM) is one row, claimed under a lease and marked sent on its own. It
-- replaces the posts ledger, whose one row per post could not tell which
-- parts had gone out; what that ledger recorded as sent is carried over as
-- sent in every part.

-- +goose Up
CREATE TABLE outbox (
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    kind         varchar(40) NOT NULL,
    period       varchar(80) NOT NULL,
    part         varchar(80) NOT NULL,
    channel      varchar(32) NOT NULL DEFAULT '',
    status       varchar(10) NOT NULL,
    claimed_by   varchar(80) NOT NULL DEFAULT '',
    lease_until  timestamptz,
    sends        bigint NOT NULL DEFAULT 0,
    ref          varchar(80) NOT NULL DEFAULT '',
    payload      text NOT NULL DEFAULT '',
    last_error   varchar(500) NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    sent_at      timestamptz,
    PRIMARY KEY (agreement_id, kind, period, part)
);
-- what the breach scan drains: only the parts still waiting
CREATE INDEX ix_outbox_pending ON outbox (kind, created_at) WHERE status = 'pending';

INSERT INTO outbox (team_id, agreement_id, kind, period, part, status, created_at, sent_at)
SELECT p.team_id, p.agreement_id, p.kind, p.period, x.part, 'sent', COALESCE(p.claimed_at, p.sent_at, now()), p.sent_at
FROM posts p CROSS JOIN (VALUES ('message'), ('chart:waterfall'), ('chart:speed'), ('chart:depth')) AS x (part)
WHERE p.status = 'sent' AND (x.part = 'message' OR p.kind = 'digest');

DROP TABLE posts;
