-- The dialogue of the authority channel: documents belong to the message they
-- came with (several per message) or to the order they came with (its annex
-- file, or a document sent with it); a message may be a notice; and the
-- Idempotency-Keys of an authority's messages.
--
-- documents.role: '' (with a message or a notice), 'annex' (the order's annex
-- file as received), 'order' (received with the order). Append-only values.
ALTER TABLE documents ADD COLUMN correspondence_id BIGINT NOT NULL DEFAULT 0; -- 0: none
ALTER TABLE documents ADD COLUMN role TEXT NOT NULL DEFAULT '';
-- A message's one document until now becomes its first.
UPDATE documents SET correspondence_id = (
    SELECT MIN(c.id) FROM correspondence c WHERE c.document_id = documents.id)
WHERE id IN (SELECT document_id FROM correspondence WHERE document_id <> 0);
CREATE INDEX documents_order_correspondence ON documents (order_id, correspondence_id);

ALTER TABLE correspondence ADD COLUMN notice_id BIGINT NOT NULL DEFAULT 0; -- 0: not a notice
CREATE INDEX correspondence_order_channel ON correspondence (order_id, channel, id);

CREATE TABLE message_submissions (
    authority_id      BIGINT NOT NULL REFERENCES authorities (id),
    idem_key          TEXT   NOT NULL,
    order_id          BIGINT NOT NULL REFERENCES orders (id),
    correspondence_id BIGINT NOT NULL REFERENCES correspondence (id),
    request_digest    TEXT   NOT NULL,
    created_at        BIGINT NOT NULL,
    PRIMARY KEY (authority_id, idem_key)
);
