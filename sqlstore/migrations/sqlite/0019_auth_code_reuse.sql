-- An authorization code is kept after its use, marked used (used_at), with the
-- token it gave (token_id), so that a second use is told from an unknown code and
-- revokes that token (revoked_at) as RFC 6749 4.1.2 asks.
ALTER TABLE auth_codes ADD COLUMN used_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE auth_codes ADD COLUMN revoked_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE auth_codes ADD COLUMN token_id BIGINT NOT NULL DEFAULT 0;
