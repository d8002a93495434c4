package sqlstore

import (
	"context"
	"maps"
	"slices"

	"agora"
)

// DeleteStatus deletes the status and, in the same transaction, the boosts of it,
// and with the status and each boost its tags, mentions, idempotency key, marks
// (favourites, bookmarks, pins), notifications about it and its full-text entry;
// it decrements the counters CreateStatus incremented for each status deleted: the
// authors' statuses counts, the replies count of the status replied to and the
// boosts count of the status boosted. ENOTFOUND when there is none.
//
// On PostgreSQL the transaction locks the status boosted (when the status is a
// boost), then the status, then its boosts, before it changes anything: the order
// in which every writer touching them takes its locks (originals before boosts,
// statuses before marks, accounts in ID order), so that concurrent deletes, boosts
// and favourites cannot deadlock.
func (db *DB) DeleteStatus(ctx context.Context, id agora.ID) error {
	return db.inTx(ctx, func(c conn) error {
		if lock := c.d.forUpdate(); lock != "" {
			var boosted agora.ID
			err := c.queryRow(ctx, `SELECT reblog_of_id FROM statuses WHERE id = ?`, id).Scan(&boosted)
			if err != nil {
				return wrap("select status", err)
			}
			if boosted != 0 {
				if _, err := c.exec(ctx, `SELECT id FROM statuses WHERE id = ?`+lock, boosted); err != nil {
					return wrap("lock boosted status", err)
				}
			}
		}
		var author, parent, boosted agora.ID
		err := c.queryRow(ctx, `SELECT account_id, in_reply_to_id, reblog_of_id FROM statuses
			WHERE id = ?`+c.d.forUpdate(), id).Scan(&author, &parent, &boosted)
		if err != nil {
			return wrap("select status", err)
		}
		gone := []agora.ID{id}                 // the status and its boosts
		uncount := map[agora.ID]int{author: 1} // statuses deleted per author
		if boosted == 0 {
			boosts, err := queryList(ctx, c, "select boosts", scanIDPair, `SELECT id, account_id FROM statuses
				WHERE reblog_of_id = ? ORDER BY id`+c.d.forUpdate(), id)
			if err != nil {
				return err
			}
			for _, b := range boosts {
				gone = append(gone, b[0])
				uncount[b[1]]++
			}
		}
		for _, table := range []string{"status_marks", "notifications", "status_tags",
			"status_mentions", "idempotency_keys"} {
			if _, err := c.exec(ctx, `DELETE FROM `+table+` WHERE `+c.d.in("status_id"), c.d.ids(gone)); err != nil {
				return wrap("delete from "+table, err)
			}
		}
		if stmt := c.d.unindexText(); stmt != "" && boosted == 0 {
			if _, err := c.exec(ctx, stmt, id); err != nil {
				return wrap("unindex text", err)
			}
		}
		if _, err := c.exec(ctx, `DELETE FROM statuses WHERE `+c.d.in("id"), c.d.ids(gone)); err != nil {
			return wrap("delete statuses", err)
		}
		if parent != 0 {
			if _, err := c.exec(ctx, `UPDATE statuses SET replies_count = replies_count - 1
				WHERE id = ? AND replies_count > 0`, parent); err != nil {
				return wrap("uncount reply", err)
			}
		}
		if boosted != 0 {
			if _, err := c.exec(ctx, `UPDATE statuses SET reblogs_count = reblogs_count - 1
				WHERE id = ? AND reblogs_count > 0`, boosted); err != nil {
				return wrap("uncount boost", err)
			}
		}
		for _, a := range slices.Sorted(maps.Keys(uncount)) { // accounts in ID order
			n := uncount[a]
			if _, err := c.exec(ctx, `UPDATE accounts SET statuses_count =
				CASE WHEN statuses_count > ? THEN statuses_count - ? ELSE 0 END
				WHERE id = ?`, n, n, a); err != nil {
				return wrap("uncount statuses", err)
			}
		}
		return nil
	})
}

// scanIDPair reads a row of two IDs.
func scanIDPair(row scanner) ([2]agora.ID, error) {
	var p [2]agora.ID
	err := row.Scan(&p[0], &p[1])
	return p, err
}
