-- Interactions: favourites, bookmarks and pins; follow requests, blocks and mutes;
-- notifications; hashtags (a tags table, per-day columns on status_tags, tag
-- follows); and full-text search of status text. Enum columns (status_marks.kind,
-- notifications.type) hold append-only values.

-- Every hashtag ever used, recorded by CreateStatus when first seen.
CREATE TABLE tags (
    name       TEXT   PRIMARY KEY, -- lowercase, without '#'
    created_at BIGINT NOT NULL
);
INSERT INTO tags (name, created_at)
    SELECT st.tag, min(s.created_at)
    FROM status_tags st JOIN statuses s ON s.id = st.status_id
    GROUP BY st.tag;

-- The author and time of the status, copied so that history and trends need no join.
ALTER TABLE status_tags ADD COLUMN account_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE status_tags ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
UPDATE status_tags st SET account_id = s.account_id, created_at = s.created_at
    FROM statuses s WHERE s.id = st.status_id;
CREATE INDEX status_tags_tag_created_at ON status_tags (tag, created_at);
CREATE INDEX status_tags_created_at ON status_tags (created_at);

-- Boosts of a status, and an account's boost of a status.
CREATE INDEX statuses_reblog_of_id_id ON statuses (reblog_of_id, id);
CREATE INDEX statuses_account_id_reblog_of_id ON statuses (account_id, reblog_of_id);

-- Full-text search of the text of statuses other than boosts; queries must use the
-- same expression, to_tsvector('simple', text), and reblog_of_id = 0.
CREATE INDEX statuses_text_search ON statuses USING GIN (to_tsvector('simple', text))
    WHERE reblog_of_id = 0;

CREATE TABLE status_marks (
    id         BIGINT  PRIMARY KEY,
    kind       TEXT   NOT NULL, -- favourite, bookmark, pin
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    status_id  BIGINT NOT NULL REFERENCES statuses (id),
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, status_id, kind)
);
CREATE INDEX status_marks_account_id_kind_id ON status_marks (account_id, kind, id);
CREATE INDEX status_marks_status_id_kind_id ON status_marks (status_id, kind, id);

CREATE TABLE follow_requests (
    id                BIGINT  PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts (id),
    target_account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at        BIGINT NOT NULL,
    UNIQUE (account_id, target_account_id)
);
CREATE INDEX follow_requests_target_account_id_id ON follow_requests (target_account_id, id);

CREATE TABLE blocks (
    id                BIGINT  PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts (id),
    target_account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at        BIGINT NOT NULL,
    UNIQUE (account_id, target_account_id)
);
CREATE INDEX blocks_account_id_id ON blocks (account_id, id);
CREATE INDEX blocks_target_account_id ON blocks (target_account_id);

CREATE TABLE mutes (
    id                BIGINT  PRIMARY KEY,
    account_id        BIGINT  NOT NULL REFERENCES accounts (id),
    target_account_id BIGINT  NOT NULL REFERENCES accounts (id),
    notifications     BOOLEAN NOT NULL,
    expires_at        BIGINT  NOT NULL DEFAULT 0, -- 0: never
    created_at        BIGINT  NOT NULL,
    UNIQUE (account_id, target_account_id)
);
CREATE INDEX mutes_account_id_id ON mutes (account_id, id);

CREATE TABLE notifications (
    id              BIGINT  PRIMARY KEY,
    account_id      BIGINT NOT NULL REFERENCES accounts (id), -- the recipient
    type            TEXT   NOT NULL,
    from_account_id BIGINT NOT NULL,
    status_id       BIGINT NOT NULL DEFAULT 0, -- 0 when not about a status
    created_at      BIGINT NOT NULL
);
CREATE INDEX notifications_account_id_id ON notifications (account_id, id);
CREATE INDEX notifications_status_id ON notifications (status_id);

CREATE TABLE tag_follows (
    id         BIGINT  PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    name       TEXT   NOT NULL, -- lowercase, without '#'
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);
CREATE INDEX tag_follows_account_id_id ON tag_follows (account_id, id);
CREATE INDEX tag_follows_name ON tag_follows (name);
