-- The index of each rule's withhold entry in the transparency log (0016), so that
-- the gate can name the entry in every 451 and withheld marker without reading
-- the log. Written with the rule, in its transaction; NULL for a rule without an
-- entry (made before the log existed: the log's first start gives those in force
-- their entries and sets it). Filled here for the rules logged already.
ALTER TABLE withholding_rules ADD COLUMN log_index BIGINT;
UPDATE withholding_rules SET log_index = (SELECT MIN(l.idx) FROM transparency_log l
    WHERE l.rule_id = withholding_rules.id AND l.action = 'withhold');
