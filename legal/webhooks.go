package legal

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"agora"
	"agora/webhook"
)

// An authority's webhooks: the endpoints it registers, and the delivery log
// that it and the desk read. What is announced is in announce.go; sending is
// package webhook's dispatcher.

// MaxWebhooks bounds the enabled endpoints of one authority.
const MaxWebhooks = 10

// WebhookInput registers an endpoint.
type WebhookInput struct {
	URL         string
	Description string
	// Events are the types to send; none for every type.
	Events []string
}

// RegisterWebhook registers an endpoint of the authority, with a new secret,
// which the answer holds and nothing shows again. EUNPROCESSABLE, with
// nothing recorded, for a URL the policy refuses (Config.Webhooks), an
// unknown event type, a description over 300 characters, or more than
// MaxWebhooks enabled endpoints.
func (d *Channel) RegisterWebhook(ctx context.Context, auth *agora.Authority, in WebhookInput) (*agora.WebhookEndpoint, error) {
	if err := d.cfg.Webhooks.Check(in.URL); err != nil {
		return nil, err
	}
	if len(in.Description) > maxShortField {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: description is longer than %d characters.", maxShortField)
	}
	var events []string
	for _, typ := range in.Events {
		if !slices.Contains(agora.WebhookEventTypes, typ) {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: event type %q is unknown; use %s.",
				truncate(typ, 40), strings.Join(agora.WebhookEventTypes, ", "))
		}
		if !slices.Contains(events, typ) {
			events = append(events, typ)
		}
	}
	list, err := d.store.WebhookEndpoints(ctx, auth.ID)
	if err != nil {
		return nil, err
	}
	if enabled(list) >= MaxWebhooks {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: an authority has at most %d webhooks; delete one first.", MaxWebhooks)
	}
	e := &agora.WebhookEndpoint{ID: d.ids.New(), AuthorityID: auth.ID, URL: in.URL, Secret: webhook.NewSecret(),
		Description: in.Description, Events: events, CreatedAt: d.clock()}
	ev := d.webhookEvent(ctx, nil, auth, "webhook.create", e, "webhook "+e.ID.String()+" registered for "+e.URL)
	if err := d.store.CreateWebhookEndpoint(ctx, e, []*agora.AuditEvent{ev}); err != nil {
		return nil, err
	}
	return e, nil
}

func enabled(list []*agora.WebhookEndpoint) int {
	n := 0
	for _, e := range list {
		if e.DisabledAt.IsZero() {
			n++
		}
	}
	return n
}

// webhookEvent prepares an audit event on the authority about one of its
// endpoints, by actor, or of the authority's own doing when auth is set.
func (d *desk) webhookEvent(ctx context.Context, actor *agora.Account, auth *agora.Authority, action string, e *agora.WebhookEndpoint, summary string) *agora.AuditEvent {
	ev := d.event(ctx, actor, action, "authority", e.AuthorityID, summary)
	if auth != nil {
		ev.ActorKind, ev.ActorID = "authority", auth.ID
	}
	return ev
}

// AuthorityWebhooks lists the authority's endpoints, disabled ones included.
func (d *Channel) AuthorityWebhooks(ctx context.Context, auth *agora.Authority) ([]*agora.WebhookEndpoint, error) {
	return d.store.WebhookEndpoints(ctx, auth.ID)
}

// AuthorityWebhook returns one of the authority's endpoints: ENOTFOUND for
// another authority's, as for one that does not exist.
func (d *Channel) AuthorityWebhook(ctx context.Context, auth *agora.Authority, id agora.ID) (*agora.WebhookEndpoint, error) {
	e, err := d.store.WebhookEndpoint(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.AuthorityID != auth.ID {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return e, nil
}

// DeleteAuthorityWebhook disables one of the authority's endpoints: nothing
// more is sent to it, and what was pending is cancelled; its log stays.
// ENOTFOUND as AuthorityWebhook.
func (d *Channel) DeleteAuthorityWebhook(ctx context.Context, auth *agora.Authority, id agora.ID) error {
	e, err := d.AuthorityWebhook(ctx, auth, id)
	if err != nil {
		return err
	}
	return d.disableWebhook(ctx, nil, auth, e)
}

func (d *desk) disableWebhook(ctx context.Context, actor *agora.Account, auth *agora.Authority, e *agora.WebhookEndpoint) error {
	if !e.DisabledAt.IsZero() {
		return nil
	}
	ev := d.webhookEvent(ctx, actor, auth, "webhook.disable", e, "webhook "+e.ID.String()+" disabled")
	return d.store.DisableWebhookEndpoint(ctx, e.ID, d.clock(), []*agora.AuditEvent{ev})
}

// AuthorityDeliveries returns the delivery log of one of the authority's
// endpoints, newest first. ENOTFOUND as AuthorityWebhook.
func (d *Channel) AuthorityDeliveries(ctx context.Context, auth *agora.Authority, q agora.WebhookDeliveryQuery) ([]*agora.WebhookDelivery, error) {
	if _, err := d.AuthorityWebhook(ctx, auth, q.EndpointID); err != nil {
		return nil, err
	}
	return d.deliveries(ctx, q)
}

func (d *desk) deliveries(ctx context.Context, q agora.WebhookDeliveryQuery) ([]*agora.WebhookDelivery, error) {
	switch q.State {
	case "", agora.DeliveryPending, agora.DeliveryDelivered, agora.DeliveryFailed, agora.DeliveryCancelled:
	default:
		return nil, agora.Errorf(agora.EINVALID, "state must be pending, delivered, failed or cancelled.")
	}
	return d.store.WebhookDeliveries(ctx, q)
}

// Webhooks lists an authority's endpoints for the desk. ENOTFOUND for no such
// authority.
func (d *Channel) Webhooks(ctx context.Context, actor *agora.Account, authorityID agora.ID) ([]*agora.WebhookEndpoint, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if _, err := d.store.Authority(ctx, authorityID); err != nil {
		return nil, err
	}
	return d.store.WebhookEndpoints(ctx, authorityID)
}

// WebhookDeliveries returns an endpoint's delivery log for the desk.
func (d *Channel) WebhookDeliveries(ctx context.Context, actor *agora.Account, q agora.WebhookDeliveryQuery) ([]*agora.WebhookDelivery, error) {
	if err := d.staff(actor); err != nil {
		return nil, err
	}
	if _, err := d.store.WebhookEndpoint(ctx, q.EndpointID); err != nil {
		return nil, err
	}
	return d.deliveries(ctx, q)
}

// DisableWebhook disables an endpoint for the desk (an authority that no
// longer answers, a URL that must not be used).
func (d *Channel) DisableWebhook(ctx context.Context, actor *agora.Account, id agora.ID) error {
	if err := d.staff(actor); err != nil {
		return err
	}
	e, err := d.store.WebhookEndpoint(ctx, id)
	if err != nil {
		return err
	}
	if err := d.disableWebhook(ctx, actor, nil, e); err != nil {
		return fmt.Errorf("disable webhook: %w", err)
	}
	return nil
}
