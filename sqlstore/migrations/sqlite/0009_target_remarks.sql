-- The remarks of a target: the other cells of its row in the order's annex (a
-- CSV's "S.No.", "Remarks", "Reason", ...), as a JSON array of
-- {"column": ..., "value": ...} in the annex's order; '' when there are none.
ALTER TABLE targets ADD COLUMN remarks TEXT NOT NULL DEFAULT '';
