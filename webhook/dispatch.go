package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"agora"
)

// Store is what the dispatcher needs of the database (agora.WebhookStore).
type Store interface {
	ClaimWebhookDeliveries(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*agora.WebhookDispatch, error)
	ReleaseWebhookDeliveries(ctx context.Context, keys []*agora.WebhookDelivery) error
	RecordWebhookAttempt(ctx context.Context, d *agora.WebhookDelivery, a *agora.WebhookAttempt) error
}

// Config is the dispatcher's settings; zero fields take the defaults.
type Config struct {
	Policy Policy
	// Timeout bounds one attempt, connection included: 10 seconds.
	Timeout time.Duration
	// Backoff is the wait before each retry: before the second attempt, the
	// third, and so on; after the last, the delivery has failed.
	// DefaultBackoff by default.
	Backoff []time.Duration
	// Interval is how often the outbox is looked at: 1 second.
	Interval time.Duration
	// Workers is how many deliveries are sent at once: 4.
	Workers int
	// Batch is how many deliveries one claim takes: 32.
	Batch int
}

// DefaultBackoff retries after 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h,
// 6 h, 12 h and 24 h: eleven attempts over about two days.
var DefaultBackoff = []time.Duration{5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute,
	30 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}

// Dispatcher sends the outbox's deliveries. Several dispatchers, in one
// process or several on one database, share the work: each delivery is
// claimed by one of them at a time (a lease of twice the timeout). A delivery
// is sent at least once; it is sent twice only when a process dies between the
// POST and recording its answer, and then with the same Webhook-Id, by which
// receivers recognise it.
type Dispatcher struct {
	cfg    Config
	store  Store
	client *http.Client
	now    func() time.Time
	log    *slog.Logger
	kick   chan struct{}
}

// New returns a dispatcher over the store. now may be nil.
func New(cfg Config, store Store, now func() time.Time, log *slog.Logger) *Dispatcher {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Backoff == nil {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Second
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 32
	}
	if now == nil {
		now = time.Now
	}
	return &Dispatcher{cfg: cfg, store: store, client: cfg.Policy.Client(cfg.Timeout), now: now, log: log, kick: make(chan struct{}, 1)}
}

// Kick asks the dispatcher to look at the outbox now rather than at its next
// interval. It never blocks.
func (d *Dispatcher) Kick() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// Run sends deliveries until ctx ends. Then it takes no more, lets the
// attempts under way finish (each bounded by the timeout) and records them,
// releases what it had claimed but not begun, and returns.
func (d *Dispatcher) Run(ctx context.Context) {
	t := time.NewTicker(d.cfg.Interval)
	defer t.Stop()
	for {
		for ctx.Err() == nil {
			n, err := d.Once(ctx)
			if err != nil && ctx.Err() == nil {
				d.log.Error("webhook deliveries", "err", err)
			}
			if n < d.cfg.Batch {
				break // the outbox has no more due now
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.kick:
		}
	}
}

// Once claims one batch of due deliveries and sends them, and returns how
// many it claimed. When ctx ends meanwhile, the attempts under way finish and
// are recorded, and the rest are released.
func (d *Dispatcher) Once(ctx context.Context) (int, error) {
	now := d.now()
	batch, err := d.store.ClaimWebhookDeliveries(ctx, now, now.Add(2*d.cfg.Timeout+5*time.Second), d.cfg.Batch)
	if err != nil {
		return 0, err
	}
	work := make(chan *agora.WebhookDispatch)
	var wg sync.WaitGroup
	for range min(d.cfg.Workers, len(batch)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := range work {
				d.deliver(context.WithoutCancel(ctx), x)
			}
		}()
	}
	var unsent []*agora.WebhookDelivery
	for i, x := range batch {
		select {
		case work <- x:
			continue
		case <-ctx.Done():
		}
		for _, x := range batch[i:] {
			unsent = append(unsent, x.Delivery)
		}
		break
	}
	close(work)
	wg.Wait()
	if len(unsent) > 0 {
		if err := d.store.ReleaseWebhookDeliveries(context.WithoutCancel(ctx), unsent); err != nil {
			return len(batch), err
		}
	}
	return len(batch), nil
}

// maxError bounds the error text kept in the delivery log.
const maxError = 300

// deliver makes one attempt and records it with the delivery's next state.
func (d *Dispatcher) deliver(ctx context.Context, x *agora.WebhookDispatch) {
	start := d.now()
	a := &agora.WebhookAttempt{EventID: x.Event.ID, EndpointID: x.Endpoint.ID, N: x.Delivery.Attempts + 1, At: start}
	a.Status, a.Error = d.post(ctx, x, start)
	a.Duration = d.now().Sub(start)
	dl := x.Delivery
	dl.Attempts = a.N
	switch {
	case a.Status >= 200 && a.Status < 300:
		dl.State, dl.DeliveredAt, dl.NextAttemptAt = agora.DeliveryDelivered, d.now(), time.Time{}
	case dl.Attempts > len(d.cfg.Backoff):
		dl.State, dl.NextAttemptAt = agora.DeliveryFailed, time.Time{}
	default:
		dl.NextAttemptAt = d.now().Add(d.cfg.Backoff[dl.Attempts-1])
	}
	if err := d.store.RecordWebhookAttempt(ctx, dl, a); err != nil {
		if agora.ErrorCode(err) == agora.ENOTFOUND {
			return // the endpoint was disabled meanwhile: its deliveries are cancelled
		}
		d.log.Error("record webhook attempt", "event", x.Event.ID, "endpoint", x.Endpoint.ID, "err", err)
	}
}

// post sends the event to the endpoint, signed at the time, and returns the
// HTTP status (0 when no answer came) and, unless it is 2xx, what went wrong.
func (d *Dispatcher) post(ctx context.Context, x *agora.WebhookDispatch, at time.Time) (int, string) {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, x.Endpoint.URL, bytes.NewReader(x.Event.Body))
	if err != nil {
		return 0, truncate(err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "agora-webhooks")
	if err := SetHeaders(req.Header, x.Endpoint.Secret, x.Event.ID.String(), at, x.Event.Body); err != nil {
		return 0, truncate(err.Error())
	}
	resp, err := d.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return 0, "no answer within " + d.cfg.Timeout.String()
		}
		return 0, truncate(err.Error())
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, ""
	}
	msg := "answered " + strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode)
	if loc := resp.Header.Get("Location"); resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != "" {
		msg += " to " + loc + " (redirects are not followed)"
	}
	return resp.StatusCode, truncate(msg)
}

func truncate(s string) string {
	if len(s) > maxError {
		return s[:maxError]
	}
	return s
}
