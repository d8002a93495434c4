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
