package wire

import (
	"time"

	"agora"
)

// WebhookInput is the body of POST /api/v1/authority/webhooks.
type WebhookInput struct {
	URL         string   `json:"url"`
	Description string   `json:"description,omitempty"`
	Events      []string `json:"events,omitempty"` // none for every type
}

// Webhook is a registered endpoint. Secret is set only in the answer to its
// registration.
type Webhook struct {
	ID          string     `json:"id"`
	URL         string     `json:"url"`
	Description string     `json:"description"`
	Events      []string   `json:"events"`
	CreatedAt   time.Time  `json:"created_at"`
	DisabledAt  *time.Time `json:"disabled_at"`
	Secret      string     `json:"secret,omitempty"`
}

// Delivery is one event's delivery to an endpoint, with every attempt: the
// delivery log, which the authority and the platform read alike.
type Delivery struct {
	EventID       string     `json:"event_id"`
	Type          string     `json:"type"`
	State         string     `json:"state"` // pending, delivered, failed, cancelled
	Attempts      []*Attempt `json:"attempts"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
	DeliveredAt   *time.Time `json:"delivered_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

// Attempt is one POST of a delivery.
type Attempt struct {
	N          int       `json:"n"`
	At         time.Time `json:"at"`
	Status     *int      `json:"status"` // null when no answer came
	Error      *string   `json:"error"`
	DurationMS int64     `json:"duration_ms"`
}

// Event is the body of every webhook POST (Standard Webhooks' type,
// timestamp and data, and the event's id, the same as the Webhook-Id header).
type Event struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      EventData `json:"data"`
}

// EventData is what the event is about: always the order (without its
// targets), and the target, message or notice as the type says.
type EventData struct {
	Order   *Order       `json:"order"`
	Target  *TargetItem  `json:"target,omitempty"`
	Message *Message     `json:"message,omitempty"`
	Notice  *EventNotice `json:"notice,omitempty"`
}

// EventNotice is the notice answered in notice.answered.
type EventNotice struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	ReceivedAt time.Time  `json:"received_at"`
	Deadline   *time.Time `json:"deadline"`
	AnsweredAt *time.Time `json:"answered_at"`
}

// WebhookOf converts an endpoint, with its secret when withSecret is set (the
// answer to its registration only).
func WebhookOf(e *agora.WebhookEndpoint, withSecret bool) *Webhook {
	out := &Webhook{ID: e.ID.String(), URL: e.URL, Description: e.Description, Events: e.Events,
		CreatedAt: e.CreatedAt.UTC(), DisabledAt: optTime(e.DisabledAt)}
	if out.Events == nil {
		out.Events = []string{}
	}
	if withSecret {
		out.Secret = e.Secret
	}
	return out
}

// DeliveryOf converts a delivery and its attempts.
func DeliveryOf(d *agora.WebhookDelivery) *Delivery {
	out := &Delivery{EventID: d.EventID.String(), Type: d.Type, State: d.State, Attempts: make([]*Attempt, len(d.Log)),
		NextAttemptAt: optTime(d.NextAttemptAt), DeliveredAt: optTime(d.DeliveredAt), CreatedAt: d.CreatedAt.UTC()}
	for i, a := range d.Log {
		w := &Attempt{N: a.N, At: a.At.UTC(), DurationMS: a.Duration.Milliseconds()}
		if a.Status != 0 {
			w.Status = &a.Status
		}
		if a.Error != "" {
			w.Error = &a.Error
		}
		out.Attempts[i] = w
	}
	return out
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
