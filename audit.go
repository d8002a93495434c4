package agora

import "time"

// AuditEvent records who did what to which object, when and from where. Audit
// events are append-only: the database refuses to update or delete them.
type AuditEvent struct {
	ID ID
	// ActorID is the staff account that acted; 0 for the command line or the system.
	ActorID ID
	// ActorKind is "account", "cli", "system" or "authority". Append-only list.
	ActorKind  string
	Action     string // e.g. "rule.create", "rule.lift", "order.create"
	ObjectKind string // e.g. "rule", "order", "target"
	ObjectID   ID
	Summary    string // one line a person can read
	RequestID  string // the HTTP request ID, "" outside a request
	// ClientIP is the address of the client that sent the request, as the server
	// resolved it (behind trusted proxies, the address they forward); "" outside
	// a request.
	ClientIP string
	// Channel is where the change came from: "api", "cli", "console", "system"
	// or "authority". Append-only list.
	Channel   string
	CreatedAt time.Time
	// Announce, when set, is what the order's authority is told of this change
	// (a webhook event): the store writes it in the same transaction as the
	// event, with a delivery to each of the authority's endpoints subscribed to
	// its type, so that nothing the authority is owed is lost or sent for a
	// change that did not happen.
	Announce *WebhookEvent
}

// AuditQuery selects audit events: by object (both fields set) or all, oldest first.
type AuditQuery struct {
	ObjectKind string
	ObjectID   ID
	// AfterID continues after the event with this ID.
	AfterID ID
	Limit   int
}
