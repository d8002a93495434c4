-- OAuth 2.0 clients of the authority channel (RFC 6749 section 4.4, the client
-- credentials grant), each bound to one authority; only the SHA-256 of the
-- secret is kept. The tokens a client obtains are authority tokens that expire
-- and name their client, so that revoking the client ends them.
CREATE TABLE authority_clients (
    id           BIGINT PRIMARY KEY,
    authority_id BIGINT NOT NULL REFERENCES authorities (id),
    secret_hash  TEXT   NOT NULL,
    label        TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT NOT NULL DEFAULT 0 -- 0 while valid
);
CREATE INDEX authority_clients_authority ON authority_clients (authority_id, id);

-- client_id: 0 for a token of `agora authority token` (no foreign key, as
-- tokens.application_id); expires_at: 0 for never.
ALTER TABLE authority_tokens ADD COLUMN client_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE authority_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX authority_tokens_client ON authority_tokens (client_id) WHERE client_id <> 0;
