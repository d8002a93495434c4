-- Indexes for pruning (OAuthStore.PruneAuth): authorization codes by expiry, and
-- revoked tokens by when they were revoked (most tokens are never revoked, so
-- the index holds only those that are).
CREATE INDEX auth_codes_expires ON auth_codes (expires_at);
CREATE INDEX tokens_revoked ON tokens (revoked_at) WHERE revoked_at <> 0;
