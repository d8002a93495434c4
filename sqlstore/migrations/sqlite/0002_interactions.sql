-- Interactions: favourites, bookmarks and pins; follow requests, blocks and mutes;
-- notifications; hashtags (a tags table, per-day columns on status_tags, tag
-- follows); and full-text search of status text. Enum columns (status_marks.kind,
-- notifications.type) hold append-only values.

-- Every hashtag ever used, recorded by CreateStatus when first seen.
CREATE TABLE tags (
    name       TEXT   PRIMARY KEY, -- lowercase, without '#'
    created_at BIGINT NOT NULL
) WITHOUT ROWID;
INSERT INTO tags (name, created_at)
    SELECT st.tag, min(s.created_at)
    FROM status_tags st JOIN statuses s ON s.id = st.status_id
    GROUP BY st.tag;

-- The author and time of the status, copied so that history and trends need no join.
ALTER TABLE status_tags ADD COLUMN account_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE status_tags ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
UPDATE status_tags SET
    account_id = (SELECT s.account_id FROM statuses s WHERE s.id = status_tags.status_id),
    created_at = (SELECT s.created_at FROM statuses s WHERE s.id = status_tags.status_id);
CREATE INDEX status_tags_tag_created_at ON status_tags (tag, created_at);
CREATE INDEX status_tags_created_at ON status_tags (created_at);

-- Boosts of a status, and an account's boost of a status.
CREATE INDEX statuses_reblog_of_id_id ON statuses (reblog_of_id, id);
CREATE INDEX statuses_account_id_reblog_of_id ON statuses (account_id, reblog_of_id);

-- Full-text index of the text of statuses other than boosts, rowid = status ID.
-- Contentless (the text stays in statuses only), with deletes by rowid.
-- CreateStatus and DeleteStatus keep it in step.
CREATE VIRTUAL TABLE statuses_fts USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO statuses_fts (rowid, text) SELECT id, text FROM statuses WHERE reblog_of_id = 0;

CREATE TABLE status_marks (
    id         INTEGER PRIMARY KEY,
    kind       TEXT   NOT NULL, -- favourite, bookmark, pin
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    status_id  BIGINT NOT NULL REFERENCES statuses (id),
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, status_id, kind)
);
CREATE INDEX status_marks_account_id_kind_id ON status_marks (account_id, kind, id);
CREATE INDEX status_marks_status_id_kind_id ON status_marks (status_id, kind, id);

CREATE TABLE follow_requests (
    id                INTEGER PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts (id),
    target_account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at        BIGINT NOT NULL,
    UNIQUE (account_id, target_account_id)
);
CREATE INDEX follow_requests_target_account_id_id ON follow_requests (target_account_id, id);

CREATE TABLE blocks (
    id                INTEGER PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts (id),
    target_account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at        BIGINT NOT NULL,
    UNIQUE (account_id, target_account_id)
);
CREATE INDEX blocks_account_id_id ON blocks (account_id, id);
CREATE INDEX blocks_target_account_id ON blocks (target_account_id);

CREATE TABLE mutes (
    id                INTEGER PRIMARY KEY,
    account_id        BIGINT  NOT NULL REFERENCES accounts (id),
    target_account_id BIGINT  NOT NULL REFERENCES accounts (id),
    notifications     BOOLEAN NOT NULL,
    expires_at        BIGINT  NOT NULL DEFAULT 0, -- 0: never
    created_at        BIGINT  NOT NULL,
    UNIQUE (account_id, target_account_id)
);
CREATE INDEX mutes_account_id_id ON mutes (account_id, id);

CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    account_id      BIGINT NOT NULL REFERENCES accounts (id), -- the recipient
    type            TEXT   NOT NULL,
    from_account_id BIGINT NOT NULL,
    status_id       BIGINT NOT NULL DEFAULT 0, -- 0 when not about a status
    created_at      BIGINT NOT NULL
);
CREATE INDEX notifications_account_id_id ON notifications (account_id, id);
CREATE INDEX notifications_status_id ON notifications (status_id);

CREATE TABLE tag_follows (
    id         INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    name       TEXT   NOT NULL, -- lowercase, without '#'
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);
CREATE INDEX tag_follows_account_id_id ON tag_follows (account_id, id);
CREATE INDEX tag_follows_name ON tag_follows (name);
