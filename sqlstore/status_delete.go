package sqlstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"agora"
)

// DeleteStatus deletes the status and, in the same transaction, the boosts of it,
// and with the status and each boost its tags, mentions, idempotency key, marks
// (favourites, bookmarks, pins), notifications about it, its edits, its poll
// with its votes and its full-text entry; its media attachments are detached
// (unattached again, their upload time now, so the sweep keeps them a day:
// the author's own delete and redraft); it decrements the counters CreateStatus incremented for each status deleted: the
// authors' statuses counts, the replies count of the status replied to and the
// boosts count of the status boosted. ENOTFOUND when there is none.
//
// On PostgreSQL the transaction locks the status boosted (when the status is a
// boost), then the status, then its boosts, before it changes anything: the order
// in which every writer touching them takes its locks (originals before boosts,
// statuses before marks, accounts in ID order), so that concurrent deletes, boosts
// and favourites cannot deadlock.
func (db *statusTables) DeleteStatus(ctx context.Context, id agora.ID) error {
	return db.inTx(ctx, func(c conn) error {
		n, _, err := deleteStatuses(ctx, c, []agora.ID{id}, true)
		if err == nil && n == 0 {
			err = notFound(nil)
		}
		return err
	})
}

// deletedStatus is what deleteStatuses reads of a status before deleting it.
type deletedStatus struct {
	id, author, parent, boosted agora.ID
}

// deleteStatuses deletes the statuses with the IDs that exist on c, as DeleteStatus
// deletes one, with a fixed number of statements however many there are (but for
// the full-text entries on SQLite, one statement each), and returns how many of
// ids it found. IDs that do not exist are skipped.
//
// With detach (the author's own delete, for delete and redraft) their media
// attachments are detached as DeleteStatus says. Without it (a removal by the
// legal desk or by an admin) the attachments are deleted with them, so that
// nobody can post them again or keep them from the sweep, and their file keys
// (originals and previews) are returned: the caller removes the files once the
// transaction has committed.
func deleteStatuses(ctx context.Context, c conn, ids []agora.ID, detach bool) (n int, keys []string, err error) {
	if len(ids) == 0 {
		return 0, nil, nil
	}
	lock := c.d.forUpdate()
	if lock != "" {
		// The statuses the boosts among ids boost, before those boosts.
		if _, err := c.exec(ctx, `SELECT id FROM statuses WHERE id IN (SELECT reblog_of_id FROM statuses
			WHERE `+c.d.in("id")+` AND reblog_of_id <> 0) ORDER BY id`+lock, c.d.ids(ids)); err != nil {
			return 0, nil, wrap("lock boosted statuses", err)
		}
	}
	found, err := queryList(ctx, c, "select statuses", func(row scanner) (deletedStatus, error) {
		var s deletedStatus
		err := row.Scan(&s.id, &s.author, &s.parent, &s.boosted)
		return s, err
	}, `SELECT id, account_id, in_reply_to_id, reblog_of_id FROM statuses WHERE `+c.d.in("id")+`
		ORDER BY reblog_of_id <> 0, id`+lock, c.d.ids(ids))
	if err != nil || len(found) == 0 {
		return 0, nil, err
	}
	gone := make(map[agora.ID]bool, len(found)) // the statuses and their boosts
	uncount := map[agora.ID]int{}               // statuses deleted per author
	var originals []agora.ID
	for _, s := range found {
		gone[s.id] = true
		uncount[s.author]++
		if s.boosted == 0 {
			originals = append(originals, s.id)
		}
	}
	if len(originals) > 0 {
		boosts, err := queryList(ctx, c, "select boosts", scanIDPair, `SELECT id, account_id FROM statuses
			WHERE `+c.d.in("reblog_of_id")+` ORDER BY id`+lock, c.d.ids(originals))
		if err != nil {
			return 0, nil, err
		}
		for _, b := range boosts {
			if !gone[b[0]] {
				gone[b[0]] = true
				uncount[b[1]]++
			}
		}
	}
	goneIDs := c.d.ids(slices.Sorted(maps.Keys(gone)))
	for _, table := range []string{"status_marks", "notifications", "status_tags",
		"status_mentions", "idempotency_keys", "status_edits", "poll_votes", "poll_voters", "polls"} {
		if _, err := c.exec(ctx, `DELETE FROM `+table+` WHERE `+c.d.in("status_id"), goneIDs); err != nil {
			return 0, nil, wrap("delete from "+table, err)
		}
	}
	if keys, err = dropMedia(ctx, c, goneIDs, detach); err != nil {
		return 0, nil, err
	}
	if stmt := c.d.unindexText(); stmt != "" {
		for _, id := range originals {
			if _, err := c.exec(ctx, stmt, id); err != nil {
				return 0, nil, wrap("unindex text", err)
			}
		}
	}
	if _, err := c.exec(ctx, `DELETE FROM statuses WHERE `+c.d.in("id"), goneIDs); err != nil {
		return 0, nil, wrap("delete statuses", err)
	}
	replies, reblogs := map[agora.ID]int{}, map[agora.ID]int{} // decrements per status kept
	for _, s := range found {
		if s.parent != 0 && !gone[s.parent] {
			replies[s.parent]++
		}
		if s.boosted != 0 && !gone[s.boosted] {
			reblogs[s.boosted]++
		}
	}
	if err := decrement(ctx, c, "statuses", "replies_count", replies); err != nil {
		return 0, nil, err
	}
	if err := decrement(ctx, c, "statuses", "reblogs_count", reblogs); err != nil {
		return 0, nil, err
	}
	if lock != "" && len(uncount) > 1 { // accounts in ID order
		if _, err := c.exec(ctx, `SELECT id FROM accounts WHERE `+c.d.in("id")+` ORDER BY id`+lock,
			c.d.ids(slices.Sorted(maps.Keys(uncount)))); err != nil {
			return 0, nil, wrap("lock authors", err)
		}
	}
	if err := decrement(ctx, c, "accounts", "statuses_count", uncount); err != nil {
		return 0, nil, err
	}
	return len(found), keys, nil
}

// dropMedia detaches the media attachments of the statuses (ids, as c.d.ids
// gives them) when detach is set, their upload time now so that the sweep
// keeps them a day; otherwise it deletes them and returns their file keys.
func dropMedia(ctx context.Context, c conn, ids any, detach bool) ([]string, error) {
	if detach {
		_, err := c.exec(ctx, `UPDATE media_attachments SET status_id = NULL, position = 0, created_at = ?
			WHERE `+c.d.in("status_id"), millis(time.Now()), ids)
		return nil, wrap("detach media", err)
	}
	pairs, err := queryList(ctx, c, "select removed media", func(row scanner) ([2]string, error) {
		var k [2]string
		err := row.Scan(&k[0], &k[1])
		return k, err
	}, `SELECT file_key, preview_key FROM media_attachments WHERE `+c.d.in("status_id")+` ORDER BY id`, ids)
	if err != nil || len(pairs) == 0 {
		return nil, err
	}
	if _, err := c.exec(ctx, `DELETE FROM media_attachments WHERE `+c.d.in("status_id"), ids); err != nil {
		return nil, wrap("delete media", err)
	}
	keys := make([]string, 0, 2*len(pairs))
	for _, k := range pairs {
		keys = append(keys, k[0], k[1])
	}
	return keys, nil
}

// decrement subtracts from the counter column of each row of table (by id) its
// number in by, stopping at 0, in one statement.
func decrement(ctx context.Context, c conn, table, column string, by map[agora.ID]int) error {
	if len(by) == 0 {
		return nil
	}
	rows := make([][]any, 0, len(by))
	for _, id := range slices.Sorted(maps.Keys(by)) {
		rows = append(rows, []any{id, by[id]})
	}
	cols := []string{"id BIGINT", "n BIGINT"}
	records, err := jsonRecords(cols, rows)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, fmt.Sprintf(`UPDATE %[1]s SET %[2]s = CASE WHEN %[2]s > v.n THEN %[2]s - v.n ELSE 0 END
		FROM %[3]s WHERE %[1]s.id = v.id`, table, column, c.d.jsonTable("v", cols...)), records)
	return wrap("decrement "+table+"."+column, err)
}

// scanIDPair reads a row of two IDs.
func scanIDPair(row scanner) ([2]agora.ID, error) {
	var p [2]agora.ID
	err := row.Scan(&p[0], &p[1])
	return p, err
}
