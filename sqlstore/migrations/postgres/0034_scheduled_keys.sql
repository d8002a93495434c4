-- The Idempotency-Key a scheduled status was made with ('' for none), so that a
-- retry finds it (ScheduledStore.ScheduledStatusByKey) instead of scheduling the
-- status twice. Filled from params for rows kept before; where an account
-- scheduled twice with one key, the first keeps it.
ALTER TABLE scheduled_statuses ADD COLUMN idempotency_key TEXT NOT NULL DEFAULT '';
UPDATE scheduled_statuses SET idempotency_key = params::jsonb ->> 'idempotency'
WHERE COALESCE(params::jsonb ->> 'idempotency', '') <> ''
  AND id = (SELECT MIN(s.id) FROM scheduled_statuses s
            WHERE s.account_id = scheduled_statuses.account_id
              AND s.params::jsonb ->> 'idempotency' = scheduled_statuses.params::jsonb ->> 'idempotency');
CREATE UNIQUE INDEX scheduled_statuses_key ON scheduled_statuses (account_id, idempotency_key)
    WHERE idempotency_key <> '';
