package legal

import (
	"context"
	"time"

	"agora"
)

// Run does the desk's timed work until ctx is done, every interval: it sends the
// owner notifications of confidential orders whose confidentiality has ended, and,
// with AutoLift, lifts the rules of emergency orders not confirmed in time.
func (d *Followup) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := d.Sweep(ctx); err != nil && ctx.Err() == nil {
			d.log.WarnContext(ctx, "legal desk sweep", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Sweep does the timed work once.
func (d *Followup) Sweep(ctx context.Context) error {
	ctx = context.WithValue(ctx, systemKey{}, true)
	if _, err := d.store.ReleaseWarnings(ctx, d.now(), func(w *agora.AccountWarning) *agora.Notification {
		return warningNotification(d.ids.New(), w)
	}); err != nil {
		return err
	}
	if !d.cfg.AutoLift {
		return nil
	}
	now := d.now()
	for offset := 0; ; offset += 200 {
		orders, err := d.store.Orders(ctx, agora.OrderQuery{Limit: 200, Offset: offset, Now: now})
		if err != nil {
			return err
		}
		for _, o := range orders {
			if o.Emergency && o.ConfirmedAt.IsZero() && o.RevokedAt.IsZero() && !o.ConfirmDeadline.IsZero() && now.After(o.ConfirmDeadline) {
				o.RevokedAt = d.clock()
				if err := d.liftOrder(ctx, nil, o, "emergency order not confirmed in time", nil); err != nil {
					// One order's failure must not stop the others; the next sweep retries.
					d.log.WarnContext(ctx, "lift unconfirmed emergency order", "order", o.ID, "err", err)
				}
			}
		}
		if len(orders) < 200 {
			break
		}
	}
	return nil
}
