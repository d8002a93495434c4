-- Moderators' actions on accounts (POST /api/v1/admin/accounts/:id/action):
-- when an account was limited (silenced), had its media marked sensitive, or
-- had its login disabled, in Unix milliseconds; NULL while not. Suspension
-- already has suspended_at (0004), which the legal desk's removals set too.
ALTER TABLE accounts ADD COLUMN silenced_at BIGINT;
ALTER TABLE accounts ADD COLUMN sensitized_at BIGINT;
ALTER TABLE accounts ADD COLUMN disabled_at BIGINT;
-- When an admin deleted a suspended account's data (DELETE
-- /api/v1/admin/accounts/:id): its statuses and profile are gone, the row
-- stays so that its username is never taken again; NULL while not.
ALTER TABLE accounts ADD COLUMN deleted_at BIGINT;
-- Whether the suspension (suspended_at) is the moderators' own rather than
-- only the legal desk's removal, which is enforced by its withholding rule.
ALTER TABLE accounts ADD COLUMN suspended_by_moderators BOOLEAN NOT NULL DEFAULT FALSE;
-- The accounts the gate must know (AccountLimits): few, read at start and
-- after each change.
CREATE INDEX accounts_limited ON accounts (id) WHERE suspended_by_moderators OR silenced_at IS NOT NULL;
