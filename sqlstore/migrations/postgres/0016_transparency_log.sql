-- The transparency log (docs/TRANSPARENCY.md): one row per entry, written in the
-- transaction of the rule change it records, idx from 0 without gaps. entry is the
-- canonical JSON served in entry bundles. subject and order_number are the plain
-- values, private: for a committed entry (salt not NULL) they are published only
-- through its opening, once sealed_until has passed. action: withhold, lift
-- (append-only values). Append-only: the triggers refuse every change.
CREATE TABLE transparency_log (
    idx          BIGINT PRIMARY KEY,
    rule_id      BIGINT NOT NULL,
    action       TEXT   NOT NULL,
    entry        TEXT   NOT NULL,
    subject      TEXT   NOT NULL,
    order_number TEXT   NOT NULL,
    salt         BYTEA,
    sealed_until BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);
CREATE INDEX transparency_log_rule_id ON transparency_log (rule_id, idx);

-- The hashes of the log's Merkle tree (RFC 6962) at the storage indexes of
-- golang.org/x/mod/sumdb/tlog, written with the entries. Append-only.
CREATE TABLE transparency_log_hashes (
    idx  BIGINT PRIMARY KEY,
    hash BYTEA  NOT NULL
);

-- The log's size and root hash (NULL for the empty tree), and what it recorded
-- of the instance on its first start. A transaction that appends locks this one
-- row after the rule version's, so appends are serialized in commit order.
CREATE TABLE transparency_log_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    size     BIGINT  NOT NULL,
    root     BYTEA,
    base_url TEXT    NOT NULL DEFAULT '',
    verifier TEXT    NOT NULL DEFAULT ''
);
INSERT INTO transparency_log_head (id, size) VALUES (1, 0);

CREATE FUNCTION transparency_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the transparency log is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER transparency_log_no_change BEFORE UPDATE OR DELETE ON transparency_log
    FOR EACH ROW EXECUTE FUNCTION transparency_log_append_only();
CREATE TRIGGER transparency_log_no_truncate BEFORE TRUNCATE ON transparency_log
    FOR EACH STATEMENT EXECUTE FUNCTION transparency_log_append_only();
CREATE TRIGGER transparency_log_hashes_no_change BEFORE UPDATE OR DELETE ON transparency_log_hashes
    FOR EACH ROW EXECUTE FUNCTION transparency_log_append_only();
CREATE TRIGGER transparency_log_hashes_no_truncate BEFORE TRUNCATE ON transparency_log_hashes
    FOR EACH STATEMENT EXECUTE FUNCTION transparency_log_append_only();
