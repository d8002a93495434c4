-- The authority channel: bearer tokens bound to one authority (only the
-- SHA-256 of the token is kept), and the Idempotency-Keys of orders an
-- authority submitted, with the digest of the request body.
CREATE TABLE authority_tokens (
    id           INTEGER PRIMARY KEY,
    authority_id BIGINT NOT NULL REFERENCES authorities (id),
    hash         TEXT   NOT NULL UNIQUE,
    label        TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT NOT NULL DEFAULT 0 -- 0 while valid
);
CREATE INDEX authority_tokens_authority ON authority_tokens (authority_id, id);

CREATE TABLE order_submissions (
    authority_id   BIGINT NOT NULL REFERENCES authorities (id),
    idem_key       TEXT   NOT NULL,
    order_id       BIGINT NOT NULL REFERENCES orders (id),
    request_digest TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (authority_id, idem_key)
);
