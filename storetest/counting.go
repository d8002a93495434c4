package storetest

import (
	"context"
	"maps"
	"sync"
	"time"

	"agora"
)

// Counting is a Store that counts the calls of the reads that lists fan out
// into (one status, account or order and their batch forms, the latest posts,
// hashtags' use, decisions, appeals, relations and filters), so that a test can
// check that a page costs a fixed number of them whatever its length: no read
// per item. Every other method goes straight to the Store it wraps.
type Counting struct {
	agora.Store
	mu    sync.Mutex
	calls map[string]int
}

// NewCounting wraps s.
func NewCounting(s agora.Store) *Counting { return &Counting{Store: s, calls: map[string]int{}} }

// Calls returns the calls counted since the last Reset, by method name.
func (c *Counting) Calls() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.calls)
}

// Reset forgets the calls counted.
func (c *Counting) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.calls)
}

func (c *Counting) count(method string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[method]++
}

// Status is counted.
func (c *Counting) Status(ctx context.Context, id agora.ID) (*agora.Status, error) {
	c.count("Status")
	return c.Store.Status(ctx, id)
}

// Statuses is counted.
func (c *Counting) Statuses(ctx context.Context, ids []agora.ID) (map[agora.ID]*agora.Status, error) {
	c.count("Statuses")
	return c.Store.Statuses(ctx, ids)
}

// Account is counted.
func (c *Counting) Account(ctx context.Context, id agora.ID) (*agora.Account, error) {
	c.count("Account")
	return c.Store.Account(ctx, id)
}

// Accounts is counted.
func (c *Counting) Accounts(ctx context.Context, ids []agora.ID) (map[agora.ID]*agora.Account, error) {
	c.count("Accounts")
	return c.Store.Accounts(ctx, ids)
}

// LatestStatuses is counted.
func (c *Counting) LatestStatuses(ctx context.Context, accountIDs []agora.ID, limit int, visibilities []agora.Visibility) (map[agora.ID][]*agora.Status, error) {
	c.count("LatestStatuses")
	return c.Store.LatestStatuses(ctx, accountIDs, limit, visibilities)
}

// TagUses is counted.
func (c *Counting) TagUses(ctx context.Context, names []string, since time.Time, skip agora.Uncounted) ([]agora.TagTrend, error) {
	c.count("TagUses")
	return c.Store.TagUses(ctx, names, since, skip)
}

// TagHistory is counted.
func (c *Counting) TagHistory(ctx context.Context, name string, from, to time.Time, skip agora.Uncounted) ([]agora.TagUse, error) {
	c.count("TagHistory")
	return c.Store.TagHistory(ctx, name, from, to, skip)
}

// Order is counted.
func (c *Counting) Order(ctx context.Context, id agora.ID) (*agora.Order, error) {
	c.count("Order")
	return c.Store.Order(ctx, id)
}

// Targets is counted.
func (c *Counting) Targets(ctx context.Context, q agora.TargetQuery) ([]*agora.Target, error) {
	c.count("Targets")
	return c.Store.Targets(ctx, q)
}

// Target is counted.
func (c *Counting) Target(ctx context.Context, id agora.ID) (*agora.Target, error) {
	c.count("Target")
	return c.Store.Target(ctx, id)
}

// Decisions is counted.
func (c *Counting) Decisions(ctx context.Context, orderID, targetID agora.ID) ([]*agora.Decision, error) {
	c.count("Decisions")
	return c.Store.Decisions(ctx, orderID, targetID)
}

// SubjectDecisions is counted.
func (c *Counting) SubjectDecisions(ctx context.Context, subjects []agora.Subject, exceptOrder agora.ID) ([]*agora.SubjectDecision, error) {
	c.count("SubjectDecisions")
	return c.Store.SubjectDecisions(ctx, subjects, exceptOrder)
}

// AppealsOfTargets is counted.
func (c *Counting) AppealsOfTargets(ctx context.Context, targetIDs []agora.ID) ([]*agora.Appeal, error) {
	c.count("AppealsOfTargets")
	return c.Store.AppealsOfTargets(ctx, targetIDs)
}

// Relations is counted.
func (c *Counting) Relations(ctx context.Context, viewer agora.ID, others []agora.ID) (map[agora.ID]agora.Relation, error) {
	c.count("Relations")
	return c.Store.Relations(ctx, viewer, others)
}

// AccountFilter is counted.
func (c *Counting) AccountFilter(ctx context.Context, accountID agora.ID, now time.Time) (*agora.AccountFilter, error) {
	c.count("AccountFilter")
	return c.Store.AccountFilter(ctx, accountID, now)
}
