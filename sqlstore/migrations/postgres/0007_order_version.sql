-- Orders are read, changed and written back (acknowledged, assigned, given a
-- state): the version lets a write-back fail when someone else wrote the order
-- after it was read, instead of undoing their change.
ALTER TABLE orders ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
