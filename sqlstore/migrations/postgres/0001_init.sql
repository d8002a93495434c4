-- Accounts, statuses with their tags and mentions, follows, OAuth, idempotency keys
-- and markers. IDs are agora.IDs made by the application. Times are Unix
-- milliseconds, 0 for none. Enum columns (role, visibility) hold append-only values.

CREATE TABLE accounts (
    id              BIGINT  PRIMARY KEY,
    username        TEXT    NOT NULL,
    email           TEXT    NOT NULL,
    password_hash   TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    display_name    TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    locked          BOOLEAN NOT NULL DEFAULT FALSE,
    bot             BOOLEAN NOT NULL DEFAULT FALSE,
    discoverable    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      BIGINT  NOT NULL,
    followers_count BIGINT  NOT NULL DEFAULT 0,
    following_count BIGINT  NOT NULL DEFAULT 0,
    statuses_count  BIGINT  NOT NULL DEFAULT 0,
    last_status_at  BIGINT  NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX accounts_username_key ON accounts (lower(username));
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

CREATE TABLE statuses (
    id                     BIGINT  PRIMARY KEY,
    account_id             BIGINT  NOT NULL REFERENCES accounts (id),
    text                   TEXT    NOT NULL,
    content                TEXT    NOT NULL,
    spoiler_text           TEXT    NOT NULL DEFAULT '',
    sensitive              BOOLEAN NOT NULL DEFAULT FALSE,
    visibility             TEXT    NOT NULL,
    language               TEXT    NOT NULL DEFAULT '',
    in_reply_to_id         BIGINT  NOT NULL DEFAULT 0, -- no foreign key: replies outlive parents
    in_reply_to_account_id BIGINT  NOT NULL DEFAULT 0,
    thread_id              BIGINT  NOT NULL,
    reblog_of_id           BIGINT  NOT NULL DEFAULT 0,
    created_at             BIGINT  NOT NULL,
    replies_count          BIGINT  NOT NULL DEFAULT 0,
    reblogs_count          BIGINT  NOT NULL DEFAULT 0,
    favourites_count       BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX statuses_account_id_id ON statuses (account_id, id);
CREATE INDEX statuses_thread_id_id ON statuses (thread_id, id);
CREATE INDEX statuses_visibility_id ON statuses (visibility, id);

CREATE TABLE status_tags (
    status_id BIGINT  NOT NULL REFERENCES statuses (id),
    tag       TEXT    NOT NULL, -- lowercase, without '#'
    position  INTEGER NOT NULL,
    PRIMARY KEY (status_id, tag)
);
CREATE INDEX status_tags_tag_status_id ON status_tags (tag, status_id);

CREATE TABLE status_mentions (
    status_id  BIGINT  NOT NULL REFERENCES statuses (id),
    account_id BIGINT  NOT NULL REFERENCES accounts (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (status_id, account_id)
);
CREATE INDEX status_mentions_account_id_status_id ON status_mentions (account_id, status_id);

CREATE TABLE follows (
    id                BIGINT  PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts (id),
    target_account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at        BIGINT NOT NULL,
    UNIQUE (account_id, target_account_id)
);
CREATE INDEX follows_account_id_id ON follows (account_id, id);
CREATE INDEX follows_target_account_id_id ON follows (target_account_id, id);

CREATE TABLE applications (
    id            BIGINT  PRIMARY KEY,
    name          TEXT   NOT NULL,
    website       TEXT   NOT NULL DEFAULT '',
    redirect_uris TEXT   NOT NULL, -- one per line
    scopes        TEXT   NOT NULL, -- space-separated
    client_id     TEXT   NOT NULL UNIQUE,
    client_secret TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE auth_codes (
    hash                  TEXT   PRIMARY KEY,
    application_id        BIGINT NOT NULL REFERENCES applications (id),
    account_id            BIGINT NOT NULL REFERENCES accounts (id),
    scopes                TEXT   NOT NULL,
    redirect_uri          TEXT   NOT NULL,
    code_challenge        TEXT   NOT NULL DEFAULT '',
    code_challenge_method TEXT   NOT NULL DEFAULT '',
    expires_at            BIGINT NOT NULL
);

CREATE TABLE tokens (
    id             BIGINT  PRIMARY KEY,
    hash           TEXT   NOT NULL UNIQUE,
    application_id BIGINT NOT NULL DEFAULT 0, -- 0 for tokens made on the command line
    account_id     BIGINT NOT NULL DEFAULT 0, -- 0 for app tokens
    scopes         TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX tokens_account_id ON tokens (account_id);

CREATE TABLE idempotency_keys (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    key        TEXT   NOT NULL,
    status_id  BIGINT NOT NULL REFERENCES statuses (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_status_id ON idempotency_keys (status_id);

CREATE TABLE markers (
    account_id   BIGINT  NOT NULL REFERENCES accounts (id),
    timeline     TEXT    NOT NULL,
    last_read_id BIGINT  NOT NULL,
    version      INTEGER NOT NULL,
    updated_at   BIGINT  NOT NULL,
    PRIMARY KEY (account_id, timeline)
);
