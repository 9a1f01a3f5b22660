-- Sign-off and exceptions: every change of an agreement's document and
-- targets, pending or applied with the version it made (items is a JSON
-- list of kind, key, before, after); and the agreed exception periods,
-- during which the goal line pauses and the follow-up clocks stop; and the
-- customer-friction notes sales passes to customer service.

-- +goose Up
-- The customer-service party's goal and needs, the document's third column.
ALTER TABLE agreements ADD COLUMN service_goal text NOT NULL DEFAULT '';
ALTER TABLE agreements ADD COLUMN service_needs text NOT NULL DEFAULT '';
-- The other templates' sections: shared goals (Lucidchart's middle column),
-- and lead qualification, hand-off rules and nurturing (the process order).
ALTER TABLE agreements ADD COLUMN shared_goal text NOT NULL DEFAULT '';
ALTER TABLE agreements ADD COLUMN qualification text NOT NULL DEFAULT '';
ALTER TABLE agreements ADD COLUMN handoff text NOT NULL DEFAULT '';
ALTER TABLE agreements ADD COLUMN nurturing text NOT NULL DEFAULT '';

CREATE TABLE agreement_changes (
    id           bigserial NOT NULL,
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    version      bigint NOT NULL DEFAULT 0,
    status       varchar(20) NOT NULL,
    by           varchar(32) NOT NULL,
    at           timestamptz NOT NULL,
    wait_for     varchar(32) NOT NULL DEFAULT '',
    decided_by   varchar(32) NOT NULL DEFAULT '',
    decided_at   timestamptz,
    items        text NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_agreement_changes_agreement ON agreement_changes (team_id, agreement_id, id);

CREATE TABLE exceptions (
    id           bigserial NOT NULL,
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    from_day     varchar(10) NOT NULL,
    to_day       varchar(10) NOT NULL,
    reason       text NOT NULL DEFAULT '',
    created_by   varchar(32) NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_exceptions_agreement ON exceptions (team_id, agreement_id, from_day);

CREATE TABLE friction_notes (
    id           bigserial NOT NULL,
    team_id      varchar(32) NOT NULL,
    agreement_id bigint NOT NULL,
    lead_id      bigint NOT NULL,
    note         text NOT NULL,
    by           varchar(32) NOT NULL,
    at           timestamptz NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_friction_notes_agreement ON friction_notes (team_id, agreement_id, at);

-- +goose Down
DROP TABLE friction_notes;
DROP TABLE exceptions;
DROP TABLE agreement_changes;
ALTER TABLE agreements DROP COLUMN nurturing;
ALTER TABLE agreements DROP COLUMN handoff;
ALTER TABLE agreements DROP COLUMN qualification;
ALTER TABLE agreements DROP COLUMN shared_goal;
ALTER TABLE agreements DROP COLUMN service_needs;
ALTER TABLE agreements DROP COLUMN service_goal;
