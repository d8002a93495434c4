// Package visibility is agora's one visibility gate. It owns the withholding rules
// in force (an in-memory index kept in step with the database) and answers, through
// a Snapshot taken once per request for a viewer, which statuses, accounts and
// hashtags that viewer may see, with the withholding marks of what it keeps.
//
// Every surface (the Mastodon API, the legal API, and every surface added later)
// reads content only through a Snapshot; none checks rules on its own. Every change
// to the rules goes through Gate.ChangeRules, so it takes effect at once.
package visibility

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"agora"
)

// RuleSource is where the gate reads the rules in force and their changes, and
// the accounts the platform suspended or limited (limits.go).
type RuleSource interface {
	LimitSource
	ActiveRules(ctx context.Context) ([]*agora.Rule, int64, error)
	RuleVersion(ctx context.Context) (int64, error)
	RuleChanges(ctx context.Context, after int64) ([]*agora.Rule, int64, error)
}

// Reader is what the gate reads besides rules to decide who sees a status: the
// originals of boosts, follow relations, the viewer's blocks and mutes, and the
// author named in a notice. Errors are the Store's.
type Reader interface {
	Statuses(ctx context.Context, ids []agora.ID) (map[agora.ID]*agora.Status, error)
	Account(ctx context.Context, id agora.ID) (*agora.Account, error)
	Relations(ctx context.Context, viewer agora.ID, others []agora.ID) (map[agora.ID]agora.Relation, error)
	AccountFilter(ctx context.Context, accountID agora.ID, now time.Time) (*agora.AccountFilter, error)
}

// Config is what the gate needs to know about the instance.
type Config struct {
	// BaseURL is the public URL of the instance, without a trailing slash; notice
	// links point under it.
	BaseURL string
	// UnknownCountryClosed makes every rule apply to viewers whose country is
	// unknown; by default only XX rules do.
	UnknownCountryClosed bool
}

// Gate holds the rules in force. It is safe for concurrent use.
type Gate struct {
	cfg   Config
	src   RuleSource
	read  Reader
	now   func() time.Time
	log   *slog.Logger
	rules *ruleIndex
	// limits are the suspended and limited accounts (limits.go), swapped
	// whole; limitsMu orders their changes.
	limits   atomic.Pointer[accountLimits]
	limitsMu sync.Mutex
}

// New returns a gate with no rules; call Load before serving. now may be nil for
// time.Now.
func New(cfg Config, src RuleSource, read Reader, now func() time.Time, log *slog.Logger) *Gate {
	if now == nil {
		now = time.Now
	}
	g := &Gate{cfg: cfg, src: src, read: read, now: now, log: log, rules: newRuleIndex()}
	g.limits.Store(noLimits)
	return g
}

// ErrStale is the answer of every read while the rules are known to be out of
// date: the gate refuses (503) rather than serve from old rules.
var ErrStale = agora.Errorf(agora.EUNAVAILABLE, "Withholding rules are being updated; try again in a moment.")

// Load fills the rule index and the account limits from the database. Call it
// once before serving.
func (g *Gate) Load(ctx context.Context) error {
	if err := g.loadLimits(ctx); err != nil {
		return err
	}
	rules, version, err := g.src.ActiveRules(ctx)
	if err != nil {
		return fmt.Errorf("load rules: %w", err)
	}
	g.rules.mu.Lock()
	defer g.rules.mu.Unlock()
	g.rules.applyLocked(rules, version)
	g.rules.stale = false
	return nil
}

// Watch keeps the rule index in step with rule changes made by other processes
// (`agora withhold` on the same database, other nodes), checking the rule version
// every interval, and reads the account limits again every interval, until ctx
// is done.
func (g *Gate) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := g.refresh(ctx); err != nil && ctx.Err() == nil {
				g.log.WarnContext(ctx, "refresh withholding rules", "err", err)
			}
			if err := g.refreshLimits(ctx); err != nil && ctx.Err() == nil {
				g.log.WarnContext(ctx, "refresh account limits", "err", err)
			}
		}
	}
}

// refresh applies the rule changes newer than the index.
func (g *Gate) refresh(ctx context.Context) error {
	v, err := g.src.RuleVersion(ctx)
	if err != nil {
		return err
	}
	g.rules.mu.RLock()
	current, stale := g.rules.version, g.rules.stale
	g.rules.mu.RUnlock()
	if v <= current && !stale {
		return nil
	}
	g.rules.mu.Lock()
	defer g.rules.mu.Unlock()
	return g.catchUpLocked(ctx)
}

// catchUpLocked reads the changes after the index's version and applies them. On
// failure the index is marked stale: every read then answers ErrStale until it
// catches up. The caller holds the write lock.
func (g *Gate) catchUpLocked(ctx context.Context) error {
	changed, version, err := g.src.RuleChanges(ctx, g.rules.version)
	if err != nil {
		g.rules.stale = true
		return fmt.Errorf("read rule changes: %w", err)
	}
	g.rules.applyLocked(changed, version)
	g.rules.stale = false
	return nil
}

// ChangeRules runs write, which commits a rule change creating the rules created
// (and perhaps lifting others), and makes the change take effect "at once": no read
// that starts after the commit can show what it withheld. Every change to rules
// (from the command line, the legal desk or anywhere else) goes through it.
//
// Reads are not held up while the transaction runs, which for a bulk decision can
// take seconds: the created rules enter the index as pending before write starts,
// so reads withhold their content from then on; if write fails they are taken out
// again. Lifted rules stay in force until the commit is read back. Either way the
// index errs on the side of the rule for the length of the transaction. A pending
// rule names no log entry (its 451 has no log link) until the commit is read back
// with the entry's index. After write, the index catches up with the database
// under its write lock.
func (g *Gate) ChangeRules(ctx context.Context, created []*agora.Rule, write func() error) error {
	if len(created) > 0 {
		g.rules.mu.Lock()
		g.rules.pendingLocked(created)
		g.rules.mu.Unlock()
	}
	err := write()
	g.rules.mu.Lock()
	defer g.rules.mu.Unlock()
	if err != nil {
		for _, r := range created {
			g.rules.removeLocked(r.ID)
		}
		return err
	}
	// The change is committed; catching up must not fail because the caller's
	// request ended.
	return g.catchUpLocked(context.WithoutCancel(ctx))
}

// RulesOn returns the rules in force on the subject (an account, a status or a
// hashtag). It is for the legal desk, whose staff see every rule; it decides
// nothing about who sees the subject.
func (g *Gate) RulesOn(kind agora.SubjectKind, id agora.ID, hashtag string) []*agora.Rule {
	x := g.rules
	x.mu.RLock()
	defer x.mu.RUnlock()
	switch kind {
	case agora.SubjectAccount:
		return x.rulesLocked(x.byAccount[id])
	case agora.SubjectStatus:
		return x.rulesLocked(x.byStatus[id])
	case agora.SubjectHashtag:
		return x.rulesLocked(x.byTag[hashtag])
	}
	return nil
}

// newest returns the newest of the rules (not empty): the one a refusal names.
func newest(rules []*agora.Rule) *agora.Rule {
	n := rules[0]
	for _, r := range rules {
		if r.ID > n.ID {
			n = r
		}
	}
	return n
}

// noticeURL is the public notice explaining the newest of the rules. Every rule,
// from an order or not, has its page at /notices/<rule ID>.
func (g *Gate) noticeURL(rules []*agora.Rule) string { return g.NoticeURL(newest(rules).ID) }

// withheld is the EWITHHELD error (451) with the notice text message, for the
// rules hit (not empty): it links the notice of the newest of them and that
// rule's entry in the transparency log, when the rule has one (a rule not yet
// committed has none).
func (g *Gate) withheld(message string, hit []*agora.Rule) *agora.Error {
	r := newest(hit)
	e := &agora.Error{Code: agora.EWITHHELD, Message: message, Notice: g.NoticeURL(r.ID)}
	if r.Logged() {
		e.LogEntry = agora.LogEntryURL(g.cfg.BaseURL, r.LogIndex)
	}
	return e
}

// NoticeURL is the address of the public notice of the rule with the ID.
func (g *Gate) NoticeURL(ruleID agora.ID) string {
	return g.cfg.BaseURL + "/notices/" + ruleID.String()
}
