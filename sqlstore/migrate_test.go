package sqlstore

import (
	"database/sql"
	"testing"
	"time"

	"agora"
	"agora/storetest"

	"github.com/google/go-cmp/cmp"
)

// TestMigrate_0002Backfill writes data with the schema of 0001 only, then opens the
// database, which applies 0002, and checks that what 0002 derives from existing
// rows (tag names, the per-day columns of status_tags, the full-text index) is there.
func TestMigrate_0002Backfill(t *testing.T) {
	for _, tc := range []struct {
		dialect string
		dsn     func(testing.TB) string
	}{
		{SQLite, storetest.SQLitePath},
		{Postgres, storetest.PostgresDSN},
	} {
		t.Run(tc.dialect, func(t *testing.T) {
			ctx := t.Context()
			dsn := tc.dsn(t)
			d := dialectOf(dsn)
			target := dsn
			if d.name == SQLite {
				target = sqliteDSN(dsn, false)
			}
			raw, err := sql.Open(d.driver, target)
			if err != nil {
				t.Fatal(err)
			}
			body, err := migrations.ReadFile("migrations/" + d.name + "/0001_init.sql")
			if err != nil {
				t.Fatal(err)
			}
			if err := applyMigration(ctx, raw, d, "0001_init.sql", string(body)); err != nil {
				t.Fatalf("0001: %v", err)
			}
			day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
			c := conn{raw, d, nil}
			for _, stmt := range []struct {
				query string
				args  []any
			}{
				{`INSERT INTO accounts (id, username, email, password_hash, role, created_at)
					VALUES (1, 'alice', 'a@example.org', 'x', 'user', 0), (2, 'bob', 'b@example.org', 'x', 'user', 0)`, nil},
				{`INSERT INTO statuses (id, account_id, text, content, visibility, thread_id, created_at)
					VALUES (10, 1, 'old words #go', '', 'public', 10, ?), (11, 2, 'more old words #go #rust', '', 'public', 11, ?),
					(12, 2, '', '', 'public', 12, ?)`, []any{millis(day.Add(time.Hour)), millis(day.Add(2 * time.Hour)), millis(day.Add(3 * time.Hour))}},
				{`UPDATE statuses SET reblog_of_id = 10 WHERE id = 12`, nil},
				{`INSERT INTO status_tags (status_id, tag, position) VALUES (10, 'go', 0), (11, 'go', 0), (11, 'rust', 1)`, nil},
			} {
				if _, err := c.exec(ctx, stmt.query, stmt.args...); err != nil {
					t.Fatalf("%s: %v", stmt.query, err)
				}
			}
			if err := raw.Close(); err != nil {
				t.Fatal(err)
			}

			db, err := Open(ctx, dsn)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			t.Cleanup(func() { db.Close() })
			history, err := db.TagHistory(ctx, "go", day, day.AddDate(0, 0, 1), agora.Uncounted{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]agora.TagUse{{Day: day, Uses: 2, Accounts: 2}}, history); diff != "" {
				t.Errorf("history (-want +got):\n%s", diff)
			}
			if ok, err := db.TagExists(ctx, "rust"); err != nil || !ok {
				t.Errorf("TagExists(rust) = %v, %v; want true", ok, err)
			}
			found, err := db.SearchStatuses(ctx, agora.StatusSearch{Text: "old words"})
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != 2 || found[0].ID != 11 || found[1].ID != 10 {
				t.Errorf("SearchStatuses found %d statuses, want 11 and 10", len(found))
			}
			// The backfilled index is kept in step from now on.
			if err := db.DeleteStatus(ctx, 10); err != nil {
				t.Fatal(err)
			}
			found, err = db.SearchStatuses(ctx, agora.StatusSearch{Text: "old"})
			if err != nil || len(found) != 1 || found[0].ID != 11 {
				t.Errorf("SearchStatuses after a delete: %d statuses, %v; want 11", len(found), err)
			}
		})
	}
}
