-- A target can be assigned to a staff member (the order as a whole too, as
-- before): NULL when unassigned. Handovers move both.
ALTER TABLE targets ADD COLUMN assigned_to BIGINT REFERENCES accounts (id);
CREATE INDEX targets_assigned_to ON targets (assigned_to) WHERE assigned_to IS NOT NULL;

-- The targets naming one subject, in every order: what other orders decided on
-- it (hashtags have subject_id 0).
CREATE INDEX targets_subject ON targets (kind, subject_id, hashtag);
