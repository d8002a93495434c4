-- Profiles, as Mastodon has them: the metadata fields of an account (a JSON
-- array of {"name", "value"}, as typed), private notes on other accounts,
-- endorsements (accounts featured on a profile) and featured hashtags.
ALTER TABLE accounts ADD COLUMN fields TEXT NOT NULL DEFAULT '[]';

-- A note the account keeps on the target, seen only by its writer.
CREATE TABLE account_notes (
    account_id        BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    comment           TEXT   NOT NULL,
    updated_at        BIGINT NOT NULL,
    PRIMARY KEY (account_id, target_account_id)
);

-- The accounts an account endorses (features on its profile).
CREATE TABLE account_pins (
    id                BIGINT PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at        BIGINT NOT NULL,
    UNIQUE (account_id, target_account_id)
);
CREATE INDEX account_pins_target ON account_pins (target_account_id);

-- The hashtags an account features on its profile (name in lowercase).
CREATE TABLE featured_tags (
    id         BIGINT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);
