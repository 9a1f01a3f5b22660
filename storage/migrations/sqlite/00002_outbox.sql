-- The outbox: every part of a scheduled post (its message, each chart, a
-- DM) is one row, claimed under a lease and marked sent on its own. It
-- replaces the posts ledger, whose one row per post could not tell which
-- parts had gone out; what that ledger recorded as sent is carried over as
-- sent in every part. Types and defaults as gorm spells them (00001).

-- +goose Up
CREATE TABLE outbox (
    team_id      text NOT NULL,
    agreement_id integer,
    kind         text,
    period       text,
    part         text,
    channel      text NOT NULL DEFAULT "",
    status       text NOT NULL,
    claimed_by   text NOT NULL DEFAULT "",
    lease_until  datetime,
    sends        integer NOT NULL DEFAULT 0,
    ref          text NOT NULL DEFAULT "",
    payload      text NOT NULL DEFAULT "",
    last_error   text NOT NULL DEFAULT "",
    created_at   datetime NOT NULL,
    started_at   datetime,
    sent_at      datetime,
    PRIMARY KEY (agreement_id, kind, period, part)
);
-- what the breach scan drains: only the parts still waiting
CREATE INDEX ix_outbox_pending ON outbox (kind, created_at) WHERE status = 'pending';

INSERT INTO outbox (team_id, agreement_id, kind, period, part, status, created_at, sent_at)
SELECT p.team_id, p.agreement_id, p.kind, p.period, x.part, 'sent', COALESCE(p.claimed_at, p.sent_at, '1970-01-01 00:00:00+00:00'), p.sent_at
FROM posts p CROSS JOIN (SELECT 'message' AS part UNION ALL SELECT 'chart:waterfall' UNION ALL SELECT 'chart:speed' UNION ALL SELECT 'chart:depth') AS x
WHERE p.status = 'sent' AND (x.part = 'message' OR p.kind = 'digest');

DROP TABLE posts;
