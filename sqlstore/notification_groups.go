package sqlstore

import (
	"context"

	"agora"
)

// DismissNotifications deletes those of the recipient's notifications with
// the IDs and returns how many it deleted.
func (db *relationTables) DismissNotifications(ctx context.Context, accountID agora.ID, ids []agora.ID) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	res, err := db.writer().exec(ctx, `DELETE FROM notifications WHERE account_id = ? AND `+db.d.in("id"), accountID, db.d.ids(ids))
	if err != nil {
		return 0, wrap("delete notifications", err)
	}
	n, err := res.RowsAffected()
	return int(n), wrap("delete notifications", err)
}
