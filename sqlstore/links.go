package sqlstore

import (
	"context"

	"agora"
)

// Follows, follow requests, blocks and mutes are links from one account to another:
// tables with id, account_id, target_account_id and created_at, unique on the pair.

// deleteLink deletes the row of table (follows, follow_requests, blocks, mutes)
// linking account to target. ENOTFOUND when there was none.
func deleteLink(ctx context.Context, c conn, table string, accountID, targetID agora.ID) error {
	res, err := c.exec(ctx, `DELETE FROM `+table+` WHERE account_id = ? AND target_account_id = ?`,
		accountID, targetID)
	if err != nil {
		return wrap("delete from "+table, err)
	}
	return mustAffect("delete from "+table, res)
}

// listLinks lists the rows of table (follow_requests, blocks) whose column col is
// id, newest first, paged by their ID, made into T by build.
func listLinks[T any](ctx context.Context, db *conns, table, col string, id agora.ID, p agora.Page,
	build func(id, account, target agora.ID, created int64) T) ([]T, error) {
	var w where
	w.add(col+` = ?`, id)
	order := w.page(`id`, p)
	list, err := queryList(ctx, db.reader(), "select "+table, func(row scanner) (T, error) {
		var id, account, target agora.ID
		var created int64
		if err := row.Scan(&id, &account, &target, &created); err != nil {
			var zero T
			return zero, err
		}
		return build(id, account, target, created), nil
	}, `SELECT id, account_id, target_account_id, created_at FROM `+table+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}
