-- Posting reads every follower of the author (fan-out), and rebuilding a home feed
-- every account the reader follows. With the other side of the follow in the index,
-- both are answered from the index alone instead of one table lookup per row (on
-- SQLite a popular author's 10,000 followers cost 10,000 lookups per post).
DROP INDEX follows_target_account_id_id;
CREATE INDEX follows_target_account_id_id_account_id ON follows (target_account_id, id, account_id);
DROP INDEX follows_account_id_id;
CREATE INDEX follows_account_id_id_target_account_id ON follows (account_id, id, target_account_id);
