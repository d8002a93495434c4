package agora

import (
	"context"
	"time"
)

// WebhookStore persists the authority channel's webhooks: the endpoints, the
// outbox of events (written with the audit events that announce them, see
// AuditEvent.Announce) and the delivery log.
type WebhookStore interface {
	// CreateWebhookEndpoint inserts e with the events. ENOTFOUND when the
	// authority does not exist.
	CreateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint, events []*AuditEvent) error
	// WebhookEndpoint returns the endpoint, disabled or not.
	WebhookEndpoint(ctx context.Context, id ID) (*WebhookEndpoint, error)
	// WebhookEndpoints returns the authority's endpoints, disabled or not, oldest first.
	WebhookEndpoints(ctx context.Context, authorityID ID) ([]*WebhookEndpoint, error)
	// DisableWebhookEndpoint disables the endpoint at the given time and cancels
	// its pending deliveries, with the events. Disabling twice keeps the first
	// time. ENOTFOUND when there is no such endpoint.
	DisableWebhookEndpoint(ctx context.Context, id ID, at time.Time, events []*AuditEvent) error
	// WebhookDeliveries returns the endpoint's deliveries with their attempts.
	WebhookDeliveries(ctx context.Context, q WebhookDeliveryQuery) ([]*WebhookDelivery, error)
	// ClaimWebhookDeliveries claims up to limit pending deliveries due at now
	// and not claimed by another dispatcher, oldest event first, until
	// leaseUntil: another claim skips them meanwhile, also from another process.
	ClaimWebhookDeliveries(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*WebhookDispatch, error)
	// ReleaseWebhookDeliveries ends the claim on deliveries not attempted, so
	// that they are claimed again at once.
	ReleaseWebhookDeliveries(ctx context.Context, keys []*WebhookDelivery) error
	// RecordWebhookAttempt appends the attempt to the delivery log and writes
	// d's State, Attempts, NextAttemptAt and DeliveredAt, ending the claim.
	RecordWebhookAttempt(ctx context.Context, d *WebhookDelivery, a *WebhookAttempt) error
}
