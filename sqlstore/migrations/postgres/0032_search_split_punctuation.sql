-- Full-text search splits text at punctuation, as the query's words are split
-- (sqlstore searchWords) and as SQLite's FTS5 index splits it: PostgreSQL's parser
-- alone keeps "masto.js", "example.com/a_b" or "3.14" as single tokens, which no
-- query word matched. Queries must use the same expression (dialect.matchText).
-- The index is rebuilt: on a large database this migration takes about as long as
-- building the index did, with writes to statuses waiting for it.
DROP INDEX statuses_text_search;
CREATE INDEX statuses_text_search ON statuses
    USING GIN (to_tsvector('simple', regexp_replace(text, '[[:punct:]]+', ' ', 'g')))
    WHERE reblog_of_id = 0;
