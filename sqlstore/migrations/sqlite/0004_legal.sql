-- The legal desk: authorities, orders and their targets, decisions (append-only),
-- notices, correspondence, documents and account warnings; staff access end dates
-- and suspensions on accounts; the warning a moderation_warning notification is
-- about. Times are Unix milliseconds; in the columns added here a time that may be
-- absent is NULL when it is. Enum columns (authorities.kind, orders.state,
-- targets.kind, resolution and state, decisions.action and reason,
-- order_notices.kind, correspondence.direction, account_warnings.action) hold
-- append-only values.

ALTER TABLE accounts ADD COLUMN access_until BIGINT; -- NULL: no end
ALTER TABLE accounts ADD COLUMN suspended_at BIGINT; -- NULL: not suspended

-- No foreign key, as for status_id: CreateNotifications takes what it is given.
ALTER TABLE notifications ADD COLUMN warning_id BIGINT; -- NULL unless moderation_warning

CREATE TABLE authorities (
    id         INTEGER PRIMARY KEY,
    name       TEXT   NOT NULL,
    country    TEXT   NOT NULL, -- ISO 3166-1 alpha-2
    kind       TEXT   NOT NULL, -- ministry, court, police, regulator, other
    created_at BIGINT NOT NULL
);

-- The internal order numbers: per year (of receipt, in UTC), the last one given.
-- CreateOrder increments its year's row in its transaction, so numbers are unique
-- and have no gaps.
CREATE TABLE order_numbers (
    year INTEGER PRIMARY KEY,
    last BIGINT  NOT NULL
);

CREATE TABLE orders (
    id                   INTEGER PRIMARY KEY,
    number               TEXT    NOT NULL UNIQUE, -- 2026-000042
    authority_id         BIGINT  REFERENCES authorities (id), -- NULL when not known
    reference            TEXT    NOT NULL DEFAULT '',
    channel              TEXT    NOT NULL DEFAULT '',
    received_at          BIGINT  NOT NULL,
    legal_basis          TEXT    NOT NULL DEFAULT '',
    statement_of_reasons TEXT    NOT NULL DEFAULT '',
    territorial_scope    TEXT    NOT NULL DEFAULT '', -- country codes joined by commas
    emergency            BOOLEAN NOT NULL DEFAULT FALSE,
    confidential         BOOLEAN NOT NULL DEFAULT FALSE,
    confidential_until   BIGINT,
    deadline             BIGINT, -- to decide
    ack_deadline         BIGINT,
    confirm_deadline     BIGINT,
    redress_info         TEXT    NOT NULL DEFAULT '',
    recipient_authority  TEXT    NOT NULL DEFAULT '',
    digest               TEXT    NOT NULL DEFAULT '',
    state                TEXT    NOT NULL, -- received, acknowledged, in_review, answered, closed
    acknowledged_at      BIGINT,
    confirmed_at         BIGINT,
    revoked_at           BIGINT,
    answered_at          BIGINT,
    closed_at            BIGINT,
    first_effect_at      BIGINT,
    deficiencies         TEXT    NOT NULL DEFAULT '', -- names joined by commas
    assigned_to          BIGINT  REFERENCES accounts (id), -- NULL when unassigned
    created_by           BIGINT  NOT NULL DEFAULT 0, -- 0 for the authority channel or the command line
    created_at           BIGINT  NOT NULL
);
CREATE INDEX orders_state ON orders (state);
CREATE INDEX orders_authority_id ON orders (authority_id);
CREATE INDEX orders_assigned_to ON orders (assigned_to) WHERE assigned_to IS NOT NULL;

CREATE TABLE targets (
    id           INTEGER PRIMARY KEY,
    order_id     BIGINT  NOT NULL REFERENCES orders (id),
    position     INTEGER NOT NULL, -- 1-based, in the order named
    input        TEXT    NOT NULL, -- as given
    kind         TEXT    NOT NULL DEFAULT '', -- account, status, hashtag; '' when unresolved
    subject_id   BIGINT  NOT NULL DEFAULT 0,
    hashtag      TEXT    NOT NULL DEFAULT '',
    resolution   TEXT    NOT NULL, -- resolved, unresolved, duplicate, already_withheld
    cause        TEXT    NOT NULL DEFAULT '',
    duplicate_of BIGINT  NOT NULL DEFAULT 0,
    state        TEXT    NOT NULL, -- pending, withheld, declined, removed, lifted, escalated
    countries    TEXT    NOT NULL DEFAULT '', -- country codes joined by commas
    reason_code  TEXT    NOT NULL DEFAULT '',
    updated_at   BIGINT,
    created_at   BIGINT  NOT NULL,
    UNIQUE (order_id, position) -- the index of Targets' paging
);
-- The counts of an order's targets by resolution, read from the index alone.
CREATE INDEX targets_order_id_resolution ON targets (order_id, resolution);

-- Events on targets. Append-only: the triggers refuse every change.
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    target_id   BIGINT NOT NULL REFERENCES targets (id),
    action      TEXT   NOT NULL, -- withhold, decline, remove, lift, escalate, comment
    countries   TEXT   NOT NULL DEFAULT '', -- country codes joined by commas
    reason      TEXT   NOT NULL DEFAULT '', -- legal_demand, local_law, copyright
    reason_code TEXT   NOT NULL DEFAULT '',
    note        TEXT   NOT NULL DEFAULT '',
    actor_id    BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX decisions_order_id_target_id ON decisions (order_id, target_id);
CREATE INDEX decisions_target_id ON decisions (target_id);

CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;

-- The rules an order's decisions created (RulesOfOrder).
CREATE INDEX withholding_rules_order_id ON withholding_rules (order_id) WHERE order_id <> 0;

-- Files attached to orders, notices and messages, kept with their SHA-256. No
-- foreign key on order_id: a document may be stored before its order.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    order_id     BIGINT  NOT NULL DEFAULT 0,
    name         TEXT    NOT NULL DEFAULT '',
    content_type TEXT    NOT NULL DEFAULT '',
    size         BIGINT  NOT NULL,
    sha256       TEXT    NOT NULL, -- hex
    data         BLOB    NOT NULL,
    created_at   BIGINT  NOT NULL
);
CREATE INDEX documents_order_id ON documents (order_id);

CREATE TABLE order_notices (
    id          INTEGER PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    kind        TEXT   NOT NULL, -- non_compliance, hearing, emergency_confirmation, revocation, other
    received_at BIGINT NOT NULL,
    deadline    BIGINT,
    summary     TEXT   NOT NULL DEFAULT '',
    document_id BIGINT NOT NULL DEFAULT 0,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX order_notices_order_id ON order_notices (order_id, received_at);

CREATE TABLE correspondence (
    id          INTEGER PRIMARY KEY,
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    direction   TEXT   NOT NULL, -- in, out
    channel     TEXT   NOT NULL DEFAULT '',
    date        BIGINT NOT NULL,
    parties     TEXT   NOT NULL DEFAULT '', -- organisations, never staff names
    summary     TEXT   NOT NULL DEFAULT '',
    document_id BIGINT NOT NULL DEFAULT 0,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);
CREATE INDEX correspondence_order_id ON correspondence (order_id, date);

CREATE TABLE account_warnings (
    id           INTEGER PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts (id),
    action       TEXT   NOT NULL, -- none, delete_statuses, suspend
    text         TEXT   NOT NULL DEFAULT '',
    status_ids   TEXT   NOT NULL DEFAULT '', -- decimal IDs joined by commas
    order_id     BIGINT NOT NULL DEFAULT 0,
    target_id    BIGINT NOT NULL DEFAULT 0,
    notify_after BIGINT, -- NULL: at once
    notified_at  BIGINT, -- NULL until the notification is sent
    created_at   BIGINT NOT NULL
);
CREATE INDEX account_warnings_account_id ON account_warnings (account_id);
-- The warnings not yet notified, for ReleaseWarnings.
CREATE INDEX account_warnings_due ON account_warnings (notify_after) WHERE notified_at IS NULL;
