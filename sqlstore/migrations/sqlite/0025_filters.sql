-- Filters (Mastodon's v2 filters): an account's keywords and statuses whose
-- matches are marked or left out in the contexts the filter covers. context
-- is the comma-separated list of home, notifications, public, thread, account;
-- action is one of warn, hide, blur (both append-only); expires_at is Unix
-- milliseconds, 0 for never.
CREATE TABLE filters (
    id         BIGINT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    title      TEXT   NOT NULL,
    context    TEXT   NOT NULL,
    action     TEXT   NOT NULL DEFAULT 'warn',
    expires_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX filters_account_id_id ON filters (account_id, id);

CREATE TABLE filter_keywords (
    id         BIGINT  PRIMARY KEY,
    filter_id  BIGINT  NOT NULL REFERENCES filters (id),
    keyword    TEXT    NOT NULL,
    whole_word BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX filter_keywords_filter_id ON filter_keywords (filter_id, id);

-- A filter's statuses by ID; no reference to statuses, so that deleting a
-- status is not held up by filters naming it.
CREATE TABLE filter_statuses (
    id        BIGINT PRIMARY KEY,
    filter_id BIGINT NOT NULL REFERENCES filters (id),
    status_id BIGINT NOT NULL,
    UNIQUE (filter_id, status_id)
);
