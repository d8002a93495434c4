-- An owner's appeal against a withholding, one per account warning, on the
-- warning's order target, with its own deadline. state: pending, approved,
-- rejected (append-only values). answered_by is the staff member who answered;
-- it is never shown to the owner.
CREATE TABLE appeals (
    id          BIGINT PRIMARY KEY,
    warning_id  BIGINT NOT NULL UNIQUE REFERENCES account_warnings (id),
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    order_id    BIGINT NOT NULL,
    target_id   BIGINT NOT NULL,
    text        TEXT   NOT NULL,
    state       TEXT   NOT NULL,
    deadline    BIGINT NOT NULL,
    answer      TEXT   NOT NULL DEFAULT '',
    answered_by BIGINT NOT NULL DEFAULT 0,
    answered_at BIGINT, -- NULL until answered
    created_at  BIGINT NOT NULL
);
CREATE INDEX appeals_target_id ON appeals (target_id, state);
