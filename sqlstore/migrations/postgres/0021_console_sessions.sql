-- The legal console's sessions (/legal): only the SHA-256 of the cookie's
-- secret is kept. A session ends at expires_at, at sign-out, or when its
-- account's staff access ends (the console decides; see web/console).
CREATE TABLE console_sessions (
    hash       TEXT   PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    address    TEXT   NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
