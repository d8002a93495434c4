-- Reports of accounts (and of their statuses) to the platform's moderators:
-- moderation under the platform's own rules, apart from the legal desk's
-- orders. status_ids and rule_ids are the attached IDs, comma-separated, in
-- the order the reporter gave them; a report is open while action_taken_at is
-- NULL.
CREATE TABLE reports (
    id                  BIGINT PRIMARY KEY,
    account_id          BIGINT NOT NULL REFERENCES accounts (id),
    target_account_id   BIGINT NOT NULL REFERENCES accounts (id),
    status_ids          TEXT   NOT NULL DEFAULT '',
    rule_ids            TEXT   NOT NULL DEFAULT '',
    comment             TEXT   NOT NULL DEFAULT '',
    category            TEXT   NOT NULL,
    forward             BOOLEAN NOT NULL DEFAULT FALSE,
    assigned_account_id BIGINT REFERENCES accounts (id),
    action_taken_at     BIGINT,
    action_taken_by_id  BIGINT REFERENCES accounts (id),
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX reports_account_id ON reports (account_id, id);
CREATE INDEX reports_target_account_id ON reports (target_account_id, id);

-- The report an admin.report notification is about.
ALTER TABLE notifications ADD COLUMN report_id BIGINT REFERENCES reports (id);
