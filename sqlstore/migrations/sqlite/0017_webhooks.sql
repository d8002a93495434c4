-- Webhooks of the authority channel. An authority's endpoints (the secret is
-- kept: it signs every delivery); the outbox of events, written in the same
-- transaction as the change each announces, with the exact body POSTed; one
-- delivery per event and subscribed endpoint; and the log of every attempt.
-- events: the subscribed types, comma-separated; '' for every type.
-- state: pending, delivered, failed, cancelled (append-only values).
-- lease_until: a dispatcher's claim on a pending delivery (0: none).
CREATE TABLE webhook_endpoints (
    id           BIGINT PRIMARY KEY,
    authority_id BIGINT NOT NULL REFERENCES authorities (id),
    url          TEXT   NOT NULL,
    secret       TEXT   NOT NULL,
    description  TEXT   NOT NULL DEFAULT '',
    events       TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    disabled_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhook_endpoints_authority ON webhook_endpoints (authority_id, id);

CREATE TABLE webhook_events (
    id           BIGINT PRIMARY KEY,
    authority_id BIGINT NOT NULL REFERENCES authorities (id),
    order_id     BIGINT NOT NULL,
    type         TEXT   NOT NULL,
    body         TEXT   NOT NULL,
    created_at   BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
    endpoint_id     BIGINT  NOT NULL REFERENCES webhook_endpoints (id),
    event_id        BIGINT  NOT NULL REFERENCES webhook_events (id),
    state           TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    lease_until     BIGINT  NOT NULL DEFAULT 0,
    delivered_at    BIGINT  NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
    endpoint_id BIGINT  NOT NULL,
    event_id    BIGINT  NOT NULL,
    n           INTEGER NOT NULL,
    at          BIGINT  NOT NULL,
    status      INTEGER NOT NULL,
    error       TEXT    NOT NULL DEFAULT '',
    duration_ms BIGINT  NOT NULL,
    PRIMARY KEY (endpoint_id, event_id, n),
    FOREIGN KEY (endpoint_id, event_id) REFERENCES webhook_deliveries (endpoint_id, event_id)
);
