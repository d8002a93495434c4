-- An account boosts a status at most once: concurrent boosts by the same account
-- could otherwise both insert (the service checks first, but checking is not
-- enough under concurrency).
CREATE UNIQUE INDEX statuses_boost_once ON statuses (account_id, reblog_of_id) WHERE reblog_of_id <> 0;
