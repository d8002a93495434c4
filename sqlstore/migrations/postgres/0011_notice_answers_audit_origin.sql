-- When the platform answered a notice: NULL until then. An order with a notice
-- not answered past its deadline is overdue (agora.Order.Overdue).
ALTER TABLE order_notices ADD COLUMN answered_at BIGINT;
CREATE INDEX order_notices_open_deadline ON order_notices (order_id, deadline) WHERE answered_at IS NULL;

-- Where a change came from: the client address the server resolved ('' outside
-- a request) and the channel (api, cli, console, system, authority; '' for
-- events recorded before this migration). Append-only values.
ALTER TABLE audit_events ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN channel TEXT NOT NULL DEFAULT '';
