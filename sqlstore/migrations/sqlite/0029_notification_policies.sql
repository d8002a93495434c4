-- Notification filtering (Mastodon 4.3). An account's policy says, per rule,
-- accept, filter or drop (values append-only); an account without a row has
-- the defaults (agora.DefaultNotificationPolicy). A filtered notification is
-- stored with filtered set and gathers in the request of its recipient and
-- sender, written in the same transaction; the request's ID and created_at are
-- those of the first such notification. Accepting a request records a
-- permission: that sender's notifications are never filtered again.
CREATE TABLE notification_policies (
    account_id           BIGINT PRIMARY KEY REFERENCES accounts (id),
    for_not_following    TEXT   NOT NULL,
    for_not_followers    TEXT   NOT NULL,
    for_new_accounts     TEXT   NOT NULL,
    for_private_mentions TEXT   NOT NULL,
    for_limited_accounts TEXT   NOT NULL
);

CREATE TABLE notification_requests (
    id              BIGINT PRIMARY KEY,
    account_id      BIGINT NOT NULL REFERENCES accounts (id),
    from_account_id BIGINT NOT NULL REFERENCES accounts (id),
    last_status_id  BIGINT, -- NULL while no filtered notification was about a status
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (account_id, from_account_id)
);
CREATE INDEX notification_requests_account_id ON notification_requests (account_id, id);

CREATE TABLE notification_permissions (
    account_id      BIGINT NOT NULL REFERENCES accounts (id),
    from_account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (account_id, from_account_id)
);

ALTER TABLE notifications ADD COLUMN filtered BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX notifications_filtered ON notifications (account_id, from_account_id) WHERE filtered;
