-- A rule given effect under a confidential order is sealed until the order may be
-- disclosed: sealed_until is that time in milliseconds, 253402300799999
-- (9999-12-31) for an order without an end date, and 0 for a rule that is not
-- sealed. While sealed, only legal staff see the rule's marks.
ALTER TABLE withholding_rules ADD COLUMN sealed_until BIGINT NOT NULL DEFAULT 0;
-- The covering index of the rules in force covers the new column too.
DROP INDEX withholding_rules_active;
CREATE INDEX withholding_rules_active ON withholding_rules (id, kind, subject_id, hashtag,
    countries, reason, origin, order_id, target_id, created_by, since, lifted_at, sealed_until)
    WHERE lifted_at IS NULL;
