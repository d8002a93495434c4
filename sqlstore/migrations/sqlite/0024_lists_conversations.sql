-- Lists: an account's named groups of accounts it follows, each with its own
-- timeline (fanned out like home feeds, from the feed cache; the database is
-- the source of truth). replies_policy is one of followed, list, none
-- (append-only); an exclusive list's members' posts stay out of its owner's
-- home feed.
CREATE TABLE lists (
    id             BIGINT  PRIMARY KEY,
    account_id     BIGINT  NOT NULL REFERENCES accounts (id),
    title          TEXT    NOT NULL,
    replies_policy TEXT    NOT NULL DEFAULT 'list',
    exclusive      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT  NOT NULL
);
CREATE INDEX lists_account_id_id ON lists (account_id, id);

-- The members of each list, paged by id. A member is removed when its list's
-- owner stops following it (the service does, with the unfollow).
CREATE TABLE list_accounts (
    id         BIGINT PRIMARY KEY,
    list_id    BIGINT NOT NULL REFERENCES lists (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    UNIQUE (list_id, account_id)
);
CREATE INDEX list_accounts_account_id ON list_accounts (account_id, list_id);

-- Direct conversations, one row per participant: an account's view of the
-- direct statuses of a thread among one set of participants (the others, as
-- sorted decimal IDs joined by commas), as Mastodon's account_conversations.
-- Paged by last_status_id.
CREATE TABLE conversations (
    id             BIGINT  PRIMARY KEY,
    account_id     BIGINT  NOT NULL REFERENCES accounts (id),
    thread_id      BIGINT  NOT NULL,
    participants   TEXT    NOT NULL,
    last_status_id BIGINT  NOT NULL,
    unread         BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (account_id, thread_id, participants)
);
CREATE INDEX conversations_account_id_last ON conversations (account_id, last_status_id);

-- Muted threads (POST /api/v1/statuses/:id/mute): no notifications about their
-- statuses for the account.
CREATE TABLE conversation_mutes (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    thread_id  BIGINT NOT NULL,
    PRIMARY KEY (account_id, thread_id)
);
