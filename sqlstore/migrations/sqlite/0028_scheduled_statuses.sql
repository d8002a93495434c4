-- Statuses to publish later (POST /api/v1/statuses with scheduled_at). params
-- is the JSON of agora.ScheduledParams. A server's sweep claims a due row until
-- claimed_until (Unix milliseconds, 0 for never claimed), publishes it and
-- deletes it; a claim that lapses lets another server take the row.
CREATE TABLE scheduled_statuses (
    id            BIGINT PRIMARY KEY,
    account_id    BIGINT NOT NULL REFERENCES accounts (id),
    scheduled_at  BIGINT NOT NULL,
    params        TEXT   NOT NULL,
    created_at    BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX scheduled_statuses_account ON scheduled_statuses (account_id, id);
CREATE INDEX scheduled_statuses_due ON scheduled_statuses (scheduled_at);
