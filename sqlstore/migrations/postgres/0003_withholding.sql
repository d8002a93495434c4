-- Withholding rules, the rule version, and the audit log. Enum columns
-- (withholding_rules.kind and reason, audit_events.actor_kind) hold append-only values.

-- A rule is created once and changed once at most, when it is lifted. version is
-- the rule version of its last change (creation or lift), so that readers can
-- catch up with RuleChanges (version > n).
CREATE TABLE withholding_rules (
    id         BIGINT PRIMARY KEY,
    kind       TEXT   NOT NULL, -- account, status, hashtag
    subject_id BIGINT NOT NULL DEFAULT 0, -- 0 for a hashtag
    hashtag    TEXT   NOT NULL DEFAULT '', -- lowercase, without '#'; '' unless kind is hashtag
    countries  TEXT   NOT NULL, -- country codes joined by commas: IN,PK or XX
    reason     TEXT   NOT NULL, -- legal_demand, local_law, copyright
    origin     TEXT   NOT NULL, -- cli, api, order:<id>
    order_id   BIGINT NOT NULL DEFAULT 0,
    target_id  BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL DEFAULT 0, -- the staff account, 0 for the command line
    since      BIGINT NOT NULL,
    lifted_at  BIGINT, -- NULL while in force
    version    BIGINT NOT NULL
);
CREATE INDEX withholding_rules_version ON withholding_rules (version);
-- The rules in force, for ActiveRules, however many have been lifted.
CREATE INDEX withholding_rules_active ON withholding_rules (id) WHERE lifted_at IS NULL;

-- The rule version: one row, whose v every transaction that changes rules
-- increments first. The row lock is held until commit, so versions are unique,
-- and commit in the order of their numbers. (A sequence would do neither: its
-- numbers are not rolled back, and are handed out in a different order from commits.)
CREATE TABLE rule_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    v  BIGINT  NOT NULL
);
INSERT INTO rule_version (id, v) VALUES (1, 0);

-- Who did what to which object. Append-only: the triggers refuse every change.
CREATE TABLE audit_events (
    id          BIGINT PRIMARY KEY,
    actor_id    BIGINT NOT NULL DEFAULT 0, -- 0 for the command line or the system
    actor_kind  TEXT   NOT NULL, -- account, cli, system, authority
    action      TEXT   NOT NULL,
    object_kind TEXT   NOT NULL,
    object_id   BIGINT NOT NULL DEFAULT 0,
    summary     TEXT   NOT NULL DEFAULT '',
    request_id  TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX audit_events_object ON audit_events (object_kind, object_id, id);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
