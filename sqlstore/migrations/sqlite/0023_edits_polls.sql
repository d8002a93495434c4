-- Edits of statuses with their history, and polls with their votes.
-- edited_at: when the status was last edited, 0 when never. has_poll: a row in
-- polls belongs to the status (its ID is the status's).
ALTER TABLE statuses ADD COLUMN edited_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE statuses ADD COLUMN has_poll BOOLEAN NOT NULL DEFAULT FALSE;

-- Every revision of an edited status, oldest first by id: the first is the
-- status as posted, the last the status as it reads now. mentions and
-- poll_options are JSON arrays ('' for a revision without a poll).
CREATE TABLE status_edits (
    id           BIGINT  PRIMARY KEY,
    status_id    BIGINT  NOT NULL REFERENCES statuses (id),
    account_id   BIGINT  NOT NULL,
    text         TEXT    NOT NULL,
    content      TEXT    NOT NULL,
    spoiler_text TEXT    NOT NULL DEFAULT '',
    sensitive    BOOLEAN NOT NULL DEFAULT FALSE,
    language     TEXT    NOT NULL DEFAULT '',
    mentions     TEXT    NOT NULL DEFAULT '[]',
    poll_options TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT  NOT NULL
);
CREATE INDEX status_edits_status_id ON status_edits (status_id, id);

-- A status's poll: options is a JSON array of the option titles. ended_at is
-- when the poll's end was announced (its notifications made, in the same
-- transaction), 0 before: the sweep reads the polls expired and not announced.
CREATE TABLE polls (
    status_id   BIGINT  PRIMARY KEY REFERENCES statuses (id),
    account_id  BIGINT  NOT NULL,
    options     TEXT    NOT NULL,
    multiple    BOOLEAN NOT NULL DEFAULT FALSE,
    hide_totals BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at  BIGINT  NOT NULL,
    ended_at    BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX polls_to_end ON polls (expires_at) WHERE ended_at = 0;

-- One row per account that voted in a poll (one ballot each), and one per
-- choice it made.
CREATE TABLE poll_voters (
    status_id  BIGINT NOT NULL REFERENCES polls (status_id),
    account_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (status_id, account_id)
);
CREATE TABLE poll_votes (
    status_id  BIGINT  NOT NULL REFERENCES polls (status_id),
    account_id BIGINT  NOT NULL,
    choice     INTEGER NOT NULL,
    PRIMARY KEY (status_id, account_id, choice)
);
