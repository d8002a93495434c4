-- Media attachments (POST /api/v2/media). An attachment is uploaded
-- unattached (status_id NULL) and attached to one status when it is posted or
-- edited with it, at position. file_key and preview_key name its files in the
-- media directory: random hex, unguessable. has_media on statuses says rows
-- here belong to the status, so that statuses without media cost no query.
ALTER TABLE statuses ADD COLUMN has_media BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE media_attachments (
    id           BIGINT           PRIMARY KEY,
    account_id   BIGINT           NOT NULL REFERENCES accounts (id),
    status_id    BIGINT           REFERENCES statuses (id),
    position     INTEGER          NOT NULL DEFAULT 0,
    type         TEXT             NOT NULL,
    file_type    TEXT             NOT NULL,
    description  TEXT             NOT NULL DEFAULT '',
    focus_x      DOUBLE PRECISION NOT NULL DEFAULT 0,
    focus_y      DOUBLE PRECISION NOT NULL DEFAULT 0,
    width        INTEGER          NOT NULL,
    height       INTEGER          NOT NULL,
    size         BIGINT           NOT NULL,
    small_width  INTEGER          NOT NULL,
    small_height INTEGER          NOT NULL,
    small_size   BIGINT           NOT NULL,
    blurhash     TEXT             NOT NULL DEFAULT '',
    file_key     TEXT             NOT NULL UNIQUE,
    preview_key  TEXT             NOT NULL UNIQUE,
    created_at   BIGINT           NOT NULL
);
CREATE INDEX media_attachments_status ON media_attachments (status_id, position);
CREATE INDEX media_attachments_account ON media_attachments (account_id, id);

-- The attachments of each revision of an edited status: a JSON array of IDs.
ALTER TABLE status_edits ADD COLUMN media_ids TEXT NOT NULL DEFAULT '[]';
