package sqlstore

import (
	"context"
	"time"

	"agora"
)

// The kinds of link between the viewer and another account that Relations and
// AccountFilter read, as the first column of their one query (written there as
// the numbers these constants are).
const (
	linkFollowing = iota + 1
	linkFollowedBy
	linkRequested
	linkRequestedBy
	linkBlocking
	linkBlockedBy
	linkMuting // the last column says whether notifications are muted too
)

// link is one row of those queries: the kind, the other account, and for a mute
// whether it covers notifications.
type link struct {
	kind          int
	other         agora.ID
	notifications bool
}

func scanLink(row scanner) (link, error) {
	var l link
	err := row.Scan(&l.kind, &l.other, &l.notifications)
	return l, err
}

// Relations returns how viewer and each of others stand, keyed by the other's ID;
// every ID in others has an entry. One round trip, however many IDs are given.
//
// Relations takes no time, so Muting (and MutingNotifications) count a mute as
// active when it has no expiry or expires after the wall clock's time.Now(); the
// store reads the clock nowhere else.
func (db *relationTables) Relations(ctx context.Context, viewer agora.ID, others []agora.ID) (map[agora.ID]agora.Relation, error) {
	out := make(map[agora.ID]agora.Relation, len(others))
	if len(others) == 0 {
		return out, nil
	}
	for _, id := range others {
		out[id] = agora.Relation{}
	}
	d, list := db.d, db.d.ids(others)
	now := millis(time.Now())
	links, err := queryList(ctx, db.reader(), "select relations", scanLink, `
		SELECT 1, target_account_id, FALSE FROM follows
			WHERE account_id = ? AND `+d.in("target_account_id")+`
		UNION ALL SELECT 2, account_id, FALSE FROM follows
			WHERE target_account_id = ? AND `+d.in("account_id")+`
		UNION ALL SELECT 3, target_account_id, FALSE FROM follow_requests
			WHERE account_id = ? AND `+d.in("target_account_id")+`
		UNION ALL SELECT 4, account_id, FALSE FROM follow_requests
			WHERE target_account_id = ? AND `+d.in("account_id")+`
		UNION ALL SELECT 5, target_account_id, FALSE FROM blocks
			WHERE account_id = ? AND `+d.in("target_account_id")+`
		UNION ALL SELECT 6, account_id, FALSE FROM blocks
			WHERE target_account_id = ? AND `+d.in("account_id")+`
		UNION ALL SELECT 7, target_account_id, notifications FROM mutes
			WHERE account_id = ? AND `+d.in("target_account_id")+`
			AND (expires_at = 0 OR expires_at > ?)`,
		viewer, list, viewer, list, viewer, list, viewer, list, viewer, list, viewer, list, viewer, list, now)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		r := out[l.other]
		switch l.kind {
		case linkFollowing:
			r.Following = true
		case linkFollowedBy:
			r.FollowedBy = true
		case linkRequested:
			r.Requested = true
		case linkRequestedBy:
			r.RequestedBy = true
		case linkBlocking:
			r.Blocking = true
		case linkBlockedBy:
			r.BlockedBy = true
		case linkMuting:
			r.Muting, r.MutingNotifications = true, l.notifications
		}
		out[l.other] = r
	}
	return out, nil
}

// AccountFilter returns what the account's blocks and mutes hide: accounts it
// blocks, accounts blocking it, and accounts it mutes with mutes active at now
// (no expiry, or expiring after now), and when the first of those mutes ends.
// Every map is non-nil. One round trip.
func (db *relationTables) AccountFilter(ctx context.Context, accountID agora.ID, now time.Time) (*agora.AccountFilter, error) {
	type filterLink struct {
		link
		expires int64 // a mute's end in Unix milliseconds, 0 for none
	}
	links, err := queryList(ctx, db.reader(), "select account filter", func(row scanner) (filterLink, error) {
		var l filterLink
		err := row.Scan(&l.kind, &l.other, &l.notifications, &l.expires)
		return l, err
	}, `
		SELECT 5, target_account_id, FALSE, 0 FROM blocks WHERE account_id = ?
		UNION ALL SELECT 6, account_id, FALSE, 0 FROM blocks WHERE target_account_id = ?
		UNION ALL SELECT 7, target_account_id, notifications, expires_at FROM mutes
			WHERE account_id = ? AND (expires_at = 0 OR expires_at > ?)`,
		accountID, accountID, accountID, millis(now))
	if err != nil {
		return nil, err
	}
	f := &agora.AccountFilter{Blocking: map[agora.ID]bool{}, BlockedBy: map[agora.ID]bool{},
		Muting: map[agora.ID]bool{}, MutingNotifications: map[agora.ID]bool{}}
	for _, l := range links {
		switch l.kind {
		case linkBlocking:
			f.Blocking[l.other] = true
		case linkBlockedBy:
			f.BlockedBy[l.other] = true
		case linkMuting:
			f.Muting[l.other] = true
			if l.notifications {
				f.MutingNotifications[l.other] = true
			}
			if end := fromMillis(l.expires); !end.IsZero() && (f.Until.IsZero() || end.Before(f.Until)) {
				f.Until = end
			}
		}
	}
	return f, nil
}
