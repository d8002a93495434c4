package visibility

import (
	"context"
	"fmt"

	"agora"
)

// This file holds the platform's own moderation of accounts as the gate sees
// it: which accounts are suspended or limited (silenced). It is an audience
// rule, kept apart from the withholding rules: it has no countries, notices,
// marks or log entries, and legal staff are not exempt from it. Only the
// moderators' own views (Snapshot.Moderating) read past it.
//
// What a limit does:
//   - suspended: the account and everything it wrote or boosted are left out of
//     every list, as in Mastodon, and are not found (ENOTFOUND) fetched
//     directly, for everyone but the account itself. The 404 for the account
//     is agora's choice, not Mastodon's: Mastodon answers the account itself,
//     with suspended true and its profile blanked (no display name, note,
//     fields, avatar or counts), and an empty list of its statuses. agora
//     treats a suspended account as the withholding rules treat a withheld
//     one, absent from every surface through this one gate, so that no
//     surface needs a second, blanked rendering of an account whose fields it
//     could forget to blank; the cost is that a client shows "not found"
//     rather than "suspended" (moderators see the account in the admin API);
//   - silenced: its statuses and boosts are left out of public and hashtag
//     timelines and search (mode Public) for everyone who does not follow it;
//     its profile and statuses stay reachable, as in Mastodon.

// LimitSource is where the gate reads the accounts that are suspended or
// silenced. Errors are the Store's.
type LimitSource interface {
	AccountLimits(ctx context.Context) ([]agora.AccountLimit, error)
}

// accountLimits is an immutable set of limited accounts: the gate swaps it
// whole, so a read takes it with one atomic load and no lock.
type accountLimits struct {
	suspended map[agora.ID]bool
	silenced  map[agora.ID]bool
}

// noLimits is the set before the first load.
var noLimits = &accountLimits{}

func newAccountLimits(list []agora.AccountLimit) *accountLimits {
	l := &accountLimits{suspended: map[agora.ID]bool{}, silenced: map[agora.ID]bool{}}
	for _, a := range list {
		if a.Suspended {
			l.suspended[a.AccountID] = true
		}
		if a.Silenced {
			l.silenced[a.AccountID] = true
		}
	}
	return l
}

// with returns a copy of l with lim applied on top: a limit it sets is added,
// none is taken away.
func (l *accountLimits) with(lim agora.AccountLimit) *accountLimits {
	out := &accountLimits{suspended: make(map[agora.ID]bool, len(l.suspended)+1), silenced: make(map[agora.ID]bool, len(l.silenced)+1)}
	for id := range l.suspended {
		out.suspended[id] = true
	}
	for id := range l.silenced {
		out.silenced[id] = true
	}
	if lim.Suspended {
		out.suspended[lim.AccountID] = true
	}
	if lim.Silenced {
		out.silenced[lim.AccountID] = true
	}
	return out
}

// empty reports whether no account is limited.
func (l *accountLimits) empty() bool { return len(l.suspended) == 0 && len(l.silenced) == 0 }

// loadLimits reads the limited accounts and installs them.
func (g *Gate) loadLimits(ctx context.Context) error {
	if g.src == nil {
		return nil
	}
	list, err := g.src.AccountLimits(ctx)
	if err != nil {
		return fmt.Errorf("load account limits: %w", err)
	}
	g.limits.Store(newAccountLimits(list))
	return nil
}

// refreshLimits reads the limits again, in turn with ChangeAccountLimits.
func (g *Gate) refreshLimits(ctx context.Context) error {
	g.limitsMu.Lock()
	defer g.limitsMu.Unlock()
	return g.loadLimits(ctx)
}

// ChangeAccountLimits runs write, which commits a moderation action on an
// account whose limits are to be lim, and makes it take effect at once on this
// node: a limit lim sets applies from before write starts (the gate errs on the
// side of the limit while the transaction runs), and after write the gate
// reads the limits back from the database, so a lifted limit ends at the
// commit and a failed write takes nothing away. Other nodes read the change
// within their Watch interval. It returns write's error, or the read-back's.
func (g *Gate) ChangeAccountLimits(ctx context.Context, lim agora.AccountLimit, write func() error) error {
	g.limitsMu.Lock()
	defer g.limitsMu.Unlock()
	if lim.Suspended || lim.Silenced {
		g.limits.Store(g.limits.Load().with(lim))
	}
	err := write()
	if rerr := g.loadLimits(context.WithoutCancel(ctx)); rerr != nil && err == nil {
		err = rerr
	}
	return err
}

// Suspended reports whether the account with the ID is suspended, as the gate
// knows it.
func (g *Gate) Suspended(id agora.ID) bool { return g.limits.Load().suspended[id] }

// Silenced reports whether the account with the ID is limited, as the gate
// knows it.
func (g *Gate) Silenced(id agora.ID) bool { return g.limits.Load().silenced[id] }

// Moderating returns a snapshot like s that reads past account limits, for the
// moderators' own views (the admin API): suspended and limited accounts and
// their statuses are shown to them there. Withholding rules apply as in s. For
// a viewer who may not moderate it returns s itself.
func (s *Snapshot) Moderating() *Snapshot {
	if s.viewer == nil || !s.viewer.IsModerator() {
		return s
	}
	c := *s
	c.moderating = true
	return &c
}

// AnyLimits reports whether any account limit (a suspension or a silence)
// applies to the viewer's reads: a surface that skips the gate when no rule is
// in force (a count taken in the database) must not skip it then, since a
// limited account's content is left out of lists as withheld content is.
func (s *Snapshot) AnyLimits() bool { return !s.limitsFor().empty() }

// limitsFor returns the limits that apply to the viewer's reads: none for a
// moderating snapshot.
func (s *Snapshot) limitsFor() *accountLimits {
	if s.moderating {
		return noLimits
	}
	return s.g.limits.Load()
}

// suspendedFor reports whether the suspension of the account with the ID hides
// it from the viewer: from everyone but itself.
func (s *Snapshot) suspendedFor(l *accountLimits, id agora.ID) bool {
	return l.suspended[id] && (s.viewer == nil || s.viewer.ID != id)
}

// silencedFor reports whether the limit on author hides its statuses read in
// the mode from the viewer, who follows the author or not: in mode Public,
// from everyone but the author and its followers.
func (s *Snapshot) silencedFor(l *accountLimits, author agora.ID, mode Mode, follows bool) bool {
	return mode == Public && l.silenced[author] && !follows && (s.viewer == nil || s.viewer.ID != author)
}

// needsFollowForLimit reports whether the viewer's following author decides
// whether the limit on author hides a status read in the mode.
func (s *Snapshot) needsFollowForLimit(l *accountLimits, author agora.ID, mode Mode) bool {
	return mode == Public && s.viewer != nil && s.viewer.ID != author && l.silenced[author]
}
