package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
)

// checkFTS checks that SQLite's full-text index holds the statuses other than
// boosts, no more, and is consistent (FTS5's integrity-check), unless the test
// closed the store already.
func checkFTS(t *testing.T, db *testDB) {
	ctx := context.Background()
	_, err := db.SQL().ExecContext(ctx, `INSERT INTO statuses_fts (statuses_fts) VALUES ('integrity-check')`)
	if errors.Is(err, sql.ErrConnDone) || err != nil && strings.Contains(err.Error(), "database is closed") {
		return
	}
	if err != nil {
		t.Errorf("FTS integrity check: %v", err)
	}
	var stale, missing int
	err = db.SQL().QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM statuses_fts WHERE rowid NOT IN (SELECT id FROM statuses WHERE reblog_of_id = 0)),
		(SELECT count(*) FROM statuses WHERE reblog_of_id = 0 AND id NOT IN (SELECT rowid FROM statuses_fts))`,
	).Scan(&stale, &missing)
	if err != nil {
		t.Errorf("FTS rows: %v", err)
	} else if stale != 0 || missing != 0 {
		t.Errorf("FTS index: %d entries for no status, %d statuses not indexed", stale, missing)
	}
}
