-- A rule given effect under a confidential order is sealed until the order may be
-- disclosed: sealed_until is that time in milliseconds, 253402300799999
-- (9999-12-31) for an order without an end date, and 0 for a rule that is not
-- sealed. While sealed, only legal staff see the rule's marks.
ALTER TABLE withholding_rules ADD COLUMN sealed_until BIGINT NOT NULL DEFAULT 0;
