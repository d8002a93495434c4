// Package legal is the legal desk: authorities, orders and their targets, review
// and decisions, notices, correspondence and deadlines (DESIGN section 5). It
// decides; the store persists; every rule it creates or lifts goes through the
// visibility gate's ChangeRules, so withholding takes effect at once on every
// surface.
package legal

import (
	"context"
	"log/slog"
	"time"

	"agora"
	"agora/webhook"
)

// Rules is how the desk changes the rules in force and reads them: the visibility
// gate (visibility.Gate).
type Rules interface {
	// ChangeRules runs write, which commits a change creating the rules created,
	// so that no read starting after the commit shows what it withholds.
	ChangeRules(ctx context.Context, created []*agora.Rule, write func() error) error
	// RulesOn returns the rules in force on a subject.
	RulesOn(kind agora.SubjectKind, id agora.ID, hashtag string) []*agora.Rule
	// NoticeURL is the address of the rule's public notice.
	NoticeURL(ruleID agora.ID) string
}

// Resolver turns a subject as people write it (a handle, a URL, a status ID, a
// hashtag) into a rule's kind and subject; ENOTFOUND or EINVALID when it names
// nothing that can be withheld.
type Resolver interface {
	ResolveSubject(ctx context.Context, subject string) (agora.SubjectKind, agora.ID, string, error)
}

// Config is the legal desk's settings.
type Config struct {
	// IDs makes the IDs of what the desk writes; nil: a generator of its own.
	// A process gives all its writers one generator (app does), so that no two
	// of them make the same ID in the same millisecond: the desk and the
	// service both write notifications and audit events.
	IDs *agora.IDGenerator
	// Deadlines by country of the authority ("*" for any other): how long the
	// platform has to acknowledge and to decide an order.
	Deadlines map[string]Deadlines
	// EmergencyConfirmWithin is how long an emergency order has to be confirmed;
	// 48 hours by default (India's Blocking Rules).
	EmergencyConfirmWithin time.Duration
	// AutoLift lifts every rule of an emergency order not confirmed in time.
	AutoLift bool
	// MaxTargets bounds the targets of one order (100,000 by default).
	MaxTargets int
	// AppealWithin is how long the desk has to answer an owner's appeal; 72
	// hours by default.
	AppealWithin time.Duration
	// Webhooks is the policy on the URLs authorities register webhooks at:
	// public https only unless the operator allows private addresses.
	Webhooks webhook.Policy
	// Platform is the platform's name: the recipient of orders in what the
	// desk exports (Lumen notices). "agora" when empty.
	Platform string
	// BaseURL is the instance's public URL, "https://social.example", for
	// the addresses of accounts, posts and hashtags in exports.
	BaseURL string
	// ExportDelay is how old a decision must be before the DSA export gives
	// its statement: an exporter pages by decision ID, and a bulk decision
	// that was planned (and given its IDs) before another but committed after
	// it must not be passed over. A minute by default (DefaultConfig); zero
	// for none.
	ExportDelay time.Duration
	// BandSmallCounts gives counts from 1 to 9 in the transparency reports as
	// "< 10" only, as transparency reports have done (legal/FORMATS.md
	// section 3); exact counts otherwise.
	BandSmallCounts bool
	// ReportCacheFor is how long a transparency report, once counted, is
	// served before it is counted again; zero counts every time.
	ReportCacheFor time.Duration
	// RemoveMediaFiles removes the media files with the keys: those of the
	// attachments of statuses a removal deleted, once it has committed. nil:
	// the files stay, named by no row and served to nobody.
	RemoveMediaFiles func(ctx context.Context, keys ...string)
}

// Deadlines are the default times to acknowledge and to decide.
type Deadlines struct {
	Acknowledge time.Duration
	Decide      time.Duration
}

// DefaultConfig returns the defaults: 24 hours to acknowledge and 72 to decide
// anywhere, 3 hours for both in India (the 2026 rules), 48 hours to confirm an
// emergency order, no auto-lift, 100,000 targets, 72 hours to answer an appeal,
// decisions exported a minute after they are taken.
func DefaultConfig() Config {
	return Config{
		Deadlines: map[string]Deadlines{
			"*":  {Acknowledge: 24 * time.Hour, Decide: 72 * time.Hour},
			"IN": {Acknowledge: 3 * time.Hour, Decide: 3 * time.Hour},
		},
		EmergencyConfirmWithin: 48 * time.Hour,
		MaxTargets:             100_000,
		AppealWithin:           72 * time.Hour,
		ExportDelay:            time.Minute,
	}
}

// Metrics receives the desk's measurements.
type Metrics interface {
	// ObserveAcknowledge records the time from receipt to acknowledgement.
	ObserveAcknowledge(d time.Duration)
	// ObserveEffect records the time from receipt to the first effect given.
	ObserveEffect(d time.Duration)
}

type noMetrics struct{}

func (noMetrics) ObserveAcknowledge(time.Duration) {}
func (noMetrics) ObserveEffect(time.Duration)      {}

// Desk is the legal desk. It is safe for concurrent use.
type Desk struct {
	*desk
	*Intake
	*Review
	*Followup
	*Channel
	*Exports
	*Transparency
}

// The parts of the desk, one per stage of an order's life, over what they share.
type (
	// Intake is authorities, orders, their targets, acknowledgment, state and
	// assignment.
	Intake struct{ *desk }
	// Review is decisions on targets and the owners' appeals.
	Review struct{ *desk }
	// Followup is notices, correspondence, documents, the audit trail, staff
	// access and handovers, and the sweep of deadlines.
	Followup struct{ *desk }
	// Channel is what the desk does for an authority: its tokens, its orders
	// submitted, and the effect given to each target.
	Channel struct{ *desk }
	// Exports is what the desk publishes elsewhere: an order as a Lumen
	// notice, and its decisions as DSA statements of reasons.
	Exports struct{ *desk }
	// Transparency is what the desk publishes for everyone: the transparency
	// reports and the public notices of orders.
	Transparency struct {
		*desk
		cache reportCache
	}
)

// desk is what every part of the desk shares.
type desk struct {
	store   agora.Store
	rules   Rules
	resolve Resolver
	ids     *agora.IDGenerator
	now     func() time.Time
	log     *slog.Logger
	cfg     Config
	metrics Metrics
	// announcer makes the bodies of webhook events; nil: none are made.
	announcer Announcer
}

// New returns a desk over the store (with its caches, so that suspensions and the
// end of staff access reach them), changing rules through rules. now and metrics
// may be nil.
func New(cfg Config, store agora.Store, rules Rules, resolve Resolver, now func() time.Time, metrics Metrics, log *slog.Logger) *Desk {
	if now == nil {
		now = time.Now
	}
	if metrics == nil {
		metrics = noMetrics{}
	}
	if cfg.MaxTargets <= 0 {
		cfg.MaxTargets = DefaultConfig().MaxTargets
	}
	if cfg.EmergencyConfirmWithin <= 0 {
		cfg.EmergencyConfirmWithin = DefaultConfig().EmergencyConfirmWithin
	}
	if cfg.AppealWithin <= 0 {
		cfg.AppealWithin = DefaultConfig().AppealWithin
	}
	if cfg.Deadlines == nil {
		cfg.Deadlines = DefaultConfig().Deadlines
	}
	ids := cfg.IDs
	if ids == nil {
		ids = &agora.IDGenerator{Now: now}
	}
	c := &desk{store: store, rules: rules, resolve: resolve, ids: ids, now: now, log: log, cfg: cfg, metrics: metrics}
	return &Desk{desk: c, Intake: &Intake{c}, Review: &Review{c}, Followup: &Followup{c}, Channel: &Channel{c}, Exports: &Exports{c},
		Transparency: &Transparency{desk: c}}
}

// Now is the desk's clock: surfaces use it for what depends on the time (an
// order's overdue flag, staff access that has ended), so that they and the desk
// agree, and tests can set it through New.
func (d *desk) Now() time.Time { return d.now() }

// clock returns the current time at the store's precision.
func (d *desk) clock() time.Time { return d.now().UTC().Truncate(time.Millisecond) }

// staff checks that actor may use the legal desk: nil (the command line or the
// system) or a legal or admin account whose access has not ended. EFORBIDDEN
// otherwise.
func (d *desk) staff(actor *agora.Account) error {
	if actor == nil || actor.StaffAt(d.now()) {
		return nil
	}
	return agora.Errorf(agora.EFORBIDDEN, "The legal desk is for accounts with the legal or admin role whose access has not ended.")
}

// systemKey marks a context of the desk's own timed work (Sweep), whose changes
// the audit trail attributes to the system rather than to the command line.
type systemKey struct{}

// event prepares an audit event by actor (nil: the command line or the system).
func (d *desk) event(ctx context.Context, actor *agora.Account, action, kind string, object agora.ID, summary string) *agora.AuditEvent {
	origin := agora.OriginFrom(ctx)
	ev := &agora.AuditEvent{
		ID: d.ids.New(), ActorKind: "system", Action: action, ObjectKind: kind, ObjectID: object,
		Summary: summary, RequestID: agora.RequestIDFrom(ctx), ClientIP: origin.ClientIP, Channel: origin.Channel,
		CreatedAt: d.clock(),
	}
	cli := ev.RequestID == "" && ctx.Value(systemKey{}) == nil
	switch {
	case actor != nil:
		ev.ActorID, ev.ActorKind = actor.ID, "account"
	case cli:
		ev.ActorKind = "cli"
	}
	if ev.Channel == "" {
		switch {
		case ctx.Value(systemKey{}) != nil:
			ev.Channel = "system"
		case cli:
			ev.Channel = "cli"
		}
	}
	return ev
}
