package agora

import "time"

// Webhooks of the authority channel (DESIGN section 6): an authority registers
// endpoints and is told of its orders by signed POSTs, delivered from an outbox
// in the database.

// The types of webhook events. Append-only list: authorities subscribe to them.
const (
	EventOrderReceived     = "order.received"
	EventOrderAcknowledged = "order.acknowledged"
	EventTargetEffectGiven = "target.effect_given"
	EventTargetDeclined    = "target.declined"
	EventTargetLifted      = "target.lifted"
	EventMessageCreated    = "message.created"
	EventNoticeAnswered    = "notice.answered"
)

// WebhookEventTypes lists every event type, in the order documented.
var WebhookEventTypes = []string{
	EventOrderReceived, EventOrderAcknowledged, EventTargetEffectGiven, EventTargetDeclined,
	EventTargetLifted, EventMessageCreated, EventNoticeAnswered,
}

// WebhookEndpoint is a URL an authority registered to be told of its orders.
type WebhookEndpoint struct {
	ID          ID
	AuthorityID ID
	URL         string
	// Secret signs every delivery: "whsec_" and the base64 of the key. It is
	// shown to the authority when the endpoint is registered, and kept (it is
	// needed to sign) but never shown again.
	Secret      string
	Description string
	// Events are the types the endpoint is sent; empty for every type.
	Events     []string
	CreatedAt  time.Time
	DisabledAt time.Time // zero while the endpoint is sent events
}

// Subscribed reports whether the endpoint is sent events of the type.
func (e *WebhookEndpoint) Subscribed(typ string) bool {
	if len(e.Events) == 0 {
		return true
	}
	for _, t := range e.Events {
		if t == typ {
			return true
		}
	}
	return false
}

// WebhookEvent is one thing an authority is told of its orders. Body is the
// exact JSON POSTed, fixed when the event is written so that every attempt
// sends (and signs) the same bytes.
type WebhookEvent struct {
	ID          ID
	AuthorityID ID
	OrderID     ID
	Type        string
	Body        []byte
	CreatedAt   time.Time
	// Render, when Body is nil, makes the body as the event is written, in the
	// transaction of the change, so that it holds what the store assigns there
	// (an order's number). Never stored.
	Render func() ([]byte, error)
}

// The states of a delivery.
const (
	DeliveryPending   = "pending"   // to be attempted at NextAttemptAt
	DeliveryDelivered = "delivered" // the endpoint answered 2xx
	DeliveryFailed    = "failed"    // every attempt failed; no more are made
	DeliveryCancelled = "cancelled" // the endpoint was disabled before delivery
)

// WebhookDelivery is an event's delivery to one endpoint, with its attempts:
// the delivery log both the authority and the desk read.
type WebhookDelivery struct {
	EventID       ID
	EndpointID    ID
	Type          string // the event's
	State         string
	Attempts      int
	NextAttemptAt time.Time // for pending
	DeliveredAt   time.Time
	CreatedAt     time.Time
	// Log is the attempts made, oldest first (filled by WebhookDeliveries).
	Log []*WebhookAttempt
}

// WebhookAttempt is one POST of a delivery: when, what the endpoint answered
// (Status 0 when it could not be reached), the error a person can read, and how
// long it took.
type WebhookAttempt struct {
	EventID    ID
	EndpointID ID
	N          int // 1 for the first attempt
	At         time.Time
	Status     int
	Error      string
	Duration   time.Duration
}

// WebhookDispatch is a claimed delivery with what sending it needs.
type WebhookDispatch struct {
	Delivery *WebhookDelivery
	Event    *WebhookEvent
	Endpoint *WebhookEndpoint
}

// WebhookDeliveryQuery selects an endpoint's deliveries, newest first.
type WebhookDeliveryQuery struct {
	EndpointID ID
	MaxEventID ID     // older than this event; 0 for the newest
	State      string // "" for all
	Limit      int    // 1 to 200; 0 for 40
}
