-- PostgreSQL's full-text index now splits text at punctuation, as FTS5's unicode61
-- tokenizer here always did: nothing changes on SQLite.
SELECT 1;
